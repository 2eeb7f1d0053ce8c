package indicator

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// ClusterGap is a cluster whose recommendations no indicator measures by sex: the
// gender perspective is missing from its data.
type ClusterGap struct {
	ClusterID       int64
	Name            string
	Recommendations int // in the cluster
	Indicators      int // indicators that measure its recommendations, none of them by sex
}

// ClustersWithoutSexData returns, in the clusters' order, the clusters with
// recommendations that no sex-disaggregated indicator measures, whether linked to one
// of their recommendations or to an action that answers one. Empty clusters are left
// out: they have nothing to measure yet.
func (s *Store) ClustersWithoutSexData(ctx context.Context, tenantID, userID int64) ([]ClusterGap, error) {
	var out []ClusterGap
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
WITH measured AS (
  -- Which indicator measures which recommendation: directly, or through an action answering it.
  SELECT ir.indicator_id, ir.recommendation_id FROM indicator_recommendations ir WHERE ir.tenant_id = $1
  UNION
  SELECT ia.indicator_id, ar.recommendation_id
  FROM indicator_actions ia
  JOIN action_recommendations ar ON ar.tenant_id = ia.tenant_id AND ar.action_id = ia.action_id
  WHERE ia.tenant_id = $1
)
SELECT c.id, c.name, count(DISTINCT cr.recommendation_id), count(DISTINCT i.id)
FROM clusters c
JOIN cluster_recommendations cr ON cr.tenant_id = c.tenant_id AND cr.cluster_id = c.id
LEFT JOIN measured m ON m.recommendation_id = cr.recommendation_id
LEFT JOIN indicators i ON i.tenant_id = c.tenant_id AND i.id = m.indicator_id
WHERE c.tenant_id = $1
GROUP BY c.id, c.name, c.position
HAVING NOT COALESCE(bool_or($2 = ANY (i.disaggregations)), false)
ORDER BY c.position, lower(c.name)`, tenantID, Sex)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ClusterGap, error) {
			var g ClusterGap
			err := r.Scan(&g.ClusterID, &g.Name, &g.Recommendations, &g.Indicators)
			return g, err
		})
		return err
	})
	return out, err
}
