package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

var importPath = regexp.MustCompile(`^/s/svn/imports/(\d+)$`)

// waitImport follows an import page until the import is over.
func waitImport(t *testing.T, c *apptest.Client, path string) apptest.Response {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := c.Get(path)
		if !strings.Contains(r.Body, `id="progress"`) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("import at %s did not finish", path)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// importFile uploads, checks the preview's counts, confirms, and waits.
func importFile(t *testing.T, c *apptest.Client, file string, wantNew int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Upload("/s/svn/imports", "file", file[strings.LastIndex(file, "/")+1:], data, nil)
	if r.Status != http.StatusSeeOther || !importPath.MatchString(r.Location) {
		t.Fatalf("upload %s: status %d location %q\n%s", file, r.Status, r.Location, r.Body)
	}
	preview := c.Get(r.Location)
	if !strings.Contains(preview.Body, "<dd>"+itoa(int64(wantNew))+"</dd>") || !strings.Contains(preview.Body, "Import now") {
		t.Fatalf("preview of %s does not announce %d new recommendations", file, wantNew)
	}
	if r := c.Post(r.Location+"/confirm", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.Status)
	}
	done := waitImport(t, c, r.Location)
	if !strings.Contains(done.Body, "Imported") {
		t.Fatalf("import of %s did not end as imported:\n%s", file, done.Body)
	}
}

