package formats

import (
	"archive/zip"
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

type matrixTestResult struct {
	info MatrixInfo
	recs []record.Record
	errs []*record.RowError
}

func matrixTestRead(t testing.TB, data []byte) (matrixTestResult, error) {
	t.Helper()
	var res matrixTestResult
	info, err := ReadMatrix(bytes.NewReader(data), int64(len(data)), func(rec record.Record, re *record.RowError) error {
		if re != nil {
			res.errs = append(res.errs, re)
		} else {
			res.recs = append(res.recs, rec)
		}
		return nil
	})
	res.info = info
	return res, err
}

func TestReadMatrixRealFiles(t *testing.T) {
	cases := []struct {
		file                   string
		total, supported, note int
		info                   MatrixInfo
		first                  record.Record
	}{
		{"slovenia-upr20-cycle2.docx", 163, 142, 21,
			MatrixInfo{StateName: "Slovenia", Cycle: 2, Session: 20, DocumentSymbol: "A/HRC/28/15", Recommendations: 163},
			record.Record{Row: 3, StateName: "Slovenia", Mechanism: "upr", Body: "UPR", DocumentSymbol: "A/HRC/28/15", Cycle: 2, Session: 20,
				Text:     "115.1 Take further steps for the ratification of several international treaties in the field of human rights that were signed by Slovenia since the first UPR cycle (Croatia);",
				Type:     "recommendation",
				Position: "supported", PositionSource: "A/HRC/28/15/Add.1 - Para. 3",
				Themes: []string{"A12 Acceptance of international norms"}, AffectedPersons: []string{"general"}}},
		{"slovenia-upr34-cycle3.docx", 215, 182, 33,
			MatrixInfo{StateName: "Slovenia", Cycle: 3, Session: 34, DocumentSymbol: "A/HRC/43/15", Recommendations: 215},
			record.Record{Row: 3, StateName: "Slovenia", Mechanism: "upr", Body: "UPR", DocumentSymbol: "A/HRC/43/15", Cycle: 3, Session: 34,
				Text:     "121.1 Ratify the International Convention for the Protection of All Persons from Enforced Disappearance (France) (Lithuania);",
				Type:     "recommendation",
				Position: "supported", PositionSource: "A/HRC/43/15 - Para 121",
				Themes:          []string{"Acceptance of international norms", "Enforced disappearances"},
				AffectedPersons: []string{"Disappeared persons"}, SDGTargets: []string{"16"}}},
		{"slovenia-upr48-cycle4.docx", 254, 217, 37,
			MatrixInfo{StateName: "Slovenia", Cycle: 4, Session: 48, DocumentSymbol: "A/HRC/59/15", Recommendations: 254},
			record.Record{Row: 3, StateName: "Slovenia", Mechanism: "upr", Body: "UPR", DocumentSymbol: "A/HRC/59/15", Cycle: 4, Session: 48,
				Text:     "140.7 Ratify the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights (Maldives) (Portugal);",
				Type:     "recommendation",
				Position: "supported", PositionSource: "A/HRC/59/15/Add.1 - Para.3",
				Themes:          []string{"Ratification of & accession to international instruments", "Economic, social & cultural rights - general measures of implementation"},
				AffectedPersons: []string{"Public officials"}, SDGTargets: []string{"1", "2", "3", "4", "5", "6", "7", "8"}}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(shareddata.Path(t, "ohchr-matrices", c.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := matrixTestRead(t, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.errs) > 0 {
				t.Fatalf("%d row errors, first %v", len(res.errs), res.errs[0])
			}
			var sup, noted, noTheme, noSDG, noSource int
			for _, r := range res.recs {
				switch r.Position {
				case record.PositionSupported:
					sup++
				case record.PositionNoted:
					noted++
				default:
					t.Errorf("row %d: position %q", r.Row, r.Position)
				}
				if r.Text == "" || !matrixStartsWithNumber(r.Text) {
					t.Errorf("row %d: text %q", r.Row, r.Text)
				}
				if len(r.Themes) == 0 {
					noTheme++
					t.Logf("row %d has no theme: %.60s", r.Row, r.Text)
				}
				if len(r.SDGTargets) == 0 {
					noSDG++
				}
				if r.PositionSource == "" {
					noSource++
				}
			}
			t.Logf("%d recommendations: %d supported, %d noted; %d without theme, %d without SDG, %d without source",
				len(res.recs), sup, noted, noTheme, noSDG, noSource)
			if len(res.recs) != c.total || sup != c.supported || noted != c.note {
				t.Errorf("%d recommendations (%d supported, %d noted), want %d (%d, %d)",
					len(res.recs), sup, noted, c.total, c.supported, c.note)
			}
			if noTheme > 0 {
				t.Errorf("%d recommendations without a theme", noTheme)
			}
			if res.info != c.info {
				t.Errorf("info %+v, want %+v", res.info, c.info)
			}
			if len(res.recs) > 0 && !reflect.DeepEqual(res.recs[0], c.first) {
				t.Errorf("first record\n got %#v\nwant %#v", res.recs[0], c.first)
			}
		})
	}
}

// matrixTestDocx builds a .docx holding the given document.xml body (and optional
// extra parts).
func matrixTestDocx(t testing.TB, body string, extra map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	if body != "" {
		parts["word/document.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
			`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`
	}
	for k, v := range extra {
		parts[k] = v
	}
	for name, content := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// matrixTestP is a paragraph; "\n" in s becomes a line break.
func matrixTestP(s string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:r>")
	for i, l := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">` + l + `</w:t>`)
	}
	b.WriteString("</w:r></w:p>")
	return b.String()
}

// matrixTestRow is a table row; each cell is a list of paragraphs.
func matrixTestRow(cells ...[]string) string {
	var b strings.Builder
	b.WriteString("<w:tr>")
	for _, c := range cells {
		b.WriteString("<w:tc>")
		for _, p := range c {
			b.WriteString(matrixTestP(p))
		}
		b.WriteString("</w:tc>")
	}
	b.WriteString("</w:tr>")
	return b.String()
}

func matrixTestSection(title string, span int) string {
	return `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="` + string(rune('0'+span)) + `"/></w:tcPr>` + matrixTestP(title) + `</w:tc></w:tr>`
}

func TestReadMatrixSynthetic(t *testing.T) {
	header := `<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		matrixTestP("UPR of Guinea-Bissau (4th Cycle – 43rd session)") + matrixTestP("Thematic list of recommendations") + `</w:hdr>`
	body := matrixTestP("Some introduction") + `<w:tbl>` +
		matrixTestRow([]string{"Recommendation and recommending State"}, []string{"Position of the State under review"},
			[]string{"Human rights themes and groups of persons"}, []string{"Relevant SDGs"}) +
		matrixTestSection("Theme: Right to education", 4) +
		matrixTestRow([]string{"100.1 Ensure access to education", "for all children (Brazil) (Chile);", "Source of position: A/HRC/53/12/Add.1 - Para. 5"},
			[]string{"Supported"},
			[]string{"- Right to education\n- Children: definition", "Groups of persons:", "- children", "- girls"},
			[]string{"- 4.1 - By 2030, ensure that all girls and boys complete free primary education", "- 4.a - Build facilities", "Goal 5", "16.2, 16.3", "- 4.1 again"}) +
		// a vertically merged theme cell continues the one above
		`<w:tr><w:tc>` + matrixTestP("100.2 Adopt a plan (Peru);") + `</w:tc><w:tc>` + matrixTestP("Noted") +
		`</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>` + matrixTestP("SDG 16.10") + `</w:tc></w:tr>` +
		// a note row without number or position: skipped
		matrixTestRow([]string{"Note: positions as of 2023"}, nil, nil, nil) +
		matrixTestRow([]string{"100.3 Consider this (Spain);"}, []string{"Supported/Noted"}, []string{"Education"}, nil) +
		matrixTestRow([]string{"100.4 Do that (France);"}, []string{"Pending review"}, []string{"Education"}, nil) +
		matrixTestRow(nil, []string{"Supported"}, []string{"Education"}, nil) +
		`<w:tr><w:tc>` + `<w:p><w:r><w:t>100.5 Hidden</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> secret</w:t></w:r>` +
		`<w:del><w:r><w:delText> deleted</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>` +
		`<w:r><w:tab/><w:t>(Togo);</w:t></w:r></w:p>` + `</w:tc><w:tc>` + matrixTestP("Partially supported") + `</w:tc><w:tc>` + matrixTestP("Education") + `</w:tc><w:tc/></w:tr>` +
		// short, mentions recommendations, cites its source in the position cell: not a header
		matrixTestRow([]string{"100.6 Implement the recommendations (Peru);"}, []string{"Supported", "Source of position: A/HRC/53/12/Add.1"},
			[]string{"Education"}, nil) +
		`</w:tbl>`
	res, err := matrixTestRead(t, matrixTestDocx(t, body, map[string]string{"word/header1.xml": header}))
	if err != nil {
		t.Fatal(err)
	}
	wantInfo := MatrixInfo{StateName: "Guinea-Bissau", Cycle: 4, Session: 43, DocumentSymbol: "A/HRC/53/12", Recommendations: 5}
	if res.info != wantInfo {
		t.Errorf("info %+v, want %+v", res.info, wantInfo)
	}
	base := record.Record{StateName: "Guinea-Bissau", Mechanism: "upr", Body: "UPR", Cycle: 4, Session: 43,
		DocumentSymbol: "A/HRC/53/12", Type: "recommendation"}
	want := []record.Record{base, base, base, base, base}
	want[0].Row, want[0].Text, want[0].Position = 3, "100.1 Ensure access to education for all children (Brazil) (Chile);", "supported"
	want[0].PositionSource = "A/HRC/53/12/Add.1 - Para. 5"
	want[0].Themes = []string{"Right to education", "Children: definition"}
	want[0].AffectedPersons = []string{"children", "girls"}
	want[0].SDGTargets = []string{"4.1", "4.a", "5", "16.2", "16.3"}
	want[1].Row, want[1].Text, want[1].Position = 4, "100.2 Adopt a plan (Peru);", "noted"
	want[1].Themes, want[1].AffectedPersons, want[1].SDGTargets = want[0].Themes, want[0].AffectedPersons, []string{"16.10"}
	want[2].Row, want[2].Text, want[2].Position, want[2].Themes = 6, "100.3 Consider this (Spain);", "partially_supported", []string{"Education"}
	want[3].Row, want[3].Text, want[3].Position, want[3].Themes = 9, "100.5 Hidden inserted (Togo);", "partially_supported", []string{"Education"}
	want[4].Row, want[4].Text, want[4].Position, want[4].Themes = 10, "100.6 Implement the recommendations (Peru);", "supported", []string{"Education"}
	want[4].PositionSource = "A/HRC/53/12/Add.1"
	if !reflect.DeepEqual(res.recs, want) {
		t.Errorf("records\n got %#v\nwant %#v", res.recs, want)
	}
	wantErrs := []record.RowError{
		{Row: 7, Column: "Position of the State under review", MessageID: "Import.Error.PositionUnknown", Data: map[string]any{"Value": "Pending review"}},
		{Row: 8, Column: "Recommendation and recommending State", MessageID: "Import.Error.Required", Data: map[string]any{"Column": "Recommendation and recommending State"}},
	}
	var gotErrs []record.RowError
	for _, e := range res.errs {
		gotErrs = append(gotErrs, *e)
	}
	if !reflect.DeepEqual(gotErrs, wantErrs) {
		t.Errorf("row errors\n got %+v\nwant %+v", gotErrs, wantErrs)
	}
}

func TestReadMatrixNotAMatrix(t *testing.T) {
	table := func(rows ...string) string { return "<w:tbl>" + strings.Join(rows, "") + "</w:tbl>" }
	cases := map[string]struct {
		data []byte
		id   string
	}{
		"csv":          {[]byte("To,Text\nSlovenia,x\n"), "Import.Error.NotDocx"},
		"empty":        {nil, "Import.Error.NotDocx"},
		"no document":  {matrixTestDocx(t, "", map[string]string{"xl/workbook.xml": "<workbook/>"}), "Import.Error.NotDocx"},
		"broken xml":   {matrixTestDocx(t, "<w:tbl><w:tr>", nil), "Import.Error.NotDocx"},
		"no table":     {matrixTestDocx(t, matrixTestP("Just a letter."), nil), "Import.Error.NoMatrixTable"},
		"other table":  {matrixTestDocx(t, table(matrixTestRow([]string{"Name"}, []string{"Phone"})), nil), "Import.Error.NoMatrixTable"},
		"no position":  {matrixTestDocx(t, table(matrixTestRow([]string{"Recommendation"}, []string{"Themes"})), nil), "Import.Error.NoMatrixTable"},
		"bomb":         {zipTestZeros(t, "word/document.xml", 300<<20), "Import.Error.ZipBomb"},
		"lying header": {zipTestLiar(t, 100, make([]byte, 1<<20)), "Import.Error.ZipBomb"},
	}
	// A docx whose document.xml is damaged (its deflate data altered).
	damaged := matrixTestDocx(t, table(matrixTestRow([]string{"Recommendation"}, []string{"Position"})), nil)
	zr, err := zipTestOpen(damaged, ZipLimits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			off, _ := f.DataOffset()
			for i := off + 2; i < off+int64(f.CompressedSize64)-2; i++ {
				damaged[i] ^= 0x5A
			}
		}
	}
	cases["damaged"] = struct {
		data []byte
		id   string
	}{damaged, "Import.Error.NotDocx"}

	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := matrixTestRead(t, c.data)
			if len(res.recs) > 0 {
				t.Errorf("records from a non-matrix: %v", res.recs)
			}
			textTestFormatError(t, err, c.id)
		})
	}
}

func TestMatrixHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"A/HRC/40/6/Add.1 - Para. 2":    "A/HRC/40/6",
		"A/HRC/43/15 - Para 121":        "A/HRC/43/15",
		"A/HRC/28/15/Add.1, para. 3":    "A/HRC/28/15",
		"Report A/HRC/59/15/Add.1.":     "A/HRC/59/15",
		"the addendum to the WG report": "",
	} {
		if got := matrixSymbol(in); got != want {
			t.Errorf("matrixSymbol(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Supported": "supported", "Noted": "noted", "supported ": "supported", "Accepted": "supported",
		"Partially supported": "partially_supported", "Supported/Noted": "partially_supported",
		"Supported in part": "partially_supported", "Rejected": "noted", "": "",
	} {
		if got, ok := matrixPosition(in); !ok || got != want {
			t.Errorf("matrixPosition(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := matrixPosition("To be decided"); ok {
		t.Error("an unknown position was accepted")
	}
	for in, want := range map[string][]string{
		"16 - PEACE, JUSTICE AND STRONG INSTITUTIONS":                                           {"16"},
		"3.1 - By 2030, reduce the global maternal mortality ratio to less than 70 per 100,000": {"3.1"},
		"Goal 5":       {"5"},
		"SDG 5.a":      {"5.a"},
		"16.2; 16.3":   {"16.2", "16.3"},
		"18 - Nothing": nil,
		"SDGs:":        nil,
		"Peace":        nil,
	} {
		if got := matrixAddSDG(nil, in); !reflect.DeepEqual(got, want) {
			t.Errorf("matrixAddSDG(%q) = %v, want %v", in, got, want)
		}
	}
}
