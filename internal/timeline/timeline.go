// Package timeline lays out an implementation plan's actions on a time axis: a chart
// drawn as one SVG that needs no JavaScript and prints, and the same facts as table
// rows for readers who cannot use the chart. It reads no database; callers pass the
// actions, the mechanisms' deadlines and the words in the reader's language.
package timeline

import (
	"cmp"
	"slices"
	"time"
)

// Item is one action of the plan.
type Item struct {
	ID         int64
	Group      string // the cluster or entity the chart groups it under
	Title      string
	Href       string // the action's page; empty for no link
	Start, Due *time.Time
	Status     string // an action status: not_started … fully_implemented, not_implementable
	Milestones []Milestone
}

// Milestone is a step of an action with its date.
type Milestone struct {
	Title string
	Date  time.Time
	Done  bool
}

// Deadline is a date a mechanism set for the State: a UPR review, a mid-term report, a
// treaty-body report, a follow-up reply.
type Deadline struct {
	Title string
	Kind  string // upr_review, mid_term_report, treaty_report, follow_up_reply, other
	Date  time.Time
}

// Labels are the words the chart shows, already in the reader's language. Empty
// strings are left out; nil functions fall back to ISO dates and English month
// abbreviations, which only tests should rely on.
type Labels struct {
	Title         string // the chart's accessible name
	Overdue       string
	DueSoon       string
	Today         string
	Due           string // put before the date of an action that has only a due date
	Done, NotDone string // a milestone's state
	NoDates       string // in the row of an action without dates
	Empty         string // in place of the rows when there are no actions
	Separator     string // between the parts of an accessible name; ", " when empty
	Month         func(time.Month) string
	Date          func(time.Time) string
	Status        func(status string) string // optional: the action status in words
}

func (l Labels) withDefaults() Labels {
	if l.Separator == "" {
		l.Separator = ", "
	}
	if l.Month == nil {
		l.Month = func(m time.Month) string { return m.String()[:3] }
	}
	if l.Date == nil {
		l.Date = func(t time.Time) string { return t.Format(time.DateOnly) }
	}
	return l
}

// Options shape the chart.
type Options struct {
	Today time.Time // the day the chart is read; the current day when zero
	// From and To bound the chart, both days included. Zero means the span of the data,
	// widened to whole months.
	From, To time.Time
	DueSoon  time.Duration // how near a due date counts as soon; 30 days when zero
	Labels   Labels
	RTL      bool // time runs right to left (Arabic)
}

// Chart is the laid-out timeline: groups of entries, month ticks, deadlines, today.
type Chart struct {
	From, To  time.Time // first and last day shown
	Today     time.Time
	RTL       bool
	Ticks     []Tick
	Groups    []Group
	Deadlines []DeadlineMark // sorted by date, including those outside From–To
	Labels    Labels
}

// Group is a cluster or entity with its actions, ordered by start then due date.
type Group struct {
	Name    string
	Entries []Entry
}

// Entry is an action as the chart shows it.
type Entry struct {
	ID                 int64
	Group              string
	Title, Href        string
	Start, Due         *time.Time // calendar days (UTC midnight)
	StartText, DueText string     // Labels.Date of Start and Due, or ""
	Status             string
	Overdue            bool // due before today and not finished
	DueSoon            bool // due today or within Options.DueSoon, and not finished
	MilestonesOverdue  int
	Milestones         []MilestoneMark
}

// MilestoneMark is a milestone as the chart shows it.
type MilestoneMark struct {
	Title    string
	Date     time.Time
	DateText string
	Done     bool
	Overdue  bool // not done and its date has passed
}

// DeadlineMark is a mechanism's deadline as the chart shows it.
type DeadlineMark struct {
	Deadline
	DateText string
	Visible  bool // within From–To
}

// Tick is the start of a month on the axis. Months too narrow for their name are
// unlabelled but keep their grid line.
type Tick struct {
	Month    time.Time // first day of the month
	Label    string    // the month's name, or "" when it goes unlabelled
	Year     int
	ShowYear bool // first month shown, and every January
}

// finished statuses: an action in one of these is never overdue.
func finished(status string) bool {
	return status == "fully_implemented" || status == "not_implementable"
}

