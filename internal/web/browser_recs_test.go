package web_test

// The recommendations journey in a real browser: a new NMRF staff member imports the
// State's recommendations, searches and filters them, clusters them in bulk, assigns a
// lead entity, accepts a suggested cluster, downloads the table, and reads the list in
// French and Arabic. axe-core checks every page and every in-place update on the way.
// Same skip rules as browser_test.go; it also needs the shared data folder.

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

// The English strings this journey looks for, as in locales/active.en.toml.
const (
	enImportDone     = "Imported"                                 // ImportStatus.done
	enImportPreview  = "Preview, not imported"                    // ImportStatus.previewed
	enImportNow      = "Import now"                               // Import.ConfirmSubmit
	enClusterCreated = "The cluster has been added."              // Clusters.Created
	enClusterSaved   = "The cluster has been saved."              // Clusters.Saved
	enEntityCreated  = "The entity has been added."               // Entities.Created
	enSuggestLink    = "have no cluster yet: see the suggestions" // Clusters.SuggestLink (other)
	enAllMatching    = "Apply to all"                             // Bulk.AllMatching (other)
	enExportChoose   = "Choose the columns to download"           // Recs.ExportChoose
	enNotClustered   = "Not clustered"                            // Rec.NoCluster
)

const (
	recsStaffEmail = "staff@svn.example"
	recsCluster    = "Rights of the Roma"
	recsEntity     = "Office for National Minorities"
	recsCycle3New  = 215 // slovenia-upr34-cycle3.docx
	recsUPRInfoNew = 106 // upr-info/6-9.csv
	recsTotal      = recsCycle3New + recsUPRInfoNew
)

