package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/web"
)

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)

	c := app.Client(t)
	if r := c.Get("/s/xar/"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login?next=") {
		t.Fatalf("anonymous visit: status %d location %q, want a redirect to sign-in", r.Status, r.Location)
	}
	c.Get("/login")
	before := c.SessionCookie()

	wrongPassword := c.Post("/login", url.Values{"email": {"admin@arcadia.example"}, "password": {"not the password"}})
	unknownEmail := c.Post("/login", url.Values{"email": {"nobody@arcadia.example"}, "password": {"not the password"}})
	for name, r := range map[string]apptest.Response{"wrong password": wrongPassword, "unknown email": unknownEmail} {
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "The email address or the password is not correct.") {
			t.Errorf("%s: status %d, want 400 with the shared message", name, r.Status)
		}
	}

	r := c.Post("/login", url.Values{"email": {"Admin@Arcadia.example "}, "password": {apptest.Password}, "next": {"/s/xar/"}})
	if r.Status != http.StatusSeeOther || r.Location != "/s/xar/" {
		t.Fatalf("sign-in: status %d location %q", r.Status, r.Location)
	}
	session := c.SessionCookie()
	if session == "" || session == before {
		t.Errorf("the session token was not renewed on sign-in")
	}
	home := c.Get("/s/xar/")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, "Arcadia") || !strings.Contains(home.Body, "NMRF administrator") {
		t.Fatalf("State home: status %d, want the State and the role", home.Status)
	}
	if ck := home.Header.Get("Set-Cookie"); ck != "" && !strings.Contains(ck, "HttpOnly") {
		t.Errorf("session cookie without HttpOnly: %s", ck)
	}

	if r := c.Post("/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign-out: status %d", r.Status)
	}
	if r := c.Get("/s/xar/"); r.Status != http.StatusSeeOther {
		t.Errorf("after sign-out the workspace answered %d, want a redirect to sign-in", r.Status)
	}
	// The old session token is dead on the server, not only forgotten by the browser.
	stolen := app.Client(t)
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/s/xar/", nil)
	req.AddCookie(&http.Cookie{Name: "nmrf_session", Value: session})
	if r := stolen.Do(req); r.Status != http.StatusSeeOther {
		t.Errorf("a signed-out session token still opens the workspace (status %d)", r.Status)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	app.User(t, "p@example.org", true, 0, "")
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/login", strings.NewReader(url.Values{"email": {"p@example.org"}, "password": {apptest.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Transport{}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"nmrf_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("cookie marked Secure on an http BASE_URL: %q", ck)
	}
}

func TestSignInRateLimitPerEmail(t *testing.T) {
	t.Parallel()
	limits := web.DefaultRateLimits()
	limits.LoginPerEmail = web.Limit{Requests: 3, Window: time.Minute}
	app := apptest.New(t, apptest.Options{RateLimits: limits})
	app.User(t, "target@example.org", false, 0, "")

	c := app.Client(t)
	c.Header.Set("Accept-Language", "fr")
	var last apptest.Response
	for i := 0; i < 4; i++ {
		last = c.Post("/login", url.Values{"email": {"target@example.org"}, "password": {"guess"}})
	}
	if last.Status != http.StatusTooManyRequests {
		t.Fatalf("4th attempt: status %d, want 429", last.Status)
	}
	if last.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if !strings.Contains(last.Body, `<html lang="fr"`) {
		t.Error("the 429 page is not in the person's language (French)")
	}
	// Another account from the same address is not blocked by this one's limit.
	if r := c.Post("/login", url.Values{"email": {"other@example.org"}, "password": {"guess"}}); r.Status != http.StatusBadRequest {
		t.Errorf("another email: status %d, want 400 (not limited)", r.Status)
	}
}

