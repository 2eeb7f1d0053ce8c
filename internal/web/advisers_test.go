package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// advisory is a State with a plan, one action asking for assistance, an indicator and
// three recommendations (two answered by the action, one with no action yet), and one
// person per role.
type advisory struct {
	app                  *apptest.App
	st                   tenancy.Tenant
	planID, actionID     int64
	indicatorID          int64
	recs                 [3]int64
	admin, staff, fp     *apptest.Client
	nhri, civil, adviser *apptest.Client
}

func newAdvisory(t *testing.T) *advisory {
	t.Helper()
	ctx := context.Background()
	app := apptest.New(t, apptest.Options{})
	a := &advisory{app: app, st: app.State(t, "XAR", "Arcadia", "en")}
	seedAssistance(t, app, a.st, "xar", &a.recs, &a.planID, &a.actionID)
	ind, err := app.Server.Indicators.Create(ctx, a.st.ID, 0, indicator.Input{Title: "Share of detainees with a lawyer", Type: "outcome", Unit: "%", Direction: "higher"})
	if err != nil {
		t.Fatal(err)
	}
	a.indicatorID = ind.ID
	clients := []struct {
		c    **apptest.Client
		role account.Role
	}{{&a.admin, account.RoleNMRFAdmin}, {&a.staff, account.RoleNMRFStaff}, {&a.fp, account.RoleFocalPoint},
		{&a.nhri, account.RoleNHRI}, {&a.civil, account.RoleCivilSociety}, {&a.adviser, account.RoleAdviser}}
	for _, x := range clients {
		email := string(x.role) + "@arcadia.example"
		app.User(t, email, false, a.st.ID, x.role) // an adviser also gets a grant current for a year
		*x.c = app.Client(t)
		(*x.c).Login(email)
	}
	return a
}

// seedAssistance adds a document, three recommendations (themes justice and women), a plan
// and an action answering the first two that asks for training and a consultant.
func seedAssistance(t *testing.T, app *apptest.App, st tenancy.Tenant, key string, recs *[3]int64, planID, actionID *int64) {
	t.Helper()
	ctx := context.Background()
	err := db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		var doc int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, 'A/HRC/98/1', 'upr', 'UPR') RETURNING id`,
			st.ID).Scan(&doc); err != nil {
			return err
		}
		for i, text := range []string{"Reform the prison system.", "Guarantee free legal aid to women.", "Ratify the Optional Protocol."} {
			if err := tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash, themes)
VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id`, st.ID, doc, fmt.Sprintf("98.%d", i+1), text, fmt.Sprintf("%s-advisory-%d", key, i),
				[]string{"administration_of_justice", "women"}[:1+i%2]).Scan(&recs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := app.Server.Plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "National plan " + key,
		PeriodStart: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	*planID = p.ID
	*actionID, err = app.Server.Plans.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Train prison staff " + key, Status: "in_progress",
		CapacityGaps: "No trainers on the Nelson Mandela Rules.", Assistance: []string{"training", "consultant"}}, recs[:2])
	if err != nil {
		t.Fatal(err)
	}
}

