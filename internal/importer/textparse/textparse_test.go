package textparse

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

func TestParse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		in     string
		para   string
		text   string
		states []string
	}{
		{
			name: "UPR one State",
			in:   "118.23 Ratify the Optional Protocol to the Convention against Torture (Brazil);",
			para: "118.23", text: "Ratify the Optional Protocol to the Convention against Torture",
			states: []string{"Brazil"},
		},
		{
			name: "UPR remaining core",
			in:   "118.1 Ratify the remaining core international human rights treaties (Ukraine);",
			para: "118.1", text: "Ratify the remaining core international human rights treaties",
			states: []string{"Ukraine"},
		},
		{
			name: "two groups",
			in:   "28.14 Consider ratifying the Convention (Brazil) (Chile);",
			para: "28.14", text: "Consider ratifying the Convention", states: []string{"Brazil", "Chile"},
		},
		{
			name: "comma list",
			in:   "28.14 Consider ratifying the Convention (Brazil, Chile);",
			para: "28.14", text: "Consider ratifying the Convention", states: []string{"Brazil", "Chile"},
		},
		{
			name: "semicolon list, no final punctuation",
			in:   "28.14 Consider ratifying the Convention (Brazil; Chile)",
			para: "28.14", text: "Consider ratifying the Convention", states: []string{"Brazil", "Chile"},
		},
		{
			name: "three groups, last of the list ends with a full stop",
			in:   "118.222 Protect human rights defenders (Brazil) (Chile) (Uruguay).",
			para: "118.222", text: "Protect human rights defenders", states: []string{"Brazil", "Chile", "Uruguay"},
		},
		{
			name: "nested brackets in names",
			in:   "5.1 Abolish the death penalty (Bolivia (Plurinational State of)) (Iran (Islamic Republic of)) (Venezuela (Bolivarian Republic of)) (Micronesia (Federated States of));",
			para: "5.1", text: "Abolish the death penalty",
			states: []string{"Bolivia (Plurinational State of)", "Iran (Islamic Republic of)", "Venezuela (Bolivarian Republic of)", "Micronesia (Federated States of)"},
		},
		{
			name: "nested brackets inside a comma list",
			in:   "5.2 Abolish the death penalty (Iran (Islamic Republic of), Brazil);",
			para: "5.2", text: "Abolish the death penalty", states: []string{"Iran (Islamic Republic of)", "Brazil"},
		},
		{
			name: "long name with and",
			in:   "118.74 Decriminalize consensual same-sex conduct (United Kingdom of Great Britain and Northern Ireland);",
			para: "118.74", text: "Decriminalize consensual same-sex conduct",
			states: []string{"United Kingdom of Great Britain and Northern Ireland"},
		},
		{
			name: "inverted names with commas",
			in:   "9.9 Ratify the Convention (Korea, Republic of; Congo, the Democratic Republic of the);",
			para: "9.9", text: "Ratify the Convention",
			states: []string{"Korea, Republic of", "Congo, the Democratic Republic of the"},
		},
		{
			name: "typographic apostrophe, hyphen, leading the",
			in:   "118.7 Ratify the Second Optional Protocol (Côte d’Ivoire) (Guinea-Bissau) (the Netherlands) (Lao People’s Democratic Republic);",
			para: "118.7", text: "Ratify the Second Optional Protocol",
			states: []string{"Côte d’Ivoire", "Guinea-Bissau", "the Netherlands", "Lao People’s Democratic Republic"},
		},
		{
			name: "acronym before the States",
			in:   "118.11 Ratify the Optional Protocol to the Convention (CEDAW) (Chile);",
			para: "118.11", text: "Ratify the Optional Protocol to the Convention (CEDAW)", states: []string{"Chile"},
		},
		{
			name: "ILO convention before the States",
			in:   "118.40 Ratify the Domestic Workers Convention (ILO Convention No. 189) (Philippines);",
			para: "118.40", text: "Ratify the Domestic Workers Convention (ILO Convention No. 189)", states: []string{"Philippines"},
		},
		{
			name: "years before the States",
			in:   "118.178 Implement the National Strategy (2014–2018) (Malaysia);",
			para: "118.178", text: "Implement the National Strategy (2014–2018)", states: []string{"Malaysia"},
		},
		{
			name: "OP-CAT before the States",
			in:   "118.20 Ratify the Optional Protocol (OP-CAT) (Denmark) (Estonia);",
			para: "118.20", text: "Ratify the Optional Protocol (OP-CAT)", states: []string{"Denmark", "Estonia"},
		},
		{
			name: "capitalised non-State words before the States",
			in:   "118.30 Ratify the Protocol on the Rights of Women in Africa (Maputo Protocol) (Sierra Leone);",
			para: "118.30", text: "Ratify the Protocol on the Rights of Women in Africa (Maputo Protocol)", states: []string{"Sierra Leone"},
		},
		{
			name: "lower-case bracket before the States",
			in:   "118.45 Establish an institution in line with the principles (the Paris Principles) (Ukraine);",
			para: "118.45", text: "Establish an institution in line with the principles (the Paris Principles)", states: []string{"Ukraine"},
		},
		{
			name: "brackets only inside the text",
			in:   "118.50 Ratify the Convention (CEDAW) and implement it fully;",
			para: "118.50", text: "Ratify the Convention (CEDAW) and implement it fully",
		},
		{
			name: "grouped UPR paragraph",
			in:   "118.4 Consider ratifying the Second Optional Protocol (Chile); Ratify the Second Optional Protocol (Nepal);",
			para: "118.4", text: "Consider ratifying the Second Optional Protocol Ratify the Second Optional Protocol",
			states: []string{"Chile", "Nepal"},
		},
		{
			name: "semicolon inside the recommendation is kept",
			in:   "69.3 That Algeria take measures against violence; recommends the continuation of the moratorium (Italy). );",
			para: "69.3", text: "That Algeria take measures against violence; recommends the continuation of the moratorium",
			states: []string{"Italy"},
		},
		{
			name: "2008 report: stray bracket and full stop after the State",
			in:   "69.1   The establishment of an international round table (Kuwait). );",
			para: "69.1", text: "The establishment of an international round table", states: []string{"Kuwait"},
		},
		{
			name: "2008 report: footnote number after the State",
			in:   "91.3   Accept requests for visits from special procedures (Spain)3; );",
			para: "91.3", text: "Accept requests for visits from special procedures", states: []string{"Spain"},
		},
		{
			name: "2008 report: three-level number, trailing comma",
			in:   "84.3   To ratify the Covenant (Bosnia and Herzegovina, Kyrgyzstan, Nicaragua,);",
			para: "84.3", text: "To ratify the Covenant", states: []string{"Bosnia and Herzegovina", "Kyrgyzstan", "Nicaragua"},
		},
		{
			name: "2008 report: sub-number glued to the text",
			in:   "67.17.2and increase the number of its primary schools (Qatar, Jordan, and Iran);",
			para: "67.17.2", text: "and increase the number of its primary schools", states: []string{"Qatar", "Jordan", "Iran"},
		},
		{
			name: "2008 report: doubled dot kept as written",
			in:   "78.10..1   Consider withdrawal of reservations (The Holy See)",
			para: "78.10..1", text: "Consider withdrawal of reservations", states: []string{"The Holy See"},
		},
		{
			name: "treaty body paragraph with sub-paragraphs",
			in:   "49. The Committee recommends that the State party: (a) Adopt a law; (b) Ensure its application.",
			para: "49", text: "The Committee recommends that the State party: (a) Adopt a law; (b) Ensure its application.",
		},
		{
			name: "paragraph number followed by a space only",
			in:   "49 The Committee recommends that the State party adopt a law.",
			para: "49", text: "The Committee recommends that the State party adopt a law.",
		},
		{
			name: "sub-paragraph letter",
			in:   "7 (a) Adopt a comprehensive anti-discrimination law;",
			para: "7 (a)", text: "Adopt a comprehensive anti-discrimination law",
		},
		{
			name: "bis",
			in:   "12 bis Ensure that the law is applied",
			para: "12 bis", text: "Ensure that the law is applied",
		},
		{
			name: "no paragraph, no States",
			in:   "Ratify the Optional Protocol to the Convention against Torture.",
			text: "Ratify the Optional Protocol to the Convention against Torture.",
		},
		{
			name: "a year is not a paragraph",
			in:   "2030 Agenda targets should guide the plan",
			text: "2030 Agenda targets should guide the plan",
		},
		{
			name: "a quantity is not a paragraph",
			in:   "10 per cent of the budget should go to education",
			text: "10 per cent of the budget should go to education",
		},
		{
			name: "dash after the paragraph number",
			in:   "118.23 – Ratify the Convention (Brazil);",
			para: "118.23", text: "Ratify the Convention", states: []string{"Brazil"},
		},
		{
			name: "an age range is not a paragraph",
			in:   "12-14 year-olds should stay in school",
			text: "12-14 year-olds should stay in school",
		},
		{
			name: "ordinal is not a paragraph",
			in:   "3rd cycle recommendations",
			text: "3rd cycle recommendations",
		},
		{
			name: "spaces, NBSP, line breaks, typographic quotes",
			in:   "\u00a0 118.23\u00a0Ratify the “Optional Protocol”\r\n to the Convention \t (Brazil)\u00a0;\n",
			para: "118.23", text: "Ratify the “Optional Protocol”\nto the Convention", states: []string{"Brazil"},
		},
		{
			name: "name broken over two lines",
			in:   "118.74 Decriminalize same-sex conduct (United Kingdom of Great Britain and\nNorthern Ireland);",
			para: "118.74", text: "Decriminalize same-sex conduct",
			states: []string{"United Kingdom of Great Britain and Northern Ireland"},
		},
		{
			name: "references in brackets are not States",
			in:   "12. The Committee reiterates its recommendation (CEDAW/C/SVN/CO/5-6, para. 12).",
			para: "12", text: "The Committee reiterates its recommendation (CEDAW/C/SVN/CO/5-6, para. 12).",
		},
		{
			name: "a list of acronyms is not a list of States",
			in:   "Ratify the core instruments (CAT, CERD, CCPR and CESCR)",
			text: "Ratify the core instruments (CAT, CERD, CCPR and CESCR)",
		},
		{
			name: "a lower-case aside is not a State",
			in:   "Reduce poverty among women (in terms of exclusion)",
			text: "Reduce poverty among women (in terms of exclusion)",
		},
		{
			name: "a dated order is not a State",
			in:   "Suspend the Entry Law (Temporary Order of 31 May 2003)",
			text: "Suspend the Entry Law (Temporary Order of 31 May 2003)",
		},
		{
			name: "only States",
			in:   "(Brazil);",
			text: "", states: []string{"Brazil"},
		},
		{name: "empty", in: ""},
		{name: "blank", in: " \u00a0\n\t"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := Parse(c.in)
			want := Parsed{Paragraph: c.para, Text: c.text, RecommendingStates: c.states}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.in, got, want)
			}
		})
	}
}

