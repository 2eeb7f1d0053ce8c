package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

const uhriTestID4 = "f47ac10b-58cc-4372-a567-0e02b2c3d479"

// uhriTestJSONElements mirror the Excel test rows: element i here is line i of the
// workbook, element 1 shows lenient values and element 7 is not an object.
func uhriTestJSONElements() []any {
	type obj = map[string]any
	return []any{
		obj{ // 1: strings where lists are expected, numbers as strings
			"AffectedPersons": nil, "AnnotationId": uhriTestID4, "AnnotationType": "Recommendations",
			"Body": "UPR", "Countries": "Slovenia", "DocumentId": 123456, "PublicationDate": "2019-03-15T00:00:00",
			"PublicationDateOnUhri": "2019-06-01T00:00:00", "Regions": []string{"Eastern European States"},
			"Sdgs":   "16.2 - Protect children from abuse, exploitation, trafficking and violence",
			"Symbol": "A/HRC/40/6", "Text": "118.1 Ratify the Convention (France);",
			"Themes":   "- Rights of the Child\n- Torture and other cruel, inhuman or degrading treatment",
			"UprCycle": "3", "UprPositions": "Noted", "UprRecommendingCountry": "France",
			"UprRecommendingRegions": "WEOG", "UprSession": "34",
		},
		obj{ // 2
			"AffectedPersons": []string{"persons deprived of their liberty"}, "AnnotationId": uhriTestID1,
			"AnnotationType": []string{"Recommendations"}, "Body": "UPR", "Countries": []string{"Slovenia"},
			"DocumentId": "98765", "PublicationDate": "2019-03-15T00:00:00Z", "Regions": []string{"Eastern European States"},
			"Sdgs": []string{"16.2 - Protect children from abuse, exploitation, trafficking and violence",
				"16.a - Strengthen relevant national institutions"},
			"Symbol":   "A/HRC/40/6",
			"Text":     "118.23 Ratify the Optional Protocol to the Convention against Torture (Brazil) (Chile);",
			"Themes":   []string{"Torture and other cruel, inhuman or degrading treatment", "Rights of the Child"},
			"UprCycle": 3, "UprPositions": []string{"Supported"}, "UprRecommendingCountry": []string{"Brazil", "Chile"},
			"UprRecommendingRegions": []string{"GRULAC"}, "UprSession": 34,
		},
		obj{ // 3
			"AnnotationId": uhriTestID2, "AnnotationType": []string{"Recommendations", "Concerns/Observations"},
			"Body": "Committee on the Elimination of Discrimination against Women", "Countries": []string{"Slovenia", "Croatia"},
			"PublicationDate": "2015-11-24", "Sdgs": []string{"5.1 - End all forms of discrimination against all women and girls everywhere"},
			"Symbol": "CEDAW/C/SVN/CO/7", "Text": "49. The Committee recommends that the State party adopt a comprehensive strategy.",
			"Themes": []string{"Discrimination against women"}, "AffectedPersons": []string{"women & girls"},
			"UprCycle": nil, "UprPositions": []string{}, "UprRecommendingCountry": []string{}, "UprSession": nil,
		},
		obj{ // 4
			"AnnotationId": uhriTestID3, "AnnotationType": []string{"Concerns/Observations"},
			"Body": "Special Rapporteur on the right to food", "Countries": []string{"Slovenia"},
			"PublicationDate": "2019-03-15", "Symbol": "A/HRC/40/56/Add.1",
			"Text": "The Special Rapporteur is concerned about food insecurity in rural areas.",
		},
		obj{ // 5
			"AnnotationId": "not-a-uuid", "AnnotationType": []string{"Recommendations"}, "Body": "UPR",
			"Countries": []string{"Slovenia"}, "Symbol": "A/HRC/40/6", "Text": "118.24 Strengthen the ombudsman (Peru);",
			"UprPositions": []string{"Noted"}, "UprSession": 34,
		},
		obj{ // 6
			"AnnotationType": []string{"Recommendations"}, "Body": "UPR", "Countries": []string{"Slovenia"},
			"Symbol": "A/HRC/40/6", "Text": "", "UprSession": 34,
		},
		42, // 7
		obj{ // 8
			"AnnotationType": []string{"Recommendations"}, "Body": "UPR", "Countries": []string{"Slovenia"},
			"Symbol": "A/HRC/54/15", "Text": "28.14 Consider ratifying the Convention on migrant workers (Mexico);",
			"UprPositions": []string{"Partially supported"}, "UprRecommendingCountry": []string{"Mexico"}, "UprSession": "48",
		},
		obj{ // 9
			"AnnotationType": []string{"Opinions"}, "Body": "UPR", "Countries": []string{"Slovenia"},
			"Symbol": "A/HRC/54/15", "Text": "28.15 Adopt a plan (Chad);", "UprPositions": []string{"Maybe"}, "UprSession": 48,
		},
	}
}

