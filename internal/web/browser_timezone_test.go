package web_test

// A State's clock in a real browser: the NMRF admin of a State in Santiago finds its
// settings in the navigation, is told (with the field marked) when the zone name is
// wrong, sets America/Santiago, and opens a consultation "closing 2026-12-01 18:00",
// whose page shows 18:00 with the zone's name. axe-core checks every page on the way.
// Same skip rules as browser_test.go.

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

func TestBrowserStateTimeZone(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	f := newConsultFixture(t)
	f.app.User(t, "admin@arcadia.example", false, f.st.ID, account.RoleNMRFAdmin)
	b := startBrowser(t, tools, f.app.URL)

	admin := b.newTab("NMRF admin")
	admin.open("/login")
	admin.signIn("admin@arcadia.example", apptest.Password)
	admin.submit("open the State's settings", `header nav a[href="/s/xar/settings"]`)
	admin.expectPath("/s/xar/settings")
	admin.expectH1("State settings")
	admin.checkAccessibility("State settings")

	admin.typeInto("#field-time_zone", "Santiago")
	submitRefused(admin, "save an unknown zone", `main form[action="/s/xar/settings"] button[type="submit"]`, 400)
	if msg := admin.visible("the field's error", "#field-time_zone-error"); !strings.Contains(msg, "This is not a time zone name.") {
		admin.fatalf("the zone's error reads %q", msg)
	}
	admin.checkAccessibility("State settings with an unknown zone")

	admin.typeInto("#field-time_zone", "America/Santiago")
	admin.submit("save America/Santiago", `main form[action="/s/xar/settings"] button[type="submit"]`)
	admin.expectPath("/s/xar/settings")
	recsFlash(admin, "settings saved", "The settings are saved.")
	if clock := admin.visible("the State's clock", "#state-clock"); !strings.Contains(clock, "(America/Santiago)") {
		admin.fatalf("the State's clock reads %q", clock)
	}

	admin.open("/s/xar/consultations/new")
	if legend := admin.visible("the window's legend", "#consultation-window legend"); !strings.Contains(legend, "America/Santiago") {
		admin.fatalf("the window's legend reads %q", legend)
	}
	admin.checkAccessibility("form to open a consultation, in Santiago")
	admin.typeInto("#field-title", "Draft plan 2025–2028")
	admin.choose("#field-subject", "plan:"+itoa(f.planID))
	admin.do("enter the window",
		chromedp.SetValue(chromedp.CSS("#field-opens_at"), "2026-11-01T09:00", chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS("#field-closes_at"), "2026-12-01T18:00", chromedp.NodeVisible))
	admin.choose("#field-audience", "nhri")
	admin.submit("open the consultation", `main form[action="/s/xar/consultations"] button[type="submit"]`)
	admin.expectH1("Draft plan 2025–2028")
	if facts := admin.visible("the window", "main dl.facts"); !strings.Contains(facts, "2026-12-01 18:00 (America/Santiago)") {
		admin.fatalf("the consultation's window reads %q", facts)
	}
	admin.checkAccessibility("consultation in Santiago")
}

// submitRefused clicks a form's button and expects the form back with status want.
func submitRefused(tb *tab, what, selector string, want int64) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
	if err != nil {
		tb.fatalf("%s (click %s): %v", what, selector, err)
	}
	if resp == nil || resp.Status != want {
		tb.fatalf("%s: got %v, want HTTP %d", what, resp, want)
	}
}
