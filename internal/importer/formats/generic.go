package formats

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// The generic import reads any CSV or Excel table of recommendations with a column
// mapping that the NMRF sets up once and that is saved per State: which column of the
// file holds the text, the document symbol, the position, and so on.

// Field is what a column of a generic file can hold.
type Field string

// The fields a column can be mapped to.
const (
	FieldText               Field = "text"
	FieldParagraph          Field = "paragraph"
	FieldDocumentSymbol     Field = "document_symbol"
	FieldBody               Field = "body"
	FieldMechanism          Field = "mechanism"
	FieldState              Field = "state"
	FieldRecommendingStates Field = "recommending_states"
	FieldPosition           Field = "position"
	FieldThemes             Field = "themes"
	FieldAffectedPersons    Field = "affected_persons"
	FieldSDGs               Field = "sdgs"
	FieldDate               Field = "date"
	FieldSession            Field = "session"
	FieldCycle              Field = "cycle"
	FieldType               Field = "type"
	FieldExternalID         Field = "external_id"
)

// Fields lists every field, in the order a mapping form shows them.
func Fields() []Field {
	return []Field{FieldText, FieldParagraph, FieldDocumentSymbol, FieldBody, FieldMechanism,
		FieldState, FieldRecommendingStates, FieldPosition, FieldThemes, FieldAffectedPersons,
		FieldSDGs, FieldDate, FieldSession, FieldCycle, FieldType, FieldExternalID}
}

// Valid reports whether f is one of the Field constants.
func (f Field) Valid() bool {
	for _, g := range Fields() {
		if f == g {
			return true
		}
	}
	return false
}

// Mapping tells which column header holds each field; a field mapped to "" or absent
// is not in the file. Headers are compared leniently (case, spacing, punctuation,
// accents), so a mapping saved for one export still fits the next.
type Mapping map[Field]string

// Message IDs of the generic import.
const (
	genericMsgMappingInvalid = "Import.Error.MappingInvalid"
	genericMsgTextRequired   = "Import.Error.MappingTextRequired"
	genericMsgMalformedCSV   = "Import.Error.MalformedCSV"
)

// genericHeaderSearchRows: the header row is the first non-empty row among these.
const genericHeaderSearchRows = 20

