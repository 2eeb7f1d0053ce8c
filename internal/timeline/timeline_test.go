package timeline

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

var labels = Labels{
	Title: "Timeline of the plan", Overdue: "Overdue", DueSoon: "Due soon", Today: "Today", Due: "Due",
	Done: "Done", NotDone: "Not done", NoDates: "No dates", Empty: "No actions",
}

// Two clusters: an overdue action with milestones, one due soon, one on track, one
// with only a due date, one finished late (never overdue), and a mid-term report.
func sample() ([]Item, []Deadline) {
	items := []Item{
		{ID: 2, Group: "Administration of justice", Title: "Train judges on pre-trial detention", Href: "/s/XAR/plan/actions/2",
			Start: date("2026-04-01"), Due: date("2026-05-30"), Status: "in_progress"},
		{ID: 1, Group: "Administration of justice", Title: "Reform the code of criminal procedure", Href: "/s/XAR/plan/actions/1",
			Start: date("2026-01-15"), Due: date("2026-03-31"), Status: "in_progress",
			Milestones: []Milestone{
				{Title: "Draft bill to parliament", Date: *date("2026-02-15")},
				{Title: "Consultation held", Date: *date("2026-01-30"), Done: true},
			}},
		{ID: 3, Group: "Rights of women", Title: "Open a national network of shelters", Href: "/s/XAR/plan/actions/3",
			Start: date("2026-02-01"), Due: date("2026-12-31"), Status: "not_started"},
		{ID: 4, Group: "Rights of women", Title: "Adopt the gender equality strategy", Href: "/s/XAR/plan/actions/4",
			Due: date("2026-09-30"), Status: "not_started"},
		{ID: 5, Group: "Administration of justice", Title: "Publish court statistics", Href: "/s/XAR/plan/actions/5",
			Start: date("2025-12-01"), Due: date("2026-01-31"), Status: "fully_implemented"},
	}
	deadlines := []Deadline{{Title: "UPR mid-term report", Kind: "mid_term_report", Date: *date("2026-11-15")}}
	return items, deadlines
}

func options() Options {
	return Options{Today: *date("2026-05-10"), Labels: labels}
}

