package formats

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

const (
	uhriTestID1 = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
	uhriTestID2 = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"
	uhriTestID3 = "a8098c1a-f86e-11da-bd1a-00112444be1e"
)

// uhriTestExportRows are the data rows of the test workbook, from line 2; a nil entry
// is an empty line.
func uhriTestExportRows() [][]any {
	return [][]any{
		// 2: a UPR recommendation, dates as Excel serials, numeric session.
		uhriTestRow{
			Text:      "118.23 Ratify the Optional Protocol to the Convention against Torture (Brazil) (Chile);",
			Countries: uhriList("Slovenia"), Body: "UPR", Symbol: "A/HRC/40/6",
			Themes:  uhriList("Torture and other cruel, inhuman or degrading treatment", "Rights of the Child"),
			Persons: uhriList("persons deprived of their liberty"),
			SDGs: uhriList("16.2 - Protect children from abuse, exploitation, trafficking and violence",
				"16.a - Strengthen relevant national institutions"),
			Date: uhriSerial(2019, 3, 15), RecStates: uhriList("Brazil", "Chile"), Position: "Supported",
			Type: uhriList("Recommendations"), ID: uhriTestID1, Session: 34,
			Regions: uhriList("Eastern European States"), RecRegions: uhriList("GRULAC"),
			DateOnUHRI: uhriSerial(2019, 6, 1),
		}.cells(),
		// 3: a treaty body paragraph tagged with both types, concerning two States, text date.
		uhriTestRow{
			Text:      "49. The Committee recommends that the State party adopt a comprehensive strategy.",
			Countries: uhriList("Slovenia", "Croatia"), Body: "Committee on the Elimination of Discrimination against Women",
			Symbol: "CEDAW/C/SVN/CO/7", Themes: uhriList("Discrimination against women"),
			Persons: uhriList("women & girls"), SDGs: uhriList("5.1 - End all forms of discrimination against all women and girls everywhere"),
			Date: "2015-11-24", Type: uhriList("Recommendations", "Concerns/Observations"),
			ID: uhriTestID2,
		}.cells(),
		// 4: concerns only, a special procedure, a day-first text date.
		uhriTestRow{
			Text:      "The Special Rapporteur is concerned about food insecurity in rural areas.",
			Countries: "Slovenia", Body: "Special Rapporteur on the right to food", Symbol: "A/HRC/40/56/Add.1",
			Date: "15/03/2019", Type: uhriList("Concerns/Observations"), ID: uhriTestID3,
		}.cells(),
		// 5: a bad annotation id.
		uhriTestRow{
			Text: "118.24 Strengthen the ombudsman (Peru);", Countries: uhriList("Slovenia"), Body: "UPR",
			Symbol: "A/HRC/40/6", Position: "Noted", Type: uhriList("Recommendations"), ID: "not-a-uuid", Session: 34,
		}.cells(),
		// 6: an empty text.
		uhriTestRow{
			Text: "  ", Countries: uhriList("Slovenia"), Body: "UPR", Symbol: "A/HRC/40/6",
			Type: uhriList("Recommendations"), Session: 34,
		}.cells(),
		// 7: an empty line.
		nil,
		// 8: partially supported, session of the fourth cycle as text.
		uhriTestRow{
			Text: "28.14 Consider ratifying the Convention on migrant workers (Mexico);", Countries: uhriList("Slovenia"),
			Body: "UPR", Symbol: "A/HRC/54/15", Position: "Partially supported", Type: uhriList("Recommendations"),
			Session: "48", RecStates: uhriList("Mexico"),
		}.cells(),
		// 9: an unknown position and an unknown type.
		uhriTestRow{
			Text: "28.15 Adopt a plan (Chad);", Countries: uhriList("Slovenia"), Body: "UPR", Symbol: "A/HRC/54/15",
			Position: "Maybe", Type: uhriList("Opinions"), Session: 48,
		}.cells(),
	}
}

