package timeline

import (
	"encoding/xml"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The drawing is laid out in user units for a fixed viewBox whose proportions suit an
// A4 landscape page; the SVG itself scales to the width of the page or of the printout.
// Positions are computed as if time ran left to right, then mirrored for RTL.
const (
	width      = 1120.0
	margin     = 8.0
	labelWidth = 300.0
	gap        = 12.0
	plotStart  = margin + labelWidth + gap // 320
	plotEnd    = width - 16.0
	plotWidth  = plotEnd - plotStart
	indent     = 12.0

	todayBand = 16.0 // the "Today" label above the axis
	yearRow   = 32.0 // baseline of the years
	monthRow  = 46.0 // baseline of the months
	headerH   = 54.0
	groupH    = 26.0
	rowH      = 26.0
	barH      = 14.0
	laneH     = 16.0

	baseFont  = 12.0
	tickFont  = 11.0
	smallFont = 10.0
	idPrefix  = "nmrf-tl-"
)

// Colours, each at least 4.5:1 against white for text and 3:1 for shapes (WCAG AA); the
// test checks them. Overdue is also a striped pattern and a word, never colour alone.
const (
	colText      = "#1a1a1a"
	colMuted     = "#4a4a4a"
	colLink      = "#0b57a4"
	colBar       = "#2b6cb0"
	colDueSoon   = "#8a4b00"
	colOverdue   = "#b3261e"
	colMilestone = "#1a1a1a"
	colToday     = "#5b2a86"
	colDeadline  = "#3d3d3d"
	colGrid      = "#d0d7de"
	colGroupBand = "#e8edf2"
	colRowBand   = "#f5f7f9"
	colWhite     = "#ffffff"
)

// RenderSVG draws the chart as one self-contained SVG element to put inline in a page.
// All text is escaped; it uses no script, no style element or attribute (the page's
// Content-Security-Policy forbids inline styles) and no web fonts. Classes on every
// part let the page's stylesheet adjust print or high-contrast modes.
func RenderSVG(c Chart) string {
	r := renderer{c: c, l: c.Labels.withDefaults()}
	return r.render()
}

type renderer struct {
	c Chart
	l Labels
	b strings.Builder
}

// x mirrors a logical position for right-to-left charts.
func (r *renderer) x(v float64) float64 {
	if r.c.RTL {
		return width - v
	}
	return v
}

// pos is where a day's start falls on the plot, unclipped.
func (r *renderer) pos(t time.Time) float64 {
	days := r.c.To.Sub(r.c.From).Hours()/24 + 1
	return plotStart + plotWidth*(t.Sub(r.c.From).Hours()/24)/days
}

// mid is the middle of a day on the plot.
func (r *renderer) mid(t time.Time) float64 { return r.pos(t.Add(12 * time.Hour)) }

func (r *renderer) visible(t time.Time) bool { return !t.Before(r.c.From) && !t.After(r.c.To) }

func (r *renderer) render() string {
	rows := 0
	for _, g := range r.c.Groups {
		rows += len(g.Entries)
	}
	// Lay out the deadline labels first: they decide the height.
	lanes := r.layoutDeadlines()
	rowsTop := headerH
	rowsBottom := rowsTop
	for _, g := range r.c.Groups {
		if g.Name != "" {
			rowsBottom += groupH
		}
		rowsBottom += rowH * float64(len(g.Entries))
	}
	if rows == 0 {
		rowsBottom += rowH
	}
	laneCount := 0
	for _, d := range lanes {
		laneCount = max(laneCount, d.lane+1)
	}
	height := rowsBottom + float64(laneCount)*laneH + 8

	dir := "ltr"
	if r.c.RTL {
		dir = "rtl"
	}
	r.printf(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="timeline" viewBox="0 0 %s %s" width="100%%" preserveAspectRatio="xMidYMin meet" role="graphics-document" direction="%s" font-family="sans-serif" font-size="%s" fill="%s"`,
		num(width), num(height), dir, num(baseFont), colText)
	if r.l.Title != "" {
		r.printf(` aria-labelledby="%stitle"`, idPrefix)
	}
	r.b.WriteString(">")
	if r.l.Title != "" {
		r.printf(`<title id="%stitle">%s</title>`, idPrefix, esc(r.l.Title))
	}
	r.printf(`<defs><pattern id="%soverdue" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="8" height="8" fill="%s"/><rect width="3" height="8" fill="%s"/></pattern></defs>`, idPrefix, colOverdue, colWhite)

	r.axis(rowsBottom)
	y := rowsTop
	band := 0
	for _, g := range r.c.Groups {
		r.b.WriteString(`<g class="group">`)
		if g.Name != "" {
			r.printf(`<rect class="group-band" x="0" y="%s" width="%s" height="%s" fill="%s"/>`, num(y), num(width), num(groupH), colGroupBand)
			r.printf(`<text class="group-heading" role="heading" aria-level="2" x="%s" y="%s" text-anchor="start" font-weight="bold" font-size="13">%s</text>`,
				num(r.x(margin)), num(y+groupH/2+4.5), esc(fit(g.Name, width-2*margin, 13)))
			y += groupH
		}
		for _, e := range g.Entries {
			r.entry(e, y, band%2 == 1)
			y += rowH
			band++
		}
		r.b.WriteString(`</g>`)
	}
	if rows == 0 && r.l.Empty != "" {
		r.printf(`<text class="empty" x="%s" y="%s" text-anchor="start" fill="%s">%s</text>`,
			num(r.x(margin)), num(y+rowH/2+4), colMuted, esc(r.l.Empty))
	}
	r.deadlines(lanes, rowsTop, rowsBottom)
	r.today(rowsBottom)
	r.b.WriteString(`</svg>`)
	return r.b.String()
}

// axis draws the month grid, the month names and the years, and the plot's frame.
func (r *renderer) axis(rowsBottom float64) {
	r.b.WriteString(`<g class="axis" aria-hidden="true">`)
	for i, t := range r.c.Ticks {
		start := t.Month
		if start.Before(r.c.From) {
			start = r.c.From
		}
		end := t.Month.AddDate(0, 1, 0)
		if i+1 < len(r.c.Ticks) {
			end = r.c.Ticks[i+1].Month
		}
		if end.After(r.c.To.AddDate(0, 0, 1)) {
			end = r.c.To.AddDate(0, 0, 1)
		}
		x0 := r.pos(start)
		if !t.Month.Before(r.c.From) {
			r.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`,
				num(r.x(x0)), num(yearRow-10), num(r.x(x0)), num(rowsBottom), colGrid)
		}
		if t.Label != "" {
			r.printf(`<text class="month" x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s">%s</text>`,
				num(r.x((x0+r.pos(end))/2)), num(monthRow), num(tickFont), colMuted, esc(t.Label))
		}
		if t.ShowYear {
			r.printf(`<text class="year" x="%s" y="%s" text-anchor="start" font-size="%s" font-weight="bold" fill="%s">%d</text>`,
				num(r.x(x0+3)), num(yearRow), num(tickFont), colMuted, t.Year)
		}
	}
	edge := r.pos(r.c.To.AddDate(0, 0, 1))
	r.printf(`<line class="axis-line" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`,
		num(r.x(plotStart)), num(headerH), num(r.x(edge)), num(headerH), colMuted)
	r.b.WriteString(`</g>`)
}

