package progress_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/progress"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

const link = "/s/XAA/progress/{id}"

// state is one State with its entities, an action led by the Ministry of Justice and
// supported by the police, and one person per role.
type state struct {
	t        *testing.T
	ctx      context.Context
	d        *dbtest.DB
	store    *progress.Store
	tenantID int64

	justice, health, police int64 // entities
	actionID                int64

	admin, staff, fpJustice, fpHealth, fpPolice, fpNoEntity, nhri, cso, adviser progress.Actor
}

func newState(t *testing.T) *state {
	return newStateIn(t, dbtest.New(t), "XAA")
}

func newStateIn(t *testing.T, d *dbtest.DB, code string) *state {
	t.Helper()
	ctx := context.Background()
	tn, err := tenancy.NewStore(d.App).Create(ctx, tenancy.NewTenant{Code: code, Name: "State " + code, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	s := &state{t: t, ctx: ctx, d: d, store: progress.NewStore(d.App), tenantID: tn.ID}
	s.justice = s.id(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'Ministry of Justice', 'ministry') RETURNING id`)
	s.health = s.id(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'Ministry of Health', 'ministry') RETURNING id`)
	s.police = s.id(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'National Police', 'other') RETURNING id`)
	plan := s.id(`INSERT INTO plans (tenant_id, title, period_start, period_end)
		VALUES ($1, 'National implementation plan', '2025-01-01', '2028-12-31') RETURNING id`)
	s.actionID = s.id(`INSERT INTO actions (tenant_id, plan_id, title, lead_entity_id)
		VALUES ($1, $2, 'Train judges on gender-based violence', $3) RETURNING id`, plan, s.justice)
	s.exec(`INSERT INTO action_entities (tenant_id, action_id, entity_id) VALUES ($1, $2, $3)`, s.actionID, s.police)

	s.admin = s.member("NMRF coordinator", account.RoleNMRFAdmin, 0)
	s.staff = s.member("NMRF officer", account.RoleNMRFStaff, 0)
	s.fpJustice = s.member("Justice focal point", account.RoleFocalPoint, s.justice)
	s.fpHealth = s.member("Health focal point", account.RoleFocalPoint, s.health)
	s.fpPolice = s.member("Police focal point", account.RoleFocalPoint, s.police)
	s.fpNoEntity = s.member("Unassigned focal point", account.RoleFocalPoint, 0)
	s.nhri = s.member("NHRI officer", account.RoleNHRI, 0)
	s.cso = s.member("Civil society member", account.RoleCivilSociety, 0)
	s.adviser = s.member("OHCHR adviser", account.RoleAdviser, 0)
	return s
}

// exec runs SQL in the State; $1 is always its tenant.
func (s *state) exec(sql string, args ...any) {
	s.t.Helper()
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(s.ctx, sql, append([]any{s.tenantID}, args...)...)
		return err
	})
	if err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
}

// id runs SQL in the State that returns one number; $1 is always its tenant.
func (s *state) id(sql string, args ...any) int64 {
	s.t.Helper()
	var id int64
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(s.ctx, sql, append([]any{s.tenantID}, args...)...).Scan(&id)
	})
	if err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

// member adds a person with a role (and, for a focal point, an entity) and returns them
// as the web layer would see them.
func (s *state) member(name string, role account.Role, entityID int64) progress.Actor {
	s.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "." + s.code() + "@example.org"
	var userID int64
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		if err := tx.QueryRow(s.ctx, `INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id`, email, name).Scan(&userID); err != nil {
			return err
		}
		var entity *int64
		if entityID != 0 {
			entity = &entityID
		}
		_, err := tx.Exec(s.ctx, `INSERT INTO memberships (tenant_id, user_id, role, entity_id) VALUES ($1, $2, $3, $4)`,
			s.tenantID, userID, role, entity)
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	a, err := progress.ActorFor(s.ctx, s.d.App, s.tenantID, userID)
	if err != nil {
		s.t.Fatal(err)
	}
	if a.UserID != userID || a.Role != role || a.EntityID != entityID {
		s.t.Fatalf("ActorFor = %+v, want user %d role %s entity %d", a, userID, role, entityID)
	}
	return a
}

func (s *state) code() string {
	var code string
	if err := s.d.App.QueryRow(s.ctx, `SELECT lower(code) FROM tenants WHERE id = $1`, s.tenantID).Scan(&code); err != nil {
		s.t.Fatal(err)
	}
	return code
}

// draft creates a report on the State's action as its lead entity's focal point.
func (s *state) draft(in progress.Input) progress.Report {
	s.t.Helper()
	if in.ActionID == 0 && in.RecommendationID == 0 && in.IndicatorID == 0 {
		in.ActionID = s.actionID
	}
	if in.Period == "" {
		in.Period = "First half of 2025"
	}
	r, err := s.store.Create(s.ctx, s.tenantID, s.fpJustice, in)
	if err != nil {
		s.t.Fatalf("create report: %v", err)
	}
	return r
}

// reportIn brings a new report on the action to status through the workflow.
func (s *state) reportIn(status progress.Status, in progress.Input) progress.Report {
	s.t.Helper()
	r := s.draft(in)
	steps := map[progress.Status][]func(v int) error{
		progress.Draft:     nil,
		progress.Submitted: {s.submit(r.ID)},
		progress.Returned:  {s.submit(r.ID), s.giveBack(r.ID)},
		progress.Validated: {s.submit(r.ID), s.validate(r.ID)},
		progress.Published: {s.submit(r.ID), s.validate(r.ID), s.publish(r.ID)},
	}
	for i, step := range steps[status] {
		if err := step(r.Version + i); err != nil {
			s.t.Fatalf("bring report to %s, step %d: %v", status, i+1, err)
		}
	}
	return s.get(s.staff, r.ID)
}

func (s *state) submit(id int64) func(int) error {
	return func(v int) error { return s.store.Submit(s.ctx, s.tenantID, s.fpJustice, id, v, link) }
}

func (s *state) giveBack(id int64) func(int) error {
	return func(v int) error {
		return s.store.Return(s.ctx, s.tenantID, s.staff, id, v, "Add the attendance lists.", link)
	}
}

func (s *state) validate(id int64) func(int) error {
	return func(v int) error { return s.store.Validate(s.ctx, s.tenantID, s.staff, id, v, link) }
}

func (s *state) publish(id int64) func(int) error {
	return func(v int) error { return s.store.Publish(s.ctx, s.tenantID, s.staff, id, v, link) }
}

func (s *state) get(actor progress.Actor, id int64) progress.Report {
	s.t.Helper()
	r, err := s.store.Get(s.ctx, s.tenantID, actor, id)
	if err != nil {
		s.t.Fatalf("get report %d: %v", id, err)
	}
	return r
}

// notification is one row of the notifications table.
type notification struct {
	UserID    int64
	MessageID string
	Data      map[string]string
	Link      string
}

func (s *state) notifications() []notification {
	s.t.Helper()
	var out []notification
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(s.ctx, `SELECT user_id, message_id, data, link FROM notifications WHERE tenant_id = $1 ORDER BY id`, s.tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notification, error) {
			var n notification
			var raw []byte
			if err := r.Scan(&n.UserID, &n.MessageID, &raw, &n.Link); err != nil {
				return n, err
			}
			return n, json.Unmarshal(raw, &n.Data)
		})
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// wantErr fails unless err is of kind with message ID msg ("" accepts any message).
func wantErr(t *testing.T, err error, kind fault.Kind, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want kind %d %q", kind, msg)
	}
	if fault.KindOf(err) != kind || (msg != "" && fault.MessageOf(err) != msg) {
		t.Fatalf("error %v (kind %d), want kind %d %q", err, fault.KindOf(err), kind, msg)
	}
}

// wantField fails unless err is a form error with msg on field.
func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	if got := fault.FieldsOf(err)[field]; got != msg {
		t.Fatalf("field %s: error %v (fields %v), want %q", field, err, fault.FieldsOf(err), msg)
	}
}

func statuses(events []progress.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, string(e.From)+"→"+string(e.To))
	}
	return out
}

func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
