// Package entity owns the State's responsible bodies: ministries, specialised bodies,
// parliament, the judiciary, local government.
package entity

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Kinds of entity, in the order forms show them.
var Kinds = []string{"ministry", "specialised_body", "parliament", "judiciary", "local_government", "other"}

// Entity is one responsible body.
type Entity struct {
	ID      int64
	Name    string
	Acronym string
	Kind    string
	// Counts of recommendations it leads or supports directly.
	Leads, Supports int
}

// Label is the name with its acronym, as lists show it.
func (e Entity) Label() string {
	if e.Acronym != "" {
		return e.Name + " (" + e.Acronym + ")"
	}
	return e.Name
}

// Store reads and writes entities within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns the State's entities by name, with how many recommendations each holds.
func (s *Store) List(ctx context.Context, tenantID, userID int64) ([]Entity, error) {
	var out []Entity
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT e.id, e.name, e.acronym, e.kind,
       count(*) FILTER (WHERE re.role = 'lead'), count(*) FILTER (WHERE re.role = 'supporting')
FROM entities e LEFT JOIN recommendation_entities re ON re.tenant_id = e.tenant_id AND re.entity_id = e.id
WHERE e.tenant_id = $1 GROUP BY e.tenant_id, e.id ORDER BY lower(e.name)`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Entity, error) {
			var e Entity
			err := r.Scan(&e.ID, &e.Name, &e.Acronym, &e.Kind, &e.Leads, &e.Supports)
			return e, err
		})
		return err
	})
	return out, err
}

// Input is what staff enter for an entity.
type Input struct {
	Name, Acronym, Kind string
}

func (in *Input) validate() error {
	in.Name, in.Acronym = strings.TrimSpace(in.Name), strings.TrimSpace(in.Acronym)
	f := fault.Fields{}
	if in.Name == "" || len([]rune(in.Name)) > 300 {
		f["name"] = "Entity.NameInvalid"
	}
	if len([]rune(in.Acronym)) > 30 {
		f["acronym"] = "Entity.AcronymInvalid"
	}
	valid := false
	for _, k := range Kinds {
		valid = valid || k == in.Kind
	}
	if !valid {
		f["kind"] = "Entity.KindInvalid"
	}
	return f.Err()
}

// Create adds an entity; a name already used is a field error.
func (s *Store) Create(ctx context.Context, tenantID, userID int64, in Input) (Entity, error) {
	if err := in.validate(); err != nil {
		return Entity{}, err
	}
	e := Entity{Name: in.Name, Acronym: in.Acronym, Kind: in.Kind}
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO entities (tenant_id, name, acronym, kind) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id`, tenantID, in.Name, in.Acronym, in.Kind).Scan(&e.ID)
		if err == pgx.ErrNoRows {
			return fault.Fields{"name": "Entity.NameTaken"}.Err()
		}
		return err
	})
	return e, err
}

// Update changes an entity's name, acronym and kind.
func (s *Store) Update(ctx context.Context, tenantID, userID, id int64, in Input) error {
	if err := in.validate(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE entities SET name = $3, acronym = $4, kind = $5 WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, in.Name, in.Acronym, in.Kind)
		if err != nil {
			if fault.KindOf(db.Classify(err)) == fault.Conflict {
				return fault.Fields{"name": "Entity.NameTaken"}.Err()
			}
			return err
		}
		if tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return nil
	})
}

// Get returns one entity.
func (s *Store) Get(ctx context.Context, tenantID, userID, id int64) (Entity, error) {
	var e Entity
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT id, name, acronym, kind FROM entities WHERE tenant_id = $1 AND id = $2`, tenantID, id).
			Scan(&e.ID, &e.Name, &e.Acronym, &e.Kind)
	})
	return e, err
}
