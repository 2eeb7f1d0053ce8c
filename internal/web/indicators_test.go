package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/indicator"
)

// indicatorState is a State with staff, two ministries and a focal point in each.
type indicatorState struct {
	app             *apptest.App
	id              int64
	justice, health int64 // entities
}

func newIndicatorState(t *testing.T) indicatorState {
	t.Helper()
	app := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	justice, err := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	health, err := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Health", Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	fpJustice := app.User(t, "fp@justice.example", false, st.ID, account.RoleFocalPoint)
	fpHealth := app.User(t, "fp@health.example", false, st.ID, account.RoleFocalPoint)
	err = db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
		for user, ent := range map[int64]int64{fpJustice.ID: justice.ID, fpHealth.ID: health.ID} {
			if _, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $2 WHERE tenant_id = $1 AND user_id = $3`, st.ID, ent, user); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return indicatorState{app: app, id: st.ID, justice: justice.ID, health: health.ID}
}

func (s indicatorState) client(t *testing.T, email string) *apptest.Client {
	t.Helper()
	c := s.app.Client(t)
	c.Login(email)
	return c
}

func (s indicatorState) count(t *testing.T, sql string) int {
	t.Helper()
	var n int
	inState(t, s.app, s.id, sql, &n)
	return n
}

// tableBody returns the inside of the <table> with the given id, "" when absent.
func tableBody(body, id string) string {
	_, rest, ok := strings.Cut(body, `<table class="data-table" id="`+id+`"`)
	if !ok {
		return ""
	}
	table, _, _ := strings.Cut(rest, "</table>")
	return table
}

// Staff define an indicator broken down by sex; the justice ministry's focal point
// uploads four years of values for women and men; the page shows them as a chart with
// a line per sex and as a table. Another ministry's focal point may not add values, a
// file with mistakes is refused whole, and a save on an old version is refused.
func TestIndicatorJourney(t *testing.T) {
	t.Parallel()
	s := newIndicatorState(t)
	staff := s.client(t, "staff@arcadia.example")

	for _, bad := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"title": {""}, "type": {"outcome"}}, "title"},
		{url.Values{"title": {"Seats"}, "type": {"impact"}}, "type"},
		{url.Values{"title": {"Seats"}, "type": {"outcome"}, "baseline_value": {"12,5"}}, "baseline_value"},
		{url.Values{"title": {"Seats"}, "type": {"outcome"}, "disaggregations": {"sex"}, "other_grounds": {"value"}}, "disaggregations"},
	} {
		r := staff.Post("/s/xar/indicators", bad.form)
		if r.Status != http.StatusBadRequest {
			t.Fatalf("an indicator with a wrong %s: status %d, want 400", bad.field, r.Status)
		}
		if !strings.Contains(r.Body, `href="#field-`+bad.field+`"`) {
			t.Errorf("the refused form does not point to the %s field", bad.field)
		}
	}
	if r := staff.Post("/s/xar/indicators", url.Values{"title": {""}}); !strings.Contains(r.Body, `id="field-title-error"`) {
		t.Error("the refused form does not show the error beside its field")
	}
	if n := s.count(t, `SELECT count(*) FROM indicators`); n != 0 {
		t.Fatalf("a refused form wrote %d indicators", n)
	}

	form := url.Values{"title": {"Proportion of seats held by women in parliament"}, "type": {"outcome"}, "unit": {"%"},
		"direction": {"higher"}, "baseline_value": {"20"}, "baseline_date": {"2020-01-01"}, "target_value": {"40"},
		"target_date": {"2026-01-01"}, "source_entity_id": {itoa(s.justice)}, "disaggregations": {"sex"}, "sdg_indicator": {"5.5.1"}}
	r := staff.Post("/s/xar/indicators", form)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/s/xar/indicators/") {
		t.Fatalf("create: status %d, location %q\n%s", r.Status, r.Location, r.Body)
	}
	page := r.Location

	other := s.client(t, "fp@health.example")
	value := url.Values{"period": {"2024"}, "value": {"31"}, "disaggregation.sex": {"female"}}
	if r := other.Post(page+"/measurements", value); r.Status != http.StatusForbidden {
		t.Errorf("another ministry's focal point recording a value: status %d, want 403", r.Status)
	}
	if r := other.Upload(page+"/measurements.csv", "file", "values.csv", []byte("period,value\n2024,31\n"), nil); r.Status != http.StatusForbidden {
		t.Errorf("another ministry's focal point uploading values: status %d, want 403", r.Status)
	}
	if body := other.Get(page).Body; strings.Contains(body, `name="period"`) || strings.Contains(body, `id="measurements-file"`) {
		t.Error("another ministry's focal point is offered the forms to add values")
	}

	fp := s.client(t, "fp@justice.example")
	if body := fp.Get(page).Body; !strings.Contains(body, `name="disaggregation.sex"`) || !strings.Contains(body, `id="measurements-file"`) ||
		strings.Contains(body, `id="edit-indicator"`) {
		t.Error("the source ministry's focal point does not get exactly the forms to add values")
	}
	csv := "period,sex,value,source\n" +
		"2020,female,20.5,Electoral commission\n2020,male,79.5,Electoral commission\n" +
		"2021,female,23,Electoral commission\n2021,male,77,Electoral commission\n" +
		"2022,Female,26.1,Electoral commission\n2022,Male,73.9,Electoral commission\n" +
		"2023,female,28,Electoral commission\n2023,male,72,Electoral commission\n"
	if r := fp.Upload(page+"/measurements.csv", "file", "seats.csv", []byte(csv), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%s", r.Status, r.Body)
	}
	if n := s.count(t, `SELECT count(*) FROM measurements`); n != 8 {
		t.Fatalf("%d values saved, want 8", n)
	}

	body := fp.Get(page).Body
	if n := strings.Count(body, "<polyline"); n != 2 {
		t.Errorf("the chart has %d lines, want 2 (women and men)", n)
	}
	if !strings.Contains(body, `<svg xmlns="http://www.w3.org/2000/svg"`) {
		t.Error("the chart is not in the page as SVG")
	}
	table := tableBody(body, "indicator-values")
	if n := strings.Count(table, `<th scope="row">`); n != 4 {
		t.Errorf("the table beside the chart has %d periods, want 4", n)
	}
	for _, want := range []string{"2020", "2023", "20.5", "73.9"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table beside the chart lacks %s", want)
		}
	}
	if n := strings.Count(tableBody(body, "measurements"), "<tr>"); n != 9 {
		t.Errorf("the list of values has %d rows with its header, want 9", n)
	}

	// All or nothing: one good row and two bad ones write nothing and name both problems.
	wrong := "period,sex,value\n2024,female,abc\n2024x,male,70\n2024,male,69\n"
	r = fp.Upload(page+"/measurements.csv", "file", "wrong.csv", []byte(wrong), nil)
	if r.Status != http.StatusBadRequest {
		t.Fatalf("a file with mistakes: status %d, want 400", r.Status)
	}
	problems := tableBody(r.Body, "import-problems")
	for _, want := range []string{`<td class="num">2</td><td>value</td>`, `<td class="num">3</td><td>period</td>`} {
		if !strings.Contains(problems, want) {
			t.Errorf("the problems do not include %s:\n%s", want, problems)
		}
	}
	if n := strings.Count(problems, "<tr>"); n != 3 {
		t.Errorf("%d problems listed with the header, want 3", n)
	}
	if n := s.count(t, `SELECT count(*) FROM measurements`); n != 8 {
		t.Errorf("a refused file changed the values: %d, want 8", n)
	}

	// One value through the form.
	if r := fp.Post(page+"/measurements", url.Values{"period": {"last year"}, "value": {"31"}}); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, `id="field-period-error"`) {
		t.Errorf("a value without a period: status %d, want 400 with the error beside the field", r.Status)
	}
	if r := fp.Post(page+"/measurements", value); r.Status != http.StatusSeeOther {
		t.Fatalf("record a value: status %d\n%s", r.Status, r.Body)
	}
	if n := s.count(t, `SELECT count(*) FROM measurements WHERE period = '2024-01-01' AND disaggregation = '{"sex": "female"}'`); n != 1 {
		t.Error("the recorded value was not saved for women in 2024")
	}

	// Two people editing: the second save, on the first version, is refused and shows the
	// saved version.
	form.Set("version", "1")
	form.Set("target_value", "50")
	if r := staff.Post(page, form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", r.Status, r.Body)
	}
	form.Set("target_value", "45")
	r = staff.Post(page, form)
	if r.Status != http.StatusConflict {
		t.Fatalf("a save on an old version: status %d, want 409", r.Status)
	}
	if !strings.Contains(r.Body, `name="version" value="2"`) || !regexp.MustCompile(`id="field-target_value"[^>]*value="50"`).MatchString(r.Body) {
		t.Error("the refused save does not show the version saved meanwhile")
	}
	if n := s.count(t, `SELECT count(*) FROM indicators WHERE target_value = 50 AND version = 2`); n != 1 {
		t.Error("the refused save changed the indicator")
	}
	if _, h, ok := strings.Cut(r.Body, `id="history-title"`); !ok || !strings.Contains(h, "Changed") || !strings.Contains(h, "Target") {
		t.Error("the indicator's page does not show that its target was changed")
	}
}

// The list says which clusters no indicator measures by sex, with a link to each.
func TestIndicatorGenderPerspective(t *testing.T) {
	t.Parallel()
	s := newIndicatorState(t)
	ctx := context.Background()
	var withData, without int64
	var measured int64 // a recommendation of the cluster with data
	err := db.InTenant(ctx, s.app.Pool, s.id, 0, func(tx pgx.Tx) error {
		var doc int64
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body) VALUES ($1, 'upr-4', 'upr', 'UPR') RETURNING id`,
			s.id).Scan(&doc); err != nil {
			return err
		}
		recs := make([]int64, 2)
		for i := range recs {
			text := fmt.Sprintf("Recommendation %d on the participation of women", i+1)
			if err := tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, text, content_hash, source_hash)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, s.id, doc, text, fmt.Sprintf("hash-%d", i)).Scan(&recs[i]); err != nil {
				return err
			}
		}
		var a, b cluster.Cluster
		if err := cluster.Create(ctx, tx, s.id, cluster.Input{Name: "Women in public life"}, &a); err != nil {
			return err
		}
		if err := cluster.Create(ctx, tx, s.id, cluster.Input{Name: "Access to justice"}, &b); err != nil {
			return err
		}
		if _, err := cluster.AddRecommendations(ctx, tx, s.id, a.ID, recs[:1]); err != nil {
			return err
		}
		if _, err := cluster.AddRecommendations(ctx, tx, s.id, b.ID, recs[1:]); err != nil {
			return err
		}
		withData, without, measured = a.ID, b.ID, recs[0]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := s.app.Server.Indicators.Create(ctx, s.id, 0, indicator.Input{Title: "Seats held by women", Type: "outcome",
		Disaggregations: []string{"sex"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Server.Indicators.LinkRecommendation(ctx, s.id, 0, ind.ID, measured); err != nil {
		t.Fatal(err)
	}

	for _, email := range []string{"staff@arcadia.example", "fp@health.example"} {
		body := s.client(t, email).Get("/s/xar/indicators").Body
		_, gaps, _ := strings.Cut(body, `id="clusters-without-sex-data"`)
		gaps, _, _ = strings.Cut(gaps, "</ul>")
		if !strings.Contains(gaps, `href="/s/xar/clusters/`+itoa(without)+`"`) {
			t.Errorf("%s: the gender perspective does not list the cluster without data by sex", email)
		}
		if strings.Contains(gaps, `href="/s/xar/clusters/`+itoa(withData)+`"`) {
			t.Errorf("%s: the gender perspective lists a cluster measured by sex", email)
		}
		if !strings.Contains(body, `class="badge sex-disaggregated"`) {
			t.Errorf("%s: the list does not mark the indicator broken down by sex", email)
		}
	}
}

// Text that people type reaches the page escaped, in the chart as in the table.
func TestIndicatorPageEscapesText(t *testing.T) {
	t.Parallel()
	s := newIndicatorState(t)
	ctx := context.Background()
	ind, err := s.app.Server.Indicators.Create(ctx, s.id, 0, indicator.Input{Title: `<script>alert(1)</script>`, Type: "process",
		Unit: `<img src=x onerror=alert(2)>`, Disaggregations: []string{"region"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Server.Indicators.Record(ctx, s.id, 0, ind.ID, indicator.Measurement{Period: day("2024-01-01"), Value: 3,
		Disaggregation: map[string]string{"region": `<b onmouseover=alert(3)>North</b>`}}); err != nil {
		t.Fatal(err)
	}
	body := s.client(t, "staff@arcadia.example").Get("/s/xar/indicators/" + itoa(ind.ID)).Body
	if !strings.Contains(body, "<polyline") {
		t.Fatal("the page has no chart")
	}
	for _, raw := range []string{"<script>alert(1)", "<img src=x", "<b onmouseover"} {
		if strings.Contains(body, raw) {
			t.Errorf("the page contains %q unescaped", raw)
		}
	}
}
