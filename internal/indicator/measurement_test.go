package indicator_test

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/indicator"
)

func TestRecordUpserts(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ind := e.create(t, e.a, validInput())
	record := func(m indicator.Measurement) error { return e.store.Record(e.ctx, e.a, 0, ind.ID, m) }

	for _, m := range []indicator.Measurement{
		{Period: date("2021-01-01"), Value: 20, Disaggregation: map[string]string{"sex": " Female "}},
		{Period: date("2021-01-01"), Value: 15},
		{Period: date("2020-01-01"), Value: 17, Source: "Survey 2020"},
		{Period: date("2021-01-01"), Value: 21, Disaggregation: map[string]string{"sex": "female", "age_group": ""}, Note: "revised"},
	} {
		if err := record(m); err != nil {
			t.Fatalf("record %+v: %v", m, err)
		}
	}
	ms, err := e.store.Measurements(e.ctx, e.a, 0, ind.ID)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		period string
		d      map[string]string
		value  float64
		note   string
	}
	var got []row
	for _, m := range ms {
		got = append(got, row{m.Period.Format("2006"), m.Disaggregation, m.Value, m.Note})
	}
	want := []row{
		{"2020", map[string]string{}, 17, ""},
		{"2021", map[string]string{}, 15, ""},
		{"2021", map[string]string{"sex": "female"}, 21, "revised"}, // replaced, not added
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("measurements:\n got %v\nwant %v", got, want)
	}

	cases := []struct {
		name  string
		m     indicator.Measurement
		field string
		msg   string
	}{
		{"a ground the indicator lacks", indicator.Measurement{Period: date("2020-01-01"), Value: 1, Disaggregation: map[string]string{"region": "North"}},
			"disaggregation.region", "Indicator.Measurement.DisaggregationUnknown"},
		{"a value too long", indicator.Measurement{Period: date("2020-01-01"), Value: 1, Disaggregation: map[string]string{"age_group": strings.Repeat("x", 101)}},
			"disaggregation.age_group", "Indicator.Measurement.DisaggregationValueInvalid"},
		{"no period", indicator.Measurement{Value: 1}, "period", "Indicator.Measurement.PeriodInvalid"},
		{"not a number", indicator.Measurement{Period: date("2020-01-01"), Value: math.NaN()}, "value", "Indicator.Measurement.ValueInvalid"},
		{"note too long", indicator.Measurement{Period: date("2020-01-01"), Value: 1, Note: strings.Repeat("n", 2001)}, "note", "Indicator.Measurement.NoteInvalid"},
	}
	for _, c := range cases {
		if f := fault.FieldsOf(record(c.m)); len(f) != 1 || f[c.field] != c.msg {
			t.Errorf("%s: %v, want %s: %s", c.name, f, c.field, c.msg)
		}
	}

	// A ground that recorded values use cannot be dropped.
	in := validInput()
	in.Version, in.Disaggregations = 1, []string{"age_group"}
	if f := fault.FieldsOf(e.store.Update(e.ctx, e.a, 0, ind.ID, in)); f["disaggregations"] != "Indicator.DisaggregationInUse" {
		t.Errorf("dropping sex with values by sex: %v", f)
	}
}

// Four years of a survey, for women and men, exported from a spreadsheet.
const fourYearsBySex = "\ufeffYear,Sex,Value,Source,Note\r\n" +
	"2019,female,18.5,Household survey 2019,\r\n" +
	"2019,male,6.1,Household survey 2019,\r\n" +
	"2020,female,17.9,Household survey 2020,\"Fieldwork interrupted,\r\nsmaller sample\"\r\n" +
	"2020,male,5.8,Household survey 2020,\r\n" +
	"2021,Female,16.2,Household survey 2021,\r\n" +
	"2021,male,6.0,Household survey 2021,\r\n" +
	",,,,\r\n" + // a blank spreadsheet row
	"2022,female,14.7,Household survey 2022,\r\n" +
	"2022,male,5.5,Household survey 2022,\r\n"

