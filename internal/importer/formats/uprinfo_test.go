package formats

import (
	"bytes"
	"encoding/csv"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

// uprInfoTestResult collects what ReadUPRInfo emits.
type uprInfoTestResult struct {
	recs []record.Record
	errs []*record.RowError
}

func uprInfoTestRead(t testing.TB, in []byte) (uprInfoTestResult, error) {
	t.Helper()
	var res uprInfoTestResult
	err := ReadUPRInfo(bytes.NewReader(in), func(rec record.Record, re *record.RowError) error {
		if re != nil {
			res.errs = append(res.errs, re)
		} else {
			res.recs = append(res.recs, rec)
		}
		return nil
	})
	return res, err
}

const uprInfoTestHeader = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"

// A small export in the real files' shape, with accents and a multi-line cell.
const uprInfoTestCSV = uprInfoTestHeader +
	`Chad,Africa,"AU, OIC, OIF","Bring the former head of State of Chad, Mr. Hissène Habré to justice ",Ireland,WEOG,EU,Noted,5,"Impunity,Justice",5` + "\n" +
	`Slovenia,EEG,EU,"Ensure the rights of the ""erased"" persons",Côte d'Ivoire,Africa,"AU, OIF",Accepted,4,Minorities,7` + "\n" +
	`Paraguay,GRULAC,,"Protect the Guaraní,
vis-à-vis the State",Germany,WEOG,EU,Accepted,,Indigenous peoples,9` + "\n" +
	`Albania,EEG,"OIC, OIF",Implement the Roma strategy,Albania,EEG,"OIC, OIF",Voluntary Pledge,3,Minorities,19` + "\n"

func TestReadUPRInfoSynthetic(t *testing.T) {
	res, err := uprInfoTestRead(t, []byte(uprInfoTestCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.errs) > 0 {
		t.Fatalf("row errors: %v", res.errs)
	}
	want := []record.Record{
		{Row: 2, StateName: "Chad", Mechanism: "upr", Body: "UPR", Cycle: 1, Session: 5,
			Text: "Bring the former head of State of Chad, Mr. Hissène Habré to justice", Type: "recommendation",
			RecommendingStates: []string{"Ireland"}, Position: "noted", ActionCategory: 5, Themes: []string{"Impunity", "Justice"}},
		{Row: 3, StateName: "Slovenia", Mechanism: "upr", Body: "UPR", Cycle: 1, Session: 7,
			Text: `Ensure the rights of the "erased" persons`, Type: "recommendation",
			RecommendingStates: []string{"Côte d'Ivoire"}, Position: "supported", ActionCategory: 4, Themes: []string{"Minorities"}},
		{Row: 4, StateName: "Paraguay", Mechanism: "upr", Body: "UPR", Cycle: 1, Session: 9,
			Text: "Protect the Guaraní,\nvis-à-vis the State", Type: "recommendation",
			RecommendingStates: []string{"Germany"}, Position: "supported", Themes: []string{"Indigenous peoples"}},
		{Row: 5, StateName: "Albania", Mechanism: "upr", Body: "UPR", Cycle: 2, Session: 19,
			Text: "Implement the Roma strategy", Type: "pledge", ActionCategory: 3, Themes: []string{"Minorities"}},
	}
	if !reflect.DeepEqual(res.recs, want) {
		t.Errorf("got\n%#v\nwant\n%#v", res.recs, want)
	}
}

// The same export saved four ways gives the same records.
func TestReadUPRInfoEncodings(t *testing.T) {
	crlf := strings.ReplaceAll(uprInfoTestCSV, "\n", "\r\n")
	cr := strings.ReplaceAll(uprInfoTestCSV, "\n", "\r")
	inputs := map[string][]byte{
		"utf8":      []byte(uprInfoTestCSV),
		"utf8 bom":  append([]byte("\xEF\xBB\xBF"), uprInfoTestCSV...),
		"1252 crlf": textTestEncode(t, charmap.Windows1252, crlf),
		"mac cr":    textTestEncode(t, charmap.Macintosh, cr),
	}
	base, err := uprInfoTestRead(t, inputs["utf8"])
	if err != nil || len(base.recs) != 4 {
		t.Fatalf("utf8: %d records, %v", len(base.recs), err)
	}
	for name, in := range inputs {
		got, err := uprInfoTestRead(t, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, base) {
			t.Errorf("%s: got\n%#v\nwant\n%#v", name, got.recs, base.recs)
		}
	}
}

func TestReadUPRInfoLenientHeaderAndSemicolons(t *testing.T) {
	in := " to ;TEXT;Response ;session;From\n" +
		"Slovenia;Ratify the Convention;Accepted;20;Brazil\n"
	res, err := uprInfoTestRead(t, []byte(in))
	if err != nil || len(res.errs) != 0 || len(res.recs) != 1 {
		t.Fatalf("%v %v %v", res.recs, res.errs, err)
	}
	got := res.recs[0]
	if got.StateName != "Slovenia" || got.Position != "supported" || got.Session != 20 || got.Cycle != 2 ||
		!reflect.DeepEqual(got.RecommendingStates, []string{"Brazil"}) || got.ActionCategory != 0 || got.Themes != nil {
		t.Errorf("got %#v", got)
	}
}

func TestReadUPRInfoMissingColumn(t *testing.T) {
	for col, header := range map[string]string{
		"To":       "State,Text,Response,Session",
		"Text":     "To,To-Rgrp,Response,Session",
		"Response": "To,Text,From,Session",
		"Session":  "To,Text,Response,Action",
	} {
		_, err := uprInfoTestRead(t, []byte(header+"\nSlovenia,x,Accepted,20\n"))
		fe := textTestFormatError(t, err, "Import.Error.MissingColumn")
		if fe.Data["Column"] != col {
			t.Errorf("%s: Data %v", header, fe.Data)
		}
	}
}

func TestReadUPRInfoRowErrors(t *testing.T) {
	in := uprInfoTestHeader +
		"Slovenia,EEG,EU,Good one,Brazil,GRULAC,,Accepted,4,Justice,20\n" +
		"\n" + // a blank line: a row in a spreadsheet too
		"Slovenia,EEG,EU,Bad response,Brazil,GRULAC,,Maybe,4,Justice,20\n" +
		"Slovenia,EEG,EU,\"Two\nlines\",Brazil,GRULAC,,Noted,7,Justice,twenty\n" +
		",EEG,EU,  ,Brazil,GRULAC,,Noted,4,Justice,20\n" +
		"Slovenia,EEG,EU,Shifted, by a comma,Brazil,GRULAC,,Noted,4,Justice,20\n" +
		"Slovenia,EEG,EU,Last good,Chile,GRULAC,,Noted,,,34\n" +
		" , , , \n"
	res, err := uprInfoTestRead(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	type e struct {
		row       int
		col, id   string
		dataKey   string
		dataValue any
	}
	want := []e{
		{4, "Response", "Import.Error.PositionUnknown", "Value", "Maybe"},
		{5, "Action", "Import.Error.ActionUnknown", "Value", "7"},
		{5, "Session", "Import.Error.SessionInvalid", "Value", "twenty"},
		{6, "To", "Import.Error.Required", "Column", "To"},
		{6, "Text", "Import.Error.Required", "Column", "Text"},
		{7, "", "Import.Error.FieldCount", "Found", 12},
		{7, "Response", "Import.Error.PositionUnknown", "Value", ""},
		{7, "Action", "Import.Error.ActionUnknown", "Value", "Noted"},
		{7, "Session", "Import.Error.SessionInvalid", "Value", "Justice"},
	}
	var got []e
	for _, re := range res.errs {
		x := e{row: re.Row, col: re.Column, id: re.MessageID}
		for _, k := range []string{"Value", "Column", "Found"} {
			if v, ok := re.Data[k]; ok {
				x.dataKey, x.dataValue = k, v
				break
			}
		}
		got = append(got, x)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("row errors\n got %v\nwant %v", got, want)
	}
	if len(res.recs) != 2 || res.recs[0].Row != 2 || res.recs[1].Row != 8 || res.recs[1].Cycle != 3 {
		t.Errorf("records: %+v", res.recs)
	}
}

func TestReadUPRInfoMalformed(t *testing.T) {
	for name, c := range map[string]struct {
		in   string
		line int
	}{
		"truncated quoted field": {uprInfoTestHeader + "Slovenia,EEG,EU,Fine,Brazil,GRULAC,,Accepted,4,Justice,20\n" +
			"Slovenia,EEG,EU,\"Never closed,Brazil,GRULAC,,Accepted,4,Justice,20\n", 3},
		"bare quote": {uprInfoTestHeader + "Slovenia,EEG,EU,Fine,Brazil,GRULAC,,Accepted,4,Justice,20\n" +
			"Slovenia,EEG,EU,The so-called \"erased\",Brazil,GRULAC,,Accepted,4,Justice,20\n", 3},
		"bad header": {"To,\"Text\"x,Response,Session\n", 1},
	} {
		_, err := uprInfoTestRead(t, []byte(c.in))
		fe := textTestFormatError(t, err, "Import.Error.MalformedCSV")
		if fe.Data["Line"] != c.line {
			t.Errorf("%s: Line %v, want %d", name, fe.Data["Line"], c.line)
		}
	}
}

func TestReadUPRInfoNotText(t *testing.T) {
	garbage := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
	_, err := uprInfoTestRead(t, garbage)
	textTestFormatError(t, err, "Import.Error.NotText")
	_, err = uprInfoTestRead(t, nil)
	textTestFormatError(t, err, "Import.Error.Empty")
}

// The cycle rule agrees with the years of the working group sessions.
func TestUPRCycleForSession(t *testing.T) {
	for s, want := range map[int]int{0: 0, 1: 1, 12: 1, 13: 2, 26: 2, 27: 3, 40: 3, 41: 4, 54: 4, 55: 5} {
		if got := UPRCycleForSession(s); got != want {
			t.Errorf("session %d: cycle %d, want %d", s, got, want)
		}
	}
	f, err := os.Open(shareddata.Path(t, "parser", "upr_sessions_year_cehdi.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	years := map[int][2]int{1: {2008, 2011}, 2: {2012, 2016}, 3: {2017, 2022}, 4: {2022, 2027}}
	for _, row := range rows[1:] {
		s, _ := strconv.Atoi(row[0])
		y, _ := strconv.Atoi(row[1])
		c := UPRCycleForSession(s)
		if span := years[c]; y < span[0] || y > span[1] {
			t.Errorf("session %d (%d): cycle %d runs %d–%d", s, y, c, span[0], span[1])
		}
	}
	if len(rows) != 54 {
		t.Errorf("%d sessions in the CSV", len(rows)-1)
	}
}

func TestReadUPRInfoRealFiles(t *testing.T) {
	cases := []struct {
		file                     string
		rows, supported, noted   int
		pledges, states          int
		slovenia, sloSup, sloNot int
		contains                 string
	}{
		{"1-5.csv", 6094, 4087, 2007, 0, 80, -1, 0, 0, "Mr. Hissène Habré to justice"},
		{"6-9.csv", 8343, 6206, 2137, 0, 63, 106, 95, 11, "Haute Autorité de la Transition"},
		{"voluntary.csv", 947, 0, 0, 947, -1, -1, 0, 0, "Côte d'Ivoire intends"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			in, err := os.ReadFile(shareddata.Path(t, "upr-info", c.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := uprInfoTestRead(t, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.errs) > 0 {
				t.Fatalf("%d row errors, first %v", len(res.errs), res.errs[0])
			}
			var sup, noted, pledges, slo, sloSup, sloNot int
			states := map[string]bool{}
			found := false
			for i, r := range res.recs {
				if r.Row != i+2 {
					t.Fatalf("record %d has row %d", i, r.Row)
				}
				states[r.StateName] = true
				switch {
				case r.Type == record.TypePledge:
					pledges++
				case r.Position == record.PositionSupported:
					sup++
				case r.Position == record.PositionNoted:
					noted++
				}
				if r.StateName == "Slovenia" {
					slo++
					if r.Position == record.PositionSupported {
						sloSup++
					} else {
						sloNot++
					}
				}
				if r.Text == "" || r.Session == 0 || r.Cycle == 0 || len(r.Themes) == 0 || r.ActionCategory == 0 {
					t.Errorf("row %d incomplete: %+v", r.Row, r)
				}
				if r.Type != record.TypePledge && len(r.RecommendingStates) != 1 {
					t.Errorf("row %d: recommending States %v", r.Row, r.RecommendingStates)
				}
				found = found || strings.Contains(r.Text, c.contains)
			}
			if len(res.recs) != c.rows || sup != c.supported || noted != c.noted || pledges != c.pledges {
				t.Errorf("%d rows (%d supported, %d noted, %d pledges), want %d (%d, %d, %d)",
					len(res.recs), sup, noted, pledges, c.rows, c.supported, c.noted, c.pledges)
			}
			if c.states >= 0 && len(states) != c.states {
				t.Errorf("%d States, want %d", len(states), c.states)
			}
			if c.slovenia >= 0 && (slo != c.slovenia || sloSup != c.sloSup || sloNot != c.sloNot) {
				t.Errorf("Slovenia %d (%d/%d), want %d (%d/%d)", slo, sloSup, sloNot, c.slovenia, c.sloSup, c.sloNot)
			}
			if !found {
				t.Errorf("%q not found", c.contains)
			}
		})
	}
}

func BenchmarkReadUPRInfo(b *testing.B) {
	var files [][]byte
	size := 0
	for _, name := range []string{"1-5.csv", "6-9.csv", "voluntary.csv"} {
		in, err := os.ReadFile(shareddata.Path(b, "upr-info", name))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, in)
		size += len(in)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, in := range files {
			err := ReadUPRInfo(bytes.NewReader(in), func(record.Record, *record.RowError) error { n++; return nil })
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if n == 0 {
		b.Fatal("nothing read")
	}
}
