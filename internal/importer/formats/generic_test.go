package formats

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// A French national table, as Excel saves "CSV (séparateur : point-virgule)": Windows-1252,
// semicolons, CRLF, multi-line cells; line 6 is blank.
const genericTestFrenchCSV = "N°;Recommandation;Pays concerné;Organe;Cote du document;Thèmes;Réponse;Session;Date;ODD;Identifiant\r\n" +
	"118.1;\"118.1 Ratifier le Protocole facultatif (Brésil);\";Slovénie;EPU;A/HRC/40/6;\"Droits de l'enfant;Torture\";Acceptée;34;15/03/2019;16.2 - Protéger les enfants;abc-1\r\n" +
	"118.2;\"118.2 Renforcer l'institution\r\nnationale (Chili);\";Slovénie;EPU;A/HRC/40/6;\"- Institutions nationales\r\n- Justice\";Prise en note;34;2019-03-15;\"16.a; 5.1\";abc-2\r\n" +
	"\r\n" +
	"49;49. Le Comité recommande à l'État partie d'adopter une stratégie.;Slovénie;Comité pour l'élimination de la discrimination à l'égard des femmes;CEDAW/C/SVN/CO/7;Femmes;;;24/11/2015;;abc-3\r\n" +
	"50;;Slovénie;EPU;A/HRC/40/6;;Acceptée;34;;;abc-4\r\n" +
	"51;51. Texte;Slovénie;EPU;A/HRC/40/6;;Peut-être;34;le 3 mars;;abc-5\r\n"

func genericTestFrench(t *testing.T) []byte {
	t.Helper()
	data, err := charmap.Windows1252.NewEncoder().String(genericTestFrenchCSV)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(data)
}

