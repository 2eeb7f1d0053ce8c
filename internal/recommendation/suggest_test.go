package recommendation_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// How often is the first suggestion the cluster a person chose? The Slovenia matrices
// group every recommendation under OHCHR's themes; taking each one's first theme as the
// cluster a person chose, two thirds are clustered that way and the suggestions for the
// remaining third are compared with it. The figure is reported in docs/CLUSTERING.md.
func TestSuggestionAccuracyOnSloveniaMatrices(t *testing.T) {
	t.Parallel()
	dir := shareddata.Dir(t)
	d := dbtest.New(t)
	ctx := context.Background()
	st, err := tenancy.NewStore(d.App).Create(ctx, tenancy.NewTenant{Code: "SVN", Name: "Slovenia", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	imp := importer.NewService(d.App)
	for _, f := range []string{"slovenia-upr34-cycle3.docx", "slovenia-upr48-cycle4.docx"} {
		data, err := os.ReadFile(dir + "/ohchr-matrices/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := imp.Run(ctx, st.ID, 0, st.Code, importer.Input{Filename: f, Format: importer.FormatMatrix, Data: data}, importer.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// The person's choice: the first theme. Cluster two thirds of them by it.
	chosen := map[int64]string{}
	err = db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, themes[1] FROM recommendations WHERE tenant_id = $1 AND cardinality(themes) > 0 ORDER BY id`, st.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var theme string
			if err := rows.Scan(&id, &theme); err != nil {
				return err
			}
			chosen[id] = theme
		}
		if err := rows.Err(); err != nil {
			return err
		}
		clusterOf := map[string]int64{}
		for id, theme := range chosen {
			if id%3 == 0 {
				continue // held out: the suggestions must find these
			}
			cid, ok := clusterOf[theme]
			if !ok {
				var c cluster.Cluster
				if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: theme}, &c); err != nil {
					return err
				}
				cid = c.ID
				clusterOf[theme] = cid
			}
			if _, err := cluster.AddRecommendations(ctx, tx, st.ID, cid, []int64{id}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	suggestions, remaining, err := recommendation.NewStore(d.App).Suggest(ctx, st.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	right, byTheme := 0, 0
	for _, s := range suggestions {
		if s.ClusterName == chosen[s.Recommendation.ID] {
			right++
		}
		if s.ByTheme {
			byTheme++
		}
	}
	held := 0
	for id := range chosen {
		if id%3 == 0 {
			held++
		}
	}
	accuracy := float64(right) / float64(held)
	t.Logf("held out %d (unclustered in all: %d); suggested %d (%d by theme); first suggestion right %d: %.1f%% of held out, %.1f%% of suggestions",
		held, remaining, len(suggestions), byTheme, right, 100*accuracy, 100*float64(right)/float64(len(suggestions)))
	// A floor well under the measured figure, so a change that breaks the suggestions fails.
	if accuracy < 0.5 {
		t.Errorf("first suggestion right for %.1f%% of held-out recommendations; it was above 50%%", 100*accuracy)
	}
}
