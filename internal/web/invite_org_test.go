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
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/db"
)

// Staff invite civil-society members naming their organisation; once they accept (with a
// new account or an existing one) they belong to it, so a consultation open to chosen
// organisations lets them in exactly when their organisation is chosen. An organisation
// that is not one of the State's approved ones, or one given with another role, is
// refused with the form shown again and nothing written.
func TestCivilSocietyInvitedForAnOrganisation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newConsultFixture(t)
	app := f.app
	app.User(t, "admin@arcadia.example", false, f.st.ID, account.RoleNMRFAdmin)
	// Someone who already works for another State, where its organisation lives too.
	b := app.State(t, "XBO", "Borealis", "fr")
	bStaff := app.User(t, "expert@example.org", false, b.ID, account.RoleNMRFStaff)
	foreignOrg, err := app.Consultations.CreateOrganisation(ctx, b.ID, consultation.Actor{UserID: bStaff.ID, Role: account.RoleNMRFStaff},
		consultation.OrgInput{Name: "Borealis Legal Aid", Kind: "ngo", ContactEmail: "info@legal.example"})
	if err != nil {
		t.Fatal(err)
	}
	var pendingOrg int64 // asked for on the registration form, not yet approved
	if err := db.InTenant(ctx, app.Pool, f.st.ID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO organisations (tenant_id, name, kind, contact_email, status)
VALUES ($1, 'Unvetted Group', 'other', 'info@unvetted.example', 'pending') RETURNING id`, f.st.ID).Scan(&pendingOrg)
	}); err != nil {
		t.Fatal(err)
	}

	admin := app.Client(t)
	admin.Login("admin@arcadia.example")
	page := admin.Get("/s/xar/members")
	for _, want := range []string{`<select id="field-organisation" name="organisation"`, "Rights Watch Arcadia", "Teachers&#39; Union",
		"Organisation (for a civil-society member)", "Consultations open to chosen organisations reach its members."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the members page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Unvetted Group", "Borealis Legal Aid"} {
		if strings.Contains(page.Body, unwanted) {
			t.Errorf("the invitation form offers %q, which is not an approved organisation of the State", unwanted)
		}
	}

	written := func() (invitations, emails int) {
		inState(t, app, f.st.ID, `SELECT count(*) FROM invitations`, &invitations)
		if err := app.DB.Owner.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&emails); err != nil {
			t.Fatal(err)
		}
		return invitations, emails
	}
	invitationsBefore, emailsBefore := written()
	invite := func(email, role, org string) apptest.Response {
		return admin.Post("/s/xar/invitations", url.Values{"email": {email}, "name": {"Invited " + email}, "role": {role},
			"organisation": {org}, "language": {"en"}})
	}
	for _, tc := range []struct {
		name, role, org, says string
	}{
		{"another State's organisation", "civil_society", itoa(foreignOrg), "Choose one of the State&#39;s approved organisations in the list."},
		{"a pending organisation", "civil_society", itoa(pendingOrg), "Choose one of the State&#39;s approved organisations in the list."},
		{"an organisation that does not exist", "civil_society", "999999", "Choose one of the State&#39;s approved organisations in the list."},
		{"an organisation for the NHRI", "nhri", itoa(f.invitedOrg), "Only a civil-society member belongs to an organisation"},
		{"an organisation that is not a number", "civil_society", "rights", ""},
	} {
		r := invite("bad@rights.example", tc.role, tc.org)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, tc.says) {
			t.Errorf("%s: status %d, want 400 saying %q", tc.name, r.Status, tc.says)
		}
		if tc.says != "" && !strings.Contains(r.Body, `aria-describedby="field-organisation-hint field-organisation-error"`) {
			t.Errorf("%s: the error is not tied to the organisation field", tc.name)
		}
		if inv, mail := written(); inv != invitationsBefore || mail != emailsBefore {
			t.Errorf("%s: refused, yet %d invitations and %d emails were written", tc.name, inv-invitationsBefore, mail-emailsBefore)
		}
	}

	// A new person, invited for the first organisation.
	if r := invite("new@rights.example", "civil_society", itoa(f.invitedOrg)); r.Status != http.StatusSeeOther {
		t.Fatalf("invite a civil-society member: %d\n%s", r.Status, r.Body)
	}
	pending := regexp.MustCompile(`new@rights.example</td>\s*<td>\s*Civil society\s*<br>\s*Rights Watch Arcadia`)
	if !pending.MatchString(admin.Get("/s/xar/members").Body) {
		t.Error("the pending invitation does not show the organisation it names")
	}
	newcomer := app.Client(t)
	link := apptest.LinkIn(t, app.LastEmailTo(t, "new@rights.example").Body)
	if r := newcomer.Post(link, url.Values{"name": {"New member"}, "password": {"long enough password"}, "confirm": {"long enough password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept as a new person: %d", r.Status)
	}
	// A person with an account elsewhere, invited for the other organisation.
	if r := invite("expert@example.org", "civil_society", itoa(f.otherOrg)); r.Status != http.StatusSeeOther {
		t.Fatalf("invite a person who has an account: %d\n%s", r.Status, r.Body)
	}
	expert := app.Client(t)
	link = apptest.LinkIn(t, app.LastEmailTo(t, "expert@example.org").Body)
	if r := expert.Post(link, url.Values{"password": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept with an existing account: %d", r.Status)
	}
	for email, want := range map[string]int64{"new@rights.example": f.invitedOrg, "expert@example.org": f.otherOrg} {
		var org int64
		inState(t, app, f.st.ID, `SELECT COALESCE((SELECT om.organisation_id FROM organisation_members om JOIN users u ON u.id = om.user_id
WHERE u.email = '`+email+`'), 0)`, &org)
		if org != want {
			t.Errorf("%s belongs to organisation %d, want %d", email, org, want)
		}
	}

	// Two consultations for chosen organisations: each lets in only its organisation's members.
	staff := app.Client(t)
	staff.Login("staff@arcadia.example")
	opens := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	forRights := f.open(t, staff, opens, opens.AddDate(0, 0, 14))
	r := staff.Post("/s/xar/consultations", url.Values{
		"title": {"Education chapter"}, "subject": {"plan:" + itoa(f.planID)}, "clusters": {itoa(f.clusters[2])},
		"audience": {"organisations"}, "organisations": {itoa(f.otherOrg)},
		"opens_at": {opens.Format("2006-01-02T15:04")}, "closes_at": {opens.AddDate(0, 0, 14).Format("2006-01-02T15:04")}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("open the second consultation: %d\n%s", r.Status, r.Body)
	}
	forTeachers := r.Location
	app.Consultations.SetNow(opens.Add(time.Hour))
	for _, tc := range []struct {
		who            *apptest.Client
		name, page     string
		item           int64
		status, reads  int
		consultedTitle string
	}{
		{newcomer, "the new member on their organisation's consultation", forRights, f.clusters[0], http.StatusSeeOther, http.StatusOK, "Draft plan 2025–2028"},
		{newcomer, "the new member on another organisation's consultation", forTeachers, f.clusters[2], http.StatusNotFound, http.StatusNotFound, ""},
		{expert, "the existing account on their organisation's consultation", forTeachers, f.clusters[2], http.StatusSeeOther, http.StatusOK, "Education chapter"},
		{expert, "the existing account on another organisation's consultation", forRights, f.clusters[0], http.StatusNotFound, http.StatusNotFound, ""},
	} {
		if got := tc.who.Get(tc.page).Status; got != tc.reads {
			t.Errorf("%s: reading answers %d, want %d", tc.name, got, tc.reads)
		}
		c := tc.who.Post(tc.page+"/comments", url.Values{"item": {"cluster:" + itoa(tc.item)}, "body": {"From " + tc.name}})
		if c.Status != tc.status {
			t.Errorf("%s: commenting answers %d, want %d", tc.name, c.Status, tc.status)
		}
		if tc.consultedTitle != "" && !strings.Contains(tc.who.Get("/s/xar/consultations").Body, tc.consultedTitle) {
			t.Errorf("%s: the list of consultations does not show it", tc.name)
		}
	}

	// Invited again with another role, a member no longer speaks for an organisation.
	if r := invite("cso@other.example", "nhri", ""); r.Status != http.StatusSeeOther {
		t.Fatalf("invite a civil-society member as the NHRI: %d", r.Status)
	}
	link = apptest.LinkIn(t, app.LastEmailTo(t, "cso@other.example").Body)
	if r := app.Client(t).Post(link, url.Values{"password": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept the NHRI role: %d", r.Status)
	}
	var links int
	inState(t, app, f.st.ID, `SELECT count(*) FROM organisation_members om JOIN users u ON u.id = om.user_id WHERE u.email = 'cso@other.example'`, &links)
	if links != 0 {
		t.Error("a member who is now the NHRI still speaks for an organisation")
	}
}