// uhriTestJSON writes the elements as one array, one element per line.
func uhriTestJSON(t testing.TB, elements []any) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range elements {
		if i > 0 {
			b.WriteString(",\n")
		}
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

func TestReadUHRIJSON(t *testing.T) {
	t.Parallel()
	data := uhriTestJSON(t, uhriTestJSONElements())
	for name, r := range map[string]func() io.Reader{
		"whole":         func() io.Reader { return bytes.NewReader(data) },
		"one-byte-read": func() io.Reader { return uhriOneByte{bytes.NewReader(data)} },
		"bom":           func() io.Reader { return io.MultiReader(strings.NewReader("\uFEFF"), bytes.NewReader(data)) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var c uhriCollector
			if err := ReadUHRIJSON(r(), c.emit); err != nil {
				t.Fatalf("ReadUHRIJSON: %v", err)
			}
			uhriCheckExport(t, &c, uhriJSONNames[:16], true)
			r := c.byRow(1)
			if len(r) != 1 {
				t.Fatalf("element 1: %+v, errors %v", r, c.errsByRow(1))
			}
			uhriSameRecord(t, r[0], record.Record{
				Row: 1, ExternalID: uhriTestID4, StateName: "Slovenia", Mechanism: record.MechanismUPR, Body: "UPR",
				DocumentSymbol: "A/HRC/40/6", DocumentDate: time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC),
				Cycle: 3, Session: 34, Text: "118.1 Ratify the Convention (France);", Type: record.TypeRecommendation,
				RecommendingStates: []string{"France"}, Position: record.PositionNoted,
				Themes:     []string{"Rights of the Child", "Torture and other cruel, inhuman or degrading treatment"},
				SDGTargets: []string{"16.2"},
			})
		})
	}
}

func TestReadUHRIJSONBroken(t *testing.T) {
	t.Parallel()
	elements := uhriTestJSONElements()
	full := uhriTestJSON(t, elements)
	lines := bytes.Split(full, []byte("\n")) // "[", element 1 … element 9, "]", ""
	upTo := func(n int) []byte {             // the array up to the end of element n's line
		return bytes.Join(lines[:n+1], []byte("\n"))
	}
	mid3 := upTo(2)
	mid3 = append(mid3, lines[3][:len(lines[3])/2]...)

	badUTF8 := bytes.Replace(full, []byte("adopt a comprehensive"), []byte("adopt a compr\xffhensive"), 1)
	cutRune := append(upTo(2), []byte("\n{\"Text\": \"Hiss\xc3")...)
	overlong := bytes.Replace(full, []byte("adopt a comprehensive"), []byte("adopt a compr\xc0\xafhensive"), 1)
	surrogate := bytes.Replace(full, []byte("adopt a comprehensive"), []byte("adopt a compr\xed\xa0\x80hensive"), 1)
	huge := uhriTestJSON(t, []any{elements[0], map[string]any{"Text": strings.Repeat("x", 5<<20), "Countries": "Slovenia"}})
	syntax := bytes.Replace(full, []byte(`"Symbol":"CEDAW/C/SVN/CO/7"`), []byte(`"Symbol" "CEDAW/C/SVN/CO/7"`), 1)

	cases := []struct {
		name    string
		data    []byte
		id      string
		row     int // 0: no Row expected
		records int // records emitted before the error
	}{
		{"cut inside element 3", mid3, "Import.Error.Truncated", 3, 2},
		{"cut after element 2's comma", upTo(2), "Import.Error.Truncated", 3, 2},
		{"cut after the bracket", []byte("["), "Import.Error.Truncated", 1, 0},
		{"no closing bracket", upTo(9), "Import.Error.Truncated", 10, 6},
		{"invalid byte in element 3", badUTF8, "Import.Error.InvalidUTF8", 3, 2},
		{"overlong encoding in element 3", overlong, "Import.Error.InvalidUTF8", 3, 2},
		{"surrogate in element 3", surrogate, "Import.Error.InvalidUTF8", 3, 2},
		{"file ends inside a character", cutRune, "Import.Error.InvalidUTF8", 3, 2},
		{"syntax error in element 3", syntax, "Import.Error.InvalidJSON", 3, 2},
		{"element 2 too large", huge, "Import.Error.ElementTooLarge", 2, 1},
		{"an object", []byte(`{"Text": "118.1 Ratify", "Countries": ["Slovenia"]}`), "Import.Error.NotUHRIJSON", 0, 0},
		{"a CSV file", []byte("Text,Countries\n118.1 Ratify,Slovenia\n"), "Import.Error.NotUHRIJSON", 0, 0},
		{"an array of numbers", []byte(`[1, 2, 3]`), "Import.Error.NotUHRIJSON", 0, 0},
		{"an array of other objects", []byte(`[{"name": "x", "id": 1}]`), "Import.Error.NotUHRIJSON", 0, 0},
		{"empty", nil, "Import.Error.Empty", 0, 0},
		{"white space", []byte(" \n\t "), "Import.Error.Empty", 0, 0},
	}
	for _, c := range cases {
		for _, oneByte := range []bool{false, true} {
			if oneByte && len(c.data) > 1<<20 {
				continue // five million one-byte reads prove nothing more
			}
			var r io.Reader = bytes.NewReader(c.data)
			if oneByte {
				r = uhriOneByte{r}
			}
			var col uhriCollector
			err := ReadUHRIJSON(r, col.emit)
			var fe *record.FormatError
			if !errors.As(err, &fe) || fe.MessageID != c.id {
				t.Errorf("%s (one byte per read: %v): error %v, want %s", c.name, oneByte, err, c.id)
				continue
			}
			if row, _ := fe.Data["Row"].(int); row != c.row {
				t.Errorf("%s (one byte per read: %v): Row %v, want %d", c.name, oneByte, fe.Data["Row"], c.row)
			}
			if len(col.recs) != c.records {
				t.Errorf("%s (one byte per read: %v): %d records before the error, want %d", c.name, oneByte, len(col.recs), c.records)
			}
		}
	}
}

