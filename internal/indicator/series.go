package indicator

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ChartLabels are the words of a chart and its table in the reader's language; the
// caller translates them, this package only places them.
type ChartLabels struct {
	Title       string // the chart's accessible name, usually the indicator's title
	Description string // a sentence or two for screen readers, e.g. pointing to the table
	Baseline    string // e.g. "Baseline"
	Target      string // e.g. "Target"
	Total       string // the values without breakdown, e.g. "Total"
	NoData      string // shown when there are no values yet
	// SeriesName names a breakdown, e.g. {"sex": "female"} → "Women". When nil, the values
	// are joined with ", " in the order of the indicator's grounds.
	SeriesName func(d map[string]string) string
	// Number writes a value the reader's way; when nil, with a point for decimals.
	Number func(float64) string
}

// series is one breakdown's values in period order: a line of the chart, a column of the table.
type series struct {
	name   string
	points []Measurement
}

// seriesOf groups values by breakdown: the total first, then the breakdowns in a stable order.
func seriesOf(ind Indicator, ms []Measurement, labels ChartLabels) []series {
	byKey := map[string]*series{}
	var keys []string
	for _, m := range ms {
		k := disaggregationKey(m.Disaggregation)
		s, ok := byKey[k]
		if !ok {
			s = &series{name: seriesName(ind, m.Disaggregation, labels)}
			byKey[k] = s
			keys = append(keys, k)
		}
		s.points = append(s.points, m)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if (a == "{}") != (b == "{}") {
			if a == "{}" {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	out := make([]series, len(keys))
	for i, k := range keys {
		s := byKey[k]
		slices.SortStableFunc(s.points, func(a, b Measurement) int { return a.Period.Compare(b.Period) })
		out[i] = *s
	}
	return out
}

func seriesName(ind Indicator, d map[string]string, labels ChartLabels) string {
	if len(d) == 0 {
		return labels.Total
	}
	if labels.SeriesName != nil {
		return labels.SeriesName(d)
	}
	var parts []string
	for _, g := range ind.Disaggregations {
		if v, ok := d[g]; ok {
			parts = append(parts, v)
		}
	}
	if len(parts) < len(d) { // a ground the indicator no longer lists: still name it
		for _, g := range slices.Sorted(maps.Keys(d)) {
			if !slices.Contains(ind.Disaggregations, g) {
				parts = append(parts, d[g])
			}
		}
	}
	return strings.Join(parts, ", ")
}

// Granularity of periods, from the dates themselves: all on 1 January are years.
type granularity int

const (
	byYear granularity = iota
	byMonth
	byDay
)

func granularityOf(dates []time.Time) granularity {
	g := byYear
	for _, t := range dates {
		switch {
		case t.Day() != 1:
			return byDay
		case t.Month() != time.January:
			g = byMonth
		}
	}
	return g
}

// periodLabel writes a period as ISO 8601 does, which reads the same in every language.
func periodLabel(t time.Time, g granularity) string {
	switch g {
	case byYear:
		return t.Format("2006")
	case byMonth:
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}

// periodsOf returns the distinct periods of ms in order.
func periodsOf(ms []Measurement) []time.Time {
	out := make([]time.Time, len(ms))
	for i, m := range ms {
		out[i] = m.Period
	}
	return sortedDates(out)
}

// sortedDates sorts dates and drops repeats, in place.
func sortedDates(ts []time.Time) []time.Time {
	slices.SortFunc(ts, time.Time.Compare)
	return slices.CompactFunc(ts, time.Time.Equal)
}

// formatNumber writes v with a point for decimals, rounded to six significant digits so
// stored values like 0.30000000000000004 read as 0.3.
func formatNumber(v float64) string {
	if v == 0 || !finite(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func (l ChartLabels) number(v float64) string {
	if l.Number != nil {
		return l.Number(v)
	}
	return formatNumber(v)
}

// TableData is the chart's data as a table: one row per period, one column per series.
type TableData struct {
	Unit   string
	Series []string // column headers, in the chart's order
	Rows   []TableRow
}

// TableRow is one period.
type TableRow struct {
	Period time.Time
	Label  string      // e.g. "2024", "2024-03"
	Cells  []TableCell // one per series; Present is false where a series has no value
}

// TableCell is one value.
type TableCell struct {
	Present      bool
	Value        float64
	Text         string // the value as the reader writes numbers
	Source, Note string
}

// Table lays out the values for the accessible table beside the chart, with the same
// series names as its legend.
func Table(ind Indicator, ms []Measurement, labels ChartLabels) TableData {
	ss := seriesOf(ind, ms, labels)
	periods := periodsOf(ms)
	g := granularityOf(periods)
	t := TableData{Unit: ind.Unit}
	for _, s := range ss {
		t.Series = append(t.Series, s.name)
	}
	for _, p := range periods {
		row := TableRow{Period: p, Label: periodLabel(p, g), Cells: make([]TableCell, len(ss))}
		for i, s := range ss {
			if j := slices.IndexFunc(s.points, func(m Measurement) bool { return m.Period.Equal(p) }); j >= 0 {
				m := s.points[j]
				row.Cells[i] = TableCell{Present: true, Value: m.Value, Text: labels.number(m.Value), Source: m.Source, Note: m.Note}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// niceScale widens [lo, hi] to round numbers and returns a step of 1, 2 or 5 times a
// power of ten that gives about five ticks.
func niceScale(lo, hi float64) (float64, float64, float64) {
	if lo == hi { // one value, or all equal: give it room above and below
		pad := math.Abs(lo) / 10
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	raw := (hi - lo) / 4
	exp := math.Pow(10, math.Floor(math.Log10(raw)))
	var step float64
	switch f := raw / exp; {
	case f <= 1:
		step = exp
	case f <= 2:
		step = 2 * exp
	case f <= 5:
		step = 5 * exp
	default:
		step = 10 * exp
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}
