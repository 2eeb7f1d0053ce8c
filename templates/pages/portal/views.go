// Package portal renders a State's public portal: what the State published, for anyone,
// without signing in and without JavaScript; and the publication settings staff use.
package portal

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/indicators"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

// Frame is what every portal page shows around its content.
type Frame struct {
	Base      string // /p/xar
	StateName string
	Current   string // home, recommendations, plan, indicators, consultations: the section the page belongs to
	APIBase   string // /api/v1/states/xar
}

// Link is a name with its page and, for actions, a status.
type Link struct {
	Name, Href  string
	StatusMsgID string
}

// Count is one figure of the home page, linking to the list it counts.
type Count struct {
	Label string
	Count int
	Href  string
}

// HomeView is the portal's home page.
type HomeView struct {
	Frame
	Recommendations, Plans, Actions, Indicators, Reports int
	Consultations                                        int // published consultation reports
	ByStatus                                             []Count
}

// RecRow is one published recommendation in the list.
type RecRow struct {
	Href, Source, Paragraph, Text string
	PositionMsgID, StatusMsgID    string
	NHRIStatusMsgID               string // "" when not assessed or not shown
	Clusters                      []string
	LeadEntity                    string
	States                        string
}

// RecsView is the list of published recommendations with the staff list's filters.
type RecsView struct {
	Frame
	Query       string
	Selects     []recs.FilterSelect
	FollowUp    bool
	Sort        string
	Active      []recs.ActiveFilter
	Rows        []RecRow
	Total       int
	Page, Pages int
	PrevHref    string
	NextHref    string
	CSVHref     string
	// ShowNHRIAssessment adds the NHRI's assessment as a column (the State agreed).
	ShowNHRIAssessment bool
}

// Fact is a labelled value.
type Fact struct{ LabelMsgID, Value string }

// RecView is one published recommendation.
type RecView struct {
	Frame
	Title                     string
	Text, TextLang            string
	Original, OriginalLang    string // the text as received when Text is a translation
	Facts                     []Fact
	StatusMsgID, StatusReason string
	Clusters                  []string
	Actions, Indicators       []Link
	Reports                   []ReportBlock
	// ShowNHRIAssessment: the State agreed to show the NHRI's assessment beside the
	// government's; NHRIStatusMsgID is "" until the NHRI assessed this one.
	ShowNHRIAssessment           bool
	NHRIStatusMsgID, NHRIComment string
}

// ReportBlock is a published progress report with its public evidence.
type ReportBlock struct {
	Entity, Period, Done string
	ProposedStatusMsgID  string
	Published            string
	Evidence             []EvidenceLink
}

// EvidenceLink is a public file (downloaded) or link (external).
type EvidenceLink struct {
	Name, Href string
	External   bool
	Size       string
}

// ActionRow is one action in the plan's table.
type ActionRow struct {
	Href, Title, Lead, Due, StatusMsgID string
}

// PlanBlock is one public plan with its actions.
type PlanBlock struct {
	Title, StatusMsgID, Period, Adopted string
	Actions                             []ActionRow
}

// PlanView lists the public plans.
type PlanView struct {
	Frame
	Plans []PlanBlock
}

// ActionView is one action of a public plan.
type ActionView struct {
	Frame
	Title, PlanTitle, PlanHref  string
	Description, Outcome        string
	Facts                       []Fact
	Recommendations, Indicators []Link
	Reports                     []ReportBlock
}

// IndicatorRow is one published indicator in the list.
type IndicatorRow struct {
	Href, Title, TypeMsgID, Unit string
	Values                       int
}

// IndicatorsView lists the published indicators.
type IndicatorsView struct {
	Frame
	Rows []IndicatorRow
}

// IndicatorView is one published indicator with its chart and table.
type IndicatorView struct {
	Frame
	Title                    string
	Facts                    []indicators.Fact
	HasValues                bool
	Chart                    string // SVG markup from indicator.RenderSVG, which escapes every text
	Table                    indicators.ValueTable
	Measurements             []indicators.MeasurementRow
	Actions, Recommendations []Link
	Reports                  []ReportBlock
}

// SettingsView is the publication settings page (staff).
type SettingsView struct {
	Base               string // /s/xar
	PortalHref         string
	Published          bool
	ShowNHRIAssessment bool
	Version            int
	Updated            string
	Recommendations    int // published recommendations (whether or not the portal is on)
	Indicators         int
	Errors             components.FormErrors
}

// ConsultationRow is one published consultation report in the list.
type ConsultationRow struct {
	Href, Title           string
	SubjectMsgID, Subject string
	Period                string
	Published             time.Time
	Comments              int
}

// ConsultationsView lists the published consultation reports.
type ConsultationsView struct {
	Frame
	Rows []ConsultationRow
}

// ConsultationComment is a comment of a published report: who spoke (an organisation
// or a role, never a person), what they said unless staff hid it, and the answer.
type ConsultationComment struct {
	Anchor               string
	Speaker, RoleMsgID   string
	At                   time.Time
	Body                 string
	Hidden               bool
	Reason               string // why staff hid it
	OutcomeMsgID, Answer string // OutcomeMsgID "" while unanswered
	Replies              []ConsultationComment
}

// ConsultationSection is one item of a published report with its comments.
type ConsultationSection struct {
	Anchor, KindMsgID, Title string
	Comments                 []ConsultationComment
}

// ConsultationView is one published consultation report ("you said, we did").
type ConsultationView struct {
	Frame
	Title, Explanation    string
	SubjectMsgID, Subject string
	Period                string
	Published             time.Time
	Sections              []ConsultationSection
}
