package indicator

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"
)

// The chart is drawn on a fixed viewBox and scales with its container; these are its
// dimensions in viewBox units.
const (
	chartWidth   = 640.0
	plotLeft     = 64.0
	plotRight    = chartWidth - 24
	plotTop      = 28.0
	plotBottom   = plotTop + 220
	legendTop    = plotBottom + 40
	legendRow    = 20.0
	maxTimeTicks = 8
)

// Series styles: each series differs from the others by colour, dash pattern and marker,
// so it can be told apart in greyscale print and by people who do not see the colours.
// Every colour has at least 4.5:1 contrast with white.
var (
	palette = []string{"#1f5fa8", "#b33d0b", "#0f7a52", "#8e1d5c", "#5b3fb3", "#5c6b00", "#86520b", "#0c6b80"}
	dashes  = []string{"", "8 4", "3 3", "10 3 2 3", "1 3"}
	markers = []string{"circle", "square", "triangle", "diamond", "cross", "triangle-down"}
)

// Reference lines (baseline, target) are grey and thin, and labelled in words.
const referenceColour = "#4a4a4a"

// ChartData is a chart laid out in viewBox units, ready for RenderSVG or a template.
type ChartData struct {
	ID                 string // prefix of element ids, unique on the page
	Width, Height      float64
	Title, Description string
	Unit               string
	Empty              bool // no values: only NoData is shown
	NoData             string
	PlotLeft, PlotTop  float64
	PlotRight          float64
	PlotBottom         float64
	XTicks, YTicks     []Tick
	ZeroY              *float64 // where the value 0 lies, when the scale crosses it
	References         []Reference
	Series             []ChartSeries
}

// Tick is one labelled position on an axis.
type Tick struct {
	Pos   float64
	Label string
}

// Reference is a dashed horizontal line: the baseline or the target.
type Reference struct {
	Label      string // e.g. "Baseline: 12.5 (2018)"
	Y          float64
	X          *float64 // where its date lies, when it has one
	Dash       string
	AlignRight bool // the target's label sits at the right, the baseline's at the left, so they never overlap
}

// ChartSeries is one line with its points and its legend entry.
type ChartSeries struct {
	Name    string
	Colour  string
	Dash    string // stroke-dasharray, "" for solid
	Marker  string // circle, square, triangle, diamond, cross, triangle-down
	Points  []ChartPoint
	LegendY float64
}

// ChartPoint is one value, with its label for the tooltip.
type ChartPoint struct {
	X, Y  float64
	Label string // e.g. "Women, 2020: 12.5"
}

