package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
)

// A State in Santiago opens a consultation "closing 2026-12-01 18:00": it is stored as
// 21:00 UTC, the list, the page and the emails show 18:00 with the zone's name, and the
// window closes at that moment to the second.
func TestConsultationOnTheStatesClock(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app := f.app
	app.User(t, "admin@arcadia.example", false, f.st.ID, account.RoleNMRFAdmin)
	admin := app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Post("/s/xar/settings", url.Values{"time_zone": {"America/Santiago"}, "was": {"UTC"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("set the time zone: %d\n%s", r.Status, r.Body)
	}

	staff := app.Client(t)
	staff.Login("staff@arcadia.example")
	if form := staff.Get("/s/xar/consultations/new").Body; !strings.Contains(form, "in the State&#39;s time zone: America/Santiago") &&
		!strings.Contains(form, "in the State's time zone: America/Santiago") {
		t.Error("the form does not say which time zone the times are read in")
	}
	r := staff.Post("/s/xar/consultations", url.Values{
		"title": {"Draft plan 2025–2028"}, "subject": {"plan:" + itoa(f.planID)}, "audience": {"organisations"},
		"organisations": {itoa(f.invitedOrg)}, "opens_at": {"2026-11-01T09:00"}, "closes_at": {"2026-12-01T18:00"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("open a consultation: %d\n%s", r.Status, r.Body)
	}
	page := r.Location

	var opens, closes time.Time
	inState(t, app, f.st.ID, `SELECT opens_at, closes_at FROM consultations`, &opens, &closes)
	if want := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC); !closes.Equal(want) {
		t.Errorf("closes_at stored as %v, want %v", closes.UTC(), want)
	}
	// 1 November is summer time in Chile too (UTC−3).
	if want := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC); !opens.Equal(want) {
		t.Errorf("opens_at stored as %v, want %v", opens.UTC(), want)
	}

	body := staff.Get(page).Body
	for _, want := range []string{"2026-12-01 18:00 (America/Santiago)", `datetime="2026-12-01T18:00:00-03:00"`, "2026-11-01 09:00 (America/Santiago)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the consultation page lacks %q", want)
		}
	}
	if strings.Contains(body, "21:00") || strings.Contains(body, " UTC") {
		t.Error("the consultation page shows UTC times")
	}
	if list := staff.Get("/s/xar/consultations").Body; !strings.Contains(list, "2026-12-01 18:00 (America/Santiago)") {
		t.Error("the list does not show the closing time on the State's clock")
	}
	m := app.LastEmailTo(t, "cso@rights.example")
	if !strings.Contains(m.Body, "from 2026-11-01 09:00 (America/Santiago) to 2026-12-01 18:00 (America/Santiago)") {
		t.Errorf("the opening email does not give the State's times:\n%s", m.Body)
	}

	// The window closes at 18:00 in Santiago: a comment a second before is taken, one at
	// the close refused.
	cso := app.Client(t)
	cso.Login("cso@rights.example")
	for _, tc := range []struct {
		at     time.Time
		status int
	}{{closes.Add(-time.Second), http.StatusSeeOther}, {closes, http.StatusForbidden}} {
		app.Consultations.SetNow(tc.at)
		if r := cso.Post(page+"/comments", url.Values{"item": {"whole"}, "body": {"A comment"}}); r.Status != tc.status {
			t.Errorf("comment at %s: %d, want %d", tc.at.UTC(), r.Status, tc.status)
		}
	}

	// The reminder two days before the close gives the same time.
	app.Consultations.SetNow(closes.Add(-47 * time.Hour))
	if n, err := app.Consultations.ClosingSoon(context.Background()); err != nil || n != 1 {
		t.Fatalf("closing soon: %d, %v", n, err)
	}
	if m := app.LastEmailTo(t, "cso@rights.example"); !strings.Contains(m.Body, "closes on 2026-12-01 18:00 (America/Santiago)") {
		t.Errorf("the closing-soon email does not give the State's time:\n%s", m.Body)
	}
}

// A time the clocks skip in the State (Santiago moves from 00:00 to 01:00 on 6 September
// 2026) is refused with a translated reason, not silently moved.
func TestConsultationTimeSkippedByTheClocks(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app := f.app
	if err := app.Tenants.SetTimeZone(context.Background(), f.st.ID, 0, "America/Santiago", "UTC"); err != nil {
		t.Fatal(err)
	}
	staff := app.Client(t)
	staff.Login("staff@arcadia.example")
	form := url.Values{"title": {"Spring"}, "subject": {"plan:" + itoa(f.planID)}, "audience": {"nhri"},
		"opens_at": {"2026-09-06T00:30"}, "closes_at": {"2026-09-20T18:00"}}
	r := staff.Post("/s/xar/consultations", form)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "This time does not exist in the State") {
		t.Errorf("a skipped opening time: %d", r.Status)
	}
	staff.Post("/language", url.Values{"lang": {"es"}})
	r = staff.Post("/s/xar/consultations", form)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Esta hora no existe en el huso horario del Estado") {
		t.Errorf("a skipped opening time, in Spanish: %d", r.Status)
	}
	var n int
	inState(t, app, f.st.ID, `SELECT count(*) FROM consultations`, &n)
	if n != 0 {
		t.Errorf("%d consultations were opened", n)
	}
}

