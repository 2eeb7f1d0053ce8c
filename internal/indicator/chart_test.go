package indicator_test

import (
	"encoding/xml"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/indicator"
)

// svgElement is an element of a rendered chart with its attributes and text.
type svgElement struct {
	Name   string
	Attrs  map[string]string
	Text   string
	Parent *svgElement
}

// parseSVG checks the chart is well-formed XML and returns its elements in order.
func parseSVG(t *testing.T, svg string) []*svgElement {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out, stack []*svgElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			el := &svgElement{Name: tok.Name.Local, Attrs: map[string]string{}}
			for _, a := range tok.Attr {
				el.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				el.Parent = stack[len(stack)-1]
			}
			out, stack = append(out, el), append(stack, el)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if len(out) == 0 || out[0].Name != "svg" {
		t.Fatalf("no svg root element:\n%s", svg)
	}
	for _, bad := range []string{"NaN", "Inf", "<script", "style="} {
		if strings.Contains(svg, bad) {
			t.Errorf("the SVG contains %q:\n%s", bad, svg)
		}
	}
	return out
}

func find(els []*svgElement, name, class string) []*svgElement {
	var out []*svgElement
	for _, el := range els {
		if el.Name == name && (class == "" || el.Attrs["class"] == class) {
			out = append(out, el)
		}
	}
	return out
}

var labels = indicator.ChartLabels{
	Title:       `Violence against women <script>alert("x")</script> & partners`,
	Description: "Share of women and men who experienced violence, by year. The table below gives the values.",
	Baseline:    "Baseline",
	Target:      "Target",
	Total:       "Total",
	NoData:      "No values yet.",
	SeriesName: func(d map[string]string) string {
		return map[string]string{"female": "Women", "male": "Men"}[d["sex"]]
	},
}

func bySex() (indicator.Indicator, []indicator.Measurement) {
	ind := indicator.Indicator{
		ID: 7, Title: "Violence", Unit: "% <of women>", Disaggregations: []string{"sex"},
		BaselineValue: ptr(18.5), BaselineDate: ptr(date("2018-01-01")),
		TargetValue: ptr(10.0), TargetDate: ptr(date("2025-01-01")),
	}
	m := func(year string, sex string, v float64) indicator.Measurement {
		return indicator.Measurement{Period: date(year + "-01-01"), Disaggregation: map[string]string{"sex": sex}, Value: v}
	}
	// Men have no value for 2021.
	return ind, []indicator.Measurement{
		m("2019", "female", 18), m("2019", "male", 6.1), m("2020", "female", 17.9), m("2020", "male", 5.8),
		m("2021", "female", 16.2), m("2022", "female", 14.7), m("2022", "male", 5.5),
	}
}

func TestChartWomenAndMen(t *testing.T) {
	t.Parallel()
	ind, ms := bySex()
	els := parseSVG(t, indicator.RenderSVG(indicator.Chart(ind, ms, labels)))

	root := els[0]
	if root.Attrs["role"] != "img" || !strings.HasPrefix(root.Attrs["viewBox"], "0 0 640 ") ||
		root.Attrs["aria-labelledby"] != "indicator-chart-7-title indicator-chart-7-desc" {
		t.Errorf("root attributes %v", root.Attrs)
	}
	if title := find(els, "title", ""); title[0].Text != labels.Title || title[0].Attrs["id"] != "indicator-chart-7-title" {
		t.Errorf("title %q, want the escaped label read back as %q", title[0].Text, labels.Title)
	}
	if desc := find(els, "desc", ""); len(desc) != 1 || desc[0].Text != labels.Description {
		t.Errorf("desc %+v", desc)
	}

	lines := find(els, "polyline", "")
	if len(lines) != 2 {
		t.Fatalf("%d polylines, want one for women and one for men", len(lines))
	}
	if n := len(strings.Fields(lines[0].Attrs["points"])); n != 4 {
		t.Errorf("women's line has %d points, want 4", n)
	}
	if n := len(strings.Fields(lines[1].Attrs["points"])); n != 3 {
		t.Errorf("men's line has %d points, want 3 (none for 2021)", n)
	}
	// Told apart without colour: a different dash pattern and a different marker.
	if lines[0].Attrs["stroke-dasharray"] == lines[1].Attrs["stroke-dasharray"] {
		t.Errorf("both series have the dash pattern %q", lines[0].Attrs["stroke-dasharray"])
	}
	var legend []string
	for _, g := range find(els, "g", "series") {
		if c := contrast(t, g.Attrs["stroke"]); c < 4.5 {
			t.Errorf("series colour %s has contrast %.2f with white, want at least 4.5", g.Attrs["stroke"], c)
		}
		for _, el := range els {
			if el.Parent == g && el.Name == "text" {
				legend = append(legend, el.Text)
			}
		}
	}
	if !reflect.DeepEqual(legend, []string{"Women", "Men"}) {
		t.Errorf("legend %q, want Women, Men", legend)
	}
	var tooltips []string
	for _, el := range find(els, "title", "") {
		if el.Parent.Name == "path" {
			tooltips = append(tooltips, el.Text)
		}
	}
	if len(tooltips) != 7 || tooltips[0] != "Women, 2019: 18" || tooltips[6] != "Men, 2022: 5.5" {
		t.Errorf("point tooltips %q", tooltips)
	}

	var refs []string
	for _, g := range find(els, "g", "reference") {
		for _, el := range els {
			if el.Parent == g && el.Name == "line" && el.Attrs["stroke-dasharray"] == "" {
				t.Error("a reference line is not dashed")
			}
			if el.Parent == g && el.Name == "text" {
				refs = append(refs, el.Text)
			}
		}
	}
	if !reflect.DeepEqual(refs, []string{"Baseline: 18.5 (2018)", "Target: 10 (2025)"}) {
		t.Errorf("reference labels %q", refs)
	}

	var ticks []string
	for _, el := range find(els, "text", "") {
		if el.Parent.Attrs["class"] == "ticks" {
			ticks = append(ticks, el.Text)
		}
	}
	joined := strings.Join(ticks, " ")
	for _, want := range []string{"2018", "2019", "2022", "2025", "% <of women>"} {
		if !strings.Contains(joined, want) {
			t.Errorf("axis labels %q lack %q", ticks, want)
		}
	}
}

