package reference

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// countryByISO3 maps an alpha-3 code to its row in countries.
var countryByISO3 = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(countries))
	for i, c := range countries {
		m[c.ISO3] = i
	}
	return m
})

// countryNames maps every name key (see countryKey) to its row in countries.
var countryNames = sync.OnceValue(func() map[string]int {
	m, _ := buildCountryNames()
	return m
})

// buildCountryNames indexes the official names in six languages and the aliases. A
// name written "X (Y)" is indexed as written and turned round ("Y X"). For official
// names the bare "X" is indexed too ("Iran", "Боливия") unless another State already
// has that key; aliases do not give their bare part ("Korea (Republic of)" must not
// take "Korea"). conflicts lists keys claimed by two States, which the tests require
// to be empty.
func buildCountryNames() (m map[string]int, conflicts []string) {
	m = make(map[string]int, len(countries)*12)
	type entry struct {
		row      int
		name     string
		official bool
	}
	var entries []entry
	for i, c := range countries {
		for _, n := range c.Name.all() {
			entries = append(entries, entry{i, n, true})
		}
		for _, n := range countryAliases[c.ISO3] {
			entries = append(entries, entry{i, n, false})
		}
	}
	var bare []entry
	for _, e := range entries {
		full, inverted, outer := nameForms(e.name)
		for _, k := range []string{full, inverted} {
			if k == "" {
				continue
			}
			if prev, ok := m[k]; ok && prev != e.row {
				conflicts = append(conflicts, fmt.Sprintf("%q: %s and %s (from %q)", k, countries[prev].ISO3, countries[e.row].ISO3, e.name))
				continue
			}
			m[k] = e.row
		}
		if outer != "" && e.official {
			bare = append(bare, entry{e.row, outer, true})
		}
	}
	for _, e := range bare {
		if _, ok := m[e.name]; !ok {
			m[e.name] = e.row
		}
	}
	sort.Strings(conflicts)
	return m, conflicts
}

// lookupKeys returns the keys to try for a name, most specific first: as written,
// turned round, the part before a bracket, and last the name without a leading
// designation ("the Republic of Slovenia" → "slovenia", "the Kingdom of Spain").
func lookupKeys(name string) []string {
	full, inverted, outer := nameForms(name)
	keys := make([]string, 0, 4)
	for _, k := range []string{full, inverted, outer} {
		if k != "" {
			keys = append(keys, k)
		}
	}
	for _, d := range designations {
		if rest, ok := strings.CutPrefix(full, d+" "); ok {
			keys = append(keys, rest)
			break
		}
	}
	return keys
}

// designations start formal names of States; as keys ("of" and "the" dropped), longest
// first. They are only tried after the full name, so "Democratic Republic of the
// Congo" stays the Democratic Republic of the Congo.
var designations = []string{
	"federal democratic republic", "democratic socialist republic", "peoples democratic republic",
	"co operative republic", "independent state", "federal republic", "islamic republic",
	"peoples republic", "federative republic", "eastern republic",
	"democratic republic", "socialist republic", "republic union", "hashemite kingdom",
	"grand duchy", "principality", "commonwealth", "sultanate", "republic", "kingdom",
	"state", "union",
}

// squashedCountryNames maps the normalized names with every space removed to their
// row, for text that lost its spaces ("bosniaandherzegovina", "SriLanka").
var squashedCountryNames = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(countries)*10)
	for i, c := range countries {
		for _, n := range append(c.Name.all(), countryAliases[c.ISO3]...) {
			if k := squash(n); len(k) >= 4 {
				if _, taken := m[k]; !taken {
					m[k] = i
				}
			}
		}
	}
	return m
})

func squash(name string) string {
	return strings.ReplaceAll(NormalizeName(name), " ", "")
}

// nameForms returns the key of a name as written and, for a name ending in a bracketed
// part that is not an article ("Iran (Islamic Republic of)"), the key of its turned
// round form ("Islamic Republic of Iran") and of the part before the bracket ("Iran").
func nameForms(name string) (full, inverted, outer string) {
	full = countryKey(name)
	s := strings.TrimRight(norm.NFKC.String(name), " \t*†‡")
	if !strings.HasSuffix(s, ")") {
		return full, "", ""
	}
	open := strings.LastIndexByte(s, '(')
	if open <= 0 {
		return full, "", ""
	}
	inner, head := s[open+1:len(s)-1], s[:open]
	if articles[strings.TrimSpace(fold(inner))] {
		return full, "", ""
	}
	inverted = countryKey(inner + " " + head)
	outer = countryKey(head)
	if inverted == full {
		inverted = ""
	}
	if outer == full || outer == inverted {
		outer = ""
	}
	return full, inverted, outer
}

// countryKeyDrop are words left out of country keys.
var countryKeyDrop = map[string]bool{"the": true, "of": true, "and": true}

// countryKeyAbbrev spells out abbreviations found in country names.
var countryKeyAbbrev = map[string]string{
	"rep": "republic", "dem": "democratic", "fed": "federated", "sts": "states",
	"st": "saint", "ste": "sainte", "is": "islands", "isl": "islands",
}

// countryKey is NormalizeName without "the", "of" and "and", with abbreviations spelt
// out and runs of single letters joined ("U.S.A." → "usa", "D.R. Congo" → "dr congo").
func countryKey(s string) string {
	words := strings.Fields(NormalizeName(s))
	out := make([]string, 0, len(words))
	letters := ""
	flush := func() {
		if letters != "" {
			out = append(out, letters)
			letters = ""
		}
	}
	for _, w := range words {
		if len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' {
			letters += w
			continue
		}
		flush()
		if countryKeyDrop[w] {
			continue
		}
		if long, ok := countryKeyAbbrev[w]; ok {
			w = long
		}
		out = append(out, w)
	}
	flush()
	return strings.Join(out, " ")
}
