package recommendation

import (
	"context"
	"strconv"

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

// Suggest proposes a cluster for some of up to limit unclustered recommendations, best
// first, and says how many unclustered ones there are in all. Two signals, in order:
//   - themes: each of its themes votes for the clusters holding recommendations with that
//     theme, by the share of the theme's recommendations each cluster holds; the average
//     vote must reach minThemeScore;
//   - words: the clustered recommendation sharing the most word stems with it, at least
//     minSharedWords of them.
//
// A recommendation with neither gets no suggestion rather than a poor one.
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

// minThemeScore is the least share, among all recommendations with its themes, that a
// cluster must hold for a theme-based suggestion; minSharedWords the least number of
// word stems a recommendation must share with a clustered one for a word-based one.
const (
	minThemeScore  = 0.15
	minSharedWords = 4
)

var suggestSQL = `
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
-- How many of the State's recommendations carry each theme, clustered or not: a theme
-- that only a few of its holders share with a cluster says little.
theme_total AS (
  SELECT t, count(*)::float AS total FROM recommendations r, unnest(r.themes) t
  WHERE r.tenant_id = $1 AND t IN (SELECT t FROM theme_cluster) GROUP BY t),
by_theme AS MATERIALIZED (
  SELECT DISTINCT ON (id) id, cluster_id, score FROM (
    SELECT u.id, tc.cluster_id, sum(tc.n / tt.total) / cardinality(u.themes) AS score
    FROM u CROSS JOIN LATERAL unnest(u.themes) AS ut(t)
    JOIN theme_cluster tc ON tc.t = ut.t JOIN theme_total tt ON tt.t = ut.t
    GROUP BY u.id, u.themes, tc.cluster_id) s
  WHERE score >= ` + strconv.FormatFloat(minThemeScore, 'f', 2, 64) + `
  ORDER BY id, score DESC, cluster_id),
by_words AS MATERIALIZED (
  SELECT DISTINCT ON (u.id) u.id, c.cluster_id, shared::float / 100 AS score
  FROM u LEFT JOIN by_theme bt ON bt.id = u.id
  CROSS JOIN LATERAL (
    SELECT c.cluster_id, (SELECT count(*) FROM unnest(u.search) a JOIN unnest(c.search) b ON a.lexeme = b.lexeme
                          WHERE length(a.lexeme) > 3) AS shared
    FROM clustered c) c
  WHERE bt.id IS NULL AND c.shared >= ` + strconv.Itoa(minSharedWords) + `
  ORDER BY u.id, c.shared DESC, c.cluster_id),
choice AS (
  SELECT u.id, COALESCE(bt.cluster_id, bw.cluster_id) AS cluster_id, bt.cluster_id IS NOT NULL AS by_theme,
         COALESCE(bt.score, bw.score) AS score
  FROM u LEFT JOIN by_theme bt ON bt.id = u.id LEFT JOIN by_words bw ON bw.id = u.id
  WHERE COALESCE(bt.cluster_id, bw.cluster_id) IS NOT NULL)
SELECT r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph, r.text, r.position, r.type,
       k.id, k.name, ch.by_theme
FROM choice ch
JOIN recommendations r ON r.tenant_id = $1 AND r.id = ch.id
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
JOIN clusters k ON k.tenant_id = $1 AND k.id = ch.cluster_id
ORDER BY ch.by_theme DESC, ch.score DESC, r.id`
