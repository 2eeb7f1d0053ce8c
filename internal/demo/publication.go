package demo

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// loadPublication opens Arcadia's public portal (/p/xar/): the portal is on, the
// recommendations its adopted plan answers are published, and so are its indicators.
// The rest of its recommendations stay unpublished, so the demo shows the difference.
// Only what is not yet so changes, so loading twice changes nothing.
func loadPublication(ctx context.Context, pool *pgxpool.Pool, tenantID int64) error {
	return db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO portal_settings (tenant_id, published) VALUES ($1, true)
			ON CONFLICT (tenant_id) DO UPDATE SET published = true, version = portal_settings.version + 1, updated_at = now()
			WHERE NOT portal_settings.published`, tenantID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE recommendations r SET published_at = now(), version = version + 1, updated_at = now()
			WHERE r.tenant_id = $1 AND r.published_at IS NULL AND EXISTS (
			  SELECT FROM action_recommendations ar
			  JOIN actions a ON a.tenant_id = ar.tenant_id AND a.id = ar.action_id
			  JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
			  WHERE ar.tenant_id = r.tenant_id AND ar.recommendation_id = r.id AND p.status = 'adopted')`, tenantID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE indicators SET published_at = now(), version = version + 1
			WHERE tenant_id = $1 AND published_at IS NULL`, tenantID)
		return err
	})
}
