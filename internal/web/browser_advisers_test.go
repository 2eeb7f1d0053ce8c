package web_test

// The advisers' journey in a real browser: the NMRF admin grants an OHCHR adviser access
// for a period; the adviser signs in, opens the plan and leaves a review comment; NMRF
// staff are notified, read it and reply; the admin revokes the access and the adviser's
// next request for the plan answers 404. axe-core checks every page on the way. Same
// skip rules as browser_test.go.

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

// The English strings this journey looks for, as in locales/advisory.en.toml.
const (
	enAccessGranted  = "Access granted. The adviser was told by email."                        // Grant.Granted
	enAccessRevoked  = "Access revoked. The adviser no longer sees anything of this State."    // Grant.Revoked
	enReviewSent     = "Your review comment was sent to the NMRF."                             // Review.Sent
	enReplySent      = "Your reply was sent."                                                  // Review.ReplySent
	enReviewTitle    = "Review comments"                                                       // Review.Title
	enAdvisersTitle  = "Advisers' access"                                                      // Adviser.Title
	enAssistanceH1   = "Capacity gaps and technical assistance"                                // TA.Title
	enOverviewH1     = "Technical-assistance requests in the States you advise"                // TA.OverviewTitle
	adviserComment   = "The plan has no outcome indicator for legal aid; consider one by sex." // typed by the adviser
	staffReply       = "Agreed: the statistics office will propose one by March."              // typed by staff
	adviserJourneyAt = "adviser@ohchr.example"
)

func TestBrowserAdviserReviewJourney(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	var recs [3]int64
	var planID, actionID int64
	seedAssistance(t, app, st, "xar", &recs, &planID, &actionID)
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	app.User(t, adviserJourneyAt, false, 0, "") // an account, no State yet
	planPath := "/s/xar/plans/" + itoa(planID)
	b := startBrowser(t, tools, app.URL)

	// 1. The NMRF admin grants the adviser access from today for a month.
	admin := b.newTab("NMRF admin")
	admin.open("/login")
	admin.signIn("admin@arcadia.example", apptest.Password)
	admin.expectPath("/s/xar/")
	admin.submit("open Advisers", `header nav a[href="/s/xar/advisers"]`)
	admin.expectPath("/s/xar/advisers")
	admin.expectH1(enAdvisersTitle)
	admin.checkAccessibility("advisers page, none yet")
	today := time.Now().UTC()
	admin.typeInto("#field-email", adviserJourneyAt)
	admin.do("enter the period", chromedp.SetValue(chromedp.CSS("#field-starts_on"), today.Format("2006-01-02"), chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS("#field-ends_on"), today.AddDate(0, 1, 0).Format("2006-01-02"), chromedp.NodeVisible))
	admin.typeInto("#field-note", "OHCHR regional office")
	admin.submit("grant access", `main form[action="/s/xar/advisers"] button[type="submit"]`)
	admin.expectPath("/s/xar/advisers")
	recsFlash(admin, "access granted", enAccessGranted)
	if row := admin.visible("current access", `table[aria-labelledby="current-title"] tbody`); !strings.Contains(row, adviserJourneyAt) || !strings.Contains(row, "OHCHR regional office") {
		admin.fatalf("the current access reads %q, want the adviser with the note", row)
	}
	admin.checkAccessibility("advisers page with a grant")

	// 2. The adviser signs in, reads the plan and leaves a review comment.
	adviser := b.newTab("adviser")
	adviser.open("/login")
	adviser.signIn(adviserJourneyAt, apptest.Password)
	adviser.expectPath("/s/xar/")
	adviser.submit("open Plan", `header nav a[href="/s/xar/plans"]`)
	adviser.submit("open the plan", `main a[href="`+planPath+`"]`)
	adviser.expectPath(planPath)
	if h := adviser.visible("review heading", "#review-title"); h != enReviewTitle {
		adviser.fatalf("the review section's heading reads %q, want %q", h, enReviewTitle)
	}
	adviser.checkAccessibility("plan with the review section")
	adviser.do("write the review comment", chromedp.SendKeys(chromedp.CSS("#review-body"), adviserComment, chromedp.NodeVisible))
	adviser.submit("send the review comment", `main form[action="/s/xar/review"] button[type="submit"]`)
	adviser.expectPath(planPath)
	recsFlash(adviser, "review comment sent", enReviewSent)
	if text := adviser.visible("review section", `section[aria-labelledby="review-title"]`); !strings.Contains(text, adviserComment) {
		adviser.fatalf("the review section reads %q, want the comment", text)
	}
	adviser.checkAccessibility("plan with a review comment")
	adviser.submit("open Technical assistance", `header nav a[href="/s/xar/assistance"]`)
	adviser.expectH1(enAssistanceH1)
	adviser.checkAccessibility("technical-assistance summary")
	adviser.submit("open the overview", `header nav a[href="/adviser/assistance"]`)
	adviser.expectH1(enOverviewH1)
	adviser.checkAccessibility("cross-State overview")

	// 3. Staff are notified, read the comment and reply.
	staff := b.newTab("NMRF staff")
	staff.open("/login")
	staff.signIn("staff@arcadia.example", apptest.Password)
	staff.expectPath("/s/xar/")
	if n := staff.visible("notifications link", `header nav a[href="/s/xar/notifications"]`); n != "1 new notification" {
		staff.fatalf("the notifications link reads %q, want 1 new notification", n)
	}
	staff.open(planPath)
	if text := staff.visible("review section", `section[aria-labelledby="review-title"]`); !strings.Contains(text, adviserComment) {
		staff.fatalf("staff's review section reads %q, want the adviser's comment", text)
	}
	staff.do("write the reply", chromedp.SendKeys(chromedp.CSS(`section[aria-labelledby="review-title"] textarea[name="body"]`), staffReply, chromedp.NodeVisible))
	staff.submit("send the reply", `section[aria-labelledby="review-title"] form[action$="/replies"] button[type="submit"]`)
	recsFlash(staff, "reply sent", enReplySent)
	staff.checkAccessibility("plan with a reply")

	// 4. The admin revokes the access: the adviser's next request gets 404.
	admin.open("/s/xar/advisers")
	admin.submit("revoke", `table[aria-labelledby="current-title"] form[action$="/revoke"] button[type="submit"]`)
	recsFlash(admin, "access revoked", enAccessRevoked)
	if text := admin.visible("ended access", `table[aria-labelledby="ended-title"] tbody`); !strings.Contains(text, adviserJourneyAt) {
		admin.fatalf("the ended access reads %q, want the revoked adviser", text)
	}
	admin.checkAccessibility("advisers page after revocation")
	if status := navigateStatus(adviser, planPath); status != http.StatusNotFound {
		adviser.fatalf("after revocation the plan answers %d, want 404", status)
	}
	adviser.checkAccessibility("not-found page")
}

// navigateStatus opens a path and returns its HTTP status, whatever it is.
func navigateStatus(tb *tab, path string) int64 {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(tb.b.base+path))
	if err != nil {
		tb.fatalf("open %s: %v", path, err)
	}
	if resp == nil {
		tb.fatalf("open %s: no response", path)
	}
	return resp.Status
}
