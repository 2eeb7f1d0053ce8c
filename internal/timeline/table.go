package timeline

// Row is one action in the table that accompanies the chart: the same facts in a form
// every screen reader and every printer handles. The page renders it; the chart's
// deadlines are in Chart.Deadlines.
type Row struct {
	Entry
	GroupStart bool // the first row of its group: the page puts the group's heading before it
}

// Table lists the chart's actions group by group, in the chart's order.
func Table(c Chart) []Row {
	var out []Row
	for _, g := range c.Groups {
		for i, e := range g.Entries {
			out = append(out, Row{Entry: e, GroupStart: i == 0})
		}
	}
	return out
}
