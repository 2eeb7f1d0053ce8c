// Package textparse pulls structure out of a recommendation's text when no column of the
// source file holds it: the paragraph number the text starts with, the recommending States
// that UPR reports write in brackets at the end, and the UN document symbols it cites. It also
// gives the normal form of a text used to recognise the same recommendation on a re-import.
//
// Everything here is a pure function of its arguments; nothing reads files or keeps state.
//
// The shapes handled come from UPR working group reports, OHCHR matrices and UHRI exports:
//
//	118.23 Ratify the Optional Protocol … (Brazil);
//	118.4 Consider ratifying … (Chile); Consider ratifying … (Nepal);
//	118.15 Ratify … (Costa Rica) (Finland) (Namibia);
//	86.1   Expedite ratification of the Convention against Torture (Mexico, Nigeria). );
//	49. The Committee recommends that the State party: (a) …
//
// Without a list of country names, a bracketed group counts as recommending States when it
// sits in a trailing run of groups (at the very end, or before a ";") and each name in it looks
// like a State's name: capitalised words joined by "of", "the", "and" and the like, no digits,
// no acronyms and no word such as "Protocol" or "Convention". ParseWith takes a predicate from
// a real country-name matcher instead of this heuristic.
package textparse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Parsed is what a recommendation's text says about itself.
type Parsed struct {
	// Paragraph is the number the text starts with, as written but without a final "." or ")":
	// "118.23", "49", "28.14", "7 (a)", "12 bis"; "" when there is none.
	Paragraph string
	// Text is the bare recommendation: no leading paragraph number, no recommending States
	// and no ";" or "." that followed them (a recommendation of a grouped UPR paragraph, which
	// ends in its own States and ";", is joined to the next one by a space). Punctuation the
	// recommendation itself ends with before its States is kept; a final list separator
	// (";" or ",") is dropped. Spaces (including non-breaking ones) are collapsed, line
	// breaks kept, and the text is trimmed and in Unicode NFC.
	Text string
	// RecommendingStates holds the States' names as written, without brackets, in order
	// ("Brazil", "Iran (Islamic Republic of)"); nil when the text names none.
	RecommendingStates []string
}

// Parse reads a recommendation's text, deciding what is a State's name by its shape.
func Parse(text string) Parsed {
	return ParseWith(text, nil)
}

// ParseWith reads a recommendation's text like Parse, but when isState is not nil only a
// bracketed group whose names all satisfy isState counts as recommending States (a group's
// whole content is first offered as one name, then its comma- or semicolon-separated parts).
func ParseWith(text string, isState func(name string) bool) Parsed {
	s := clean(text)
	para, body := splitParagraph(s)
	body, states := cutStates(body, isState)
	return Parsed{Paragraph: para, Text: body, RecommendingStates: states}
}

// clean makes text valid UTF-8 in NFC, turns every kind of space into " " (keeping line
// breaks), drops invisible format characters, collapses runs of spaces and blank lines, and
// trims.
func clean(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	pendingSpace, pendingBreak := false, false
	for i, r := range text {
		switch {
		case r == '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue
			}
			pendingBreak = true
		case r == '\n' || r == '\u2028' || r == '\u2029':
			pendingBreak = true
		case unicode.IsSpace(r):
			pendingSpace = true
		case isInvisible(r):
			// dropped
		default:
			if b.Len() > 0 {
				if pendingBreak {
					b.WriteByte('\n')
				} else if pendingSpace {
					b.WriteByte(' ')
				}
			}
			pendingSpace, pendingBreak = false, false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvisible reports the zero-width characters that PDF and Word exports leave in text.
func isInvisible(r rune) bool {
	switch r {
	case '\uFEFF', '\u200B', '\u00AD', '\u2060':
		return true
	}
	return false
}

// paragraphRE matches a leading paragraph number: "118.23", "49", "78.10..1" (a PDF
// artefact kept as written), optionally "7 (a)", "7(iv)" or "12 bis", then an optional "."
// or ")".
var paragraphRE = regexp.MustCompile(`^(\d{1,3}(?:\.\.?\d{1,3})*)(?: ?\((?:[a-z]|[ivx]{1,5})\)| (?:bis|ter|quater)\b)?`)

// splitParagraph separates the leading paragraph number from the rest of s.
func splitParagraph(s string) (para, rest string) {
	loc := paragraphRE.FindStringIndex(s)
	if loc == nil {
		return "", s
	}
	para = s[:loc[1]]
	end := loc[1]
	terminated := false
	if end < len(s) && (s[end] == '.' || s[end] == ')') {
		end++
		terminated = true
	}
	dotted := strings.Contains(para, ".")
	suffixed := strings.ContainsAny(para, " (")
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		switch {
		case r == ' ' || r == '\n':
		case strings.ContainsRune(",:;", r):
		case strings.ContainsRune("-–—", r) && strings.HasPrefix(s[end+utf8.RuneLen(r):], " "):
			// "118.23 – Ratify …", but not "12-14 year-olds".
		case unicode.IsLetter(r) && (dotted || terminated):
			// "67.17.2and increase …": the PDF lost the space.
		default:
			// "2030 Agenda", "10%", "3rd": a number that is part of the text.
			return "", s
		}
		if !dotted && !terminated && !suffixed && r == ' ' {
			// "10 per cent of …": a bare number followed by a lower-case word is text.
			next, _ := utf8.DecodeRuneInString(s[end+1:])
			if unicode.IsLower(next) {
				return "", s
			}
		}
	}
	rest = strings.TrimLeftFunc(s[end:], func(r rune) bool {
		return r == ' ' || r == '\n' || strings.ContainsRune(",:;-–—", r)
	})
	return para, rest
}

// brackets records the matched "(" … ")" pairs of a text by byte offset; unmatched
// brackets (stray ")" left by PDF extraction, an unclosed "(") are in none. A text has a
// few pairs, so lookups scan them rather than build tables as long as the text.
type brackets struct {
	pairs [][2]int // (offset of "(", offset of ")")
}

func matchBrackets(s string) brackets {
	var b brackets
	var stack []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			stack = append(stack, i)
		case ')':
			if n := len(stack); n > 0 {
				b.pairs = append(b.pairs, [2]int{stack[n-1], i})
				stack = stack[:n-1]
			}
		}
	}
	return b
}