// node is any SVG element, parsed generically.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func parse(t *testing.T, svg string) node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element is %v, want svg in the SVG namespace", root.XMLName)
	}
	return root
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (n node) attrNS(space, name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

func (n node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all returns every element below n (n included) that matches.
func (n node) all(match func(node) bool) []node {
	var out []node
	var walk func(node)
	walk = func(x node) {
		if match(x) {
			out = append(out, x)
		}
		for _, c := range x.Nodes {
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n node) child(local string) (node, bool) {
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			return c, true
		}
	}
	return node{}, false
}

// text is all the text below n.
func (n node) text() string {
	var b strings.Builder
	var walk func(node)
	walk = func(x node) {
		b.WriteString(x.Text)
		for _, c := range x.Nodes {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func elem(local, class string) func(node) bool {
	return func(n node) bool { return n.XMLName.Local == local && (class == "" || n.hasClass(class)) }
}

// action returns the row group of an action.
func action(t *testing.T, root node, id int64) node {
	t.Helper()
	rows := root.all(func(n node) bool { return n.hasClass("action") && n.attr("data-action") == strconv.FormatInt(id, 10) })
	if len(rows) != 1 {
		t.Fatalf("found %d rows for action %d, want 1", len(rows), id)
	}
	return rows[0]
}

func TestBuildGroupsAndMarks(t *testing.T) {
	t.Parallel()
	items, deadlines := sample()
	c := Build(items, deadlines, options())

	var groups []string
	for _, g := range c.Groups {
		groups = append(groups, g.Name)
	}
	if strings.Join(groups, "|") != "Administration of justice|Rights of women" {
		t.Errorf("groups %q, want first-seen order", groups)
	}
	var order []int64
	for _, e := range c.Groups[0].Entries {
		order = append(order, e.ID)
	}
	if len(order) != 3 || order[0] != 5 || order[1] != 1 || order[2] != 2 {
		t.Errorf("justice actions in order %v, want by start date [5 1 2]", order)
	}
	byID := map[int64]Entry{}
	for _, r := range Table(c) {
		byID[r.ID] = r.Entry
	}
	if e := byID[1]; !e.Overdue || e.DueSoon || e.MilestonesOverdue != 1 {
		t.Errorf("action 1 (due 31 March, in progress): overdue=%v dueSoon=%v milestonesOverdue=%d, want true false 1", e.Overdue, e.DueSoon, e.MilestonesOverdue)
	}
	if e := byID[2]; e.Overdue || !e.DueSoon {
		t.Errorf("action 2 (due in 20 days): overdue=%v dueSoon=%v, want false true", e.Overdue, e.DueSoon)
	}
	if e := byID[5]; e.Overdue || e.DueSoon {
		t.Errorf("a finished action is neither overdue nor due soon: %+v", e)
	}
	if e := byID[3]; e.Overdue || e.DueSoon {
		t.Errorf("action 3 due in December: %+v", e)
	}
	if !c.From.Equal(*date("2025-12-01")) || !c.To.Equal(*date("2026-12-31")) {
		t.Errorf("span %s – %s, want the data's months 2025-12-01 – 2026-12-31", c.From.Format(time.DateOnly), c.To.Format(time.DateOnly))
	}
	if len(c.Ticks) != 13 || !c.Ticks[0].ShowYear || !c.Ticks[1].ShowYear || c.Ticks[2].ShowYear {
		t.Errorf("ticks: %d months, years on %v %v %v; want 13 months, years on December 2025 and January 2026 only",
			len(c.Ticks), c.Ticks[0].ShowYear, c.Ticks[1].ShowYear, c.Ticks[2].ShowYear)
	}
	if c.Ticks[4].Label != "Apr" {
		t.Errorf("April's tick is labelled %q", c.Ticks[4].Label)
	}
}

func TestRenderSVG(t *testing.T) {
	t.Parallel()
	items, deadlines := sample()
	svg := RenderSVG(Build(items, deadlines, options()))
	root := parse(t, svg)

	if root.attr("role") == "img" {
		t.Error(`an SVG with links must not be role="img"`)
	}
	if vb := strings.Fields(root.attr("viewBox")); len(vb) != 4 || root.attr("width") != "100%" {
		t.Errorf("viewBox %q width %q: want a scalable chart", root.attr("viewBox"), root.attr("width"))
	}
	if title, ok := root.child("title"); !ok || title.Text != "Timeline of the plan" {
		t.Errorf("the chart's own title is missing")
	}
	for _, bad := range []string{"<script", "style=", "<style", "@import", "url(http"} {
		if strings.Contains(svg, bad) {
			t.Errorf("SVG contains %q", bad)
		}
	}

	if bars := root.all(elem("rect", "bar")); len(bars) != 4 {
		t.Errorf("%d bars, want 4 (actions with start and due dates)", len(bars))
	}
	if diamonds := root.all(elem("polygon", "due-only")); len(diamonds) != 1 {
		t.Errorf("%d diamonds, want 1 (the action with only a due date)", len(diamonds))
	}
	if groups := root.all(elem("text", "group-heading")); len(groups) != 2 || groups[0].Text != "Administration of justice" {
		t.Errorf("group headings: %v", groups)
	}

	overdue := action(t, root, 1)
	bar := overdue.all(elem("rect", "bar"))
	if len(bar) != 1 || !bar[0].hasClass("overdue") || bar[0].attr("fill") != "url(#nmrf-tl-overdue)" {
		t.Fatalf("the overdue action's bar has no overdue class and pattern: %+v", bar)
	}
	if p := root.all(func(n node) bool { return n.XMLName.Local == "pattern" && n.attr("id") == "nmrf-tl-overdue" }); len(p) != 1 {
		t.Error("the overdue pattern is not defined")
	}
	link := overdue.all(elem("a", ""))
	if len(link) != 1 {
		t.Fatal("the overdue action has no link")
	}
	if name, _ := link[0].child("title"); !strings.Contains(name.Text, "Overdue") || !strings.Contains(name.Text, "Reform the code") {
		t.Errorf("the overdue action's accessible name is %q; want its title and “Overdue”", name.Text)
	}
	if badge := overdue.all(elem("text", "badge")); len(badge) != 1 || badge[0].Text != "Overdue" {
		t.Errorf("the overdue action shows no visible “Overdue”: %v", badge)
	}
	for _, id := range []int64{3, 5} {
		if b := action(t, root, id).all(elem("rect", "overdue")); len(b) != 0 {
			t.Errorf("action %d is marked overdue", id)
		}
	}
	if b := action(t, root, 2).all(elem("rect", "due-soon")); len(b) != 1 {
		t.Error("the action due soon has no due-soon bar")
	}
	if name, _ := action(t, root, 2).all(elem("a", ""))[0].child("title"); !strings.Contains(name.Text, "Due soon") {
		t.Errorf("the due-soon action's name is %q", name.Text)
	}

	links := root.all(elem("a", ""))
	if len(links) != 5 {
		t.Errorf("%d links, want one per action", len(links))
	}
	for _, a := range links {
		href := a.attr("href")
		if !strings.HasPrefix(href, "/s/XAR/plan/actions/") || a.attrNS("http://www.w3.org/1999/xlink", "href") != href {
			t.Errorf("link href %q xlink:href %q", href, a.attrNS("http://www.w3.org/1999/xlink", "href"))
		}
	}

	ms := overdue.all(elem("g", "milestone"))
	if len(ms) != 2 {
		t.Fatalf("%d milestones on action 1, want 2", len(ms))
	}
	var done, late int
	for _, m := range ms {
		circle := m.all(elem("circle", ""))[0]
		switch {
		case m.hasClass("done"):
			done++
			if circle.attr("fill") == colWhite {
				t.Error("a done milestone is hollow")
			}
		case m.hasClass("overdue"):
			late++
			if circle.attr("fill") != colWhite {
				t.Error("a milestone not done is filled")
			}
			if title, _ := m.child("title"); !strings.Contains(title.Text, "Overdue") {
				t.Errorf("overdue milestone named %q", title.Text)
			}
		}
	}
	if done != 1 || late != 1 {
		t.Errorf("milestones: %d done, %d overdue; want 1 and 1", done, late)
	}

	dl := root.all(elem("g", "deadline"))
	if len(dl) != 1 || !dl[0].hasClass("mid_term_report") || len(dl[0].all(elem("line", ""))) != 1 || !strings.Contains(dl[0].text(), "UPR mid-term report") {
		t.Errorf("deadline line: %+v", dl)
	}
	if today := root.all(elem("g", "today")); len(today) != 1 || len(today[0].all(elem("line", ""))) != 1 {
		t.Error("no today line")
	}
}

// barX returns the left edge and width of an action's bar.
func barX(t *testing.T, root node, id int64) (float64, float64) {
	t.Helper()
	bars := action(t, root, id).all(elem("rect", "bar"))
	if len(bars) != 1 {
		t.Fatalf("action %d has %d bars", id, len(bars))
	}
	return bars[0].num(t, "x"), bars[0].num(t, "width")
}

func TestRightToLeftMirrorsTime(t *testing.T) {
	t.Parallel()
	items, deadlines := sample()
	ltrOpts, rtlOpts := options(), options()
	rtlOpts.RTL = true
	ltr := parse(t, RenderSVG(Build(items, deadlines, ltrOpts)))
	rtl := parse(t, RenderSVG(Build(items, deadlines, rtlOpts)))

	if rtl.attr("direction") != "rtl" || ltr.attr("direction") != "ltr" {
		t.Errorf("direction: ltr %q rtl %q", ltr.attr("direction"), rtl.attr("direction"))
	}
	l1, _ := barX(t, ltr, 1)
	l2, _ := barX(t, ltr, 2)
	r1, w1 := barX(t, rtl, 1)
	r2, _ := barX(t, rtl, 2)
	if l1 >= l2 {
		t.Errorf("left to right: the earlier action is at x=%v, the later at %v", l1, l2)
	}
	if r1 <= r2 {
		t.Errorf("right to left: the earlier action is at x=%v, the later at %v; want the earlier further right", r1, r2)
	}
	_, lw1 := barX(t, ltr, 1)
	if math.Abs((r1+w1)-(width-l1)) > 0.2 || math.Abs(w1-lw1) > 0.2 {
		t.Errorf("the RTL bar [%v, %v] is not the mirror of the LTR bar [%v, %v]", r1, r1+w1, l1, l1+lw1)
	}
	// Titles move to the right-hand column.
	lt := action(t, ltr, 1).all(elem("text", ""))[0].num(t, "x")
	rt := action(t, rtl, 1).all(elem("text", ""))[0].num(t, "x")
	if lt > width/2 || rt < width/2 {
		t.Errorf("title x: ltr %v rtl %v", lt, rt)
	}
}

func TestNoItems(t *testing.T) {
	t.Parallel()
	c := Build(nil, nil, options())
	if len(c.Groups) != 0 || len(Table(c)) != 0 {
		t.Errorf("groups from nothing: %+v", c.Groups)
	}
	if !c.From.Equal(*date("2026-05-01")) || !c.To.Equal(*date("2026-05-31")) {
		t.Errorf("an empty chart spans %v – %v, want today's month", c.From, c.To)
	}
	root := parse(t, RenderSVG(c))
	if bars := root.all(elem("rect", "bar")); len(bars) != 0 {
		t.Errorf("%d bars in an empty chart", len(bars))
	}
	if e := root.all(elem("text", "empty")); len(e) != 1 || e[0].Text != "No actions" {
		t.Error("an empty chart does not say so")
	}
}

func TestItemWithoutDates(t *testing.T) {
	t.Parallel()
	items := []Item{
		{ID: 7, Group: "Persons with disabilities", Title: "Review accessibility of polling stations", Href: "/s/XAR/plan/actions/7", Status: "not_started"},
		{ID: 8, Group: "Persons with disabilities", Title: "Amend the building code", Href: "/s/XAR/plan/actions/8",
			Start: date("2026-03-01"), Due: date("2026-06-30"), Status: "not_started"},
	}
	c := Build(items, nil, options())
	if e := c.Groups[0].Entries; len(e) != 2 || e[1].ID != 7 {
		t.Errorf("the undated action should come last: %+v", e)
	}
	root := parse(t, RenderSVG(c))
	row := action(t, root, 7)
	if len(row.all(elem("rect", "bar")))+len(row.all(elem("polygon", ""))) != 0 {
		t.Error("an undated action has a mark")
	}
	if len(row.all(elem("a", ""))) != 1 || len(row.all(elem("text", "no-dates"))) != 1 {
		t.Error("an undated action is not listed with its link and “No dates”")
	}
}

func TestFromToClipping(t *testing.T) {
	t.Parallel()
	items, deadlines := sample()
	opts := options()
	opts.From, opts.To = *date("2026-03-01"), *date("2026-06-30")
	c := Build(items, deadlines, opts)
	if len(c.Ticks) != 4 || c.Ticks[0].Label != "Mar" {
		t.Errorf("ticks %+v, want March to June", c.Ticks)
	}
	root := parse(t, RenderSVG(c))

	x1, _ := barX(t, root, 1)
	if math.Abs(x1-plotStart) > 0.01 || !action(t, root, 1).all(elem("rect", "bar"))[0].hasClass("clipped-start") {
		t.Errorf("an action begun before the chart starts at x=%v, want the plot's edge %v, clipped", x1, plotStart)
	}
	x3, w3 := barX(t, root, 3)
	if x3+w3 > plotEnd+0.01 {
		t.Errorf("an action ending after the chart runs to x=%v, past the plot's end %v", x3+w3, plotEnd)
	}
	// Finished in January: still listed, but nothing to draw.
	if row := action(t, root, 5); len(row.all(elem("rect", "bar"))) != 0 || len(row.all(elem("a", ""))) != 1 {
		t.Error("an action wholly before the chart should be listed without a bar")
	}
	// The diamond in September, the milestones in January and February, the deadline in
	// November are all outside.
	if n := len(root.all(elem("polygon", "due-only"))); n != 0 {
		t.Errorf("%d diamonds outside the span", n)
	}
	if n := len(root.all(elem("g", "milestone"))); n != 0 {
		t.Errorf("%d milestones outside the span", n)
	}
	if n := len(root.all(elem("g", "deadline"))); n != 0 {
		t.Errorf("%d deadlines outside the span", n)
	}
	if len(c.Deadlines) != 1 || c.Deadlines[0].Visible {
		t.Error("the chart should keep the deadline for the table, marked not visible")
	}
}

func TestTextIsEscaped(t *testing.T) {
	t.Parallel()
	items := []Item{{ID: 9, Group: `Justice & "rule" <of> law`, Title: `<script>alert(1)</script> & ‘more’`, Href: "javascript:alert(1)",
		Start: date("2026-01-01"), Due: date("2026-02-01")}}
	deadlines := []Deadline{{Title: "CAT </text> report", Kind: `x" onload="y`, Date: *date("2026-01-20")}}
	svg := RenderSVG(Build(items, deadlines, options()))
	root := parse(t, svg)
	if strings.Contains(svg, "<script") || strings.Contains(svg, "javascript:") || strings.Contains(svg, "onload=") {
		t.Errorf("unescaped text in the SVG:\n%s", svg)
	}
	if len(root.all(elem("a", ""))) != 0 {
		t.Error("a javascript: link was kept")
	}
	if !strings.Contains(root.text(), `<script>alert(1)</script> & ‘more’`) || !strings.Contains(root.text(), `Justice & "rule" <of> law`) {
		t.Error("the escaped text does not read back as written")
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	items, deadlines := sample()
	rows := Table(Build(items, deadlines, options()))
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5", len(rows))
	}
	var starts []string
	for _, r := range rows {
		if r.GroupStart {
			starts = append(starts, r.Group)
		}
	}
	if strings.Join(starts, "|") != "Administration of justice|Rights of women" {
		t.Errorf("group starts %q", starts)
	}
	if rows[1].ID != 1 || rows[1].DueText != "2026-03-31" || len(rows[1].Milestones) != 2 || rows[1].Milestones[0].Title != "Consultation held" {
		t.Errorf("row for action 1: %+v", rows[1])
	}
}

// The palette meets WCAG AA against white: 4.5:1 for text, 3:1 for shapes.
func TestColourContrast(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, fg, bg string
		min          float64
	}{
		{"text", colText, colWhite, 4.5},
		{"text on a group band", colText, colGroupBand, 4.5},
		{"text on a shaded row", colText, colRowBand, 4.5},
		{"muted text", colMuted, colWhite, 4.5},
		{"muted text on a shaded row", colMuted, colRowBand, 4.5},
		{"links", colLink, colWhite, 4.5},
		{"links on a shaded row", colLink, colRowBand, 4.5},
		{"overdue text", colOverdue, colWhite, 4.5},
		{"due-soon text", colDueSoon, colWhite, 4.5},
		{"today", colToday, colWhite, 4.5},
		{"deadline labels", colDeadline, colWhite, 4.5},
		{"bars", colBar, colWhite, 3},
		{"bars on a shaded row", colBar, colRowBand, 3},
		{"milestones", colMilestone, colWhite, 3},
	} {
		if r := contrast(c.fg, c.bg); r < c.min {
			t.Errorf("%s: %s on %s is %.2f:1, want at least %.1f:1", c.name, c.fg, c.bg, r, c.min)
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}
