package reference

import (
	"html"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeName reduces a name to a form in which spelling differences that do not
// matter disappear, so that names written by different files and people compare equal:
//   - HTML entities are decoded ("&#40;" → "(") and "&" reads as "and";
//   - letters are lower-cased, compatibility forms unified (full-width brackets and
//     letters), accents and other combining marks removed ("Côte" → "cote", Arabic
//     vowel marks dropped), and a few letters without a decomposition spelled out
//     ("ø" → "o", "æ" → "ae", "ß" → "ss");
//   - trailing footnote marks ("Holy See *") are dropped;
//   - a trailing article in brackets, as UN terminology writes it, is dropped:
//     "Bahamas (the)", "Afghanistan (l')", "Países Bajos (los)";
//   - an inverted form with one comma is turned round when the part after the comma
//     ends like a designation ("Korea, Republic of" → "republic of korea",
//     "Gambia, The", "Congo, Dem. Rep."), but not ordinary commas ("Economic, Social
//     and Cultural Rights");
//   - apostrophes are removed ("People's" → "peoples"), any other punctuation becomes
//     a space, runs of spaces collapse, and a leading "the" is dropped.
//
// The result is meant for comparison and lookup keys, never for display.
func NormalizeName(s string) string {
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	s = fold(s)
	s = strings.TrimRight(s, " \t*†‡")
	s = stripArticle(s)
	s = uninvert(s)
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.ReplaceAll(s, "'", "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)
	words := strings.Fields(s)
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// letterFolds spells out lower-case letters that have no canonical decomposition.
var letterFolds = map[rune]string{
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ı': "i", 'þ': "th", 'ð': "d",
}

// fold lower-cases s, applies compatibility decomposition (full-width forms become
// ASCII), removes combining marks and writes every apostrophe-like character as "'".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch r {
		case '\u2019', '\u2018', '\u02bc', '`', '\u00b4', '\u2032':
			r = '\''
		}
		if f, ok := letterFolds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// articles are the bracketed articles UN terminology appends to short names.
var articles = map[string]bool{
	"the": true, "le": true, "la": true, "les": true, "l'": true, "l": true,
	"el": true, "los": true, "las": true,
}

// stripArticle removes a trailing "(the)", "(l')", "(los)"… from a folded name.
func stripArticle(s string) string {
	if !strings.HasSuffix(s, ")") {
		return s
	}
	open := strings.LastIndexByte(s, '(')
	if open < 0 {
		return s
	}
	if articles[strings.TrimSpace(s[open+1:len(s)-1])] {
		return strings.TrimSpace(s[:open])
	}
	return s
}

// designationEnds are the last words of the part after the comma in inverted names.
var designationEnds = map[string]bool{
	"of": true, "the": true, "de": true, "del": true, "du": true, "d'": true, "des": true,
	"rep": true, "republic": true, "kingdom": true, "state": true, "states": true,
	"sts": true, "fyr": true, "rb": true, "pdr": true, "dpr": true,
}

// uninvert turns "korea, republic of" into "republic of korea".
func uninvert(s string) string {
	if strings.Count(s, ",") != 1 {
		return s
	}
	head, tail, _ := strings.Cut(s, ",")
	words := strings.Fields(tail)
	if len(words) == 0 || len(words) > 6 {
		return s
	}
	last := strings.Trim(words[len(words)-1], ".")
	if !designationEnds[last] {
		return s
	}
	return strings.TrimSpace(tail) + " " + strings.TrimSpace(head)
}
