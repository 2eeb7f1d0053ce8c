package reference

import (
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

func TestKindsMatchImportRecord(t *testing.T) {
	t.Parallel()
	for got, want := range map[string]string{
		KindUPR:              record.MechanismUPR,
		KindTreatyBody:       record.MechanismTreaty,
		KindSpecialProcedure: record.MechanismSpecial,
		KindRegional:         record.MechanismRegional,
	} {
		if got != want {
			t.Errorf("kind %q differs from record's %q", got, want)
		}
	}
	if KindUPR != "upr" || KindTreatyBody != "treaty_body" || KindSpecialProcedure != "special_procedure" || KindRegional != "regional" {
		t.Error("kind strings changed; they are stored in the database")
	}
}

func TestBodiesTable(t *testing.T) {
	t.Parallel()
	all := Bodies()
	treaty := map[string]string{}
	kinds := map[string]int{}
	seen := map[string]bool{}
	for _, b := range all {
		up := strings.ToUpper(b.Code)
		if seen[up] {
			t.Errorf("duplicate body code %s", b.Code)
		}
		seen[up] = true
		kinds[b.Kind]++
		switch b.Kind {
		case KindUPR, KindTreatyBody, KindSpecialProcedure, KindRegional:
		default:
			t.Errorf("%s: unknown kind %q", b.Code, b.Kind)
		}
		if b.Kind == KindTreatyBody {
			treaty[b.Code] = b.Name.EN
		}
		n := b.Name
		for lang, name := range map[string]string{"en": n.EN, "fr": n.FR, "es": n.ES, "ru": n.RU, "ar": n.AR, "zh": n.ZH} {
			if strings.TrimSpace(name) == "" {
				t.Errorf("%s: no %s name", b.Code, lang)
			}
		}
		if got, ok := BodyByCode(strings.ToLower(b.Code)); !ok || got.Code != b.Code {
			t.Errorf("BodyByCode(%q) = %+v, %v", strings.ToLower(b.Code), got, ok)
		}
		// Each body is classified as itself by its code and by each of its names.
		for _, name := range append([]string{b.Code}, n.all()...) {
			if kind, code := ClassifyBody(name); kind != b.Kind || code != b.Code {
				t.Errorf("ClassifyBody(%q) = %q, %q; want %q, %q", name, kind, code, b.Kind, b.Code)
			}
		}
	}
	wantTreaty := map[string]string{
		"CCPR":  "Human Rights Committee",
		"CESCR": "Committee on Economic, Social and Cultural Rights",
		"CERD":  "Committee on the Elimination of Racial Discrimination",
		"CEDAW": "Committee on the Elimination of Discrimination against Women",
		"CAT":   "Committee against Torture",
		"SPT":   "Subcommittee on Prevention of Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
		"CRC":   "Committee on the Rights of the Child",
		"CMW":   "Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families",
		"CRPD":  "Committee on the Rights of Persons with Disabilities",
		"CED":   "Committee on Enforced Disappearances",
	}
	if len(treaty) != 10 {
		t.Errorf("%d treaty bodies, want 10: %v", len(treaty), treaty)
	}
	for code, name := range wantTreaty {
		if treaty[code] != name {
			t.Errorf("treaty body %s is named %q, want %q", code, treaty[code], name)
		}
	}
	if kinds[KindUPR] != 1 || kinds[KindSpecialProcedure] != 1 || kinds[KindRegional] < 10 {
		t.Errorf("bodies per kind = %v", kinds)
	}
	for code := range bodyAliases {
		if !seen[strings.ToUpper(code)] {
			t.Errorf("aliases for unknown body %s", code)
		}
	}
	if _, conflicts := buildBodyNames(); len(conflicts) > 0 {
		t.Errorf("body name keys claimed twice:\n%s", strings.Join(conflicts, "\n"))
	}
	all[0].Code = "changed"
	if Bodies()[0].Code == "changed" {
		t.Error("Bodies() exposes the table")
	}
	if _, ok := BodyByCode("HRC"); ok {
		t.Error(`BodyByCode("HRC") found a body; the Human Rights Council issues no recommendations of its own here`)
	}
}

func TestClassifyBody(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, kind, code string }{
		// As UHRI-FORMAT.md shows them.
		{"UPR", KindUPR, "UPR"},
		{"Committee on the Elimination of Discrimination against Women", KindTreatyBody, "CEDAW"},
		{"Special Rapporteur on the right to food", KindSpecialProcedure, "SP"},

		{"upr", KindUPR, "UPR"},
		{"Universal Periodic Review", KindUPR, "UPR"},
		{"Working Group on the Universal Periodic Review", KindUPR, "UPR"},
		{"CEDAW", KindTreatyBody, "CEDAW"},
		{" cedaw ", KindTreatyBody, "CEDAW"},
		{"Committee on Elimination of Discrimination Against Women", KindTreatyBody, "CEDAW"},
		{"COMMITTEE ON THE ELIMINATION OF  DISCRIMINATION AGAINST WOMEN", KindTreatyBody, "CEDAW"},
		{"the Committee on the Elimination of Discrimination against Women", KindTreatyBody, "CEDAW"},
		{"Committee on the Elimination of Discrimination against Women (CEDAW)", KindTreatyBody, "CEDAW"},
		{"Comité pour l'élimination de la discrimination à l'égard des femmes", KindTreatyBody, "CEDAW"},
		{"Committee against Torture", KindTreatyBody, "CAT"},
		{"Committee Against Torture", KindTreatyBody, "CAT"},
		{"Committee against Torture (CAT)", KindTreatyBody, "CAT"},
		{"Committee on the Rights of the Child", KindTreatyBody, "CRC"},
		{"Committee on Rights of the Child", KindTreatyBody, "CRC"},
		{"Human Rights Committee", KindTreatyBody, "CCPR"},
		{"CCPR", KindTreatyBody, "CCPR"},
		{"Committee on Economic, Social and Cultural Rights", KindTreatyBody, "CESCR"},
		{"Committee on Economic Social and Cultural Rights", KindTreatyBody, "CESCR"},
		{"Committee on the Elimination of Racial Discrimination", KindTreatyBody, "CERD"},
		{"Committee on Enforced Disappearances", KindTreatyBody, "CED"},
		{"Committee on Migrant Workers", KindTreatyBody, "CMW"},
		{"Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families", KindTreatyBody, "CMW"},
		{"Committee on the Protection of the Rights of all Migrant Workers and Members of their Families", KindTreatyBody, "CMW"},
		{"Committee on the Rights of Persons with Disabilities", KindTreatyBody, "CRPD"},
		{"Subcommittee on Prevention of Torture", KindTreatyBody, "SPT"},
		{"Subcommittee on Prevention of Torture and other Cruel, Inhuman or Degrading Treatment or Punishment", KindTreatyBody, "SPT"},
		{"Sub-Committee on Prevention of Torture and Other Cruel, Inhuman or Degrading Treatment", KindTreatyBody, "SPT"},
		{"Subcommittee on the Prevention of Torture", KindTreatyBody, "SPT"},
		{"SPT", KindTreatyBody, "SPT"},

		{"Special Rapporteur on violence against women, its causes and consequences", KindSpecialProcedure, "SP"},
		{"special rapporteur on the situation of human rights defenders", KindSpecialProcedure, "SP"},
		{"Independent Expert on sexual orientation and gender identity", KindSpecialProcedure, "SP"},
		{"Working Group on Arbitrary Detention", KindSpecialProcedure, "SP"},
		{"Working Group on Enforced or Involuntary Disappearances", KindSpecialProcedure, "SP"},
		{"Working Group of Experts on People of African Descent", KindSpecialProcedure, "SP"},
		{"Rapporteuse spéciale sur la violence contre les femmes", KindSpecialProcedure, "SP"},
		{"Relator Especial sobre el derecho a la alimentación", KindSpecialProcedure, "SP"},
		{"Специальный докладчик по вопросу о праве на питание", KindSpecialProcedure, "SP"},
		{"المقرر الخاص المعني بالحق في الغذاء", KindSpecialProcedure, "SP"},
		{"食物权问题特别报告员", KindSpecialProcedure, "SP"},
		{"Special Procedures", KindSpecialProcedure, "SP"},

		{"IACHR", KindRegional, "IACHR"},
		{"Inter-American Commission on Human Rights", KindRegional, "IACHR"},
		{"Comisión Interamericana de Derechos Humanos", KindRegional, "IACHR"},
		{"Inter-American Court of Human Rights", KindRegional, "IACtHR"},
		{"Corte IDH", KindRegional, "IACtHR"},
		{"African Commission on Human and Peoples' Rights", KindRegional, "ACHPR"},
		{"ACHPR", KindRegional, "ACHPR"},
		{"European Court of Human Rights", KindRegional, "ECtHR"},
		{"ECtHR", KindRegional, "ECtHR"},
		{"European Committee of Social Rights", KindRegional, "ECSR"},
		{"GREVIO", KindRegional, "GREVIO"},
		{"GRETA", KindRegional, "GRETA"},
		{"CPT", KindRegional, "CPT"},
		{"European Committee for the Prevention of Torture", KindRegional, "CPT"},
		{"ECRI", KindRegional, "ECRI"},
		{"European Commission against Racism and Intolerance", KindRegional, "ECRI"},
		{"Venice Commission", KindRegional, "VENICE"},

		{"", "", ""},
		{"   ", "", ""},
		{"Human Rights Council", "", ""},
		{"Committee", "", ""},
		{"Special", "", ""},
		{"Ministry of Justice", "", ""},
		{"Treaty bodies", "", ""},
	}
	for _, c := range cases {
		kind, code := ClassifyBody(c.in)
		if kind != c.kind || code != c.code {
			t.Errorf("ClassifyBody(%q) = %q, %q; want %q, %q", c.in, kind, code, c.kind, c.code)
		}
	}
}