// inside reports whether offset i lies within a matched pair.
func (b brackets) inside(i int) bool {
	for _, p := range b.pairs {
		if p[0] < i && i < p[1] {
			return true
		}
	}
	return false
}

// openOf gives the offset of the "(" matched by the ")" at offset c.
func (b brackets) openOf(c int) (int, bool) {
	for _, p := range b.pairs {
		if p[1] == c {
			return p[0], true
		}
	}
	return 0, false
}

// cutStates removes the recommending States from body. A grouped UPR paragraph holds
// several recommendations, each ending "(State) …;", so every segment that ends at a ";"
// outside brackets, and the last segment, is checked for a trailing run of State groups.
func cutStates(body string, isState func(string) bool) (string, []string) {
	br := matchBrackets(body)
	var (
		states  []string
		parts   []string // kept pieces of text, joined by a space
		cutPrev bool     // the previous segment ended with States that were cut
	)
	start := 0
	for start <= len(body) {
		end := start
		for end < len(body) && !(body[end] == ';' && !br.inside(end)) {
			end++
		}
		last := end >= len(body)
		seg := body[start:end]
		sep := ""
		if !last {
			sep = ";"
		}
		if runStart, names, ok := trailingStates(body, start, end, br, isState); ok {
			states = append(states, names...)
			parts = append(parts, strings.TrimSpace(body[start:runStart]))
			cutPrev = true
		} else if cutPrev && isJunk(seg) {
			// ") );" after "(Kuwait).": leftovers of the PDF extraction, dropped with the
			// States they followed.
		} else {
			parts = append(parts, strings.TrimSpace(seg)+sep)
			cutPrev = false
		}
		start = end + 1
	}
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	text := strings.TrimRightFunc(b.String(), func(r rune) bool {
		return r == ';' || r == ',' || r == ' ' || r == '\n'
	})
	return text, states
}

