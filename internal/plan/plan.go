// Package plan owns the national implementation plan: plans per period with their
// status, the actions that answer recommendations, their milestones, and the
// mechanisms' deadlines that share the plan's calendar.
package plan

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Plan statuses, in the order a plan goes through them.
const (
	Draft        = "draft"
	Consultation = "consultation"
	Adopted      = "adopted"
	Closed       = "closed"
)

// next says which status may follow which.
var next = map[string][]string{
	Draft:        {Consultation, Adopted},
	Consultation: {Draft, Adopted},
	Adopted:      {Closed},
}

// Plan is an implementation plan for a period.
type Plan struct {
	ID                     int64
	Title                  string
	PeriodStart, PeriodEnd time.Time
	Status                 string
	AdoptedAt              *time.Time
	Version                int
	Actions                int
}

// Store reads and writes plans and their actions within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const planColumns = `p.id, p.title, p.period_start, p.period_end, p.status, p.adopted_at, p.version,
  (SELECT count(*) FROM actions a WHERE a.tenant_id = p.tenant_id AND a.plan_id = p.id)`

func scanPlan(r pgx.Row) (Plan, error) {
	var p Plan
	err := r.Scan(&p.ID, &p.Title, &p.PeriodStart, &p.PeriodEnd, &p.Status, &p.AdoptedAt, &p.Version, &p.Actions)
	return p, err
}

// List returns the State's plans, newest period first.
func (s *Store) List(ctx context.Context, tenantID, userID int64) ([]Plan, error) {
	var out []Plan
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+planColumns+` FROM plans p WHERE p.tenant_id = $1 ORDER BY p.period_start DESC, p.id DESC`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Plan, error) { return scanPlan(r) })
		return err
	})
	return out, err
}

// Get returns one plan.
func (s *Store) Get(ctx context.Context, tenantID, userID, id int64) (Plan, error) {
	var p Plan
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		p, err = scanPlan(tx.QueryRow(ctx, `SELECT `+planColumns+` FROM plans p WHERE p.tenant_id = $1 AND p.id = $2`, tenantID, id))
		return err
	})
	return p, err
}

// PlanInput is what staff enter for a plan.
type PlanInput struct {
	Title                  string
	PeriodStart, PeriodEnd time.Time
}

func (in *PlanInput) validate() error {
	in.Title = strings.TrimSpace(in.Title)
	f := fault.Fields{}
	if in.Title == "" || len([]rune(in.Title)) > 300 {
		f["title"] = "Plan.TitleInvalid"
	}
	if in.PeriodStart.IsZero() {
		f["period_start"] = "Form.DateInvalid"
	}
	if in.PeriodEnd.IsZero() {
		f["period_end"] = "Form.DateInvalid"
	}
	if len(f) == 0 && in.PeriodEnd.Before(in.PeriodStart) {
		f["period_end"] = "Plan.PeriodOrder"
	}
	return f.Err()
}

// Create adds a draft plan.
func (s *Store) Create(ctx context.Context, tenantID, userID int64, in PlanInput) (Plan, error) {
	if err := in.validate(); err != nil {
		return Plan{}, err
	}
	var p Plan
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO plans (tenant_id, title, period_start, period_end) VALUES ($1, $2, $3, $4) RETURNING id`,
			tenantID, in.Title, in.PeriodStart, in.PeriodEnd).Scan(&id); err != nil {
			return err
		}
		var err error
		p, err = scanPlan(tx.QueryRow(ctx, `SELECT `+planColumns+` FROM plans p WHERE p.tenant_id = $1 AND p.id = $2`, tenantID, id))
		return err
	})
	return p, err
}

// SetStatus moves a plan on (draft → under consultation → adopted → closed). Adopting
// freezes the plan as it stands, for comparison with later changes.
func (s *Store) SetStatus(ctx context.Context, tenantID, userID, id int64, status string, version int) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var current string
		var v int
		if err := tx.QueryRow(ctx, `SELECT status, version FROM plans WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, tenantID, id).Scan(&current, &v); err != nil {
			return err
		}
		if v != version {
			return fault.New(fault.Conflict, "Plan.Stale")
		}
		allowed := false
		for _, n := range next[current] {
			allowed = allowed || n == status
		}
		if !allowed {
			return fault.New(fault.Invalid, "Plan.BadTransition")
		}
		if status == Adopted {
			snapshot, err := snapshotOf(ctx, tx, tenantID, id)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE plans SET status = $3, adopted_at = now(), adopted_snapshot = $4, version = version + 1
				WHERE tenant_id = $1 AND id = $2`, tenantID, id, status, snapshot)
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE plans SET status = $3, version = version + 1 WHERE tenant_id = $1 AND id = $2`, tenantID, id, status)
		return err
	})
}

// Frozen is an action as the plan had it when adopted.
type Frozen struct {
	ID              int64   `json:"id"`
	Title           string  `json:"title"`
	LeadEntityID    int64   `json:"lead_entity_id"`
	StartDate       string  `json:"start_date"`
	DueDate         string  `json:"due_date"`
	Status          string  `json:"status"`
	Recommendations []int64 `json:"recommendations"`
}

func snapshotOf(ctx context.Context, tx pgx.Tx, tenantID, planID int64) ([]byte, error) {
	rows, err := tx.Query(ctx, `