// The staff journey on real files: import the Slovenia matrices and UPR Info, see the
// counts, import again without duplicates, search, filter, cluster in bulk, assign, and
// download the clustered table.
func TestRecommendationsJourney(t *testing.T) {
	t.Parallel()
	dir := shareddata.Dir(t)
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "SVN", "Slovenia", "en")
	app.User(t, "staff@svn.example", false, st.ID, account.RoleNMRFStaff)
	app.User(t, "cso@svn.example", false, st.ID, account.RoleCivilSociety)
	c := app.Client(t)
	c.Login("staff@svn.example")

	importFile(t, c, dir+"/ohchr-matrices/slovenia-upr34-cycle3.docx", 215)
	importFile(t, c, dir+"/ohchr-matrices/slovenia-upr48-cycle4.docx", 254)
	importFile(t, c, dir+"/upr-info/6-9.csv", 106)

	if n := listCount(t, c.Get("/s/svn/recommendations").Body); n != 575 {
		t.Fatalf("the list counts %d, want 215 + 254 + 106 = 575", n)
	}
	// Importing a file again adds nothing.
	data, _ := os.ReadFile(dir + "/ohchr-matrices/slovenia-upr34-cycle3.docx")
	again := c.Upload("/s/svn/imports", "file", "slovenia-upr34-cycle3.docx", data, nil)
	preview := c.Get(again.Location)
	if !strings.Contains(preview.Body, "<dt>New</dt><dd>0</dd>") || !strings.Contains(preview.Body, "<dt>Unchanged</dt><dd>215</dd>") {
		t.Errorf("a second import of the same matrix would not leave all 215 unchanged")
	}
	c.Post(again.Location+"/cancel", nil)

	// Filters and search.
	if n := listCount(t, c.Get("/s/svn/recommendations?position=noted&cycle=4").Body); n != 37 {
		t.Errorf("cycle 4, noted: %d, want 37", n)
	}
	roma := listCount(t, c.Get("/s/svn/recommendations?q="+url.QueryEscape(`"Roma"`)).Body)
	if roma == 0 || roma > 100 {
		t.Errorf("searching for Roma finds %d", roma)
	}
	ratify := listCount(t, c.Get("/s/svn/recommendations?q=ratify").Body)
	ratifying := listCount(t, c.Get("/s/svn/recommendations?q=ratifying").Body)
	if ratify == 0 || ratifying != ratify {
		t.Errorf("'ratify' finds %d and 'ratifying' %d: stemming should make them equal", ratify, ratifying)
	}
	phrase := listCount(t, c.Get("/s/svn/recommendations?q="+url.QueryEscape(`"optional protocol"`)).Body)
	words := listCount(t, c.Get("/s/svn/recommendations?q="+url.QueryEscape(`optional protocol`)).Body)
	if phrase == 0 || phrase > words {
		t.Errorf("the phrase finds %d, the words %d", phrase, words)
	}

	// A cluster and an entity, then everything about Roma into the cluster at once.
	if r := c.Post("/s/svn/clusters", url.Values{"name": {"Rights of the Roma"}, "version": {"0"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("create cluster: %d", r.Status)
	}
	if r := c.Post("/s/svn/entities", url.Values{"name": {"Office for National Minorities"}, "kind": {"specialised_body"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("create entity: %d", r.Status)
	}
	var clusterID, entityID string
	inState(t, app, st.ID, `SELECT (SELECT id::text FROM clusters), (SELECT id::text FROM entities)`, &clusterID, &entityID)
	filter := url.Values{"q": {"Roma"}}.Encode()
	r := c.Post("/s/svn/recommendations/bulk", url.Values{"filter": {filter}, "all": {"1"}, "action": {"add_to_cluster"}, "cluster": {clusterID}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("bulk add to cluster: %d", r.Status)
	}
	var inCluster int
	inState(t, app, st.ID, `SELECT count(*) FROM cluster_recommendations`, &inCluster)
	if inCluster == 0 {
		t.Fatal("no recommendation was added to the cluster")
	}
	r = c.Post("/s/svn/clusters/"+clusterID, url.Values{"name": {"Rights of the Roma"}, "lead": {entityID}, "version": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("set the cluster's lead: %d", r.Status)
	}
	// Stale edit: the version moved on, so the second save is refused, showing the current one.
	if r := c.Post("/s/svn/clusters/"+clusterID, url.Values{"name": {"Roma"}, "version": {"1"}}); r.Status != http.StatusConflict {
		t.Errorf("a save based on an old version: status %d, want 409", r.Status)
	}
	if n := listCount(t, c.Get("/s/svn/recommendations?entity="+entityID).Body); n != inCluster {
		t.Errorf("the cluster's lead entity applies to %d recommendations, want its %d", n, inCluster)
	}
	if n := listCount(t, c.Get("/s/svn/recommendations?nolead=1").Body); n != 575-inCluster {
		t.Errorf("'no lead entity' leaves %d, want %d", n, 575-inCluster)
	}

	// Download the clustered table: grouped by cluster, the cluster's rows first.
	dl := c.Get("/s/svn/recommendations/export?format=csv&col=cluster&col=paragraph&col=text&col=lead")
	if dl.Status != http.StatusOK || !strings.HasPrefix(dl.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: status %d type %q", dl.Status, dl.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(dl.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 576 || strings.Join(rows[0], "|") != "Cluster|Paragraph|Recommendation|Lead entity" {
		t.Fatalf("export: %d rows, header %v", len(rows), rows[0])
	}
	if rows[1][0] != "Rights of the Roma" || rows[1][3] != "Office for National Minorities" || rows[len(rows)-1][0] != "Not clustered" {
		t.Errorf("export is not grouped by cluster with the lead entity: first %v, last %v", rows[1], rows[len(rows)-1])
	}
	if x := c.Get("/s/svn/recommendations/export?format=xlsx"); x.Status != http.StatusOK || !strings.HasPrefix(x.Body, "PK") {
		t.Errorf("xlsx export: status %d", x.Status)
	}

	// In French, the same table speaks French.
	c.Post("/language", url.Values{"lang": {"fr"}})
	fr := c.Get("/s/svn/recommendations/export?format=csv&col=position")
	if strings.Contains(fr.Body, "Supported") {
		t.Errorf("the French export still says 'Supported'")
	}

	// Civil society does not reach the staff database.
	cso := app.Client(t)
	cso.Login("cso@svn.example")
	if r := cso.Get("/s/svn/recommendations"); r.Status != http.StatusForbidden {
		t.Errorf("civil society on the staff list: %d, want 403", r.Status)
	}
}

// inState runs a query as the app role inside one State.
func inState(t *testing.T, app *apptest.App, tenantID int64, sql string, dst ...any) {
	t.Helper()
	ctx := context.Background()
	tx, err := app.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, itoa(tenantID)); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow(ctx, sql).Scan(dst...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

var countPattern = regexp.MustCompile(`id="results-title"[^>]*>(\d+) recommendations?<`)

// listCount reads the number of matching recommendations from the list page.
func listCount(t *testing.T, body string) int {
	t.Helper()
	m := countPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no count on the list page")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// Flagging for follow-up and clustering one recommendation from its page both show in its
// history, in the person's words.
func TestRecommendationHistoryAndFollowUp(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	c := app.Client(t)
	c.Login("staff@arcadia.example")
	csv := "Symbol;Para;Recommendation\nCAT/C/XAR/CO/4;14;Ratify the Optional Protocol to the Convention against Torture.\n"
	up := c.Upload("/s/xar/imports", "file", "cat.csv", []byte(csv), url.Values{"format": {"generic_csv"}})
	c.Post(up.Location+"/mapping", url.Values{"map_text": {"Recommendation"}, "map_document_symbol": {"Symbol"}, "map_paragraph": {"Para"}})
	c.Post(up.Location+"/confirm", nil)
	waitFor(t, c, up.Location, "Imported")
	var id string
	inState(t, app, st.ID, `SELECT id::text FROM recommendations`, &id)
	c.Post("/s/xar/clusters", url.Values{"name": {"Torture prevention"}})
	var clusterID string
	inState(t, app, st.ID, `SELECT id::text FROM clusters`, &clusterID)

	page := "/s/xar/recommendations/" + id
	if r := c.Post("/s/xar/recommendations/bulk", url.Values{"id": {id}, "action": {"set_follow_up"}, "due": {"not a date"}, "return": {page}}); r.Status != http.StatusSeeOther {
		t.Fatalf("bad due date: %d", r.Status)
	}
	if n := listCount(t, c.Get("/s/xar/recommendations?followup=1").Body); n != 0 {
		t.Errorf("a bad date still flagged the recommendation")
	}
	for _, form := range []url.Values{
		{"id": {id}, "action": {"set_follow_up"}, "due": {"2027-06-30"}, "return": {page}},
		{"id": {id}, "action": {"add_to_cluster"}, "cluster": {clusterID}, "return": {page}},
	} {
		if r := c.Post("/s/xar/recommendations/bulk", form); r.Status != http.StatusSeeOther || r.Location != page {
			t.Fatalf("%s: status %d location %q", form.Get("action"), r.Status, r.Location)
		}
	}
	if n := listCount(t, c.Get("/s/xar/recommendations?followup=1").Body); n != 1 {
		t.Errorf("flagged for follow-up: %d, want 1", n)
	}
	body := c.Get(page).Body
	if !strings.Contains(body, "Flagged for follow-up by 2027-06-30") || !strings.Contains(body, `>Torture prevention</a>`) {
		t.Error("the recommendation's page does not show its follow-up date and its cluster")
	}
	_, history, _ := strings.Cut(body, `id="history-title"`)
	for _, want := range []string{"Changed", "(Follow-up)", "(Cluster)", "Added"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q:\n%s", want, history)
		}
	}
	if strings.Contains(body, "follow_up_due") || strings.Contains(body, "gender_marker") {
		t.Error("the history shows database column names")
	}
}

// A recommendation translated into French is listed in French for French readers; a
// translation saved on an old version is refused.
func TestRecommendationTranslation(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	c := app.Client(t)
	c.Login("staff@arcadia.example")
	csv := "Symbol;Para;Recommendation\nCRC/C/XAR/CO/5-6;20;Raise the minimum age of criminal responsibility.\n"
	up := c.Upload("/s/xar/imports", "file", "crc.csv", []byte(csv), url.Values{"format": {"generic_csv"}})
	c.Post(up.Location+"/mapping", url.Values{"map_text": {"Recommendation"}, "map_document_symbol": {"Symbol"}, "map_paragraph": {"Para"}})
	c.Post(up.Location+"/confirm", nil)
	waitFor(t, c, up.Location, "Imported")
	var id string
	inState(t, app, st.ID, `SELECT id::text FROM recommendations`, &id)
	path := "/s/xar/recommendations/" + id + "/translation"
	fr := "Relever l’âge minimum de la responsabilité pénale."
	if r := c.Post(path, url.Values{"lang": {"fr"}, "text": {fr}, "version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("translate: %d", r.Status)
	}
	if !strings.Contains(c.Get("/s/xar/recommendations/"+id).Body, fr) {
		t.Error("the recommendation's page does not show the French text")
	}
	// The same form again, still saying version 1: refused, nothing overwritten.
	c.Post(path, url.Values{"lang": {"fr"}, "text": {"écrasé"}, "version": {"1"}})
	var stored string
	inState(t, app, st.ID, `SELECT translations ->> 'fr' FROM recommendations`, &stored)
	if stored != fr {
		t.Errorf("a stale save overwrote the translation: %q", stored)
	}
	c.Post("/language", url.Values{"lang": {"fr"}})
	if !strings.Contains(c.Get("/s/xar/recommendations").Body, fr) {
		t.Error("the French list does not show the French text")
	}
	c.Post("/language", url.Values{"lang": {"es"}})
	if !strings.Contains(c.Get("/s/xar/recommendations").Body, "Raise the minimum age") {
		t.Error("without a Spanish translation the Spanish list should show the original")
	}
}
