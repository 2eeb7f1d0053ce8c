// Package consultation owns consultations with the NHRI and civil society: the NMRF opens
// one on a plan (all of it or chosen clusters), a progress report or the recommendations
// of a review, for a window of time; invited people comment on its items and reply to
// each other; the NMRF hides abusive comments, answers each one and publishes a report
// of what it was told and what it did. It also owns civil-society organisations and the
// requests of their members to register.
//
// The window is decided by the database's clock (now()), in the same transaction as the
// write it allows, so the edges hold to the microsecond; tests fix the clock (SetNow).
package consultation

import (
	"context"
	"net/url"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// Subject kinds: what a consultation is about.
const (
	OnPlan     = "plan"
	OnReport   = "report"
	OnDocument = "document"
)

// Audiences: who is invited besides the NMRF staff and the NHRI, who always are.
const (
	AudienceNHRI          = "nhri"
	AudienceCivilSociety  = "civil_society"
	AudienceOrganisations = "organisations"
	AudienceEveryone      = "everyone"
)

// Audiences lists the audiences in the order forms show them.
var Audiences = []string{AudienceNHRI, AudienceCivilSociety, AudienceOrganisations, AudienceEveryone}

// Statuses a consultation has, derived from its window and the time.
const (
	Upcoming = "upcoming"
	Open     = "open"
	Closed   = "closed"
)

// Outcomes of the NMRF's answer to a comment.
var Outcomes = []string{"taken_into_account", "partly", "not_taken_into_account"}

// Item kinds a comment may be about.
const (
	ItemWhole          = "whole"
	ItemCluster        = "cluster"
	ItemAction         = "action"
	ItemRecommendation = "recommendation"
)

// Limits.
const (
	MaxTitle       = 300
	MaxExplanation = 20000
	MaxBody        = 10000
	MaxReason      = 4000
)

// Actor is the person acting, as their membership describes them.
type Actor struct {
	UserID int64
	Role   account.Role
}

func (a Actor) staff() bool {
	return account.Can(a.Role, account.ManageConsultations)
}

// Consultation is one consultation.
type Consultation struct {
	ID                     int64
	Title, Explanation     string
	SubjectKind            string
	PlanID, ReportID       int64
	DocumentID             int64
	SubjectTitle           string
	Audience               string
	OpensAt, ClosesAt      time.Time
	Status                 string // Upcoming, Open or Closed, by the database's clock
	ReportPublishedAt      *time.Time
	Version                int
	ClusterIDs             []int64
	OrganisationIDs        []int64
	CommentCount           int
	CanComment             bool // the reader is invited and the window is open
	ClusterNames, OrgNames []string
}

// Item is something in a consultation's scope that comments are about.
type Item struct {
	Kind  string
	ID    int64
	Title string
}

// Key is the item as a form value: "whole", "cluster:5" …
func (i Item) Key() string {
	if i.Kind == ItemWhole {
		return ItemWhole
	}
	return i.Kind + ":" + itoa(i.ID)
}

// Comment is a comment or a reply, with the NMRF's answer.
type Comment struct {
	ID, ParentID int64
	ItemKind     string
	ItemID       int64
	AuthorID     int64
	AuthorName   string
	AuthorRole   account.Role
	AuthorOrg    string
	Body         string // "" when hidden and the reader is neither staff nor the author
	Hidden       bool
	HiddenReason string
	Outcome      string // "" until answered
	Answer       string
	AnsweredAt   *time.Time
	Version      int
	CreatedAt    time.Time
	Filename     string // the attached document, "" for none
	FileSize     int64
	Replies      []Comment
}

// Section is one item with its comments, as the consultation page and report show it.
type Section struct {
	Item     Item
	Comments []Comment
}

// Mailer queues an email inside a transaction, as notify.Jobs does.
type Mailer interface {
	Enqueue(ctx context.Context, tx pgx.Tx, m notify.Message) error
}

// Inviter records an invitation inside the caller's transaction, as *account.Service
// does. Approving a registration for an email without an account invites the person, so
// that they prove they own the address (by its link) before they get a password.
type Inviter interface {
	InviteTx(ctx context.Context, tx pgx.Tx, in account.InviteInput) error
}

// Store reads and writes consultations and organisations within one State.
type Store struct {
	pool    *pgxpool.Pool
	mailer  Mailer
	inviter Inviter
	bundle  *i18n.Bundle
	baseURL *url.URL
	// fixedNow (Unix nanoseconds) replaces the database's clock when not 0, so tests
	// can stand exactly on a window's edges.
	fixedNow atomic.Int64
}

// SetNow makes the store act as if it were t (tests); the zero time restores the
// database's clock.
func (s *Store) SetNow(t time.Time) {
	if t.IsZero() {
		s.fixedNow.Store(0)
		return
	}
	s.fixedNow.Store(t.UnixNano())
}

// inTenant is db.InTenant with the store's clock set for the transaction (app.now),
// which clockSQL reads.
func (s *Store) inTenant(ctx context.Context, tenantID, userID int64, fn func(pgx.Tx) error) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if n := s.fixedNow.Load(); n != 0 {
			if _, err := tx.Exec(ctx, `SELECT set_config('app.now', $1, true)`, time.Unix(0, n).UTC().Format(time.RFC3339Nano)); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// clockSQL is the moment the transaction acts at: the store's fixed time, else now().
const clockSQL = `COALESCE(NULLIF(current_setting('app.now', true), '')::timestamptz, now())`

// NewStore returns a Store; mailer may be nil (no emails are queued then). inviter is
// required to approve a registration for a person without an account.
func NewStore(pool *pgxpool.Pool, mailer Mailer, inviter Inviter, bundle *i18n.Bundle, baseURL *url.URL) *Store {
	return &Store{pool: pool, mailer: mailer, inviter: inviter, bundle: bundle, baseURL: baseURL}
}

func validOutcome(o string) bool { return slices.Contains(Outcomes, o) }

// statusSQL derives a consultation's status from its window and the database's clock.
const statusSQL = `CASE WHEN ` + clockSQL + ` < c.opens_at THEN 'upcoming' WHEN ` + clockSQL + ` < c.closes_at THEN 'open' ELSE 'closed' END`

// invitedSQL is true when membership m may take part in consultation c: the staff and the
// NHRI always; civil society when all of it is invited, or when their approved
// organisation is; everyone when the consultation is open to every member.
const invitedSQL = `(m.role IN ('nmrf_admin', 'nmrf_staff', 'nhri')
  OR c.audience = 'everyone'
  OR (c.audience = 'civil_society' AND m.role = 'civil_society')
  OR (c.audience = 'organisations' AND m.role = 'civil_society' AND EXISTS (
      SELECT FROM organisation_members om
      JOIN organisations o ON o.tenant_id = om.tenant_id AND o.id = om.organisation_id AND o.status = 'approved'
      JOIN consultation_organisations co ON co.tenant_id = om.tenant_id AND co.organisation_id = om.organisation_id
      WHERE om.tenant_id = m.tenant_id AND om.user_id = m.user_id AND co.consultation_id = c.id)))`
