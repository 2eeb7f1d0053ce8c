// Package progress owns progress reports: what a focal point says their entity did on an
// action, a recommendation or an indicator, with evidence, and the NMRF's review of it
// (draft → submitted → returned or validated → published) before anyone outside sees it.
package progress

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
)

// Status is where a report is in its review.
type Status string

const (
	Draft     Status = "draft"
	Submitted Status = "submitted"
	Returned  Status = "returned"
	Validated Status = "validated"
	Published Status = "published"
)

// Statuses lists a report's statuses in workflow order.
var Statuses = []Status{Draft, Submitted, Returned, Validated, Published}

// Valid reports whether s is a known report status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// ImplementationStatuses are the statuses a report may propose for what it reports on,
// the same as an action's.
var ImplementationStatuses = []string{"not_started", "in_progress", "partially_implemented", "fully_implemented", "not_implementable"}

// Actor is the person acting, as their membership in the State describes them.
type Actor struct {
	UserID   int64
	Role     account.Role
	EntityID int64 // the focal point's entity; 0 for every other role
}

func (a Actor) staff() bool {
	return a.Role == account.RoleNMRFAdmin || a.Role == account.RoleNMRFStaff
}

// focalPointOf reports whether a is a focal point of entityID.
func (a Actor) focalPointOf(entityID int64) bool {
	return a.Role == account.RoleFocalPoint && a.EntityID != 0 && a.EntityID == entityID
}

// ActorFor reads a person's membership in a State; no membership is NotFound.
func ActorFor(ctx context.Context, pool *pgxpool.Pool, tenantID, userID int64) (Actor, error) {
	a := Actor{UserID: userID}
	err := db.InTenant(ctx, pool, tenantID, userID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT role, COALESCE(entity_id, 0) FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
			tenantID, userID).Scan(&a.Role, &a.EntityID)
	})
	if a.Role != account.RoleFocalPoint {
		a.EntityID = 0
	}
	return a, err
}

// Report is one progress report.
type Report struct {
	ID int64
	// What it reports on: exactly one of the three is set.
	ActionID, RecommendationID, IndicatorID int64
	SubjectTitle                            string
	EntityID                                int64 // the entity it reports for; 0 when none
	EntityName                              string
	Period                                  string
	DoneText                                string
	ProposedStatus                          string // one of ImplementationStatuses, or "" for none
	EvidencePublic                          bool
	Status                                  Status
	ReturnReason                            string // why it was returned, while it is returned
	Version                                 int
	CreatedByID                             int64
	CreatedBy                               string // the person's name
	CreatedAt, UpdatedAt                    time.Time
	Evidence                                []Evidence // what the reader may see, without file contents
	Events                                  []Event    // the review history, for staff and the entity's focal points
}

// Editable reports whether the report's text and evidence may still change.
func (r Report) Editable() bool { return r.Status == Draft || r.Status == Returned }

// Event is one step of a report's workflow.
type Event struct {
	From     Status // "" for the report's creation
	To       Status
	UserID   int64
	UserName string
	Reason   string
	At       time.Time
}

// Evidence is a file or a link attached to a report.
type Evidence struct {
	ID          int64
	ReportID    int64
	Filename    string // "" for a link
	ContentType string // decided from the file's bytes and name, never the browser's claim
	Size        int64
	URL         string // "" for a file
	CreatedAt   time.Time
	Data        []byte // only from Store.Evidence
}

// IsLink reports whether the evidence is a link rather than a file.
func (e Evidence) IsLink() bool { return e.URL != "" }

// Visible reports whether actor may read report. Published reports are for everyone who
// may view the plan; validated ones also for the NHRI; until then only the NMRF staff and
// the focal points of the report's entity see it (they keep seeing their own report after
// it is validated, so the notification they receive leads somewhere).
func Visible(actor Actor, r Report) bool {
	switch {
	case actor.staff(), actor.focalPointOf(r.EntityID):
		return true
	case r.Status == Published:
		return account.Can(actor.Role, account.ViewPlan)
	case r.Status == Validated:
		return actor.Role == account.RoleNHRI
	}
	return false
}

// insider reports whether actor takes part in the report's review: the NMRF staff and the
// report's own entity. They see its history, its return reason and all its evidence.
func insider(actor Actor, r Report) bool { return actor.staff() || actor.focalPointOf(r.EntityID) }

// evidenceVisible reports whether actor may open the report's evidence: with the report,
// unless the report is published and its evidence was not made public, in which case
// only the staff, the NHRI and the report's entity may.
func evidenceVisible(actor Actor, r Report) bool {
	if !Visible(actor, r) {
		return false
	}
	return r.EvidencePublic || insider(actor, r) || actor.Role == account.RoleNHRI
}

// Store reads and writes progress reports within one State.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }
