package demo

import (
	"context"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// Arcadia publishes part of its data, so the demo portal shows published and
// unpublished recommendations apart; a second load changes nothing.
func TestDemoPublishesPartOfArcadia(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	base, _ := url.Parse("http://localhost:8080")
	accounts := account.NewService(d.App, nil, nil, base)
	tenants := tenancy.NewStore(d.App)
	type counts struct{ Public, All, Indicators, PublicIndicators, Audit, Versions int }
	var runs []counts
	for run := 1; run <= 2; run++ {
		if _, err := Load(ctx, d.App, accounts, tenants); err != nil {
			t.Fatalf("load %d: %v", run, err)
		}
		xar, err := tenants.ByCode(ctx, "XAR")
		if err != nil {
			t.Fatal(err)
		}
		var c counts
		if err := db.InTenant(ctx, d.App, xar.ID, 0, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT
				(SELECT count(*) FROM public_recommendations), (SELECT count(*) FROM recommendations),
				(SELECT count(*) FROM indicators), (SELECT count(*) FROM public_indicators),
				(SELECT count(*) FROM audit_log), (SELECT sum(version) FROM recommendations) + (SELECT sum(version) FROM indicators)`).
				Scan(&c.Public, &c.All, &c.Indicators, &c.PublicIndicators, &c.Audit, &c.Versions)
		}); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, c)
	}
	c := runs[0]
	if c.Public == 0 || c.Public >= c.All || c.PublicIndicators != c.Indicators || c.Indicators == 0 {
		t.Errorf("published %d of %d recommendations and %d of %d indicators; want some but not all recommendations, every indicator",
			c.Public, c.All, c.PublicIndicators, c.Indicators)
	}
	if runs[1] != runs[0] {
		t.Errorf("the second load changed something: %+v, then %+v", runs[0], runs[1])
	}
}
