package recommendation

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// Suggestion proposes a cluster for a recommendation that has none.
type Suggestion struct {
	Recommendation Summary
	ClusterID      int64
	ClusterName    string
	ByTheme        bool // from the themes it shares with clustered recommendations; else from its words
}

// Suggest proposes a cluster for up to limit unclustered recommendations, and says how
// many unclustered ones there are in all. Two signals, in order:
//   - themes: each theme votes for the clusters that hold recommendations with that
//     theme, in proportion to how many of them each cluster holds;
//   - words: the clustered recommendation whose text is closest (shared stems, rarest
//     first), or a cluster whose name and description share its words.
func (s *Store) Suggest(ctx context.Context, tenantID, userID int64, limit int) ([]Suggestion, int, error) {
	var out []Suggestion
	var remaining int
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM recommendations r WHERE r.tenant_id = $1
			AND NOT EXISTS (SELECT FROM cluster_recommendations cr WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id)`,
			tenantID).Scan(&remaining); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, suggestSQL, tenantID, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Suggestion, error) {
			var sg Suggestion
			m := &sg.Recommendation
			err := r.Scan(&m.ID, &m.Mechanism, &m.Body, &m.Symbol, &m.Cycle, &m.Session, &m.Paragraph, &m.Text, &m.Position, &m.Type,
				&sg.ClusterID, &sg.ClusterName, &sg.ByTheme)
			return sg, err
		})
		return err
	})
	return out, remaining, err
}

const suggestSQL = `
WITH u AS (
  SELECT r.id, r.themes, r.search FROM recommendations r JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
  WHERE r.tenant_id = $1
    AND NOT EXISTS (SELECT FROM cluster_recommendations cr WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id)
  ORDER BY d.cycle DESC NULLS LAST, d.session DESC NULLS LAST, r.id
  LIMIT $2),
clustered AS MATERIALIZED (
  SELECT r.id, r.themes, r.search, cr.cluster_id FROM recommendations r
  JOIN cluster_recommendations cr ON cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id
  WHERE r.tenant_id = $1),
theme_cluster AS (SELECT t, cluster_id, count(*)::float AS n FROM clustered, unnest(themes) t GROUP BY t, cluster_id),
theme_total AS (SELECT t, sum(n) AS total FROM theme_cluster GROUP BY t),
by_theme AS MATERIALIZED (
  SELECT DISTINCT ON (u.id) u.id, tc.cluster_id, sum(tc.n / tt.total) AS score
  FROM u CROSS JOIN LATERAL unnest(u.themes) AS ut(t)
  JOIN theme_cluster tc ON tc.t = ut.t JOIN theme_total tt ON tt.t = ut.t
  GROUP BY u.id, tc.cluster_id
  ORDER BY u.id, score DESC, tc.cluster_id),
words AS (
  SELECT u.id, (SELECT string_agg(quote_literal(lexeme), ' | ') FROM
     (SELECT lexeme FROM unnest(u.search) ORDER BY length(lexeme) DESC, lexeme LIMIT 12) w) AS q
  FROM u LEFT JOIN by_theme bt ON bt.id = u.id
  WHERE bt.id IS NULL),
by_words AS MATERIALIZED (
  SELECT w.id, COALESCE(
    (SELECT c.cluster_id FROM clustered c
      WHERE c.search @@ to_tsquery('simple', w.q)
      ORDER BY ts_rank(c.search, to_tsquery('simple', w.q)) DESC, c.cluster_id LIMIT 1),
    (SELECT k.id FROM clusters k
      WHERE k.tenant_id = $1 AND to_tsvector('english', k.name || ' ' || k.description) @@ to_tsquery('simple', w.q)
      ORDER BY ts_rank(to_tsvector('english', k.name || ' ' || k.description), to_tsquery('simple', w.q)) DESC, k.position LIMIT 1)) AS cluster_id
  FROM words w WHERE w.q IS NOT NULL),
choice AS (
  SELECT u.id, COALESCE(bt.cluster_id, bw.cluster_id) AS cluster_id, bt.cluster_id IS NOT NULL AS by_theme
  FROM u LEFT JOIN by_theme bt ON bt.id = u.id LEFT JOIN by_words bw ON bw.id = u.id)
SELECT r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph, r.text, r.position, r.type,
       k.id, k.name, ch.by_theme
FROM choice ch
JOIN recommendations r ON r.tenant_id = $1 AND r.id = ch.id
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
JOIN clusters k ON k.tenant_id = $1 AND k.id = ch.cluster_id
ORDER BY d.cycle DESC NULLS LAST, d.session DESC NULLS LAST, r.id`
