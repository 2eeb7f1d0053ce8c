package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/progress"
)

// The ministry's focal point reports with evidence; staff return it once, then validate
// and publish it; the action's status follows.
func TestProgressReportJourney(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	justice, _ := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
	health, _ := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Health", Kind: "ministry"})
	fp := app.User(t, "fp@justice.example", false, st.ID, account.RoleFocalPoint)
	plans := plan.NewStore(app.Pool)
	p, err := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := plans.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Prison reform", LeadEntityID: justice.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := plans.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Maternal health", LeadEntityID: health.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $2 WHERE tenant_id = $1 AND user_id = $3`, st.ID, justice.ID, fp.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	f := app.Client(t)
	f.Login("fp@justice.example")
	if r := f.Get("/s/xar/reports/new?action=" + itoa(theirs)); r.Status != http.StatusNotFound {
		t.Errorf("reporting on another entity's action: %d, want 404", r.Status)
	}
	if r := f.Post("/s/xar/reports", url.Values{"action_id": {itoa(theirs)}, "period": {"2025"}}); r.Status != http.StatusForbidden {
		t.Errorf("posting a report on another entity's action: %d, want 403", r.Status)
	}
	r := f.Post("/s/xar/reports", url.Values{"action_id": {itoa(mine)}, "period": {"First half of 2025"},
		"done_text": {"The draft law was sent to parliament."}, "proposed_status": {"in_progress"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create report: %d\n%s", r.Status, r.Body)
	}
	report := r.Location
	exe := f.Upload(report+"/evidence", "file", "law.pdf", []byte("MZ\x90\x00\x03 this is a program"), nil)
	if exe.Status != http.StatusBadRequest || !strings.Contains(exe.Body, "not accepted") {
		t.Errorf("a program disguised as a PDF: status %d", exe.Status)
	}
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), progress.MaxFileSize)...)
	if r := f.Upload(report+"/evidence", "file", "annex.pdf", big, nil); r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "10 MB") {
		t.Errorf("a file over 10 MB: status %d", r.Status)
	}
	pdf := f.Upload(report+"/evidence", "file", "قانون.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), nil)
	if pdf.Status != http.StatusSeeOther {
		t.Fatalf("attach a PDF: %d\n%s", pdf.Status, pdf.Body)
	}
	link := regexp.MustCompile(`/s/xar/evidence/[0-9]+`).FindString(f.Get(report).Body)
	if link == "" {
		t.Fatal("the report page does not link to its evidence")
	}
	if d := f.Get(link).Header.Get("Content-Disposition"); d != "attachment; filename*=utf-8''%D9%82%D8%A7%D9%86%D9%88%D9%86.pdf" {
		t.Errorf("an Arabic file name downloads as %q", d)
	}
	if r := f.Post(report+"/submit", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.Status)
	}
	if r := f.Post(report+"/validate", url.Values{"version": {"2"}}); r.Status != http.StatusForbidden {
		t.Errorf("a focal point validating: %d, want 403", r.Status)
	}

	s := app.Client(t)
	s.Login("staff@arcadia.example")
	if home := s.Get("/s/xar/"); !strings.Contains(home.Body, "1 new notification") {
		t.Error("staff are not notified of the submitted report")
	}
	if n := s.Get("/s/xar/notifications"); !strings.Contains(n.Body, "Prison reform") || !strings.Contains(n.Body, "waiting for review") {
		t.Error("the notification does not say which report waits")
	}
	s.Post("/s/xar/notifications/read", nil)
	if home := s.Get("/s/xar/"); strings.Contains(home.Body, "new notification") {
		t.Error("notifications marked as read still count as new")
	}
	list := s.Get("/s/xar/reports")
	if !strings.Contains(list.Body, "Prison reform") {
		t.Fatal("the report does not wait for review")
	}
	if r := s.Post(report+"/return", url.Values{"version": {"2"}}); r.Status != http.StatusBadRequest {
		t.Errorf("returning without a reason: %d, want 400", r.Status)
	}
	if r := s.Post(report+"/return", url.Values{"version": {"2"}, "reason": {"Attach the draft law itself."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("return: %d", r.Status)
	}
	if r := s.Post(report+"/validate", url.Values{"version": {"3"}}); r.Status != http.StatusBadRequest {
		t.Errorf("validating a returned report: %d, want 400", r.Status)
	}
	back := f.Get(report)
	if !strings.Contains(back.Body, "Attach the draft law itself.") {
		t.Error("the focal point does not see why the report was returned")
	}
	if r := f.Post(report+"/submit", url.Values{"version": {"2"}}); r.Status != http.StatusConflict {
		t.Errorf("submitting from a stale page: %d, want 409", r.Status)
	}
	if r := f.Post(report+"/submit", url.Values{"version": {"3"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", r.Status)
	}
	// The NHRI reads reports once validated, an adviser once published; neither reads
	// the return reason, and evidence not made public stays with the NHRI.
	app.User(t, "nhri@arcadia.example", false, st.ID, account.RoleNHRI)
	app.User(t, "adviser@ohchr.example", false, st.ID, account.RoleAdviser)
	nhri, adviser := app.Client(t), app.Client(t)
	nhri.Login("nhri@arcadia.example")
	adviser.Login("adviser@ohchr.example")
	if r := nhri.Get(report); r.Status != http.StatusNotFound {
		t.Errorf("the NHRI reading a submitted report: %d, want 404", r.Status)
	}
	if r := s.Post(report+"/validate", url.Values{"version": {"4"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("validate: %d", r.Status)
	}
	if r := nhri.Get(report); r.Status != http.StatusOK || !strings.Contains(r.Body, "Prison reform") || strings.Contains(r.Body, "Attach the draft law itself.") {
		t.Errorf("the NHRI reading a validated report: %d (with the subject, without the return reason expected)", r.Status)
	}
	if r := nhri.Get("/s/xar/reports"); !strings.Contains(r.Body, "Prison reform") {
		t.Error("the NHRI's list of reports lacks the validated report")
	}
	if r := adviser.Get(report); r.Status != http.StatusNotFound {
		t.Errorf("an adviser reading a validated, unpublished report: %d, want 404", r.Status)
	}
	if r := s.Post(report+"/publish", url.Values{"version": {"5"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Status)
	}
	if r := adviser.Get(report); r.Status != http.StatusOK || strings.Contains(r.Body, link) {
		t.Errorf("an adviser reading a published report: %d (evidence not made public must not be linked)", r.Status)
	}
	if r := adviser.Get(link); r.Status != http.StatusNotFound {
		t.Errorf("an adviser downloading evidence not made public: %d, want 404", r.Status)
	}
	if r := nhri.Get(link); r.Status != http.StatusOK {
		t.Errorf("the NHRI downloading the evidence: %d, want 200", r.Status)
	}
	var status string
	inState(t, app, st.ID, `SELECT status FROM actions WHERE id = `+itoa(mine), &status)
	if status != "in_progress" {
		t.Errorf("the action's status is %q after the validated report, want in_progress", status)
	}
	page := s.Get(report)
	for _, want := range []string{"Published", "Returned", "Validated", "قانون.pdf"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the report's page lacks %q", want)
		}
	}
}