// entry draws one action's row: its linked title, its bar or diamond, its milestones.
func (r *renderer) entry(e Entry, y float64, shaded bool) {
	class := "action"
	switch {
	case e.Overdue:
		class += " overdue"
	case e.DueSoon:
		class += " due-soon"
	}
	r.printf(`<g class="%s" data-action="%d">`, class, e.ID)
	if shaded {
		r.printf(`<rect class="row-band" x="0" y="%s" width="%s" height="%s" fill="%s"/>`, num(y), num(width), num(rowH), colRowBand)
	}
	name := r.accessibleName(e)
	title := esc(fit(e.Title, labelWidth-indent, baseFont))
	ty := num(y + rowH/2 + 4)
	if href, ok := safeHref(e.Href); ok {
		r.printf(`<a class="action-link" href="%s" xlink:href="%s"><title>%s</title><text x="%s" y="%s" text-anchor="start" fill="%s" text-decoration="underline">%s</text></a>`,
			esc(href), esc(href), esc(name), num(r.x(margin+indent)), ty, colLink, title)
	} else {
		r.printf(`<g class="action-label"><title>%s</title><text x="%s" y="%s" text-anchor="start">%s</text></g>`,
			esc(name), num(r.x(margin+indent)), ty, title)
	}

	mid := y + rowH/2
	lo, hi, drawn := r.mark(e, y, name)
	if !drawn && e.Start == nil && e.Due == nil && r.l.NoDates != "" {
		r.printf(`<text class="no-dates" x="%s" y="%s" text-anchor="start" font-size="%s" font-style="italic" fill="%s">%s</text>`,
			num(r.x(plotStart+4)), ty, num(smallFont), colMuted, esc(r.l.NoDates))
	}
	r.badge(e, lo, hi, drawn, ty)
	for _, m := range e.Milestones {
		if r.visible(m.Date) {
			r.milestone(m, mid)
		}
	}
	r.b.WriteString(`</g>`)
}