func TestParseWith(t *testing.T) {
	t.Parallel()
	known := map[string]bool{
		"Brazil": true, "Chile": true, "Ombudsman": false, "Korea, Republic of": true,
		"Bolivia (Plurinational State of)": true, "Beijing": false,
	}
	isState := func(name string) bool { return known[name] }
	cases := []struct {
		name   string
		in     string
		text   string
		states []string
	}{
		{"known States", "1.1 Do it (Brazil) (Chile);", "Do it", []string{"Brazil", "Chile"}},
		{"list of known States", "1.1 Do it (Brazil, Chile);", "Do it", []string{"Brazil", "Chile"}},
		{"whole group is one name", "1.1 Do it (Korea, Republic of);", "Do it", []string{"Korea, Republic of"}},
		{"nested name", "1.1 Do it (Bolivia (Plurinational State of));", "Do it", []string{"Bolivia (Plurinational State of)"}},
		// The heuristic alone would take "Beijing" and "Ombudsman" for States.
		{"capitalised word that is no State", "1.1 Follow the conference held in (Beijing).", "Follow the conference held in (Beijing).", nil},
		{"only the States part of the run", "1.1 Strengthen the office (Ombudsman) (Brazil);", "Strengthen the office (Ombudsman)", []string{"Brazil"}},
		{"one unknown name rejects the group", "1.1 Do it (Brazil, Atlantis);", "Do it (Brazil, Atlantis)", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := ParseWith(c.in, isState)
			if got.Text != c.text || !reflect.DeepEqual(got.RecommendingStates, c.states) {
				t.Errorf("ParseWith(%q) = %#v, want text %q, States %#v", c.in, got, c.text, c.states)
			}
		})
	}
	// Without the predicate the heuristic decides.
	if got := Parse("1.1 Follow the conference held in (Beijing)."); !reflect.DeepEqual(got.RecommendingStates, []string{"Beijing"}) {
		t.Errorf("heuristic: %#v", got)
	}
}

