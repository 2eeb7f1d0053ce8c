// Package portal is what the public sees of a State that publishes: its settings, and
// every read of the public portal and the open-data API. Each query reads only the
// public_* views of migration 00013, inside the State's tenant with no person, so a
// query here cannot return a row the State did not publish.
package portal

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// Settings are a State's choices about its public portal.
type Settings struct {
	Published bool // the portal and the API show the State's published data
	// ShowNHRIAssessment shows the NHRI's own assessment beside the government's once
	// the NHRI records one (prepared; the assessment itself comes later).
	ShowNHRIAssessment bool
	Version            int // 0 before the State first saved them
	UpdatedAt          *time.Time
}

// Store reads the published data of States and keeps their portal settings.
type Store struct {
	pool    *pgxpool.Pool
	tenants *tenancy.Store
	recs    *recommendation.Store
}

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool, tenants *tenancy.Store, recs *recommendation.Store) *Store {
	return &Store{pool: pool, tenants: tenants, recs: recs}
}

// Settings returns the State's portal settings; a State that never saved them has the
// portal off.
func (s *Store) Settings(ctx context.Context, tenantID, userID int64) (Settings, error) {
	var st Settings
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT published, publish_nhri_assessment, version, updated_at FROM portal_settings
			WHERE tenant_id = $1`, tenantID).Scan(&st.Published, &st.ShowNHRIAssessment, &st.Version, &st.UpdatedAt)
		if err == pgx.ErrNoRows {
			return nil
		}
		return err
	})
	return st, err
}

// SaveSettings stores the State's choices. version is the one the person saw (0 when
// none were saved yet); if someone saved meanwhile, nothing changes and the error is a
// conflict.
func (s *Store) SaveSettings(ctx context.Context, tenantID, userID int64, in Settings, version int) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var tag pgconn.CommandTag
		var err error
		if version == 0 {
			tag, err = tx.Exec(ctx, `INSERT INTO portal_settings (tenant_id, published, publish_nhri_assessment)
				VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO NOTHING`, tenantID, in.Published, in.ShowNHRIAssessment)
		} else {
			tag, err = tx.Exec(ctx, `UPDATE portal_settings SET published = $2, publish_nhri_assessment = $3,
				version = version + 1, updated_at = now() WHERE tenant_id = $1 AND version = $4`,
				tenantID, in.Published, in.ShowNHRIAssessment, version)
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fault.New(fault.Conflict, "Portal.Stale")
		}
		return nil
	})
}

// Prepared counts what staff have published, whether or not the portal is on yet.
func (s *Store) Prepared(ctx context.Context, tenantID, userID int64) (recommendations, indicators int, err error) {
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM recommendations WHERE tenant_id = $1 AND published_at IS NOT NULL),
			(SELECT count(*) FROM indicators WHERE tenant_id = $1 AND published_at IS NOT NULL)`, tenantID).
			Scan(&recommendations, &indicators)
	})
	return recommendations, indicators, err
}