func TestBrowserRecommendationsJourney(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	data, err := filepath.Abs(shareddata.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "SVN", "Slovenia", "en")
	app.User(t, recsStaffEmail, false, st.ID, account.RoleNMRFStaff)
	b := startBrowser(t, tools, app.URL)
	staff := b.newTab("NMRF staff")

	// Sign in.
	staff.open("/login")
	staff.expectLanguage("en")
	staff.checkAccessibility("sign-in page")
	staff.signIn(recsStaffEmail, apptest.Password)
	staff.expectPath("/s/svn/")
	staff.expectH1("Slovenia")
	staff.checkAccessibility("State home")

	// Import the cycle 3 matrix, then UPR Info's table.
	recsImport(staff, filepath.Join(data, "ohchr-matrices", "slovenia-upr34-cycle3.docx"), recsCycle3New)
	recsImport(staff, filepath.Join(data, "upr-info", "6-9.csv"), recsUPRInfoNew)

	// The list counts both.
	staff.submit("open Recommendations", `header nav a[href="/s/svn/recommendations"]`)
	staff.expectPath("/s/svn/recommendations")
	staff.expectH1("Recommendations")
	if n := recsCount(staff); n != recsTotal {
		staff.fatalf("the list counts %d recommendations, want %d + %d = %d", n, recsCycle3New, recsUPRInfoNew, recsTotal)
	}
	if h := staff.visible("results heading", "#results-title"); h != fmt.Sprintf("%d recommendations", recsTotal) {
		staff.fatalf("results heading reads %q, want %q", h, fmt.Sprintf("%d recommendations", recsTotal))
	}
	staff.checkAccessibility("recommendations list")

	// Search: the list updates in place and the address bar keeps the search.
	roma := recsSearch(staff, "Roma", recsTotal)
	if roma <= 0 || roma >= recsTotal {
		staff.fatalf("searching for Roma finds %d of %d", roma, recsTotal)
	}
	staff.checkAccessibility("recommendations list, searched for Roma")
	bookmark := evaluate[string](staff, "read the location", `location.href`)
	staff.open(bookmark)
	if n := recsCount(staff); n != roma {
		staff.fatalf("the bookmarked search %s counts %d, want %d as before", bookmark, n, roma)
	}
	if q := evaluate[string](staff, "read the search box", `document.querySelector("#q").value`); q != "Roma" {
		staff.fatalf("the bookmarked search shows %q in the search box, want Roma", q)
	}

	// Filter by position: htmx updates on change.
	recsPick(staff, "#f-position", "Noted")
	noted := recsWaitCount(staff, "the list filtered by Noted", roma, "position=noted")
	if noted >= roma {
		staff.fatalf("Roma and Noted counts %d, want fewer than the %d about Roma", noted, roma)
	}
	staff.checkAccessibility("recommendations list, Roma and Noted")
	t.Logf("%d recommendations; %d about Roma; %d of them noted", recsTotal, roma, noted)

	// Clear every filter.
	staff.submit("clear all filters", `form.filters .form-actions a[href="/s/svn/recommendations"]`)
	staff.expectPath("/s/svn/recommendations")
	if n := recsCount(staff); n != recsTotal {
		staff.fatalf("after clearing the filters the list counts %d, want %d", n, recsTotal)
	}
	if q := evaluate[string](staff, "read the location", `location.search`); q != "" {
		staff.fatalf("after clearing the filters the address still has %q", q)
	}
	staff.checkAccessibility("recommendations list, filters cleared")

	// A cluster.
	staff.submit("open Clusters", `header nav a[href="/s/svn/clusters"]`)
	staff.expectPath("/s/svn/clusters")
	staff.expectH1("Clusters")
	staff.checkAccessibility("clusters page, none yet")
	staff.typeInto("#field-name", recsCluster)
	staff.submit("add the cluster", `main form[action="/s/svn/clusters"] button[type="submit"]`)
	clusterPath := staff.path()
	if !regexp.MustCompile(`^/s/svn/clusters/\d+$`).MatchString(clusterPath) {
		staff.fatalf("adding the cluster leads to %s, want its page", clusterPath)
	}
	staff.expectH1(recsCluster)
	recsFlash(staff, "cluster added", enClusterCreated)
	staff.checkAccessibility("new cluster's page")

	// An entity.
	staff.submit("open Entities", `header nav a[href="/s/svn/entities"]`)
	staff.expectPath("/s/svn/entities")
	staff.expectH1("Entities")
	staff.checkAccessibility("entities page, none yet")
	staff.typeInto("#field-name", recsEntity)
	recsPick(staff, "#field-kind", "Specialised body")
	staff.submit("add the entity", `main form[action="/s/svn/entities"] button[type="submit"]`)
	staff.expectPath("/s/svn/entities")
	recsFlash(staff, "entity added", enEntityCreated)
	if row := recsRowWith(staff, recsEntity); !strings.Contains(row, "Specialised body") {
		staff.fatalf("the entities table shows %q for the new entity, want its kind Specialised body", row)
	}
	staff.checkAccessibility("entities page with the new entity")

	// Everything about Roma into the cluster at once.
	staff.submit("open Recommendations", `header nav a[href="/s/svn/recommendations"]`)
	if again := recsSearch(staff, "Roma", recsTotal); again != roma {
		staff.fatalf("the second search for Roma finds %d, the first found %d", again, roma)
	}
	all := staff.visible("the box to apply to all that match", `#results fieldset.bulk label.check`)
	if !strings.Contains(all, enAllMatching) || !strings.Contains(all, strconv.Itoa(roma)) {
		staff.fatalf("the box to apply to all reads %q, want it to offer all %d", all, roma)
	}
	staff.do("tick apply to all that match", chromedp.Click(chromedp.CSS(`#results fieldset.bulk input[name="all"]`), chromedp.NodeVisible))
	recsPick(staff, "#bulk-action", "Add to a cluster")
	recsPick(staff, "#bulk-cluster", recsCluster)
	staff.checkAccessibility("recommendations list, bulk change ready")
	staff.submit("apply the bulk change", `#results fieldset.bulk button[type="submit"]`)
	staff.expectPath("/s/svn/recommendations")
	recsFlash(staff, "bulk change done", fmt.Sprintf("Done for %d recommendations.", roma))
	if n := recsCount(staff); n != roma {
		staff.fatalf("after the bulk change the list counts %d, want the %d about Roma", n, roma)
	}
	if rows, clustered := recsRowsIn(staff, recsCluster); rows == 0 || clustered != rows {
		staff.fatalf("%d of the %d rows shown are in the cluster %q, want all", clustered, rows, recsCluster)
	}
	staff.checkAccessibility("recommendations list after the bulk change")

	// The cluster's lead entity.
	staff.submit("open Clusters", `header nav a[href="/s/svn/clusters"]`)
	staff.submit("open the cluster", `main table a[href="`+clusterPath+`"]`)
	staff.expectPath(clusterPath)
	if n := recsNumber(staff.visible("cluster's count", `main h1 + p a`)); n != roma {
		staff.fatalf("the cluster's page counts %d recommendations, want %d", n, roma)
	}
	recsPick(staff, "#field-lead", recsEntity)
	staff.submit("save the cluster's lead", `main form[action="`+clusterPath+`"] button[type="submit"]`)
	staff.expectPath(clusterPath)
	recsFlash(staff, "cluster saved", enClusterSaved)
	if lead := evaluate[string](staff, "read the lead", `(() => { const s = document.querySelector("#field-lead"); return s.options[s.selectedIndex].text.trim(); })()`); lead != recsEntity {
		staff.fatalf("after saving, the cluster's lead reads %q, want %q", lead, recsEntity)
	}
	staff.checkAccessibility("cluster's page with its lead")

	// Suggestions, from the clusters page.
	staff.submit("open Clusters", `main a[href="/s/svn/clusters"]`)
	staff.expectPath("/s/svn/clusters")
	if row := recsRowWith(staff, recsCluster); !strings.Contains(row, recsEntity) || !strings.Contains(row, strconv.Itoa(roma)) {
		staff.fatalf("the clusters table shows %q, want the lead %s and %d recommendations", row, recsEntity, roma)
	}
	link := staff.visible("link to the suggestions", `main a[href="/s/svn/clusters/suggestions"]`)
	if !strings.Contains(link, enSuggestLink) || recsNumber(link) != recsTotal-roma {
		staff.fatalf("the link to the suggestions reads %q, want %d that %s", link, recsTotal-roma, enSuggestLink)
	}
	staff.checkAccessibility("clusters page with the cluster")
	staff.submit("open the suggestions", `main a[href="/s/svn/clusters/suggestions"]`)
	staff.expectPath("/s/svn/clusters/suggestions")
	staff.checkAccessibility("suggestions page")
	accepted := 0
	if staff.element(`main table tbody tr form button[type="submit"]`).Found {
		row := staff.visible("first suggestion", `main table tbody tr`)
		if !strings.Contains(row, recsCluster) {
			staff.fatalf("the first suggestion reads %q, want the cluster %s", row, recsCluster)
		}
		staff.submit("accept the first suggestion", `main table tbody tr form button[type="submit"]`)
		staff.expectPath("/s/svn/clusters/suggestions")
		recsFlash(staff, "suggestion accepted", "Done for 1 recommendation.")
		staff.checkAccessibility("suggestions page after accepting one")
		accepted = 1
		t.Logf("accepted the first suggestion: %.160s", row)
	} else {
		// The cluster has members, so there is something to learn from.
		t.Errorf("NMRF staff: the suggestions page offers no suggestion although %q has %d recommendations and %d have none\n  main: %q",
			recsCluster, roma, recsTotal-roma, staff.visible("suggestions page", "main"))
	}

	// Download the whole list, with the columns chosen, as CSV.
	staff.submit("open Recommendations", `header nav a[href="/s/svn/recommendations"]`)
	if n := recsCount(staff); n != recsTotal {
		staff.fatalf("the list counts %d, want %d", n, recsTotal)
	}
	if text := staff.visible("link to choose the columns", `#results a[href*="choose=1"]`); text != enExportChoose {
		staff.fatalf("the link to choose the columns reads %q, want %q", text, enExportChoose)
	}
	staff.submit("choose the columns to download", `#results a[href*="choose=1"]`)
	staff.expectPath("/s/svn/recommendations/export")
	staff.checkAccessibility("download page")
	staff.do("choose CSV", chromedp.Click(chromedp.CSS(`main input[name="format"][value="csv"]`), chromedp.NodeVisible))
	table := recsDownloadCSV(staff, `main form button[type="submit"]`)
	if len(table) != recsTotal+1 {
		t.Errorf("the CSV has %d rows, want a header and %d recommendations (each in at most one cluster)", len(table), recsTotal)
	}
	col := map[string]int{}
	for i, h := range table[0] {
		col[h] = i
	}
	ci, okC := col["Cluster"]
	li, okL := col["Lead entity"]
	if !okC || !okL || len(table) < 2 {
		t.Fatalf("the CSV has no Cluster or Lead entity column, or no data: header %q, %d rows", table[0], len(table))
	}
	if got := table[1][ci]; got != recsCluster {
		t.Errorf("the CSV's first data row is in cluster %q, want %q (grouped by cluster)", got, recsCluster)
	}
	if got := table[1][li]; got != recsEntity {
		t.Errorf("the CSV's first data row has lead entity %q, want the cluster's lead %q", got, recsEntity)
	}
	inCluster := 0
	for _, row := range table[1:] {
		if row[ci] == recsCluster {
			inCluster++
		}
	}
	if want := roma + accepted; inCluster != want {
		t.Errorf("the CSV has %d rows in %q, want %d (%d about Roma + %d accepted suggestion)", inCluster, recsCluster, want, roma, accepted)
	}
	if last := table[len(table)-1][ci]; last != enNotClustered {
		t.Errorf("the CSV's last row is in cluster %q, want %q", last, enNotClustered)
	}

	// The same list in French, then in Arabic: language, direction and numbers.
	staff.submit("back to Recommendations", `main a[href="/s/svn/recommendations"]`)
	staff.expectPath("/s/svn/recommendations")
	for _, lang := range []string{"fr", "ar"} {
		staff.switchLanguage(lang)
		staff.expectPath("/s/svn/recommendations")
		staff.expectLanguage(lang)
		staff.visible("page heading ("+lang+")", "h1")
		if n := recsCount(staff); n != recsTotal {
			staff.fatalf("in %s the results heading reads %q, want it to count %d", lang, staff.visible("results heading", "#results-title"), recsTotal)
		}
		staff.checkAccessibility("recommendations list (" + lang + ")")
	}
}

