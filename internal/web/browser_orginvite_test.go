package web_test

// A civil-society member joins their organisation through an invitation, in a real
// browser: the NMRF admin invites them on the members page choosing the organisation;
// they accept the link and find the consultation open to that organisation, with the
// comment form. axe-core checks every page on the way. Same skip rules as browser_test.go.

import (
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

func TestBrowserCivilSocietyInvitedForAnOrganisation(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	f := newConsultFixture(t)
	app := f.app
	app.User(t, "admin@arcadia.example", false, f.st.ID, account.RoleNMRFAdmin)
	staffClient := app.Client(t)
	staffClient.Login("staff@arcadia.example")
	now := time.Now().UTC()
	page := f.open(t, staffClient, now.Add(-time.Hour), now.Add(72*time.Hour))
	b := startBrowser(t, tools, app.URL)

	// 1. The NMRF admin invites a civil-society member for Rights Watch Arcadia.
	admin := b.newTab("NMRF admin")
	admin.open("/login")
	admin.signIn("admin@arcadia.example", apptest.Password)
	admin.submit("open Members", `nav a[href="/s/xar/members"]`)
	admin.expectPath("/s/xar/members")
	if hint := admin.visible("the organisation's hint", "#field-organisation-hint"); !strings.Contains(hint, "civil-society member") {
		admin.fatalf("the organisation field's hint reads %q", hint)
	}
	admin.checkAccessibility("members page with the organisation field")
	admin.typeInto("#field-email", "new@rights.example")
	admin.typeInto("#field-name", "New member")
	admin.choose("#field-role", string(account.RoleCivilSociety))
	admin.choose("#field-organisation", itoa(f.invitedOrg))
	admin.submit("send the invitation", `form[action="/s/xar/invitations"] button[type="submit"]`)
	admin.expectPath("/s/xar/members")
	if main := admin.visible("members page", "main"); !strings.Contains(main, "new@rights.example") || !strings.Contains(main, "Rights Watch Arcadia") {
		admin.fatalf("the pending invitation does not show the member and the organisation")
	}
	admin.checkAccessibility("members page after the invitation")

	// 2. The member accepts and reaches the consultation open to their organisation.
	link := apptest.LinkIn(t, app.LastEmailTo(t, "new@rights.example").Body)
	member := b.newTab("new civil-society member")
	member.open(link)
	member.checkAccessibility("invitation page")
	member.typeInto("#field-name", "New member")
	member.typeInto("#field-password", "a long member password")
	member.typeInto("#field-confirm", "a long member password")
	member.submit("accept the invitation", `main form[action^="/invite/"] button[type="submit"]`)
	member.expectPath("/s/xar/")
	member.submit("open Consultations", `header nav a[href="/s/xar/consultations"]`)
	member.submit("open the consultation", `main table a[href="`+page+`"]`)
	member.expectPath(page)
	member.choose("#field-item", "cluster:"+itoa(f.clusters[0]))
	consultWrite(member, "#field-body", "Our members ask for shelters in every region.")
	member.submit("send the comment", `main form[action="`+page+`/comments"] button.button[type="submit"]`)
	member.expectPath(page)
	recsFlash(member, "comment sent", enCommentSent)
	member.checkAccessibility("consultation with the new member's comment")
}
