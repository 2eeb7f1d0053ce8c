package demo

import (
	"context"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// demoToday is the day the demo data are set around.
var demoToday = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func TestPlanDataIsValid(t *testing.T) {
	t.Parallel()
	if err := checkPlanData(); err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	overdue, dueSoon, budgets, assistance, withMilestones := 0, 0, 0, 0, 0
	for _, a := range demoActions {
		statuses[a.status]++
		due := mustDate(a.due)
		open := a.status != "fully_implemented" && a.status != "not_implementable"
		if open && due.Before(demoToday) {
			overdue++
		}
		if open && !due.Before(demoToday) && due.Before(demoToday.AddDate(0, 3, 0)) {
			dueSoon++
		}
		if a.budget > 0 {
			budgets++
		}
		if a.assistance != "" {
			assistance++
		}
		if len(a.milestones) > 0 {
			withMilestones++
		}
	}
	for _, s := range plan.Statuses {
		if statuses[s] == 0 {
			t.Errorf("no action is %s (%v)", s, statuses)
		}
	}
	if overdue < 3 || dueSoon < 2 || budgets < 5 || assistance < 3 {
		t.Errorf("%d overdue, %d due soon, %d with a budget, %d asking for assistance; want some of each", overdue, dueSoon, budgets, assistance)
	}
	if n := len(demoActions); withMilestones < n/3 || withMilestones > n*2/3 {
		t.Errorf("%d of %d actions have milestones, want about half", withMilestones, n)
	}
	sex := 0
	for _, ind := range demoIndicators {
		if slices.Contains(split(ind.grounds, " "), indicator.Sex) {
			sex++
		}
	}
	if len(demoIndicators) != 15 || sex != 6 {
		t.Errorf("%d indicators, %d by sex; want 15 and 6", len(demoIndicators), sex)
	}
}

// planSnapshot is what the demo plan leaves in Arcadia, to compare one load with the next.
type planSnapshot struct {
	Plans, Adopted, Actions, ActionVersions, ActionLinks, Supporting int
	Milestones, MilestonesDone, Deadlines                            int
	Indicators, SexIndicators, ThreeYears, Measurements, Links       int
	Reports                                                          map[string]int
	Evidence, Events, Notifications                                  int
	AuditRows                                                        int               // of the tables the plan loader writes
	FocalPoints                                                      map[string]string // email → entity
	Differences, Gaps                                                int
}

func takePlanSnapshot(t *testing.T, ctx context.Context, d *dbtest.DB, tenantID int64) planSnapshot {
	t.Helper()
	s := planSnapshot{Reports: map[string]int{}, FocalPoints: map[string]string{}}
	var planID int64
	err := db.InTenant(ctx, d.App, tenantID, 0, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
SELECT (SELECT count(*) FROM plans WHERE tenant_id = $1),
       (SELECT count(*) FROM plans WHERE tenant_id = $1 AND status = 'adopted' AND adopted_snapshot IS NOT NULL),
       (SELECT COALESCE(max(id), 0) FROM plans WHERE tenant_id = $1 AND title = $2),
       (SELECT count(*) FROM actions WHERE tenant_id = $1),
       (SELECT COALESCE(sum(version), 0) FROM actions WHERE tenant_id = $1),
       (SELECT count(*) FROM action_recommendations WHERE tenant_id = $1),
       (SELECT count(*) FROM action_entities WHERE tenant_id = $1),
       (SELECT count(*) FROM milestones WHERE tenant_id = $1),
       (SELECT count(*) FROM milestones WHERE tenant_id = $1 AND done),
       (SELECT count(*) FROM deadlines WHERE tenant_id = $1),
       (SELECT count(*) FROM indicators WHERE tenant_id = $1),
       (SELECT count(*) FROM indicators WHERE tenant_id = $1 AND 'sex' = ANY (disaggregations)),
       (SELECT count(*) FROM indicators i WHERE tenant_id = $1 AND (SELECT count(DISTINCT extract(year FROM m.period))
          FROM measurements m WHERE m.tenant_id = i.tenant_id AND m.indicator_id = i.id) >= 3),
       (SELECT count(*) FROM measurements WHERE tenant_id = $1),
       (SELECT count(*) FROM indicator_actions WHERE tenant_id = $1) + (SELECT count(*) FROM indicator_recommendations WHERE tenant_id = $1),
       (SELECT count(*) FROM evidence WHERE tenant_id = $1),
       (SELECT count(*) FROM report_events WHERE tenant_id = $1),
       (SELECT count(*) FROM notifications WHERE tenant_id = $1),
       (SELECT count(*) FROM audit_log WHERE tenant_id = $1
          AND table_name IN ('plans', 'actions', 'indicators', 'measurements', 'progress_reports'))`, tenantID, planTitle).
			Scan(&s.Plans, &s.Adopted, &planID, &s.Actions, &s.ActionVersions, &s.ActionLinks, &s.Supporting,
				&s.Milestones, &s.MilestonesDone, &s.Deadlines, &s.Indicators, &s.SexIndicators, &s.ThreeYears,
				&s.Measurements, &s.Links, &s.Evidence, &s.Events, &s.Notifications, &s.AuditRows)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT status, count(*) FROM progress_reports WHERE tenant_id = $1 GROUP BY status`, tenantID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var status string
			var n int
			if err := rows.Scan(&status, &n); err != nil {
				return err
			}
			s.Reports[status] = n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `
SELECT u.email, e.name FROM memberships m JOIN users u ON u.id = m.user_id JOIN entities e ON e.tenant_id = m.tenant_id AND e.id = m.entity_id
WHERE m.tenant_id = $1 AND m.role = 'focal_point'`, tenantID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var email, name string
			if err := rows.Scan(&email, &name); err != nil {
				return err
			}
			s.FocalPoints[email] = name
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	if planID != 0 {
		diffs, err := plan.NewStore(d.App).Compare(ctx, tenantID, 0, planID)
		if err != nil {
			t.Fatalf("compare: %v", err)
		}
		s.Differences = len(diffs)
	}
	gaps, err := indicator.NewStore(d.App).ClustersWithoutSexData(ctx, tenantID, 0)
	if err != nil {
		t.Fatalf("gaps: %v", err)
	}
	s.Gaps = len(gaps)
	return s
}

func TestLoadPlanTwice(t *testing.T) {
	d := dbtest.New(t)
	ctx := context.Background()
	base, _ := url.Parse("http://localhost:8080")
	accounts := account.NewService(d.App, nil, nil, base)
	tenants := tenancy.NewStore(d.App)

	var first planSnapshot
	var xar int64
	for run := 1; run <= 2; run++ {
		signIns, err := Load(ctx, d.App, accounts, tenants)
		if err != nil {
			t.Fatalf("load %d: %v", run, err)
		}
		if run == 1 {
			tn, err := tenants.ByCode(ctx, "XAR")
			if err != nil {
				t.Fatal(err)
			}
			xar = tn.ID
			for email := range focalPoints {
				if !slices.ContainsFunc(signIns, func(s SignIn) bool { return s.Email == email && s.Role == string(account.RoleFocalPoint) }) {
					t.Errorf("%s is not in the sign-in list", email)
				}
			}
		}
		s := takePlanSnapshot(t, ctx, d, xar)
		if run == 2 {
			if !reflect.DeepEqual(s, first) {
				t.Errorf("the second load changed something:\nfirst  %+v\nsecond %+v", first, s)
			}
			continue
		}
		first = s
		t.Logf("after the first load: %+v", s)
		if s.Plans != 1 || s.Adopted != 1 {
			t.Errorf("%d plans, %d adopted; want one adopted plan", s.Plans, s.Adopted)
		}
		if s.Actions < 38 || s.Actions > 45 || s.Actions != len(demoClusters)+len(demoActions) {
			t.Errorf("%d actions, want %d (about 40)", s.Actions, len(demoClusters)+len(demoActions))
		}
		if s.Milestones == 0 || s.MilestonesDone == 0 || s.MilestonesDone == s.Milestones {
			t.Errorf("%d milestones, %d done; want some done and some not", s.Milestones, s.MilestonesDone)
		}
		if s.Deadlines != 4 {
			t.Errorf("%d deadlines, want 4", s.Deadlines)
		}
		if s.Indicators != 15 || s.SexIndicators < 5 || s.ThreeYears != 15 {
			t.Errorf("%d indicators, %d by sex, %d with values over three years or more; want 15, at least 5, all",
				s.Indicators, s.SexIndicators, s.ThreeYears)
		}
		for _, st := range []string{"draft", "submitted", "returned", "validated", "published"} {
			if s.Reports[st] == 0 {
				t.Errorf("no report is %s: %v", st, s.Reports)
			}
		}
		if s.Evidence < len(demoReports) {
			t.Errorf("%d pieces of evidence for %d reports", s.Evidence, len(demoReports))
		}
		want := map[string]string{
			"focal.justice@arcadia.example": "Ministry of Justice",
			"focal.health@arcadia.example":  "Ministry of Health",
			"focal.labour@arcadia.example":  "Ministry of Labour and Social Affairs",
			"focal.gender@arcadia.example":  "Gender Equality Office",
		}
		for email, entity := range want {
			if s.FocalPoints[email] != entity {
				t.Errorf("%s reports for %q, want %q", email, s.FocalPoints[email], entity)
			}
		}
		if len(s.FocalPoints) < 4 {
			t.Errorf("%d focal points with an entity, want at least 4", len(s.FocalPoints))
		}
		if s.Differences < len(changesAfterAdoption) {
			t.Errorf("%d changes since adoption, want at least %d", s.Differences, len(changesAfterAdoption))
		}
		if s.Gaps == 0 {
			t.Error("every cluster has sex-disaggregated data; the demo should leave one without")
		}
	}
	checkReports(t, ctx, d, xar)
}

// checkReports checks that the reports were written by focal points of the entity of
// their action, reviewed by the NMRF staff, and that the returned one says why.
func checkReports(t *testing.T, ctx context.Context, d *dbtest.DB, tenantID int64) {
	t.Helper()
	err := db.InTenant(ctx, d.App, tenantID, 0, func(tx pgx.Tx) error {
		var wrongAuthor, noReason, notStaff int
		err := tx.QueryRow(ctx, `
SELECT (SELECT count(*) FROM progress_reports p
        JOIN memberships m ON m.tenant_id = p.tenant_id AND m.user_id = p.created_by
        JOIN actions a ON a.tenant_id = p.tenant_id AND a.id = p.action_id
        WHERE p.tenant_id = $1 AND NOT (m.role = 'focal_point' AND m.entity_id = p.entity_id AND a.lead_entity_id = p.entity_id)),
       (SELECT count(*) FROM progress_reports WHERE tenant_id = $1 AND status = 'returned' AND return_reason = ''),
       (SELECT count(*) FROM report_events e JOIN memberships m ON m.tenant_id = e.tenant_id AND m.user_id = e.user_id
        WHERE e.tenant_id = $1 AND e.to_status IN ('returned', 'validated', 'published') AND m.role <> 'nmrf_staff')`,
			tenantID).Scan(&wrongAuthor, &noReason, &notStaff)
		if err != nil {
			return err
		}
		if wrongAuthor != 0 || noReason != 0 || notStaff != 0 {
			t.Errorf("%d reports not by their entity's focal point, %d returned without a reason, %d reviews not by NMRF staff",
				wrongAuthor, noReason, notStaff)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