// Validate checks the mapping against a file's headers: the text must be mapped, and
// every mapped header must be one of the file's. Errors are *record.FormatError:
// Import.Error.MappingTextRequired, or Import.Error.MappingInvalid with Data
// {"Column": the header not found (or the unknown field), "Field": the field}.
func (m Mapping) Validate(headers []string) error {
	if strings.TrimSpace(m[FieldText]) == "" {
		return &record.FormatError{MessageID: genericMsgTextRequired, Err: errors.New("no column is mapped to the text")}
	}
	unknown := make([]string, 0)
	for f := range m {
		if !f.Valid() {
			unknown = append(unknown, string(f))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return &record.FormatError{MessageID: genericMsgMappingInvalid,
			Data: map[string]any{"Column": unknown[0], "Field": unknown[0]}, Err: fmt.Errorf("unknown field %q", unknown[0])}
	}
	for _, f := range Fields() {
		h := m[f]
		if strings.TrimSpace(h) == "" {
			continue
		}
		if genericHeaderIndex(headers, h) < 0 {
			return &record.FormatError{MessageID: genericMsgMappingInvalid,
				Data: map[string]any{"Column": h, "Field": string(f)}, Err: fmt.Errorf("column %q is not in the file", h)}
		}
	}
	return nil
}

// genericHeaderIndex finds a header: the same text first, else the same folded form.
func genericHeaderIndex(headers []string, h string) int {
	for i, x := range headers {
		if x == h {
			return i
		}
	}
	k := uhriNormHeader(h)
	if k == "" {
		return -1
	}
	for i, x := range headers {
		if uhriNormHeader(x) == k {
			return i
		}
	}
	return -1
}

// genericSuggestions gives, per field, folded header names that mean it in English,
// French or Spanish (exact) and word stems that suggest it (contained).
var genericSuggestions = []struct {
	field Field
	exact []string
	stems []string
}{
	{FieldText, []string{"text", "texte", "texto", "recommendation", "recommendations",
		"recommendationtext", "textoftherecommendation", "recommendationandrecommendingstate",
		"recommandation", "recommandations", "textedelarecommandation", "recomendacion",
		"recomendaciones", "textodelarecomendacion"}, nil},
	{FieldExternalID, []string{"id", "uuid", "annotationid", "ohchrannotationid", "externalid",
		"identifier", "identifiant", "identificador", "reference", "ref", "referencia"},
		[]string{"annotationid", "uuid", "identifiant", "identificador", "identifier"}},
	{FieldRecommendingStates, []string{"from", "recommendingstates", "recommendingstate",
		"recommendingcountry", "recommendingcountries", "uprrecommendingstates",
		"etatsrecommandants", "etatrecommandant", "paysrecommandant", "paysrecommandants",
		"recommandepar", "estadosrecomendantes", "estadorecomendante", "paisesrecomendantes",
		"recomendadopor"},
		[]string{"recommendingstate", "recommendingcountr", "recommandant", "recomendante"}},
	{FieldDocumentSymbol, []string{"documentsymbol", "symbol", "document", "symbole",
		"symboledudocument", "cote", "cotedudocument", "simbolo", "simbolodeldocumento",
		"signatura", "documento"},
		[]string{"symbol", "symbole", "simbolo", "signatura", "cote"}},
	{FieldPosition, []string{"position", "response", "uprposition", "reponse", "posicion",
		"respuesta", "positionofthestateunderreview", "positiondeletat", "positiondeletatexamine",
		"posiciondelestado", "decision"},
		[]string{"position", "response", "reponse", "posicion", "respuesta"}},
	{FieldThemes, []string{"themes", "theme", "issue", "issues", "topics", "topic", "thematique",
		"thematiques", "temas", "tema", "humanrightsthemes", "fulllistofthemes"},
		[]string{"theme", "tema", "issue", "thematique"}},
	{FieldAffectedPersons, []string{"affectedpersons", "affectedgroups", "personsaffected",
		"groupsofpersons", "groups", "personnesconcernees", "groupesconcernes", "groupes",
		"personasafectadas", "gruposafectados", "grupos"},
		[]string{"affected", "personnes", "afectad", "group", "groupe", "grupo"}},
	{FieldBody, []string{"body", "recommendingbody", "organ", "organe", "organo", "source",
		"fuente", "organeauteur", "organismo"},
		[]string{"body", "organe", "organo", "organismo"}},
	{FieldMechanism, []string{"mechanism", "mecanisme", "mecanismo", "typeofmechanism"},
		[]string{"mechanism", "mecanisme", "mecanismo"}},
	{FieldSDGs, []string{"sdgs", "sdg", "sdgtargets", "relevantsdgs", "odd", "ods", "cibles",
		"ciblesodd", "metasods", "objectifsdedeveloppementdurable", "objetivosdedesarrollosostenible"},
		[]string{"sdg", "developpementdurable", "desarrollosostenible"}},
	{FieldState, []string{"state", "states", "country", "countries", "countriesconcerned",
		"stateunderreview", "sur", "to", "pays", "paysconcerne", "paysconcernes", "etat",
		"etatconcerne", "etatexamine", "etatsousexamen", "pais", "paises", "paisconcernido",
		"estado", "estadoexaminado", "estadoobjetodeexamen"},
		[]string{"country", "countries", "pays", "pais", "stateunderreview", "etatexamine",
			"estadoexaminado"}},
	{FieldDate, []string{"date", "documentdate", "documentpublicationdate", "publicationdate",
		"dateofpublication", "datedepublication", "datedudocument", "fecha",
		"fechadepublicacion", "fechadeldocumento"},
		[]string{"date", "fecha"}},
	{FieldSession, []string{"session", "uprsession", "sessionnumber", "sessionepu", "sesion",
		"sesionepu", "numerodesession", "periododesesiones"},
		[]string{"session", "sesion"}},
	{FieldCycle, []string{"cycle", "uprcycle", "cycleepu", "ciclo", "cicloepu"},
		[]string{"cycle", "ciclo"}},
	{FieldType, []string{"type", "types", "annotationtype", "typeofrecommendation", "tipo",
		"typederecommandation", "tipoderecomendacion", "nature", "naturaleza"}, nil},
	{FieldParagraph, []string{"paragraph", "para", "paragraphe", "parrafo", "no", "n", "number",
		"numero", "recommendationnumber", "numerodelarecommandation", "numerodelarecomendacion",
		"paragraphnumber"},
		[]string{"paragraph", "paragraphe", "parrafo"}},
}

// genericTextStems start a header that holds the recommendation's text
// ("Recommendation and recommending State", "Texte de la recommandation").
var genericTextStems = []string{"recommendation", "recommandation", "recomendacion", "texte", "texto", "text"}

// SuggestMapping guesses a mapping from header names in English, French or Spanish
// ("Recommendation", "Recommandation", "Recomendación" → text; "Position", "Response",
// "Réponse" → position; "Thèmes", "Temas" → themes …). Each field gets at most one
// header and each header at most one field: exact names first, then a header starting
// with a word for the text, then headers containing a telling stem. The person checks
// and corrects the guess before it is saved.
func SuggestMapping(headers []string) Mapping {
	m := Mapping{}
	folded := make([]string, len(headers))
	used := make([]bool, len(headers))
	for i, h := range headers {
		folded[i] = uhriNormHeader(h)
		used[i] = folded[i] == ""
	}
	take := func(f Field, match func(k string) bool) {
		if _, done := m[f]; done {
			return
		}
		for i, k := range folded {
			if !used[i] && match(k) {
				m[f], used[i] = headers[i], true
				return
			}
		}
	}
	for _, s := range genericSuggestions {
		take(s.field, func(k string) bool {
			for _, e := range s.exact {
				if k == e {
					return true
				}
			}
			return false
		})
	}
	take(FieldText, func(k string) bool {
		for _, p := range genericTextStems {
			if strings.HasPrefix(k, p) && !strings.HasPrefix(k, "recommending") {
				return true
			}
		}
		return false
	})
	for _, s := range genericSuggestions {
		take(s.field, func(k string) bool {
			for _, st := range s.stems {
				if strings.Contains(k, st) {
					return true
				}
			}
			return false
		})
	}
	take(FieldText, func(k string) bool {
		for _, p := range genericTextStems[:3] {
			if strings.Contains(k, p) {
				return true
			}
		}
		return false
	})
	return m
}

// ReadCSVHeaders returns the headers of a CSV file (its first non-empty line), in any
// of the encodings DecodeText detects, separated by commas, semicolons or tabs.
func ReadCSVHeaders(r io.Reader) ([]string, error) {
	cr, err := genericOpenCSV(r)
	if err != nil {
		return nil, err
	}
	headers, _, _, err := genericCSVHeader(cr)
	return headers, err
}

// ReadXLSXHeaders returns the headers of an Excel workbook: the first non-empty row
// of its first sheet.
func ReadXLSXHeaders(r io.ReaderAt, size int64) ([]string, error) {
	f, err := uhriOpenWorkbook(r, size)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := uhriFirstSheetRows(f)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	headers, _, err := genericXLSXHeader(rows)
	return headers, err
}

// ReadGenericCSV reads a CSV file with a column mapping (checked first with
// Validate). Row is the row number a spreadsheet shows for the line (the header row
// counts). Multi-valued cells hold one value per line or values separated by ";".
// A row gives one record per State in the state column (one record without a State
// when the column is not mapped), or its row errors. The whole file is read into memory
// by DecodeText (its default size limit applies).
//
// Errors for the whole file are *record.FormatError: DecodeText's (Import.Error.Empty,
// Import.Error.TooLarge, Import.Error.NotText …), Import.Error.MalformedCSV (Data
// {"Line"}) and Validate's. An error returned by emit is returned as is.
func ReadGenericCSV(r io.Reader, m Mapping, emit record.Emit) error {
	cr, err := genericOpenCSV(r)
	if err != nil {
		return err
	}
	headers, row, prevEnd, err := genericCSVHeader(cr)
	if err != nil {
		return err
	}
	cols, err := genericResolve(m, headers)
	if err != nil {
		return err
	}
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return genericCSVError(err)
		}
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-prevEnd-1) // blank lines are rows too in a spreadsheet
		prevEnd = genericRecordEnd(cr, cells)
		if uhriBlankRow(cells) {
			continue
		}
		if err := cols.emitRow(row, cells, emit); err != nil {
			return err
		}
	}
}