func TestChartEdgeCases(t *testing.T) {
	t.Parallel()
	total := func(year string, v float64) indicator.Measurement {
		return indicator.Measurement{Period: date(year + "-01-01"), Value: v}
	}
	ind := indicator.Indicator{ID: 3, Unit: "cases"}
	cases := []struct {
		name      string
		ms        []indicator.Measurement
		polylines int
		texts     []string // texts that must appear
	}{
		{"no values", nil, 0, []string{"No values yet."}},
		{"one value", []indicator.Measurement{total("2020", 42)}, 1, []string{"Total", "2020"}},
		{"all values equal", []indicator.Measurement{total("2019", 5), total("2020", 5), total("2021", 5)}, 1, []string{"Total"}},
		{"negative values", []indicator.Measurement{total("2019", -12.5), total("2020", 3), total("2021", -0.5)}, 1, []string{"-15", "0"}},
		{"months", []indicator.Measurement{total("2020", 1), {Period: date("2020-06-01"), Value: 2}}, 1, []string{"2020-01", "2020-06"}},
	}
	for _, c := range cases {
		svg := indicator.RenderSVG(indicator.Chart(ind, c.ms, labels))
		els := parseSVG(t, svg)
		if n := len(find(els, "polyline", "")); n != c.polylines {
			t.Errorf("%s: %d polylines, want %d", c.name, n, c.polylines)
		}
		var texts []string
		for _, el := range find(els, "text", "") {
			texts = append(texts, el.Text)
		}
		for _, want := range c.texts {
			if !strings.Contains(strings.Join(texts, "|"), want) {
				t.Errorf("%s: texts %q lack %q", c.name, texts, want)
			}
		}
		if c.name == "all values equal" {
			ys := map[string]bool{}
			for _, el := range find(els, "line", "") {
				if el.Parent.Attrs["class"] == "grid" {
					ys[el.Attrs["y1"]] = true
				}
			}
			if len(ys) < 2 {
				t.Errorf("%s: %d value ticks, want a scale around the value", c.name, len(ys))
			}
		}
		if c.name == "negative values" && len(find(els, "line", "zero")) != 1 {
			t.Errorf("%s: no zero line", c.name)
		}
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	ind, ms := bySex()
	table := indicator.Table(ind, ms, labels)
	if !reflect.DeepEqual(table.Series, []string{"Women", "Men"}) || table.Unit != "% <of women>" {
		t.Errorf("series %q unit %q", table.Series, table.Unit)
	}
	var got []string
	for _, r := range table.Rows {
		cells := []string{r.Label}
		for _, c := range r.Cells {
			if c.Present {
				cells = append(cells, c.Text)
			} else {
				cells = append(cells, "—")
			}
		}
		got = append(got, strings.Join(cells, " "))
	}
	want := []string{"2019 18 6.1", "2020 17.9 5.8", "2021 16.2 —", "2022 14.7 5.5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	if empty := indicator.Table(ind, nil, labels); len(empty.Rows) != 0 || len(empty.Series) != 0 {
		t.Errorf("table of no values: %+v", empty)
	}
}

// contrast is the WCAG contrast ratio of a #rrggbb colour with white.
func contrast(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var lum float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}

// Many breakdowns stay apart: every line has a strong colour and no two share both
// colour and dash pattern.
func TestChartManySeries(t *testing.T) {
	t.Parallel()
	ind := indicator.Indicator{Disaggregations: []string{"region"}}
	var ms []indicator.Measurement
	for i := range 10 {
		for _, year := range []string{"2020", "2021"} {
			ms = append(ms, indicator.Measurement{Period: date(year + "-01-01"), Value: float64(i), Disaggregation: map[string]string{"region": "Region " + strconv.Itoa(i)}})
		}
	}
	els := parseSVG(t, indicator.RenderSVG(indicator.Chart(ind, ms, indicator.ChartLabels{Title: "By region"})))
	seen := map[string]bool{}
	for _, g := range find(els, "g", "series") {
		if c := contrast(t, g.Attrs["stroke"]); c < 4.5 {
			t.Errorf("series colour %s has contrast %.2f with white, want at least 4.5", g.Attrs["stroke"], c)
		}
		for _, el := range els {
			if el.Parent == g && el.Name == "polyline" {
				style := g.Attrs["stroke"] + " " + el.Attrs["stroke-dasharray"]
				if seen[style] {
					t.Errorf("two series drawn alike: %s", style)
				}
				seen[style] = true
			}
		}
	}
	if len(seen) != 10 {
		t.Errorf("%d series, want 10", len(seen))
	}
}