// isJunk reports a segment holding no letter or digit.
func isJunk(seg string) bool {
	for _, r := range seg {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// trailingStates looks for a run of State groups at the end of body[start:end], behind
// trailing punctuation, stray ")" and a footnote number. It returns where the run starts and
// the names in textual order.
func trailingStates(body string, start, end int, br brackets, isState func(string) bool) (int, []string, bool) {
	k := end
	// Skip what may follow the States: spaces, the "." of the list's last item, stray ")".
	for k > start {
		c := body[k-1]
		if c == ' ' || c == '\n' || c == '.' || c == ',' || c == ':' || c == ';' {
			k--
			continue
		}
		if c == ')' {
			if _, matched := br.openOf(k - 1); !matched {
				k--
				continue
			}
		}
		break
	}
	// A footnote number glued to the closing bracket: "(Malaysia)3;".
	if d := k; d > start {
		for d > start && k-d < 2 && body[d-1] >= '0' && body[d-1] <= '9' {
			d--
		}
		if d < k && d > start && body[d-1] == ')' {
			if _, matched := br.openOf(d - 1); matched {
				k = d
			}
		}
	}
	var groups [][]string
	runStart := -1
	for k > start && body[k-1] == ')' {
		o, matched := br.openOf(k - 1)
		if !matched || o < start {
			break
		}
		names := stateGroup(body[o+1:k-1], isState)
		if names == nil {
			break
		}
		groups = append(groups, names)
		runStart = o
		k = o
		for k > start && (body[k-1] == ' ' || body[k-1] == '\n' || body[k-1] == ',') {
			k--
		}
	}
	if runStart < 0 {
		return 0, nil, false
	}
	var names []string
	for i := len(groups) - 1; i >= 0; i-- {
		names = append(names, groups[i]...)
	}
	return runStart, names, true
}

// stateGroup returns the names in a bracketed group when they are all States, else nil.
func stateGroup(content string, isState func(string) bool) []string {
	content = strings.Join(strings.Fields(content), " ")
	if content == "" {
		return nil
	}
	if isState != nil && isState(content) {
		return []string{content}
	}
	names := splitNames(content)
	if len(names) == 0 {
		return nil
	}
	for _, n := range names {
		if isState != nil {
			if !isState(n) {
				return nil
			}
		} else if !looksLikeState(n) {
			return nil
		}
	}
	return names
}

// splitNames splits a group's content at "," and ";" outside nested brackets, drops a
// leading "and", and glues an inverted qualifier back to its name ("Korea, Republic of").
func splitNames(content string) []string {
	var raw []string
	depth, from := 0, 0
	for i := 0; i < len(content); i++ {
		switch content[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',', ';':
			if depth == 0 {
				raw = append(raw, content[from:i])
				from = i + 1
			}
		}
	}
	raw = append(raw, content[from:])
	var names []string
	for _, n := range raw {
		n = strings.TrimSpace(n)
		for _, and := range []string{"and ", "& "} {
			if strings.HasPrefix(n, and) {
				n = strings.TrimSpace(n[len(and):])
			}
		}
		if n == "" {
			continue
		}
		if len(names) > 0 && isInvertedQualifier(n) {
			names[len(names)-1] += ", " + n
			continue
		}
		names = append(names, n)
	}
	return names
}

// isInvertedQualifier reports the tail of an ISO-style inverted name: "Republic of",
// "the Democratic Republic of the", "Bolivarian Republic of".
func isInvertedQualifier(s string) bool {
	words := strings.Fields(s)
	last := strings.ToLower(words[len(words)-1])
	return last == "of" || (last == "the" && len(words) > 1)
}

// connectors may appear in lower case inside a State's name.
var connectors = map[string]bool{
	"of": true, "the": true, "and": true, "former": true,
	"de": true, "del": true, "da": true, "do": true, "dos": true, "du": true, "des": true,
	"la": true, "le": true, "les": true, "y": true, "e": true, "et": true, "&": true,
	"republic": true, // "Islamic republic of Iran" in some reports
}

// notStateWords never occur in a State's name but often in other bracketed capitalised
// phrases: "(Maputo Protocol)", "(Paris Principles)", "(Istanbul Convention)".
var notStateWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		protocol protocols convention conventions covenant covenants charter statute treaty treaties
		agreement declaration resolution principle principles rule rules guideline guidelines
		standard standards act acts law laws code bill decree ordinance regulation regulations
		directive constitution amendment article agenda goal goals plan strategy programme program
		policy framework platform roadmap initiative project campaign vision
		committee commission council court tribunal office ombudsman ombudsperson ministry
		department agency authority institute institution mechanism rapporteur procedure procedures
		organization organisation fund bank board bureau secretariat secretary unit centre center
		forum conference summit assembly parliament government police network system service
		services review report index census survey nations union foundation association party
		rights human women children persons development education health justice security gender
		equality violence protection trafficking freedom national international universal optional
		general special`) {
		notStateWords[w] = true
	}
}

// looksLikeState guesses, from its shape alone, whether name is a State's name as written
// in UN documents (English, also French and Spanish connectors): "Brazil", "the Netherlands",
// "Côte d’Ivoire", "Iran (Islamic Republic of)", "Korea, Republic of", "Guinea-Bissau".
func looksLikeState(name string) bool {
	if utf8.RuneCountInString(name) > 80 {
		return false
	}
	depth := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r), unicode.Is(unicode.Mn, r):
		case r == ' ', r == '\'', r == '’', r == '-', r == '.', r == ',', r == '&':
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return false
			}
		default:
			return false // digits, slashes, quotes, dashes of ranges …
		}
	}
	if depth != 0 {
		return false
	}
	words := strings.FieldsFunc(name, func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == ','
	})
	if len(words) == 0 || len(words) > 12 {
		return false
	}
	first := true
	capitalised := 0
	for _, w := range words {
		for _, part := range strings.Split(w, "-") {
			if part == "" {
				return false
			}
			lower := strings.ToLower(part)
			if first && lower == "the" {
				first = false
				continue
			}
			first = false
			if connectors[lower] {
				continue
			}
			// Elision: "d’Ivoire", "l'Irlande".
			for _, el := range []string{"d'", "d’", "l'", "l’"} {
				if strings.HasPrefix(part, el) && len(part) > len(el) {
					part = part[len(el):]
					lower = strings.ToLower(part)
					break
				}
			}
			part = strings.TrimSuffix(part, ".")
			if notStateWords[strings.TrimSuffix(strings.TrimSuffix(lower, "."), "’s")] {
				return false
			}
			if !capitalisedWord(part) {
				return false
			}
			capitalised++
		}
	}
	return capitalised > 0
}

// capitalisedWord reports a word of two or more letters whose only capital is the first:
// "Brazil", "People’s"; not "CEDAW", "OP", "SDGs", "a".
func capitalisedWord(w string) bool {
	n, upper := 0, 0
	for i, r := range w {
		if unicode.IsLetter(r) {
			n++
		}
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			if i != 0 {
				upper++
				continue
			}
		} else if i == 0 {
			return false
		}
	}
	return n >= 2 && upper == 0
}

// symbolRE finds candidates for UN document symbols: an upper-case prefix and slash-separated
// parts made of letters and digits joined by "." or a dash ("C.12", "Add.1", "6-7").
var symbolRE = regexp.MustCompile(`[A-Z]+(?:/[A-Za-z0-9]+(?:[.\-–‐‑][A-Za-z0-9]+)*)+`)

// symbolPrefixes are the first parts of UN document symbols that matter to human rights
// reporting: the principal organs (A, E, S), the Secretariat (ST), the treaty bodies and the
// compilations of their instruments (HRI).
var symbolPrefixes = map[string]bool{
	"A": true, "E": true, "S": true, "ST": true, "HRI": true,
	"CCPR": true, "CEDAW": true, "CERD": true, "CAT": true, "CRC": true, "CRPD": true,
	"CED": true, "CMW": true, "SPT": true,
}

// Symbols returns the UN document symbols found in text ("A/HRC/40/6", "A/HRC/40/6/Add.1",
// "CEDAW/C/SVN/CO/7", "CRC/C/PER/CO/6-7", "E/C.12/SVN/CO/2"), in order of first appearance,
// without repeats. Typographic dashes inside a symbol are written as "-".
func Symbols(text string) []string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	var out []string
	seen := map[string]bool{}
	for _, loc := range symbolRE.FindAllStringIndex(text, -1) {
		if loc[0] > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:loc[0]])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '/' || prev == '.' {
				continue
			}
		}
		sym := text[loc[0]:loc[1]]
		parts := strings.Split(sym, "/")
		if len(parts) < 3 || !symbolPrefixes[parts[0]] {
			continue
		}
		if !strings.ContainsAny(sym[len(parts[0]):], "0123456789") {
			continue
		}
		sym = strings.NewReplacer("–", "-", "‐", "-", "‑", "-").Replace(sym)
		if !seen[sym] {
			seen[sym] = true
			out = append(out, sym)
		}
	}
	return out
}

// fold writes typographic quotes, dashes and the ellipsis in ASCII.
var fold = strings.NewReplacer(
	"‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'", "`", "'", "´", "'",
	"“", `"`, "”", `"`, "„", `"`, "‟", `"`, "″", `"`, "«", `"`, "»", `"`,
	"‐", "-", "‑", "-", "‒", "-", "–", "-", "—", "-", "―", "-", "−", "-",
	"…", "...",
)

// NormalizeForHash gives the form of a recommendation's text used to recognise it again on a
// re-import: the bare recommendation (Parse: no paragraph number, no recommending States) in
// Unicode NFC, lower case, typographic quotes and dashes folded to ASCII, every run of
// whitespace one space, trimmed, and without trailing punctuation.
func NormalizeForHash(text string) string {
	return NormalizeBare(Parse(text).Text)
}

// NormalizeBare is NormalizeForHash for a text already without its paragraph number and
// recommending States (Parsed.Text), so an importer that parsed it need not parse again.
func NormalizeBare(bare string) string {
	t := fold.Replace(bare)
	t = strings.Join(strings.Fields(strings.ToLower(t)), " ")
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return r == ' ' || strings.ContainsRune(".;,:!?", r)
	})
	return norm.NFC.String(t)
}
