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

// The demo adviser reaches both demo States through current grants, the NHRI has
// assessed a few of Arcadia's recommendations (two differently from the government), and
// loading the advisory data again adds nothing.
func TestLoadAdvisory(t *testing.T) {
	d := dbtest.New(t)
	ctx := context.Background()
	base, _ := url.Parse("http://localhost:8080")
	accounts := account.NewService(d.App, nil, nil, base)
	tenants := tenancy.NewStore(d.App)
	if _, err := Load(ctx, d.App, accounts, tenants); err != nil {
		t.Fatal(err)
	}
	xar, err := tenants.ByCode(ctx, "XAR")
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ grants, assessed, differing, reviews int }
	count := func() counts {
		var c counts
		err := db.InTenant(ctx, d.App, xar.ID, 0, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM adviser_grants),
				(SELECT count(*) FROM nhri_assessments),
				(SELECT count(*) FROM nhri_assessments na JOIN recommendation_status rs
				   ON rs.tenant_id = na.tenant_id AND rs.recommendation_id = na.recommendation_id WHERE na.status <> rs.status),
				(SELECT count(*) FROM review_comments)`).Scan(&c.grants, &c.assessed, &c.differing, &c.reviews)
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := count()
	if first != (counts{grants: 1, assessed: 6, differing: 2, reviews: 1}) {
		t.Errorf("Arcadia's advisory data: %+v, want 1 grant, 6 assessments (2 differing), 1 review comment", first)
	}
	if err := loadAdvisory(ctx, d.App, accounts, tenants); err != nil {
		t.Fatal(err)
	}
	if again := count(); again != first {
		t.Errorf("loading again changed Arcadia's advisory data: %+v, then %+v", first, again)
	}
	adviser, err := accounts.Authenticate(ctx, adviserEmail, Password)
	if err != nil {
		t.Fatal(err)
	}
	granted, err := accounts.GrantedStates(ctx, adviser.ID)
	if err != nil || len(granted) != 2 {
		t.Errorf("the demo adviser's current grants: %+v, %v; want XAR and XBO", granted, err)
	}
}
