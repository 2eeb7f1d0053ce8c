package recommendation

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Bulk action kinds.
const (
	BulkAddToCluster      = "add_to_cluster"
	BulkRemoveFromCluster = "remove_from_cluster"
	BulkSetLead           = "set_lead"
	BulkAddSupporting     = "add_supporting"
	BulkRemoveEntity      = "remove_entity"
	BulkSetGender         = "set_gender"
	BulkSetFollowUp       = "set_follow_up"
	BulkClearFollowUp     = "clear_follow_up"
	// Publishing on the public portal (see publish.go).
	BulkPublish   = "publish"
	BulkUnpublish = "unpublish"
)

// BulkAction is one change applied to many recommendations.
type BulkAction struct {
	Kind      string
	ClusterID int64
	EntityID  int64
	Gender    *int       // nil clears the marker
	Due       *time.Time // follow-up due date (optional)
}

// Bulk applies a to the recommendations with the given ids, or, when all is set, to
// every recommendation matching f. It returns how many recommendations it touched.
func (s *Store) Bulk(ctx context.Context, tenantID, userID int64, ids []int64, all bool, f Filter, a BulkAction) (int, error) {
	if err := a.validate(); err != nil {
		return 0, err
	}
	if !all && len(ids) == 0 {
		return 0, fault.Fields{"ids": "Bulk.NothingSelected"}.Err()
	}
	var n int
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if all {
			where, args := f.where()
			args[0] = tenantID
			rows, err := tx.Query(ctx, `SELECT r.id `+fromFiltered+` WHERE `+where, args...)
			if err != nil {
				return err
			}
			if ids, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
				return err
			}
		}
		// Only this State's recommendations count, whatever ids the form carried.
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM recommendations WHERE tenant_id = $1 AND id = ANY($2)`, tenantID, ids).Scan(&n); err != nil {
			return err
		}
		if err := checkTarget(ctx, tx, tenantID, a); err != nil {
			return err
		}
		var err error
		var changed []int64
		switch a.Kind {
		// changed are the recommendations whose assignments really change, for their history.
		case BulkAddToCluster:
			changed, err = cluster.AddRecommendations(ctx, tx, tenantID, a.ClusterID, ids)
		case BulkRemoveFromCluster:
			changed, err = cluster.RemoveRecommendations(ctx, tx, tenantID, a.ClusterID, ids)
		case BulkSetLead:
			if _, err = tx.Exec(ctx, `DELETE FROM recommendation_entities WHERE tenant_id = $1 AND recommendation_id = ANY($2)
				AND (role = 'lead' OR entity_id = $3) AND NOT (role = 'lead' AND entity_id = $3)`, tenantID, ids, a.EntityID); err == nil {
				changed, err = returning(ctx, tx, `INSERT INTO recommendation_entities (tenant_id, recommendation_id, entity_id, role)
					SELECT $1, id, $3, 'lead' FROM recommendations WHERE tenant_id = $1 AND id = ANY($2)
					ON CONFLICT DO NOTHING RETURNING recommendation_id`, tenantID, ids, a.EntityID)
			}
		case BulkAddSupporting:
			changed, err = returning(ctx, tx, `INSERT INTO recommendation_entities (tenant_id, recommendation_id, entity_id, role)
				SELECT $1, id, $3, 'supporting' FROM recommendations WHERE tenant_id = $1 AND id = ANY($2)
				ON CONFLICT DO NOTHING RETURNING recommendation_id`, tenantID, ids, a.EntityID)
		case BulkRemoveEntity:
			changed, err = returning(ctx, tx, `DELETE FROM recommendation_entities WHERE tenant_id = $1 AND recommendation_id = ANY($2) AND entity_id = $3
				RETURNING recommendation_id`, tenantID, ids, a.EntityID)
		case BulkSetGender:
			_, err = tx.Exec(ctx, `UPDATE recommendations SET gender_marker = $3, version = version + 1, updated_at = now()
				WHERE tenant_id = $1 AND id = ANY($2) AND gender_marker IS DISTINCT FROM $3`, tenantID, ids, a.Gender)
		case BulkSetFollowUp, BulkClearFollowUp:
			on := a.Kind == BulkSetFollowUp
			due := a.Due
			if !on {
				due = nil
			}
			_, err = tx.Exec(ctx, `UPDATE recommendations SET follow_up = $3, follow_up_due = $4, version = version + 1, updated_at = now()
				WHERE tenant_id = $1 AND id = ANY($2) AND (follow_up IS DISTINCT FROM $3 OR follow_up_due IS DISTINCT FROM $4)`,
				tenantID, ids, on, due)
		case BulkPublish, BulkUnpublish:
			err = setPublished(ctx, tx, tenantID, ids, a.Kind == BulkPublish)
		}
		if err != nil {
			return err
		}
		return auditAssignment(ctx, tx, tenantID, changed, a)
	})
	return n, err
}

func (a BulkAction) validate() error {
	f := fault.Fields{}
	switch a.Kind {
	case BulkAddToCluster, BulkRemoveFromCluster:
		if a.ClusterID == 0 {
			f["cluster"] = "Bulk.ChooseCluster"
		}
	case BulkSetLead, BulkAddSupporting, BulkRemoveEntity:
		if a.EntityID == 0 {
			f["entity"] = "Bulk.ChooseEntity"
		}
	case BulkSetGender:
		if a.Gender != nil && (*a.Gender < 0 || *a.Gender > 2) {
			f["gender"] = "Bulk.ChooseGender"
		}
	case BulkSetFollowUp, BulkClearFollowUp, BulkPublish, BulkUnpublish:
	default:
		f["action"] = "Bulk.ChooseAction"
	}
	return f.Err()
}

// checkTarget makes sure the cluster or entity belongs to this State.
func checkTarget(ctx context.Context, tx pgx.Tx, tenantID int64, a BulkAction) error {
	var ok bool
	var err error
	switch {
	case a.ClusterID != 0:
		err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM clusters WHERE tenant_id = $1 AND id = $2)`, tenantID, a.ClusterID).Scan(&ok)
	case a.EntityID != 0:
		err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM entities WHERE tenant_id = $1 AND id = $2)`, tenantID, a.EntityID).Scan(&ok)
	default:
		return nil
	}
	if err == nil && !ok {
		return fault.Fields{"target": "Bulk.TargetGone"}.Err()
	}
	return err
}

func returning(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]int64, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// auditAssignment records in each recommendation's history the changes that live in
// other tables (cluster membership, responsibility); changes to the recommendation's
// own columns are recorded by the audit triggers.
func auditAssignment(ctx context.Context, tx pgx.Tx, tenantID int64, ids []int64, a BulkAction) error {
	var field, change string
	switch a.Kind {
	case BulkAddToCluster:
		field, change = "cluster", "added"
	case BulkRemoveFromCluster:
		field, change = "cluster", "removed"
	case BulkSetLead:
		field, change = "lead_entity", "set"
	case BulkAddSupporting:
		field, change = "supporting_entity", "added"
	case BulkRemoveEntity:
		field, change = "entity", "removed"
	default:
		return nil
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `
INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id, new_values)
SELECT $1, 'recommendations', r.id, 'update', app_user_id(),
       jsonb_build_object($3::text, jsonb_build_object($4::text, COALESCE(
         (SELECT name FROM clusters WHERE tenant_id = $1 AND id = $5),
         (SELECT name FROM entities WHERE tenant_id = $1 AND id = $6))))
FROM recommendations r WHERE r.tenant_id = $1 AND r.id = ANY($2)`, tenantID, ids, field, change, a.ClusterID, a.EntityID)
	return err
}
