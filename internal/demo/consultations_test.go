package demo

import (
	"context"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// Loading the demo twice leaves Arcadia one open consultation on two clusters with a
// comment and a reply, and one closed consultation whose answered report is published.
func TestLoadConsultationsTwice(t *testing.T) {
	d := dbtest.New(t)
	ctx := context.Background()
	base, _ := url.Parse("http://localhost:8080")
	accounts := account.NewService(d.App, nil, nil, base)
	tenants := tenancy.NewStore(d.App)
	for run := 1; run <= 2; run++ {
		if _, err := Load(ctx, d.App, accounts, tenants); err != nil {
			t.Fatalf("load %d: %v", run, err)
		}
	}
	xar, err := tenants.ByCode(ctx, "XAR")
	if err != nil {
		t.Fatal(err)
	}
	var consultations, clusters, comments, members int
	err = db.InTenant(ctx, d.App, xar.ID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM consultations), (SELECT count(*) FROM consultation_clusters),
  (SELECT count(*) FROM consultation_comments), (SELECT count(*) FROM organisation_members)`).Scan(&consultations, &clusters, &comments, &members)
	})
	if err != nil {
		t.Fatal(err)
	}
	if consultations != 2 || clusters != 2 || comments != 4 || members != 1 {
		t.Errorf("%d consultations, %d clusters, %d comments, %d organisation members; want 2, 2, 4, 1", consultations, clusters, comments, members)
	}
	published, err := consultation.PublishedReports(ctx, d.App, xar.ID)
	if err != nil || len(published) != 1 || len(published[0].Sections) != 1 || len(published[0].Sections[0].Comments) != 2 {
		t.Fatalf("published reports: %+v, %v", published, err)
	}
	for _, c := range published[0].Sections[0].Comments {
		if c.Outcome == "" || c.Answer == "" {
			t.Errorf("a published comment has no answer: %+v", c)
		}
	}
}
