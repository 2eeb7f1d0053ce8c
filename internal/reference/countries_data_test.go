package reference

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

// TestCountriesMatchUNMemberStates compares the table with the list of the 193 UN
// Member States kept in the shared data.
func TestCountriesMatchUNMemberStates(t *testing.T) {
	t.Parallel()
	tb := readCSV(t, shareddata.Path(t, "countries", "un_member_states_193.csv"))
	iso3, iso2 := tb.col(t, "iso3"), tb.col(t, "iso2")

	csvMembers := map[string]bool{}
	for _, row := range tb.rows {
		code := cell(row, iso3)
		csvMembers[code] = true
		c, ok := CountryByCode(code)
		if !ok {
			t.Errorf("Member State %s (%s) is missing from the table", code, row)
			continue
		}
		if c.Observer {
			t.Errorf("%s is a Member State, not an observer", code)
		}
		if c.ISO2 != cell(row, iso2) {
			t.Errorf("%s: alpha-2 %s, the list says %s", code, c.ISO2, cell(row, iso2))
		}
	}
	if len(csvMembers) != 193 {
		t.Errorf("the list has %d distinct Member States, want 193", len(csvMembers))
	}
	for _, c := range Countries() {
		if !c.Observer && !csvMembers[c.ISO3] {
			t.Errorf("%s (%s) is in the table as a Member State but not in the list", c.ISO3, c.Name.EN)
		}
	}

	// The names in the list, English, French and Spanish, find the same State.
	for _, column := range []string{"unterm_english_short", "unterm_french_short", "unterm_spanish_short", "official_name_en", "unterm_english_formal"} {
		i := tb.col(t, column)
		var misses []string
		total := 0
		for _, row := range tb.rows {
			name, want := cell(row, i), cell(row, iso3)
			if name == "" {
				continue
			}
			total++
			if c, ok := CountryByName(name); !ok || c.ISO3 != want {
				misses = append(misses, fmt.Sprintf("%q → %q (want %s)", name, c.ISO3, want))
			}
		}
		rate := float64(total-len(misses)) / float64(total)
		if len(misses) > 0 {
			t.Logf("%s: %d of %d names found (%.1f%%); misses:\n  %s", column, total-len(misses), total, 100*rate, strings.Join(misses, "\n  "))
		}
		if column == "unterm_english_formal" {
			continue // formal names ("the Republic of Slovenia") are reported, not required
		}
		if rate < 0.98 {
			t.Errorf("%s: only %.1f%% of names found, want at least 98%%", column, 100*rate)
		}
	}
}

// TestCountryNamesInSixLanguages checks the Russian, Arabic and Chinese names (and the
// English, French and Spanish again) against UN terminology as kept in the
// datasets/country-codes table.
func TestCountryNamesInSixLanguages(t *testing.T) {
	t.Parallel()
	tb := readCSV(t, shareddata.Path(t, "countries", "country-codes_datasets.csv"))
	iso3 := tb.col(t, "ISO3166-1-Alpha-3")
	for _, column := range []string{
		"UNTERM English Short", "UNTERM French Short", "UNTERM Spanish Short",
		"UNTERM Russian Short", "UNTERM Arabic Short", "UNTERM Chinese Short",
		"official_name_ru", "official_name_ar", "official_name_cn",
	} {
		i := tb.col(t, column)
		var misses []string
		total := 0
		for _, row := range tb.rows {
			code, name := cell(row, iso3), cell(row, i)
			if _, ours := CountryByCode(code); !ours || name == "" {
				continue
			}
			total++
			if c, ok := CountryByName(name); !ok || c.ISO3 != code {
				misses = append(misses, fmt.Sprintf("%q → %q (want %s)", name, c.ISO3, code))
			}
		}
		if total == 0 {
			t.Errorf("%s: no names for our States", column)
			continue
		}
		rate := float64(total-len(misses)) / float64(total)
		if len(misses) > 0 {
			t.Logf("%s: %d of %d names found (%.1f%%); misses:\n  %s", column, total-len(misses), total, 100*rate, strings.Join(misses, "\n  "))
		}
		if rate < 0.95 {
			t.Errorf("%s: only %.1f%% of names found, want at least 95%%", column, 100*rate)
		}
	}
}

// nonStates are values of UPR Info's To and From columns that name no State.
var nonStates = map[string]bool{
	"&#40;Unknown&#41;": true, // "(Unknown)", HTML-escaped by the export
}