// grantWindow records a grant for a person with the given days from today (UTC), and
// revokes it when revoked is set; it bypasses the form, which refuses periods in the past.
func grantWindow(t *testing.T, app *apptest.App, tenantID, userID int64, email string, fromDays, toDays int, revoked bool) {
	t.Helper()
	today := time.Now().UTC()
	err := db.InTenant(context.Background(), app.Pool, tenantID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO adviser_grants (tenant_id, email, user_id, starts_on, ends_on, revoked_at)
			VALUES ($1, $2, $3, $4::date, $5::date, CASE WHEN $6 THEN now() END)`,
			tenantID, email, userID, today.AddDate(0, 0, fromDays).Format("2006-01-02"), today.AddDate(0, 0, toDays).Format("2006-01-02"), revoked)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An adviser sees the State only within a grant's period and until it is revoked; at
// every other time every page of the State is 404, as for someone who is no member, and
// the State leaves their list.
func TestAdviserGrantWindow(t *testing.T) {
	t.Parallel()
	a := newAdvisory(t)
	cases := []struct {
		name             string
		grant            bool
		from, to         int
		revoked, visible bool
	}{
		{name: "no grant at all", grant: false},
		{name: "before the start", grant: true, from: 1, to: 30},
		{name: "on the first day", grant: true, from: 0, to: 30, visible: true},
		{name: "on the last day", grant: true, from: -30, to: 0, visible: true},
		{name: "the day after the end", grant: true, from: -30, to: -1},
		{name: "revoked during the period", grant: true, from: -1, to: 30, revoked: true},
	}
	paths := []string{"/s/xar/", "/s/xar/plans", "/s/xar/plans/" + itoa(a.planID), "/s/xar/actions/" + itoa(a.actionID),
		"/s/xar/indicators/" + itoa(a.indicatorID), "/s/xar/recommendations", "/s/xar/reports", "/s/xar/assistance"}
	for i, tc := range cases {
		email := fmt.Sprintf("window%d@ohchr.example", i)
		u := a.app.User(t, email, false, 0, "")
		if err := a.app.Accounts.AddMembership(context.Background(), a.st.ID, u.ID, account.RoleAdviser); err != nil {
			t.Fatal(err)
		}
		if tc.grant {
			grantWindow(t, a.app, a.st.ID, u.ID, email, tc.from, tc.to, tc.revoked)
		}
		c := a.app.Client(t)
		c.Login(email)
		for _, p := range paths {
			r := c.Get(p)
			if tc.visible && r.Status != http.StatusOK {
				t.Errorf("%s: GET %s = %d, want 200", tc.name, p, r.Status)
			}
			if !tc.visible && r.Status != http.StatusNotFound {
				t.Errorf("%s: GET %s = %d, want 404", tc.name, p, r.Status)
			}
		}
		if r := c.Post("/s/xar/review", url.Values{"target": {"plan"}, "target_id": {itoa(a.planID)}, "body": {"A comment."}}); !tc.visible && r.Status != http.StatusNotFound {
			t.Errorf("%s: posting a review comment = %d, want 404", tc.name, r.Status)
		}
		if got := strings.Contains(c.Get("/states").Body, "Arcadia"); got != tc.visible {
			t.Errorf("%s: Arcadia in the list of States = %v, want %v", tc.name, got, tc.visible)
		}
	}
}

// The NMRF admin grants access by email (an account holder at once, anyone else by
// invitation), sees every grant with who granted and revoked it, and revokes one.
func TestAdminGrantsAndRevokesAdviserAccess(t *testing.T) {
	t.Parallel()
	a := newAdvisory(t)
	today := time.Now().UTC()
	day := func(d int) string { return today.AddDate(0, 0, d).Format("2006-01-02") }
	for _, bad := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"email": {"expert@un.example"}, "starts_on": {""}, "ends_on": {day(10)}}, "Enter the first day of access as a date."},
		{url.Values{"email": {"expert@un.example"}, "starts_on": {day(0)}, "ends_on": {""}}, "Enter the last day of access as a date."},
		{url.Values{"email": {"expert@un.example"}, "starts_on": {day(5)}, "ends_on": {day(2)}}, "The last day cannot be before the first day."},
		{url.Values{"email": {"expert@un.example"}, "starts_on": {day(-20)}, "ends_on": {day(-2)}}, "The last day has already passed."},
		{url.Values{"email": {"not an email"}, "starts_on": {day(0)}, "ends_on": {day(2)}}, "Email address"},
		{url.Values{"email": {"newcomer@un.example"}, "starts_on": {day(0)}, "ends_on": {day(2)}}, "enter their name for the invitation"},
		{url.Values{"email": {"nmrf_staff@arcadia.example"}, "starts_on": {day(0)}, "ends_on": {day(2)}}, "already has another role"},
	} {
		r := a.admin.Post("/s/xar/advisers", bad.form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, bad.want) || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("grant %v: status %d, want 400 saying %q in an error summary", bad.form, r.Status, bad.want)
		}
	}
	// A person with an account in another State only.
	other := a.app.State(t, "XBO", "Borealis", "en")
	a.app.User(t, "expert@un.example", false, other.ID, account.RoleNMRFStaff)
	expert := a.app.Client(t)
	expert.Login("expert@un.example")
	if r := expert.Get("/s/xar/plans"); r.Status != http.StatusNotFound {
		t.Fatalf("before the grant: %d, want 404", r.Status)
	}
	r := a.admin.Post("/s/xar/advisers", url.Values{"email": {"Expert@UN.example"}, "starts_on": {day(0)}, "ends_on": {day(60)},
		"note": {"UN country team"}, "language": {"fr"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("grant: status %d\n%s", r.Status, r.Body)
	}
	if m := a.app.LastEmailTo(t, "expert@un.example"); !strings.Contains(m.Subject, "Arcadia") || !strings.Contains(m.Body, day(60)) {
		t.Errorf("the adviser's email does not name the State and the period: %q", m.Subject)
	}
	if r := expert.Get("/s/xar/plans/" + itoa(a.planID)); r.Status != http.StatusOK || !strings.Contains(r.Body, "Review comments") {
		t.Errorf("after the grant the adviser reads the plan: %d (with its review section)", r.Status)
	}
	// A newcomer is invited and reaches the State once they accept.
	r = a.admin.Post("/s/xar/advisers", url.Values{"email": {"newcomer@un.example"}, "name": {"Regional adviser"},
		"starts_on": {day(0)}, "ends_on": {day(30)}, "note": {"OHCHR regional office"}, "language": {"en"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("grant by invitation: status %d\n%s", r.Status, r.Body)
	}
	page := a.admin.Get("/s/xar/advisers")
	for _, want := range []string{"expert@un.example", "UN country team", "newcomer@un.example", "invitation not accepted yet", "Test nmrf_admin@arcadia.example"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the advisers page lacks %q", want)
		}
	}
	link := apptest.LinkIn(t, a.app.LastEmailTo(t, "newcomer@un.example").Body)
	newcomer := a.app.Client(t)
	if r := newcomer.Post(link, url.Values{"name": {"Regional adviser"}, "password": {apptest.Password}, "confirm": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept the invitation: %d", r.Status)
	}
	if r := newcomer.Get("/s/xar/plans"); r.Status != http.StatusOK {
		t.Errorf("the invited adviser after accepting: %d, want 200", r.Status)
	}
	if strings.Contains(a.admin.Get("/s/xar/advisers").Body, "invitation not accepted yet") {
		t.Error("the accepted invitation still shows as pending")
	}
	// A second grant over some of the same days is refused, so revoking one can never
	// leave another in force unseen; nothing is written.
	if r := a.admin.Post("/s/xar/advisers", url.Values{"email": {"expert@un.example"}, "starts_on": {day(30)}, "ends_on": {day(90)},
		"language": {"fr"}}); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "already has access for some of these days") {
		t.Errorf("an overlapping grant: %d, want 400 saying it overlaps", r.Status)
	}
	var grants int
	inState(t, a.app, a.st.ID, `SELECT count(*) FROM adviser_grants WHERE email = 'expert@un.example'`, &grants)
	if grants != 1 {
		t.Errorf("%d grants after the refused overlapping one, want 1", grants)
	}
	// Revoking ends the access at once.
	var grantID int64
	inState(t, a.app, a.st.ID, `SELECT id FROM adviser_grants WHERE email = 'expert@un.example'`, &grantID)
	if r := a.staff.Post("/s/xar/advisers/"+itoa(grantID)+"/revoke", nil); r.Status != http.StatusForbidden {
		t.Errorf("NMRF staff revoking: %d, want 403", r.Status)
	}
	if r := a.admin.Post("/s/xar/advisers/"+itoa(grantID)+"/revoke", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	for _, p := range []string{"/s/xar/", "/s/xar/plans/" + itoa(a.planID), "/s/xar/assistance"} {
		if r := expert.Get(p); r.Status != http.StatusNotFound {
			t.Errorf("after revocation GET %s = %d, want 404", p, r.Status)
		}
	}
	if strings.Contains(expert.Get("/states").Body, "Arcadia") {
		t.Error("after revocation Arcadia is still in the adviser's list of States")
	}
	page = a.admin.Get("/s/xar/advisers")
	ended := page.Body[strings.Index(page.Body, `id="ended-title"`):]
	if !strings.Contains(ended, "expert@un.example") || !strings.Contains(ended, "Revoked") {
		t.Error("the revoked grant is not listed as revoked among ended access")
	}
	if r := a.admin.Post("/s/xar/advisers/"+itoa(grantID)+"/revoke", nil); r.Status != http.StatusSeeOther ||
		!strings.Contains(a.admin.Get("/s/xar/advisers").Body, "This access has already ended.") {
		t.Errorf("revoking twice: %d, want a message that it has ended", r.Status)
	}
	// Once revoked, the same days may be granted again.
	if r := a.admin.Post("/s/xar/advisers", url.Values{"email": {"expert@un.example"}, "starts_on": {day(0)}, "ends_on": {day(30)},
		"language": {"fr"}}); r.Status != http.StatusSeeOther {
		t.Errorf("a new grant after revocation: %d, want 303", r.Status)
	}
	// The members page no longer invites advisers without a grant.
	if r := a.admin.Post("/s/xar/invitations", url.Values{"email": {"x@un.example"}, "name": {"X"}, "role": {"ohchr_adviser"}, "language": {"en"}}); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, "Advisers page") {
		t.Errorf("inviting an adviser from the members page: %d, want 400 pointing to the Advisers page", r.Status)
	}
}

// Review comments stay between the NMRF's staff and its advisers: focal points, the NHRI
// and civil society never see them. Staff are notified, reply and resolve.
func TestReviewCommentsVisibleToStaffAndAdvisersOnly(t *testing.T) {
	t.Parallel()
	a := newAdvisory(t)
	pages := map[string]string{
		"plan": "/s/xar/plans/" + itoa(a.planID), "action": "/s/xar/actions/" + itoa(a.actionID), "indicator": "/s/xar/indicators/" + itoa(a.indicatorID)}
	for kind, page := range pages {
		if r := a.adviser.Post("/s/xar/review", url.Values{"target": {kind}, "target_id": {idOf(kind, a)}, "body": {"   "}}); r.Status != http.StatusSeeOther ||
			!strings.Contains(a.adviser.Get(page).Body, "Write the comment before sending it.") {
			t.Errorf("an empty review comment on the %s: %d, want the page back with the error", kind, r.Status)
		}
		body := "Review of the " + kind + ": add sex-disaggregated targets."
		if r := a.adviser.Post("/s/xar/review", url.Values{"target": {kind}, "target_id": {idOf(kind, a)}, "body": {body}}); r.Status != http.StatusSeeOther {
			t.Fatalf("review comment on the %s: %d", kind, r.Status)
		}
		for who, c := range map[string]*apptest.Client{"adviser": a.adviser, "NMRF admin": a.admin, "NMRF staff": a.staff} {
			if r := c.Get(page); r.Status != http.StatusOK || !strings.Contains(r.Body, body) {
				t.Errorf("the %s does not see the review comment on the %s page (%d)", who, kind, r.Status)
			}
		}
		for who, c := range map[string]*apptest.Client{"focal point": a.fp, "NHRI": a.nhri, "civil society": a.civil} {
			r := c.Get(page)
			if strings.Contains(r.Body, body) || strings.Contains(r.Body, "Review comments") {
				t.Errorf("the %s sees review comments on the %s page (%d)", who, kind, r.Status)
			}
		}
	}
	if r := a.staff.Get("/s/xar/notifications"); !strings.Contains(r.Body, "Test ohchr_adviser@arcadia.example left a review comment.") {
		t.Error("staff are not notified of the adviser's review comment")
	}
	for who, c := range map[string]*apptest.Client{"focal point": a.fp, "NHRI": a.nhri, "civil society": a.civil, "NMRF staff": a.staff} {
		if r := c.Post("/s/xar/review", url.Values{"target": {"plan"}, "target_id": {itoa(a.planID)}, "body": {"Not mine to write."}}); r.Status != http.StatusForbidden {
			t.Errorf("the %s writing a review comment: %d, want 403", who, r.Status)
		}
	}
	var commentID int64
	inState(t, a.app, a.st.ID, `SELECT id FROM review_comments WHERE plan_id IS NOT NULL AND parent_id IS NULL`, &commentID)
	if r := a.staff.Post("/s/xar/review/"+itoa(commentID)+"/replies", url.Values{"body": {"Targets by sex will be added in March."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("staff reply: %d", r.Status)
	}
	if r := a.adviser.Post("/s/xar/review/"+itoa(commentID)+"/resolve", nil); r.Status != http.StatusForbidden {
		t.Errorf("the adviser resolving: %d, want 403", r.Status)
	}
	if r := a.staff.Post("/s/xar/review/"+itoa(commentID)+"/resolve", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d", r.Status)
	}
	plan := a.adviser.Get(pages["plan"])
	if !strings.Contains(plan.Body, "Targets by sex will be added in March.") || !strings.Contains(plan.Body, "Marked resolved by Test nmrf_staff@arcadia.example") {
		t.Error("the adviser does not see the staff reply and the resolution")
	}
	if r := a.adviser.Get("/s/xar/notifications"); !strings.Contains(r.Body, "replied to your review comment") {
		t.Error("the adviser is not notified of the reply")
	}
	if r := a.nhri.Post("/s/xar/review/"+itoa(commentID)+"/replies", url.Values{"body": {"Let us in."}}); r.Status != http.StatusForbidden {
		t.Errorf("the NHRI replying to a review comment: %d, want 403", r.Status)
	}
}

func idOf(kind string, a *advisory) string {
	switch kind {
	case "plan":
		return itoa(a.planID)
	case "action":
		return itoa(a.actionID)
	}
	return itoa(a.indicatorID)
}

// The NHRI records its own assessment; everyone who reads the database sees it beside
// the government's status, can list the disagreements, and finds both in the export.
func TestNHRIAssessmentBesideGovernment(t *testing.T) {
	t.Parallel()
	a := newAdvisory(t)
	rec := func(i int) string { return "/s/xar/recommendations/" + itoa(a.recs[i]) }
	if r := a.staff.Post(rec(0)+"/assessment", url.Values{"assessment_status": {"not_started"}}); r.Status != http.StatusForbidden {
		t.Errorf("staff writing the NHRI's assessment: %d, want 403", r.Status)
	}
	if r := a.nhri.Post(rec(0)+"/assessment", url.Values{"assessment_status": {"finished"}, "assessment_comment": {"Draft words kept."}}); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, "Choose an implementation status.") || !strings.Contains(r.Body, `role="alert"`) || !strings.Contains(r.Body, "Draft words kept.") {
		t.Errorf("an unknown status: %d, want 400 with the error in a summary and the comment kept", r.Status)
	}
	// Recommendation 1: the government says in progress, the NHRI not started (a disagreement);
	// 2: both in progress; 3: no action yet, not assessed.
	if r := a.nhri.Post(rec(0)+"/assessment", url.Values{"assessment_status": {"not_started"}, "assessment_comment": {"Prisons visited in May: no change."}, "version": {"0"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("assess: %d", r.Status)
	}
	if r := a.nhri.Post(rec(1)+"/assessment", url.Values{"assessment_status": {"in_progress"}, "version": {"0"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("assess: %d", r.Status)
	}
	page := a.staff.Get(rec(0))
	for _, want := range []string{"Government&#39;s status", "NHRI&#39;s assessment", "Prisons visited in May: no change.", "differs from the government", "Test nhri@arcadia.example"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the recommendation page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `name="assessment_status"`) {
		t.Error("staff are shown the NHRI's assessment form")
	}
	// A save from a stale form is refused and the NHRI is told.
	if r := a.nhri.Post(rec(0)+"/assessment", url.Values{"assessment_status": {"in_progress"}, "version": {"0"}}); r.Status != http.StatusSeeOther ||
		!strings.Contains(a.nhri.Get(rec(0)).Body, "Someone changed this assessment") {
		t.Errorf("a stale assessment: %d, want the conflict explained", r.Status)
	}
	if r := a.nhri.Post(rec(0)+"/assessment", url.Values{"assessment_status": {"partially_implemented"}, "assessment_comment": {"Some progress."}, "version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d", r.Status)
	}
	page = a.adviser.Get(rec(0))
	if !strings.Contains(page.Body, "Some progress.") || !strings.Contains(page.Body, "Changes to the assessment") {
		t.Error("the adviser does not see the updated assessment with its history")
	}
	list := a.staff.Get("/s/xar/recommendations")
	if !strings.Contains(list.Body, "NHRI disagrees with the government (1)") {
		t.Error("the disagreement filter does not count one disagreement")
	}
	if strings.Count(list.Body, `class="nhri-status"`) != 3 || !strings.Contains(list.Body, "Partially implemented") {
		t.Error("the list has no NHRI column beside the government's status")
	}
	only := a.staff.Get("/s/xar/recommendations?disagree=1")
	if !strings.Contains(only.Body, "Reform the prison system.") || strings.Contains(only.Body, "Guarantee free legal aid") || strings.Contains(only.Body, "Ratify the Optional Protocol") {
		t.Error("?disagree=1 does not keep only the recommendation the NHRI assessed differently")
	}
	if !strings.Contains(only.Body, "disagree=1") {
		t.Error("the disagreement filter is not kept in the page's links")
	}
	dl := a.staff.Get("/s/xar/recommendations/export?format=csv&col=paragraph&col=status&col=nhri_status&col=nhri_comment")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(dl.Body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("export: %v, %d rows", err, len(rows))
	}
	if got := strings.Join(rows[0], "|"); got != "Paragraph|Government's status|NHRI's assessment|NHRI's comment" {
		t.Errorf("export header %q", got)
	}
	want := map[string]string{"98.1": "In progress|Partially implemented|Some progress.", "98.2": "In progress|In progress|", "98.3": "No action yet||"}
	for _, row := range rows[1:] {
		if got := strings.Join(row[1:], "|"); got != want[row[0]] {
			t.Errorf("export row %s: %q, want %q", row[0], got, want[row[0]])
		}
	}
	if x := a.staff.Get("/s/xar/recommendations/export?format=xlsx"); x.Status != http.StatusOK || !strings.HasPrefix(x.Body, "PK") {
		t.Errorf("xlsx export with the assessment columns: %d", x.Status)
	}
}

// The State's summary lists assistance by kind, theme and cluster, and the actions with
// gaps; the cross-State overview lists only the States where the adviser holds a
// current grant.
func TestAssistanceSummaryAndCrossStateOverview(t *testing.T) {
	t.Parallel()
	a := newAdvisory(t)
	page := a.adviser.Get("/s/xar/assistance")
	for _, want := range []string{"1 action asks for technical assistance.", "Training", "A consultant", "administration_of_justice",
		"Train prison staff xar", "No trainers on the Nelson Mandela Rules."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the assistance page lacks %q", want)
		}
	}
	if r := a.nhri.Get("/s/xar/assistance"); r.Status != http.StatusForbidden {
		t.Errorf("the NHRI on the assistance page: %d, want 403", r.Status)
	}
	// Borealis grants the same adviser access now; Caledonia's grant is over.
	adviser, err := a.app.Accounts.Authenticate(context.Background(), "ohchr_adviser@arcadia.example", apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	var borealisPlan int64
	for i, code := range []string{"XBO", "XCA"} {
		st := a.app.State(t, code, []string{"Borealis", "Caledonia"}[i], "en")
		var recs [3]int64
		var planID, actionID int64
		seedAssistance(t, a.app, st, strings.ToLower(code), &recs, &planID, &actionID)
		if code == "XBO" {
			borealisPlan = planID
		}
		if err := a.app.Accounts.AddMembership(context.Background(), st.ID, adviser.ID, account.RoleAdviser); err != nil {
			t.Fatal(err)
		}
		if code == "XBO" {
			grantWindow(t, a.app, st.ID, adviser.ID, "ohchr_adviser@arcadia.example", -3, 3, false)
		} else {
			grantWindow(t, a.app, st.ID, adviser.ID, "ohchr_adviser@arcadia.example", -30, -3, false)
		}
	}
	if states := a.adviser.Get("/states").Body; !strings.Contains(states, "Arcadia") || !strings.Contains(states, "Borealis") || strings.Contains(states, "Caledonia") {
		t.Error("the adviser's list of States is not exactly the two with a current grant")
	}
	if r := a.adviser.Get("/s/xbo/plans/" + itoa(borealisPlan)); r.Status != http.StatusOK {
		t.Errorf("the adviser switching to Borealis's plan: %d, want 200", r.Status)
	}
	if r := a.adviser.Get("/s/xca/"); r.Status != http.StatusNotFound {
		t.Errorf("the adviser in Caledonia after the grant ended: %d, want 404", r.Status)
	}
	over := a.adviser.Get("/adviser/assistance")
	if over.Status != http.StatusOK || !strings.Contains(over.Body, "Arcadia") || !strings.Contains(over.Body, "Borealis") {
		t.Fatalf("the overview lacks a granted State (%d)", over.Status)
	}
	if strings.Contains(over.Body, "Caledonia") || strings.Contains(over.Body, "/s/xca/") {
		t.Error("the overview shows a State whose grant is over")
	}
	// Training is asked for once in each granted State: 1, 1 and a total of 2.
	if !strings.Contains(over.Body, "<th scope=\"row\">Training</th><td>1</td><td>1</td><td>2</td>") {
		t.Error("the overview does not count training once per granted State")
	}
	for who, c := range map[string]*apptest.Client{"NMRF admin": a.admin, "NHRI": a.nhri} {
		if r := c.Get("/adviser/assistance"); r.Status != http.StatusOK || strings.Contains(r.Body, "Arcadia</a>") || !strings.Contains(r.Body, "no current adviser access") {
			t.Errorf("the %s's overview shows States (%d)", who, r.Status)
		}
	}
}
