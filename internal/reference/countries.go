package reference

import (
	"slices"
	"strings"
)

// Country is a State that can be reviewed or can recommend: one of the 193 UN Member
// States or one of the two non-member observer States (the Holy See and the State of
// Palestine).
type Country struct {
	ISO3     string // ISO 3166-1 alpha-3, e.g. "SVN"
	ISO2     string // ISO 3166-1 alpha-2, e.g. "SI"
	Name     Names  // UN short name in the six languages, without bracketed articles
	Observer bool   // a non-member observer State rather than a Member State
}

// Countries returns the 193 Member States in the order of their English names, then the
// two observer States.
func Countries() []Country {
	return slices.Clone(countries)
}

// CountryByCode finds a State by its ISO 3166-1 alpha-3 code, in any case.
func CountryByCode(iso3 string) (Country, bool) {
	i, ok := countryByISO3()[strings.ToUpper(strings.TrimSpace(iso3))]
	if !ok {
		return Country{}, false
	}
	return countries[i], true
}

// CountryByName finds a State by a name as UN documents and databases write it: the
// UN short name in any of the six languages (with or without its bracketed article),
// common short names ("Syria", "UK", "DR Congo"), inverted forms ("Korea, Republic
// of"), and old names still found in files ("Swaziland", "the former Yugoslav Republic
// of Macedonia", "Libyan Arab Jamahiriya", "Burma"). Case, accents, punctuation,
// spacing and the words "the", "of" and "and" do not matter (see NormalizeName); a
// formal name is found through its short name ("the Republic of Slovenia"), and a name
// that lost its spaces is found too ("bosniaandherzegovina"). Misspellings are not
// guessed at.
// It does not accept ISO codes: use CountryByCode for those.
func CountryByName(name string) (Country, bool) {
	idx := countryNames()
	for _, key := range lookupKeys(name) {
		if i, ok := idx[key]; ok {
			return countries[i], true
		}
	}
	if i, ok := squashedCountryNames()[squash(name)]; ok {
		return countries[i], true
	}
	return Country{}, false
}