// mark draws the bar (start to due), the diamond (due only) or the start marker (start
// only), clipped to the chart. It returns the logical extent it covers.
func (r *renderer) mark(e Entry, y float64, name string) (lo, hi float64, drawn bool) {
	fill, stroke := colBar, colBar
	class := "bar"
	switch {
	case e.Overdue:
		fill, stroke, class = "url(#"+idPrefix+"overdue)", colOverdue, "bar overdue"
	case e.DueSoon:
		fill, stroke, class = colDueSoon, colDueSoon, "bar due-soon"
	}
	// The bar repeats what the linked title already says, so screen readers skip it;
	// its title still shows on hover.
	open := func() { r.printf(`<g class="mark" aria-hidden="true"><title>%s</title>`, esc(name)) }
	mid := y + rowH/2
	switch {
	case e.Start != nil && e.Due != nil:
		end := e.Due.AddDate(0, 0, 1) // the due day is part of the bar
		if e.Due.Before(r.c.From) || e.Start.After(r.c.To) {
			return 0, 0, false
		}
		x0 := max(r.pos(*e.Start), plotStart)
		x1 := min(r.pos(end), r.pos(r.c.To.AddDate(0, 0, 1)))
		x1 = max(x1, x0+2) // a one-day action stays visible on a long axis
		if e.Start.Before(r.c.From) {
			class += " clipped-start"
		}
		if e.Due.After(r.c.To) {
			class += " clipped-end"
		}
		open()
		left := math.Min(r.x(x0), r.x(x1))
		r.printf(`<rect class="%s" x="%s" y="%s" width="%s" height="%s" rx="2" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			class, num(left), num(mid-barH/2), num(x1-x0), num(barH), fill, stroke)
		r.b.WriteString(`</g>`)
		return x0, x1, true
	case e.Due != nil:
		if !r.visible(*e.Due) {
			return 0, 0, false
		}
		cx := r.mid(*e.Due)
		const s = 7.0
		open()
		r.printf(`<polygon class="%s" points="%s,%s %s,%s %s,%s %s,%s" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			strings.Replace(class, "bar", "due-only", 1),
			num(r.x(cx)), num(mid-s), num(r.x(cx+s)), num(mid), num(r.x(cx)), num(mid+s), num(r.x(cx-s)), num(mid), fill, stroke)
		r.b.WriteString(`</g>`)
		return cx - s, cx + s, true
	case e.Start != nil:
		if !r.visible(*e.Start) {
			return 0, 0, false
		}
		x0 := r.pos(*e.Start)
		open()
		// A triangle pointing the way time runs: begun, no end set.
		r.printf(`<polygon class="start-only" points="%s,%s %s,%s %s,%s" fill="%s"/>`,
			num(r.x(x0)), num(mid-barH/2), num(r.x(x0+10)), num(mid), num(r.x(x0)), num(mid+barH/2), colBar)
		r.b.WriteString(`</g>`)
		return x0, x0 + 10, true
	}
	return 0, 0, false
}

