package web_test

// The plan and reporting journey in a real browser: NMRF staff start a plan, build its
// actions from clusters and follow them on the timeline and the dashboard; the
// Ministry of Justice's focal point reports progress with evidence and uploads an
// indicator's values; staff return the report, then validate and publish it, and the
// action's status and the dashboard follow. axe-core checks every page on the way.
// Same skip rules as browser_test.go.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/indicator"
)

// The English strings this journey looks for, as in locales/active.en.toml.
const (
	enPlanStarted      = "The plan has been started."                                    // Plans.Created
	enActionsAdded     = "2 actions added."                                              // Plan.ActionsAdded (other)
	enTwoActions       = "2 actions"                                                     // Plan.ActionCount (other)
	enActionSaved      = "The action has been saved."                                    // Action.Saved
	enTimelineH1       = "Timeline of the implementation plan"                           // Timeline.Title
	enOverdue          = "Overdue"                                                       // Action.Overdue
	enPartially        = "Partially implemented"                                         // ActionStatus.partially_implemented
	enInProgress       = "In progress"                                                   // ActionStatus.in_progress
	enReportProgress   = "Report progress"                                               // Home.Report
	enReportCreated    = "The report has been started. Attach evidence, then submit it." // Report.Created
	enEvidenceAdded    = "The evidence has been attached."                               // Report.EvidenceAdded
	enReportSubmitted  = "The report has been submitted for review."                     // Report.Moved.submit
	enReportReturned   = "The report has been returned."                                 // Report.Moved.return
	enReportValidated  = "The report has been validated."                                // Report.Moved.validate
	enReportPublished  = "The report has been published."                                // Report.Moved.publish
	enReturnedBecause  = "Returned to you:"                                              // Report.ReturnedBecause
	enPublished        = "Published"                                                     // ReportStatus.published
	enOneNotification  = "1 new notification"                                            // Nav.Notifications (one)
	enProgressReports  = "Progress reports"                                              // Reports.Title
	enDashboardTitle   = "Implementation at a glance"                                    // Dash.Title
	enValuesUploadedOf = "The file has been saved:"                                      // Indicator.Import.Saved
)

const (
	planStaffEmail = "staff@arcadia.example"
	planFocalEmail = "fp@justice.example"
	planJustice    = "Ministry of Justice"
	planHealth     = "Ministry of Health"
	planJusticeCl  = "Administration of justice" // the cluster, then the action built from it
	planHealthCl   = "Right to health"
	planTitle      = "UPR cycle 4 plan 2023–2027"
	planIndicator  = "Proportion of seats held by women in parliament"
	planReason     = "Attach the draft law itself."
)