func TestSymbols(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []string
	}{
		{"See A/HRC/40/6 and its addendum A/HRC/40/6/Add.1.", []string{"A/HRC/40/6", "A/HRC/40/6/Add.1"}},
		{"CEDAW/C/SVN/CO/7, CRC/C/PER/CO/6-7; E/C.12/SVN/CO/2 (CCPR/C/SVN/CO/3) CAT/C/SVN/CO/3.",
			[]string{"CEDAW/C/SVN/CO/7", "CRC/C/PER/CO/6-7", "E/C.12/SVN/CO/2", "CCPR/C/SVN/CO/3", "CAT/C/SVN/CO/3"}},
		{"Source of position: A/HRC/40/6/Add.1 - Para. 2; again A/HRC/40/6/Add.1", []string{"A/HRC/40/6/Add.1"}},
		{"CRC/C/PER/CO/6–7 with an en dash", []string{"CRC/C/PER/CO/6-7"}},
		{"A/HRC/WG.6/20/SVN/1, A/RES/70/1, S/RES/1325 (2000), HRI/GEN/1/Rev.9, CAT/OP/SVN/1",
			[]string{"A/HRC/WG.6/20/SVN/1", "A/RES/70/1", "S/RES/1325", "HRI/GEN/1/Rev.9", "CAT/OP/SVN/1"}},
		{"HIV/AIDS, and/or, A/B testing, 24/7, X/HRC/1/2, CEDAW/C/SVN", nil},
		{"", nil},
	}
	for _, c := range cases {
		if got := Symbols(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Symbols(%q) = %#v, want %#v", c.in, got, c.want)
		}
	}
}

