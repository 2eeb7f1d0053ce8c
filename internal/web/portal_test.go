package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
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
	"github.com/nmrf-platform/nmrf/internal/web"
)

// portalWorld is a State with one published and one unpublished item of every kind,
// each carrying a marker word found nowhere else, so a page or a file shows it or not.
type portalWorld struct {
	app   *apptest.App
	staff *apptest.Client // signed in as NMRF staff
	admin *apptest.Client // signed in as the NMRF admin
	// ids by name
	recPublic, recNoted, recHidden         int64
	clusterPublic, clusterHidden           int64
	planAdopted, planDraft                 int64
	actionPublic, actionHidden             int64
	indicatorPublic, indicatorHidden       int64
	evidencePublic, evidencePrivate        int64
	evidenceOfDraftPlan, evidenceOfValid   int64
	reportPublic, reportNoEvidence         int64
	reportValidated, reportOnDraftPlan     int64
	reportOnHiddenRec, reportOnHiddenIndic int64
}

// Markers: every published item says PUB…, every other one HIDDEN….
const (
	mRecPublic         = "Pubrecalpha"
	mRecNoted          = "Pubrecbeta"
	mRecHidden         = "Hiddenrecgamma"
	mClusterPublic     = "Pubclusterdelta"
	mClusterHidden     = "Hiddenclusterepsilon"
	mPlanAdopted       = "Pubplanzeta"
	mPlanDraft         = "Hiddenplaneta"
	mActionPublic      = "Pubactiontheta"
	mActionHidden      = "Hiddenactioniota"
	mReportPublic      = "Pubreportkappa"
	mReportNoEvidence  = "Pubreportlambda"
	mReportValidated   = "Hiddenreportmu"
	mReportDraftPlan   = "Hiddenreportnu"
	mReportHiddenRec   = "Hiddenreportxi"
	mReportHiddenIndic = "Hiddenreportomicron"
	mEvidencePublic    = "pubevidence-pi.pdf"
	mEvidencePrivate   = "hiddenevidence-rho.pdf"
	mEvidenceDraftPlan = "hiddenevidence-sigma.pdf"
	mEvidenceValidated = "hiddenevidence-tau.pdf"
	mIndicatorPublic   = "Pubindicatorupsilon"
	mIndicatorHidden   = "Hiddenindicatorphi"
	mMeasurePublic     = "Pubmeasurechi"
	mMeasureHidden     = "Hiddenmeasurepsi"
	mOtherState        = "Otherstateomega"
)

const pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