// recsImport opens Imports from the navigation, uploads a file, checks the preview
// announces wantNew new recommendations, imports it and waits until it is imported.
func recsImport(tb *tab, file string, wantNew int) {
	tb.t.Helper()
	name := filepath.Base(file)
	tb.submit("open Imports", `header nav a[href="/s/svn/imports"]`)
	tb.expectPath("/s/svn/imports")
	tb.expectH1("Imports")
	tb.checkAccessibility("imports page")
	tb.do("choose "+name, chromedp.SetUploadFiles(chromedp.CSS("#field-file"), []string{file}, chromedp.NodeVisible))
	tb.submit("upload "+name, `main form[action="/s/svn/imports"] button[type="submit"]`)
	importPath := tb.path()
	if !regexp.MustCompile(`^/s/svn/imports/\d+$`).MatchString(importPath) {
		tb.fatalf("uploading %s leads to %s, want the import's page", name, importPath)
	}
	tb.expectH1(name)
	if status := tb.visible("import status", "main h1 + p strong"); status != enImportPreview {
		tb.fatalf("the import of %s is %q, want %q", name, status, enImportPreview)
	}
	if n := recsCountsEntry(tb, "New"); n != wantNew {
		tb.fatalf("the preview of %s announces %d new recommendations, want %d", name, n, wantNew)
	}
	tb.checkAccessibility("preview of " + name)
	confirm := `main form[action="` + importPath + `/confirm"] button[type="submit"]`
	if text := tb.visible("confirm button", confirm); text != enImportNow {
		tb.fatalf("the confirm button reads %q, want %q", text, enImportNow)
	}
	tb.submit("import "+name, confirm)
	// htmx polls the progress and reloads the page when the import is over.
	recsWaitUntil(tb, "the import of "+name+" to finish", 60*time.Second, `document.readyState === "complete" && !document.querySelector("#progress") &&
		(document.querySelector("main h1 + p strong") || {}).innerText === `+jsString(enImportDone))
	tb.expectPath(importPath)
	if n := recsCountsEntry(tb, "New"); n != wantNew {
		tb.fatalf("the import of %s added %d new recommendations, want %d", name, n, wantNew)
	}
	tb.checkAccessibility("finished import of " + name)
}

