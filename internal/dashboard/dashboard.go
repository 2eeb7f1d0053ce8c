// Package dashboard gathers what the NMRF's home page shows: implementation status by
// cluster, mechanism, entity and SDG goal; overdue actions; reports waiting for review;
// recent activity. It reads with a fixed number of queries whatever the State's size.
package dashboard

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// Statuses in the order bars show them.
var Statuses = []string{"fully_implemented", "partially_implemented", "in_progress", "not_started", "not_implementable", "none"}

// Row is one bar: a cluster, mechanism, entity or SDG goal with its recommendations by status.
type Row struct {
	Key    string // the filter value behind it (a cluster id, a mechanism, an entity id, a goal number)
	Label  string
	Counts map[string]int
	Total  int
}

// Overdue is an action past its due date and not finished.
type Overdue struct {
	ID     int64
	Title  string
	Lead   string
	Due    time.Time
	PlanID int64
}

// Activity is one recent change.
type Activity struct {
	At     time.Time
	Who    string
	Table  string
	RowID  int64
	Action string
}

// Summary is the whole dashboard.
type Summary struct {
	Totals          map[string]int
	Recommendations int
	ByCluster       []Row
	ByMechanism     []Row
	ByEntity        []Row
	BySDG           []Row
	Overdue         []Overdue
	OverdueCount    int
	Awaiting        int
	Recent          []Activity
}

// Store reads the dashboard.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// breakdowns are the grouped counts, one query each; $1 is the tenant.
var breakdowns = []struct {
	name string
	sql  string
}{
	{"cluster", `
SELECT c.id::text, c.name, ds.status, count(*) FROM clusters c
JOIN cluster_recommendations cr ON cr.tenant_id = c.tenant_id AND cr.cluster_id = c.id
JOIN dash_status ds ON ds.id = cr.recommendation_id
WHERE c.tenant_id = $1 GROUP BY c.id, c.name, c.position, ds.status ORDER BY c.position, c.name`},
	{"mechanism", `
SELECT d.mechanism, '', ds.status, count(*) FROM dash_status ds
JOIN documents d ON d.tenant_id = $1 AND d.id = ds.document_id
GROUP BY d.mechanism, ds.status ORDER BY d.mechanism`},
	{"entity", `
SELECT e.id::text, e.name, ds.status, count(*) FROM dash_status ds
JOIN entities e ON e.tenant_id = $1 AND e.id = ds.lead_id
GROUP BY e.id, e.name, ds.status ORDER BY e.name`},
	{"sdg", `
SELECT g, '', ds.status, count(DISTINCT ds.id) FROM dash_status ds
CROSS JOIN LATERAL (SELECT DISTINCT split_part(t, '.', 1) AS g FROM unnest(ds.sdg_targets) t) goals
WHERE $1::bigint IS NOT NULL GROUP BY g, ds.status ORDER BY g::int`},
}

// Summarise reads the dashboard of one State.
func (s *Store) Summarise(ctx context.Context, tenantID, userID int64, today time.Time) (Summary, error) {
	sum := Summary{Totals: map[string]int{}}
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		// Each recommendation's status and effective lead entity, worked out once for
		// all the counts below (a temporary table lives only as long as this transaction).
		if _, err := tx.Exec(ctx, `
CREATE TEMP TABLE dash_status ON COMMIT DROP AS
WITH direct AS (
  SELECT recommendation_id, entity_id FROM recommendation_entities WHERE tenant_id = $1 AND role = 'lead'),
via_cluster AS (
  SELECT DISTINCT ON (cr.recommendation_id) cr.recommendation_id, c.lead_entity_id AS entity_id
  FROM cluster_recommendations cr JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
  WHERE cr.tenant_id = $1 AND c.lead_entity_id IS NOT NULL
  ORDER BY cr.recommendation_id, c.position, c.id)
SELECT rs.recommendation_id AS id, rs.status, r.document_id, r.sdg_targets, COALESCE(dl.entity_id, vc.entity_id) AS lead_id
FROM recommendation_status rs JOIN recommendations r ON r.tenant_id = rs.tenant_id AND r.id = rs.recommendation_id
LEFT JOIN direct dl ON dl.recommendation_id = r.id
LEFT JOIN via_cluster vc ON vc.recommendation_id = r.id
WHERE rs.tenant_id = $1`, tenantID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT status, count(*) FROM dash_status GROUP BY status`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var st string
			var n int
			if err := rows.Scan(&st, &n); err != nil {
				return err
			}
			sum.Totals[st] = n
			sum.Recommendations += n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, b := range breakdowns {
			out, err := grouped(ctx, tx, b.sql, tenantID)
			if err != nil {
				return err
			}
			switch b.name {
			case "cluster":
				sum.ByCluster = out
			case "mechanism":
				sum.ByMechanism = out
			case "entity":
				sum.ByEntity = out
			case "sdg":
				sum.BySDG = out
			}
		}
		rows, err = tx.Query(ctx, `
SELECT a.id, a.title, COALESCE(e.name, ''), a.due_date, a.plan_id, count(*) OVER ()
FROM actions a LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id
JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id AND p.status <> 'closed'
WHERE a.tenant_id = $1 AND a.due_date < $2 AND a.status NOT IN ('fully_implemented', 'not_implementable')
ORDER BY a.due_date, a.id LIMIT 10`, tenantID, today)
		if err != nil {
			return err
		}
		for rows.Next() {
			var o Overdue
			if err := rows.Scan(&o.ID, &o.Title, &o.Lead, &o.Due, &o.PlanID, &sum.OverdueCount); err != nil {
				return err
			}
			sum.Overdue = append(sum.Overdue, o)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM progress_reports WHERE tenant_id = $1 AND status = 'submitted'`, tenantID).Scan(&sum.Awaiting); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `
SELECT a.at, COALESCE(u.name, ''), a.table_name, a.row_id, a.action
FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
WHERE a.tenant_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 10`, tenantID)
		if err != nil {
			return err
		}
		sum.Recent, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Activity, error) {
			var a Activity
			err := r.Scan(&a.At, &a.Who, &a.Table, &a.RowID, &a.Action)
			return a, err
		})
		return err
	})
	return sum, err
}

// grouped reads key, label, status, count rows into bars, in the query's order.
func grouped(ctx context.Context, tx pgx.Tx, sql string, tenantID int64) ([]Row, error) {
	rows, err := tx.Query(ctx, sql, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	index := map[string]int{}
	for rows.Next() {
		var key, label, status string
		var n int
		if err := rows.Scan(&key, &label, &status, &n); err != nil {
			return nil, err
		}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Row{Key: key, Label: label, Counts: map[string]int{}})
		}
		out[i].Counts[status] += n
		out[i].Total += n
	}
	return out, rows.Err()
}
