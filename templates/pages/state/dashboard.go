package state

import "time"

// Bar is one row of a dashboard chart: a cluster, mechanism, entity or goal with its
// recommendations by implementation status (in Statuses order) and where each leads.
type Bar struct {
	Label    string
	Href     string // the list of all its recommendations
	Segments []Segment
	Total    int
}

// Segment is one status's share of a bar.
type Segment struct {
	StatusMsgID string
	Class       string // the segment's pattern, so status is not told by colour alone
	Count       int
	Href        string
}

// Chart is a titled group of bars.
type Chart struct {
	ID, TitleMsgID string
	Bars           []Bar
}

// OverdueRow is an overdue action.
type OverdueRow struct {
	Title, Href, Lead string
	Due               time.Time
}

// ActivityRow is a recent change.
type ActivityRow struct {
	At                   time.Time
	Who, WhatMsgID, Href string
	ActionMsgID          string
}

// Dashboard is the NMRF's overview on the home page.
type Dashboard struct {
	Totals       []Segment
	Total        int
	Charts       []Chart
	Overdue      []OverdueRow
	OverdueCount int
	OverdueHref  string
	Awaiting     int
	AwaitingHref string
	Recent       []ActivityRow
	StatusKeys   []Segment // the legend
}
