// Package reports renders progress reports: the list, the form, one report with its
// evidence and its review.
package reports

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
)

// Row is one report in a list.
type Row struct {
	Href, Subject, Entity, Period, StatusMsgID string
	Updated                                    time.Time
}

// ListView lists reports.
type ListView struct {
	Base      string
	Rows      []Row
	Awaiting  []Row
	CanReview bool
}

// EvidenceRow is one piece of evidence.
type EvidenceRow struct {
	Name, Href, RemoveHref string
	Link                   bool
	Size                   int64
}

// EventRow is one step of the workflow.
type EventRow struct {
	At                   time.Time
	Who, ToMsgID, Reason string
}

// ReportView is one report (or the form to start one).
type ReportView struct {
	Base, Action                   string
	ID                             int64
	Subject, SubjectHref           string
	Status, StatusMsgID            string
	Version                        int
	Editable, CanSubmit, CanReview bool
	ReturnReason                   string
	Period, DoneText               components.Field
	Proposed                       components.Field
	Statuses                       []components.Option
	EvidencePublic                 bool
	Errors                         components.FormErrors
	Evidence                       []EvidenceRow
	Events                         []EventRow
	SubjectField                   string // hidden field name for a new report (action_id …)
	SubjectValue                   string
	Problem                        string
}
