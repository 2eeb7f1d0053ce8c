package plan_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// A State with one cluster of two recommendations, led by a ministry.
func setup(t *testing.T) (*dbtest.DB, tenancy.Tenant, int64, int64) {
	t.Helper()
	d := dbtest.New(t)
	ctx := context.Background()
	st, err := tenancy.NewStore(d.App).Create(ctx, tenancy.NewTenant{Code: "XAR", Name: "Arcadia", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := entity.NewStore(d.App).Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	var clusterID int64
	err = db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		var docID int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, 'A/HRC/1/1', 'upr', 'UPR') RETURNING id`, st.ID).Scan(&docID); err != nil {
			return err
		}
		var c cluster.Cluster
		if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: "Administration of justice", LeadEntityID: e.ID}, &c); err != nil {
			return err
		}
		clusterID = c.ID
		for i, text := range []string{"Ratify OP-CAT.", "Reform pre-trial detention."} {
			var rid int64
			if err := tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash)
				VALUES ($1, $2, $3, $4, $4, $4) RETURNING id`, st.ID, docID, "1."+string(rune('1'+i)), text).Scan(&rid); err != nil {
				return err
			}
			if _, err := cluster.AddRecommendations(ctx, tx, st.ID, c.ID, []int64{rid}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, st, clusterID, e.ID
}

func TestPlanFromClustersAdoptAndCompare(t *testing.T) {
	t.Parallel()
	d, st, clusterID, entityID := setup(t)
	ctx := context.Background()
	s := plan.NewStore(d.App)

	if _, err := s.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2027-01-01"), PeriodEnd: day("2026-01-01")}); fault.FieldsOf(err)["period_end"] != "Plan.PeriodOrder" {
		t.Errorf("period ending before it starts: %v", err)
	}
	p, err := s.Create(ctx, st.ID, 0, plan.PlanInput{Title: "UPR cycle 4 plan 2023–2027", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	added, err := s.FromClusters(ctx, st.ID, 0, p.ID, []int64{clusterID})
	if err != nil || added != 1 {
		t.Fatalf("from clusters: %d, %v", added, err)
	}
	if again, _ := s.FromClusters(ctx, st.ID, 0, p.ID, []int64{clusterID}); again != 0 {
		t.Errorf("building from the same cluster twice added %d more actions", again)
	}
	// Renamed, the action still answers its cluster; a cluster ticked twice counts once.
	if err := db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE actions SET title = 'Justice reform' WHERE tenant_id = $1 AND plan_id = $2`, st.ID, p.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if again, err := s.FromClusters(ctx, st.ID, 0, p.ID, []int64{clusterID, clusterID}); again != 0 || err != nil {
		t.Errorf("building again after a rename: %d added, %v", again, err)
	}
	if err := db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE actions SET title = 'Administration of justice' WHERE tenant_id = $1 AND plan_id = $2`, st.ID, p.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	actions, err := s.Actions(ctx, st.ID, 0, p.ID, 0)
	if err != nil || len(actions) != 1 {
		t.Fatalf("actions: %v, %v", actions, err)
	}
	a := actions[0]
	if a.LeadEntityID != entityID || len(a.Recommendations) != 2 || a.Title != "Administration of justice" {
		t.Errorf("the action does not take the cluster's lead and recommendations: %+v", a)
	}
	if mine, _ := s.Actions(ctx, st.ID, 0, p.ID, entityID+999); len(mine) != 0 {
		t.Errorf("another entity sees %d actions", len(mine))
	}

	// Adopt, then change the action: the comparison shows what changed.
	if err := s.SetStatus(ctx, st.ID, 0, p.ID, plan.Closed, 1); fault.MessageOf(err) != "Plan.BadTransition" {
		t.Errorf("closing a draft: %v", err)
	}
	if err := s.SetStatus(ctx, st.ID, 0, p.ID, plan.Adopted, 1); err != nil {
		t.Fatal(err)
	}
	due := day("2025-06-30")
	in := plan.ActionInput{Title: a.Title, LeadEntityID: entityID, DueDate: &due, Status: "in_progress", Version: a.Version}
	if err := s.UpdateAction(ctx, st.ID, 0, a.ID, in); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateAction(ctx, st.ID, 0, a.ID, in); fault.KindOf(err) != fault.Conflict {
		t.Errorf("a save on an old version: %v, want a conflict", err)
	}
	diffs, err := s.Compare(ctx, st.ID, 0, p.ID)
	if err != nil || len(diffs) != 1 || diffs[0].Kind != "changed" {
		t.Fatalf("compare: %+v, %v", diffs, err)
	}
	if got := diffs[0].Fields; len(got) != 2 || got[0] != "due_date" || got[1] != "status" {
		t.Errorf("changed fields %v, want due_date and status", got)
	}
}

func TestActionValidation(t *testing.T) {
	t.Parallel()
	d, st, _, _ := setup(t)
	ctx := context.Background()
	s := plan.NewStore(d.App)
	p, err := s.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	start, due := day("2025-01-01"), day("2024-01-01")
	amount := 1000.0
	_, err = s.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "x", StartDate: &start, DueDate: &due,
		BudgetAmount: &amount, BudgetCurrency: "euro", Status: "not_implementable", Assistance: []string{"money"}, LeadEntityID: 999999}, nil)
	f := fault.FieldsOf(err)
	for field, msg := range map[string]string{"due_date": "Action.DatesOrder", "budget_currency": "Action.CurrencyInvalid",
		"status_reason": "Action.ReasonRequired", "assistance": "Action.AssistanceInvalid"} {
		if f[field] != msg {
			t.Errorf("%s: %q, want %q", field, f[field], msg)
		}
	}
	_, err = s.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "x", LeadEntityID: 999999}, nil)
	if fault.FieldsOf(err)["lead_entity"] != "Action.EntityInvalid" {
		t.Errorf("an entity of no State: %v", err)
	}
}

