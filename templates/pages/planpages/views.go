// Package planpages renders the implementation plan: plans, their actions and changes.
package planpages

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// PlanRow is one plan in the list.
type PlanRow struct {
	Href, Title, Period, StatusMsgID string
	Actions                          int
}

// PlansView lists plans and the form to start one.
type PlansView struct {
	Base      string
	Plans     []PlanRow
	CanManage bool
	Title     components.Field
	Start     components.Field
	End       components.Field
	Errors    components.FormErrors
}

// ActionRow is one action in a plan.
type ActionRow struct {
	Href, Title, Lead, StatusMsgID, Due string
	Overdue                             bool
	Recommendations                     int
}

// ActionGroup is the actions of one cluster (or without one).
type ActionGroup struct {
	Name    string
	Actions []ActionRow
}

// PlanView is one plan.
type PlanView struct {
	Base, Href    string
	ID            int64
	Title, Period string
	Status        string
	StatusMsgID   string
	Version       int
	Adopted       string
	Groups        []ActionGroup
	Total         int
	CanManage     bool
	NextStatuses  []components.Option
	Clusters      []components.Option
	NewAction     components.Field
	OnlyEntity    string                   // a focal point sees their entity's actions only
	History       []components.HistoryItem // the record's changes, newest first
	Review        *advisory.ReviewView     // advisers' review comments; nil for roles that may not see them
}

// ActionView is one action with its edit form and milestones.
type ActionView struct {
	Base, PlanHref, PlanTitle string
	ID                        int64
	Title                     string
	CanManage                 bool
	Form                      ActionForm
	Milestones                []MilestoneRow
	Recommendations           []Link
	Clusters                  []string
	MilestoneTitle            components.Field
	MilestoneDue              components.Field
	Summary                   []Fact
	History                   []components.HistoryItem // the record's changes, newest first
	Review                    *advisory.ReviewView     // advisers' review comments; nil for roles that may not see them
}

// Fact is one labelled value for people who read but do not edit.
type Fact struct{ LabelMsgID, Value string }

// Link is a name with its page.
type Link struct{ Name, Href string }

// MilestoneRow is one milestone.
type MilestoneRow struct {
	ID      int64
	Title   string
	Due     time.Time
	Done    bool
	Overdue bool
	Toggle  string
}

// ActionForm edits an action.
type ActionForm struct {
	Action       string
	Version      int
	Title        components.Field
	Description  components.Field
	Outcome      components.Field
	Lead         components.Field
	Entities     []components.Option
	Supporting   []components.Option // Selected marks the chosen ones through Value in SupportingOn
	SupportingOn map[string]bool
	Start        components.Field
	Due          components.Field
	Amount       components.Field
	Currency     components.Field
	Funding      components.Field
	Status       components.Field
	Statuses     []components.Option
	StatusReason components.Field
	Gender       components.Field
	Genders      []components.Option
	GenderNote   components.Field
	CapacityGaps components.Field
	Assistance   []components.Option
	AssistanceOn map[string]bool
	Errors       components.FormErrors
}

// Change is one difference between the adopted plan and today's.
type Change struct {
	Href, Title, KindMsgID, Fields string
}

// ChangesView compares a plan with its adopted version.
type ChangesView struct {
	PlanHref, Title, Adopted string
	Changes                  []Change
}

// TimelineRow is one action of the timeline's table.
type TimelineRow struct {
	Group, Title, Href, Start, Due, StatusMsgID string
	GroupStart, Overdue, DueSoon                bool
	Milestones                                  []string
}

// DeadlineRow is one mechanism deadline.
type DeadlineRow struct {
	Title, KindMsgID, Date, DeleteHref string
}

// TimelineView is the plan's timeline.
type TimelineView struct {
	PlanHref, PlanTitle, Href string
	By                        string // cluster or entity
	SVG                       string // built by package timeline, every text escaped there
	Rows                      []TimelineRow
	Deadlines                 []DeadlineRow
	CanManage                 bool
	DeadlineTitle             components.Field
	DeadlineKind              components.Field
	DeadlineKinds             []components.Option
	DeadlineDue               components.Field
	Errors                    components.FormErrors
	CalendarHref              string
}

// FeedRow is one calendar link.
type FeedRow struct {
	Whose      string
	Created    time.Time
	Revoked    bool
	RevokeHref string
}

// CalendarView lists a person's calendar links and makes new ones.
type CalendarView struct {
	Base     string
	NewURL   string // shown once, right after a link is made
	Feeds    []FeedRow
	Entities []components.Option // entities the person may make a shared link for
}
