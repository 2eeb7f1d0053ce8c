package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	c := app.Client(t)
	c.Login("admin@arcadia.example")

	form := url.Values{"email": {"forged@example.org"}, "name": {"Forged"}, "role": {"nmrf_admin"}, "language": {"en"}}
	cases := map[string]http.Header{
		"browser says cross-site": {"Sec-Fetch-Site": {"cross-site"}},
		"foreign Origin":          {"Origin": {"https://attacker.example"}},
	}
	for name, h := range cases {
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/s/xar/invitations", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			req.Header[k] = v
		}
		r := c.Do(req)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "sent from another website") {
			t.Errorf("%s: status %d, want 403 with the translated explanation", name, r.Status)
		}
	}
	if r := c.Get("/s/xar/members"); strings.Contains(r.Body, "forged@example.org") {
		t.Fatal("a cross-origin POST created an invitation")
	}
	// The same form from the site itself goes through.
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/s/xar/invitations", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if r := c.Do(req); r.Status != http.StatusSeeOther {
		t.Errorf("same-origin POST: status %d, want 303", r.Status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	c := app.Client(t)
	for _, path := range []string{"/login", "/no-such-page"} {
		r := c.Get(path)
		csp := r.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy", path)
		}
		if strings.Contains(r.Body, "<script>") || strings.Contains(r.Body, " style=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}

func TestBadInputGetsAClearPage(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	c := app.Client(t)
	c.Login("admin@arcadia.example")

	if r := c.Get("/no/such/page"); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "Page not found") {
		t.Errorf("unknown route: status %d", r.Status)
	}
	huge := url.Values{"email": {strings.Repeat("a", 2<<20) + "@example.org"}, "name": {"x"}, "role": {"nhri"}, "language": {"en"}}
	if r := c.Post("/s/xar/invitations", huge); r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "larger than") {
		t.Errorf("oversize body: status %d, want 413 with an explanation", r.Status)
	}
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/s/xar/invitations", strings.NewReader("email=%zz&name=%"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := c.Do(req); r.Status != http.StatusBadRequest {
		t.Errorf("malformed form: status %d, want 400", r.Status)
	}
	if r := c.Post("/language", url.Values{"lang": {"xx"}}); r.Status != http.StatusBadRequest {
		t.Errorf("unknown language: status %d, want 400", r.Status)
	}
	if r := c.Post("/language", url.Values{"lang": {"fr"}, "next": {"//evil.example/"}}); r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Errorf("open redirect through next: location %q", r.Location)
	}
	if r := c.Post("/login", url.Values{"email": {""}, "password": {""}}); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `role="alert"`) {
		t.Errorf("empty sign-in form: status %d, want 400 with an error summary", r.Status)
	}
	var n int
	row := app.DB.Owner.QueryRow(t.Context(), `SELECT count(*) FROM outbox`)
	if err := row.Scan(&n); err != nil || n != 0 {
		t.Errorf("bad requests left %d emails behind (err %v)", n, err)
	}
}

func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	xbo := app.State(t, "XBO", "Borealis", "fr")
	app.User(t, "staff@borealis.example", false, xbo.ID, account.RoleNMRFStaff)

	lang := func(body string) string {
		_, after, _ := strings.Cut(body, "<html lang=\"")
		code, _, _ := strings.Cut(after, "\"")
		return code
	}
	c := app.Client(t)
	if got := lang(c.Get("/login").Body); got != "en" {
		t.Errorf("no preference: language %q, want en", got)
	}
	c.Header.Set("Accept-Language", "es-MX, en;q=0.5")
	if got := lang(c.Get("/login").Body); got != "es" {
		t.Errorf("Accept-Language es-MX: language %q, want es", got)
	}
	c.Post("/language", url.Values{"lang": {"ar"}, "next": {"/login"}})
	page := c.Get("/login").Body
	if got := lang(page); got != "ar" || !strings.Contains(page, `dir="rtl"`) {
		t.Errorf("after choosing Arabic: language %q, want ar right-to-left", got)
	}

	// Signed in with no choice anywhere: the State's default language.
	d := app.Client(t)
	d.Login("staff@borealis.example")
	if got := lang(d.Get("/s/xbo/").Body); got != "fr" {
		t.Errorf("State default: language %q, want fr", got)
	}
	// A saved choice follows the person to a new browser.
	d.Post("/language", url.Values{"lang": {"ru"}, "next": {"/s/xbo/"}})
	e := app.Client(t)
	e.Header.Set("Accept-Language", "zh")
	e.Login("staff@borealis.example")
	if got := lang(e.Get("/s/xbo/").Body); got != "ru" {
		t.Errorf("saved preference: language %q, want ru", got)
	}
}