func TestImportCSV(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ind := e.create(t, e.a, validInput())

	res, err := e.store.ImportCSV(e.ctx, e.a, 0, ind.ID, strings.NewReader(fourYearsBySex))
	if err != nil {
		t.Fatalf("import: %v (%+v)", err, res.Errors)
	}
	if res.Rows != 8 || res.New != 8 || res.Updated != 0 || res.ErrorCount != 0 {
		t.Errorf("first import: %+v, want 8 rows, 8 new", res)
	}
	ms, err := e.store.Measurements(e.ctx, e.a, 0, ind.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 8 {
		t.Fatalf("%d measurements, want 8", len(ms))
	}
	if m := ms[2]; m.Period.Format("2006-01-02") != "2020-01-01" || m.Disaggregation["sex"] != "female" || m.Value != 17.9 ||
		m.Note != "Fieldwork interrupted,\nsmaller sample" || m.Source != "Household survey 2020" {
		t.Errorf("2020 women: %+v", m)
	}
	if ms[4].Disaggregation["sex"] != "female" {
		t.Errorf("2021 “Female” stored as %q, want one series with “female”", ms[4].Disaggregation["sex"])
	}

	// The same file again with one value corrected: one update, the rest untouched.
	res, err = e.store.ImportCSV(e.ctx, e.a, 0, ind.ID, strings.NewReader(strings.Replace(fourYearsBySex, "14.7", "14.9", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 0 || res.Updated != 1 || res.Unchanged != 7 {
		t.Errorf("second import: %+v, want 1 updated, 7 unchanged", res.Counts)
	}
	if list, _ := e.store.List(e.ctx, e.a, 0); list[0].Measurements != 8 {
		t.Errorf("List counts %d measurements, want 8", list[0].Measurements)
	}
}

func TestImportCSVLenientFormats(t *testing.T) {
	t.Parallel()
	e := setup(t)
	in := validInput()
	in.Disaggregations = []string{"age_group", "urban_rural"}
	ind := e.create(t, e.a, in)
	// Semicolons and decimal commas, as spreadsheets in many languages save them;
	// headers in any case and spacing; months and days as periods.
	file := " Period ;VALUE;Age group;Urban-rural\n2020-03;12,5;15-24;Urban\n2020-03-15;-3;;\n2021;1e3;;\n"
	res, err := e.store.ImportCSV(e.ctx, e.a, 0, ind.ID, strings.NewReader(file))
	if err != nil {
		t.Fatalf("import: %v %+v", err, res.Errors)
	}
	ms, _ := e.store.Measurements(e.ctx, e.a, 0, ind.ID)
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s %v %g", m.Period.Format("2006-01-02"), m.Disaggregation, m.Value))
	}
	want := []string{"2020-03-01 map[age_group:15-24 urban_rural:urban] 12.5", "2020-03-15 map[] -3", "2021-01-01 map[] 1000"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported:\n got %q\nwant %q", got, want)
	}
}

func TestImportCSVWritesNothingOnErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ind := e.create(t, e.a, validInput())
	cases := []struct {
		name string
		file string
		want []indicator.RowError
	}{
		{"three bad rows", "period,value,sex,note\n" +
			"2019,18.5,female,\"two\nlines\"\n" + // rows count as a spreadsheet shows them, not as lines
			"2019-13,6.1,male,\n" +
			"2020,17.9,female,\n" +
			"2020,\"5,8\",male,\n" +
			"2021,16.2," + strings.Repeat("f", 101) + ",\n",
			[]indicator.RowError{
				{Row: 3, Column: "period", MessageID: "Indicator.Measurement.PeriodInvalid", Value: "2019-13"},
				{Row: 5, Column: "value", MessageID: "Indicator.Measurement.ValueInvalid", Value: "5,8"},
				{Row: 6, Column: "sex", MessageID: "Indicator.Measurement.DisaggregationValueInvalid", Value: strings.Repeat("f", 101)},
			}},
		{"a ground the indicator lacks", "period,value,Gender\n2019,1,female\n",
			[]indicator.RowError{{Row: 1, Column: "Gender", MessageID: "Indicator.Import.ColumnUnknown", Value: "Gender"}}},
		{"no value column", "period,amount\n2019,1\n",
			[]indicator.RowError{
				{Row: 1, Column: "amount", MessageID: "Indicator.Import.ColumnUnknown", Value: "amount"},
				{Row: 1, Column: "value", MessageID: "Indicator.Import.ColumnMissing", Value: "value"},
			}},
		{"bad numbers", "period,value\n2019,n/a\n2020,1 234\n2021,12%\n2022,\n",
			[]indicator.RowError{
				{Row: 2, Column: "value", MessageID: "Indicator.Measurement.ValueInvalid", Value: "n/a"},
				{Row: 3, Column: "value", MessageID: "Indicator.Measurement.ValueInvalid", Value: "1 234"},
				{Row: 4, Column: "value", MessageID: "Indicator.Measurement.ValueInvalid", Value: "12%"},
				{Row: 5, Column: "value", MessageID: "Indicator.Measurement.ValueInvalid", Value: ""},
			}},
		{"bad periods", "Year,value\nQ1 2020,1\n2021-02-30,2\n20,3\n",
			[]indicator.RowError{
				{Row: 2, Column: "Year", MessageID: "Indicator.Measurement.PeriodInvalid", Value: "Q1 2020"},
				{Row: 3, Column: "Year", MessageID: "Indicator.Measurement.PeriodInvalid", Value: "2021-02-30"},
				{Row: 4, Column: "Year", MessageID: "Indicator.Measurement.PeriodInvalid", Value: "20"},
			}},
		{"the same period twice", "period,value,sex\n2020,1,female\n2020,2,Female\n2020,3,\n",
			[]indicator.RowError{{Row: 3, MessageID: "Indicator.Import.Duplicate", Value: "2"}}},
		{"a quotation mark never closed", "period,value,note\n2019,1,ok\n2020,2,\"Survey \n2021,3,\n",
			[]indicator.RowError{{Row: 3, MessageID: "Indicator.Import.MalformedCSV"}}},
		{"a cell beyond the header", "period,value\n2020,1,oops\n",
			[]indicator.RowError{{Row: 2, MessageID: "Indicator.Import.ExtraCells", Value: "oops"}}},
	}
	for _, c := range cases {
		res, err := e.store.ImportCSV(e.ctx, e.a, 0, ind.ID, strings.NewReader(c.file))
		wantKind(t, c.name, err, fault.Invalid, "Indicator.Import.HasErrors")
		if !reflect.DeepEqual(res.Errors, c.want) || res.ErrorCount != len(c.want) {
			t.Errorf("%s: errors\n got %+v\nwant %+v", c.name, res.Errors, c.want)
		}
	}
	if ms, _ := e.store.Measurements(e.ctx, e.a, 0, ind.ID); len(ms) != 0 {
		t.Errorf("files with errors wrote %d measurements, want none", len(ms))
	}
}

func TestImportCSVRefusesFiles(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ind := e.create(t, e.a, validInput())
	cases := []struct {
		name string
		file []byte
		msg  string
	}{
		{"empty", nil, "Indicator.Import.Empty"},
		{"white space", []byte("\ufeff \r\n\n"), "Indicator.Import.Empty"},
		{"a header alone", []byte("period,value\n"), "Indicator.Import.Empty"},
		{"an Excel workbook", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), "Indicator.Import.Binary"},
		{"Windows-1252 text", []byte("period,value,note\n2020,1,Montr\xe9al\n"), "Indicator.Import.NotUTF8"},
		{"UTF-16 text", []byte("\xff\xfep\x00e\x00"), "Indicator.Import.NotUTF8"},
		{"over 5 MB", append([]byte("period,value\n"), bytes.Repeat([]byte("2020,1\n"), indicator.MaxImportSize/7+1)...), "Indicator.Import.TooLarge"},
	}
	for _, c := range cases {
		res, err := e.store.ImportCSV(e.ctx, e.a, 0, ind.ID, bytes.NewReader(c.file))
		wantKind(t, c.name, err, fault.Invalid, c.msg)
		if len(res.Errors) != 0 || res.New != 0 {
			t.Errorf("%s: result %+v, want none", c.name, res)
		}
	}
}

func TestParsePeriodAndNumber(t *testing.T) {
	t.Parallel()
	periods := map[string]string{"2024": "2024-01-01", "2024-3": "2024-03-01", " 2024/03/15 ": "2024-03-15", "2024-02-29": "2024-02-29",
		"2023-02-29": "", "2024-00": "", "24": "", "1799": "", "2024-03-15T10:00": "", "": ""}
	for in, want := range periods {
		got, ok := indicator.ParsePeriod(in)
		if (want == "" && ok) || (want != "" && (!ok || got.Format("2006-01-02") != want)) {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %q", in, got, ok, want)
		}
	}
	numbers := map[string]float64{"12.5": 12.5, "-3": -3, "+.5": 0.5, "2e3": 2000, " 7 ": 7}
	for in, want := range numbers {
		if got, ok := indicator.ParseNumber(in); !ok || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"1,234", "NaN", "Inf", "1e999", "0x10", "1_000", "12%", ""} {
		if got, ok := indicator.ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %v, want refused", in, got)
		}
	}
}
