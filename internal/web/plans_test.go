package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/plan"
)

// Staff build a plan from clusters; a focal point sees only their entity's actions.
func TestPlanFromClustersAndFocalPointView(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	justice, _ := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
	health, _ := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Health", Kind: "ministry"})
	fp := app.User(t, "fp@justice.example", false, st.ID, account.RoleFocalPoint)
	var justiceCluster, healthCluster int64
	err := db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $2 WHERE tenant_id = $1 AND user_id = $3`, st.ID, justice.ID, fp.ID); err != nil {
			return err
		}
		var c1, c2 cluster.Cluster
		if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: "Administration of justice", LeadEntityID: justice.ID}, &c1); err != nil {
			return err
		}
		if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: "Right to health", LeadEntityID: health.ID}, &c2); err != nil {
			return err
		}
		justiceCluster, healthCluster = c1.ID, c2.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	c.Login("staff@arcadia.example")
	if r := c.Post("/s/xar/plans", url.Values{"title": {"Plan"}, "period_start": {"2027-01-01"}, "period_end": {"2023-01-01"}}); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "must end after it starts") {
		t.Errorf("a period ending before it starts: status %d", r.Status)
	}
	r := c.Post("/s/xar/plans", url.Values{"title": {"UPR cycle 4 plan 2023–2027"}, "period_start": {"2023-01-01"}, "period_end": {"2027-12-31"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create plan: %d", r.Status)
	}
	planPath := r.Location
	r = c.Post(planPath+"/from-clusters", url.Values{"cluster": {itoa(justiceCluster), itoa(healthCluster)}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("from clusters: %d", r.Status)
	}
	page := c.Get(planPath)
	if !strings.Contains(page.Body, "2 actions") || !strings.Contains(page.Body, "Right to health") {
		t.Fatal("the plan does not list the two actions built from the clusters")
	}
	var justiceAction, healthAction string
	inState(t, app, st.ID, `SELECT (SELECT id::text FROM actions WHERE title = 'Administration of justice'), (SELECT id::text FROM actions WHERE title = 'Right to health')`, &justiceAction, &healthAction)

	// Editing: dates out of order, then a save on a stale version.
	form := url.Values{"title": {"Administration of justice"}, "status": {"in_progress"}, "version": {"1"}, "lead_entity": {itoa(justice.ID)},
		"start_date": {"2025-06-01"}, "due_date": {"2024-01-01"}}
	if r := c.Post("/s/xar/actions/"+justiceAction, form); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "cannot be before the start") {
		t.Errorf("dates out of order: status %d", r.Status)
	}
	form.Set("due_date", "2026-12-31")
	if r := c.Post("/s/xar/actions/"+justiceAction, form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Status)
	}
	if r := c.Post("/s/xar/actions/"+justiceAction, form); r.Status != http.StatusConflict {
		t.Errorf("a save on an old version: status %d, want 409", r.Status)
	}
	// The action's page shows its history: the save above changed its dates and status.
	actionPage := c.Get("/s/xar/actions/" + justiceAction).Body
	if i := strings.Index(actionPage, `id="history-title"`); i < 0 {
		t.Error("the action's page has no history")
	} else if h := actionPage[i:]; !strings.Contains(h, "Changed") || !strings.Contains(h, "Implementation status") || !strings.Contains(h, "Due") || !strings.Contains(h, "Added") {
		t.Errorf("the action's history does not say what changed:\n%s", h)
	}

	fpc := app.Client(t)
	fpc.Login("fp@justice.example")
	mine := fpc.Get(planPath)
	if !strings.Contains(mine.Body, "Administration of justice") || strings.Contains(mine.Body, "Right to health") {
		t.Error("the focal point does not see exactly their entity's actions")
	}
	if r := fpc.Get("/s/xar/actions/" + healthAction); r.Status != http.StatusNotFound {
		t.Errorf("a focal point opening another entity's action: %d, want 404", r.Status)
	}
	if r := fpc.Get("/s/xar/actions/" + justiceAction); r.Status != http.StatusOK {
		t.Errorf("the focal point cannot open their entity's action: %d", r.Status)
	}
	if r := fpc.Post("/s/xar/actions/"+justiceAction, form); r.Status != http.StatusForbidden {
		t.Errorf("a focal point editing the plan: %d, want 403", r.Status)
	}
}

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// The timeline shows the plan's actions, an overdue one marked, and the mechanisms'
// deadlines; a calendar link serves them to a calendar program until it is revoked.
func TestTimelineAndCalendarFeed(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	plans := plan.NewStore(app.Pool)
	p, err := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	past := day("2024-03-31")
	if _, err := plans.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Adopt the law on legal aid", DueDate: &past}, nil); err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	c.Login("staff@arcadia.example")
	planPath := "/s/xar/plans/" + itoa(p.ID)
	if r := c.Post(planPath+"/timeline/deadlines", url.Values{"deadline_title": {"Fifth UPR review"}, "deadline_kind": {"upr_review"}, "deadline_due": {"2027-11-01"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add deadline: %d", r.Status)
	}
	if r := c.Post(planPath+"/timeline/deadlines", url.Values{"deadline_title": {"x"}, "deadline_kind": {"upr_review"}, "deadline_due": {"soon"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a deadline without a date: %d, want 400", r.Status)
	}
	tl := c.Get(planPath + "/timeline")
	for _, want := range []string{"<svg", "Adopt the law on legal aid", "Fifth UPR review", "Overdue"} {
		if !strings.Contains(tl.Body, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	page := c.Post("/s/xar/calendar", url.Values{})
	m := regexp.MustCompile(`value="(http://[^"]+\.ics)"`).FindStringSubmatch(page.Body)
	if page.Status != http.StatusOK || m == nil {
		t.Fatalf("no calendar link shown (status %d)", page.Status)
	}
	feedURL, _ := url.Parse(m[1])
	anon := app.Client(t)
	ics := anon.Get(feedURL.Path)
	if ics.Status != http.StatusOK || !strings.Contains(ics.Body, "BEGIN:VCALENDAR") || !strings.Contains(ics.Body, "Adopt the law on legal aid") {
		t.Fatalf("the feed: status %d\n%s", ics.Status, ics.Body)
	}
	if r := anon.Get("/calendar/xar/not-a-token.ics"); r.Status != http.StatusNotFound {
		t.Errorf("a wrong token: %d, want 404", r.Status)
	}
	var feedID string
	inState(t, app, st.ID, `SELECT id::text FROM calendar_feeds`, &feedID)
	c.Post("/s/xar/calendar/"+feedID+"/revoke", nil)
	if r := anon.Get(feedURL.Path); r.Status != http.StatusGone || !strings.Contains(r.Body, "calendar link has been revoked") {
		t.Errorf("a revoked feed: %d, want 410 saying the link was revoked\n%s", r.Status, r.Body)
	}
}

