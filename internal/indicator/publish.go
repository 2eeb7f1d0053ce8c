package indicator

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// SetPublished shows the indicator and all its values on the public portal, or
// withdraws it. A form loaded before someone else saved the indicator is refused.
func (s *Store) SetPublished(ctx context.Context, tenantID, userID, id int64, publish bool, version int) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var current int
		if err := tx.QueryRow(ctx, `SELECT version FROM indicators WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			tenantID, id).Scan(&current); err != nil {
			return err
		}
		if current != version {
			return fault.New(fault.Conflict, "Portal.Stale")
		}
		// The version goes up, so an edit form loaded before this change is refused too.
		_, err := tx.Exec(ctx, `UPDATE indicators SET version = version + 1,
			published_at = CASE WHEN $3 THEN COALESCE(published_at, now()) END
			WHERE tenant_id = $1 AND id = $2`, tenantID, id, publish)
		return err
	})
}
