// Package advisory renders the NHRI's assessment, advisers' grants and review comments,
// and the technical-assistance summaries. The assessment and review sections are
// components the recommendation, plan, action and indicator pages include.
package advisory

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
)

// AssessmentView is the NHRI's assessment beside the government's status on a
// recommendation's page, with the NHRI's form when the reader is the NHRI.
type AssessmentView struct {
	GovStatusMsgID string
	Assessed       bool
	StatusMsgID    string
	Comment        string
	By             string
	At             time.Time
	Disagrees      bool
	CanEdit        bool
	Action         string
	Version        int
	Status         components.Field
	Statuses       []components.Option
	CommentField   components.Field
	Errors         components.FormErrors
	History        []components.HistoryItem
}

// ReviewView is the "Review comments" section of a plan, action or indicator page.
type ReviewView struct {
	Action     string // where a new comment is posted; "" when the reader may not comment
	TargetKind string
	TargetID   int64
	Threads    []ReviewThread
	CanReply   bool
	CanResolve bool
}

// ReviewThread is a comment with its replies.
type ReviewThread struct {
	ID            int64
	Comment       ReviewComment
	Replies       []ReviewComment
	Resolved      bool
	ResolvedBy    string
	ResolvedAt    string // on the State's clock, for the sentence that names it
	ReplyAction   string
	ResolveAction string
}

// ReviewComment is one comment or reply.
type ReviewComment struct {
	Author, RoleMsgID, Body string
	At                      time.Time
}

// AdvisersView is the NMRF admin's page of advisers' grants.
type AdvisersView struct {
	Current []GrantRow // current and upcoming
	Ended   []GrantRow // past and revoked
	Form    GrantForm
}

// GrantRow is one grant.
type GrantRow struct {
	Person, Email, From, To, Note, StatusMsgID string
	GrantedBy, RevokedBy                       string
	GrantedAt, RevokedAt                       time.Time // RevokedAt is zero while the grant stands
	Pending                                    bool      // the invitation is not accepted yet
	RevokeAction                               string    // "" when it cannot be revoked
}

// GrantForm grants a person adviser access.
type GrantForm struct {
	Action                                    string
	Email, Name, StartsOn, EndsOn, Note, Lang components.Field
	Langs                                     []components.Option
	Errors                                    components.FormErrors
}

// CountRow is a label with a count, linking to the list behind it when Href is set.
type CountRow struct {
	Label string
	Count int
}

// GapRow is an action with a capacity gap or an assistance request.
type GapRow struct {
	Title, Href, Plan, Lead, StatusMsgID, Gaps, Kinds string
}

// AssistanceView is one State's capacity gaps and technical-assistance summary.
type AssistanceView struct {
	Requesting int
	ByKind     []CountRow
	ByTheme    []CountRow
	ByCluster  []CountRow
	Gaps       []GapRow
}

// OverviewView compares the technical-assistance requests of the States an adviser
// holds a current grant for.
type OverviewView struct {
	States  []OverviewState
	ByKind  []MatrixRow
	ByTheme []MatrixRow
}

// OverviewState is one State's column.
type OverviewState struct {
	Name, Href string
	Requesting int
}

// MatrixRow is a kind or theme with its count in each State, in the States' order.
type MatrixRow struct {
	Label  string
	Counts []int
	Total  int
}
