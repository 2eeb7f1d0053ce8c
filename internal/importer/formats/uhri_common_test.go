package formats

import (
	"slices"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

func TestUHRINormHeader(t *testing.T) {
	t.Parallel()
	same := [][]string{
		{"Reccomending Body", "Recommending Body", "recommending  body", "RECOMMENDING_BODY"},
		{"UPR Reccomending States", "UPR Recommending States", "upr recommending-states"},
		{"OHCHR Annotation Id", "OHCHR annotation ID", " ohchr annotation id "},
		{"Thèmes", "Themes", "THÉMES"},
		{"Recomendación", "recomendacion"},
	}
	for _, group := range same {
		for _, h := range group[1:] {
			if a, b := uhriNormHeader(group[0]), uhriNormHeader(h); a != b {
				t.Errorf("uhriNormHeader(%q) = %q, uhriNormHeader(%q) = %q: want equal", group[0], a, h, b)
			}
		}
	}
	// The Spanish spelling keeps one m.
	if got := uhriNormHeader("Recomendación"); got != "recomendacion" {
		t.Errorf("uhriNormHeader(Recomendación) = %q", got)
	}
	for _, h := range uhriTestHeadersOHCHR {
		if _, ok := uhriHeaderIndex[uhriNormHeader(h)]; !ok {
			t.Errorf("documented header %q not recognised", h)
		}
	}
}

func TestUHRISplitLines(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"Slovenia", []string{"Slovenia"}},
		{"- Slovenia", []string{"Slovenia"}},
		{"- Slovenia\n- Croatia", []string{"Slovenia", "Croatia"}},
		{"- Slovenia\r\n\r\n-   Croatia  \r\n", []string{"Slovenia", "Croatia"}},
		{"- Guinea-Bissau\n- Timor-Leste", []string{"Guinea-Bissau", "Timor-Leste"}},
		{"-\n- Chile", []string{"Chile"}},
	}
	for _, c := range cases {
		if got := uhriSplitLines(c.in); !slices.Equal(got, c.want) {
			t.Errorf("uhriSplitLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := genericSplit("Droits de l'enfant; Torture\n- Femmes"); !slices.Equal(got, []string{"Droits de l'enfant", "Torture", "Femmes"}) {
		t.Errorf("genericSplit = %q", got)
	}
}

func TestUHRIParseDate(t *testing.T) {
	t.Parallel()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"43539", d(2019, 3, 15), true},
		{"43539.75", d(2019, 3, 15), true},
		{"36526", d(2000, 1, 1), true},
		{"2019-03-15", d(2019, 3, 15), true},
		{"2019-03-15T00:00:00", d(2019, 3, 15), true},
		{"2019-03-15T10:30:00Z", d(2019, 3, 15), true},
		{"2019-03-15T10:30:00.123+01:00", d(2019, 3, 15), true},
		{"15/03/2019", d(2019, 3, 15), true},
		{"5/3/2019", d(2019, 3, 5), true},
		{"03/15/2019", d(2019, 3, 15), true},
		{"15.03.2019", d(2019, 3, 15), true},
		{"15/03/2019 00:00:00", d(2019, 3, 15), true},
		{"15 March 2019", d(2019, 3, 15), true},
		{"March 15, 2019", d(2019, 3, 15), true},
		{"/Date(1552608000000)/", d(2019, 3, 15), true},
		{"31/02/2019", time.Time{}, false},
		{"15/13/2019", time.Time{}, false},
		{"2019", time.Time{}, false}, // a bare year is not a serial from 1905
		{"soon", time.Time{}, false},
		{"-5", time.Time{}, false},
	}
	for _, c := range cases {
		got, ok := uhriParseDate(c.in)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("uhriParseDate(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if s := uhriSerial(2019, 3, 15); s != 43539 {
		t.Errorf("serial of 2019-03-15 = %v, want 43539", s)
	}
}

func TestUHRITypePosition(t *testing.T) {
	t.Parallel()
	types := []struct {
		in        []string
		want, bad string
	}{
		{nil, record.TypeRecommendation, ""},
		{[]string{"Recommendations"}, record.TypeRecommendation, ""},
		{[]string{"Concerns/Observations"}, record.TypeConcern, ""},
		{[]string{"Concerns/Observations", "Recommendations"}, record.TypeRecommendation, ""},
		{[]string{"concerns / observations"}, record.TypeConcern, ""},
		{[]string{"Voluntary pledge"}, record.TypePledge, ""},
		{[]string{"Recommandation"}, record.TypeRecommendation, ""},
		{[]string{"Opinion"}, record.TypeRecommendation, "Opinion"},
	}
	for _, c := range types {
		if got, bad := uhriType(c.in); got != c.want || bad != c.bad {
			t.Errorf("uhriType(%q) = %q, %q; want %q, %q", c.in, got, bad, c.want, c.bad)
		}
	}
	positions := []struct {
		in        []string
		want, bad string
	}{
		{nil, record.PositionNone, ""},
		{[]string{""}, record.PositionNone, ""},
		{[]string{"Supported"}, record.PositionSupported, ""},
		{[]string{"Noted"}, record.PositionNoted, ""},
		{[]string{"Partially supported"}, record.PositionPartial, ""},
		{[]string{"Supported", "Noted"}, record.PositionPartial, ""},
		{[]string{"Acceptée"}, record.PositionSupported, ""},
		{[]string{"Prise en note"}, record.PositionNoted, ""},
		{[]string{"Aceptada"}, record.PositionSupported, ""},
		{[]string{"Under consideration"}, record.PositionNone, "Under consideration"},
	}
	for _, c := range positions {
		if got, bad := uhriPosition(c.in); got != c.want || bad != c.bad {
			t.Errorf("uhriPosition(%q) = %q, %q; want %q, %q", c.in, got, bad, c.want, c.bad)
		}
	}
}