func uhriTestExport(t testing.TB, headers []string) []byte {
	return uhriTestWorkbook(t, append([][]any{uhriStrings(headers)}, uhriTestExportRows()...)...)
}

func TestReadUHRIXLSX(t *testing.T) {
	t.Parallel()
	for name, headers := range map[string][]string{"ohchr-spelling": uhriTestHeadersOHCHR, "corrected": uhriTestHeadersCorrected} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data := uhriTestExport(t, headers)
			var c uhriCollector
			if err := ReadUHRIXLSX(bytes.NewReader(data), int64(len(data)), c.emit); err != nil {
				t.Fatalf("ReadUHRIXLSX: %v", err)
			}
			uhriCheckExport(t, &c, headers, false)
		})
	}
}

// uhriCheckExport checks what was read from the test export (Excel or JSON).
func uhriCheckExport(t *testing.T, c *uhriCollector, headers []string, isJSON bool) {
	t.Helper()
	col := func(i int) string { return headers[i] }

	r := c.byRow(2)
	if len(r) != 1 {
		t.Fatalf("row 2: %d records, want 1 (errors %v)", len(r), c.errsByRow(2))
	}
	uhriSameRecord(t, r[0], record.Record{
		Row: 2, ExternalID: uhriTestID1, StateName: "Slovenia", Mechanism: record.MechanismUPR, Body: "UPR",
		DocumentSymbol: "A/HRC/40/6", DocumentDate: time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC),
		Cycle: 3, Session: 34,
		Text:               "118.23 Ratify the Optional Protocol to the Convention against Torture (Brazil) (Chile);",
		Type:               record.TypeRecommendation,
		RecommendingStates: []string{"Brazil", "Chile"}, Position: record.PositionSupported,
		Themes:          []string{"Torture and other cruel, inhuman or degrading treatment", "Rights of the Child"},
		AffectedPersons: []string{"persons deprived of their liberty"},
		SDGTargets:      []string{"16.2", "16.a"},
	})

	r = c.byRow(3)
	if len(r) != 2 || r[0].StateName != "Slovenia" || r[1].StateName != "Croatia" {
		t.Fatalf("row 3: %+v, want one record for Slovenia and one for Croatia", r)
	}
	for _, x := range r {
		if x.Type != record.TypeRecommendation || x.Mechanism != record.MechanismTreaty ||
			x.ExternalID != "6ba7b810-9dad-11d1-80b4-00c04fd430c8" || x.Position != record.PositionNone ||
			!x.DocumentDate.Equal(time.Date(2015, 11, 24, 0, 0, 0, 0, time.UTC)) ||
			x.Cycle != 0 || x.Session != 0 || !slices.Equal(x.SDGTargets, []string{"5.1"}) {
			t.Errorf("row 3: %+v", x)
		}
	}
	if &r[0].Themes[0] == &r[1].Themes[0] {
		t.Error("row 3: the two States' records share their Themes slice")
	}

	r = c.byRow(4)
	if len(r) != 1 || r[0].Type != record.TypeConcern || r[0].Mechanism != record.MechanismSpecial ||
		r[0].StateName != "Slovenia" || !r[0].DocumentDate.Equal(time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("row 4: %+v", r)
	}

	if r := c.byRow(5); len(r) != 0 {
		t.Errorf("row 5 (bad annotation id) gave records: %+v", r)
	}
	uhriWantRowErrors(t, c.errsByRow(5), rowErrWant{col(11), "Import.Error.AnnotationIdInvalid", "not-a-uuid"})

	if r := c.byRow(6); len(r) != 0 {
		t.Errorf("row 6 (empty text) gave records: %+v", r)
	}
	uhriWantRowErrors(t, c.errsByRow(6), rowErrWant{col(0), "Import.Error.Required", ""})

	if isJSON { // element 7 is a number, not an object
		uhriWantRowErrors(t, c.errsByRow(7), rowErrWant{"", "Import.Error.ElementInvalid", ""})
	} else if len(c.byRow(7)) != 0 || len(c.errsByRow(7)) != 0 {
		t.Errorf("the empty line 7 gave something")
	}

	r = c.byRow(8)
	if len(r) != 1 || r[0].Position != record.PositionPartial || r[0].Session != 48 || r[0].Cycle != 4 {
		t.Errorf("row 8: %+v (errors %v)", r, c.errsByRow(8))
	}

	uhriWantRowErrors(t, c.errsByRow(9),
		rowErrWant{col(9), "Import.Error.PositionUnknown", "Maybe"},
		rowErrWant{col(10), "Import.Error.TypeUnknown", "Opinions"})

	want := 5
	if isJSON {
		want++ // element 1
	}
	if len(c.recs) != want {
		t.Errorf("%d records in all, want %d", len(c.recs), want)
	}
}