// TestUPRInfoNames requires every State under review (To) and every recommending State
// (From) in the UPR Info exports to be found.
func TestUPRInfoNames(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for _, file := range []string{"1-5.csv", "6-9.csv", "voluntary.csv"} {
		tb := readMacRomanCSV(t, shareddata.Path(t, "upr-info", file))
		to, from := tb.col(t, "To"), tb.col(t, "From")
		for _, row := range tb.rows {
			for _, i := range []int{to, from} {
				if name := cell(row, i); name != "" {
					seen[name]++
				}
			}
		}
	}
	if len(seen) < 150 {
		t.Fatalf("only %d distinct names read; is the file decoded and split right?", len(seen))
	}
	var misses []string
	for name, n := range seen {
		if nonStates[name] {
			continue
		}
		if _, ok := CountryByName(name); !ok {
			misses = append(misses, fmt.Sprintf("%q (%d rows)", name, n))
		}
	}
	sort.Strings(misses)
	if len(misses) > 0 {
		t.Errorf("%d of %d names not found:\n  %s", len(misses), len(seen), strings.Join(misses, "\n  "))
	}
	for name := range nonStates {
		if c, ok := CountryByName(name); ok {
			t.Errorf("non-State %q maps to %s", name, c.ISO3)
		}
	}
	// A few that need more than case folding.
	for name, want := range map[string]string{
		"Bosnia & Herzegovina": "BIH", "Trinidad & Tobago": "TTO", "DPR Korea": "PRK",
		"Macedonia FYR": "MKD", "Democratic Republic of Congo": "COD", "Republic of Congo": "COG",
		"Guinea Bissau": "GNB", "Cote d'Ivoire": "CIV", "Holy See": "VAT", "Palestine": "PSE",
	} {
		if seen[name] == 0 {
			t.Errorf("%q is no longer in the files; update this test", name)
		}
		if c, _ := CountryByName(name); c.ISO3 != want {
			t.Errorf("CountryByName(%q) = %q, want %s", name, c.ISO3, want)
		}
	}
}

// uprReportUnmatched are the States under review that the 2008–2010 report files
// misspell or leave ambiguous; every other name there must be found.
var uprReportUnmatched = map[string]string{
	"Centeral African Republic": "misspelt",
	"kyrgysztan":                "misspelt",
	"Korea":                     "ambiguous between the two Koreas (the file means the Republic of Korea)",
}

// TestUPRReportNames reads the recommending States (From) and States under review (to)
// parsed from UPR working group reports, 2008–2010. Those files lost spaces in many
// names ("bosniaandherzegovina", "SriLanka"), which must still be found.
func TestUPRReportNames(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, file := range []string{"2008data.csv", "2009data.csv", "2010data.csv"} {
		tb := readMacRomanCSV(t, shareddata.Path(t, "upr-reports", file))
		f, r := tb.col(t, "From"), tb.col(t, "to")
		for _, row := range tb.rows {
			for _, s := range []string{cell(row, f), cell(row, r)} {
				if s != "" && s != "NA" {
					names[s] = true
				}
			}
		}
	}
	if len(names) < 150 {
		t.Fatalf("only %d distinct names read", len(names))
	}
	var misses []string
	for name := range names {
		if _, ok := CountryByName(name); !ok && uprReportUnmatched[name] == "" {
			misses = append(misses, name)
		}
	}
	sort.Strings(misses)
	if len(misses) > 0 {
		t.Errorf("%d of %d names not found: %q", len(misses), len(names), misses)
	}
	for name, why := range uprReportUnmatched {
		if !names[name] {
			t.Errorf("%q is no longer in the files; update uprReportUnmatched", name)
		}
		if c, ok := CountryByName(name); ok {
			t.Errorf("%q (%s) maps to %s", name, why, c.ISO3)
		}
	}
	for name, want := range map[string]string{
		"bosniaandherzegovina": "BIH", "SriLanka": "LKA", "democraticrepublicofthecongo": "COD",
		"laopeoplesdemocraticrepublic": "LAO", "cotedivoire": "CIV", "Norway;": "NOR",
	} {
		if c, _ := CountryByName(name); c.ISO3 != want {
			t.Errorf("CountryByName(%q) = %q, want %s", name, c.ISO3, want)
		}
	}
}

// TestHuridocsLabels requires every recommending State in the HURIDOCS benchmark
// labels (Eswatini, cycle 3) and in its list of options (which also offers
// "(Unknown)") to be found.
func TestHuridocsLabels(t *testing.T) {
	t.Parallel()
	var labels []struct {
		Text  string   `json:"text"`
		Label []string `json:"label"`
	}
	readJSON(t, shareddata.Path(t, "parser", "huridocs_upr_paragraph_countries_labels.json"), &labels)
	if len(labels) != 217 {
		t.Errorf("%d labelled recommendations, want 217", len(labels))
	}
	names := map[string]bool{}
	for _, l := range labels {
		for _, n := range l.Label {
			names[n] = true
		}
	}
	var options []string
	readJSON(t, shareddata.Path(t, "parser", "huridocs_upr_paragraph_countries_options.json"), &options)
	for _, n := range options {
		names[n] = true
	}
	var misses []string
	for n := range names {
		if _, ok := CountryByName(n); !ok && !nonStates[n] {
			misses = append(misses, n)
		}
	}
	sort.Strings(misses)
	if len(misses) > 0 {
		t.Errorf("%d of %d names not found: %q", len(misses), len(names), misses)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
