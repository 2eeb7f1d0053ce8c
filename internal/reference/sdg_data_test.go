package reference

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

// TestSDGGoalsMatchSharedData compares the goals with the English SDG goal list kept in
// the shared data.
func TestSDGGoalsMatchSharedData(t *testing.T) {
	t.Parallel()
	tb := readCSV(t, shareddata.Path(t, "sdg", "sdg_goals.csv"))
	goal, short := tb.col(t, "goal"), tb.col(t, "short_title")
	if len(tb.rows) != 17 {
		t.Errorf("the list has %d goals, want 17", len(tb.rows))
	}
	seen := map[int]bool{}
	for _, row := range tb.rows {
		n, err := strconv.Atoi(cell(row, goal))
		if err != nil {
			t.Errorf("goal %q: %v", cell(row, goal), err)
			continue
		}
		seen[n] = true
		g, ok := SDGGoal(n)
		if !ok {
			t.Errorf("goal %d is missing", n)
			continue
		}
		if !strings.EqualFold(NormalizeName(g.Title), NormalizeName(cell(row, short))) {
			t.Logf("goal %d: our short title %q, the list's %q", n, g.Title, cell(row, short))
		}
	}
	for _, g := range SDGGoals() {
		if !seen[g.Number] {
			t.Errorf("goal %d is not in the list", g.Number)
		}
	}
}

// TestSDGTargetsMatchSharedData requires the 169 target codes to be exactly those of
// the English SDG target list kept in the shared data, each under the same goal, and
// the list's "code - title" form to parse.
func TestSDGTargetsMatchSharedData(t *testing.T) {
	t.Parallel()
	tb := readCSV(t, shareddata.Path(t, "sdg", "sdg_targets.csv"))
	goal, target, title := tb.col(t, "goal"), tb.col(t, "target"), tb.col(t, "title")
	theirs := map[string]bool{}
	for _, row := range tb.rows {
		code := cell(row, target)
		theirs[code] = true
		tg, ok := SDGTarget(code)
		if !ok {
			t.Errorf("target %s is missing", code)
			continue
		}
		if strconv.Itoa(tg.Goal) != cell(row, goal) {
			t.Errorf("target %s: goal %d, the list says %s", code, tg.Goal, cell(row, goal))
		}
		// UHRI writes "code - full title"; the full title must not confuse ParseSDG.
		if got, ok := ParseSDG(code + " - " + cell(row, title)); !ok || got != code {
			t.Errorf("ParseSDG of %s with its full title = %q, %v", code, got, ok)
		}
	}
	var extra []string
	for _, tg := range SDGTargets() {
		if !theirs[tg.Code] {
			extra = append(extra, tg.Code)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 || len(theirs) != 169 {
		t.Errorf("the list has %d targets; ours not in it: %v", len(theirs), extra)
	}
	if len(tb.rows) != len(theirs) {
		t.Errorf("the list has %d rows for %d targets", len(tb.rows), len(theirs))
	}
}