func uhriSameRecord(t *testing.T, got, want record.Record) {
	t.Helper()
	if got.Row != want.Row || got.ExternalID != want.ExternalID || got.StateName != want.StateName ||
		got.Mechanism != want.Mechanism || got.Body != want.Body || got.DocumentSymbol != want.DocumentSymbol ||
		!got.DocumentDate.Equal(want.DocumentDate) || got.Cycle != want.Cycle || got.Session != want.Session ||
		got.Text != want.Text || got.Type != want.Type || got.Position != want.Position ||
		!slices.Equal(got.RecommendingStates, want.RecommendingStates) || !slices.Equal(got.Themes, want.Themes) ||
		!slices.Equal(got.AffectedPersons, want.AffectedPersons) || !slices.Equal(got.SDGTargets, want.SDGTargets) {
		t.Errorf("record:\n got %+v\nwant %+v", got, want)
	}
}

type rowErrWant struct{ column, id, value string }

func uhriWantRowErrors(t *testing.T, got []*record.RowError, want ...rowErrWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("row errors %v, want %d", got, len(want))
		return
	}
	for i, w := range want {
		e := got[i]
		if col, _ := e.Data["Column"].(string); e.Column != w.column || e.MessageID != w.id || col != w.column {
			t.Errorf("row error %v, want column %q message %q", e, w.column, w.id)
		}
		if v, _ := e.Data["Value"].(string); v != w.value {
			t.Errorf("row error %v: Value %q, want %q", e, v, w.value)
		}
	}
}

func uhriWantFormatError(t *testing.T, err error, id string) *record.FormatError {
	t.Helper()
	var fe *record.FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a FormatError %s", err, err, id)
	}
	if fe.MessageID != id {
		t.Fatalf("FormatError %v, want %s", fe, id)
	}
	return fe
}

func TestReadUHRIXLSXMissingColumn(t *testing.T) {
	t.Parallel()
	for _, missing := range []string{"Countries Concerned", "Document Symbol", "Text"} {
		headers := slices.DeleteFunc(slices.Clone(uhriTestHeadersOHCHR), func(h string) bool { return h == missing })
		data := uhriTestWorkbook(t, uhriStrings(headers), []any{"x", "y"})
		err := ReadUHRIXLSX(bytes.NewReader(data), int64(len(data)), func(record.Record, *record.RowError) error {
			t.Error("emit called for a file without a required column")
			return nil
		})
		fe := uhriWantFormatError(t, err, "Import.Error.MissingColumn")
		if fe.Data["Column"] != missing {
			t.Errorf("missing %q: error names %v", missing, fe.Data["Column"])
		}
	}
	empty := uhriTestWorkbook(t)
	uhriWantFormatError(t, ReadUHRIXLSX(bytes.NewReader(empty), int64(len(empty)), (&uhriCollector{}).emit), "Import.Error.Empty")
}