// Chart lays out the indicator's values over time: one line per breakdown (the total
// when there is none), the baseline and target as dashed lines, and ticks on both axes.
// A series joins its own values; a period it lacks has no marker there, and the table
// shows the gap.
func Chart(ind Indicator, ms []Measurement, labels ChartLabels) ChartData {
	c := ChartData{
		ID: "indicator-chart", Width: chartWidth, Title: labels.Title, Description: labels.Description, Unit: ind.Unit,
		NoData: labels.NoData, PlotLeft: plotLeft, PlotTop: plotTop, PlotRight: plotRight, PlotBottom: plotBottom,
	}
	if ind.ID != 0 {
		c.ID += "-" + strconv.FormatInt(ind.ID, 10)
	}
	if len(ms) == 0 {
		c.Empty, c.Height = true, 80
		return c
	}

	// The time axis spans the values and the baseline and target dates.
	dates := periodsOf(ms)
	for _, d := range []*time.Time{ind.BaselineDate, ind.TargetDate} {
		if d != nil {
			dates = append(dates, day(*d))
		}
	}
	dates = sortedDates(dates)
	g := granularityOf(dates)
	t0, t1 := float64(dates[0].Unix()), float64(dates[len(dates)-1].Unix())
	x := func(t time.Time) float64 {
		if t1 == t0 {
			return (plotLeft + plotRight) / 2
		}
		return plotLeft + (plotRight-plotLeft)*(float64(t.Unix())-t0)/(t1-t0)
	}
	every := (len(dates) + maxTimeTicks - 1) / maxTimeTicks
	for i, d := range dates {
		if i%every == 0 {
			c.XTicks = append(c.XTicks, Tick{Pos: x(d), Label: periodLabel(d, g)})
		}
	}

	// The value axis spans the values, the baseline and the target.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, m := range ms {
		lo, hi = min(lo, m.Value), max(hi, m.Value)
	}
	for _, v := range []*float64{ind.BaselineValue, ind.TargetValue} {
		if v != nil {
			lo, hi = min(lo, *v), max(hi, *v)
		}
	}
	lo, hi, step := niceScale(lo, hi)
	y := func(v float64) float64 { return plotBottom - (plotBottom-plotTop)*(v-lo)/(hi-lo) }
	decimals := max(0, int(-math.Floor(math.Log10(step))))
	for i := 0; i <= 20 && lo+float64(i)*step <= hi+step/2; i++ {
		v := lo + float64(i)*step
		v = math.Round(v/step) * step // no 0.30000000000000004
		label := strconv.FormatFloat(v, 'f', decimals, 64)
		if labels.Number != nil {
			label = labels.Number(v)
		}
		c.YTicks = append(c.YTicks, Tick{Pos: y(v), Label: label})
	}
	if lo < 0 && hi > 0 {
		z := y(0)
		c.ZeroY = &z
	}

	addReference := func(name string, v *float64, d *time.Time, dash string, right bool) {
		if v == nil {
			return
		}
		r := Reference{Label: name + ": " + labels.number(*v), Y: y(*v), Dash: dash, AlignRight: right}
		if d != nil {
			r.Label += " (" + periodLabel(day(*d), g) + ")"
			dx := x(day(*d))
			r.X = &dx
		}
		c.References = append(c.References, r)
	}
	addReference(labels.Baseline, ind.BaselineValue, ind.BaselineDate, "6 4", false)
	addReference(labels.Target, ind.TargetValue, ind.TargetDate, "2 4", true)

	for i, s := range seriesOf(ind, ms, labels) {
		cs := ChartSeries{
			Name: s.name, Colour: palette[i%len(palette)], Dash: dashes[i%len(dashes)], Marker: markers[i%len(markers)],
			LegendY: legendTop + float64(i)*legendRow,
		}
		for _, m := range s.points {
			cs.Points = append(cs.Points, ChartPoint{X: x(m.Period), Y: y(m.Value),
				Label: s.name + ", " + periodLabel(m.Period, g) + ": " + labels.number(m.Value)})
		}
		c.Series = append(c.Series, cs)
	}
	c.Height = legendTop + float64(len(c.Series))*legendRow
	return c
}

