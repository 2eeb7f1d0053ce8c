// Package consult renders consultations with the NHRI and civil society: the list, the
// form to open one, one consultation with its comments, its report, the organisations
// and the public registration form.
package consult

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
)

// Row is one consultation in the list.
type Row struct {
	Href, Title, Subject, StatusMsgID string
	Opens, Closes                     time.Time
	Comments                          int
}

// ListView lists consultations.
type ListView struct {
	Base      string
	Rows      []Row
	CanManage bool
}

// Check is one checkbox of a group.
type Check struct {
	Value, Label string
	Checked      bool
}

// NewView is the form to open a consultation.
type NewView struct {
	Action                   string
	Title, Explanation       components.Field
	Subject, Audience        components.Field
	Opens, Closes            components.Field
	Zone                     string // the State's time zone, which the times are read in
	Subjects, Audiences      []components.Option
	Clusters, Organisations  []Check
	ClustersError, OrgsError string
	Errors                   components.FormErrors
}

// CommentView is one comment or reply.
type CommentView struct {
	ID                       int64
	Anchor                   string
	Author, Org, RoleMsgID   string
	At                       time.Time
	Body                     string
	Hidden                   bool
	HiddenReason             string
	Mine                     bool
	OutcomeMsgID, Answer     string
	FileHref, FileName       string
	Version                  int
	HideAction, AnswerAction string
	Replies                  []CommentView
}

// SectionView is one item with its comments.
type SectionView struct {
	Anchor, Title, KindMsgID string
	Comments                 []CommentView
}

// PageView is one consultation.
type PageView struct {
	Base, Action, ReportHref    string
	Title, Explanation, Subject string
	SubjectMsgID, AudienceMsgID string
	Clusters, Organisations     []string
	Opens, Closes               time.Time
	Status, StatusMsgID         string
	CanComment, CanManage       bool
	ClosedMsgID                 string // why the comment form is not shown
	Item, Body                  components.Field
	Items                       []components.Option
	Outcomes                    []components.Option
	Errors                      components.FormErrors
	Problem                     string
	Sections                    []SectionView
}

// ReportView is a closed consultation's report.
type ReportView struct {
	Base, PageHref, PublishAction string
	Title, Explanation, Subject   string
	Opens, Closes                 time.Time
	Published                     string // on the State's clock; "" until the report is published
	CanPublish                    bool
	Version                       int
	Unanswered                    int
	Problem                       string
	Sections                      []SectionView
}

// OrgRow is one organisation.
type OrgRow struct {
	Name, KindMsgID, Email, Phone, StatusMsgID string
	Members                                    int
}

// RegistrationRow is one pending request to register.
type RegistrationRow struct {
	ID                          int64
	Name, Email, Org            string
	NewOrg                      bool
	At                          time.Time
	ApproveAction, RejectAction string
}

// OrgsView is the staff's page of organisations and registrations.
type OrgsView struct {
	Action, RegisterHref     string
	Orgs                     []OrgRow
	Registrations            []RegistrationRow
	Name, Kind, Email, Phone components.Field
	Kinds                    []components.Option
	Errors                   components.FormErrors
	Problem                  string
}

// RegisterView is the public registration form.
type RegisterView struct {
	Action, StateName                    string
	Name, Email                          components.Field
	Organisation                         components.Field
	OrgName, OrgKind, OrgEmail, OrgPhone components.Field
	Organisations, Kinds                 []components.Option
	Errors                               components.FormErrors
	Done                                 bool
}