// badge writes "Overdue" or "Due soon" beside the mark, after it in reading order when
// there is room, else before it.
func (r *renderer) badge(e Entry, lo, hi float64, drawn bool, ty string) {
	text, col, class := "", "", ""
	switch {
	case e.Overdue:
		text, col, class = r.l.Overdue, colOverdue, "badge overdue"
	case e.DueSoon:
		text, col, class = r.l.DueSoon, colDueSoon, "badge due-soon"
	}
	if text == "" {
		return
	}
	w := textWidth(text, smallFont)
	x, anchor := hi+4, "start"
	switch {
	case !drawn:
		x = plotStart + 4
	case hi+4+w > plotEnd:
		x, anchor = lo-4, "end"
	}
	r.printf(`<text class="%s" aria-hidden="true" x="%s" y="%s" text-anchor="%s" font-size="%s" font-weight="bold" fill="%s">%s</text>`,
		class, num(r.x(x)), ty, anchor, num(smallFont), col, esc(text))
}

// milestone draws a circle: filled when done, hollow when not, and hollow with an
// exclamation mark when overdue.
func (r *renderer) milestone(m MilestoneMark, mid float64) {
	parts := []string{m.Title, m.DateText}
	class := "milestone"
	if m.Done {
		class += " done"
		parts = append(parts, r.l.Done)
	} else {
		parts = append(parts, r.l.NotDone)
	}
	if m.Overdue {
		class += " overdue"
		parts = append(parts, r.l.Overdue)
	}
	cx := num(r.x(r.mid(m.Date)))
	r.printf(`<g class="%s"><title>%s</title>`, class, esc(r.join(parts...)))
	switch {
	case m.Done:
		r.printf(`<circle cx="%s" cy="%s" r="5" fill="%s" stroke="%s" stroke-width="1.5"/>`, cx, num(mid), colMilestone, colWhite)
	case m.Overdue:
		r.printf(`<circle cx="%s" cy="%s" r="6" fill="%s" stroke="%s" stroke-width="2"/>`, cx, num(mid), colWhite, colOverdue)
		r.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="9" font-weight="bold" fill="%s">!</text>`, cx, num(mid+3.2), colOverdue)
	default:
		r.printf(`<circle cx="%s" cy="%s" r="5" fill="%s" stroke="%s" stroke-width="2"/>`, cx, num(mid), colWhite, colMilestone)
	}
	r.b.WriteString(`</g>`)
}

// accessibleName says in words what the row shows: title, dates, state.
func (r *renderer) accessibleName(e Entry) string {
	parts := []string{e.Title}
	switch {
	case e.Start != nil && e.Due != nil:
		parts = append(parts, e.StartText+" – "+e.DueText)
	case e.Due != nil:
		parts = append(parts, strings.TrimSpace(r.l.Due+" "+e.DueText))
	case e.Start != nil:
		parts = append(parts, e.StartText+" –")
	default:
		parts = append(parts, r.l.NoDates)
	}
	if r.l.Status != nil && e.Status != "" {
		parts = append(parts, r.l.Status(e.Status))
	}
	if e.Overdue {
		parts = append(parts, r.l.Overdue)
	} else if e.DueSoon {
		parts = append(parts, r.l.DueSoon)
	}
	return r.join(parts...)
}

func (r *renderer) join(parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, r.l.Separator)
}

type placedDeadline struct {
	DeadlineMark
	x      float64 // logical position of the line
	anchor string
	label  string
	lane   int
}

// layoutDeadlines places each visible deadline's label in the first lane below the rows
// where it overlaps no other label.
func (r *renderer) layoutDeadlines() []placedDeadline {
	var out []placedDeadline
	var ends []float64 // per lane, the logical end of its last label
	for _, d := range r.c.Deadlines {
		if !d.Visible {
			continue
		}
		p := placedDeadline{DeadlineMark: d, x: r.mid(d.Date), anchor: "start"}
		p.label = fit(d.Title+" ("+d.DateText+")", 280, smallFont)
		w := textWidth(p.label, smallFont)
		lo, hi := p.x+3, p.x+3+w
		if hi > plotEnd {
			p.anchor, lo, hi = "end", p.x-3-w, p.x-3
		}
		p.lane = len(ends)
		for i, end := range ends {
			if lo > end+6 {
				p.lane = i
				break
			}
		}
		if p.lane == len(ends) {
			ends = append(ends, hi)
		} else {
			ends[p.lane] = hi
		}
		out = append(out, p)
	}
	return out
}

func (r *renderer) deadlines(placed []placedDeadline, rowsTop, rowsBottom float64) {
	if len(placed) == 0 {
		return
	}
	r.b.WriteString(`<g class="deadlines">`)
	for _, p := range placed {
		ly := rowsBottom + float64(p.lane+1)*laneH - 4
		tx := p.x + 3
		if p.anchor == "end" {
			tx = p.x - 3
		}
		r.printf(`<g class="deadline %s"><title>%s</title>`, classToken(p.Kind), esc(r.join(p.Title, p.DateText)))
		r.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="5 3"/>`,
			num(r.x(p.x)), num(rowsTop), num(r.x(p.x)), num(ly+3), colDeadline)
		r.printf(`<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="%s">%s</text></g>`,
			num(r.x(tx)), num(ly), p.anchor, num(smallFont), colDeadline, esc(p.label))
	}
	r.b.WriteString(`</g>`)
}

