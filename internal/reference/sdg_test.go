package reference

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestSDGTables(t *testing.T) {
	t.Parallel()
	goals := SDGGoals()
	if len(goals) != 17 {
		t.Fatalf("%d goals, want 17", len(goals))
	}
	for i, g := range goals {
		if g.Number != i+1 || strings.TrimSpace(g.Title) == "" || g.Code() != strconv.Itoa(i+1) {
			t.Errorf("goal %d: %+v", i+1, g)
		}
		if got, ok := SDGGoal(g.Number); !ok || got != g {
			t.Errorf("SDGGoal(%d) = %+v, %v", g.Number, got, ok)
		}
	}
	for _, n := range []int{0, 18, -1} {
		if _, ok := SDGGoal(n); ok {
			t.Errorf("SDGGoal(%d) found a goal", n)
		}
	}

	targets := SDGTargets()
	if len(targets) != 169 {
		t.Errorf("%d targets, want 169", len(targets))
	}
	// Targets per goal, numbered and lettered, as adopted in 2015.
	want := map[int][2]int{
		1: {5, 2}, 2: {5, 3}, 3: {9, 4}, 4: {7, 3}, 5: {6, 3}, 6: {6, 2}, 7: {3, 2}, 8: {10, 2}, 9: {5, 3},
		10: {7, 3}, 11: {7, 3}, 12: {8, 3}, 13: {3, 2}, 14: {7, 3}, 15: {9, 3}, 16: {10, 2}, 17: {19, 0},
	}
	shape := regexp.MustCompile(`^(\d{1,2})\.(\d{1,2}|[a-z])$`)
	seen := map[string]bool{}
	numbered, lettered := map[int][]string{}, map[int][]string{}
	for _, tg := range targets {
		m := shape.FindStringSubmatch(tg.Code)
		if m == nil {
			t.Errorf("malformed target code %q", tg.Code)
			continue
		}
		if seen[tg.Code] {
			t.Errorf("duplicate target %s", tg.Code)
		}
		seen[tg.Code] = true
		if m[1] != strconv.Itoa(tg.Goal) {
			t.Errorf("%s belongs to goal %d", tg.Code, tg.Goal)
		}
		if words := len(strings.Fields(tg.Title)); words < 2 || words > 12 {
			t.Errorf("%s: title %q should be a few words", tg.Code, tg.Title)
		}
		if _, err := strconv.Atoi(m[2]); err == nil {
			numbered[tg.Goal] = append(numbered[tg.Goal], m[2])
		} else {
			lettered[tg.Goal] = append(lettered[tg.Goal], m[2])
		}
		if got, ok := SDGTarget(strings.ToUpper(tg.Code)); !ok || got != tg {
			t.Errorf("SDGTarget(%q) = %+v, %v", strings.ToUpper(tg.Code), got, ok)
		}
	}
	for g, w := range want {
		// Numbered 1…n in order, then lettered a, b, c… in order.
		for i, s := range numbered[g] {
			if s != strconv.Itoa(i+1) {
				t.Errorf("goal %d: numbered targets %v not 1…n", g, numbered[g])
				break
			}
		}
		for i, s := range lettered[g] {
			if s != string(rune('a'+i)) {
				t.Errorf("goal %d: lettered targets %v not a, b, c…", g, lettered[g])
				break
			}
		}
		if len(numbered[g]) != w[0] || len(lettered[g]) != w[1] {
			t.Errorf("goal %d: %d numbered and %d lettered targets, want %d and %d", g, len(numbered[g]), len(lettered[g]), w[0], w[1])
		}
	}
	for _, code := range []string{"", "1", "1.6", "1.c", "16.11", "18.1", "17.20", "5.2.1"} {
		if _, ok := SDGTarget(code); ok {
			t.Errorf("SDGTarget(%q) found a target", code)
		}
	}
	targets[0].Title = "changed"
	if SDGTargets()[0].Title == "changed" {
		t.Error("SDGTargets() exposes the table")
	}
}

func TestParseSDG(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		code string
		ok   bool
	}{
		// As UHRI exports write them.
		{"16.2 - Protect children from abuse, exploitation, trafficking and violence", "16.2", true},
		{"5.2 - Eliminate violence against women and girls", "5.2", true},
		{"- 16.2 - Protect children from abuse, exploitation, trafficking and violence", "16.2", true},
		{"Target 5.2", "5.2", true},
		{"target 5.2", "5.2", true},
		{"5.a", "5.a", true},
		{"5.A", "5.a", true},
		{"5.a - Equal rights to economic resources", "5.a", true},
		{"SDG 16.2", "16.2", true},
		{"SDG16.2", "16.2", true},
		{"SDG Target 16.10", "16.10", true},
		{"SDG target 17.19: data", "17.19", true},
		{"  10.7  ", "10.7", true},
		{"16.2.", "16.2", true},
		{"Meta 5.2", "5.2", true},
		{"Cible 5.2", "5.2", true},
		{"Objetivo 16.2", "16.2", true},
		{"目标16.2", "16.2", true},

		// Goals alone.
		{"Goal 5", "5", true},
		{"goal 5: Gender equality", "5", true},
		{"5 - Gender equality", "5", true},
		{"5. Gender equality", "5", true},
		{"SDG 5", "5", true},
		{"SDG5", "5", true},
		{"5", "5", true},
		{"17", "17", true},
		{"Goal 05", "5", true},

		// Not a goal or target.
		{"", "", false},
		{"Gender equality", "", false},
		{"18", "", false},
		{"0", "", false},
		{"Goal 18", "", false},
		{"16.11", "", false},
		{"1.6", "", false},
		{"5.x", "", false},
		{"5.ab", "", false},
		{"16.2.1", "", false},
		{"123", "", false},
		{"5a", "", false},
		{"SDGs", "", false},
		{"Goalkeeper 5", "", false},
	}
	for _, c := range cases {
		code, ok := ParseSDG(c.in)
		if code != c.code || ok != c.ok {
			t.Errorf("ParseSDG(%q) = %q, %v; want %q, %v", c.in, code, ok, c.code, c.ok)
		}
	}
	// Every target's own code and its "code - title" form parse to themselves.
	for _, tg := range SDGTargets() {
		for _, in := range []string{tg.Code, tg.Code + " - " + tg.Title, "Target " + tg.Code} {
			if code, ok := ParseSDG(in); !ok || code != tg.Code {
				t.Errorf("ParseSDG(%q) = %q, %v", in, code, ok)
			}
		}
	}
}
