package reference

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sdgLabels are words files put before an SDG code, in the six languages, longest
// first where one starts another.
var sdgLabels = []string{
	"sdgs", "sdg", "goals", "goal", "targets", "target", "objectives", "objective",
	"objectifs", "objectif", "objetivos", "objetivo", "cibles", "cible", "metas", "meta",
	"odd", "ods", "цель", "цели", "задача", "задачи", "цур",
	"الهدف", "الغاية", "具体目标", "目标",
}

// ParseSDG reads an SDG cell value as UHRI exports, OHCHR matrices and people write
// it, and returns the code it names:
//   - a target: "16.2 - Protect children from abuse, exploitation, trafficking and
//     violence" → "16.2"; "Target 5.2" → "5.2"; "SDG 16.2" → "16.2"; "5.A" → "5.a";
//   - a goal only: "Goal 5", "SDG 5", "5 - Gender equality", "5" → "5" (the goal
//     number as text; look it up with SDGGoal, and tell it from a target by the
//     absence of a dot).
//
// ok is false when the value names no real goal or target ("18", "16.11", "5.x"),
// holds an indicator ("16.2.1") rather than a target, or has no code at all. A leading
// list mark ("- ") and labels such as "SDG", "Goal", "Target", "Objetivo", "Cible"
// before the code are ignored, in any case.
func ParseSDG(value string) (code string, ok bool) {
	s := strings.ToLower(strings.TrimSpace(value))
	s = strings.TrimLeft(s, "-–—•*· \t")
	for changed := true; changed; {
		changed = false
		for _, l := range sdgLabels {
			rest, found := strings.CutPrefix(s, l)
			if !found {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(rest); rest != "" && unicode.IsLetter(r) {
				continue // a longer word, not the label
			}
			s = strings.TrimLeft(rest, " \t:#-–.")
			changed = true
			break
		}
	}

	goalDigits, rest := leadingDigits(s)
	if goalDigits == "" || len(goalDigits) > 2 {
		return "", false
	}
	goal, _ := strconv.Atoi(goalDigits)
	if goal < 1 || goal > len(sdgGoals) {
		return "", false
	}
	if !strings.HasPrefix(rest, ".") || len(rest) < 2 || !isASCIIAlnum(rest[1]) {
		// A goal alone: "5", "5 - Gender equality", "5. Gender equality".
		if rest != "" && isASCIIAlnum(rest[0]) {
			return "", false
		}
		return strconv.Itoa(goal), true
	}
	rest = rest[1:]
	var sub string
	if d, after := leadingDigits(rest); d != "" {
		if len(d) > 2 {
			return "", false
		}
		n, _ := strconv.Atoi(d)
		sub, rest = strconv.Itoa(n), after
	} else {
		sub, rest = rest[:1], rest[1:]
	}
	if rest != "" && (isASCIIAlnum(rest[0]) || rest[0] == '.' && len(rest) > 1 && isASCIIAlnum(rest[1])) {
		return "", false // "5.ab", "16.2.1"
	}
	code = strconv.Itoa(goal) + "." + sub
	if _, ok := SDGTarget(code); !ok {
		return "", false
	}
	return code, true
}

// leadingDigits splits s after its leading ASCII digits.
func leadingDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

func isASCIIAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z'
}
