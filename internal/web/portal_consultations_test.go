package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/plan"
)

// Markers of the consultation reports: what the public may read says Pub…, the rest
// Hidden…, each found nowhere else.
const (
	mConsPublished   = "Pubconsultalpha"
	mConsComment     = "Pubcommentbeta"
	mConsReply       = "Pubreplygamma"
	mConsAnswer      = "Pubanswerdelta"
	mConsNHRIAnswer  = "Pubanswerepsilon"
	mConsHideReason  = "Pubreasonzeta"
	mConsHiddenText  = "Hiddentexteta"
	mConsHiddenFile  = "hiddenfile-theta.pdf"
	mConsUnpublished = "Hiddenconsultiota"
	mConsOpen        = "Hiddenconsultkappa"
	mConsOtherState  = "Hiddenconsultlambda"
)

// userID finds a test person's id by email.
func userID(t *testing.T, app *apptest.App, email string) int64 {
	t.Helper()
	var id int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return id
}

// consultation creates a consultation on the plan's first two clusters for the invited
// organisation, from opens to closes, through the staff's store.
func (f consultFixture) consultation(t *testing.T, staff consultation.Actor, title string, opens, closes time.Time) int64 {
	t.Helper()
	id, err := f.app.Consultations.Create(context.Background(), f.st.ID, staff, consultation.Input{Title: title,
		Explanation: "Explanation of " + title, SubjectKind: consultation.OnPlan, SubjectID: f.planID, ClusterIDs: f.clusters[:2],
		Audience: consultation.AudienceOrganisations, OrganisationIDs: []int64{f.invitedOrg}, OpensAt: opens, ClosesAt: closes}, "/s/xar/consultations/{id}")
	if err != nil {
		t.Fatalf("open %s: %v", title, err)
	}
	return id
}