SELECT a.id, a.title, COALESCE(a.lead_entity_id, 0), COALESCE(a.start_date::text, ''), COALESCE(a.due_date::text, ''), a.status,
       ARRAY(SELECT ar.recommendation_id FROM action_recommendations ar WHERE ar.tenant_id = a.tenant_id AND ar.action_id = a.id ORDER BY 1)
FROM actions a WHERE a.tenant_id = $1 AND a.plan_id = $2 ORDER BY a.id`, tenantID, planID)
	if err != nil {
		return nil, err
	}
	frozen, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Frozen, error) {
		var f Frozen
		err := r.Scan(&f.ID, &f.Title, &f.LeadEntityID, &f.StartDate, &f.DueDate, &f.Status, &f.Recommendations)
		return f, err
	})
	if err != nil {
		return nil, err
	}
	if frozen == nil {
		frozen = []Frozen{}
	}
	return json.Marshal(frozen)
}

// Difference is how one action differs between the adopted plan and today's.
type Difference struct {
	ActionID int64
	Title    string
	Kind     string   // added, removed, changed
	Fields   []string // for changed: title, lead_entity, start_date, due_date, status, recommendations
}

// Compare lists what changed in a plan since it was adopted.
func (s *Store) Compare(ctx context.Context, tenantID, userID, planID int64) ([]Difference, error) {
	var out []Difference
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var raw []byte
		if err := tx.QueryRow(ctx, `SELECT adopted_snapshot FROM plans WHERE tenant_id = $1 AND id = $2`, tenantID, planID).Scan(&raw); err != nil {
			return err
		}
		if raw == nil {
			return fault.New(fault.Invalid, "Plan.NotAdopted")
		}
		var then []Frozen
		if err := json.Unmarshal(raw, &then); err != nil {
			return err
		}
		nowJSON, err := snapshotOf(ctx, tx, tenantID, planID)
		if err != nil {
			return err
		}
		var now []Frozen
		if err := json.Unmarshal(nowJSON, &now); err != nil {
			return err
		}
		out = diff(then, now)
		return nil
	})
	return out, err
}

func diff(then, now []Frozen) []Difference {
	old := map[int64]Frozen{}
	for _, f := range then {
		old[f.ID] = f
	}
	var out []Difference
	seen := map[int64]bool{}
	for _, n := range now {
		seen[n.ID] = true
		o, ok := old[n.ID]
		if !ok {
			out = append(out, Difference{ActionID: n.ID, Title: n.Title, Kind: "added"})
			continue
		}
		var fields []string
		if o.Title != n.Title {
			fields = append(fields, "title")
		}
		if o.LeadEntityID != n.LeadEntityID {
			fields = append(fields, "lead_entity")
		}
		if o.StartDate != n.StartDate {
			fields = append(fields, "start_date")
		}
		if o.DueDate != n.DueDate {
			fields = append(fields, "due_date")
		}
		if o.Status != n.Status {
			fields = append(fields, "status")
		}
		if !sameIDs(o.Recommendations, n.Recommendations) {
			fields = append(fields, "recommendations")
		}
		if len(fields) > 0 {
			out = append(out, Difference{ActionID: n.ID, Title: n.Title, Kind: "changed", Fields: fields})
		}
	}
	for _, o := range then {
		if !seen[o.ID] {
			out = append(out, Difference{ActionID: o.ID, Title: o.Title, Kind: "removed"})
		}
	}
	return out
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Deadline is a mechanism's date in the plan's calendar: the next UPR review, a
// mid-term report, a treaty-body report, a follow-up reply.
type Deadline struct {
	ID    int64
	Title string
	Kind  string
	Body  string
	Due   time.Time
}

// DeadlineKinds are the kinds of deadline, in the order forms show them.
var DeadlineKinds = []string{"upr_review", "mid_term_report", "treaty_report", "follow_up_reply", "other"}

// Deadlines lists the State's deadlines by date.
func (s *Store) Deadlines(ctx context.Context, tenantID, userID int64) ([]Deadline, error) {
	var out []Deadline
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, title, kind, body, due_date FROM deadlines WHERE tenant_id = $1 ORDER BY due_date, id`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Deadline, error) {
			var d Deadline
			err := r.Scan(&d.ID, &d.Title, &d.Kind, &d.Body, &d.Due)
			return d, err
		})
		return err
	})
	return out, err
}

// AddDeadline records a mechanism's deadline.
func (s *Store) AddDeadline(ctx context.Context, tenantID, userID int64, d Deadline) error {
	d.Title = strings.TrimSpace(d.Title)
	f := fault.Fields{}
	if d.Title == "" || len([]rune(d.Title)) > 300 {
		f["deadline_title"] = "Deadline.TitleInvalid"
	}
	valid := false
	for _, k := range DeadlineKinds {
		valid = valid || k == d.Kind
	}
	if !valid {
		f["deadline_kind"] = "Deadline.KindInvalid"
	}
	if d.Due.IsZero() {
		f["deadline_due"] = "Form.DateInvalid"
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO deadlines (tenant_id, title, kind, body, due_date) VALUES ($1, $2, $3, $4, $5)`,
			tenantID, d.Title, d.Kind, strings.TrimSpace(d.Body), d.Due)
		return err
	})
}

// DeleteDeadline removes a deadline.
func (s *Store) DeleteDeadline(ctx context.Context, tenantID, userID, id int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM deadlines WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}
