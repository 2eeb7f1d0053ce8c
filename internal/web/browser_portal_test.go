package web_test

// The public portal in a real browser: a visitor who never signs in reads what the
// State published, in Spanish and in Arabic (right to left), searches and filters the
// recommendations, opens the plan, an action with its evidence and an indicator's
// chart; a second visitor does the same with JavaScript switched off. axe-core checks
// every page. Same skip rules as browser_test.go.

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/nmrf-platform/nmrf/internal/apptest"
)

// The Spanish and Arabic strings this journey looks for, as in locales/portal.*.toml.
const (
	esHomeH1     = "Recomendaciones de derechos humanos dirigidas a Arcadia" // Portal.Home.Heading
	esRecsH1     = "Recomendaciones publicadas"                              // Portal.Recs.Title
	esTwoRecs    = "2 recomendaciones"                                       // Recs.Count (other)
	esOneRec     = "1 recomendación"                                         // Recs.Count (one)
	esInProgress = "En curso"                                                // ActionStatus.in_progress
	arRecsH1     = "التوصيات المنشورة"                                       // Portal.Recs.Title
	arPlanH1     = "خطة التنفيذ"                                             // Portal.Plan.Title
)

func TestBrowserPublicPortal(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	w := newPortalWorld(t, apptest.Options{})
	w.publish(t)
	b := startBrowser(t, tools, w.app.URL)

	v := b.newTab("visitor")
	v.open("/p/xar/")
	v.expectLanguage("en")
	v.switchLanguage("es")
	v.expectPath("/p/xar/")
	v.expectLanguage("es")
	v.expectH1(esHomeH1)
	if counts := v.visible("counts", "#portal-counts"); !strings.Contains(counts, "2 recomendaciones publicadas") {
		v.fatalf("home counts %q, want the 2 published recommendations", counts)
	}
	v.checkAccessibility("portal home (es)")
	// The portal sends no script at all, JavaScript on or off: a first visit on a slow
	// connection fetches only the page and its style sheet.
	if n := evaluate[int](v, "count the page's scripts", `document.scripts.length`); n != 0 {
		v.fatalf("the portal page loads %d scripts, want none", n)
	}

	// The list shows exactly the two published recommendations.
	v.submit("open the recommendations", `nav.portal-nav a[href="/p/xar/recommendations"]`)
	v.expectH1(esRecsH1)
	portalExpectResults(v, esTwoRecs, []string{mRecPublic, mRecNoted}, []string{mRecHidden})
	v.checkAccessibility("published recommendations (es)")

	// Search, then a filter, with the form (a plain GET).
	v.typeInto("#q", "convention")
	v.submit("search", `form.filters button.button[type="submit"]`)
	portalExpectResults(v, esOneRec, []string{mRecPublic}, []string{mRecNoted, mRecHidden})
	v.open("/p/xar/recommendations")
	v.choose("#f-position", "noted")
	v.submit("filter by position", `form.filters button.button[type="submit"]`)
	portalExpectResults(v, esOneRec, []string{mRecNoted}, []string{mRecPublic})
	v.checkAccessibility("filtered recommendations (es)")

	// One recommendation: the government's status comes from the adopted plan only.
	v.open("/p/xar/recommendations/" + itoa(w.recPublic))
	if st := v.visible("status", "#rec-status"); st != esInProgress {
		v.fatalf("status %q, want %q", st, esInProgress)
	}
	v.checkAccessibility("recommendation (es)")
	v.submit("open its action", `main a[href="/p/xar/actions/`+itoa(w.actionPublic)+`"]`)
	main := v.visible("action page", "main")
	for _, m := range []string{mActionPublic, mReportPublic, mReportNoEvidence, mEvidencePublic} {
		if !strings.Contains(main, m) {
			v.fatalf("the action's page lacks %s", m)
		}
	}
	for _, m := range []string{mReportValidated, mEvidencePrivate} {
		if strings.Contains(main, m) {
			v.fatalf("the action's page shows %s", m)
		}
	}
	v.checkAccessibility("action (es)")
	v.open("/p/xar/indicators/" + itoa(w.indicatorPublic))
	v.visible("the chart", "figure.indicator-figure")
	if !strings.Contains(evaluate[string](v, "read the chart", `document.querySelector("figure.indicator-figure svg").outerHTML`), "12.5") {
		v.fatalf("the chart does not draw the published value")
	}
	v.visible("the value table", "#indicator-values")
	v.checkAccessibility("indicator (es)")

	// Arabic, right to left.
	v.switchLanguage("ar")
	v.expectLanguage("ar")
	v.open("/p/xar/recommendations")
	v.expectH1(arRecsH1)
	portalExpectResults(v, "", []string{mRecPublic, mRecNoted}, []string{mRecHidden})
	v.checkAccessibility("published recommendations (ar)")
	v.submit("open the plan", `nav.portal-nav a[href="/p/xar/plan"]`)
	v.expectH1(arPlanH1)
	if main := v.visible("plan", "main"); !strings.Contains(main, mActionPublic) || strings.Contains(main, mActionHidden) || strings.Contains(main, mPlanDraft) {
		v.fatalf("the plan page does not show exactly the adopted plan's action")
	}
	v.checkAccessibility("plan (ar)")

	// Without JavaScript: the same search and filter, by the form alone.
	n := b.newTab("visitor without JavaScript")
	if _, err := chromedp.Call(n.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		n.fatalf("switch JavaScript off: %v", err)
	}
	n.open("/p/xar/recommendations")
	if evaluate[int](n, "count the page's scripts", `document.scripts.length`) != 0 {
		n.fatalf("a portal page loads a script")
	}
	n.do("type a search without JavaScript", chromedp.SendKeys(chromedp.CSS("#q"), "penalty", chromedp.NodeVisible))
	portalNoScriptSubmit(n, "#q")
	portalNoScriptResults(n, "1 recommendation", mRecNoted, mRecPublic)
	n.open("/p/xar/recommendations")
	n.do("choose a status without JavaScript", chromedp.SetValue(chromedp.CSS("#f-status"), "in_progress", chromedp.NodeVisible))
	portalNoScriptSubmit(n, "#f-status")
	portalNoScriptResults(n, "1 recommendation", mRecPublic, mRecNoted)
}

// portalExpectResults checks the list's heading and which markers the table holds.
func portalExpectResults(tb *tab, count string, want, not []string) {
	tb.t.Helper()
	if count != "" {
		if h := tb.visible("results heading", "#results-title"); h != count {
			tb.fatalf("results heading %q, want %q", h, count)
		}
	}
	table := tb.element("#portal-recs").Text
	for _, m := range want {
		if !strings.Contains(table, m) {
			tb.fatalf("the list lacks %s", m)
		}
	}
	for _, m := range not {
		if strings.Contains(table, m) {
			tb.fatalf("the list shows %s", m)
		}
	}
}

// portalNoScriptSubmit submits the form of a field and waits for the page it loads.
func portalNoScriptSubmit(tb *tab, field string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(field), chromedp.NodeVisible))
	if err != nil {
		tb.fatalf("submit the form of %s: %v", field, err)
	}
	if resp == nil || resp.Status != 200 {
		tb.fatalf("submit the form of %s: %v", field, resp)
	}
	tb.do("wait for the results", chromedp.WaitReady(chromedp.CSS("#results-title")))
}

// portalNoScriptResults reads the page through the DOM (no script runs in the page).
func portalNoScriptResults(tb *tab, count, want, not string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	heading, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#results-title")))
	if err != nil {
		tb.fatalf("read the results heading: %v", err)
	}
	table, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#portal-recs")))
	if err != nil {
		tb.fatalf("read the results: %v", err)
	}
	if strings.TrimSpace(heading) != count || !strings.Contains(table, want) || strings.Contains(table, not) {
		tb.fatalf("without JavaScript: %q, table has %s: %v, has %s: %v", heading, want, strings.Contains(table, want), not, strings.Contains(table, not))
	}
}

// A visitor reads a published consultation report in Arabic (right to left): from the
// portal's navigation to the list, then the report with its answers and the hidden
// comment's reason only. axe-core checks both pages.
func TestBrowserPortalConsultationReports(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	w := newReportWorld(t)
	admin := w.app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Post("/s/xar/publication", url.Values{"version": {"0"}, "published": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal on: %d", r.Status)
	}
	b := startBrowser(t, tools, w.app.URL)

	v := b.newTab("visitor")
	v.open("/p/xar/")
	v.switchLanguage("ar")
	v.expectLanguage("ar")
	v.submit("open the consultation reports", `nav.portal-nav a[href="/p/xar/consultations"]`)
	v.expectH1("تقارير المشاورات") // Portal.Consultations.Title
	if table := v.visible("reports", "#portal-consultations"); !strings.Contains(table, mConsPublished) ||
		strings.Contains(table, mConsUnpublished) || strings.Contains(table, mConsOpen) {
		v.fatalf("the list does not show exactly the published report: %q", table)
	}
	v.checkAccessibility("consultation reports (ar)")
	v.submit("open the report", `main a[href="/p/xar/consultations/`+itoa(w.published)+`"]`)
	main := v.visible("report", "main")
	for _, m := range []string{mConsComment, mConsReply, mConsAnswer, mConsHideReason} {
		if !strings.Contains(main, m) {
			v.fatalf("the report lacks %s", m)
		}
	}
	if strings.Contains(main, mConsHiddenText) || strings.Contains(main, mConsHiddenFile) {
		v.fatalf("the report shows the hidden comment")
	}
	v.checkAccessibility("consultation report (ar)")
}