func TestBrowserPlanAndReportingJourney(t *testing.T) {
	t.Parallel()
	started := time.Now()
	tools := requireBrowserTools(t)
	app := apptest.New(t, apptest.Options{})
	ctx := context.Background()

	// A State with staff, two ministries, a cluster led by each with two
	// recommendations, the justice ministry's focal point and an indicator by sex.
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, planStaffEmail, false, st.ID, account.RoleNMRFStaff)
	justice, err := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: planJustice, Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	health, err := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: planHealth, Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	fp := app.User(t, planFocalEmail, false, st.ID, account.RoleFocalPoint)
	err = db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $2 WHERE tenant_id = $1 AND user_id = $3`, st.ID, justice.ID, fp.ID); err != nil {
			return err
		}
		var doc int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, 'A/HRC/99/1', 'upr', 'UPR') RETURNING id`,
			st.ID).Scan(&doc); err != nil {
			return err
		}
		for i, c := range []struct {
			name  string
			lead  int64
			texts []string
		}{
			{planJusticeCl, justice.ID, []string{"Reform the prison system.", "Guarantee free legal aid."}},
			{planHealthCl, health.ID, []string{"Reduce maternal mortality.", "Extend health coverage to rural areas."}},
		} {
			var cl cluster.Cluster
			if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: c.name, LeadEntityID: c.lead}, &cl); err != nil {
				return err
			}
			var recs []int64
			for j, text := range c.texts {
				var id int64
				if err := tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, st.ID, doc, fmt.Sprintf("1.%d", i*2+j+1), text, fmt.Sprintf("plan-journey-%d-%d", i, j)).Scan(&id); err != nil {
					return err
				}
				recs = append(recs, id)
			}
			if _, err := cluster.AddRecommendations(ctx, tx, st.ID, cl.ID, recs); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	baseline, target := 20.0, 40.0
	baselineDate, targetDate := day("2020-01-01"), day("2026-01-01")
	ind, err := app.Server.Indicators.Create(ctx, st.ID, 0, indicator.Input{Title: planIndicator, Type: "outcome", Unit: "%",
		Direction: "higher", BaselineValue: &baseline, BaselineDate: &baselineDate, TargetValue: &target, TargetDate: &targetDate,
		SourceEntityID: justice.ID, Disaggregations: []string{"sex"}})
	if err != nil {
		t.Fatal(err)
	}
	indicatorPath := "/s/xar/indicators/" + itoa(ind.ID)

	b := startBrowser(t, tools, app.URL)

	// 1. Staff start the plan, build its actions from the clusters, make one overdue.
	staff := b.newTab("NMRF staff")
	staff.open("/login")
	staff.checkAccessibility("sign-in page")
	staff.signIn(planStaffEmail, apptest.Password)
	staff.expectPath("/s/xar/")
	staff.expectH1("Arcadia")
	staff.checkAccessibility("State home")
	partiallyBefore := planStatusCard(staff, enPartially)

	staff.submit("open Plan", `header nav a[href="/s/xar/plans"]`)
	staff.expectPath("/s/xar/plans")
	staff.expectH1("Implementation plans")
	staff.checkAccessibility("plans page, none yet")
	staff.typeInto("#field-title", planTitle)
	staff.do("enter the period", chromedp.SetValue(chromedp.CSS("#field-period_start"), "2023-01-01", chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS("#field-period_end"), "2027-12-31", chromedp.NodeVisible))
	staff.submit("start the plan", `main form[action="/s/xar/plans"] button[type="submit"]`)
	planPath := staff.path()
	if !regexp.MustCompile(`^/s/xar/plans/\d+$`).MatchString(planPath) {
		staff.fatalf("starting the plan leads to %s, want its page", planPath)
	}
	staff.expectH1(planTitle)
	recsFlash(staff, "plan started", enPlanStarted)
	staff.checkAccessibility("new plan's page")

	for _, name := range []string{planJusticeCl, planHealthCl} {
		planTick(staff, `main form[action="`+planPath+`/from-clusters"] label.check`, name)
	}
	staff.submit("add the actions from the clusters", `main form[action="`+planPath+`/from-clusters"] button[type="submit"]`)
	staff.expectPath(planPath)
	recsFlash(staff, "actions added", enActionsAdded)
	if h := planHeadingWith(staff, "actions"); h != enTwoActions {
		staff.fatalf("the plan's actions heading reads %q, want %q", h, enTwoActions)
	}
	for _, name := range []string{planJusticeCl, planHealthCl} {
		planActionRow(staff, name)
	}
	staff.checkAccessibility("plan with two actions")

	justiceAction := planLinkTo(staff, "main table tbody", planJusticeCl)
	staff.submit("open the justice action", `main table a[href="`+justiceAction+`"]`)
	staff.expectPath(justiceAction)
	staff.expectH1(planJusticeCl)
	staff.checkAccessibility("justice action's page")
	staff.do("enter a due date in the past", chromedp.SetValue(chromedp.CSS("#field-due_date"), "2024-03-31", chromedp.NodeVisible))
	recsPick(staff, "#field-status", enInProgress)
	staff.submit("save the action", `main form[action="`+justiceAction+`"] button.button[type="submit"]`)
	staff.expectPath(justiceAction)
	recsFlash(staff, "action saved", enActionSaved)
	staff.checkAccessibility("justice action saved")

	staff.submit("back to the plan", `main a[href="`+planPath+`"]`)
	staff.expectPath(planPath)
	if row := planActionRow(staff, planJusticeCl); !strings.Contains(row, enOverdue) || !strings.Contains(row, enInProgress) {
		staff.fatalf("the plan shows the justice action as %q, want it in progress and overdue", row)
	}
	staff.submit("open the timeline", `main a[href="`+planPath+`/timeline"]`)
	staff.expectPath(planPath + "/timeline")
	staff.expectH1(enTimelineH1)
	if !evaluate[bool](staff, "look for the timeline's chart", `!!document.querySelector("main .timeline svg")`) {
		staff.fatalf("the timeline has no SVG chart")
	}
	if row := planActionRow(staff, planJusticeCl); !strings.Contains(row, enOverdue) {
		staff.fatalf("the timeline's table shows the justice action as %q, want it marked %s", row, enOverdue)
	}
	if row := planActionRow(staff, planHealthCl); strings.Contains(row, enOverdue) {
		staff.fatalf("the timeline's table marks the health action, which has no due date, %s: %q", enOverdue, row)
	}
	staff.checkAccessibility("timeline")

	staff.submit("open Home", `header nav a[href="/s/xar/"]`)
	staff.expectPath("/s/xar/")
	if h := staff.visible("dashboard heading", "#dash-title"); h != enDashboardTitle {
		staff.fatalf("the dashboard heading reads %q, want %q", h, enDashboardTitle)
	}
	overdue := planCardCount(staff, "overdue")
	if overdue != 1 {
		staff.fatalf("the dashboard counts %d overdue actions, want 1", overdue)
	}
	staff.checkAccessibility("State home with the dashboard")
	t.Logf("dashboard before the report: %d overdue, %d recommendations partially implemented", overdue, partiallyBefore)

	// 2. The focal point sees only their ministry's work, reports with evidence, and
	// uploads the indicator's values.
	focal := b.newTab("focal point")
	focal.open("/login")
	focal.signIn(planFocalEmail, apptest.Password)
	focal.expectPath("/s/xar/")
	if h := focal.visible("work heading", "#work-title"); h != "The work of "+planJustice {
		focal.fatalf("the work heading reads %q, want %q", h, "The work of "+planJustice)
	}
	work := focal.visible("work list", `section[aria-labelledby="work-title"]`)
	if !strings.Contains(work, planJusticeCl) || strings.Contains(work, planHealthCl) {
		focal.fatalf("the work list reads %q, want the justice action only", work)
	}
	focal.checkAccessibility("focal point's home")
	if text := focal.visible("report link", `section[aria-labelledby="work-title"] a[href^="/s/xar/reports/new?action="]`); !strings.HasPrefix(text, enReportProgress) {
		focal.fatalf("the link to report reads %q, want %q", text, enReportProgress)
	}
	focal.submit("report progress", `section[aria-labelledby="work-title"] a[href^="/s/xar/reports/new?action="]`)
	focal.expectPath("/s/xar/reports/new")
	focal.expectH1("Progress report on " + planJusticeCl)
	focal.checkAccessibility("new progress report")
	focal.typeInto("#field-period", "First half of 2025")
	// The textarea is empty: chromedp's Clear refuses a textarea without a text node.
	focal.do("type what was done", chromedp.SendKeys(chromedp.CSS("#field-done_text"), "The draft law on legal aid was sent to parliament.", chromedp.NodeVisible))
	recsPick(focal, "#field-proposed_status", enPartially)
	focal.submit("save the report", `main form[action="/s/xar/reports"] button[type="submit"]`)
	reportPath := focal.path()
	if !regexp.MustCompile(`^/s/xar/reports/\d+$`).MatchString(reportPath) {
		focal.fatalf("saving the report leads to %s, want its page", reportPath)
	}
	recsFlash(focal, "report started", enReportCreated)
	focal.checkAccessibility("draft report")

	pdf := filepath.Join(t.TempDir(), "draft-law.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	focal.do("choose the PDF", chromedp.SetUploadFiles(chromedp.CSS("#evidence-file"), []string{pdf}, chromedp.NodeVisible))
	focal.submit("attach the PDF", `main form[action="`+reportPath+`/evidence"] button[type="submit"]`)
	focal.expectPath(reportPath)
	recsFlash(focal, "evidence attached", enEvidenceAdded)
	if ev := focal.visible("evidence", `section[aria-labelledby="evidence-title"] ul`); !strings.Contains(ev, "draft-law.pdf") {
		focal.fatalf("the evidence lists %q, want draft-law.pdf", ev)
	}
	focal.checkAccessibility("report with evidence")
	focal.submit("submit for review", `main form[action="`+reportPath+`/submit"] button[type="submit"]`)
	focal.expectPath(reportPath)
	recsFlash(focal, "report submitted", enReportSubmitted)
	focal.checkAccessibility("submitted report")

	focal.submit("open Indicators", `header nav a[href="/s/xar/indicators"]`)
	focal.expectPath("/s/xar/indicators")
	focal.checkAccessibility("indicators list")
	focal.submit("open the indicator", `main a[href="`+indicatorPath+`"]`)
	focal.expectPath(indicatorPath)
	focal.expectH1(planIndicator)
	focal.checkAccessibility("indicator without values")
	values := filepath.Join(t.TempDir(), "seats.csv")
	csv := "period,sex,value,source\n" +
		"2021,female,23,Electoral commission\n2021,male,77,Electoral commission\n" +
		"2022,female,26.1,Electoral commission\n2022,male,73.9,Electoral commission\n" +
		"2023,female,28,Electoral commission\n2023,male,72,Electoral commission\n" +
		"2024,female,31,Electoral commission\n2024,male,69,Electoral commission\n"
	if err := os.WriteFile(values, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	focal.do("choose the CSV", chromedp.SetUploadFiles(chromedp.CSS("#measurements-file"), []string{values}, chromedp.NodeVisible))
	focal.submit("upload the values", `main form[action="`+indicatorPath+`/measurements.csv"] button[type="submit"]`)
	focal.expectPath(indicatorPath)
	if msg := focal.visible("upload confirmation", `main .alert-success[role="status"]`); !strings.HasPrefix(msg, enValuesUploadedOf) || !strings.Contains(msg, "8") {
		focal.fatalf("the upload confirmation reads %q, want 8 values saved", msg)
	}
	if n := evaluate[int](focal, "count the chart's lines", `document.querySelectorAll("main .indicator-figure svg polyline").length`); n != 2 {
		focal.fatalf("the chart has %d lines, want 2 (women and men)", n)
	}
	if n := evaluate[int](focal, "count the table's periods", `document.querySelectorAll("#indicator-values tbody th[scope=row]").length`); n != 4 {
		focal.fatalf("the table beside the chart has %d periods, want 4", n)
	}
	if tbl := focal.visible("values table", "#indicator-values"); !strings.Contains(tbl, "2021") || !strings.Contains(tbl, "2024") || !strings.Contains(tbl, "73.9") {
		focal.fatalf("the values table reads %q, want 2021 to 2024 with 73.9", tbl)
	}
	focal.checkAccessibility("indicator with values")

	// 3. Staff are told, open the report and return it.
	staff.open("/s/xar/")
	if nav := staff.visible("navigation", "header nav"); !strings.Contains(nav, enOneNotification) {
		staff.fatalf("the navigation reads %q, want %q", nav, enOneNotification)
	}
	staff.submit("open Progress reports", `header nav a[href="/s/xar/reports"]`)
	staff.expectPath("/s/xar/reports")
	staff.expectH1(enProgressReports)
	if row := recsRowWith(staff, planJusticeCl); !strings.Contains(row, planJustice) || !strings.Contains(row, "Submitted") {
		staff.fatalf("the reports list shows %q, want the justice report submitted", row)
	}
	staff.checkAccessibility("progress reports")
	staff.submit("open the report", `main table a[href="`+reportPath+`"]`)
	staff.expectPath(reportPath)
	staff.expectH1("Progress report on " + planJusticeCl)
	staff.checkAccessibility("submitted report, for review")
	staff.do("type the reason", chromedp.SendKeys(chromedp.CSS("#return-reason"), planReason, chromedp.NodeVisible))
	staff.submit("return the report", `main form[action="`+reportPath+`/return"] button[type="submit"]`)
	staff.expectPath(reportPath)
	recsFlash(staff, "report returned", enReportReturned)
	staff.checkAccessibility("returned report")

	// 4. The focal point reads why and submits again.
	focal.open(reportPath)
	if why := focal.visible("return reason", `main .alert-info[role="status"]`); !strings.Contains(why, enReturnedBecause) || !strings.Contains(why, planReason) {
		focal.fatalf("the report reads %q, want %q %q", why, enReturnedBecause, planReason)
	}
	focal.checkAccessibility("report returned to the focal point")
	focal.submit("submit again", `main form[action="`+reportPath+`/submit"] button[type="submit"]`)
	focal.expectPath(reportPath)
	recsFlash(focal, "report submitted again", enReportSubmitted)

	// 5. Staff validate and publish; the action and the dashboard follow.
	staff.open(reportPath)
	staff.submit("validate", `main form[action="`+reportPath+`/validate"] button[type="submit"]`)
	staff.expectPath(reportPath)
	recsFlash(staff, "report validated", enReportValidated)
	staff.checkAccessibility("validated report")
	staff.submit("publish", `main form[action="`+reportPath+`/publish"] button[type="submit"]`)
	staff.expectPath(reportPath)
	recsFlash(staff, "report published", enReportPublished)
	if status := staff.visible("report status", "main p strong"); status != enPublished {
		staff.fatalf("the report's status reads %q, want %q", status, enPublished)
	}
	staff.checkAccessibility("published report")

	staff.submit("open the action", `main a[href="`+justiceAction+`"]`)
	staff.expectPath(justiceAction)
	if got := evaluate[string](staff, "read the action's status", `(() => { const s = document.querySelector("#field-status"); return s.options[s.selectedIndex].text.trim(); })()`); got != enPartially {
		staff.fatalf("the action's status is %q after the published report, want %q", got, enPartially)
	}
	staff.checkAccessibility("action after the published report")

	staff.submit("open Home", `header nav a[href="/s/xar/"]`)
	staff.expectPath("/s/xar/")
	partiallyAfter := planStatusCard(staff, enPartially)
	if partiallyAfter < 1 || partiallyAfter <= partiallyBefore {
		staff.fatalf("the dashboard counts %d recommendations partially implemented (%d before the report), want more", partiallyAfter, partiallyBefore)
	}
	staff.checkAccessibility("State home after the published report")
	t.Logf("dashboard after the report: %d recommendations partially implemented; journey took %s", partiallyAfter, time.Since(started).Round(time.Millisecond))
}

// planTick ticks the checkbox whose label, among those matching selector, reads name.
func planTick(tb *tab, selector, name string) {
	tb.t.Helper()
	ok := evaluate[bool](tb, "tick "+name, `(() => {
		for (const l of document.querySelectorAll(`+jsString(selector)+`)) {
			const text = l.innerText.trim();
			if (text === `+jsString(name)+` || text.startsWith(`+jsString(name+" (")+`)) {
				const box = l.querySelector("input[type=checkbox]");
				if (!box.checked) box.click();
				return box.checked;
			}
		}
		return false;
	})()`)
	if !ok {
		tb.fatalf("no checkbox labelled %q to tick", name)
	}
}

// planActionRow returns the text of the first table row of the page with a link that
// reads name (not a group's heading row of the same name).
func planActionRow(tb *tab, name string) string {
	tb.t.Helper()
	row := evaluate[string](tb, "find the row of "+name, `(() => {
		for (const tr of document.querySelectorAll("main table tbody tr")) {
			for (const a of tr.querySelectorAll("a")) {
				if (a.innerText.trim() === `+jsString(name)+`) return tr.innerText.replace(/\s+/g, " ").trim();
			}
		}
		return "";
	})()`)
	if row == "" {
		tb.fatalf("no table row links to %q", name)
	}
	return row
}

// planHeadingWith returns the first h2 of the page that contains word.
func planHeadingWith(tb *tab, word string) string {
	tb.t.Helper()
	return evaluate[string](tb, "find the heading with "+word, `(() => {
		for (const h of document.querySelectorAll("main h2")) {
			if (h.innerText.includes(`+jsString(word)+`)) return h.innerText.trim();
		}
		return "";
	})()`)
}

// planLinkTo returns the path of the first link under within whose text is name.
func planLinkTo(tb *tab, within, name string) string {
	tb.t.Helper()
	href := evaluate[string](tb, "find the link to "+name, `(() => {
		for (const a of document.querySelectorAll(`+jsString(within+" a[href]")+`)) {
			if (a.innerText.trim() === `+jsString(name)+`) return a.getAttribute("href");
		}
		return "";
	})()`)
	if href == "" {
		tb.fatalf("no link to %q", name)
	}
	return href
}

// planStatusCard reads the dashboard card that counts recommendations with a status.
func planStatusCard(tb *tab, status string) int {
	tb.t.Helper()
	return planDashboardCard(tb, `p.innerText.trim() === `+jsString(status), status)
}

// planCardCount reads the dashboard card whose label contains word.
func planCardCount(tb *tab, word string) int {
	tb.t.Helper()
	return planDashboardCard(tb, `p.innerText.includes(`+jsString(word)+`)`, word)
}

func planDashboardCard(tb *tab, match, what string) int {
	tb.t.Helper()
	raw := evaluate[string](tb, "read the dashboard card "+what, `(() => {
		for (const card of document.querySelectorAll(".dashboard .card")) {
			const p = card.querySelector("p:not(.card-count)");
			if (p && `+match+`) {
				const a = card.querySelector(".card-count a");
				return a ? a.innerText.trim() : "no link";
			}
		}
		return "";
	})()`)
	n := recsNumber(raw)
	if raw == "" || n < 0 {
		tb.fatalf("the dashboard has no linked count for %q (%q)", what, raw)
	}
	return n
}