func (r *renderer) today(rowsBottom float64) {
	if !r.visible(r.c.Today) {
		return
	}
	x := num(r.x(r.mid(r.c.Today)))
	r.printf(`<g class="today"><title>%s</title>`, esc(r.join(r.l.Today, r.l.Date(r.c.Today))))
	r.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"/>`, x, num(todayBand+2), x, num(rowsBottom), colToday)
	if r.l.Today != "" {
		r.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" font-weight="bold" fill="%s">%s</text>`,
			x, num(todayBand-4), num(smallFont), colToday, esc(r.l.Today))
	}
	r.b.WriteString(`</g>`)
}

func (r *renderer) printf(format string, args ...any) { fmt.Fprintf(&r.b, format, args...) }

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// esc escapes text for XML content and attribute values alike.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// safeHref keeps relative links and http(s) ones; anything else (javascript:, data:)
// is dropped rather than made clickable.
func safeHref(h string) (string, bool) {
	if h == "" {
		return "", false
	}
	u, err := url.Parse(h)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return h, true
	}
	return "", false
}

// classToken keeps a kind usable as a class name.
func classToken(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, s)
}

// textWidth estimates how wide text renders in a sans-serif font, without fonts: CJK
// and other wide characters take a full em, the rest a little over half.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

func runeWidth(r rune) float64 {
	switch {
	case r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x20000 && r <= 0x3fffd)):
		return 1
	case unicode.IsUpper(r) || r == 'm' || r == 'w':
		return 0.68
	case r == ' ' || r == 'i' || r == 'l' || r == 'j' || r == '.' || r == ',':
		return 0.3
	}
	return 0.56
}

// fit shortens s with an ellipsis so it fits in w; the full text stays in the titles.
func fit(s string, w, size float64) string {
	if textWidth(s, size) <= w {
		return s
	}
	budget := w/size - runeWidth('…')
	used := 0.0
	for i, r := range s {
		used += runeWidth(r)
		if used > budget {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
	}
	return s
}