// The recommendation_status view derives a recommendation's status from its actions,
// unless staff set one.
func TestRecommendationStatusView(t *testing.T) {
	t.Parallel()
	d, st, _, _ := setup(t)
	ctx := context.Background()
	s := plan.NewStore(d.App)
	p, err := s.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	var recID int64
	status := func() string {
		var got string
		if err := db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT status FROM recommendation_status WHERE recommendation_id = $1`, recID).Scan(&got)
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if err := db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT min(id) FROM recommendations`).Scan(&recID)
	}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "none" {
		t.Errorf("without actions: %q, want none", got)
	}
	cases := []struct {
		statuses []string
		want     string
	}{
		{[]string{"not_started"}, "not_started"},
		{[]string{"not_started", "in_progress"}, "in_progress"},
		{[]string{"partially_implemented", "not_started"}, "partially_implemented"},
		{[]string{"fully_implemented", "in_progress"}, "partially_implemented"},
		{[]string{"fully_implemented", "not_implementable"}, "fully_implemented"},
		{[]string{"not_implementable"}, "not_implementable"},
	}
	for _, c := range cases {
		if err := db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `DELETE FROM actions`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, as := range c.statuses {
			in := plan.ActionInput{Title: as, Status: as}
			if as == "not_implementable" {
				in.StatusReason = "No budget"
			}
			if _, err := s.CreateAction(ctx, st.ID, 0, p.ID, in, []int64{recID}); err != nil {
				t.Fatal(err)
			}
		}
		if got := status(); got != c.want {
			t.Errorf("%v: %q, want %q", c.statuses, got, c.want)
		}
	}
	if err := db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE recommendations SET status_override = 'fully_implemented', status_reason = 'Law adopted' WHERE id = $1`, recID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "fully_implemented" {
		t.Errorf("set by staff: %q, want fully_implemented", got)
	}
}

// A plan's actions come with their own milestones, in date order, marked done or not.
func TestActionsCarryTheirMilestones(t *testing.T) {
	t.Parallel()
	d, st, _, lead := setup(t)
	ctx := context.Background()
	s := plan.NewStore(d.App)
	p, err := s.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	law, err := s.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Draft the law", LeadEntityID: lead}, nil)
	if err != nil {
		t.Fatal(err)
	}
	training, err := s.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Train judges", LeadEntityID: lead}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		action int64
		title  string
		due    string
	}{{law, "Bill to parliament", "2025-06-30"}, {law, "Consultation closes", "2025-01-31"}, {training, "First course", "2026-03-01"}} {
		if err := s.AddMilestone(ctx, st.ID, 0, m.action, m.title, day(m.due)); err != nil {
			t.Fatal(err)
		}
	}
	full, err := s.Action(ctx, st.ID, 0, law)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetMilestoneDone(ctx, st.ID, 0, law, full.Milestones[0].ID, true); err != nil {
		t.Fatal(err)
	}
	actions, err := s.Actions(ctx, st.ID, 0, p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][]string{}
	for _, a := range actions {
		for _, m := range a.Milestones {
			got[a.ID] = append(got[a.ID], fmt.Sprintf("%s %s %t", m.Due.Format("2006-01-02"), m.Title, m.Done))
		}
	}
	want := map[int64][]string{
		law:      {"2025-01-31 Consultation closes true", "2025-06-30 Bill to parliament false"},
		training: {"2026-03-01 First course false"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("milestones by action:\n got %v\nwant %v", got, want)
	}
}