// RenderSVG writes the chart as an inline SVG element: no script, no style attributes
// (the content security policy forbids inline styles), every text escaped.
func RenderSVG(c ChartData) string {
	var b strings.Builder
	esc := html.EscapeString
	n := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc" class="indicator-chart" font-family="sans-serif" font-size="12">`,
		n(c.Width), n(c.Height), esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Description))
	if c.Empty {
		fmt.Fprintf(&b, `<text x="%s" y="44" text-anchor="middle" fill="#333333">%s</text></svg>`, n(c.Width/2), esc(c.NoData))
		return b.String()
	}

	// Grid and axes.
	b.WriteString(`<g class="grid" stroke="#d9d9d9" stroke-width="1">`)
	for _, t := range c.YTicks {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, n(c.PlotLeft), n(t.Pos), n(c.PlotRight), n(t.Pos))
	}
	b.WriteString(`</g>`)
	if c.ZeroY != nil {
		fmt.Fprintf(&b, `<line class="zero" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#595959" stroke-width="1"/>`,
			n(c.PlotLeft), n(*c.ZeroY), n(c.PlotRight), n(*c.ZeroY))
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333" stroke-width="1"/>`,
		n(c.PlotLeft), n(c.PlotBottom), n(c.PlotRight), n(c.PlotBottom))
	b.WriteString(`<g class="ticks" fill="#333333">`)
	for _, t := range c.YTicks {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s</text>`, n(c.PlotLeft-6), n(t.Pos+4), esc(t.Label))
	}
	for _, t := range c.XTicks {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/>`, n(t.Pos), n(c.PlotBottom), n(t.Pos), n(c.PlotBottom+4))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, n(t.Pos), n(c.PlotBottom+18), esc(t.Label))
	}
	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="start">%s</text>`, n(c.PlotLeft-6), n(c.PlotTop-14), esc(c.Unit))
	}
	b.WriteString(`</g>`)

	// Baseline and target.
	for _, r := range c.References {
		fmt.Fprintf(&b, `<g class="reference" stroke="%s" fill="%s">`, referenceColour, referenceColour)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke-width="1.5" stroke-dasharray="%s"/>`,
			n(c.PlotLeft), n(r.Y), n(c.PlotRight), n(r.Y), r.Dash)
		if r.X != nil {
			b.WriteString(markerSVG("diamond", *r.X, r.Y, "", n))
		}
		tx, anchor := c.PlotLeft+4, "start"
		if r.AlignRight {
			tx, anchor = c.PlotRight-4, "end"
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" stroke="none">%s</text></g>`, n(tx), n(r.Y-5), anchor, esc(r.Label))
	}

	// The series, each with its legend entry.
	for _, s := range c.Series {
		fmt.Fprintf(&b, `<g class="series" stroke="%s" fill="%s">`, s.Colour, s.Colour)
		pts := make([]string, len(s.Points))
		for i, p := range s.Points {
			pts[i] = n(p.X) + "," + n(p.Y)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke-width="2"%s/>`, strings.Join(pts, " "), dashAttr(s.Dash))
		for _, p := range s.Points {
			b.WriteString(markerSVG(s.Marker, p.X, p.Y, p.Label, n))
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke-width="2"%s/>`,
			n(c.PlotLeft), n(s.LegendY), n(c.PlotLeft+36), n(s.LegendY), dashAttr(s.Dash))
		b.WriteString(markerSVG(s.Marker, c.PlotLeft+18, s.LegendY, "", n))
		fmt.Fprintf(&b, `<text x="%s" y="%s" stroke="none" fill="#1a1a1a">%s</text></g>`, n(c.PlotLeft+44), n(s.LegendY+4), esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func dashAttr(d string) string {
	if d == "" {
		return ""
	}
	return ` stroke-dasharray="` + d + `"`
}

// markerSVG draws a point marker centred on (x, y), about 8 units across, with a
// tooltip when title is not empty.
func markerSVG(shape string, x, y float64, title string, n func(float64) string) string {
	var d, attrs string
	switch shape {
	case "square":
		d = fmt.Sprintf("M%s %sh7v7h-7z", n(x-3.5), n(y-3.5))
	case "triangle":
		d = fmt.Sprintf("M%s %sl4.5 8h-9z", n(x), n(y-4.5))
	case "triangle-down":
		d = fmt.Sprintf("M%s %sl4.5 -8h-9z", n(x), n(y+4.5))
	case "diamond":
		d = fmt.Sprintf("M%s %sl4.5 4.5l-4.5 4.5l-4.5 -4.5z", n(x), n(y-4.5))
	case "cross":
		d, attrs = fmt.Sprintf("M%s %sl7 7m0 -7l-7 7", n(x-3.5), n(y-3.5)), ` fill="none" stroke-width="2.5"`
	default: // circle
		d = fmt.Sprintf("M%s %sa4 4 0 1 0 8 0a4 4 0 1 0 -8 0z", n(x-4), n(y))
	}
	if attrs == "" {
		attrs = ` stroke="none"`
	}
	if title == "" {
		return `<path d="` + d + `"` + attrs + `/>`
	}
	return `<path d="` + d + `"` + attrs + `><title>` + html.EscapeString(title) + `</title></path>`
}
