// Package cluster owns the thematic clusters that group recommendations so one measure
// can answer many of them.
package cluster

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Cluster is a named group of recommendations with an optional lead entity.
type Cluster struct {
	ID              int64
	Name            string
	Description     string
	LeadEntityID    int64 // 0 when none
	LeadEntityName  string
	Position        int
	Recommendations int
	Version         int
}

// Store reads and writes clusters within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const listSQL = `
SELECT c.id, c.name, c.description, COALESCE(c.lead_entity_id, 0), COALESCE(e.name, ''), c.position, c.version,
       (SELECT count(*) FROM cluster_recommendations cr WHERE cr.tenant_id = c.tenant_id AND cr.cluster_id = c.id)
FROM clusters c LEFT JOIN entities e ON e.tenant_id = c.tenant_id AND e.id = c.lead_entity_id
WHERE c.tenant_id = $1`

func scan(r pgx.Row) (Cluster, error) {
	var c Cluster
	err := r.Scan(&c.ID, &c.Name, &c.Description, &c.LeadEntityID, &c.LeadEntityName, &c.Position, &c.Version, &c.Recommendations)
	return c, err
}

// List returns the State's clusters in their order.
func (s *Store) List(ctx context.Context, tenantID, userID int64) ([]Cluster, error) {
	var out []Cluster
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, listSQL+` ORDER BY c.position, lower(c.name)`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Cluster, error) { return scan(r) })
		return err
	})
	return out, err
}

// Get returns one cluster.
func (s *Store) Get(ctx context.Context, tenantID, userID, id int64) (Cluster, error) {
	var c Cluster
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		c, err = scan(tx.QueryRow(ctx, listSQL+` AND c.id = $2`, tenantID, id))
		return err
	})
	return c, err
}

// Input is what staff enter for a cluster.
type Input struct {
	Name, Description string
	LeadEntityID      int64
	Version           int // the version the person edited (0 on create)
}

func (in *Input) validate() error {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	f := fault.Fields{}
	if in.Name == "" || len([]rune(in.Name)) > 200 {
		f["name"] = "Cluster.NameInvalid"
	}
	if len([]rune(in.Description)) > 4000 {
		f["description"] = "Cluster.DescriptionInvalid"
	}
	return f.Err()
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// Create adds a cluster at the end of the order.
func (s *Store) Create(ctx context.Context, tenantID, userID int64, in Input) (Cluster, error) {
	if err := in.validate(); err != nil {
		return Cluster{}, err
	}
	var c Cluster
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return Create(ctx, tx, tenantID, in, &c)
	})
	return c, err
}

// Create adds a cluster inside tx (used by the demo loader too).
func Create(ctx context.Context, tx pgx.Tx, tenantID int64, in Input, out *Cluster) error {
	if err := in.validate(); err != nil {
		return err
	}
	err := tx.QueryRow(ctx, `
INSERT INTO clusters (tenant_id, name, description, lead_entity_id, position)
VALUES ($1, $2, $3, $4, (SELECT COALESCE(max(position), 0) + 1 FROM clusters WHERE tenant_id = $1))
ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id, position`,
		tenantID, in.Name, in.Description, nullID(in.LeadEntityID)).Scan(&out.ID, &out.Position)
	if err == pgx.ErrNoRows {
		return fault.Fields{"name": "Cluster.NameTaken"}.Err()
	}
	out.Name, out.Description, out.LeadEntityID, out.Version = in.Name, in.Description, in.LeadEntityID, 1
	return err
}

// Update renames a cluster and sets its description and lead entity. A save based on an
// old version is refused, so two people never silently overwrite each other.
func (s *Store) Update(ctx context.Context, tenantID, userID, id int64, in Input) error {
	if err := in.validate(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
UPDATE clusters SET name = $3, description = $4, lead_entity_id = $5, version = version + 1
WHERE tenant_id = $1 AND id = $2 AND version = $6`, tenantID, id, in.Name, in.Description, nullID(in.LeadEntityID), in.Version)
		if err != nil {
			if fault.KindOf(db.Classify(err)) == fault.Conflict {
				return fault.Fields{"name": "Cluster.NameTaken"}.Err()
			}
			return err
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM clusters WHERE tenant_id = $1 AND id = $2)`, tenantID, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return fault.New(fault.NotFound, "")
			}
			return fault.New(fault.Conflict, "Cluster.Stale")
		}
		return nil
	})
}

// Move shifts a cluster one place up (-1) or down (+1) in the order.
func (s *Store) Move(ctx context.Context, tenantID, userID, id int64, delta int) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		// Renumber first so positions are dense, then swap with the neighbour.
		if _, err := tx.Exec(ctx, `
UPDATE clusters c SET position = o.n FROM (
  SELECT id, row_number() OVER (ORDER BY position, lower(name)) AS n FROM clusters WHERE tenant_id = $1) o
WHERE c.tenant_id = $1 AND c.id = o.id AND c.position <> o.n`, tenantID); err != nil {
			return err
		}
		var pos int
		if err := tx.QueryRow(ctx, `SELECT position FROM clusters WHERE tenant_id = $1 AND id = $2`, tenantID, id).Scan(&pos); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
UPDATE clusters SET position = CASE WHEN id = $2 THEN $3 + $4 ELSE $3 END
WHERE tenant_id = $1 AND (id = $2 OR position = $3 + $4) AND EXISTS (SELECT FROM clusters WHERE tenant_id = $1 AND position = $3 + $4)`,
			tenantID, id, pos, delta)
		return err
	})
}

// Delete removes a cluster; its recommendations stay, unclustered.
func (s *Store) Delete(ctx context.Context, tenantID, userID, id int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM clusters WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}

// Merge moves every recommendation of cluster from into cluster into, then deletes from.
func (s *Store) Merge(ctx context.Context, tenantID, userID, from, into int64) error {
	if from == into {
		return fault.Fields{"into": "Cluster.MergeSame"}.Err()
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM clusters WHERE tenant_id = $1 AND id IN ($2, $3)`, tenantID, from, into).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return fault.New(fault.NotFound, "")
		}
		if _, err := tx.Exec(ctx, `
INSERT INTO cluster_recommendations (tenant_id, cluster_id, recommendation_id)
SELECT tenant_id, $3, recommendation_id FROM cluster_recommendations WHERE tenant_id = $1 AND cluster_id = $2
ON CONFLICT DO NOTHING`, tenantID, from, into); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM clusters WHERE tenant_id = $1 AND id = $2`, tenantID, from)
		return err
	})
}

// AddRecommendations puts recommendations in a cluster (already there is fine) and
// returns those that were not in it before.
func AddRecommendations(ctx context.Context, tx pgx.Tx, tenantID, clusterID int64, ids []int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `
INSERT INTO cluster_recommendations (tenant_id, cluster_id, recommendation_id)
SELECT $1, $2, r.id FROM recommendations r WHERE r.tenant_id = $1 AND r.id = ANY($3)
ON CONFLICT DO NOTHING RETURNING recommendation_id`, tenantID, clusterID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// RemoveRecommendations takes recommendations out of a cluster and returns those that
// were in it.
func RemoveRecommendations(ctx context.Context, tx pgx.Tx, tenantID, clusterID int64, ids []int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `DELETE FROM cluster_recommendations WHERE tenant_id = $1 AND cluster_id = $2 AND recommendation_id = ANY($3)
		RETURNING recommendation_id`, tenantID, clusterID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