func newPortalWorld(t *testing.T, opts apptest.Options) *portalWorld {
	t.Helper()
	app := apptest.New(t, opts)
	ctx := context.Background()
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	w := &portalWorld{app: app}
	justice, err := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	plans := plan.NewStore(app.Pool)
	adopted, err := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan " + mPlanAdopted, PeriodStart: day("2023-01-01"), PeriodEnd: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	draft, err := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan " + mPlanDraft, PeriodStart: day("2028-01-01"), PeriodEnd: day("2031-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	w.planAdopted, w.planDraft = adopted.ID, draft.ID
	err = db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		var doc int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body, symbol, cycle) VALUES ($1, 'A/HRC/99/1', 'upr', 'UPR', 'A/HRC/99/1', 4) RETURNING id`,
			st.ID).Scan(&doc); err != nil {
			return err
		}
		for _, r := range []struct {
			id       *int64
			para     string
			text     string
			position string
			themes   []string
		}{
			{&w.recPublic, "99.1", "Ratify the convention on torture " + mRecPublic + ".", "supported", []string{"torture"}},
			{&w.recNoted, "99.2", "Abolish the death penalty " + mRecNoted + ".", "noted", []string{"death penalty"}},
			{&w.recHidden, "99.3", "Reform the prison system " + mRecHidden + ".", "supported", []string{"detention"}},
		} {
			if err := tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, position, themes, content_hash, source_hash)
				VALUES ($1, $2, $3, $4, $5, $6, $3, $3) RETURNING id`, st.ID, doc, r.para, r.text, r.position, r.themes).Scan(r.id); err != nil {
				return err
			}
		}
		var pub, hid cluster.Cluster
		if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: "Cluster " + mClusterPublic, LeadEntityID: justice.ID}, &pub); err != nil {
			return err
		}
		if err := cluster.Create(ctx, tx, st.ID, cluster.Input{Name: "Cluster " + mClusterHidden}, &hid); err != nil {
			return err
		}
		w.clusterPublic, w.clusterHidden = pub.ID, hid.ID
		if _, err := cluster.AddRecommendations(ctx, tx, st.ID, pub.ID, []int64{w.recPublic, w.recHidden}); err != nil {
			return err
		}
		_, err := cluster.AddRecommendations(ctx, tx, st.ID, hid.ID, []int64{w.recHidden})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The public action is in progress; the draft plan's, which also answers the public
	// recommendation, is fully implemented: the public status must not know of it.
	w.actionPublic, err = plans.CreateAction(ctx, st.ID, 0, adopted.ID, plan.ActionInput{Title: "Action " + mActionPublic,
		LeadEntityID: justice.ID, Status: "in_progress"}, []int64{w.recPublic, w.recHidden})
	if err != nil {
		t.Fatal(err)
	}
	w.actionHidden, err = plans.CreateAction(ctx, st.ID, 0, draft.ID, plan.ActionInput{Title: "Action " + mActionHidden,
		LeadEntityID: justice.ID, Status: "fully_implemented"}, []int64{w.recPublic})
	if err != nil {
		t.Fatal(err)
	}
	if err := plans.SetStatus(ctx, st.ID, 0, adopted.ID, plan.Adopted, 1); err != nil {
		t.Fatal(err)
	}
	err = db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		for _, ind := range []struct {
			id      *int64
			title   string
			note    string
			value   float64
			actions []int64
		}{
			{&w.indicatorPublic, "Indicator " + mIndicatorPublic, mMeasurePublic, 12.5, []int64{w.actionPublic, w.actionHidden}},
			{&w.indicatorHidden, "Indicator " + mIndicatorHidden, mMeasureHidden, 77.25, []int64{w.actionPublic}},
		} {
			if err := tx.QueryRow(ctx, `INSERT INTO indicators (tenant_id, title, type, unit) VALUES ($1, $2, 'outcome', '%') RETURNING id`,
				st.ID, ind.title).Scan(ind.id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO measurements (tenant_id, indicator_id, period, value, note) VALUES ($1, $2, '2024-01-01', $3, $4)`,
				st.ID, *ind.id, ind.value, ind.note); err != nil {
				return err
			}
			for _, a := range ind.actions {
				if _, err := tx.Exec(ctx, `INSERT INTO indicator_actions (tenant_id, indicator_id, action_id) VALUES ($1, $2, $3)`, st.ID, *ind.id, a); err != nil {
					return err
				}
			}
		}
		report := func(id *int64, column string, subject int64, status, text string, evidencePublic bool) error {
			return tx.QueryRow(ctx, `INSERT INTO progress_reports (tenant_id, `+column+`, entity_id, period, done_text, status, evidence_public)
				VALUES ($1, $2, $3, '2025', $4, $5, $6) RETURNING id`, st.ID, subject, justice.ID, text, status, evidencePublic).Scan(id)
		}
		evidence := func(id *int64, report int64, name string) error {
			return tx.QueryRow(ctx, `INSERT INTO evidence (tenant_id, report_id, filename, content_type, size, data) VALUES ($1, $2, $3, 'application/pdf', $4, $5) RETURNING id`,
				st.ID, report, name, len(pdf), []byte(pdf)).Scan(id)
		}
		steps := []error{
			report(&w.reportPublic, "action_id", w.actionPublic, "published", "The bill passed "+mReportPublic+".", true),
			report(&w.reportNoEvidence, "action_id", w.actionPublic, "published", "Training held "+mReportNoEvidence+".", false),
			report(&w.reportValidated, "action_id", w.actionPublic, "validated", "Not yet public "+mReportValidated+".", true),
			report(&w.reportOnDraftPlan, "action_id", w.actionHidden, "published", "Draft plan work "+mReportDraftPlan+".", true),
			report(&w.reportOnHiddenRec, "recommendation_id", w.recHidden, "published", "Prison visits "+mReportHiddenRec+".", true),
			report(&w.reportOnHiddenIndic, "indicator_id", w.indicatorHidden, "published", "Survey done "+mReportHiddenIndic+".", true),
		}
		for _, err := range steps {
			if err != nil {
				return err
			}
		}
		for _, err := range []error{
			evidence(&w.evidencePublic, w.reportPublic, mEvidencePublic),
			evidence(&w.evidencePrivate, w.reportNoEvidence, mEvidencePrivate),
			evidence(&w.evidenceOfDraftPlan, w.reportOnDraftPlan, mEvidenceDraftPlan),
			evidence(&w.evidenceOfValid, w.reportValidated, mEvidenceValidated),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Another State publishes a recommendation but keeps its portal off.
	other := app.State(t, "XBO", "Borealis", "en")
	err = db.InTenant(ctx, app.Pool, other.ID, 0, func(tx pgx.Tx) error {
		var doc int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, 'd', 'upr', 'UPR') RETURNING id`, other.ID).Scan(&doc); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO recommendations (tenant_id, document_id, text, content_hash, source_hash, published_at)
			VALUES ($1, $2, $3, 'h', 'h', now())`, other.ID, doc, "Protect journalists "+mOtherState+".")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	w.staff = app.Client(t)
	w.staff.Login("staff@arcadia.example")
	w.admin = app.Client(t)
	w.admin.Login("admin@arcadia.example")
	return w
}

// publish does through the staff's own forms what a State does to publish: the admin
// turns the portal on, staff publish two recommendations in bulk and one indicator.
func (w *portalWorld) publish(t *testing.T) {
	t.Helper()
	if r := w.admin.Post("/s/xar/publication", url.Values{"version": {"0"}, "published": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal on: %d\n%s", r.Status, r.Body)
	}
	r := w.staff.Post("/s/xar/recommendations/bulk", url.Values{"action": {"publish"}, "id": {itoa(w.recPublic), itoa(w.recNoted)}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("bulk publish: %d\n%s", r.Status, r.Body)
	}
	if page := w.staff.Get(r.Location); !strings.Contains(page.Body, "2 recommendations") {
		t.Errorf("bulk publish: the list does not say 2 recommendations were changed")
	}
	if r := w.staff.Post("/s/xar/indicators/"+itoa(w.indicatorPublic)+"/publish", url.Values{"publish": {"1"}, "version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish the indicator: %d", r.Status)
	}
}

// portalPaths are every public page and file a visitor of XAR can reach.
func (w *portalWorld) portalPaths() []string {
	return []string{
		"/p/xar/", "/p/xar/recommendations", "/p/xar/recommendations?q=convention", "/p/xar/recommendations?position=noted",
		"/p/xar/recommendations/" + itoa(w.recPublic), "/p/xar/recommendations/" + itoa(w.recNoted),
		"/p/xar/plan", "/p/xar/actions/" + itoa(w.actionPublic), "/p/xar/indicators", "/p/xar/indicators/" + itoa(w.indicatorPublic),
	}
}

var apiLists = []string{"recommendations", "clusters", "actions", "indicators", "consultations"}

// everythingPublic fetches every page, JSON list and CSV file of XAR's portal and API
// and returns them by path.
func (w *portalWorld) everythingPublic(t *testing.T, c *apptest.Client, gone ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range w.portalPaths() {
		if slices.Contains(gone, p) {
			if r := c.Get(p); r.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, r.Status)
			}
			continue
		}
		r := c.Get(p)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", p, r.Status)
		}
		out[p] = r.Body
	}
	for _, l := range apiLists {
		for _, p := range []string{"/api/v1/states/xar/" + l, "/api/v1/states/xar/" + l + ".csv"} {
			r := c.Get(p)
			if r.Status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", p, r.Status, r.Body)
			}
			out[p] = r.Body
		}
	}
	return out
}

// The test: staff publish some items, and every other item of every kind stays
// invisible on the portal pages and in the API, as JSON and as CSV; with the portal off,
// the whole State is invisible.
func TestPortalShowsOnlyWhatWasPublished(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	visitor := w.app.Client(t)

	// Before anything is published the State's portal does not exist.
	for _, p := range append(w.portalPaths(), "/api/v1/states/xar/recommendations", "/api/v1/states/xar/indicators.csv") {
		if r := visitor.Get(p); r.Status != http.StatusNotFound {
			t.Errorf("before publication, GET %s: %d, want 404", p, r.Status)
		}
	}
	w.publish(t)

	public := w.everythingPublic(t, visitor)
	kinds := []struct {
		kind, marker string
		visible      bool
		where        []string // paths that must show a visible marker ("" all of its kind's)
	}{
		{"published recommendation", mRecPublic, true, []string{"/p/xar/recommendations", "/api/v1/states/xar/recommendations", "/api/v1/states/xar/recommendations.csv"}},
		{"second published recommendation", mRecNoted, true, []string{"/p/xar/recommendations", "/api/v1/states/xar/recommendations.csv"}},
		{"unpublished recommendation", mRecHidden, false, nil},
		{"cluster of a published recommendation", mClusterPublic, true, []string{"/api/v1/states/xar/clusters", "/api/v1/states/xar/clusters.csv"}},
		{"cluster of unpublished recommendations only", mClusterHidden, false, nil},
		{"adopted plan", mPlanAdopted, true, []string{"/p/xar/plan", "/api/v1/states/xar/actions", "/api/v1/states/xar/actions.csv"}},
		{"draft plan", mPlanDraft, false, nil},
		{"action of the adopted plan", mActionPublic, true, []string{"/p/xar/plan", "/p/xar/actions/" + itoa(w.actionPublic), "/api/v1/states/xar/actions.csv"}},
		{"action of the draft plan", mActionHidden, false, nil},
		{"published progress report with public evidence", mReportPublic, true, []string{"/p/xar/actions/" + itoa(w.actionPublic)}},
		{"published progress report with private evidence", mReportNoEvidence, true, []string{"/p/xar/actions/" + itoa(w.actionPublic)}},
		{"validated, unpublished progress report", mReportValidated, false, nil},
		{"published report on a draft plan's action", mReportDraftPlan, false, nil},
		{"published report on an unpublished recommendation", mReportHiddenRec, false, nil},
		{"published report on an unpublished indicator", mReportHiddenIndic, false, nil},
		{"public evidence of a published report", mEvidencePublic, true, []string{"/p/xar/actions/" + itoa(w.actionPublic)}},
		{"private evidence of a published report", mEvidencePrivate, false, nil},
		{"public evidence of a report on a draft plan", mEvidenceDraftPlan, false, nil},
		{"public evidence of an unpublished report", mEvidenceValidated, false, nil},
		{"published indicator", mIndicatorPublic, true, []string{"/p/xar/indicators", "/p/xar/indicators/" + itoa(w.indicatorPublic), "/api/v1/states/xar/indicators", "/api/v1/states/xar/indicators.csv"}},
		{"unpublished indicator", mIndicatorHidden, false, nil},
		{"value of the published indicator", mMeasurePublic, true, []string{"/p/xar/indicators/" + itoa(w.indicatorPublic), "/api/v1/states/xar/indicators", "/api/v1/states/xar/indicators.csv"}},
		{"value of the unpublished indicator", mMeasureHidden, false, nil},
		{"another State's recommendation (portal off)", mOtherState, false, nil},
	}
	for _, k := range kinds {
		if k.visible {
			for _, p := range k.where {
				if !strings.Contains(public[p], k.marker) {
					t.Errorf("%s: %s does not show it", k.kind, p)
				}
			}
			continue
		}
		for p, body := range public {
			if strings.Contains(body, k.marker) {
				t.Errorf("%s: %s shows it", k.kind, p)
			}
		}
	}
	// Numbers leak too: the unpublished value is nowhere.
	for p, body := range public {
		if strings.Contains(body, "77.25") {
			t.Errorf("the unpublished indicator's value shows on %s", p)
		}
	}

	// The public status comes from public actions only: in progress, not the draft
	// plan's "fully implemented".
	var recs struct {
		Data []struct {
			ID        int64   `json:"id"`
			Status    string  `json:"status"`
			ActionIDs []int64 `json:"action_ids"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(public["/api/v1/states/xar/recommendations"]), &recs); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs.Data {
		if r.ID == w.recPublic && (r.Status != "in_progress" || fmt.Sprint(r.ActionIDs) != fmt.Sprint([]int64{w.actionPublic})) {
			t.Errorf("published recommendation: status %q actions %v, want in_progress from action %d only", r.Status, r.ActionIDs, w.actionPublic)
		}
	}
	if strings.Contains(public["/p/xar/recommendations/"+itoa(w.recPublic)], "Fully implemented") {
		t.Error("the recommendation's page takes its status from the draft plan's action")
	}

	// Direct addresses of what is not public are 404, like things that do not exist.
	for _, p := range []string{
		"/p/xar/recommendations/" + itoa(w.recHidden), "/p/xar/actions/" + itoa(w.actionHidden),
		"/p/xar/indicators/" + itoa(w.indicatorHidden), "/p/xar/evidence/" + itoa(w.evidencePrivate),
		"/p/xar/evidence/" + itoa(w.evidenceOfDraftPlan), "/p/xar/evidence/" + itoa(w.evidenceOfValid),
		"/p/xar/recommendations/999999", "/p/xar/recommendations/x", "/p/xbo/", "/p/xbo/recommendations",
		"/api/v1/states/xbo/recommendations", "/api/v1/states/xbo/recommendations.csv", "/p/zzz/", "/api/v1/states/zzz/actions",
	} {
		if r := visitor.Get(p); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, r.Status)
		}
	}
	// The public evidence downloads, as an attachment.
	r := visitor.Get("/p/xar/evidence/" + itoa(w.evidencePublic))
	if r.Status != http.StatusOK || r.Body != pdf || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("public evidence: %d %q %q", r.Status, r.Header.Get("Content-Disposition"), r.Body)
	}

	// Withdrawing a recommendation hides it at once, everywhere.
	rec := w.staff.Get("/s/xar/recommendations/" + itoa(w.recNoted))
	version := versionIn(t, rec.Body, "/s/xar/recommendations/"+itoa(w.recNoted)+"/publish")
	if r := w.staff.Post("/s/xar/recommendations/"+itoa(w.recNoted)+"/publish", url.Values{"publish": {"0"}, "version": {version}}); r.Status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.Status)
	}
	public = w.everythingPublic(t, visitor, "/p/xar/recommendations/"+itoa(w.recNoted))
	for p, body := range public {
		if strings.Contains(body, mRecNoted) {
			t.Errorf("a withdrawn recommendation still shows on %s", p)
		}
	}

	// The portal off: the whole State is invisible again, pages and API alike.
	if r := w.admin.Post("/s/xar/publication", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal off: %d %s", r.Status, r.Body)
	}
	for _, p := range append(w.portalPaths(), "/p/xar/evidence/"+itoa(w.evidencePublic),
		"/api/v1/states/xar/recommendations", "/api/v1/states/xar/recommendations.csv", "/api/v1/states/xar/clusters",
		"/api/v1/states/xar/clusters.csv", "/api/v1/states/xar/actions", "/api/v1/states/xar/actions.csv",
		"/api/v1/states/xar/indicators", "/api/v1/states/xar/indicators.csv") {
		r := visitor.Get(p)
		if r.Status != http.StatusNotFound {
			t.Errorf("portal off, GET %s: %d, want 404", p, r.Status)
		}
		for _, m := range []string{mRecPublic, mPlanAdopted, mActionPublic, mIndicatorPublic, mMeasurePublic} {
			if strings.Contains(r.Body, m) {
				t.Errorf("portal off, GET %s shows %s", p, m)
			}
		}
	}
}

