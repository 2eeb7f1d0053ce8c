package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/entity"
)

func TestInvitationJourney(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	admin := app.Client(t)
	admin.Login("admin@arcadia.example")

	bad := admin.Post("/s/xar/invitations", url.Values{"email": {"not-an-email"}, "name": {""}, "role": {"king"}, "language": {"en"}})
	if bad.Status != http.StatusBadRequest {
		t.Fatalf("invalid invitation: status %d, want 400", bad.Status)
	}
	for _, want := range []string{"Enter an email address", "Choose one of the roles", `aria-describedby="field-email-error"`} {
		if !strings.Contains(bad.Body, want) {
			t.Errorf("invalid invitation page lacks %q", want)
		}
	}
	var n int
	_ = app.DB.Owner.QueryRow(context.Background(), `SELECT count(*) FROM outbox`).Scan(&n)
	if n != 0 {
		t.Fatalf("a refused invitation still queued %d emails", n)
	}

	r := admin.Post("/s/xar/invitations", url.Values{"email": {"Focal@Justice.example"}, "name": {"Justice focal point"}, "role": {"focal_point"}, "language": {"ar"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: status %d\n%s", r.Status, r.Body)
	}
	members := admin.Get("/s/xar/members")
	if !strings.Contains(members.Body, "focal@justice.example") || !strings.Contains(members.Body, "The invitation has been sent.") {
		t.Error("the members page does not show the pending invitation and the confirmation")
	}

	mail := app.LastEmailTo(t, "focal@justice.example")
	if mail.Kind != "invitation" || !strings.Contains(mail.Subject, "Arcadia") {
		t.Errorf("invitation email: kind %q subject %q", mail.Kind, mail.Subject)
	}
	if strings.Contains(mail.Body, "You are invited") {
		t.Error("the invitation was asked in Arabic but the email is in English")
	}
	link := apptest.LinkIn(t, mail.Body)

	invitee := app.Client(t)
	form := invitee.Get(link)
	if form.Status != http.StatusOK || !strings.Contains(form.Body, "focal@justice.example") {
		t.Fatalf("invitation link: status %d", form.Status)
	}
	mismatch := invitee.Post(link, url.Values{"name": {"Justice focal point"}, "password": {"long enough password"}, "confirm": {"something else entirely"}})
	if mismatch.Status != http.StatusBadRequest {
		t.Fatalf("mismatched passwords: status %d, want 400", mismatch.Status)
	}
	accepted := invitee.Post(link, url.Values{"name": {"Justice focal point"}, "password": {"long enough password"}, "confirm": {"long enough password"}})
	if accepted.Status != http.StatusSeeOther || accepted.Location != "/s/xar/" {
		t.Fatalf("accept: status %d location %q", accepted.Status, accepted.Location)
	}
	home := invitee.Get("/s/xar/")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, "Arcadia") {
		t.Fatalf("the new focal point cannot open the State home (status %d)", home.Status)
	}
	if !strings.Contains(home.Body, `<html lang="ar" dir="rtl"`) {
		t.Error("the invitation was in Arabic but the new person's pages are not")
	}
	if again := app.Client(t).Get(link); again.Status != http.StatusGone {
		t.Errorf("a used invitation link answered %d, want 410", again.Status)
	}
	if again := app.Client(t).Post(link, url.Values{"name": {"x"}, "password": {"another long password"}, "confirm": {"another long password"}}); again.Status != http.StatusGone {
		t.Errorf("accepting a used invitation answered %d, want 410", again.Status)
	}
	signIn := app.Client(t)
	if r := signIn.Post("/login", url.Values{"email": {"focal@justice.example"}, "password": {"long enough password"}}); r.Status != http.StatusSeeOther {
		t.Errorf("the invitee cannot sign in with the chosen password (status %d)", r.Status)
	}
}

func TestExpiredAndUnknownInvitations(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	err := app.Accounts.Invite(context.Background(), account.InviteInput{TenantID: st.ID, TenantName: st.Name,
		Email: "late@example.org", Name: "Late", Role: account.RoleNHRI, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	link := apptest.LinkIn(t, app.LastEmailTo(t, "late@example.org").Body)
	if _, err := app.DB.Owner.Exec(context.Background(), `SET app.tenant_id = '`+itoa(st.ID)+`'; UPDATE invitations SET expires_at = now() - interval '1 minute'`); err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	c.Header.Set("Accept-Language", "ru")
	r := c.Get(link)
	if r.Status != http.StatusGone || !strings.Contains(r.Body, `<html lang="ru"`) {
		t.Errorf("expired invitation: status %d, want 410 in Russian", r.Status)
	}
	if r := c.Get("/invite/unknown-token"); r.Status != http.StatusNotFound {
		t.Errorf("unknown invitation: status %d, want 404", r.Status)
	}
}

// A person who already has an account accepts with their password and gains a second State.
func TestInvitationForExistingAccount(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	a := app.State(t, "XAR", "Arcadia", "en")
	b := app.State(t, "XBO", "Borealis", "fr")
	app.User(t, "expert@example.org", false, a.ID, account.RoleNMRFStaff)
	if err := app.Accounts.Invite(context.Background(), account.InviteInput{TenantID: b.ID, TenantName: b.Name,
		Email: "expert@example.org", Name: "Expert", Role: account.RoleNHRI, Language: "fr"}); err != nil {
		t.Fatal(err)
	}
	link := apptest.LinkIn(t, app.LastEmailTo(t, "expert@example.org").Body)
	c := app.Client(t)
	if r := c.Post(link, url.Values{"password": {"wrong password here"}}); r.Status != http.StatusBadRequest {
		t.Fatalf("wrong password: status %d, want 400", r.Status)
	}
	if r := c.Post(link, url.Values{"password": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept with password: status %d", r.Status)
	}
	states := c.Get("/states")
	if !strings.Contains(states.Body, "Arcadia") || !strings.Contains(states.Body, "Borealis") {
		t.Error("a person with two States does not see both to choose from")
	}
}

func TestPlatformAdminCreatesStateAndInvitesFirstAdmin(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	app.User(t, "root@example.org", true, 0, "")
	c := app.Client(t)
	c.Login("root@example.org")

	if r := c.Post("/admin/states", url.Values{"code": {"X1"}, "name": {""}, "language": {"en"}}); r.Status != http.StatusBadRequest {
		t.Errorf("bad State: status %d, want 400", r.Status)
	}
	r := c.Post("/admin/states", url.Values{"code": {"xca"}, "name": {"Caledonia"}, "language": {"es"}})
	if r.Status != http.StatusSeeOther || r.Location != "/admin/states/XCA" {
		t.Fatalf("create State: status %d location %q", r.Status, r.Location)
	}
	if r := c.Post("/admin/states", url.Values{"code": {"XCA"}, "name": {"Again"}, "language": {"es"}}); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "already exists") {
		t.Errorf("duplicate State: status %d, want 400 saying it exists", r.Status)
	}
	if r := c.Post("/admin/states/XCA/invitations", url.Values{"email": {"first@caledonia.example"}, "name": {"First admin"}, "language": {"es"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("invite first admin: status %d", r.Status)
	}
	outbox := c.Get("/admin/outbox")
	if !strings.Contains(outbox.Body, "first@caledonia.example") {
		t.Fatal("the outbox does not list the invitation")
	}
	mail := app.LastEmailTo(t, "first@caledonia.example")
	link := apptest.LinkIn(t, mail.Body)
	var id string
	_ = app.DB.Owner.QueryRow(context.Background(), `SELECT id::text FROM outbox WHERE recipient = 'first@caledonia.example'`).Scan(&id)
	page := c.Get("/admin/outbox/" + id)
	if !strings.Contains(page.Body, `href="`+app.URL+link+`"`) {
		t.Error("the outbox message page does not make the invitation link followable")
	}
	invitee := app.Client(t)
	if r := invitee.Post(link, url.Values{"name": {"First admin"}, "password": {"a long first password"}, "confirm": {"a long first password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: status %d", r.Status)
	}
	if r := invitee.Get("/s/xca/members"); r.Status != http.StatusOK || !strings.Contains(r.Body, "NMRF") {
		t.Errorf("the first NMRF admin cannot manage members (status %d)", r.Status)
	}
	// The platform admin is not a member: the State's workspace is closed to them.
	if r := c.Get("/s/xca/"); r.Status != http.StatusNotFound {
		t.Errorf("platform admin inside a State's workspace: status %d, want 404", r.Status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A focal point is invited for an entity and, once in, belongs to it.
func TestFocalPointInvitedForAnEntity(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	e, err := app.Entities.Create(context.Background(), st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
	if err != nil {
		t.Fatal(err)
	}
	admin := app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Get("/s/xar/members"); !strings.Contains(r.Body, "Ministry of Justice") {
		t.Fatal("the invitation form does not offer the State's entities")
	}
	r := admin.Post("/s/xar/invitations", url.Values{"email": {"nhri@example.org"}, "name": {"NHRI"}, "role": {"nhri"},
		"entity": {strconv.FormatInt(e.ID, 10)}, "language": {"en"}})
	if r.Status != http.StatusBadRequest {
		t.Errorf("an entity for a non-focal-point: status %d, want 400", r.Status)
	}
	r = admin.Post("/s/xar/invitations", url.Values{"email": {"fp@justice.example"}, "name": {"Focal point"}, "role": {"focal_point"},
		"entity": {strconv.FormatInt(e.ID, 10)}, "language": {"en"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}
	link := apptest.LinkIn(t, app.LastEmailTo(t, "fp@justice.example").Body)
	if r := app.Client(t).Post(link, url.Values{"name": {"Focal point"}, "password": {"long enough password"}, "confirm": {"long enough password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Status)
	}
	var entityID int64
	inState(t, app, st.ID, `SELECT COALESCE(m.entity_id, 0) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'fp@justice.example'`, &entityID)
	if entityID != e.ID {
		t.Errorf("the focal point belongs to entity %d, want %d", entityID, e.ID)
	}
}
