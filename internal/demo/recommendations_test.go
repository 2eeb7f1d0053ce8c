package demo

import (
	"context"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/reference"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

func TestDemoRecordsAreValid(t *testing.T) {
	t.Parallel()
	recs, err := demoRecords()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 140 || len(recs) > 160 {
		t.Errorf("%d demo recommendations, want about 150", len(recs))
	}
}

// snapshot is what the demo leaves in Arcadia, to compare one load with the next.
type snapshot struct {
	Recommendations, Documents, Clusters, Entities int
	Unclustered, InTwoClusters, FollowUps          int
	Leads, Supporting, GenderMarked                int
	Memberships, VersionSum, AuditRows             int
	Mechanisms                                     map[string]int // "upr 3", "treaty_body CEDAW", "special_procedure" → documents
}

func takeSnapshot(t *testing.T, ctx context.Context, d *dbtest.DB, tenantID int64) snapshot {
	t.Helper()
	s := snapshot{Mechanisms: map[string]int{}}
	err := db.InTenant(ctx, d.App, tenantID, 0, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
SELECT (SELECT count(*) FROM recommendations WHERE tenant_id = $1),
       (SELECT count(*) FROM documents WHERE tenant_id = $1),
       (SELECT count(*) FROM clusters WHERE tenant_id = $1),
       (SELECT count(*) FROM entities WHERE tenant_id = $1),
       (SELECT count(*) FROM recommendations r WHERE tenant_id = $1 AND NOT EXISTS (
          SELECT FROM cluster_recommendations cr WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id)),
       (SELECT count(*) FROM (SELECT recommendation_id FROM cluster_recommendations WHERE tenant_id = $1
          GROUP BY recommendation_id HAVING count(*) = 2) two),
       (SELECT count(*) FROM recommendations WHERE tenant_id = $1 AND follow_up AND follow_up_due IS NOT NULL),
       (SELECT count(*) FROM recommendation_entities WHERE tenant_id = $1 AND role = 'lead'),
       (SELECT count(*) FROM recommendation_entities WHERE tenant_id = $1 AND role = 'supporting'),
       (SELECT count(*) FROM recommendations WHERE tenant_id = $1 AND gender_marker IS NOT NULL),
       (SELECT count(*) FROM cluster_recommendations WHERE tenant_id = $1),
       (SELECT COALESCE(sum(version), 0) FROM recommendations WHERE tenant_id = $1),
       (SELECT count(*) FROM audit_log WHERE tenant_id = $1)`, tenantID).
			Scan(&s.Recommendations, &s.Documents, &s.Clusters, &s.Entities, &s.Unclustered, &s.InTwoClusters, &s.FollowUps,
				&s.Leads, &s.Supporting, &s.GenderMarked, &s.Memberships, &s.VersionSum, &s.AuditRows)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
SELECT CASE mechanism WHEN 'upr' THEN 'upr ' || cycle WHEN 'treaty_body' THEN 'treaty_body ' || body ELSE mechanism END, count(*)
FROM documents WHERE tenant_id = $1 GROUP BY 1`, tenantID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			s.Mechanisms[k] = n
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return s
}

func TestLoadRecommendationsTwice(t *testing.T) {
	d := dbtest.New(t)
	ctx := context.Background()
	base, _ := url.Parse("http://localhost:8080")
	accounts := account.NewService(d.App, nil, nil, base)
	tenants := tenancy.NewStore(d.App)

	var first snapshot
	var xar, xbo int64
	for run := 1; run <= 2; run++ {
		if _, err := Load(ctx, d.App, accounts, tenants); err != nil {
			t.Fatalf("load %d: %v", run, err)
		}
		if run == 1 {
			for code, id := range map[string]*int64{"XAR": &xar, "XBO": &xbo} {
				tn, err := tenants.ByCode(ctx, code)
				if err != nil {
					t.Fatalf("%s: %v", code, err)
				}
				*id = tn.ID
			}
		}
		s := takeSnapshot(t, ctx, d, xar)
		if run == 1 {
			first = s
			t.Logf("after the first load: %+v", s)
			checkFirstLoad(t, s)
			continue
		}
		if !reflect.DeepEqual(s, first) {
			t.Errorf("the second load changed something:\nfirst  %+v\nsecond %+v", first, s)
		}
	}
	if other := takeSnapshot(t, ctx, d, xbo); other.Recommendations != 0 || other.Clusters != 0 || other.Entities != 0 {
		t.Errorf("Borealis got demo data: %+v", other)
	}
	checkContent(t, ctx, d, xar)
}

func checkFirstLoad(t *testing.T, s snapshot) {
	t.Helper()
	if s.Recommendations < 140 || s.Recommendations > 160 || s.Recommendations != len(lines) {
		t.Errorf("%d recommendations in Arcadia, want all %d demo lines (about 150)", s.Recommendations, len(lines))
	}
	if s.Clusters != 8 || s.Entities != 12 {
		t.Errorf("%d clusters and %d entities, want 8 and 12", s.Clusters, s.Entities)
	}
	for _, k := range []string{"upr 3", "upr 4", "treaty_body CEDAW", "treaty_body CRC", "treaty_body CAT", "special_procedure"} {
		if s.Mechanisms[k] != 1 {
			t.Errorf("documents of %s: %d, want 1 (all: %v)", k, s.Mechanisms[k], s.Mechanisms)
		}
	}
	if s.Documents != 6 {
		t.Errorf("%d documents, want 6", s.Documents)
	}
	if share := float64(s.Unclustered) / float64(s.Recommendations); share < 0.1 || share > 0.3 {
		t.Errorf("%d of %d unclustered, want about a fifth", s.Unclustered, s.Recommendations)
	}
	if s.InTwoClusters < 3 || s.InTwoClusters > 20 {
		t.Errorf("%d recommendations in two clusters, want a few", s.InTwoClusters)
	}
	if s.FollowUps < 2 {
		t.Errorf("%d follow-up flags, want some", s.FollowUps)
	}
	if s.Leads < 15 || s.Leads > 30 || s.Supporting == 0 {
		t.Errorf("%d direct leads and %d supporting entities, want about 20 and some", s.Leads, s.Supporting)
	}
	if s.GenderMarked == 0 || s.GenderMarked > s.Recommendations/2 {
		t.Errorf("%d gender markers, want some but most unassessed", s.GenderMarked)
	}
}

// checkContent compares what the database holds with the demo lines, field by field
// where the importer must keep them as written.
func checkContent(t *testing.T, ctx context.Context, d *dbtest.DB, tenantID int64) {
	t.Helper()
	type stored struct {
		text, typ, position string
		states, sdgs        []string
		followUp            bool
		gender              *int
	}
	got := map[string]stored{}
	err := db.InTenant(ctx, d.App, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT d.symbol, r.paragraph, r.text, r.type, r.position, r.recommending_states, r.sdg_targets, r.follow_up, r.gender_marker
FROM recommendations r JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id WHERE r.tenant_id = $1`, tenantID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var symbol, para string
			var s stored
			var g *int16
			if err := rows.Scan(&symbol, &para, &s.text, &s.typ, &s.position, &s.states, &s.sdgs, &s.followUp, &g); err != nil {
				return err
			}
			if g != nil {
				v := int(*g)
				s.gender = &v
			}
			got[symbol+" "+para] = s
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		key := l.doc.symbol + " " + l.para
		s, ok := got[key]
		if !ok {
			t.Errorf("%s is missing", key)
			continue
		}
		if s.text != l.text {
			t.Errorf("%s text %q, want %q", key, s.text, l.text)
		}
		wantType := "recommendation"
		if l.concern {
			wantType = "concern"
		}
		if s.typ != wantType || s.position != l.pos {
			t.Errorf("%s type %q position %q, want %q %q", key, s.typ, s.position, wantType, l.pos)
		}
		if want := split(l.by, " "); !slices.Equal(s.states, want) {
			t.Errorf("%s recommending States %v, want %v", key, s.states, want)
		}
		for _, c := range s.states {
			if _, ok := reference.CountryByCode(c); !ok {
				t.Errorf("%s: recommending State %q is not a State", key, c)
			}
		}
		if want := split(l.sdgs, " "); len(s.sdgs) != len(want) {
			t.Errorf("%s SDG targets %v, want %v", key, s.sdgs, want)
		}
		if s.followUp != (l.followUp != "") {
			t.Errorf("%s follow-up %v, want %v", key, s.followUp, l.followUp != "")
		}
		if (s.gender == nil) != (l.gender == unassessed) || (s.gender != nil && *s.gender != int(l.gender)-1) {
			t.Errorf("%s gender marker %v, want %d", key, s.gender, int(l.gender)-1)
		}
	}

	// The call to ratify OP-CAT, noted in the third cycle and supported in the fourth,
	// finds its near-duplicates from the other mechanisms.
	ids, err := recommendationIDs(ctx, d.App, tenantID)
	if err != nil {
		t.Fatal(err)
	}
	related, err := recommendation.NewStore(d.App).Similar(ctx, tenantID, 0, ids[upr4.symbol+"\x00123.1"], 10)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]bool{ids[upr3.symbol+"\x00118.1"]: true, ids[cat.symbol+"\x0014"]: true}
	for _, r := range related {
		delete(want, r.ID)
	}
	if len(want) > 0 {
		t.Errorf("related to UPR 123.1: %v, missing UPR 118.1 or CAT 14", related)
	}

	// The clusters have their leads, the entities their kinds.
	clusters, err := cluster.NewStore(d.App).List(ctx, tenantID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clusters {
		if c.LeadEntityID == 0 || c.Description == "" || c.Recommendations == 0 {
			t.Errorf("cluster %q: lead %d, %d recommendations, description %q", c.Name, c.LeadEntityID, c.Recommendations, c.Description)
		}
	}
	entities, err := entity.NewStore(d.App).List(ctx, tenantID, 0)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, e := range entities {
		kinds[e.Kind] = true
	}
	for _, k := range []string{"ministry", "specialised_body", "parliament", "judiciary", "local_government"} {
		if !kinds[k] {
			t.Errorf("no entity of kind %s", k)
		}
	}
}
