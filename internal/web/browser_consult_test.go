package web_test

// The consultation journey in a real browser: NMRF staff open a consultation on two
// clusters of the plan for one organisation; its member comments with a document and
// the NHRI replies and comments; once the consultation has closed nobody can comment;
// staff answer each comment and publish the report, which shows every comment with its
// answer. axe-core checks every page on the way. Same skip rules as browser_test.go.

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/db"
)

// The English strings this journey looks for, as in locales/consultation.en.toml.
const (
	enConsultOpened      = "The consultation was opened and the invited people were told." // Consultation.Opened
	enCommentSent        = "Your comment was recorded."                                    // Comment.Sent
	enConsultClosed      = "This consultation is closed: comments can no longer be made."  // Consultation.IsClosed
	enAnswerSaved        = "The answer was saved and its author told."                     // Answer.Saved
	enConsultPublished   = "The report was published."                                     // Consultation.PublishedFlash
	enTakenIntoAccount   = "Taken into account"                                            // Outcome.taken_into_account
	enNotTaken           = "Not taken into account"                                        // Outcome.not_taken_into_account
	enRegisterNoPassword = "with a link to set your password"                              // Register.NoPassword
	enRegisterApproved   = "The request was approved and the person emailed."              // Register.Approved
)

func TestBrowserConsultationJourney(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	f := newConsultFixture(t)
	app := f.app
	ctx := context.Background()
	b := startBrowser(t, tools, app.URL)

	// 1. Staff open a consultation on the first two clusters, for one organisation.
	staff := b.newTab("NMRF staff")
	staff.open("/login")
	staff.signIn("staff@arcadia.example", apptest.Password)
	staff.submit("open Consultations", `header nav a[href="/s/xar/consultations"]`)
	staff.expectPath("/s/xar/consultations")
	staff.checkAccessibility("consultations, none yet")
	staff.submit("start a consultation", `main a[href="/s/xar/consultations/new"]`)
	staff.expectPath("/s/xar/consultations/new")
	staff.checkAccessibility("form to open a consultation")
	staff.typeInto("#field-title", "Draft plan 2025–2028")
	consultWrite(staff, "#field-explanation", "Tell us what you think of the draft plan.")
	staff.choose("#field-subject", "plan:"+itoa(f.planID))
	planTick(staff, `main fieldset#field-clusters label.check`, "Women's rights")
	planTick(staff, `main fieldset#field-clusters label.check`, "Justice")
	now := time.Now().UTC()
	staff.do("enter the window",
		chromedp.SetValue(chromedp.CSS("#field-opens_at"), now.Add(-time.Hour).Format("2006-01-02T15:04"), chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS("#field-closes_at"), now.Add(72*time.Hour).Format("2006-01-02T15:04"), chromedp.NodeVisible))
	staff.choose("#field-audience", "organisations")
	planTick(staff, `main fieldset#field-organisations label.check`, "Rights Watch Arcadia")
	staff.submit("open the consultation", `main form[action="/s/xar/consultations"] button[type="submit"]`)
	page := staff.path()
	if !regexp.MustCompile(`^/s/xar/consultations/\d+$`).MatchString(page) {
		staff.fatalf("opening the consultation leads to %s, want its page", page)
	}
	recsFlash(staff, "consultation opened", enConsultOpened)
	staff.expectH1("Draft plan 2025–2028")
	staff.checkAccessibility("open consultation, no comments")

	// 2. The organisation's member comments on a cluster and attaches a PDF.
	pdf := filepath.Join(t.TempDir(), "shelters.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cso := b.newTab("civil society")
	cso.open("/login")
	cso.signIn("cso@rights.example", apptest.Password)
	cso.submit("open Consultations", `header nav a[href="/s/xar/consultations"]`)
	cso.submit("open the consultation", `main table a[href="`+page+`"]`)
	cso.expectPath(page)
	cso.choose("#field-item", "cluster:"+itoa(f.clusters[0]))
	consultWrite(cso, "#field-body", "Add a budget line for shelters.")
	cso.do("choose the PDF", chromedp.SetUploadFiles(chromedp.CSS("#comment-file"), []string{pdf}, chromedp.NodeVisible))
	cso.submit("send the comment", `main form[action="`+page+`/comments"] button.button[type="submit"]`)
	cso.expectPath(page)
	recsFlash(cso, "comment sent", enCommentSent)
	if a := cso.visible("the attached document", `main article.comment a[href*="/file"]`); a != "shelters.pdf" {
		cso.fatalf("the comment links to %q, want shelters.pdf", a)
	}
	cso.checkAccessibility("consultation with a comment")
	first := evaluate[string](cso, "find the comment", `document.querySelector("main article.comment").id`)

	// 3. The NHRI replies to it and comments on the other cluster.
	nhri := b.newTab("NHRI")
	nhri.open("/login")
	nhri.signIn("nhri@arcadia.example", apptest.Password)
	nhri.open(page)
	consultWrite(nhri, "#"+first+"-reply", "The NHRI supports this.")
	nhri.submit("reply", `#`+first+` > form.reply button[type="submit"]`)
	recsFlash(nhri, "reply sent", enCommentSent)
	nhri.choose("#field-item", "cluster:"+itoa(f.clusters[1]))
	consultWrite(nhri, "#field-body", "Legal aid must reach rural areas.")
	nhri.submit("send the comment", `main form[action="`+page+`/comments"] button.button[type="submit"]`)
	recsFlash(nhri, "comment sent", enCommentSent)
	nhri.checkAccessibility("consultation with comments and a reply")

	// 4. The consultation closes: nobody can comment any more.
	id := strings.TrimPrefix(page, "/s/xar/consultations/")
	if err := db.InTenant(ctx, app.Pool, f.st.ID, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE consultations SET closes_at = now() - interval '1 minute' WHERE id = `+id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	cso.open(page)
	if msg := cso.visible("the closed notice", `main .alert-info[role="status"]`); msg != enConsultClosed {
		cso.fatalf("the closed consultation says %q, want %q", msg, enConsultClosed)
	}
	if cso.element("#field-body").Found || cso.element("form.reply").Found {
		cso.fatalf("a closed consultation still offers a comment form")
	}
	cso.checkAccessibility("closed consultation")

	// 5. Staff answer each comment, then publish the report.
	staff.open(page)
	comments := evaluate[[]string](staff, "list the comments", `[...document.querySelectorAll("main section > article.comment")].map(a => a.id)`)
	if len(comments) != 2 {
		staff.fatalf("the page shows %d comments, want 2", len(comments))
	}
	answers := map[string][2]string{
		comments[0]: {"taken_into_account", "A budget line for shelters was added to the action."},
		comments[1]: {"not_taken_into_account", "Legal aid in rural areas is in the next plan."},
	}
	for _, c := range comments {
		// Each answer leads back to the page at the comment (a #fragment); start each
		// from the page itself, so the click waits for a full load.
		staff.open(page)
		staff.choose("#"+c+"-outcome", answers[c][0])
		consultWrite(staff, "#"+c+"-answer", answers[c][1])
		staff.submit("answer "+c, `#`+c+` form[action$="/answer"] button[type="submit"]`)
		recsFlash(staff, "answer saved", enAnswerSaved)
	}
	staff.checkAccessibility("answered consultation")
	staff.submit("open the report", `main a[href="`+page+`/report"]`)
	staff.expectPath(page + "/report")
	staff.checkAccessibility("report before publishing")
	staff.submit("publish the report", `main form[action="`+page+`/publish"] button[type="submit"]`)
	recsFlash(staff, "report published", enConsultPublished)
	staff.checkAccessibility("published report")

	// 6. The member reads the published report: every comment with its answer.
	cso.open(page + "/report")
	report := cso.visible("the report", "main")
	for _, want := range []string{"Add a budget line for shelters.", "The NHRI supports this.", "Legal aid must reach rural areas.",
		enTakenIntoAccount, answers[comments[0]][1], enNotTaken, answers[comments[1]][1], "Published on"} {
		if !strings.Contains(report, want) {
			cso.fatalf("the report lacks %q", want)
		}
	}
	cso.checkAccessibility("published report, as civil society")

	// 7. The registration form and the staff's page of organisations and requests.
	visitor := b.newTab("visitor")
	visitor.open("/register/xar")
	visitor.expectH1("Register with Arcadia")
	visitor.checkAccessibility("registration form")
	visitor.typeInto("#field-name", "Amal Example")
	visitor.typeInto("#field-email", "amal@coalition.example")
	if intro := visitor.visible("the registration form", "main"); !strings.Contains(intro, enRegisterNoPassword) {
		visitor.fatalf("the form does not say how the person gets a password: %q", intro)
	}
	visitor.choose("#field-organisation", itoa(f.invitedOrg))
	visitor.submit("send the request", `main form[action="/register/xar"] button[type="submit"]`)
	visitor.visible("the confirmation", `main .alert-success[role="status"]`)
	staff.open("/s/xar/organisations")
	if req := staff.visible("the requests", `section[aria-labelledby="registrations-title"]`); !strings.Contains(req, "Amal Example") {
		staff.fatalf("the request is not listed: %q", req)
	}
	staff.checkAccessibility("organisations and requests")

	// 8. The staff approve; the person proves the address by the invitation's link, sets
	// a password there and finds the consultation open to their organisation.
	staff.submit("approve the request", `section[aria-labelledby="registrations-title"] form[action$="/approve"] button[type="submit"]`)
	recsFlash(staff, "request approved", enRegisterApproved)
	link := apptest.LinkIn(t, app.LastEmailTo(t, "amal@coalition.example").Body)
	visitor.open(link)
	visitor.checkAccessibility("invitation after a registration")
	visitor.typeInto("#field-name", "Amal Example")
	visitor.typeInto("#field-password", "a long enough password")
	visitor.typeInto("#field-confirm", "a long enough password")
	visitor.submit("accept the invitation", `main form[action^="/invite/"] button[type="submit"]`)
	visitor.expectPath("/s/xar/")
	visitor.submit("open Consultations", `header nav a[href="/s/xar/consultations"]`)
	visitor.visible("the consultation open to the organisation", `main table a[href="`+page+`"]`)
}

// consultWrite types text into an empty text area, key by key (chromedp cannot clear
// an empty one).
func consultWrite(tb *tab, selector, text string) {
	tb.t.Helper()
	tb.do("type into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text, chromedp.NodeVisible))
}