// publishReport has the staff publish a closed consultation's report.
func publishReport(t *testing.T, app *apptest.App, tenantID int64, staff consultation.Actor, id int64) {
	t.Helper()
	c, _, err := app.Consultations.Get(context.Background(), tenantID, staff, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Consultations.Publish(context.Background(), tenantID, staff, id, c.Version); err != nil {
		t.Fatalf("publish the report of %d: %v", id, err)
	}
}

// reportWorld is the consultation fixture's State (XAR, portal still off) with one
// published report (comments, a reply, answers, a hidden comment with a document), one
// closed report left unpublished and one open consultation; and another State (XBR,
// portal off) that published a report.
type reportWorld struct {
	consultFixture
	published, unpublished, open, otherState int64
}

func newReportWorld(t *testing.T) reportWorld {
	t.Helper()
	ctx := context.Background()
	w := reportWorld{consultFixture: newConsultFixture(t)}
	f, app := w.consultFixture, w.app
	app.User(t, "admin@arcadia.example", false, f.st.ID, account.RoleNMRFAdmin)
	staff := consultation.Actor{UserID: userID(t, app, "staff@arcadia.example"), Role: account.RoleNMRFStaff}
	cso := consultation.Actor{UserID: userID(t, app, "cso@rights.example"), Role: account.RoleCivilSociety}
	nhri := consultation.Actor{UserID: userID(t, app, "nhri@arcadia.example"), Role: account.RoleNHRI}

	opens := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	closes := time.Date(2030, 5, 15, 17, 0, 0, 0, time.UTC)
	w.published = f.consultation(t, staff, "Plan "+mConsPublished, opens, closes)
	w.unpublished = f.consultation(t, staff, "Plan "+mConsUnpublished, opens, closes)
	w.open = f.consultation(t, staff, "Plan "+mConsOpen, opens, closes.AddDate(1, 0, 0))

	app.Consultations.SetNow(opens.Add(time.Hour))
	comment := func(c int64, a consultation.Actor, in consultation.CommentInput) int64 {
		t.Helper()
		id, err := app.Consultations.AddComment(ctx, f.st.ID, a, c, in, "/s/xar/consultations/1")
		if err != nil {
			t.Fatalf("comment %q: %v", in.Body, err)
		}
		return id
	}
	first := comment(w.published, cso, consultation.CommentInput{ItemKey: "whole", Body: "Fund the shelters " + mConsComment + "."})
	comment(w.published, nhri, consultation.CommentInput{ParentID: first, Body: "We agree " + mConsReply + "."})
	onCluster := comment(w.published, nhri, consultation.CommentInput{ItemKey: "cluster:" + itoa(f.clusters[1]), Body: "Train the judges."})
	abusive := comment(w.published, cso, consultation.CommentInput{ItemKey: "whole", Body: "Insults " + mConsHiddenText,
		Filename: mConsHiddenFile, Data: []byte(pdf)})
	comment(w.unpublished, cso, consultation.CommentInput{ItemKey: "whole", Body: "Comment on " + mConsUnpublished})
	comment(w.open, cso, consultation.CommentInput{ItemKey: "whole", Body: "Comment on " + mConsOpen})
	if _, err := app.Consultations.Hide(ctx, f.st.ID, staff, abusive, 1, "Abusive language "+mConsHideReason); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Consultations.Answer(ctx, f.st.ID, staff, first, 1, "partly", "Two regions get shelters "+mConsAnswer, "/s/xar"); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Consultations.Answer(ctx, f.st.ID, staff, onCluster, 1, "not_taken_into_account", "Already done "+mConsNHRIAnswer, "/s/xar"); err != nil {
		t.Fatal(err)
	}
	app.Consultations.SetNow(closes.Add(time.Hour))
	publishReport(t, app, f.st.ID, staff, w.published)

	// Another State published a report, but its portal is off.
	other := app.State(t, "XBR", "Borduria", "en")
	app.User(t, "staff@borduria.example", false, other.ID, account.RoleNMRFStaff)
	otherStaff := consultation.Actor{UserID: userID(t, app, "staff@borduria.example"), Role: account.RoleNMRFStaff}
	otherPlan, err := plan.NewStore(app.Pool).Create(ctx, other.ID, 0, plan.PlanInput{Title: "Plan of Borduria", PeriodStart: day("2025-01-01"), PeriodEnd: day("2028-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	w.otherState, err = app.Consultations.Create(ctx, other.ID, otherStaff, consultation.Input{Title: "Plan " + mConsOtherState,
		SubjectKind: consultation.OnPlan, SubjectID: otherPlan.ID, Audience: consultation.AudienceNHRI,
		OpensAt: opens, ClosesAt: closes}, "/s/xbr/consultations/{id}")
	if err != nil {
		t.Fatal(err)
	}
	publishReport(t, app, other.ID, otherStaff, w.otherState)
	if reps, err := consultation.PublishedReports(ctx, app.Pool, other.ID); err != nil || len(reps) != 0 {
		t.Errorf("a State whose portal is off has %d published reports (%v), want none", len(reps), err)
	}
	return w
}

// The public portal shows a published consultation report with its comments, replies
// and answers, and nothing else: not a report left unpublished, not an open
// consultation, not another State's report while its portal is off; never a hidden
// comment's text or its document, never a commenter's name or email.
func TestPortalShowsOnlyPublishedConsultationReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newReportWorld(t)
	app, f := w.app, w.consultFixture
	published, unpublished, open, otherID := w.published, w.unpublished, w.open, w.otherState

	anon := app.Client(t)
	if r := anon.Get("/p/xar/consultations"); r.Status != http.StatusNotFound {
		t.Errorf("the consultation reports of a State whose portal is off: %d, want 404", r.Status)
	}
	admin := app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Post("/s/xar/publication", url.Values{"version": {"0"}, "published": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal on: %d\n%s", r.Status, r.Body)
	}

	list := anon.Get("/p/xar/consultations")
	if list.Status != http.StatusOK {
		t.Fatalf("GET /p/xar/consultations: %d", list.Status)
	}
	reportHref := "/p/xar/consultations/" + itoa(published)
	for _, want := range []string{mConsPublished, `href="` + reportHref + `"`, "2030-05-01 09:00 – 2030-05-15 17:00 UTC",
		`<td class="num">4</td>`, `aria-current="page">Consultations</a>`} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("the list of reports lacks %q", want)
		}
	}
	home := anon.Get("/p/xar/")
	if !strings.Contains(home.Body, `href="/p/xar/consultations">1 published consultation report</a>`) {
		t.Error("the portal's home page does not count the published consultation report")
	}

	report := anon.Get(reportHref)
	if report.Status != http.StatusOK {
		t.Fatalf("GET %s: %d", reportHref, report.Status)
	}
	for _, want := range []string{"Consultation report: Plan " + mConsPublished, "Explanation of Plan " + mConsPublished,
		mConsComment, mConsReply, mConsAnswer, mConsNHRIAnswer, "Partly taken into account", "Not taken into account",
		"Hidden by staff: Abusive language " + mConsHideReason, "Rights Watch Arcadia", "National human rights institution",
		"Justice", "You said, we did"} {
		if !strings.Contains(report.Body, want) {
			t.Errorf("the published report lacks %q", want)
		}
	}

	// Nothing that is not published shows anywhere on the portal.
	pages := map[string]string{"/p/xar/": home.Body, "/p/xar/consultations": list.Body, reportHref: report.Body}
	for path, body := range pages {
		for _, never := range []string{mConsHiddenText, mConsHiddenFile, mConsUnpublished, mConsOpen, mConsOtherState,
			"Test cso@", "cso@rights.example", "Test nhri@", "nhri@arcadia.example", "staff@arcadia.example", "/comments/"} {
			if strings.Contains(body, never) {
				t.Errorf("%s shows %q", path, never)
			}
		}
	}
	for _, id := range []int64{unpublished, open, otherID, 999999} {
		if r := anon.Get("/p/xar/consultations/" + itoa(id)); r.Status != http.StatusNotFound {
			t.Errorf("GET /p/xar/consultations/%d: %d, want 404", id, r.Status)
		}
	}
	if r := anon.Get("/p/xar/consultations/abc"); r.Status != http.StatusNotFound && r.Status != http.StatusBadRequest {
		t.Errorf("GET /p/xar/consultations/abc: %d, want 404 or 400", r.Status)
	}
	if r := anon.Get("/p/xbr/consultations/" + itoa(otherID)); r.Status != http.StatusNotFound {
		t.Errorf("another State's report with its portal off: %d, want 404", r.Status)
	}

	// In Spanish, with the consultation's own words for the outcomes.
	es := app.Client(t)
	es.Header.Set("Accept-Language", "es")
	if body := es.Get(reportHref).Body; !strings.Contains(body, "Volver a los informes de consulta") || !strings.Contains(body, "Tenido en cuenta en parte") {
		t.Errorf("the report in Spanish lacks its Spanish words:\n%s", body)
	}

	// Turning the portal off hides the reports at once.
	if r := admin.Post("/s/xar/publication", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal off: %d", r.Status)
	}
	if r := anon.Get(reportHref); r.Status != http.StatusNotFound {
		t.Errorf("a report with the portal off: %d, want 404", r.Status)
	}
	if reps, err := consultation.PublishedReports(ctx, app.Pool, f.st.ID); err != nil || len(reps) != 0 {
		t.Errorf("published reports with the portal off: %d (%v), want none", len(reps), err)
	}
}