func TestBodyFromSymbol(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, kind, code string }{
		// As UHRI-FORMAT.md shows them.
		{"A/HRC/40/6", KindUPR, "UPR"},
		{"CEDAW/C/SVN/CO/7", KindTreatyBody, "CEDAW"},
		{"CRC/C/PER/CO/6-7", KindTreatyBody, "CRC"},
		{"A/HRC/40/6/Add.1", "", ""},

		{"CCPR/C/SVN/CO/4", KindTreatyBody, "CCPR"},
		{"CCPR/CO/84/SVN", KindTreatyBody, "CCPR"},
		{"E/C.12/SVN/CO/2", KindTreatyBody, "CESCR"},
		{"CERD/C/SVN/CO/8-11", KindTreatyBody, "CERD"},
		{"CAT/C/SVN/CO/3", KindTreatyBody, "CAT"},
		{"CAT/OP/SVN/1", KindTreatyBody, "SPT"},
		{"CMW/C/MEX/CO/3", KindTreatyBody, "CMW"},
		{"CRPD/C/SVN/CO/1", KindTreatyBody, "CRPD"},
		{"CED/C/MEX/CO/1", KindTreatyBody, "CED"},
		{"CRC/C/OPAC/SVN/CO/1", KindTreatyBody, "CRC"},
		{" cedaw/c/svn/co/7 ", KindTreatyBody, "CEDAW"},
		{"A/HRC/20/15", KindUPR, "UPR"},
		{"A/HRC/34/15", KindUPR, "UPR"},
		{"A/HRC/WG.6/34/SVN/1", KindUPR, "UPR"},
		{"A/HRC/34/15/Add.1", "", ""},
		{"A/HRC/40/52/Add.2", "", ""},
		{"A/HRC/40/6/Add. 1", "", ""},
		{"A/HRC/19/12/Corr.1", "", ""},
		{"CPT/Inf (2017) 27", KindRegional, "CPT"},
		{"GREVIO/Inf(2017)6", KindRegional, "GREVIO"},
		{"GRETA(2019)04", KindRegional, "GRETA"},
		{"CDL-AD(2020)001", KindRegional, "VENICE"},

		{"", "", ""},
		{"A/HRC/40", "", ""},
		{"A/RES/70/1", "", ""},
		{"E/CN.4/2005/72/Add.1", "", ""},
		{"CEDAWX/C/1", "", ""},
	}
	for _, c := range cases {
		kind, code := BodyFromSymbol(c.in)
		if kind != c.kind || code != c.code {
			t.Errorf("BodyFromSymbol(%q) = %q, %q; want %q, %q", c.in, kind, code, c.kind, c.code)
		}
	}
}
