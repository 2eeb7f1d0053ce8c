package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

const (
	adviserEmail = "adviser@ohchr.example"
	nhriEmail    = "nhri@arcadia.example"
)

// loadAdvisory gives the demo adviser a current grant in Arcadia and in Borealis (so the
// cross-State overview has two States), the NHRI's assessment of a few recommendations
// (two of them differing from the government) and one review comment on Arcadia's plan.
// Running it again adds nothing.
func loadAdvisory(ctx context.Context, pool *pgxpool.Pool, accounts *account.Service, tenants *tenancy.Store) error {
	adviser, err := accounts.CreateUser(ctx, account.NewUser{Email: adviserEmail, Name: "OHCHR adviser", Password: Password})
	if err != nil {
		return err
	}
	nhri, err := accounts.CreateUser(ctx, account.NewUser{Email: nhriEmail, Name: "Human Rights Commission of Arcadia", Password: Password})
	if err != nil {
		return err
	}
	today := time.Now().UTC()
	for _, code := range []string{"XAR", "XBO"} {
		t, err := tenants.ByCode(ctx, code)
		if err != nil {
			return err
		}
		if err := accounts.AddMembership(ctx, t.ID, adviser.ID, account.RoleAdviser); err != nil {
			return err
		}
		err = db.InTenant(ctx, pool, t.ID, 0, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO adviser_grants (tenant_id, email, user_id, starts_on, ends_on, note)
				SELECT $1, $2, $3, $4, $5, 'OHCHR regional office (demo)'
				WHERE NOT adviser_grant_current($1, $3)`,
				t.ID, adviserEmail, adviser.ID, today.AddDate(0, -1, 0), today.AddDate(1, 0, 0))
			return err
		})
		if err != nil {
			return fmt.Errorf("grant in %s: %w", code, err)
		}
		if code != "XAR" {
			continue
		}
		err = db.InTenant(ctx, pool, t.ID, nhri.ID, func(tx pgx.Tx) error {
			// The NHRI assesses the first recommendations that have actions: it agrees with
			// the government on most and sees less progress on two.
			if _, err := tx.Exec(ctx, `
INSERT INTO nhri_assessments (tenant_id, recommendation_id, status, comment, updated_by)
SELECT rs.tenant_id, rs.recommendation_id,
       CASE WHEN row_number() OVER (ORDER BY rs.recommendation_id) <= 2 THEN 'not_started' ELSE rs.status END,
       CASE WHEN row_number() OVER (ORDER BY rs.recommendation_id) <= 2
            THEN 'Our monitoring visits found no change in practice yet.' ELSE '' END, $2
FROM recommendation_status rs
WHERE rs.tenant_id = $1 AND rs.status NOT IN ('none', 'not_started')
ORDER BY rs.recommendation_id LIMIT 6
ON CONFLICT (tenant_id, recommendation_id) DO NOTHING`, t.ID, nhri.ID); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `
INSERT INTO review_comments (tenant_id, plan_id, body, author_id)
SELECT p.tenant_id, p.id, 'Several actions have no indicator yet. Outcome indicators disaggregated by sex would show whether the measures reach women.', $2
FROM plans p WHERE p.tenant_id = $1
  AND NOT EXISTS (SELECT FROM review_comments c WHERE c.tenant_id = p.tenant_id AND c.author_id = $2)
ORDER BY p.id LIMIT 1`, t.ID, adviser.ID)
			return err
		})
		if err != nil {
			return fmt.Errorf("assessments and review in %s: %w", code, err)
		}
	}
	return nil
}
