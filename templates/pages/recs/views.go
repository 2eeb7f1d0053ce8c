// Package recs renders the recommendations database: the list with its filters, one
// recommendation, clusters, entities and imports.
package recs

import (
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// Choice is one option of a filter: its value, its label (translated or a name) and the
// facet count beside it.
type Choice struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}

// FilterSelect is one filter drop-down.
type FilterSelect struct {
	Name       string // URL parameter
	LabelMsgID string
	Choices    []Choice
}

// ActiveFilter is a filter in force, with the link that removes it.
type ActiveFilter struct {
	LabelMsgID string
	Value      string
	RemoveHref string
}

// Row is one recommendation in the table.
type Row struct {
	ID              int64
	Href            string
	Source          string // "UPR cycle 3 (A/HRC/34/…)" as built by the handler
	Paragraph       string
	Text            string
	PositionMsgID   string
	Clusters        []string
	LeadEntity      string
	LeadFromCluster bool
	States          string
	Confirmed       bool // staff confirmed it voices the same concern (related recommendations)
	// The government's implementation status and the NHRI's assessment ("" when none).
	GovStatusMsgID, NHRIStatusMsgID string
	Disagrees                       bool
}

// SavedView is a person's saved filter.
type SavedView struct {
	ID         int64
	Name, Href string
	DeleteHref string
}

// ListView is the recommendations page.
type ListView struct {
	Base        string // /s/xar
	Query       string
	Selects     []FilterSelect
	FollowUp    bool
	Unclustered bool
	NoLead      bool
	// Disagree keeps recommendations the NHRI assessed differently; DisagreeCount is its facet.
	Disagree      bool
	DisagreeCount int
	Sort          string
	Active        []ActiveFilter
	Rows          []Row
	Total         int
	Page, Pages   int
	PrevHref      string
	NextHref      string
	FilterQuery   string // the current filter as a query string, for bulk "all matching" and export
	CanManage     bool
	Clusters      []components.Option
	Entities      []components.Option
	SavedViews    []SavedView
	ExportHref    string
	Columns       []Choice // export columns
}

// DetailView is one recommendation.
type DetailView struct {
	Base            string
	Publication     components.Publication // on the public portal or not
	ID              int64
	Source          string
	Symbol          string
	MechanismMsgID  string
	Body            string
	Cycle, Session  int
	Published       string
	Paragraph       string
	Text            string
	TypeMsgID       string
	PositionMsgID   string
	PositionSource  string
	ActionCategory  int
	States          []string
	Themes          []string
	Persons         []string
	SDGs            []string
	GenderMsgID     string
	FollowUp        bool
	FollowUpDue     string
	ExternalID      string
	Clusters        []Link
	LeadEntity      string
	LeadFromCluster bool
	Supporting      []string
	Similar         []Row
	History         []components.HistoryItem
	CanManage       bool
	ClusterOptions  []components.Option
	EntityOptions   []components.Option
	Return          string

	Version          int
	StatusMsgID      string
	StatusByStaff    bool
	StatusReason     string
	Status           string
	Actions          []ActionLink
	StatusOptions    []components.Option
	OriginalLang     string
	Translations     []Translation
	TranslationLangs []components.Option

	// The NHRI's assessment beside the government's status.
	Assessment *advisory.AssessmentView
}

// Translation is a recommendation's text in another language.
type Translation struct {
	Lang, LangName, Text string
}

// Link is a name with its page.
type Link struct{ Name, Href string }

// ClustersView lists clusters.
type ClustersView struct {
	Base        string
	Clusters    []ClusterRow
	CanManage   bool
	Form        ClusterForm
	Unclustered int
}

// ClusterRow is one cluster in the list.
type ClusterRow struct {
	ID          int64
	Name        string
	Description string
	Lead        string
	Count       int
	Href        string
	ListHref    string
	First, Last bool
}

// ClusterForm creates or edits a cluster.
type ClusterForm struct {
	Action      string
	Name        components.Field
	Description components.Field
	Lead        components.Field
	Entities    []components.Option
	Version     int
	Errors      components.FormErrors
}

// ClusterView is one cluster with its edit, merge and delete forms.
type ClusterView struct {
	Base      string
	ID        int64
	Name      string
	Count     int
	ListHref  string
	CanManage bool
	Form      ClusterForm
	Others    []components.Option
}

// EntitiesView lists entities.
type EntitiesView struct {
	Base      string
	Entities  []EntityRow
	CanManage bool
	Form      EntityForm
}

// EntityRow is one entity in the list.
type EntityRow struct {
	ID              int64
	Name, Acronym   string
	KindMsgID       string
	Leads, Supports int
	ListHref        string
}

// EntityForm creates an entity.
type EntityForm struct {
	Action  string
	Name    components.Field
	Acronym components.Field
	Kind    components.Field
	Kinds   []components.Option
	Errors  components.FormErrors
}

// Suggestion is a proposed cluster for an unclustered recommendation.
type Suggestion struct {
	Row       Row
	ClusterID int64
	Cluster   string
	Reason    string
}

// SuggestionsView lists suggestions to accept.
type SuggestionsView struct {
	Base        string
	Suggestions []Suggestion
	Remaining   int
}

// ActionLink is an action that answers the recommendation.
type ActionLink struct {
	Title, Href, StatusMsgID string
}
