// Package assistance summarises a State's capacity gaps and requests for technical
// assistance, as its actions record them (actions.capacity_gaps and actions.assistance),
// for the State's staff and its advisers, and across the States an adviser serves.
package assistance

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// Count is how many actions ask for one kind of assistance, or under one theme or cluster.
type Count struct {
	Key   string // an assistance kind, a theme's vocabulary name, or a cluster's name ("" for none)
	Count int
}

// Gap is an action that records a capacity gap or asks for assistance.
type Gap struct {
	ActionID   int64
	Title      string
	Plan       string
	Lead       string
	Status     string
	Gaps       string
	Assistance []string
}

// Summary is one State's technical-assistance picture.
type Summary struct {
	Requesting int // actions asking for at least one kind of assistance
	ByKind     []Count
	ByTheme    []Count
	ByCluster  []Count
	Gaps       []Gap // only in a State's own summary, not in the cross-State overview
}

// State names a State in the overview.
type State struct {
	ID         int64
	Code, Name string
}

// StateSummary is one State of the cross-State overview.
type StateSummary struct {
	State
	Summary
}

// Store reads the summaries.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store over the app pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Asking is the condition for an action that asks for assistance.
const asking = `cardinality(a.assistance) > 0`

// Summarise returns a State's summary with its list of actions with capacity gaps.
func (s *Store) Summarise(ctx context.Context, tenantID, userID int64) (Summary, error) {
	var sum Summary
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		if sum, err = counts(ctx, tx, tenantID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
SELECT a.id, a.title, p.title, COALESCE(e.name, ''), a.status, a.capacity_gaps, a.assistance
FROM actions a JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id
WHERE a.tenant_id = $1 AND (a.capacity_gaps <> '' OR `+asking+`)
ORDER BY p.period_start DESC, p.id, a.id
LIMIT 1000`, tenantID)
		if err != nil {
			return fmt.Errorf("gaps: %w", err)
		}
		sum.Gaps, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Gap, error) {
			var g Gap
			err := r.Scan(&g.ActionID, &g.Title, &g.Plan, &g.Lead, &g.Status, &g.Gaps, &g.Assistance)
			return g, err
		})
		return err
	})
	return sum, err
}

// Overview returns the counts of each State, reading each in its own transaction with
// row-level security on. The caller passes only the States the person holds a current
// grant for.
func (s *Store) Overview(ctx context.Context, userID int64, states []State) ([]StateSummary, error) {
	out := make([]StateSummary, 0, len(states))
	for _, st := range states {
		var sum Summary
		err := db.InTenant(ctx, s.pool, st.ID, userID, func(tx pgx.Tx) error {
			var err error
			sum, err = counts(ctx, tx, st.ID)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("overview of %s: %w", st.Code, err)
		}
		out = append(out, StateSummary{State: st, Summary: sum})
	}
	return out, nil
}

func counts(ctx context.Context, tx pgx.Tx, tenantID int64) (Summary, error) {
	var sum Summary
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM actions a WHERE a.tenant_id = $1 AND `+asking, tenantID).Scan(&sum.Requesting); err != nil {
		return sum, fmt.Errorf("requesting: %w", err)
	}
	queries := []struct {
		dst *[]Count
		sql string
	}{
		{&sum.ByKind, `SELECT k, count(*) FROM actions a, unnest(a.assistance) k WHERE a.tenant_id = $1 GROUP BY k ORDER BY 2 DESC, 1`},
		// An action counts once under each theme of the recommendations it answers.
		{&sum.ByTheme, `SELECT t, count(DISTINCT a.id) FROM actions a
			JOIN action_recommendations ar ON ar.tenant_id = a.tenant_id AND ar.action_id = a.id
			JOIN recommendations r ON r.tenant_id = ar.tenant_id AND r.id = ar.recommendation_id, unnest(r.themes) t
			WHERE a.tenant_id = $1 AND ` + asking + ` GROUP BY t ORDER BY 2 DESC, 1 LIMIT 40`},
		{&sum.ByCluster, `SELECT COALESCE(c.name, ''), count(*) FROM actions a
			LEFT JOIN clusters c ON c.tenant_id = a.tenant_id AND c.id = a.cluster_id
			WHERE a.tenant_id = $1 AND ` + asking + ` GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 60`},
	}
	for _, q := range queries {
		rows, err := tx.Query(ctx, q.sql, tenantID)
		if err != nil {
			return sum, fmt.Errorf("assistance counts: %w", err)
		}
		*q.dst, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Count, error) {
			var c Count
			err := r.Scan(&c.Key, &c.Count)
			return c, err
		})
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}
