// Package state renders the pages of a State's workspace.
package state

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
)

// HomeView is the State's home: the State, the person's role and what exists so far.
type HomeView struct {
	StateName   string
	StateCode   string
	RoleMsgID   string
	Members     int
	Pending     int
	ShowMembers bool // the role may see the member list
	// What the database holds, for roles that may read it.
	ShowDatabase                                            bool
	Recommendations, Unclustered, Clusters, Entities, Plans int
	ShowPlans                                               bool

	Dashboard *Dashboard // for the NMRF and those who follow its work; nil otherwise
	Work      []WorkRow  // a focal point's entity's actions, overdue first
	WorkOf    string     // the entity's name
	ShowWork  bool
}

// WorkRow is one action a focal point's entity leads or supports.
type WorkRow struct {
	Title, Href, ReportHref, Due, StatusMsgID string
	Overdue                                   bool
}

// Member is one row of the member list.
type Member struct {
	Name, Email, RoleMsgID string
}

// Pending is an invitation not yet accepted.
type Pending struct {
	Name, Email, RoleMsgID string
	Organisation           string // a civil-society member's organisation, if the invitation names one
	ExpiresAt              time.Time
	Expired                bool
}

// MembersView lists the State's people and, for those who may, the invitation form.
type MembersView struct {
	StateCode string
	Members   []Member
	Pending   []Pending
	CanInvite bool
	Invite    InviteForm
}

// InviteForm invites a person with a role.
type InviteForm struct {
	Action   string
	Email    components.Field
	Name     components.Field
	Role     components.Field
	Roles    []components.Option
	Entity   components.Field // for focal points: the entity they report for
	Entities []components.Option
	// For civil-society members: the approved organisation they speak for. Shown whatever
	// the role chosen, since the form works without JavaScript.
	Organisation  components.Field
	Organisations []components.Option
	Language      components.Field
	Langs         []components.Option
	Errors        components.FormErrors
}