func TestUHRISDGTargets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   []string
		want []string
		bad  string
	}{
		{nil, nil, ""},
		{[]string{"16.2 - Protect children from abuse, exploitation, trafficking and violence"}, []string{"16.2"}, ""},
		{[]string{"16.10 - Ensure public access to information"}, []string{"16.10"}, ""},
		{[]string{"5.a - Undertake reforms to give women equal rights", "5.A"}, []string{"5.a"}, ""},
		{[]string{"16.2, 16.3"}, []string{"16.2", "16.3"}, ""},
		{[]string{"1.1"}, []string{"1.1"}, ""},
		{[]string{"16.2 - x", "Goal 5 - Gender equality"}, []string{"16.2"}, "Goal 5 - Gender equality"},
		{[]string{"162"}, nil, "162"},
	}
	for _, c := range cases {
		got, bad := uhriSDGTargets(c.in)
		if !slices.Equal(got, c.want) || bad != c.bad {
			t.Errorf("uhriSDGTargets(%q) = %q, %q; want %q, %q", c.in, got, bad, c.want, c.bad)
		}
	}
}

func TestUHRIMechanism(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"UPR":                       record.MechanismUPR,
		"Universal Periodic Review": record.MechanismUPR,
		"Working Group on the Universal Periodic Review":               record.MechanismUPR,
		"Committee on the Elimination of Discrimination against Women": record.MechanismTreaty,
		"Human Rights Committee":                                       record.MechanismTreaty,
		"Subcommittee on Prevention of Torture":                        record.MechanismTreaty,
		"CEDAW":                                                        record.MechanismTreaty,
		"Comité des droits de l'enfant":                                record.MechanismTreaty,
		"Treaty body":                                                  record.MechanismTreaty,
		"treaty_body":                                                  record.MechanismTreaty,
		"Special Rapporteur on the right to food":                      record.MechanismSpecial,
		"Independent Expert on sexual orientation and gender identity": record.MechanismSpecial,
		"Working Group on Arbitrary Detention":                         record.MechanismSpecial,
		"Relatora Especial sobre la violencia contra la mujer":         record.MechanismSpecial,
		"special_procedure":                                            record.MechanismSpecial,
		"Inter-American Commission on Human Rights":                    record.MechanismRegional,
		"European Committee for the Prevention of Torture":             record.MechanismRegional,
		"":                    "",
		"Ministry of Justice": "",
		"Catalonia office":    "",
	}
	for in, want := range cases {
		if got := uhriMechanism(in); got != want {
			t.Errorf("uhriMechanism(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUHRINumbers(t *testing.T) {
	t.Parallel()
	ints := []struct {
		in   string
		want int
		ok   bool
	}{{"", 0, true}, {"34", 34, true}, {" 34.0 ", 34, true}, {"40th session", 40, true},
		{"34.5", 0, false}, {"none", 0, false}}
	for _, c := range ints {
		if got, ok := uhriParseInt(c.in); got != c.want || ok != c.ok {
			t.Errorf("uhriParseInt(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	cycles := map[int]int{0: 0, 1: 1, 12: 1, 13: 2, 20: 2, 26: 2, 27: 3, 34: 3, 40: 3, 41: 4, 48: 4, 55: 4}
	for s, want := range cycles {
		if got := uhriCycleFromSession(s); got != want {
			t.Errorf("uhriCycleFromSession(%d) = %d, want %d", s, got, want)
		}
	}
	for id, want := range map[string]bool{
		"3f2504e0-4f89-11d3-9a0c-0305e82c3301": true, "3F2504E0-4F89-11D3-9A0C-0305E82C3301": true,
		"3f2504e0-4f89-11d3-9a0c-0305e82c330": false, "3f2504e0f4f89-11d3-9a0c-0305e82c3301": false,
		"3f2504e0-4f89-11d3-9a0c-0305e82c330g": false, "not-a-uuid": false,
	} {
		if got := uhriValidUUID(uhriNormUUID(id)); got != want {
			t.Errorf("uhriValidUUID(%q) = %v, want %v", id, got, want)
		}
	}
	if got := uhriNormUUID(" {3F2504E0-4F89-11D3-9A0C-0305E82C3301} "); got != "3f2504e0-4f89-11d3-9a0c-0305e82c3301" {
		t.Errorf("uhriNormUUID = %q", got)
	}
}