// A recommendation's page shows the actions answering it and the status they give it;
// staff may set the status directly, but only with a reason.
func TestRecommendationStatusFromActions(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	var recID int64
	if err := db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		var doc int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, 'CAT/C/XAR/CO/4', 'treaty_body', 'CAT') RETURNING id`, st.ID).Scan(&doc); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash)
			VALUES ($1, $2, '14', 'Establish a national preventive mechanism.', 'h', 's') RETURNING id`, st.ID, doc).Scan(&recID)
	}); err != nil {
		t.Fatal(err)
	}
	plans := plan.NewStore(app.Pool)
	p, _ := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if _, err := plans.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Designate the ombudsperson as NPM", Status: "in_progress"}, []int64{recID}); err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	c.Login("staff@arcadia.example")
	page := "/s/xar/recommendations/" + itoa(recID)
	body := c.Get(page).Body
	if !strings.Contains(body, "Designate the ombudsperson as NPM") || !strings.Contains(body, "<strong>In progress</strong>") {
		t.Fatal("the recommendation does not show its action and the status it gives")
	}
	if n := listCount(t, c.Get("/s/xar/recommendations?status=in_progress").Body); n != 1 {
		t.Errorf("filter by status in progress: %d, want 1", n)
	}
	c.Post(page+"/status", url.Values{"status": {"fully_implemented"}, "status_reason": {""}, "version": {"1"}})
	if strings.Contains(c.Get(page).Body, "<strong>Fully implemented</strong>") {
		t.Error("the status was set without a reason")
	}
	c.Post(page+"/status", url.Values{"status": {"fully_implemented"}, "status_reason": {"The law designating the NPM was adopted."}, "version": {"1"}})
	body = c.Get(page).Body
	if !strings.Contains(body, "<strong>Fully implemented</strong>") || !strings.Contains(body, "The law designating the NPM was adopted.") {
		t.Error("the status set by staff, with its reason, is not shown")
	}
}
