package reference

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Goal is one of the 17 Sustainable Development Goals.
type Goal struct {
	Number int    // 1–17
	Title  string // short English title, e.g. "Gender equality"
}

// Code is the goal number as text ("5"), the form ParseSDG returns for a goal.
func (g Goal) Code() string { return strconv.Itoa(g.Number) }

// Target is one of the 169 SDG targets.
type Target struct {
	Code  string // "1.1", "5.a", "17.19"
	Goal  int    // the goal it belongs to
	Title string // a short English title of a few words
}

// SDGGoals returns the 17 goals in order.
func SDGGoals() []Goal {
	return slices.Clone(sdgGoals)
}

// SDGGoal finds a goal by its number.
func SDGGoal(n int) (Goal, bool) {
	if n < 1 || n > len(sdgGoals) {
		return Goal{}, false
	}
	return sdgGoals[n-1], true
}

// SDGTargets returns the 169 targets, goal by goal, numbered targets before lettered.
func SDGTargets() []Target {
	return slices.Clone(sdgTargets)
}

// SDGTarget finds a target by its code ("16.2", "5.a"; the letter in any case).
func SDGTarget(code string) (Target, bool) {
	i, ok := sdgTargetIndex()[strings.ToLower(strings.TrimSpace(code))]
	if !ok {
		return Target{}, false
	}
	return sdgTargets[i], true
}

var sdgTargetIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(sdgTargets))
	for i, t := range sdgTargets {
		m[t.Code] = i
	}
	return m
})