// versionIn finds the version field of the form posting to action.
func versionIn(t *testing.T, body, action string) string {
	t.Helper()
	i := strings.Index(body, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form posting to %s", action)
	}
	rest := body[i:]
	j := strings.Index(rest, `name="version" value="`)
	if j < 0 {
		t.Fatalf("the form posting to %s has no version", action)
	}
	rest = rest[j+len(`name="version" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// The API pages with a cursor until next_cursor is null, and refuses bad parameters
// with a JSON message in the reader's language.
func TestPortalAPIPagesAndRefusesBadParameters(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	w.publish(t)
	// Three more published recommendations: five in all.
	err := db.InTenant(context.Background(), w.app.Pool, mustState(t, w.app, "XAR"), 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `UPDATE recommendations SET published_at = now() WHERE id = $1`, w.recHidden)
		if err != nil {
			return err
		}
		_, err = tx.Exec(context.Background(), `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash, published_at)
			SELECT tenant_id, document_id, '99.' || g, CASE g WHEN 4 THEN '=HYPERLINK("http://example.org")' ELSE 'Extra recommendation' END,
			       'x' || g, 'x' || g, now()
			FROM recommendations, generate_series(4, 5) g WHERE id = $1`, w.recPublic)
		if err != nil {
			return err
		}
		_, err = tx.Exec(context.Background(), `INSERT INTO measurements (tenant_id, indicator_id, period, value)
			SELECT tenant_id, id, '2025-01-01', -2.5 FROM indicators WHERE id = $1`, w.indicatorPublic)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c := w.app.Client(t)
	type page struct {
		Data []struct {
			ID int64 `json:"id"`
		} `json:"data"`
		Limit      int     `json:"limit"`
		NextCursor *string `json:"next_cursor"`
	}
	var seen []int64
	next, pages := "/api/v1/states/xar/recommendations?limit=2", 0
	for next != "" {
		r := c.Get(next)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("GET %s: %d %s", next, r.Status, r.Header.Get("Content-Type"))
		}
		var p page
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Data) > 2 || p.Limit != 2 {
			t.Fatalf("a page of limit 2 holds %d (limit %d)", len(p.Data), p.Limit)
		}
		for _, d := range p.Data {
			if len(seen) > 0 && d.ID <= seen[len(seen)-1] {
				t.Errorf("ids out of order: %d after %v", d.ID, seen)
			}
			seen = append(seen, d.ID)
		}
		pages++
		next = ""
		if p.NextCursor != nil {
			next = "/api/v1/states/xar/recommendations?limit=2&cursor=" + *p.NextCursor
		}
		if pages > 5 {
			t.Fatal("the cursor never ends")
		}
	}
	if len(seen) != 5 || pages != 3 {
		t.Errorf("paging by 2 gave %d recommendations in %d pages, want 5 in 3", len(seen), pages)
	}
	if r := c.Get("/api/v1/states/xar/recommendations?limit=500"); !strings.Contains(r.Body, `"next_cursor":null`) {
		t.Errorf("one page holding everything should have no next cursor: %s", r.Body[:min(200, len(r.Body))])
	}

	for _, tc := range []struct {
		query, lang, want string
	}{
		{"limit=0", "", "The limit must be a whole number from 1 to 500."},
		{"limit=501", "", "The limit must be a whole number from 1 to 500."},
		{"limit=ten", "es", "El límite debe ser un número entero entre 1 y 500."},
		{"cursor=-3", "", "The cursor must be the next_cursor value of the page before."},
		{"cursor=abc", "ar", "يجب أن يكون المؤشر قيمة next_cursor من الصفحة السابقة."},
	} {
		for _, l := range apiLists {
			c := w.app.Client(t)
			if tc.lang != "" {
				c.Header.Set("Accept-Language", tc.lang)
			}
			r := c.Get("/api/v1/states/xar/" + l + "?" + tc.query)
			var e struct {
				Error struct {
					Status  int    `json:"status"`
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Status != http.StatusBadRequest {
				t.Errorf("%s?%s: %d %s", l, tc.query, r.Status, r.Body)
				continue
			}
			if e.Error.Code != "bad_parameter" || e.Error.Message != tc.want || e.Error.Status != 400 {
				t.Errorf("%s?%s: %+v, want message %q", l, tc.query, e.Error, tc.want)
			}
		}
	}
	r := c.Get("/api/v1/states/xar/no-such-list")
	if r.Status != http.StatusNotFound || !strings.Contains(r.Body, `"code":"not_found"`) {
		t.Errorf("an unknown list: %d %s", r.Status, r.Body)
	}
	if r := c.Post("/api/v1/states/xar/recommendations", url.Values{}); r.Status != http.StatusMethodNotAllowed || !strings.Contains(r.Body, `"code":"method_not_allowed"`) {
		t.Errorf("a POST to the read-only API: %d %s", r.Status, r.Body)
	}
	r = c.Get("/api/v1/states/xar/recommendations.csv")
	lines := strings.Split(strings.TrimSpace(r.Body), "\n")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || len(lines) != 6 || !strings.HasPrefix(lines[0], "\ufeffid,mechanism,") {
		t.Errorf("CSV: %s, %d lines, header %q", r.Header.Get("Content-Type"), len(lines), lines[0])
	}
	// A text that starts like a formula does not run as one; a negative value stays a number.
	if !strings.Contains(r.Body, `"'=HYPERLINK(""http://example.org"")"`) {
		t.Errorf("a formula-like text is not neutralised in the CSV:\n%s", r.Body)
	}
	if ind := c.Get("/api/v1/states/xar/indicators.csv"); !strings.Contains(ind.Body, ",-2.5,") {
		t.Errorf("a negative value was altered in the CSV:\n%s", ind.Body)
	}
}

func mustState(t *testing.T, app *apptest.App, code string) int64 {
	t.Helper()
	st, err := app.Tenants.ByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

// The portal's list searches and filters with the staff list's code, held to
// published recommendations: facet counts know nothing of the others.
func TestPortalSearchAndFilters(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	w.publish(t)
	c := w.app.Client(t)
	for _, tc := range []struct {
		query     string
		want, not []string
		count     string
	}{
		{"", []string{mRecPublic, mRecNoted}, []string{mRecHidden}, "2 recommendations"},
		{"q=convention", []string{mRecPublic}, []string{mRecNoted}, "1 recommendation"},
		{"q=prison", nil, []string{mRecHidden, mRecPublic}, "0 recommendations"},
		{"position=noted", []string{mRecNoted}, []string{mRecPublic}, "1 recommendation"},
		{"status=in_progress", []string{mRecPublic}, []string{mRecNoted}, "1 recommendation"},
		{"status=fully_implemented", nil, []string{mRecPublic}, "0 recommendations"},
		{"cluster=" + itoa(w.clusterPublic), []string{mRecPublic}, []string{mRecNoted, mRecHidden}, "1 recommendation"},
		{"theme=detention", nil, []string{mRecHidden}, "0 recommendations"},
		{"unclustered=1", []string{mRecPublic, mRecNoted}, nil, "2 recommendations"}, // a staff-only filter is ignored
	} {
		r := c.Get("/p/xar/recommendations?" + tc.query)
		if r.Status != http.StatusOK {
			t.Errorf("?%s: %d", tc.query, r.Status)
			continue
		}
		if !strings.Contains(r.Body, tc.count) {
			t.Errorf("?%s: does not say %q", tc.query, tc.count)
		}
		for _, m := range tc.want {
			if !strings.Contains(r.Body, m) {
				t.Errorf("?%s: %s missing", tc.query, m)
			}
		}
		for _, m := range tc.not {
			if strings.Contains(r.Body, m) {
				t.Errorf("?%s: %s listed", tc.query, m)
			}
		}
	}
	// The filters offer only what the published list holds: the theme and the cluster
	// of the unpublished recommendation are not choices.
	r := c.Get("/p/xar/recommendations")
	for _, m := range []string{`value="detention"`, mClusterHidden} {
		if strings.Contains(r.Body, m) {
			t.Errorf("the filters offer %s, which only an unpublished recommendation has", m)
		}
	}
	if !strings.Contains(r.Body, `value="torture"`) {
		t.Error("the theme filter lacks a published recommendation's theme")
	}
	// Spanish and Arabic, with the direction.
	for lang, want := range map[string]string{"es": "Recomendaciones publicadas", "ar": "التوصيات المنشورة"} {
		c := w.app.Client(t)
		c.Header.Set("Accept-Language", lang)
		r := c.Get("/p/xar/recommendations")
		if !strings.Contains(r.Body, want) || !strings.Contains(r.Body, `lang="`+lang+`" dir="`+dirOf(lang)+`"`) {
			t.Errorf("%s: the list is not in %s", lang, lang)
		}
	}
}

// Who may publish, the version checks, and the settings' conflict.
func TestPublishingByStaff(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	ctx := context.Background()
	st := mustState(t, w.app, "XAR")
	w.app.User(t, "fp@arcadia.example", false, st, account.RoleFocalPoint)
	fp := w.app.Client(t)
	fp.Login("fp@arcadia.example")
	recPath := "/s/xar/recommendations/" + itoa(w.recPublic)
	if r := fp.Post(recPath+"/publish", url.Values{"publish": {"1"}, "version": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("a focal point publishing: %d, want 403", r.Status)
	}
	if r := w.staff.Get("/s/xar/publication"); r.Status != http.StatusForbidden {
		t.Errorf("staff opening the portal settings: %d, want 403 (the admin's)", r.Status)
	}
	// Staff find what is published with the list's filter.
	w.publish(t)
	for q, want := range map[string]string{"published=yes": "2 recommendations", "published=no": "1 recommendation"} {
		if r := w.staff.Get("/s/xar/recommendations?" + q); !strings.Contains(r.Body, want) {
			t.Errorf("staff list ?%s does not say %q", q, want)
		}
	}
	if r := w.staff.Post("/s/xar/recommendations/bulk", url.Values{"action": {"unpublish"}, "all": {"1"}, "filter": {"published=yes"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("withdraw all published: %d", r.Status)
	}
	if r := w.staff.Get("/s/xar/recommendations?published=yes"); !strings.Contains(r.Body, "0 recommendations") {
		t.Error("withdrawing every published recommendation left some published")
	}
	page := w.staff.Get(recPath)
	if !strings.Contains(page.Body, "Not published: the public does not see it.") {
		t.Error("the recommendation's page does not say it is not published")
	}
	version := versionIn(t, page.Body, recPath+"/publish")
	// Someone changes the recommendation meanwhile: the old form is refused.
	if r := w.staff.Post("/s/xar/recommendations/bulk", url.Values{"action": {"set_follow_up"}, "id": {itoa(w.recPublic)}}); r.Status != http.StatusSeeOther {
		t.Fatal(r.Status)
	}
	r := w.staff.Post(recPath+"/publish", url.Values{"publish": {"1"}, "version": {version}})
	if after := w.staff.Get(r.Location); !strings.Contains(after.Body, "Someone else changed this meanwhile") ||
		!strings.Contains(after.Body, "Not published") {
		t.Error("a stale publish form was not refused with a message")
	}
	version = versionIn(t, w.staff.Get(recPath).Body, recPath+"/publish")
	r = w.staff.Post(recPath+"/publish", url.Values{"publish": {"1"}, "version": {version}})
	if after := w.staff.Get(r.Location); !strings.Contains(after.Body, "Published on the public portal since") {
		t.Error("publishing one recommendation: the page does not say it is published")
	}
	// The history records each step: published in bulk, withdrawn in bulk, published again.
	var n int
	if err := db.InTenant(ctx, w.app.Pool, st, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE table_name = 'recommendations' AND row_id = $1 AND new_values ? 'published_at'`, w.recPublic).Scan(&n)
	}); err != nil || n != 3 {
		t.Errorf("audit entries of the publication: %d (%v), want 3", n, err)
	}

	// Indicators: the toggle on the indicator page.
	indPath := "/s/xar/indicators/" + itoa(w.indicatorHidden)
	r = w.staff.Post(indPath+"/publish", url.Values{"publish": {"1"}, "version": {"7"}})
	if after := w.staff.Get(r.Location); !strings.Contains(after.Body, "Someone else changed this meanwhile") {
		t.Error("an indicator publish with a wrong version was not refused")
	}
	r = w.staff.Post(indPath+"/publish", url.Values{"publish": {"1"}, "version": {versionIn(t, w.staff.Get(indPath).Body, indPath+"/publish")}})
	if after := w.staff.Get(r.Location); !strings.Contains(after.Body, "Published on the public portal.") {
		t.Error("publishing an indicator: the page does not say so")
	}

	// Settings: two admins with the same form (the portal was turned on at version 0
	// above); the second save is a 409 and changes nothing.
	r = w.admin.Post("/s/xar/publication", url.Values{"version": {"0"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Someone else changed this meanwhile") || !strings.Contains(r.Body, "The portal is on.") {
		t.Errorf("a stale settings form: %d", r.Status)
	}
	if r := w.admin.Post("/s/xar/publication", url.Values{"version": {"x"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a settings form without a version: %d, want 400", r.Status)
	}
	if r := w.app.Client(t).Get("/p/xar/"); r.Status != http.StatusOK || !strings.Contains(r.Body, "1 published recommendation") {
		t.Errorf("the portal's home after publishing one recommendation: %d", r.Status)
	}
}

// The portal and the API share a limit per client address; over it, the portal
// answers a page and the API JSON, both 429 with Retry-After.
func TestPortalRateLimit(t *testing.T) {
	t.Parallel()
	limits := web.DefaultRateLimits()
	limits.PublicPerIP = web.Limit{Requests: 3, Window: time.Minute}
	w := newPortalWorld(t, apptest.Options{RateLimits: limits})
	w.publish(t)
	c := w.app.Client(t)
	for i := 0; i < 3; i++ {
		if r := c.Get("/p/xar/"); r.Status != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, r.Status)
		}
	}
	r := c.Get("/p/xar/plan")
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("portal over the limit: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	r = c.Get("/api/v1/states/xar/actions")
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, `"code":"too_many_requests"`) {
		t.Errorf("API over the limit: %d %s", r.Status, r.Body)
	}
	// Staff pages are not counted.
	if r := w.staff.Get("/s/xar/recommendations"); r.Status != http.StatusOK {
		t.Errorf("staff list after the public limit: %d", r.Status)
	}
}

// The NHRI's own assessment reaches the portal and the API only where the State agreed
// to show it, and only for published recommendations; the disagreement filter reveals
// nothing before that.
func TestPortalShowsNHRIAssessmentOnlyWithConsent(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	w.publish(t)
	const mAssessPublic, mAssessHidden = "Pubassessmentalpha", "Hiddenassessmentbeta"
	err := db.InTenant(context.Background(), w.app.Pool, mustState(t, w.app, "XAR"), 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO nhri_assessments (tenant_id, recommendation_id, status, comment)
			VALUES (app_tenant_id(), $1, 'not_started', $2), (app_tenant_id(), $3, 'not_started', $4)`,
			w.recPublic, "Little has changed "+mAssessPublic, w.recHidden, "Nothing yet "+mAssessHidden)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	visitor := w.app.Client(t)
	paths := []string{"/p/xar/recommendations", "/p/xar/recommendations/" + itoa(w.recPublic),
		"/api/v1/states/xar/recommendations", "/api/v1/states/xar/recommendations.csv"}
	// Without the State's consent: no assessment anywhere, and filtering on disagreement finds nothing.
	for _, p := range paths {
		if body := visitor.Get(p).Body; strings.Contains(body, mAssessPublic) || strings.Contains(body, mAssessHidden) {
			t.Errorf("without consent %s shows the NHRI's assessment", p)
		}
	}
	if body := visitor.Get("/p/xar/recommendations?disagree=1").Body; strings.Contains(body, mRecPublic) {
		t.Error("without consent the disagreement filter finds the recommendation the NHRI assessed")
	}

	settings := w.admin.Get("/s/xar/publication")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(settings.Body)
	if version == nil {
		t.Fatalf("no version on the settings page:\n%s", settings.Body)
	}
	if r := w.admin.Post("/s/xar/publication", url.Values{"version": {version[1]}, "published": {"1"}, "nhri_assessment": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("consent to show the NHRI's assessment: %d\n%s", r.Status, r.Body)
	}
	for _, p := range paths {
		body := visitor.Get(p).Body
		if p != "/p/xar/recommendations" && !strings.Contains(body, mAssessPublic) {
			t.Errorf("with consent %s does not show the NHRI's comment", p)
		}
		if strings.Contains(body, mAssessHidden) {
			t.Errorf("%s shows the assessment of an unpublished recommendation", p)
		}
	}
	if body := visitor.Get("/p/xar/recommendations").Body; !strings.Contains(body, "NHRI&#39;s assessment") && !strings.Contains(body, "NHRI's assessment") {
		t.Error("with consent the list has no column for the NHRI's assessment")
	}
	var recs struct {
		Data []struct {
			ID   int64 `json:"id"`
			NHRI *struct {
				Status string `json:"status"`
			} `json:"nhri_assessment"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(visitor.Get("/api/v1/states/xar/recommendations").Body), &recs); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs.Data {
		assessed := r.ID == w.recPublic
		if (r.NHRI != nil) != assessed || (assessed && r.NHRI.Status != "not_started") {
			t.Errorf("API recommendation %d: nhri_assessment %+v", r.ID, r.NHRI)
		}
	}
	// The government says in progress, the NHRI not started: the filter finds it now.
	if body := visitor.Get("/p/xar/recommendations?disagree=1").Body; !strings.Contains(body, mRecPublic) || strings.Contains(body, mRecNoted) {
		t.Error("with consent the disagreement filter does not find exactly the recommendation the NHRI disagrees on")
	}
}