// ReadGenericXLSX reads the first sheet of an Excel workbook with a column mapping
// (checked first with Validate); Row is the spreadsheet line number. Otherwise as
// ReadGenericCSV; its errors are OpenZip's (Import.Error.NotZip, Import.Error.ZipBomb),
// Import.Error.NotXLSX, Import.Error.Empty and Validate's.
func ReadGenericXLSX(r io.ReaderAt, size int64, m Mapping, emit record.Emit) error {
	f, err := uhriOpenWorkbook(r, size)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := uhriFirstSheetRows(f)
	if err != nil {
		return err
	}
	defer rows.Close()
	headers, line, err := genericXLSXHeader(rows)
	if err != nil {
		return err
	}
	cols, err := genericResolve(m, headers)
	if err != nil {
		return err
	}
	for rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &record.FormatError{MessageID: uhriMsgNotXLSX, Data: map[string]any{"Row": line}, Err: err}
		}
		if uhriBlankRow(cells) {
			continue
		}
		if err := cols.emitRow(line, cells, emit); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return &record.FormatError{MessageID: uhriMsgNotXLSX, Err: err}
	}
	return nil
}

// genericOpenCSV decodes the text and sets up a CSV reader with the delimiter the
// header line uses.
func genericOpenCSV(r io.Reader) (*csv.Reader, error) {
	text, _, err := DecodeText(r, 0)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	head, _ := br.Peek(64 << 10)
	cr := csv.NewReader(br)
	cr.Comma = genericSniffDelimiter(head)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	return cr, nil
}

