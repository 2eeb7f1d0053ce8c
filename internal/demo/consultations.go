package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
)

// Arcadia's consultations: the civil-society demo account belongs to an approved network;
// one consultation on two clusters of the plan is open, with comments and a reply, and an
// earlier one on the whole plan is closed, answered and its report published. The data
// are fictional; dates are relative to the time of loading.

const (
	demoOrgName      = "Arcadia Civil Society Network"
	demoOpenTitle    = "Draft plan: first two clusters"
	demoClosedTitle  = "Plan consultation, first round"
	civilSocietyUser = "civil.society@arcadia.example"
	nhriUser         = "nhri@arcadia.example"
)

// loadConsultations adds the demo organisation and consultations unless they exist.
func loadConsultations(ctx context.Context, pool *pgxpool.Pool, tenantID int64, users map[string]int64) error {
	staff, cso, nhri := users[staffEmail], users[civilSocietyUser], users[nhriUser]
	if staff == 0 || cso == 0 || nhri == 0 {
		return fmt.Errorf("demo consultations: a demo account is missing")
	}
	return db.InTenant(ctx, pool, tenantID, staff, func(tx pgx.Tx) error {
		var org int64
		err := tx.QueryRow(ctx, `
INSERT INTO organisations (tenant_id, name, kind, contact_email, status) VALUES ($1, $2, 'ngo', 'network@arcadia.example', 'approved')
ON CONFLICT (tenant_id, lower(name)) DO UPDATE SET status = 'approved' RETURNING id`, tenantID, demoOrgName).Scan(&org)
		if err != nil {
			return fmt.Errorf("organisation: %w", err)
		}
		if err := account.LinkOrganisation(ctx, tx, tenantID, cso, account.RoleCivilSociety, org); err != nil {
			return fmt.Errorf("organisation member: %w", err)
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM consultations WHERE tenant_id = $1 AND title IN ($2, $3))`,
			tenantID, demoOpenTitle, demoClosedTitle).Scan(&exists); err != nil || exists {
			return err
		}
		var planID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM plans WHERE tenant_id = $1 AND title = $2`, tenantID, planTitle).Scan(&planID); err != nil {
			return fmt.Errorf("demo plan: %w", err)
		}
		rows, err := tx.Query(ctx, `
SELECT DISTINCT c.id, c.position FROM clusters c JOIN actions a ON a.tenant_id = c.tenant_id AND a.cluster_id = c.id
WHERE c.tenant_id = $1 AND a.plan_id = $2 ORDER BY c.position, c.id LIMIT 2`, tenantID, planID)
		if err != nil {
			return err
		}
		var clusters []int64
		for rows.Next() {
			var id int64
			var pos int
			if err := rows.Scan(&id, &pos); err != nil {
				rows.Close()
				return err
			}
			clusters = append(clusters, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}

		var open, closed int64
		if err := tx.QueryRow(ctx, `
INSERT INTO consultations (tenant_id, title, explanation, subject_kind, plan_id, audience, opens_at, closes_at, created_by)
VALUES ($1, $2, $3, 'plan', $4, 'civil_society', now() - interval '10 days', now() + interval '5 days', $5) RETURNING id`,
			tenantID, demoOpenTitle, "The NMRF asks the Human Rights Commission and civil society for their views on the actions of these clusters before the plan is revised.",
			planID, staff).Scan(&open); err != nil {
			return fmt.Errorf("open consultation: %w", err)
		}
		for _, c := range clusters {
			if _, err := tx.Exec(ctx, `INSERT INTO consultation_clusters (tenant_id, consultation_id, cluster_id) VALUES ($1, $2, $3)`,
				tenantID, open, c); err != nil {
				return err
			}
		}
		if len(clusters) > 0 {
			var first int64
			if err := tx.QueryRow(ctx, `
INSERT INTO consultation_comments (tenant_id, consultation_id, item_kind, item_id, author_id, body) VALUES ($1, $2, 'cluster', $3, $4, $5) RETURNING id`,
				tenantID, open, clusters[0], cso, "The actions should say how civil society takes part in monitoring them, and with which budget.").Scan(&first); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `
INSERT INTO consultation_comments (tenant_id, consultation_id, parent_id, item_kind, item_id, author_id, body) VALUES ($1, $2, $3, 'cluster', $4, $5, $6)`,
				tenantID, open, first, clusters[0], nhri, "The Commission supports this and offers to host the monitoring meetings."); err != nil {
				return err
			}
		}

		if err := tx.QueryRow(ctx, `
INSERT INTO consultations (tenant_id, title, explanation, subject_kind, plan_id, audience, opens_at, closes_at, report_published_at, created_by)
VALUES ($1, $2, $3, 'plan', $4, 'civil_society', now() - interval '90 days', now() - interval '60 days', now() - interval '45 days', $5) RETURNING id`,
			tenantID, demoClosedTitle, "First consultation on the whole draft plan.", planID, staff).Scan(&closed); err != nil {
			return fmt.Errorf("closed consultation: %w", err)
		}
		_, err = tx.Exec(ctx, `
INSERT INTO consultation_comments (tenant_id, consultation_id, item_kind, item_id, author_id, body, outcome, answer, answered_by, answered_at)
VALUES ($1, $2, 'whole', 0, $3, $4, 'taken_into_account', $5, $6, now() - interval '50 days'),
       ($1, $2, 'whole', 0, $7, $8, 'partly', $9, $6, now() - interval '50 days')`,
			tenantID, closed, cso, "Several actions have no due date; people cannot follow them.",
			"Every action of the plan now has a due date and milestones.", staff,
			nhri, "Indicators should be disaggregated by sex, age and disability.",
			"Indicators are disaggregated by sex; age and disability follow when the statistics office can supply them.")
		return err
	})
}
