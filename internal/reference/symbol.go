package reference

import (
	"regexp"
	"strings"
)

// symbolPrefixes map the start of a UN document symbol (upper-cased, spaces removed) to
// the body that issues it. Longer prefixes come first.
var symbolPrefixes = []struct {
	prefix, kind, code string
}{
	{"CAT/OP/", KindTreatyBody, "SPT"},
	{"CAT/C/OP/", KindTreatyBody, "SPT"},
	{"CAT/", KindTreatyBody, "CAT"},
	{"CCPR/", KindTreatyBody, "CCPR"},
	{"E/C.12/", KindTreatyBody, "CESCR"},
	{"CERD/", KindTreatyBody, "CERD"},
	{"CEDAW/", KindTreatyBody, "CEDAW"},
	{"CRC/", KindTreatyBody, "CRC"},
	{"CMW/", KindTreatyBody, "CMW"},
	{"CRPD/", KindTreatyBody, "CRPD"},
	{"CED/", KindTreatyBody, "CED"},
	{"A/HRC/WG.6/", KindUPR, "UPR"}, // national report, compilation and summary for a review

	// Regional bodies' own numbering.
	{"CPT/INF", KindRegional, "CPT"},
	{"GREVIO/INF", KindRegional, "GREVIO"},
	{"GREVIO(", KindRegional, "GREVIO"},
	{"GRETA(", KindRegional, "GRETA"},
	{"CDL-AD(", KindRegional, "VENICE"},
	{"CDL-PI(", KindRegional, "VENICE"},
	{"CDL-REF(", KindRegional, "VENICE"},
	{"COMMDH(", KindRegional, "CommDH"},
	{"ACFC/", KindRegional, "ACFC"},
	{"GRECO", KindRegional, "GRECO"},
	{"OEA/SER.L/V/II", KindRegional, "IACHR"},
}

var (
	// uprReport is a UPR working group report, A/HRC/<session>/<number>.
	uprReport = regexp.MustCompile(`^A/HRC/\d+/\d+$`)
	// hrcAddendum is an addendum to a Human Rights Council document.
	hrcAddendum = regexp.MustCompile(`^A/HRC/\d+/\d+/ADD\.\d+`)
)

// BodyFromSymbol tells which body issued a document from its UN symbol:
//   - treaty bodies by their prefix: "CEDAW/C/SVN/CO/7" → ("treaty_body", "CEDAW"),
//     "CCPR/C/…" → CCPR, "E/C.12/…" → CESCR, "CRC/C/…" → CRC, "CAT/C/…" → CAT,
//     "CAT/OP/…" → SPT, and CERD, CMW, CRPD and CED likewise;
//   - "A/HRC/<session>/<n>" → ("upr", "UPR"), taken as a UPR working group report, and
//     the review's own documents "A/HRC/WG.6/…" likewise;
//   - "A/HRC/<session>/<n>/Add.<k>" → ("", ""): the State's responses to its UPR review
//     or a special procedure's country-visit report; the caller decides;
//   - a few regional symbols ("CPT/Inf (2017) 27", "GREVIO/Inf(2017)6", "GRETA(2019)04",
//     "CDL-AD(2020)001") → ("regional", code);
//   - anything else, corrigenda of A/HRC documents included → ("", "").
//
// Case and spaces do not matter.
func BodyFromSymbol(symbol string) (kind, code string) {
	s := strings.ToUpper(strings.Join(strings.Fields(symbol), ""))
	if s == "" {
		return "", ""
	}
	switch {
	case uprReport.MatchString(s):
		return KindUPR, "UPR"
	case hrcAddendum.MatchString(s):
		return "", ""
	}
	for _, p := range symbolPrefixes {
		if strings.HasPrefix(s, p.prefix) {
			return p.kind, p.code
		}
	}
	return "", ""
}
