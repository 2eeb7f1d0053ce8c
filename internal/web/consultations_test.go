package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// consultFixture is a State with a plan built from two clusters (and a third cluster
// left out), the staff, the NHRI, two organisations with one member each, and a focal point.
type consultFixture struct {
	app                  *apptest.App
	st                   tenancy.Tenant
	planID               int64
	clusters             []int64
	invitedOrg, otherOrg int64
}

func newConsultFixture(t *testing.T) consultFixture {
	t.Helper()
	ctx := context.Background()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	staff := app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	app.User(t, "nhri@arcadia.example", false, st.ID, account.RoleNHRI)
	app.User(t, "fp@arcadia.example", false, st.ID, account.RoleFocalPoint)
	cso := app.User(t, "cso@rights.example", false, st.ID, account.RoleCivilSociety)
	other := app.User(t, "cso@other.example", false, st.ID, account.RoleCivilSociety)
	f := consultFixture{app: app, st: st}
	for _, name := range []string{"Women's rights", "Justice", "Education"} {
		c, err := app.Clusters.Create(ctx, st.ID, 0, cluster.Input{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		f.clusters = append(f.clusters, c.ID)
	}
	plans := plan.NewStore(app.Pool)
	p, err := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "National plan 2025–2028", PeriodStart: day("2025-01-01"), PeriodEnd: day("2028-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	f.planID = p.ID
	if _, err := plans.FromClusters(ctx, st.ID, 0, p.ID, f.clusters); err != nil {
		t.Fatal(err)
	}
	actor := consultation.Actor{UserID: staff.ID, Role: account.RoleNMRFStaff}
	if f.invitedOrg, err = app.Consultations.CreateOrganisation(ctx, st.ID, actor,
		consultation.OrgInput{Name: "Rights Watch Arcadia", Kind: "ngo", ContactEmail: "info@rights.example"}); err != nil {
		t.Fatal(err)
	}
	if f.otherOrg, err = app.Consultations.CreateOrganisation(ctx, st.ID, actor,
		consultation.OrgInput{Name: "Teachers' Union", Kind: "trade_union", ContactEmail: "info@other.example"}); err != nil {
		t.Fatal(err)
	}
	for user, org := range map[int64]int64{cso.ID: f.invitedOrg, other.ID: f.otherOrg} {
		if err := db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO organisation_members (tenant_id, user_id, organisation_id) VALUES ($1, $2, $3)`, st.ID, user, org)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// open has the staff open a consultation on the first two clusters for the invited
// organisation, from opens to closes, and returns its address.
func (f consultFixture) open(t *testing.T, staff *apptest.Client, opens, closes time.Time) string {
	t.Helper()
	r := staff.Post("/s/xar/consultations", url.Values{
		"title": {"Draft plan 2025–2028"}, "explanation": {"Tell us what you think."},
		"subject": {"plan:" + itoa(f.planID)}, "clusters": {itoa(f.clusters[0]), itoa(f.clusters[1])},
		"audience": {"organisations"}, "organisations": {itoa(f.invitedOrg)},
		"opens_at": {opens.UTC().Format("2006-01-02T15:04")}, "closes_at": {closes.UTC().Format("2006-01-02T15:04")}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("open a consultation: %d\n%s", r.Status, r.Body)
	}
	return r.Location
}

// notices counts a person's notifications with a message ID in the State.
func notices(t *testing.T, app *apptest.App, tenantID int64, email, msgID string) int {
	t.Helper()
	var n int
	inState(t, app, tenantID, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
WHERE u.email = '`+email+`' AND n.message_id = '`+msgID+`'`, &n)
	return n
}

// The window decides: a comment a second before the consultation opens is refused, one
// at the opening and one a second before the close are taken, one at the close and after
// is refused; a member of an organisation that was not invited sees nothing; refusals
// are translated.
func TestConsultationWindowAndInvitation(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app := f.app
	staff := app.Client(t)
	staff.Login("staff@arcadia.example")

	bad := staff.Post("/s/xar/consultations", url.Values{"title": {"Backwards"}, "subject": {"plan:" + itoa(f.planID)},
		"audience": {"nhri"}, "opens_at": {"2030-05-02T10:00"}, "closes_at": {"2030-05-01T10:00"}})
	if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Body, "The consultation must close after it opens.") {
		t.Errorf("closing before opening: status %d", bad.Status)
	}

	opens := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	closes := time.Date(2030, 5, 15, 17, 0, 0, 0, time.UTC)
	page := f.open(t, staff, opens, closes)

	cso := app.Client(t)
	cso.Login("cso@rights.example")
	comment := func(c *apptest.Client, body string) apptest.Response {
		return c.Post(page+"/comments", url.Values{"item": {"cluster:" + itoa(f.clusters[0])}, "body": {body}})
	}
	for _, tc := range []struct {
		at     time.Time
		status int
		says   string
	}{
		{opens.Add(-time.Second), http.StatusForbidden, "This consultation is not open yet"},
		{opens, http.StatusSeeOther, ""},
		{closes.Add(-time.Second), http.StatusSeeOther, ""},
		{closes, http.StatusForbidden, "This consultation is closed"},
		{closes.Add(time.Hour), http.StatusForbidden, "This consultation is closed"},
	} {
		app.Consultations.SetNow(tc.at)
		r := comment(cso, "Comment at "+tc.at.Format(time.RFC3339))
		if r.Status != tc.status || !strings.Contains(r.Body, tc.says) {
			t.Errorf("comment at %s: status %d, want %d saying %q", tc.at, r.Status, tc.status, tc.says)
		}
		form := strings.Contains(cso.Get(page).Body, `name="body"`)
		if form != (tc.status == http.StatusSeeOther) {
			t.Errorf("at %s the comment form is shown: %v", tc.at, form)
		}
	}
	app.Consultations.SetNow(opens.Add(time.Hour))
	if r := cso.Post(page+"/comments", url.Values{"item": {"cluster:" + itoa(f.clusters[2])}, "body": {"Out of scope"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a comment on a cluster outside the consultation: %d, want 400", r.Status)
	}

	other := app.Client(t)
	other.Login("cso@other.example")
	if r := comment(other, "Let me in"); r.Status != http.StatusNotFound {
		t.Errorf("an uninvited organisation's member comments: %d, want 404", r.Status)
	}
	if r := other.Get(page); r.Status != http.StatusNotFound {
		t.Errorf("an uninvited organisation's member reads: %d, want 404", r.Status)
	}
	if list := other.Get("/s/xar/consultations"); strings.Contains(list.Body, "Draft plan 2025–2028") {
		t.Error("an uninvited organisation's member sees the consultation in the list")
	}
	fp := app.Client(t)
	fp.Login("fp@arcadia.example")
	if r := fp.Get(page); r.Status != http.StatusNotFound {
		t.Errorf("a focal point not invited reads: %d, want 404", r.Status)
	}
	nhri := app.Client(t)
	nhri.Login("nhri@arcadia.example")
	if r := comment(nhri, "The NHRI is always invited."); r.Status != http.StatusSeeOther {
		t.Errorf("the NHRI comments: %d", r.Status)
	}
	if r := nhri.Get(page); !strings.Contains(r.Body, "Comment at "+opens.Format(time.RFC3339)) || strings.Contains(r.Body, "Comment at "+closes.Format(time.RFC3339)) {
		t.Error("the page does not show exactly the comments made inside the window")
	}

	// Opening told the invited people, in the app and by email, and nobody else.
	for email, want := range map[string]int{"cso@rights.example": 1, "nhri@arcadia.example": 1, "cso@other.example": 0,
		"fp@arcadia.example": 0, "staff@arcadia.example": 0} {
		if got := notices(t, app, f.st.ID, email, "Consultation.Notify.Opened"); got != want {
			t.Errorf("%s has %d opening notices, want %d", email, got, want)
		}
	}
	if n := cso.Get("/s/xar/notifications").Body; !strings.Contains(n, "You are invited to comment on “Draft plan 2025–2028” from 2030-05-01 09:00 UTC") ||
		!strings.Contains(n, `href="`+page+`"`) {
		t.Error("the notifications page does not tell of the consultation with a link to it")
	}
	if m := app.LastEmailTo(t, "cso@rights.example"); !strings.Contains(m.Subject, "Draft plan 2025–2028") || !strings.Contains(m.Body, page) {
		t.Errorf("opening email: %q\n%s", m.Subject, m.Body)
	}
}

// Staff hide an abusive comment (kept, marked for its author, the reason for others),
// answer the others, and after the close publish the report, which lists every comment
// with its answer; replies and answers notify the authors; the closing reminder goes
// out once.
func TestConsultationHideAnswerReport(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app := f.app
	staff := app.Client(t)
	staff.Login("staff@arcadia.example")
	opens := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	closes := time.Date(2030, 5, 15, 17, 0, 0, 0, time.UTC)
	page := f.open(t, staff, opens, closes)
	app.Consultations.SetNow(opens.Add(time.Hour))

	cso := app.Client(t)
	cso.Login("cso@rights.example")
	nhri := app.Client(t)
	nhri.Login("nhri@arcadia.example")
	if r := cso.Post(page+"/comments", url.Values{"item": {"whole"}, "body": {"Add a budget line for shelters."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("comment: %d\n%s", r.Status, r.Body)
	}
	exe := cso.Upload(page+"/comments", "file", "budget.pdf", []byte("MZ\x90\x00\x03 this is a program"), url.Values{"item": {"whole"}, "body": {"See the file."}})
	if exe.Status != http.StatusBadRequest || !strings.Contains(exe.Body, "not accepted") {
		t.Errorf("a program disguised as a PDF: status %d", exe.Status)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	if r := cso.Upload(page+"/comments", "file", "insults.pdf", pdf, url.Values{"item": {"whole"}, "body": {"You are all useless idiots."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("comment with a document: %d\n%s", r.Status, r.Body)
	}
	ids := regexp.MustCompile(`id="comment-([0-9]+)"`).FindAllStringSubmatch(staff.Get(page).Body, -1)
	if len(ids) != 2 {
		t.Fatalf("the page shows %d comments, want 2", len(ids))
	}
	good, abusive := ids[0][1], ids[1][1]
	if r := nhri.Post(page+"/comments", url.Values{"parent": {good}, "body": {"The NHRI supports this."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reply: %d", r.Status)
	}
	if notices(t, app, f.st.ID, "cso@rights.example", "Consultation.Notify.Reply") != 1 {
		t.Error("the author is not told of the reply")
	}

	if r := cso.Post("/s/xar/comments/"+abusive+"/hide", url.Values{"version": {"1"}, "reason": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("civil society hides a comment: %d, want 403", r.Status)
	}
	if r := staff.Post("/s/xar/comments/"+abusive+"/hide", url.Values{"version": {"1"}}); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, "Say why the comment is hidden.") {
		t.Errorf("hiding without a reason: %d, want 400 saying a reason is needed", r.Status)
	}
	if r := staff.Post("/s/xar/comments/"+abusive+"/hide", url.Values{"version": {"1"}, "reason": {"Insults"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hide: %d", r.Status)
	}
	var kept string
	inState(t, app, f.st.ID, `SELECT body FROM consultation_comments WHERE id = `+abusive, &kept)
	if kept != "You are all useless idiots." {
		t.Errorf("the hidden comment's text is not kept: %q", kept)
	}
	if body := nhri.Get(page).Body; strings.Contains(body, "useless idiots") || !strings.Contains(body, "Hidden by staff: Insults") {
		t.Error("others still read the hidden comment, or do not see why it is hidden")
	}
	if body := cso.Get(page).Body; !strings.Contains(body, "useless idiots") || !strings.Contains(body, "Hidden by staff: Insults") {
		t.Error("the author does not see their own comment marked hidden")
	}
	file := "/s/xar/comments/" + abusive + "/file"
	if r := cso.Get(file); r.Status != http.StatusOK || r.Header.Get("Content-Disposition") != `attachment; filename=insults.pdf` {
		t.Errorf("the author downloads their document: %d %q", r.Status, r.Header.Get("Content-Disposition"))
	}
	if r := nhri.Get(file); r.Status != http.StatusNotFound {
		t.Errorf("others download a hidden comment's document: %d, want 404", r.Status)
	}

	if r := staff.Post("/s/xar/comments/"+good+"/answer", url.Values{"version": {"1"}, "outcome": {"partly"}}); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, "Say what changed or why not.") {
		t.Errorf("an answer without text: %d, want 400 saying what is missing", r.Status)
	}
	if r := staff.Post("/s/xar/comments/"+good+"/answer", url.Values{"version": {"9"}, "outcome": {"partly"}, "answer": {"x"}}); r.Status != http.StatusConflict {
		t.Errorf("an answer on a stale version: %d, want 409", r.Status)
	}
	if r := staff.Post("/s/xar/comments/"+good+"/answer", url.Values{"version": {"1"}, "outcome": {"partly"},
		"answer": {"A budget line for shelters in two regions was added to action 1."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d", r.Status)
	}
	if notices(t, app, f.st.ID, "cso@rights.example", "Consultation.Notify.Answered") != 1 {
		t.Error("the author is not told of the answer")
	}
	if m := app.LastEmailTo(t, "cso@rights.example"); !strings.Contains(m.Body, "answered your comment") {
		t.Errorf("the answer email says: %s", m.Body)
	}

	if r := staff.Get(page + "/report"); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "once it has closed") {
		t.Errorf("the report of an open consultation: %d", r.Status)
	}

	// Two days before the close, the participants are reminded, once.
	app.Consultations.SetNow(closes.Add(-47 * time.Hour))
	for range 2 {
		if _, err := app.Consultations.ClosingSoon(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := notices(t, app, f.st.ID, "cso@rights.example", "Consultation.Notify.ClosingSoon"); n != 1 {
		t.Errorf("closing-soon notices: %d, want 1", n)
	}

	app.Consultations.SetNow(closes.Add(time.Minute))
	rep := cso.Get(page + "/report")
	if rep.Status != http.StatusOK || !strings.Contains(rep.Body, "Add a budget line for shelters.") ||
		!strings.Contains(rep.Body, "Partly taken into account") || !strings.Contains(rep.Body, "A budget line for shelters in two regions") ||
		!strings.Contains(rep.Body, "The NHRI supports this.") || !strings.Contains(rep.Body, "not published yet") {
		t.Errorf("the report as civil society reads it: %d\n%s", rep.Status, rep.Body)
	}
	if r := cso.Post(page+"/publish", url.Values{"version": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("civil society publishes: %d, want 403", r.Status)
	}
	if r := staff.Post(page+"/publish", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.Status, r.Body)
	}
	if body := staff.Get(page + "/report").Body; !strings.Contains(body, "Published on") {
		t.Error("the report does not say it is published")
	}
	// The public reads published reports only of a State whose portal is on.
	if published, err := consultation.PublishedReports(context.Background(), app.Pool, f.st.ID); err != nil || len(published) != 0 {
		t.Fatalf("published reports with the portal off: %d, %v", len(published), err)
	}
	if err := db.InTenant(context.Background(), app.Pool, f.st.ID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO portal_settings (tenant_id, published) VALUES ($1, true)`, f.st.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	published, err := consultation.PublishedReports(context.Background(), app.Pool, f.st.ID)
	if err != nil || len(published) != 1 {
		t.Fatalf("published reports: %d, %v", len(published), err)
	}
	var texts []string
	for _, s := range published[0].Sections {
		for _, c := range s.Comments {
			texts = append(texts, c.Body+"|"+c.Speaker+"|"+c.Answer+"|"+c.Reason)
		}
	}
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, "Add a budget line for shelters.|Rights Watch Arcadia|A budget line") || strings.Contains(all, "idiots") ||
		!strings.Contains(all, "|Insults") || strings.Contains(all, "Test cso@") {
		t.Errorf("the published report for the portal:\n%s", all)
	}
}

// A person registers for a new organisation, giving no password; staff approve: the
// organisation is approved, but the person cannot sign in until they follow the
// invitation emailed to the address they gave and choose a password there (so nobody
// speaks for an organisation under an address they do not own); then they are a
// civil-society member of that organisation and may comment on a consultation open to
// it. A request for the address of an existing account, approved, is an invitation too:
// the account is linked to the organisation only once its owner accepts with their own
// password, which stays as it was. Another request is rejected with a reason, which is
// emailed.
func TestRegistrationApproveReject(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app, st := f.app, f.st
	anon := app.Client(t)
	page := anon.Get("/register/xar")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Register with Arcadia as civil society") {
		t.Fatalf("registration form: %d", page.Status)
	}
	if strings.Contains(page.Body, `type="password"`) || !strings.Contains(page.Body, "an email will follow at the address you give, with a link to set your password") {
		t.Error("the registration form asks for a password or does not say how the person will get one")
	}
	form := url.Values{"name": {"Amal Example"}, "email": {"amal@coalition.example"},
		"org_name": {"Coalition for Justice"}, "org_kind": {"association"}, "org_email": {"hello@coalition.example"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("email", "not an address")
	bad.Set("org_kind", "club")
	if r := anon.Post("/register/xar", bad); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Choose the kind of organisation.") ||
		!strings.Contains(r.Body, "Enter an email address") {
		t.Errorf("a registration with a bad email and a bad kind: %d", r.Status)
	}
	if r := anon.Post("/register/xar", form); r.Status != http.StatusOK || !strings.Contains(r.Body, "Your request was received") {
		t.Fatalf("register: %d\n%s", r.Status, r.Body)
	}
	if r := anon.Post("/register/xar", url.Values{"name": {"Spam"}, "email": {"spam@example.org"},
		"org_name": {"Spam Inc"}, "org_kind": {"other"}, "org_email": {"spam@example.org"}}); r.Status != http.StatusOK {
		t.Fatalf("register: %d", r.Status)
	}
	// The holder of an existing account (a member of the Teachers' Union) asks to speak
	// for Rights Watch Arcadia; a password sent with the form is ignored.
	if r := anon.Post("/register/xar", url.Values{"name": {"Other member"}, "email": {"cso@other.example"},
		"organisation": {itoa(f.invitedOrg)}, "password": {"a password from the form"}, "confirm": {"a password from the form"}}); r.Status != http.StatusOK {
		t.Fatalf("register an existing account: %d\n%s", r.Status, r.Body)
	}
	if n := notices(t, app, st.ID, "staff@arcadia.example", "Register.Notify.Pending"); n != 3 {
		t.Errorf("staff have %d registration notices, want 3", n)
	}
	early := app.Client(t)
	early.Post("/login", url.Values{"email": {"amal@coalition.example"}, "password": {"a long enough password"}})
	if home := early.Get("/s/xar/"); home.Status == http.StatusOK {
		t.Error("a person can enter the State before their registration is approved")
	}

	staff := app.Client(t)
	staff.Login("staff@arcadia.example")
	now := time.Now().UTC()
	rightsPage := f.open(t, staff, now.Add(-time.Hour), now.Add(72*time.Hour))
	other := app.Client(t)
	other.Login("cso@other.example")
	if r := other.Get(rightsPage); r.Status != http.StatusNotFound {
		t.Fatalf("a Teachers' Union member opens Rights Watch Arcadia's consultation: %d, want 404", r.Status)
	}
	orgs := staff.Get("/s/xar/organisations")
	approve := regexp.MustCompile(`/s/xar/registrations/[0-9]+/approve`).FindAllString(orgs.Body, -1)
	if len(approve) != 3 || !strings.Contains(orgs.Body, "Coalition for Justice") {
		t.Fatalf("the organisations page lists %d requests", len(approve))
	}
	if r := staff.Post(approve[0], nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", r.Status, r.Body)
	}
	if r := staff.Post(approve[0], nil); r.Status != http.StatusConflict {
		t.Errorf("approving twice: %d, want 409", r.Status)
	}
	for _, pw := range []string{"a long enough password", ""} {
		if r := app.Client(t).Post("/login", url.Values{"email": {"amal@coalition.example"}, "password": {pw}}); r.Status == http.StatusSeeOther {
			t.Errorf("the approved person signs in with %q before accepting the invitation", pw)
		}
	}
	mail := app.LastEmailTo(t, "amal@coalition.example")
	if mail.Kind != "invitation" || !strings.Contains(mail.Subject, "Arcadia") || !strings.Contains(mail.Body, app.URL+"/invite/") {
		t.Fatalf("approval email: %s %q\n%s", mail.Kind, mail.Subject, mail.Body)
	}
	if body := staff.Get("/s/xar/organisations").Body; !strings.Contains(body, "Coalition for Justice") || !strings.Contains(body, "Approved") {
		t.Error("the new organisation is not approved")
	}
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	admin := app.Client(t)
	admin.Login("admin@arcadia.example")
	if body := admin.Get("/s/xar/members").Body; !strings.Contains(body, "amal@coalition.example") || !strings.Contains(body, "Coalition for Justice") {
		t.Error("the members page does not show the pending invitation for the organisation")
	}

	link := apptest.LinkIn(t, mail.Body)
	member := app.Client(t)
	if r := member.Get(link); r.Status != http.StatusOK || !strings.Contains(r.Body, "amal@coalition.example") {
		t.Fatalf("the invitation link: %d", r.Status)
	}
	if r := member.Post(link, url.Values{"name": {"Amal Example"}, "password": {"a long enough password"}, "confirm": {"a long enough password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept the invitation: %d\n%s", r.Status, r.Body)
	}
	if r := app.Client(t).Post("/login", url.Values{"email": {"amal@coalition.example"}, "password": {"a long enough password"}}); r.Status != http.StatusSeeOther {
		t.Errorf("the member signs in with the password chosen on the invitation page: %d", r.Status)
	}
	if home := member.Get("/s/xar/consultations"); home.Status != http.StatusOK {
		t.Errorf("the approved member opens consultations: %d", home.Status)
	}
	if r := member.Get("/s/xar/recommendations"); r.Status != http.StatusForbidden {
		t.Errorf("the approved member opens the workspace's database: %d, want 403", r.Status)
	}
	var coalition int64
	var role string
	inState(t, app, st.ID, `SELECT om.organisation_id, m.role FROM organisation_members om
JOIN memberships m ON m.tenant_id = om.tenant_id AND m.user_id = om.user_id
JOIN users u ON u.id = om.user_id JOIN organisations o ON o.tenant_id = om.tenant_id AND o.id = om.organisation_id
WHERE u.email = 'amal@coalition.example' AND o.name = 'Coalition for Justice'`, &coalition, &role)
	if role != string(account.RoleCivilSociety) {
		t.Errorf("the member's role is %q", role)
	}
	r := staff.Post("/s/xar/consultations", url.Values{"title": {"Justice chapter"}, "subject": {"plan:" + itoa(f.planID)},
		"audience": {"organisations"}, "organisations": {itoa(coalition)},
		"opens_at": {now.Add(-time.Hour).Format("2006-01-02T15:04")}, "closes_at": {now.Add(72 * time.Hour).Format("2006-01-02T15:04")}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("open a consultation for the coalition: %d\n%s", r.Status, r.Body)
	}
	if c := member.Post(r.Location+"/comments", url.Values{"item": {"whole"}, "body": {"Legal aid must reach every region."}}); c.Status != http.StatusSeeOther {
		t.Errorf("the new member comments on a consultation open to their organisation: %d", c.Status)
	}
	if body := staff.Get(r.Location).Body; !strings.Contains(body, "Legal aid must reach every region.") || !strings.Contains(body, "Coalition for Justice") {
		t.Error("the staff do not see the new member's comment under their organisation")
	}

	// The existing account: invited too; linked to the organisation only when its owner
	// accepts with their own password, which stays as it was.
	if r := staff.Post(approve[2], nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve the existing account's request: %d\n%s", r.Status, r.Body)
	}
	m := app.LastEmailTo(t, "cso@other.example")
	if m.Kind != "invitation" || !strings.Contains(m.Body, "/invite/") {
		t.Fatalf("approval email to an existing account: %s %q\n%s", m.Kind, m.Subject, m.Body)
	}
	returning := app.Client(t)
	if r := returning.Post("/login", url.Values{"email": {"cso@other.example"}, "password": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("the existing account signs in with its own password: %d", r.Status)
	}
	if r := returning.Get(rightsPage); r.Status != http.StatusNotFound {
		t.Errorf("before accepting, the existing account opens Rights Watch Arcadia's consultation: %d, want 404", r.Status)
	}
	invite := apptest.LinkIn(t, m.Body)
	if r := app.Client(t).Post(invite, url.Values{"password": {"a password from the form"}}); r.Status == http.StatusSeeOther {
		t.Error("the invitation was accepted with the password sent on the registration form")
	}
	if r := returning.Post(invite, url.Values{"password": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("the owner accepts with their own password: %d\n%s", r.Status, r.Body)
	}
	if r := app.Client(t).Post("/login", url.Values{"email": {"cso@other.example"}, "password": {"a password from the form"}}); r.Status == http.StatusSeeOther {
		t.Error("the password sent with the registration form became the account's")
	}
	if r := returning.Get(rightsPage); r.Status != http.StatusOK {
		t.Errorf("the existing account, now of Rights Watch Arcadia, opens its consultation: %d", r.Status)
	}

	reject := strings.Replace(approve[1], "/approve", "/reject", 1)
	if r := staff.Post(reject, url.Values{}); r.Status != http.StatusBadRequest {
		t.Errorf("rejecting without a reason: %d, want 400", r.Status)
	}
	if r := staff.Post(reject, url.Values{"reason": {"Not a civil-society organisation."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d", r.Status)
	}
	if m := app.LastEmailTo(t, "spam@example.org"); !strings.Contains(m.Body, "Not a civil-society organisation.") || strings.Contains(m.Body, "/invite/") {
		t.Errorf("rejection email:\n%s", m.Body)
	}
	if r := app.Client(t).Post("/login", url.Values{"email": {"spam@example.org"}, "password": {"a long enough password"}}); r.Status == http.StatusSeeOther {
		t.Error("a rejected person can sign in")
	}
}

// A consultation on the recommendations of a review, open to every member: its items
// are the review's recommendations, and a focal point may comment on one.
func TestConsultationOnReviewForEveryone(t *testing.T) {
	t.Parallel()
	f := newConsultFixture(t)
	app := f.app
	ctx := context.Background()
	var doc, rec int64
	if err := db.InTenant(ctx, app.Pool, f.st.ID, 0, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO documents (tenant_id, doc_key, mechanism, body, symbol) VALUES ($1, 'A/HRC/99/9', 'upr', 'UPR', 'A/HRC/99/9') RETURNING id`,
			f.st.ID).Scan(&doc); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash)
VALUES ($1, $2, '118.1', 'Ratify the Optional Protocol to the Convention against Torture.', 'review-1', 'review-1') RETURNING id`, f.st.ID, doc).Scan(&rec)
	}); err != nil {
		t.Fatal(err)
	}
	staff := app.Client(t)
	staff.Login("staff@arcadia.example")
	r := staff.Post("/s/xar/consultations", url.Values{"title": {"Responses to the 4th UPR cycle"}, "subject": {"document:" + itoa(doc)},
		"audience": {"everyone"}, "opens_at": {"2030-01-01T00:00"}, "closes_at": {"2030-02-01T00:00"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("open: %d\n%s", r.Status, r.Body)
	}
	page := r.Location
	app.Consultations.SetNow(time.Date(2030, 1, 10, 0, 0, 0, 0, time.UTC))
	fp := app.Client(t)
	fp.Login("fp@arcadia.example")
	body := fp.Get(page).Body
	if !strings.Contains(body, "118.1 Ratify the Optional Protocol") || !strings.Contains(body, "A/HRC/99/9") {
		t.Error("the consultation does not list the review's recommendations")
	}
	if r := fp.Post(page+"/comments", url.Values{"item": {"recommendation:" + itoa(rec)}, "body": {"The ministry supports ratification."}}); r.Status != http.StatusSeeOther {
		t.Errorf("a focal point comments on a recommendation: %d", r.Status)
	}
	if notices(t, app, f.st.ID, "fp@arcadia.example", "Consultation.Notify.Opened") != 1 {
		t.Error("a consultation for everyone does not tell the focal point")
	}
}
