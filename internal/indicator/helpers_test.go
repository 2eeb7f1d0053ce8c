package indicator_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// env is one test's database with two States, to show that neither sees the other.
type env struct {
	ctx    context.Context
	d      *dbtest.DB
	store  *indicator.Store
	a, b   int64 // the States' ids
	serial atomic.Int64
}

func setup(t *testing.T) *env {
	t.Helper()
	d := dbtest.New(t)
	e := &env{ctx: context.Background(), d: d, store: indicator.NewStore(d.App)}
	tenants := tenancy.NewStore(d.App)
	for code, id := range map[string]*int64{"XAA": &e.a, "XBB": &e.b} {
		st, err := tenants.Create(e.ctx, tenancy.NewTenant{Code: code, Name: "State " + code, Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		*id = st.ID
	}
	return e
}

// insert runs one INSERT … RETURNING id in a State.
func (e *env) insert(t *testing.T, tenantID int64, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	err := db.InTenant(e.ctx, e.d.App, tenantID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(e.ctx, sql, append([]any{tenantID}, args...)...).Scan(&id)
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (e *env) recommendation(t *testing.T, tenantID int64) int64 {
	t.Helper()
	n := e.serial.Add(1)
	doc := e.insert(t, tenantID, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, $2, 'upr', 'UPR') RETURNING id`,
		fmt.Sprintf("doc-%d", n))
	return e.insert(t, tenantID, `INSERT INTO recommendations (tenant_id, document_id, text, content_hash, source_hash)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, doc, fmt.Sprintf("Recommendation %d on violence against women", n), fmt.Sprintf("hash-%d", n))
}

// action adds an action to a new plan, answering the given recommendations.
func (e *env) action(t *testing.T, tenantID int64, recommendationIDs ...int64) int64 {
	t.Helper()
	plan := e.insert(t, tenantID, `INSERT INTO plans (tenant_id, title, period_start, period_end) VALUES ($1, 'National plan', '2024-01-01', '2027-12-31') RETURNING id`)
	id := e.insert(t, tenantID, `INSERT INTO actions (tenant_id, plan_id, title) VALUES ($1, $2, 'Train police officers') RETURNING id`, plan)
	for _, r := range recommendationIDs {
		e.insert(t, tenantID, `INSERT INTO action_recommendations (tenant_id, action_id, recommendation_id) VALUES ($1, $2, $3) RETURNING action_id`, id, r)
	}
	return id
}

func (e *env) cluster(t *testing.T, tenantID int64, name string, position int, recommendationIDs ...int64) int64 {
	t.Helper()
	id := e.insert(t, tenantID, `INSERT INTO clusters (tenant_id, name, position) VALUES ($1, $2, $3) RETURNING id`, name, position)
	for _, r := range recommendationIDs {
		e.insert(t, tenantID, `INSERT INTO cluster_recommendations (tenant_id, cluster_id, recommendation_id) VALUES ($1, $2, $3) RETURNING cluster_id`, id, r)
	}
	return id
}

func ptr[T any](v T) *T { return &v }

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// validInput is an indicator that passes validation; cases change one thing in it.
func validInput() indicator.Input {
	return indicator.Input{
		Title:           "Proportion of women subjected to violence by a current or former intimate partner in the last 12 months",
		Type:            "outcome",
		Unit:            "%",
		Direction:       "lower",
		BaselineValue:   ptr(18.5),
		BaselineDate:    ptr(date("2019-01-01")),
		TargetValue:     ptr(10.0),
		TargetDate:      ptr(date("2027-01-01")),
		DataSource:      "National statistics office, household survey",
		Disaggregations: []string{"sex", "age_group"},
		SDGIndicator:    "5.2.1",
	}
}

func (e *env) create(t *testing.T, tenantID int64, in indicator.Input) indicator.Indicator {
	t.Helper()
	ind, err := e.store.Create(e.ctx, tenantID, 0, in)
	if err != nil {
		t.Fatalf("create indicator: %v", err)
	}
	return ind
}

func wantKind(t *testing.T, what string, err error, kind fault.Kind, messageID string) {
	t.Helper()
	if !fault.Is(err, kind) || (messageID != "" && fault.MessageOf(err) != messageID) {
		t.Errorf("%s: got %v (kind %d, message %q), want kind %d %q", what, err, fault.KindOf(err), fault.MessageOf(err), kind, messageID)
	}
}