// The NMRF admin sets the time zone: a State starts on UTC, an unknown name is refused
// with a translated message and changes nothing, a form loaded before someone else's
// change is refused with 409, and the change is in the audit trail.
func TestStateTimeZoneSettings(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app := f.app
	if f.st.TimeZone != "UTC" {
		t.Errorf("a new State's time zone is %q, want UTC", f.st.TimeZone)
	}
	admin := app.User(t, "admin@arcadia.example", false, f.st.ID, account.RoleNMRFAdmin)
	c := app.Client(t)
	c.Login("admin@arcadia.example")
	page := c.Get("/s/xar/settings")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, `value="UTC"`) || !strings.Contains(page.Body, `href="/s/xar/settings"`) {
		t.Fatalf("settings page: %d, or it does not show UTC or the link in the navigation", page.Status)
	}

	for _, tc := range []struct{ lang, zone, says string }{
		{"en", "Mars/Olympus", "This is not a time zone name."},
		{"fr", "Local", "Ce n’est pas un nom de fuseau horaire."},
		{"ar", "", "هذا ليس اسم منطقة زمنية."},
	} {
		c.Post("/language", url.Values{"lang": {tc.lang}})
		r := c.Post("/s/xar/settings", url.Values{"time_zone": {tc.zone}, "was": {"UTC"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, tc.says) || !strings.Contains(r.Body, `aria-invalid="true"`) {
			t.Errorf("zone %q in %s: %d, want 400 saying %q", tc.zone, tc.lang, r.Status, tc.says)
		}
	}
	c.Post("/language", url.Values{"lang": {"en"}})
	if st, err := app.Tenants.ByCode(context.Background(), "XAR"); err != nil || st.TimeZone != "UTC" {
		t.Fatalf("after refused names the zone is %q, %v", st.TimeZone, err)
	}

	if r := c.Post("/s/xar/settings", url.Values{"time_zone": {"Asia/Manila"}, "was": {"UTC"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("set Asia/Manila: %d", r.Status)
	}
	if r := c.Get("/s/xar/settings"); !strings.Contains(r.Body, "The settings are saved.") || !strings.Contains(r.Body, "(Asia/Manila)") {
		t.Error("after saving, the page does not confirm or show the State's clock in Manila")
	}
	// A second form, loaded while the zone was still UTC, would overwrite Manila.
	r := c.Post("/s/xar/settings", url.Values{"time_zone": {"Africa/Nairobi"}, "was": {"UTC"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Someone else changed the time zone meanwhile.") || !strings.Contains(r.Body, `value="Asia/Manila"`) {
		t.Errorf("a stale form: %d, want 409 showing the zone in force", r.Status)
	}
	var who int64
	var old, now string
	inState(t, app, f.st.ID, `SELECT user_id, old_values->>'time_zone', new_values->>'time_zone' FROM audit_log WHERE table_name = 'tenants'`, &who, &old, &now)
	if who != admin.ID || old != "UTC" || now != "Asia/Manila" {
		t.Errorf("audit: %d %s → %s, want %d UTC → Asia/Manila", who, old, now, admin.ID)
	}
}

// The public portal prints a published consultation's window on the State's clock too.
func TestPortalConsultationPeriodOnTheStatesClock(t *testing.T) {
	t.Parallel()
	w := newReportWorld(t)
	if err := w.app.Tenants.SetTimeZone(context.Background(), w.st.ID, 0, "Asia/Manila", "UTC"); err != nil {
		t.Fatal(err)
	}
	admin := w.app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Post("/s/xar/publication", url.Values{"version": {"0"}, "published": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal on: %d", r.Status)
	}
	anon := w.app.Client(t)
	// 09:00 and 17:00 UTC are 17:00 and 01:00 the next day in Manila (UTC+8).
	const want = "2030-05-01 17:00 – 2030-05-16 01:00 (Asia/Manila)"
	list := anon.Get("/p/xar/consultations")
	if !strings.Contains(list.Body, want) {
		t.Errorf("the portal's list lacks %q", want)
	}
	// The day the report was published is Manila's day, eight hours ahead of UTC.
	var published time.Time
	inState(t, w.app, w.st.ID, `SELECT report_published_at FROM consultations WHERE id = `+itoa(w.published), &published)
	manila := published.UTC().Add(8 * time.Hour)
	if want := `datetime="` + manila.Format("2006-01-02T15:04:05") + `+08:00" dir="ltr">` + manila.Format("2006-01-02") + `</time>`; !strings.Contains(list.Body, want) {
		t.Errorf("the portal's list does not date the report on the State's clock: no %s", want)
	}
	if page := anon.Get("/p/xar/consultations/" + itoa(w.published)); !strings.Contains(page.Body, want) {
		t.Errorf("the portal's report lacks %q", want)
	}
}