func TestGenericFrenchCSV(t *testing.T) {
	t.Parallel()
	data := genericTestFrench(t)
	headers, err := ReadCSVHeaders(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	wantHeaders := strings.Split("N°;Recommandation;Pays concerné;Organe;Cote du document;Thèmes;Réponse;Session;Date;ODD;Identifiant", ";")
	if !slices.Equal(headers, wantHeaders) {
		t.Fatalf("headers %q, want %q", headers, wantHeaders)
	}
	m := SuggestMapping(headers)
	want := Mapping{
		FieldParagraph: "N°", FieldText: "Recommandation", FieldState: "Pays concerné", FieldBody: "Organe",
		FieldDocumentSymbol: "Cote du document", FieldThemes: "Thèmes", FieldPosition: "Réponse",
		FieldSession: "Session", FieldDate: "Date", FieldSDGs: "ODD", FieldExternalID: "Identifiant",
	}
	if !maps.Equal(m, want) {
		t.Fatalf("SuggestMapping = %v, want %v", m, want)
	}
	if err := m.Validate(headers); err != nil {
		t.Fatal(err)
	}

	var c uhriCollector
	if err := ReadGenericCSV(bytes.NewReader(data), m, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.recs) != 3 {
		t.Fatalf("%d records, want 3: %+v %v", len(c.recs), c.recs, c.errs)
	}
	uhriSameRecord(t, c.recs[0], record.Record{
		Row: 2, ExternalID: "abc-1", StateName: "Slovénie", Mechanism: record.MechanismUPR, Body: "EPU",
		DocumentSymbol: "A/HRC/40/6", DocumentDate: time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC), Cycle: 3, Session: 34,
		Text: "118.1 Ratifier le Protocole facultatif (Brésil);", Type: record.TypeRecommendation,
		Position: record.PositionSupported, Themes: []string{"Droits de l'enfant", "Torture"}, SDGTargets: []string{"16.2"},
	})
	if c.recs[0].Paragraph != "118.1" {
		t.Errorf("paragraph %q", c.recs[0].Paragraph)
	}
	r := c.recs[1]
	if r.Row != 3 || r.Text != "118.2 Renforcer l'institution\nnationale (Chili);" || r.Position != record.PositionNoted ||
		!slices.Equal(r.Themes, []string{"Institutions nationales", "Justice"}) || !slices.Equal(r.SDGTargets, []string{"16.a", "5.1"}) {
		t.Errorf("second record: %+v", r)
	}
	r = c.recs[2]
	if r.Row != 5 || r.Mechanism != record.MechanismTreaty || r.Position != record.PositionNone || r.Cycle != 0 ||
		!r.DocumentDate.Equal(time.Date(2015, 11, 24, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("third record (after a multi-line row and a blank line, spreadsheet row 5): %+v", r)
	}
	uhriWantRowErrors(t, c.errsByRow(6), rowErrWant{"Recommandation", "Import.Error.Required", ""})
	uhriWantRowErrors(t, c.errsByRow(7),
		rowErrWant{"Réponse", "Import.Error.PositionUnknown", "Peut-être"},
		rowErrWant{"Date", "Import.Error.DateInvalid", "le 3 mars"})
	if len(c.errs) != 3 {
		t.Errorf("row errors %v", c.errs)
	}
}

func TestGenericValidate(t *testing.T) {
	t.Parallel()
	headers := []string{"Recommendation", "Country", "Position"}
	cases := []struct {
		m      Mapping
		id     string
		column string
	}{
		{Mapping{FieldText: "Recommendation"}, "", ""},
		{Mapping{FieldText: " recommendation ", FieldState: "COUNTRY", FieldThemes: ""}, "", ""},
		{Mapping{FieldState: "Country"}, "Import.Error.MappingTextRequired", ""},
		{Mapping{FieldText: ""}, "Import.Error.MappingTextRequired", ""},
		{Mapping{FieldText: "Recommendation", FieldPosition: "Response"}, "Import.Error.MappingInvalid", "Response"},
		{Mapping{FieldText: "Recommendation", Field("colour"): "Country"}, "Import.Error.MappingInvalid", "colour"},
	}
	for _, c := range cases {
		err := c.m.Validate(headers)
		if c.id == "" {
			if err != nil {
				t.Errorf("Validate(%v): %v", c.m, err)
			}
			continue
		}
		fe := uhriWantFormatError(t, err, c.id)
		if col, _ := fe.Data["Column"].(string); col != c.column {
			t.Errorf("Validate(%v): Column %q, want %q", c.m, col, c.column)
		}
	}
	// ReadGenericCSV validates first.
	err := ReadGenericCSV(strings.NewReader("Recommendation,Country\nx,y\n"), Mapping{FieldText: "Texte"}, (&uhriCollector{}).emit)
	uhriWantFormatError(t, err, "Import.Error.MappingInvalid")
	_, err = ReadCSVHeaders(strings.NewReader(" \n "))
	uhriWantFormatError(t, err, "Import.Error.Empty")
	if len(Fields()) != 16 {
		t.Errorf("%d fields", len(Fields()))
	}
}

func TestSuggestMapping(t *testing.T) {
	t.Parallel()
	cases := []struct {
		headers []string
		want    Mapping
	}{
		{uhriTestHeadersOHCHR, Mapping{
			FieldText: "Text", FieldState: "Countries Concerned", FieldBody: "Reccomending Body",
			FieldDocumentSymbol: "Document Symbol", FieldThemes: "Themes", FieldAffectedPersons: "Affected Persons",
			FieldSDGs: "Sdgs", FieldDate: "Document Publication Date", FieldRecommendingStates: "UPR Reccomending States",
			FieldPosition: "UPR Position", FieldType: "Type", FieldExternalID: "OHCHR Annotation Id", FieldSession: "UPR Session",
		}},
		{[]string{"Recommendation and recommending State", "Position of the State under review",
			"Human rights themes and groups of persons", "Relevant SDGs"}, Mapping{
			FieldText: "Recommendation and recommending State", FieldPosition: "Position of the State under review",
			FieldThemes: "Human rights themes and groups of persons", FieldSDGs: "Relevant SDGs",
		}},
		{[]string{"Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"}, Mapping{
			FieldText: "Recommendation", FieldPosition: "Position", FieldThemes: "Full list of themes",
		}},
		{strings.Split("To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session", ","), Mapping{
			FieldState: "To", FieldText: "Text", FieldRecommendingStates: "From", FieldPosition: "Response",
			FieldThemes: "Issue", FieldSession: "Session",
		}},
		{[]string{"Recomendación", "Estado examinado", "Órgano", "Signatura", "Temas", "Grupos afectados",
			"Posición", "Sesión", "Ciclo", "Fecha", "ODS", "Tipo", "Mecanismo", "Párrafo", "Estados recomendantes"}, Mapping{
			FieldText: "Recomendación", FieldState: "Estado examinado", FieldBody: "Órgano", FieldDocumentSymbol: "Signatura",
			FieldThemes: "Temas", FieldAffectedPersons: "Grupos afectados", FieldPosition: "Posición", FieldSession: "Sesión",
			FieldCycle: "Ciclo", FieldDate: "Fecha", FieldSDGs: "ODS", FieldType: "Tipo", FieldMechanism: "Mecanismo",
			FieldParagraph: "Párrafo", FieldRecommendingStates: "Estados recomendantes",
		}},
		{[]string{"Texte de la recommandation", "État examiné", "Personnes concernées", "Mécanisme", "Cycle de l'EPU"}, Mapping{
			FieldText: "Texte de la recommandation", FieldState: "État examiné", FieldAffectedPersons: "Personnes concernées",
			FieldMechanism: "Mécanisme", FieldCycle: "Cycle de l'EPU",
		}},
		{[]string{"", "Colour", "Recommending States"}, Mapping{FieldRecommendingStates: "Recommending States"}},
	}
	for _, c := range cases {
		if got := SuggestMapping(c.headers); !maps.Equal(got, c.want) {
			t.Errorf("SuggestMapping(%q)\n got %v\nwant %v", c.headers, got, c.want)
		}
	}
}

func TestGenericSpanishXLSX(t *testing.T) {
	t.Parallel()
	data := uhriTestWorkbook(t,
		nil, // a blank first line
		[]any{"Recomendación", "Estado examinado", "Mecanismo", "Signatura", "Temas", "Posición", "Sesión", "Fecha", "ODS", "Tipo"},
		[]any{"118.3 Garantizar el acceso a la justicia (Chile);", "Perú", "EPU", "A/HRC/37/8", "Acceso a la justicia\nMujeres",
			"Aceptada", 28, uhriSerial(2018, 3, 16), "16.3", "Recomendaciones"},
		[]any{"12. El Comité recomienda…", "Perú\nBolivia", "Órgano de tratado", "CRC/C/PER/CO/4-5", "", "", "", "2016-03-02", "", "Preocupaciones/Observaciones"},
		[]any{"", "Perú"},
		[]any{"13. Otra", "Perú", "", "", "", "", "vigésima", "", "Meta 5", ""},
	)
	headers, err := ReadXLSXHeaders(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	m := SuggestMapping(headers)
	if len(m) != 10 || m[FieldMechanism] != "Mecanismo" || m[FieldText] != "Recomendación" {
		t.Fatalf("headers %q gave mapping %v", headers, m)
	}
	var c uhriCollector
	if err := ReadGenericXLSX(bytes.NewReader(data), int64(len(data)), m, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.recs) != 3 {
		t.Fatalf("records %+v, errors %v", c.recs, c.errs)
	}
	r := c.recs[0]
	if r.Row != 3 || r.StateName != "Perú" || r.Mechanism != record.MechanismUPR || r.Session != 28 || r.Cycle != 3 ||
		r.Position != record.PositionSupported || !r.DocumentDate.Equal(time.Date(2018, 3, 16, 0, 0, 0, 0, time.UTC)) ||
		!slices.Equal(r.Themes, []string{"Acceso a la justicia", "Mujeres"}) || !slices.Equal(r.SDGTargets, []string{"16.3"}) {
		t.Errorf("first record %+v", r)
	}
	if a, b := c.recs[1], c.recs[2]; a.Row != 4 || b.Row != 4 || a.StateName != "Perú" || b.StateName != "Bolivia" ||
		a.Mechanism != record.MechanismTreaty || a.Type != record.TypeConcern {
		t.Errorf("row 4: %+v %+v", a, b)
	}
	uhriWantRowErrors(t, c.errsByRow(5), rowErrWant{"Recomendación", "Import.Error.Required", ""})
	uhriWantRowErrors(t, c.errsByRow(6),
		rowErrWant{"Sesión", "Import.Error.NumberInvalid", "vigésima"},
		rowErrWant{"ODS", "Import.Error.SDGInvalid", "Meta 5"})
}
