package dashboard_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/dashboard"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// counter counts the statements sent to PostgreSQL.
type counter struct{ n atomic.Int64 }

func (c *counter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *counter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// seed gives a State recs recommendations in clusters of 50, one action per cluster (a
// third of them overdue), and one submitted report.
func seed(tb testing.TB, d *dbtest.DB, tenantID int64, recs, actions int) {
	tb.Helper()
	ctx := context.Background()
	err := db.InTenant(ctx, d.App, tenantID, 0, func(tx pgx.Tx) error {
		steps := []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO entities (tenant_id, name, kind) SELECT $1, 'Ministry ' || g, 'ministry' FROM generate_series(1, 12) g`, []any{tenantID}},
			{`INSERT INTO documents (tenant_id, doc_key, mechanism, body, cycle, session)
			 SELECT $1, 'doc' || g, (ARRAY['upr','treaty_body','special_procedure'])[1 + g % 3], 'UPR', 3, 30 FROM generate_series(1, 20) g`, []any{tenantID}},
			{`INSERT INTO recommendations (tenant_id, document_id, paragraph, text, sdg_targets, content_hash, source_hash)
			 SELECT $1, (SELECT min(id) FROM documents) + g % 20, g::text, 'Recommendation ' || g, ARRAY[(1 + g % 17) || '.1'], 'h' || g, 's'
			 FROM generate_series(1, $2::int) g`, []any{tenantID, recs}},
			{`INSERT INTO clusters (tenant_id, name, lead_entity_id, position)
			 SELECT $1, 'Cluster ' || g, (SELECT min(id) FROM entities) + g % 12, g FROM generate_series(1, greatest($2::int / 50, 1)) g`, []any{tenantID, recs}},
			{`INSERT INTO cluster_recommendations (tenant_id, cluster_id, recommendation_id)
			 SELECT $1, (SELECT min(id) FROM clusters) + (r.id % greatest($2::int / 50, 1)), r.id FROM recommendations r`, []any{tenantID, recs}},
			{`INSERT INTO plans (tenant_id, title, period_start, period_end) VALUES ($1, 'Plan', '2023-01-01', '2027-12-31')`, []any{tenantID}},
			{`INSERT INTO actions (tenant_id, plan_id, title, lead_entity_id, due_date, status)
			 SELECT $1, (SELECT id FROM plans), 'Action ' || g, (SELECT min(id) FROM entities) + g % 12,
			        CASE WHEN g % 3 = 0 THEN date '2020-01-01' ELSE date '2030-01-01' END,
			        (ARRAY['not_started','in_progress','partially_implemented','fully_implemented'])[1 + g % 4]
			 FROM generate_series(1, $2::int) g`, []any{tenantID, actions}},
			{`INSERT INTO action_recommendations (tenant_id, action_id, recommendation_id)
			 SELECT $1, (SELECT min(id) FROM actions) + (r.id % $2::int), r.id FROM recommendations r`, []any{tenantID, actions}},
			{`INSERT INTO progress_reports (tenant_id, action_id, period, status) SELECT $1, min(id), '2025', 'submitted' FROM actions`, []any{tenantID}},
		}
		for _, st := range steps {
			if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	// As autovacuum would after a large import: the planner needs the tables' sizes.
	if _, err := d.Owner.Exec(ctx, `ANALYZE`); err != nil {
		tb.Fatal(err)
	}
}

func newState(tb testing.TB, d *dbtest.DB, code string) int64 {
	tb.Helper()
	t, err := tenancy.NewStore(d.App).Create(context.Background(), tenancy.NewTenant{Code: code, Name: code, Language: "en"})
	if err != nil {
		tb.Fatal(err)
	}
	return t.ID
}

// The dashboard makes the same number of queries for a small State as for a large one.
func TestDashboardQueriesDoNotGrowWithData(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	small, large := newState(t, d, "XAA"), newState(t, d, "XBB")
	seed(t, d, small, 60, 3)
	seed(t, d, large, 2000, 200)

	cfg, err := pgxpool.ParseConfig(d.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	c := &counter{}
	cfg.ConnConfig.Tracer = c
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := dashboard.NewStore(pool)
	today := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	queries := func(tenantID int64) (int64, dashboard.Summary) {
		before := c.n.Load()
		sum, err := s.Summarise(context.Background(), tenantID, 0, today)
		if err != nil {
			t.Fatal(err)
		}
		return c.n.Load() - before, sum
	}
	qs, sumSmall := queries(small)
	ql, sumLarge := queries(large)
	if qs != ql {
		t.Errorf("the dashboard made %d queries for 60 recommendations and %d for 2,000: it must not grow with the data", qs, ql)
	}
	if sumSmall.Recommendations != 60 || sumLarge.Recommendations != 2000 {
		t.Errorf("totals: %d and %d", sumSmall.Recommendations, sumLarge.Recommendations)
	}
	if len(sumLarge.ByCluster) != 40 || len(sumLarge.ByEntity) == 0 || len(sumLarge.ByMechanism) != 3 || len(sumLarge.BySDG) != 17 {
		t.Errorf("breakdowns: %d clusters, %d entities, %d mechanisms, %d SDG goals", len(sumLarge.ByCluster), len(sumLarge.ByEntity), len(sumLarge.ByMechanism), len(sumLarge.BySDG))
	}
	if sumLarge.OverdueCount == 0 || sumLarge.Awaiting != 1 || len(sumLarge.Overdue) > 10 {
		t.Errorf("overdue %d (listed %d), awaiting %d", sumLarge.OverdueCount, len(sumLarge.Overdue), sumLarge.Awaiting)
	}
	sum := 0
	for _, st := range dashboard.Statuses {
		sum += sumLarge.Totals[st]
	}
	if sum != 2000 {
		t.Errorf("the statuses add up to %d, want 2,000", sum)
	}
	t.Logf("dashboard: %d queries", ql)
}

// A State with 10,000 recommendations and 2,000 actions.
func BenchmarkDashboard(b *testing.B) {
	d := dbtest.New(b)
	id := newState(b, d, "XAA")
	seed(b, d, id, 10000, 2000)
	s := dashboard.NewStore(d.App)
	today := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Summarise(context.Background(), id, 0, today); err != nil {
			b.Fatal(err)
		}
	}
}