func TestNormalizeForHash(t *testing.T) {
	t.Parallel()
	same := []string{
		"118.23 Ratify the “Optional Protocol” — without delay (Brazil);",
		"  28.14\u00a0Ratify the \"Optional Protocol\" - without\n delay (Chile) (Brazil).",
		"Ratify the “Optional Protocol” – without  delay",
		"Ratify the „Optional Protocol“ ― without delay",
		"RATIFY THE \"OPTIONAL PROTOCOL\" - WITHOUT DELAY;",
		"Ratify the \"Optional Protocol\" - without delay.",
		"Ratify the \"Optional Protocol\" - without delay (Brazil).",
		"Ratify the \"Optional Protocol\" - without delay (Brazil; Chile)",
	}
	want := `ratify the "optional protocol" - without delay`
	for _, s := range same {
		if got := NormalizeForHash(s); got != want {
			t.Errorf("NormalizeForHash(%q) = %q, want %q", s, got, want)
		}
	}
	// NFC: a decomposed "ô" hashes like the composed one.
	if a, b := NormalizeForHash("Consult the Côte d’Ivoire delegation"), NormalizeForHash("Consult the Co\u0302te d'Ivoire delegation"); a != b {
		t.Errorf("NFC: %q != %q", a, b)
	}
	different := []string{
		"118.23 Ratify the Optional Protocol (Brazil);",
		"118.23 Ratify the Second Optional Protocol (Brazil);",
		"118.23 Sign the Optional Protocol (Brazil);",
		"118.23 Ratify the Optional Protocol (OP-CAT) (Brazil);",
	}
	seen := map[string]string{}
	for _, s := range different {
		h := NormalizeForHash(s)
		if prev, dup := seen[h]; dup {
			t.Errorf("%q and %q normalise alike: %q", prev, s, h)
		}
		seen[h] = s
	}
}

// labelled is one example of the HURIDOCS UPR benchmark files: a real text and its label,
// a string (paragraph number, bare text) or a list (recommending States).
type labelled[L any] struct {
	Text  string `json:"text"`
	Label L      `json:"label"`
}