// day is a calendar day as UTC midnight, so day arithmetic ignores time zones.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func dayPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := day(*t)
	return &d
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Build groups the items, marks what is overdue or due soon, and sets the axis.
func Build(items []Item, deadlines []Deadline, opts Options) Chart {
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	if opts.DueSoon <= 0 {
		opts.DueSoon = 30 * 24 * time.Hour
	}
	c := Chart{Today: day(opts.Today), RTL: opts.RTL, Labels: opts.Labels.withDefaults()}
	c.From, c.To = span(items, deadlines, opts.From, opts.To, c.Today)

	soon := day(c.Today.Add(opts.DueSoon))
	index := map[string]int{}
	for _, it := range items {
		e := c.entry(it, soon)
		i, ok := index[it.Group]
		if !ok {
			i = len(c.Groups)
			index[it.Group] = i
			c.Groups = append(c.Groups, Group{Name: it.Group})
		}
		c.Groups[i].Entries = append(c.Groups[i].Entries, e)
	}
	for _, g := range c.Groups {
		slices.SortStableFunc(g.Entries, byStartThenDue)
	}

	for _, d := range deadlines {
		d.Date = day(d.Date)
		c.Deadlines = append(c.Deadlines, DeadlineMark{
			Deadline: d,
			DateText: c.Labels.Date(d.Date),
			Visible:  !d.Date.Before(c.From) && !d.Date.After(c.To),
		})
	}
	slices.SortStableFunc(c.Deadlines, func(a, b DeadlineMark) int { return a.Date.Compare(b.Date) })
	c.Ticks = ticks(c.From, c.To, c.Labels.Month)
	return c
}

func (c *Chart) entry(it Item, soon time.Time) Entry {
	e := Entry{ID: it.ID, Group: it.Group, Title: it.Title, Href: it.Href, Status: it.Status,
		Start: dayPtr(it.Start), Due: dayPtr(it.Due)}
	if e.Start != nil {
		e.StartText = c.Labels.Date(*e.Start)
	}
	if e.Due != nil {
		e.DueText = c.Labels.Date(*e.Due)
		open := !finished(it.Status)
		e.Overdue = open && e.Due.Before(c.Today)
		e.DueSoon = open && !e.Overdue && !e.Due.After(soon)
	}
	for _, m := range it.Milestones {
		mm := MilestoneMark{Title: m.Title, Date: day(m.Date), Done: m.Done}
		mm.DateText = c.Labels.Date(mm.Date)
		mm.Overdue = !m.Done && mm.Date.Before(c.Today)
		if mm.Overdue {
			e.MilestonesOverdue++
		}
		e.Milestones = append(e.Milestones, mm)
	}
	slices.SortStableFunc(e.Milestones, func(a, b MilestoneMark) int { return a.Date.Compare(b.Date) })
	return e
}

// byStartThenDue orders entries by their first date (the start, else the due date),
// then by due date; entries without dates come last, in the order given.
func byStartThenDue(a, b Entry) int {
	first := func(e Entry) *time.Time {
		if e.Start != nil {
			return e.Start
		}
		return e.Due
	}
	return cmp.Or(compareDates(first(a), first(b)), compareDates(a.Due, b.Due))
}

func compareDates(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// span returns the first and last day to show: the ones asked for, else the data's
// earliest and latest dates widened to whole months (today's month without data).
func span(items []Item, deadlines []Deadline, from, to, today time.Time) (time.Time, time.Time) {
	var lo, hi time.Time
	see := func(t time.Time) {
		t = day(t)
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if hi.IsZero() || t.After(hi) {
			hi = t
		}
	}
	for _, it := range items {
		if it.Start != nil {
			see(*it.Start)
		}
		if it.Due != nil {
			see(*it.Due)
		}
		for _, m := range it.Milestones {
			see(m.Date)
		}
	}
	for _, d := range deadlines {
		see(d.Date)
	}
	if lo.IsZero() {
		lo, hi = today, today
	}
	if from.IsZero() {
		from = monthStart(lo)
	} else {
		from = day(from)
	}
	if to.IsZero() {
		to = monthStart(hi).AddDate(0, 1, -1)
	} else {
		to = day(to)
	}
	if to.Before(from) {
		to = monthStart(from).AddDate(0, 1, -1)
	}
	return from, to
}

// ticks returns one tick per month that starts or runs within from–to, labelling every
// month when names fit and every second, third, sixth or twelfth month when they do not.
func ticks(from, to time.Time, month func(time.Month) string) []Tick {
	var out []Tick
	widest := 0.0
	for m := monthStart(from); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, Tick{Month: m, Year: m.Year()})
		widest = max(widest, textWidth(month(m.Month()), tickFont))
	}
	perMonth := plotWidth / (float64(to.Sub(from)/(24*time.Hour)) + 1) * 30.44
	step := 12
	for _, s := range []int{1, 2, 3, 6} {
		if float64(s)*perMonth >= widest+6 {
			step = s
			break
		}
	}
	for i := range out {
		m := out[i].Month
		out[i].ShowYear = i == 0 || m.Month() == time.January
		if step < 12 && (int(m.Month())-1)%step == 0 {
			out[i].Label = month(m.Month())
		}
	}
	return out
}
