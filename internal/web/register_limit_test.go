package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/web"
)

// Registering and resetting a password count on separate allowances: a person who
// registers can still ask for a password reset, an office whose address has used up its
// resets can still register members, and registering past the registration limits (per
// email, then per address) gives the translated 429 page.
func TestRegistrationHasItsOwnRateLimits(t *testing.T) {
	t.Parallel()
	limits := web.DefaultRateLimits()
	limits.ResetPerIP = web.Limit{Requests: 3, Window: 15 * time.Minute}
	limits.RegisterPerIP = web.Limit{Requests: 4, Window: 15 * time.Minute}
	limits.RegisterPerEmail = web.Limit{Requests: 2, Window: 15 * time.Minute}
	app := apptest.New(t, apptest.Options{RateLimits: limits})
	app.State(t, "XAR", "Arcadia", "en")
	c := app.Client(t)
	c.Header.Set("Accept-Language", "fr")
	const received = "Votre demande a été reçue"
	register := func(email, org string) apptest.Response {
		return c.Post("/register/xar", url.Values{"name": {"Member " + org}, "email": {email},
			"org_name": {org}, "org_kind": {"ngo"}, "org_email": {"office@" + org + ".example"}})
	}
	tooMany := func(what string, r apptest.Response) {
		t.Helper()
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("%s: status %d, want 429", what, r.Status)
		}
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", what)
		}
		if !strings.Contains(r.Body, `<html lang="fr"`) || !strings.Contains(r.Body, "Trop de tentatives") {
			t.Errorf("%s: the 429 page is not the translated one (French)", what)
		}
	}

	// One email: a request, a second one (refused as already pending, but counted), then
	// the registration limit per email.
	if r := register("amal@coalition.example", "coalition"); r.Status != http.StatusOK || !strings.Contains(r.Body, received) {
		t.Fatalf("first registration: status %d", r.Status)
	}
	if r := register("amal@coalition.example", "coalition2"); r.Status != http.StatusBadRequest {
		t.Fatalf("second registration for a pending email: status %d, want 400", r.Status)
	}
	tooMany("third registration for one email", register("amal@coalition.example", "coalition3"))

	// Registering used none of the password-reset allowance, for that email or address.
	for i, email := range []string{"amal@coalition.example", "b@example.org", "c@example.org"} {
		if r := c.Post("/password/forgot", url.Values{"email": {email}}); r.Status != http.StatusOK {
			t.Fatalf("reset request %d after registering: status %d, want 200", i+1, r.Status)
		}
	}
	tooMany("fourth reset request from one address", c.Post("/password/forgot", url.Values{"email": {"d@example.org"}}))

	// The address has no resets left, yet it may still register another member.
	if r := register("member@union.example", "union"); r.Status != http.StatusOK || !strings.Contains(r.Body, received) {
		t.Fatalf("registration after the address used up its resets: status %d, want 200", r.Status)
	}
	// That was the address's fourth registration request (the one refused per email
	// counted for the address); a fifth, for a new email, is over the limit per address.
	tooMany("fifth registration from one address", register("fresh@press.example", "press"))
}