func readLabels[L any](t *testing.T, name string) []labelled[L] {
	t.Helper()
	data, err := os.ReadFile(shareddata.Path(t, "parser", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []labelled[L]
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(out) != 217 {
		t.Fatalf("%s: %d examples, want 217", name, len(out))
	}
	return out
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// labelVocabulary maps names as the reports write them to the short names the HURIDOCS
// States labels use (their label vocabulary, huridocs_upr_paragraph_countries_options.json).
// Parse returns names as written; this is the comparison's only translation.
var labelVocabulary = map[string]string{
	"Bolivarian Republic of Venezuela": "Venezuela",
	"Congo":                            "Republic of Congo",
	"Côte d’Ivoire":                    "Cote d'Ivoire",
	"United Kingdom of Great Britain and Northern Ireland": "United Kingdom",
	"United Republic of Tanzania":                          "Tanzania",
}

// textLabelErrors are the bare-text labels that are themselves wrong, by paragraph number.
var textLabelErrors = map[string]string{
	// "(Australia)." — the last recommendation of the report ends with "." instead of ";".
	// The label removed "(Australia)" but kept the full stop, detached: "… association .".
	// Everywhere else the separator after the States (";") is dropped with them.
	"118.222": "label keeps a detached full stop left after removing the States",
}

func TestLabelledParagraphs(t *testing.T) {
	t.Parallel()
	ex := readLabels[string](t, "huridocs_upr_paragraph_numbers_labels.json")
	ok := 0
	for i, e := range ex {
		if got := Parse(e.Text).Paragraph; got != e.Label {
			t.Errorf("example %d: paragraph %q, label %q\n%s", i, got, e.Label, e.Text)
			continue
		}
		ok++
	}
	t.Logf("paragraphs %d/%d", ok, len(ex))
}

func TestLabelledText(t *testing.T) {
	t.Parallel()
	ex := readLabels[string](t, "huridocs_upr_paragraph_text_labels.json")
	ok, excluded := 0, 0
	for i, e := range ex {
		p := Parse(e.Text)
		match := collapse(p.Text) == collapse(e.Label)
		if reason, bad := textLabelErrors[p.Paragraph]; bad {
			excluded++
			if match {
				t.Errorf("example %d (%s) is listed as a label error (%s) but now matches: remove it from textLabelErrors", i, p.Paragraph, reason)
			}
			continue
		}
		if !match {
			t.Errorf("example %d: text\n got %q\nwant %q", i, p.Text, e.Label)
			continue
		}
		ok++
	}
	if excluded != len(textLabelErrors) {
		t.Errorf("%d label errors listed, %d found", len(textLabelErrors), excluded)
	}
	t.Logf("text %d/%d (%d label errors excluded)", ok, len(ex), excluded)
}

func TestLabelledStates(t *testing.T) {
	t.Parallel()
	ex := readLabels[[]string](t, "huridocs_upr_paragraph_countries_labels.json")
	ok := 0
	for i, e := range ex {
		got := toLabelVocabulary(Parse(e.Text).RecommendingStates)
		if !reflect.DeepEqual(got, e.Label) {
			t.Errorf("example %d: States %q, label %q\n%s", i, got, e.Label, e.Text)
			continue
		}
		ok++
	}
	t.Logf("States %d/%d", ok, len(ex))
}

func toLabelVocabulary(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if v, ok := labelVocabulary[n]; ok {
			n = v
		}
		out[i] = n
	}
	return out
}

// unNames reads the English short and formal names of the 193 UN Member States, for an
// isState predicate like the one the country-name matcher will give.
func unNames(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "countries", "un_member_states_193.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	names := map[string]bool{"holy see": true, "state of palestine": true}
	for _, r := range rows[1:] {
		for _, h := range []string{"unterm_english_short", "unterm_english_formal", "official_name_en"} {
			if n := r[col[h]]; n != "" {
				names[foldName(n)] = true
			}
		}
	}
	if len(names) < 193 {
		t.Fatalf("read %d names", len(names))
	}
	return names
}

func foldName(n string) string {
	n = strings.ToLower(collapse(strings.ReplaceAll(n, "’", "'")))
	return strings.TrimPrefix(n, "the ")
}

// TestLabelledWithCountryList runs the labelled States again with ParseWith and a predicate
// built from the UN Member States list, as the importer will with the country-name matcher.
func TestLabelledWithCountryList(t *testing.T) {
	t.Parallel()
	names := unNames(t)
	isState := func(n string) bool { return names[foldName(n)] }
	states := readLabels[[]string](t, "huridocs_upr_paragraph_countries_labels.json")
	texts := readLabels[string](t, "huridocs_upr_paragraph_text_labels.json")
	okStates, okText, excluded := 0, 0, 0
	for i, e := range states {
		p := ParseWith(e.Text, isState)
		if got := toLabelVocabulary(p.RecommendingStates); reflect.DeepEqual(got, e.Label) {
			okStates++
		} else {
			t.Errorf("example %d: States %q, label %q", i, got, e.Label)
		}
		if _, bad := textLabelErrors[p.Paragraph]; bad {
			excluded++
		} else if collapse(p.Text) == collapse(texts[i].Label) {
			okText++
		} else {
			t.Errorf("example %d: text %q, label %q", i, p.Text, texts[i].Label)
		}
	}
	t.Logf("with the UN list: States %d/%d, text %d/%d (%d label errors excluded)", okStates, len(states), okText, len(texts), excluded)
}

// TestUPRReportRows parses every row of the 2008–2010 UPR report extracts (PDF text with
// mojibake, one row per recommending State) and checks that the paragraph is found and that
// the row's State is among the States parsed from the text.
func TestUPRReportRows(t *testing.T) {
	t.Parallel()
	// The file's State column writes some names differently from the report text.
	aliases := map[string][]string{
		"Democratic Republic of the Congo": {"Democratic Republic of Congo"},
		"Republic of the Congo":            {"Congo"},
		"Cote d'Ivoire":                    {"Côte d’Ivoire", "Côte d'Ivoire", "Cote d’Ivoire"},
		"Laos":                             {"Lao People’s Democratic Republic"},
		"North Korea":                      {"Democratic People’s Republic of Korea"},
		"South Korea":                      {"Republic of Korea"},
		"Vietnam":                          {"Viet Nam"},
		"Russia":                           {"Russian Federation"},
		"Palestine":                        {"State of Palestine"},
	}
	for _, year := range []string{"2008", "2009", "2010"} {
		t.Run(year, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(shareddata.Path(t, "upr-reports", year+"data.csv"))
			if err != nil {
				t.Fatal(err)
			}
			data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
			r := csv.NewReader(bytes.NewReader(data))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			total, paras, found := 0, 0, 0
			for _, row := range rows[1:] {
				if len(row) < 4 || row[0] == "" {
					continue
				}
				total++
				p := Parse(macRoman(row[0]))
				if p.Paragraph != "" {
					paras++
				}
				from := strings.TrimSpace(macRoman(row[3]))
				for _, s := range p.RecommendingStates {
					if s == from || contains(aliases[from], s) || strings.Contains(s, from) {
						found++
						break
					}
				}
			}
			t.Logf("%s: %d rows, paragraph found in %d, row's State among parsed States in %d", year, total, paras, found)
			if paras != total || found*100 < total*98 {
				t.Errorf("%s: paragraphs %d/%d, States %d/%d", year, paras, total, found, total)
			}
		})
	}
}

// macRoman decodes text saved by old Excel for Mac; UTF-8 text is returned as it is.
func macRoman(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.Macintosh.NewDecoder().String(s)
	if err != nil {
		return s
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"118.23 Ratify the Optional Protocol (Brazil);",
		"118.4 A (Chile); B (Nepal);",
		"49. The Committee recommends that the State party: (a) …",
		"7 (a) Adopt",
		"12 bis Ensure",
		"69.1   X (Kuwait). );",
		"(Bolivia (Plurinational State of))",
		"((()))));;;(",
		"\u00a0 67.17.2and x (Qatar, Jordan,);",
		"78.10..1 x (Malaysia)3; );",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p := Parse(in)
		_ = NormalizeForHash(in)
		_ = Symbols(in)
		_ = ParseWith(in, func(string) bool { return true })
		if p.Paragraph == "" {
			return
		}
		if !unicode.IsDigit(rune(p.Paragraph[0])) {
			t.Fatalf("paragraph %q does not start with a digit", p.Paragraph)
		}
		// The paragraph is the input's leading token, up to spacing and invisible characters.
		if !strings.HasPrefix(visible(in), visible(p.Paragraph)) {
			t.Fatalf("paragraph %q is not a prefix of %q", p.Paragraph, in)
		}
	})
}

// visible drops whitespace and format characters.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}