func TestSignInRateLimitPerIP(t *testing.T) {
	t.Parallel()
	limits := web.DefaultRateLimits()
	limits.LoginPerIP = web.Limit{Requests: 4, Window: time.Minute}
	app := apptest.New(t, apptest.Options{RateLimits: limits})
	c := app.Client(t)
	var last apptest.Response
	for i := 0; i < 5; i++ {
		last = c.Post("/login", url.Values{"email": {"spray" + string(rune('a'+i)) + "@example.org"}, "password": {"guess"}})
	}
	if last.Status != http.StatusTooManyRequests {
		t.Fatalf("5th attempt from one address with different emails: status %d, want 429", last.Status)
	}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	app.User(t, "forgetful@example.org", false, 0, "")
	c := app.Client(t)

	if r := c.Post("/password/forgot", url.Values{"email": {"not an email"}}); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Errorf("bad email: status %d, want 400 with the field marked invalid", r.Status)
	}
	known := c.Post("/password/forgot", url.Values{"email": {"forgetful@example.org"}})
	unknown := c.Post("/password/forgot", url.Values{"email": {"stranger@example.org"}})
	if known.Status != http.StatusOK || unknown.Status != http.StatusOK || known.Body != unknown.Body {
		t.Fatalf("the reset page must not reveal who has an account (statuses %d, %d)", known.Status, unknown.Status)
	}
	mail := app.LastEmailTo(t, "forgetful@example.org")
	link := apptest.LinkIn(t, mail.Body)

	if r := c.Get(link); r.Status != http.StatusOK {
		t.Fatalf("reset link: status %d", r.Status)
	}
	if r := c.Post(link, url.Values{"password": {"short"}, "confirm": {"short"}}); r.Status != http.StatusBadRequest {
		t.Errorf("short password: status %d, want 400", r.Status)
	}
	newPassword := "a brand new long passphrase"
	if r := c.Post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reset: status %d", r.Status)
	}
	if r := c.Get(link); r.Status != http.StatusGone {
		t.Errorf("used reset link: status %d, want 410", r.Status)
	}
	if r := c.Get("/password/reset/not-a-token"); r.Status != http.StatusNotFound {
		t.Errorf("unknown reset link: status %d, want 404", r.Status)
	}
	fresh := app.Client(t)
	if r := fresh.Post("/login", url.Values{"email": {"forgetful@example.org"}, "password": {apptest.Password}}); r.Status != http.StatusBadRequest {
		t.Errorf("old password still works (status %d)", r.Status)
	}
	if r := fresh.Post("/login", url.Values{"email": {"forgetful@example.org"}, "password": {newPassword}}); r.Status != http.StatusSeeOther {
		t.Errorf("new password refused (status %d)", r.Status)
	}
}

func TestPasswordResetRateLimit(t *testing.T) {
	t.Parallel()
	limits := web.DefaultRateLimits()
	limits.ResetPerEmail = web.Limit{Requests: 2, Window: time.Minute}
	app := apptest.New(t, apptest.Options{RateLimits: limits})
	c := app.Client(t)
	c.Header.Set("Accept-Language", "es")
	var last apptest.Response
	for i := 0; i < 3; i++ {
		last = c.Post("/password/forgot", url.Values{"email": {"victim@example.org"}})
	}
	if last.Status != http.StatusTooManyRequests || !strings.Contains(last.Body, `<html lang="es"`) {
		t.Fatalf("3rd reset request: status %d, want 429 in Spanish", last.Status)
	}
}

// A password reset ends the sessions started before it, in every browser.
func TestPasswordResetEndsOtherSessions(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "victim@example.org", false, st.ID, account.RoleNMRFStaff)
	thief := app.Client(t)
	thief.Login("victim@example.org")
	if r := thief.Get("/s/xar/"); r.Status != http.StatusOK {
		t.Fatalf("thief's session: %d", r.Status)
	}
	owner := app.Client(t)
	owner.Post("/password/forgot", url.Values{"email": {"victim@example.org"}})
	link := apptest.LinkIn(t, app.LastEmailTo(t, "victim@example.org").Body)
	pw := "the owner's new passphrase"
	if r := owner.Post(link, url.Values{"password": {pw}, "confirm": {pw}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.Status)
	}
	if r := owner.Get("/s/xar/"); r.Status != http.StatusOK {
		t.Errorf("the owner's new session does not work (status %d)", r.Status)
	}
	if r := thief.Get("/s/xar/"); r.Status != http.StatusSeeOther {
		t.Errorf("a session from before the reset still works (status %d)", r.Status)
	}
}
