// Package audit reads the audit trail that database triggers write on every change to
// the State's records (migrations 00002 and 00006): who changed a record, when, and
// which of its fields. The app role may add to the trail but never alter it.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// Tables whose records show their history on their page.
const (
	Recommendations = "recommendations"
	Plans           = "plans"
	Actions         = "actions"
	Indicators      = "indicators"
)

// Change is one entry of a record's history.
type Change struct {
	At       time.Time
	UserName string   // empty when the change came from the system (an import job, a migration)
	Action   string   // insert, update or delete
	Fields   []string // the columns that changed, bookkeeping columns left out
}

// History lists the changes to one record of table, newest first, at most 100.
func History(ctx context.Context, pool *pgxpool.Pool, tenantID, userID int64, table string, id int64) ([]Change, error) {
	var out []Change
	err := db.InTenant(ctx, pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT a.at, COALESCE(u.name, ''), a.action,
       ARRAY(SELECT k FROM jsonb_object_keys(COALESCE(a.new_values, a.old_values, '{}')) k
             WHERE k NOT IN ('version', 'updated_at', 'source_hash', 'content_hash', 'tenant_id', 'id',
                             'created_at', 'search', 'adopted_snapshot') ORDER BY k)
FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
WHERE a.tenant_id = $1 AND a.table_name = $2 AND a.row_id = $3
ORDER BY a.at DESC, a.id DESC LIMIT 100`, tenantID, table, id)
		if err != nil {
			return fmt.Errorf("history of %s %d: %w", table, id, err)
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Change, error) {
			var c Change
			err := r.Scan(&c.At, &c.UserName, &c.Action, &c.Fields)
			return c, err
		})
		return err
	})
	return out, err
}
