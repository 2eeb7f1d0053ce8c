package reminder_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// monday is the moment of the first run in every test: Monday 3 March 2025, 07:00 UTC.
var monday = time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC)

var baseURL = &url.URL{Scheme: "https", Host: "nmrf.example.org"}

func date(days int) string { return monday.AddDate(0, 0, days).Format("2006-01-02") }

// mailer records every message queued, and checks it is queued inside a live transaction.
type mailer struct {
	mu   sync.Mutex
	msgs []notify.Message
	fail bool
}

func (m *mailer) Enqueue(ctx context.Context, tx pgx.Tx, msg notify.Message) error {
	if m.fail {
		return errors.New("mail queue down")
	}
	if _, err := tx.Exec(ctx, `SELECT 1`); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

// take returns the messages queued since the last take.
func (m *mailer) take() []notify.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.msgs
	m.msgs = nil
	return out
}

func byRecipient(msgs []notify.Message) map[string][]notify.Message {
	out := map[string][]notify.Message{}
	for _, m := range msgs {
		out[m.To] = append(out[m.To], m)
	}
	return out
}

var (
	bundleOnce sync.Once
	theBundle  *i18n.Bundle
	bundleErr  error
)

// bundle is the project's real locale files.
func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	bundleOnce.Do(func() { theBundle, bundleErr = i18n.New() })
	if bundleErr != nil {
		t.Fatal(bundleErr)
	}
	return theBundle
}

// member is a person in a State.
type member struct {
	ID    int64
	Email string
	Name  string
}

// state is one State with three entities, their focal points, the NMRF's admin and
// staff member, and an adopted plan.
type state struct {
	t        *testing.T
	ctx      context.Context
	d        *dbtest.DB
	tenantID int64
	code     string // lower case, as in links
	name     string
	lang     string // the State's default language

	justice, health, police int64
	plan                    int64

	admin, staff, fpJustice, fpHealth, fpPolice, fpNoEntity, nhri member
}

func newState(t *testing.T, d *dbtest.DB, code, lang string) *state {
	t.Helper()
	ctx := context.Background()
	name := "State " + code
	tn, err := tenancy.NewStore(d.App).Create(ctx, tenancy.NewTenant{Code: code, Name: name, Language: lang})
	if err != nil {
		t.Fatal(err)
	}
	s := &state{t: t, ctx: ctx, d: d, tenantID: tn.ID, code: strings.ToLower(code), name: name, lang: lang}
	s.justice = s.id(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'Ministry of Justice', 'ministry') RETURNING id`)
	s.health = s.id(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'Ministry of Health', 'ministry') RETURNING id`)
	s.police = s.id(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'National Police', 'other') RETURNING id`)
	s.plan = s.id(`INSERT INTO plans (tenant_id, title, period_start, period_end, status)
		VALUES ($1, 'National implementation plan', '2024-01-01', '2028-12-31', 'adopted') RETURNING id`)

	s.admin = s.member("NMRF coordinator", "nmrf_admin", 0, "")
	s.staff = s.member("NMRF officer", "nmrf_staff", 0, "fr")
	s.fpJustice = s.member("Justice focal point", "focal_point", s.justice, "fr")
	s.fpHealth = s.member("Health focal point", "focal_point", s.health, "en")
	s.fpPolice = s.member("Police focal point", "focal_point", s.police, "")
	s.fpNoEntity = s.member("Unassigned focal point", "focal_point", 0, "")
	s.nhri = s.member("NHRI officer", "nhri", 0, "")
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

func (s *state) member(name, role string, entityID int64, lang string) member {
	s.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "." + s.code + "@example.org"
	var entity *int64
	if entityID != 0 {
		entity = &entityID
	}
	var language *string
	if lang != "" {
		language = &lang
	}
	var id int64
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		if err := tx.QueryRow(s.ctx, `INSERT INTO users (email, name, language) VALUES ($1, $2, $3) RETURNING id`,
			email, name, language).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(s.ctx, `INSERT INTO memberships (tenant_id, user_id, role, entity_id) VALUES ($1, $2, $3, $4)`,
			s.tenantID, id, role, entity)
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return member{ID: id, Email: email, Name: name}
}

// action adds an action to plan led by lead (0: none), supported by support, due in days (from
// monday), with status.
func (s *state) action(plan int64, title string, lead int64, due int, status string, support ...int64) int64 {
	s.t.Helper()
	reason := ""
	if status == "not_implementable" {
		reason = "No budget line exists."
	}
	var leadID *int64
	if lead != 0 {
		leadID = &lead
	}
	id := s.id(`INSERT INTO actions (tenant_id, plan_id, title, lead_entity_id, due_date, status, status_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, plan, title, leadID, date(due), status, reason)
	for _, e := range support {
		s.exec(`INSERT INTO action_entities (tenant_id, action_id, entity_id) VALUES ($1, $2, $3)`, id, e)
	}
	return id
}

func (s *state) milestone(action int64, title string, due int, done bool) int64 {
	s.t.Helper()
	return s.id(`INSERT INTO milestones (tenant_id, action_id, title, due_date, done) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		action, title, date(due), done)
}

func (s *state) actionLink(id int64) string {
	return "/s/" + s.code + "/actions/" + itoa(id)
}

func (s *state) milestoneLink(action, id int64) string {
	return s.actionLink(action) + "?milestone=" + itoa(id) + "#milestones-title"
}

// notification is one row of the notifications table.
type notification struct {
	UserID    int64
	MessageID string
	Data      map[string]string
	Link      string
	CreatedAt time.Time
}

func (n notification) key() string {
	return itoa(n.UserID) + " " + n.MessageID + " " + n.Link + " " + n.Data["Title"] + " " + n.Data["Date"]
}

func (s *state) notifications() []notification {
	s.t.Helper()
	var out []notification
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(s.ctx, `SELECT user_id, message_id, data, link, created_at FROM notifications ORDER BY id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notification, error) {
			var n notification
			var raw []byte
			if err := r.Scan(&n.UserID, &n.MessageID, &raw, &n.Link, &n.CreatedAt); err != nil {
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

func keys(ns []notification) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.key())
	}
	slices.Sort(out)
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func timeHours(n int) time.Duration { return time.Duration(n) * time.Hour }