// recsCountsEntry reads a number from the import page's counts (a dt and its dd).
func recsCountsEntry(tb *tab, term string) int {
	tb.t.Helper()
	raw := evaluate[string](tb, "read "+term+" in the counts", `(() => {
		for (const dt of document.querySelectorAll("main dl.counts dt")) {
			if (dt.innerText.trim() === `+jsString(term)+` && dt.nextElementSibling) return dt.nextElementSibling.innerText.trim();
		}
		return "";
	})()`)
	n, err := strconv.Atoi(raw)
	if err != nil {
		tb.fatalf("the counts have no number for %q (%q)", term, raw)
	}
	return n
}

// recsSearch types words in the search box and submits: htmx replaces the results in
// place and puts the search in the address. It returns the new count.
func recsSearch(tb *tab, words string, before int) int {
	tb.t.Helper()
	tb.typeInto("#q", words)
	tb.do("submit the search", chromedp.Click(chromedp.CSS(`form.filters .form-actions button[type="submit"]`), chromedp.NodeVisible))
	return recsWaitCount(tb, "the list searched for "+words, before, "q="+words)
}

// recsWaitCount waits until an in-place update has changed the results heading from
// before and the address holds param, and returns the new count.
func recsWaitCount(tb *tab, what string, before int, param string) int {
	tb.t.Helper()
	recsWaitUntil(tb, what, 20*time.Second, `(() => {
		if (document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")) return false;
		if (!new URLSearchParams(location.search).toString().split("&").includes(`+jsString(param)+`)) return false;
		const h = document.querySelector("#results-title");
		return !!h && !h.innerText.includes(`+jsString(strconv.Itoa(before))+`);
	})()`)
	if evaluate[string](tb, "read the location", `location.pathname`) != "/s/svn/recommendations" {
		tb.fatalf("%s: the page left the list", what)
	}
	return recsCount(tb)
}

