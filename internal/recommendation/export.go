package recommendation

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// ExportRow is one recommendation under one of its clusters ("" when unclustered): a
// recommendation in two clusters appears under each, as the table is grouped by cluster.
type ExportRow struct {
	Cluster string
	Summary
	Themes, Persons, SDGs []string
	Supporting            []string
	NHRIComment           string
}

// Export returns every recommendation matching f, grouped by cluster in the clusters'
// order (unclustered last), in the list's order within each cluster.
func (s *Store) Export(ctx context.Context, tenantID, userID int64, f Filter) ([]ExportRow, error) {
	var out []ExportRow
	where, args := f.where()
	args[0] = tenantID
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, fmt.Sprintf(`
SELECT COALESCE(c.name, ''), r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph, r.text,
       r.position, r.type, r.recommending_states, COALESCE(e.name, ''), NOT lead.direct AND lead.entity_id IS NOT NULL,
       r.gender_marker, r.follow_up, r.themes, r.affected_persons, r.sdg_targets,
       ARRAY(SELECT se.name FROM recommendation_entities re JOIN entities se ON se.tenant_id = re.tenant_id AND se.id = re.entity_id
             WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.role = 'supporting' ORDER BY se.name),
       %s, COALESCE(na.comment, '')
%s
LEFT JOIN entities e ON e.tenant_id = r.tenant_id AND e.id = lead.entity_id
LEFT JOIN nhri_assessments na ON na.tenant_id = r.tenant_id AND na.recommendation_id = r.id
LEFT JOIN cluster_recommendations cr ON cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id
LEFT JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
WHERE %s
ORDER BY c.position NULLS LAST, c.name NULLS LAST, %s`, statusColumns, fromFiltered, where, f.orderBy()), args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ExportRow, error) {
			var x ExportRow
			var gm *int16
			err := r.Scan(&x.Cluster, &x.ID, &x.Mechanism, &x.Body, &x.Symbol, &x.Cycle, &x.Session, &x.Paragraph, &x.Text,
				&x.Position, &x.Type, &x.RecommendingStates, &x.LeadEntity, &x.LeadFromCluster, &gm, &x.FollowUp,
				&x.Themes, &x.Persons, &x.SDGs, &x.Supporting, &x.Status, &x.NHRIStatus, &x.NHRIComment)
			if gm != nil {
				v := int(*gm)
				x.GenderMarker = &v
			}
			return x, err
		})
		return err
	})
	return out, err
}
