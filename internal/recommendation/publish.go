package recommendation

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// setPublished publishes or withdraws recommendations from the public portal. Only
// those whose state changes are touched, so their history records real changes only
// and a publication keeps its first date.
func setPublished(ctx context.Context, tx pgx.Tx, tenantID int64, ids []int64, publish bool) error {
	if publish {
		_, err := tx.Exec(ctx, `UPDATE recommendations SET published_at = now(), version = version + 1, updated_at = now()
			WHERE tenant_id = $1 AND id = ANY($2) AND published_at IS NULL`, tenantID, ids)
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE recommendations SET published_at = NULL, version = version + 1, updated_at = now()
		WHERE tenant_id = $1 AND id = ANY($2) AND published_at IS NOT NULL`, tenantID, ids)
	return err
}

// SetPublished publishes one recommendation or withdraws it, from its page. A form
// loaded before someone else changed the recommendation is refused.
func (s *Store) SetPublished(ctx context.Context, tenantID, userID, id int64, publish bool, version int) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var current int
		if err := tx.QueryRow(ctx, `SELECT version FROM recommendations WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			tenantID, id).Scan(&current); err != nil {
			return err
		}
		if current != version {
			return fault.New(fault.Conflict, "Portal.Stale")
		}
		return setPublished(ctx, tx, tenantID, []int64{id}, publish)
	})
}