// recsWaitUntil evaluates a JavaScript condition until it holds, through reloads.
func recsWaitUntil(tb *tab, what string, timeout time.Duration, cond string) {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		if err != nil {
			last = err // e.g. the page is reloading
		}
		if time.Now().After(deadline) {
			tb.fatalf("waited %s for %s (last error: %v)", timeout, what, last)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// recsPick chooses the option of a select whose text is label (or label followed by a
// count in brackets), as a person does: the select's input and change events fire.
func recsPick(tb *tab, selector, label string) {
	tb.t.Helper()
	tb.do("wait for "+selector, chromedp.WaitVisible(chromedp.CSS(selector)))
	got := evaluate[string](tb, "choose "+label+" in "+selector, `(() => {
		const s = document.querySelector(`+jsString(selector)+`);
		const want = `+jsString(label)+`;
		const o = [...s.options].find(o => { const t = o.text.trim(); return t === want || t.startsWith(want + " ("); });
		if (!o) return "no option: " + [...s.options].map(o => o.text.trim()).join(" | ");
		s.focus();
		s.value = o.value;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return "";
	})()`)
	if got != "" {
		tb.fatalf("%s has no option %q (%s)", selector, label, got)
	}
}

// recsFlash checks the one-time confirmation at the top of the page.
func recsFlash(tb *tab, what, want string) {
	tb.t.Helper()
	if got := tb.visible(what, `main .alert-success[role="status"]`); got != want {
		tb.fatalf("%s: the confirmation reads %q, want %q", what, got, want)
	}
}

// recsRowWith returns the text of the first table row of the page that mentions name.
func recsRowWith(tb *tab, name string) string {
	tb.t.Helper()
	row := evaluate[string](tb, "find the row of "+name, `(() => {
		for (const tr of document.querySelectorAll("main table tbody tr")) {
			if (tr.innerText.includes(`+jsString(name)+`)) return tr.innerText.replace(/\s+/g, " ").trim();
		}
		return "";
	})()`)
	if row == "" {
		tb.fatalf("no table row mentions %q", name)
	}
	return row
}

// recsRowsIn counts the rows of the list shown and those whose Clusters cell names cluster.
func recsRowsIn(tb *tab, cluster string) (rows, in int) {
	tb.t.Helper()
	type counts struct {
		Rows int `json:"rows"`
		In   int `json:"in"`
	}
	c := evaluate[counts](tb, "read the Clusters column", `(() => {
		const heads = [...document.querySelectorAll("#results table thead th")].map(th => th.innerText.trim());
		const col = heads.indexOf("Clusters");
		const trs = [...document.querySelectorAll("#results table tbody tr")];
		if (col < 0) return {rows: trs.length, in: -1};
		return {rows: trs.length, in: trs.filter(tr => tr.cells[col].innerText.split(", ").map(s => s.trim()).includes(`+jsString(cluster)+`)).length};
	})()`)
	return c.Rows, c.In
}

// recsCount reads the number in the results heading, in any language; -1 when none.
func recsCount(tb *tab) int {
	tb.t.Helper()
	return recsNumber(tb.visible("results heading", "#results-title"))
}

var recsDigits = regexp.MustCompile(`\d+`)

// recsNumber returns the first number in s, reading Arabic-Indic digits too; -1 when none.
func recsNumber(s string) int {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
	m := recsDigits.FindString(s)
	if m == "" {
		return -1
	}
	n, _ := strconv.Atoi(m)
	return n
}

// recsDownloadCSV clicks a button that downloads a CSV file, waits for the file and
// parses it (without its byte order mark).
func recsDownloadCSV(tb *tab, selector string) [][]string {
	tb.t.Helper()
	dir := tb.t.TempDir()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	// Headless Chromium saves downloads only where it is told to, in this window's
	// browser context.
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:         cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(tb.ctx).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    new(true),
	}); err != nil {
		tb.fatalf("allow downloads: %v", err)
	}
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress) // subscribed before the click
	tb.do("click "+selector, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
	var path string
	for ev, err := range progress {
		if err != nil {
			tb.fatalf("wait for the download: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			tb.fatalf("the download was cancelled")
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			path = filepath.Join(dir, ev.GUID)
			break
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.fatalf("read the downloaded file: %v", err)
	}
	table, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil || len(table) == 0 {
		tb.fatalf("the download is not CSV (%v): %.200q", err, raw)
	}
	return table
}