func TestReadUHRIJSONSmallCases(t *testing.T) {
	t.Parallel()
	var c uhriCollector
	if err := ReadUHRIJSON(strings.NewReader(" [ ] "), c.emit); err != nil || len(c.recs)+len(c.errs) != 0 {
		t.Errorf("empty array: %v, %+v", err, c)
	}

	// Multi-byte characters split across reads, and objects where names are expected.
	data := `[{"Text":"118.2 Ensure justice for the victims of Hissène Habré’s régime 🙂 (Chad);",` +
		`"Countries":[{"Name":"Côte d’Ivoire","Code":"CIV"}],"UprSession":27.0,"UprCycle":null,` +
		`"Body":["UPR"],"UprPositions":[true]}]`
	c = uhriCollector{}
	if err := ReadUHRIJSON(uhriOneByte{strings.NewReader(data)}, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.recs) != 0 || len(c.errs) != 1 || c.errs[0].MessageID != "Import.Error.PositionUnknown" {
		t.Errorf("got %+v, %v; want one PositionUnknown error", c.recs, c.errs)
	}
	data = strings.Replace(data, `[true]`, `[]`, 1)
	c = uhriCollector{}
	if err := ReadUHRIJSON(uhriOneByte{strings.NewReader(data)}, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.recs) != 1 || c.recs[0].StateName != "Côte d’Ivoire" || c.recs[0].Session != 27 || c.recs[0].Cycle != 3 ||
		!strings.Contains(c.recs[0].Text, "Hissène Habré’s régime 🙂") || c.recs[0].Mechanism != record.MechanismUPR {
		t.Errorf("got %+v, %v", c.recs, c.errs)
	}

	stop := errors.New("stop")
	n := 0
	err := ReadUHRIJSON(bytes.NewReader(uhriTestJSON(t, uhriTestJSONElements())), func(record.Record, *record.RowError) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("emit's error: %v after %d calls", err, n)
	}

	failing := io.MultiReader(strings.NewReader(`[{"Text": "a", "Countries": "B"}, `), uhriFailReader{})
	err = ReadUHRIJSON(failing, (&uhriCollector{}).emit)
	var fe *record.FormatError
	if !errors.Is(err, errUHRITestRead) || errors.As(err, &fe) {
		t.Errorf("read error: got %v, want it returned as is", err)
	}
}

var errUHRITestRead = errors.New("disk on fire")

type uhriFailReader struct{}

func (uhriFailReader) Read([]byte) (int, error) { return 0, errUHRITestRead }

func BenchmarkReadUHRIJSON(b *testing.B) {
	const objects = 250_000
	path := filepath.Join(b.TempDir(), "uhri.json")
	size := uhriGenJSONFile(b, path, objects)
	runtime.GC() // leave the generator's garbage out of the peak
	b.ReportAllocs()
	b.SetBytes(size)
	b.ResetTimer()
	var peakMB float64
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		stop := uhriPeakHeap()
		n, bad := 0, 0
		states := map[string]bool{}
		err = ReadUHRIJSON(f, func(rec record.Record, e *record.RowError) error {
			if e != nil {
				bad++
				return nil
			}
			n++
			if len(states) < 193 {
				states[rec.StateName] = true
			}
			return nil
		})
		peakMB = max(peakMB, stop())
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if bad != 0 || n < objects || len(states) != 193 {
			b.Fatalf("%d records, %d row errors, %d States from %d objects", n, bad, len(states), objects)
		}
	}
	b.ReportMetric(peakMB, "peak-MB")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}
