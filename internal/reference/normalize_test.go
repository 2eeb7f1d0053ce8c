package reference

import "testing"

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Côte d'Ivoire":                "cote divoire",
		"Cote d’Ivoire":                "cote divoire",
		"  CÔTE  D'IVOIRE ":            "cote divoire",
		"The Gambia":                   "gambia",
		"Gambia, The":                  "gambia",
		"Bahamas (the)":                "bahamas",
		"Afghanistan (l')":             "afghanistan",
		"Côte d'Ivoire (la)":           "cote divoire",
		"Países Bajos (los)":           "paises bajos",
		"Korea, Republic of":           "republic of korea",
		"Congo, Democratic Republic":   "democratic republic congo",
		"Tanzania, United Republic of": "united republic of tanzania",
		"Iran (Islamic Republic of)":   "iran islamic republic of",
		"Bosnia & Herzegovina":         "bosnia and herzegovina",
		"Trinidad &amp; Tobago":        "trinidad and tobago",
		"&#40;Unknown&#41;":            "unknown",
		"Guinea-Bissau":                "guinea bissau",
		"Democratic People's Republic": "democratic peoples republic",
		"São Tomé and Príncipe":        "sao tome and principe",
		"Türkiye":                      "turkiye",
		"Committee on Economic, Social and Cultural Rights": "committee on economic social and cultural rights",
		"Østergaard":      "ostergaard",
		"Ёлка":            "елка",
		"إيران":           "ايران",
		"The":             "the",
		"":                "",
		"the Netherlands": "netherlands",
	}
	for in, want := range cases {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNamesIn(t *testing.T) {
	t.Parallel()
	n := Names{EN: "Slovenia", FR: "Slovénie", ZH: "斯洛文尼亚"}
	cases := map[string]string{
		"fr": "Slovénie", "fr-CH": "Slovénie", "zh-Hans": "斯洛文尼亚", "ZH": "斯洛文尼亚",
		"en": "Slovenia", "es": "Slovenia", "": "Slovenia", "de": "Slovenia",
	}
	for lang, want := range cases {
		if got := n.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
}
