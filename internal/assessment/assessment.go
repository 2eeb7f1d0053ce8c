// Package assessment owns the NHRI's independent assessment of each recommendation's
// implementation status: its own status (the same vocabulary as the government's) and
// a comment, with who and when, and a version so two people cannot overwrite each other.
package assessment

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Table is the audit trail's name for assessments (their History section).
const Table = "nhri_assessments"

// Statuses the NHRI may give, as for actions.
var Statuses = []string{"not_started", "in_progress", "partially_implemented", "fully_implemented", "not_implementable"}

// MaxComment bounds the comment, in characters.
const MaxComment = 5000

// Assessment is the NHRI's view of one recommendation.
type Assessment struct {
	ID               int64
	RecommendationID int64
	Status           string
	Comment          string
	Version          int
	UpdatedBy        string // the person's name
	UpdatedAt        time.Time
}

// Store reads and writes assessments within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store over the app pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const columns = `a.id, a.recommendation_id, a.status, a.comment, a.version, COALESCE(u.name, ''), a.updated_at`

func scan(row pgx.Row) (Assessment, error) {
	var a Assessment
	err := row.Scan(&a.ID, &a.RecommendationID, &a.Status, &a.Comment, &a.Version, &a.UpdatedBy, &a.UpdatedAt)
	return a, err
}

// Get returns the assessment of a recommendation; none yet is NotFound.
func (s *Store) Get(ctx context.Context, tenantID, userID, recommendationID int64) (Assessment, error) {
	var a Assessment
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		a, err = scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM nhri_assessments a LEFT JOIN users u ON u.id = a.updated_by
			WHERE a.tenant_id = $1 AND a.recommendation_id = $2`, tenantID, recommendationID))
		return err
	})
	return a, err
}

// Input is the NHRI's form. Version is the one the form was shown with: 0 for a first
// assessment.
type Input struct {
	Status  string
	Comment string
	Version int
}

// Set records the NHRI's assessment of a recommendation. A save based on an older
// version than the stored one is a Conflict; an unknown recommendation NotFound.
func (s *Store) Set(ctx context.Context, tenantID, userID, recommendationID int64, in Input) error {
	in.Comment = strings.TrimSpace(in.Comment)
	f := fault.Fields{}
	if !slices.Contains(Statuses, in.Status) {
		f["assessment_status"] = "Assess.StatusInvalid"
	}
	if len([]rune(in.Comment)) > MaxComment {
		f["assessment_comment"] = "Assess.CommentTooLong"
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM recommendations WHERE tenant_id = $1 AND id = $2)`,
			tenantID, recommendationID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fault.New(fault.NotFound, "")
		}
		if in.Version == 0 {
			tag, err := tx.Exec(ctx, `INSERT INTO nhri_assessments (tenant_id, recommendation_id, status, comment, updated_by)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, recommendation_id) DO NOTHING`,
				tenantID, recommendationID, in.Status, in.Comment, userID)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return fault.New(fault.Conflict, "Assess.Stale") // someone assessed it meanwhile
			}
			return nil
		}
		tag, err := tx.Exec(ctx, `UPDATE nhri_assessments SET status = $4, comment = $5, updated_by = $6, updated_at = now(),
			version = version + 1 WHERE tenant_id = $1 AND recommendation_id = $2 AND version = $3`,
			tenantID, recommendationID, in.Version, in.Status, in.Comment, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fault.New(fault.Conflict, "Assess.Stale")
		}
		return nil
	})
}