func TestReadUHRIXLSXTitleRowAndEmitStops(t *testing.T) {
	t.Parallel()
	rows := append([][]any{{"Universal Human Rights Index – export"}, nil, uhriStrings(uhriTestHeadersOHCHR)}, uhriTestExportRows()...)
	data := uhriTestWorkbook(t, rows...)
	var c uhriCollector
	if err := ReadUHRIXLSX(bytes.NewReader(data), int64(len(data)), c.emit); err != nil {
		t.Fatal(err)
	}
	if r := c.byRow(4); len(r) != 1 || r[0].ExternalID != uhriTestID1 {
		t.Errorf("with two lines above the header, line 4 should be the first record: %+v", c.recs)
	}
	stop := errors.New("stop")
	n := 0
	err := ReadUHRIXLSX(bytes.NewReader(data), int64(len(data)), func(record.Record, *record.RowError) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("emit's error: got %v after %d calls, want it returned after 1", err, n)
	}
}

func TestReadUHRIXLSXNotAZip(t *testing.T) {
	t.Parallel()
	data := []byte("Text,Countries Concerned\n118.1 Do something,Slovenia\n")
	err := ReadUHRIXLSX(bytes.NewReader(data), int64(len(data)), (&uhriCollector{}).emit)
	uhriWantFormatError(t, err, "Import.Error.NotZip")

	// A zip that is not a workbook.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("hello"))
	zw.Close()
	err = ReadUHRIXLSX(bytes.NewReader(buf.Bytes()), int64(buf.Len()), (&uhriCollector{}).emit)
	uhriWantFormatError(t, err, "Import.Error.NotXLSX")
}

// uhriZipBomb writes a workbook-looking archive whose sheet unpacks to size bytes of
// zeros (about 1000:1).
func uhriZipBomb(t testing.TB, w io.Writer, size int64) {
	t.Helper()
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	ct, err := zw.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	ct.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	sheet, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for written := int64(0); written < size; written += int64(len(zeros)) {
		if _, err := sheet.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReadUHRIXLSXZipBomb(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	uhriZipBomb(t, f, 300<<20)
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("zip bomb: %d bytes unpacking to 300 MB", st.Size())
	emit := func(record.Record, *record.RowError) error {
		t.Error("emit called for a zip bomb")
		return nil
	}
	uhriWantFormatError(t, ReadUHRIXLSX(f, st.Size(), emit), "Import.Error.ZipBomb")
	uhriWantFormatError(t, ReadGenericXLSX(f, st.Size(), Mapping{FieldText: "Text"}, emit), "Import.Error.ZipBomb")
	_, err = ReadXLSXHeaders(f, st.Size())
	uhriWantFormatError(t, err, "Import.Error.ZipBomb")

	// Under the ratio and size limits a smaller bomb is still refused for its ratio.
	var small bytes.Buffer
	uhriZipBomb(t, &small, 20<<20)
	uhriWantFormatError(t, ReadUHRIXLSX(bytes.NewReader(small.Bytes()), int64(small.Len()), emit), "Import.Error.ZipBomb")
}

func BenchmarkReadUHRIXLSX(b *testing.B) {
	const rows = 50_000
	path := filepath.Join(b.TempDir(), "uhri.xlsx")
	size := uhriGenXLSXFile(b, path, rows)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	runtime.GC() // leave the generator's garbage out of the peak
	b.ReportAllocs()
	b.ResetTimer()
	var peakMB float64
	for range b.N {
		stop := uhriPeakHeap()
		n, bad := 0, 0
		err := ReadUHRIXLSX(f, size, func(_ record.Record, e *record.RowError) error {
			if e != nil {
				bad++
			} else {
				n++
			}
			return nil
		})
		peakMB = max(peakMB, stop())
		if err != nil {
			b.Fatal(err)
		}
		if bad != 0 || n < rows {
			b.Fatalf("%d records and %d row errors from %d rows", n, bad, rows)
		}
	}
	b.ReportMetric(peakMB, "peak-MB")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}