// genericSniffDelimiter picks the separator used most on the first line (outside
// quotes) among comma, semicolon (French and Spanish Excel) and tab.
func genericSniffDelimiter(head []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for i, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			if counts[','] == 0 && counts[';'] == 0 && counts['\t'] == 0 && strings.TrimSpace(string(head[:i])) == "" {
				continue // a blank first line
			}
			break
		}
		counts[c]++
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// genericCSVHeader reads up to the header (the first non-blank record) and returns it
// with its spreadsheet row number and the line it ends on.
func genericCSVHeader(cr *csv.Reader) (headers []string, row, end int, err error) {
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			return nil, 0, 0, &record.FormatError{MessageID: uhriMsgEmptyFile, Err: errors.New("no header row")}
		}
		if err != nil {
			return nil, 0, 0, genericCSVError(err)
		}
		if !uhriBlankRow(cells) {
			line, _ := cr.FieldPos(0)
			return genericTrimAll(cells), line, genericRecordEnd(cr, cells), nil
		}
	}
}

// genericCSVError reports a CSV syntax error with the line of the file it is on.
func genericCSVError(err error) error {
	line := 0
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.Line
	}
	return &record.FormatError{MessageID: genericMsgMalformedCSV, Data: map[string]any{"Line": line}, Err: err}
}

// genericRecordEnd is the line on which the record just read ends.
func genericRecordEnd(cr *csv.Reader, cells []string) int {
	if len(cells) == 0 {
		return 0
	}
	last := len(cells) - 1
	line, _ := cr.FieldPos(last)
	return line + strings.Count(cells[last], "\n")
}

// genericXLSXHeader reads up to the header (the first non-empty row among the first
// 20) and returns it with its line number.
func genericXLSXHeader(rows *excelize.Rows) ([]string, int, error) {
	line := 0
	for line < genericHeaderSearchRows && rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, 0, &record.FormatError{MessageID: uhriMsgNotXLSX, Data: map[string]any{"Row": line}, Err: err}
		}
		if !uhriBlankRow(cells) {
			return genericTrimAll(cells), line, nil
		}
	}
	return nil, 0, &record.FormatError{MessageID: uhriMsgEmptyFile, Err: errors.New("no header row")}
}

func genericTrimAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// genericColumns is a validated mapping resolved against a file's headers.
type genericColumns struct {
	index map[Field]int
	name  map[Field]string
}

func genericResolve(m Mapping, headers []string) (*genericColumns, error) {
	if err := m.Validate(headers); err != nil {
		return nil, err
	}
	c := &genericColumns{index: map[Field]int{}, name: map[Field]string{}}
	for _, f := range Fields() {
		h := m[f]
		if strings.TrimSpace(h) == "" {
			continue
		}
		i := genericHeaderIndex(headers, h)
		c.index[f], c.name[f] = i, headers[i]
	}
	return c, nil
}

// genericSplit splits a multi-valued cell on line breaks and semicolons.
func genericSplit(cell string) []string {
	return uhriSplitOn(cell, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' })
}

// emitRow checks one data row and emits its records or its row errors.
func (c *genericColumns) emitRow(row int, cells []string, emit record.Emit) error {
	get := func(f Field) string {
		if i, ok := c.index[f]; ok && i < len(cells) {
			return cells[i]
		}
		return ""
	}
	var errs []*record.RowError
	var errCols []int
	bad := func(f Field, msg, value string) {
		data := map[string]any{"Column": c.name[f]}
		if value != "" {
			data["Value"] = value
		}
		errs = append(errs, &record.RowError{Row: row, Column: c.name[f], MessageID: msg, Data: data})
		errCols = append(errCols, c.index[f])
	}
	rec := record.Record{
		Row:            row,
		Text:           uhriCleanText(get(FieldText)),
		Paragraph:      strings.TrimSpace(get(FieldParagraph)),
		DocumentSymbol: strings.TrimSpace(get(FieldDocumentSymbol)),
		Body:           strings.TrimSpace(get(FieldBody)),
		ExternalID:     strings.TrimSpace(get(FieldExternalID)),

		RecommendingStates: genericSplit(get(FieldRecommendingStates)),
		Themes:             genericSplit(get(FieldThemes)),
		AffectedPersons:    genericSplit(get(FieldAffectedPersons)),
	}
	if rec.Text == "" {
		bad(FieldText, uhriMsgRequired, "")
	}
	rec.Mechanism = uhriMechanism(get(FieldMechanism))
	if rec.Mechanism == "" {
		rec.Mechanism = uhriMechanism(rec.Body)
	}
	var value string
	if rec.Position, value = uhriPosition(genericSplit(get(FieldPosition))); value != "" {
		bad(FieldPosition, uhriMsgPositionUnk, value)
	}
	if rec.Type, value = uhriType(genericSplit(get(FieldType))); value != "" {
		bad(FieldType, uhriMsgTypeUnknown, value)
	}
	if rec.SDGTargets, value = uhriSDGTargets(genericSplit(get(FieldSDGs))); value != "" {
		bad(FieldSDGs, uhriMsgSDGInvalid, value)
	}
	var ok bool
	if rec.DocumentDate, ok = uhriParseDate(get(FieldDate)); !ok {
		bad(FieldDate, uhriMsgDateInvalid, strings.TrimSpace(get(FieldDate)))
	}
	if rec.Session, ok = uhriParseInt(get(FieldSession)); !ok {
		bad(FieldSession, uhriMsgNumberInvalid, strings.TrimSpace(get(FieldSession)))
	}
	if rec.Cycle, ok = uhriParseInt(get(FieldCycle)); !ok {
		bad(FieldCycle, uhriMsgNumberInvalid, strings.TrimSpace(get(FieldCycle)))
	}
	if rec.Cycle == 0 && (rec.Mechanism == record.MechanismUPR || rec.Mechanism == "") {
		rec.Cycle = uhriCycleFromSession(rec.Session)
	}
	if len(errs) > 1 { // list them left to right, as the columns are in the file
		order := make([]int, len(errs))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return errCols[a] - errCols[b] })
		sorted := make([]*record.RowError, len(errs))
		for i, k := range order {
			sorted[i] = errs[k]
		}
		errs = sorted
	}
	return uhriEmit(emit, rec, genericSplit(get(FieldState)), errs)
}
