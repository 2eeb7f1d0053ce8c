package recommendation

import (
	"context"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// SavedView is a person's named filter of the list.
type SavedView struct {
	ID    int64
	Name  string
	Query string // URL query, as Filter.Values encodes it
}

// Views stores saved views, each visible only to the person who saved it.
type Views struct{ pool *pgxpool.Pool }

// NewViews returns the saved-views store.
func NewViews(pool *pgxpool.Pool) *Views { return &Views{pool: pool} }

// List returns the person's saved views by name.
func (v *Views) List(ctx context.Context, tenantID, userID int64) ([]SavedView, error) {
	var out []SavedView
	err := db.InTenant(ctx, v.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, name, query FROM saved_views WHERE tenant_id = $1 AND user_id = $2 ORDER BY lower(name)`, tenantID, userID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (SavedView, error) {
			var s SavedView
			err := r.Scan(&s.ID, &s.Name, &s.Query)
			return s, err
		})
		return err
	})
	return out, err
}

// Save keeps a filter under a name (a name used again replaces the old view).
func (v *Views) Save(ctx context.Context, tenantID, userID int64, name, query string) error {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return fault.Fields{"view-name": "Views.NameInvalid"}.Err()
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	// Store the filter as the list reads it, never the raw text that came in.
	clean := ParseFilter(values)
	clean.Page = 0
	return db.InTenant(ctx, v.pool, tenantID, userID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO saved_views (tenant_id, user_id, name, query) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, user_id, name) DO UPDATE SET query = EXCLUDED.query`, tenantID, userID, name, clean.Values().Encode())
		return err
	})
}

// Delete removes one of the person's views.
func (v *Views) Delete(ctx context.Context, tenantID, userID, id int64) error {
	return db.InTenant(ctx, v.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM saved_views WHERE tenant_id = $1 AND user_id = $2 AND id = $3`, tenantID, userID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}
