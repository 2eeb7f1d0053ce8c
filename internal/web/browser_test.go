package web_test

// Browser tests: the whole app over real HTTP, driven by a headless Chromium through
// chromedp, with axe-core checking every page a person sees. They need
// /usr/bin/chromium (or chromium in PATH) and tools/browser/node_modules/axe-core
// (installed by `make test`); without them they skip, or fail when CI=true.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

// stepTimeout bounds every browser step (a navigation, a form submission, a check).
const stepTimeout = 60 * time.Second

// The English strings the tests look for, as in locales/active.en.toml. Other
// languages are checked only by lang and dir, never by wording.
const (
	enInvited    = "The invitation has been sent."         // Members.Invited
	enWelcome    = "Welcome. Your invitation is accepted." // Invite.Welcome
	enFocalPoint = "Focal point"                           // Role.focal_point
	enOutbox     = "Outbox"                                // Outbox.Title
	enInviteH1   = "Accept your invitation"                // Invite.Title
	enMembersH1  = "Members"                               // Members.Title
	enSignInH1   = "Sign in"                               // Login.Title
)

// browserTools are the browser and the axe-core script the tests need.
type browserTools struct {
	chromium string
	axe      string // axe.min.js source
}

// requireBrowserTools finds Chromium and axe-core, or skips (fails under CI=true)
// saying what is missing and how to get it.
func requireBrowserTools(t *testing.T) browserTools {
	t.Helper()
	var missing []string
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if p, err := exec.LookPath("chromium"); err == nil {
			chromium = p
		} else {
			chromium = ""
			missing = append(missing, "Chromium (/usr/bin/chromium or chromium in PATH): install it with `apt-get install chromium`")
		}
	}
	// Tests run in the package directory; the repository root is two levels up.
	axePath := filepath.Join("..", "..", "tools", "browser", "node_modules", "axe-core", "axe.min.js")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		missing = append(missing, "axe-core ("+filepath.ToSlash(axePath)+"): `make test` installs it, or run `npm ci --prefix tools/browser` at the repository root")
	}
	if len(missing) > 0 {
		msg := "browser test needs " + strings.Join(missing, "; and ")
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return browserTools{chromium: chromium, axe: string(axe)}
}

// browser is one headless Chromium for one test.
type browser struct {
	t     *testing.T
	root  context.Context // the chromedp context that owns the browser process
	base  string          // the app's URL
	tools browserTools
}

// startBrowser launches Chromium with a fresh profile; it stops when the test ends.
func startBrowser(t *testing.T, tools browserTools, base string) *browser {
	t.Helper()
	profile := t.TempDir() // registered first, so removed after the browser has stopped
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tools.chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // the machine runs tests as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"), // a known Accept-Language, whatever the machine's locale
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)
	// The first Run starts the browser and binds it to its context, so it gets no
	// timeout of its own; a watchdog stops a start that hangs.
	watchdog := time.AfterFunc(stepTimeout, cancelAlloc)
	err := chromedp.Do(root)
	watchdog.Stop()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(root, 15*time.Second)
		defer cancel()
		_ = chromedp.Cancel(ctx) // closes the browser and waits for its process
		cancelRoot()
		cancelAlloc()
	})
	if err != nil {
		t.Fatalf("start Chromium (%s): %v", tools.chromium, err)
	}
	return &browser{t: t, root: root, base: base, tools: tools}
}

// tab is one person's window: its own browser context, so its own cookies.
type tab struct {
	t   *testing.T
	b   *browser
	ctx context.Context
	who string
}

// newTab opens a window in a fresh browser context (no cookies, no history). The window
// prefers reduced motion, so pages scroll at once (app.css scrolls smoothly otherwise): a
// click aimed while a smooth scroll is still running, on a busy machine, can miss.
func (b *browser) newTab(who string) *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	watchdog := time.AfterFunc(stepTimeout, cancel)
	err := chromedp.Do(ctx) // creates the target
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
	}
	watchdog.Stop()
	if err != nil {
		b.t.Fatalf("%s: open a browser window: %v", who, err)
	}
	tb := &tab{t: b.t, b: b, ctx: ctx, who: who}
	if !evaluate[bool](tb, "check reduced motion", `matchMedia("(prefers-reduced-motion: reduce)").matches`) {
		tb.fatalf("the window does not prefer reduced motion")
	}
	return tb
}

// fatalf stops the test, saying where the window is and what it shows.
func (tb *tab) fatalf(format string, args ...any) {
	tb.t.Helper()
	msg := fmt.Sprintf(format, args...)
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	type where struct {
		URL  string `json:"url"`
		Main string `json:"main"`
	}
	w, err := chromedp.Run(ctx, chromedp.Evaluate[where](
		`({url: location.href, main: (document.querySelector('main') || document.body || {innerText: ''}).innerText.slice(0, 600)})`))
	if err == nil {
		msg += fmt.Sprintf("\n  page: %s\n  main: %q", w.URL, w.Main)
	}
	tb.t.Fatalf("%s: %s", tb.who, msg)
}

// do runs steps with a timeout.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.fatalf("%s: %v", what, err)
	}
}

// evaluate runs JavaScript in the page and decodes its value.
func evaluate[T any](tb *tab, what, expr string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		tb.fatalf("%s: %v", what, err)
	}
	return v
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// open navigates to a path of the app, or to an absolute URL, and waits for the load.
func (tb *tab) open(target string) {
	tb.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = tb.b.base + target
	}
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(target))
	if err != nil {
		tb.fatalf("open %s: %v", target, err)
	}
	if resp != nil && resp.Status >= 400 {
		tb.fatalf("open %s: HTTP %d", target, resp.Status)
	}
}

// submit clicks a button or link that loads a new page, as a person would, and waits
// for that page. A refused form (4xx/5xx) fails the test.
func (tb *tab) submit(what, selector string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
	if err != nil {
		tb.fatalf("%s (click %s): %v", what, selector, err)
	}
	if resp != nil && resp.Status >= 400 {
		tb.fatalf("%s: HTTP %d", what, resp.Status)
	}
}

// typeInto empties a field and types text into it, key by key.
func (tb *tab) typeInto(selector, text string) {
	tb.t.Helper()
	tb.do("type into "+selector,
		chromedp.Clear(chromedp.CSS(selector), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(selector), text, chromedp.NodeVisible))
}

// choose selects an option of a select by its value.
func (tb *tab) choose(selector, value string) {
	tb.t.Helper()
	tb.do("choose "+value+" in "+selector, chromedp.SetValue(chromedp.CSS(selector), value, chromedp.NodeVisible))
	if got := evaluate[string](tb, "read "+selector, `document.querySelector(`+jsString(selector)+`).value`); got != value {
		tb.fatalf("%s has no option %q (value is %q)", selector, value, got)
	}
}

// element is what a person sees of an element.
type element struct {
	Found   bool   `json:"found"`
	Visible bool   `json:"visible"`
	Text    string `json:"text"`
	Href    string `json:"href"`
}

func (tb *tab) element(selector string) element {
	tb.t.Helper()
	return evaluate[element](tb, "look for "+selector, `(() => {
		const e = document.querySelector(`+jsString(selector)+`);
		if (!e) return {found: false, visible: false, text: "", href: ""};
		return {found: true, visible: e.checkVisibility(), text: e.innerText.trim(), href: e.href || ""};
	})()`)
}

// visible returns the visible text of an element, failing when it is absent or hidden.
func (tb *tab) visible(what, selector string) string {
	tb.t.Helper()
	e := tb.element(selector)
	if !e.Found || !e.Visible {
		tb.fatalf("%s: no visible %s (found %v)", what, selector, e.Found)
	}
	return e.Text
}

func (tb *tab) path() string {
	tb.t.Helper()
	return evaluate[string](tb, "read the location", `location.pathname`)
}

func (tb *tab) expectPath(want string) {
	tb.t.Helper()
	if got := tb.path(); got != want {
		tb.fatalf("on %s, want %s", got, want)
	}
}

func (tb *tab) expectH1(contains string) {
	tb.t.Helper()
	if h1 := tb.visible("page heading", "h1"); !strings.Contains(h1, contains) {
		tb.fatalf("h1 is %q, want it to contain %q", h1, contains)
	}
}

func dirOf(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// languageMismatch compares the page's <html lang dir> with lang; "" when they agree.
func (tb *tab) languageMismatch(lang string) string {
	tb.t.Helper()
	type langDir struct {
		Lang string `json:"lang"`
		Dir  string `json:"dir"`
	}
	got := evaluate[langDir](tb, "read html lang and dir", `({lang: document.documentElement.lang, dir: document.documentElement.dir})`)
	if got.Lang != lang || got.Dir != dirOf(lang) {
		return fmt.Sprintf("<html lang=%q dir=%q>, want lang=%q dir=%q", got.Lang, got.Dir, lang, dirOf(lang))
	}
	return ""
}

// expectLanguage stops the test unless the page is in lang, with its direction.
func (tb *tab) expectLanguage(lang string) {
	tb.t.Helper()
	if msg := tb.languageMismatch(lang); msg != "" {
		tb.fatalf("%s", msg)
	}
}

// axeViolation is one failed axe rule with the elements that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// checkAccessibility runs axe-core on the page: serious and critical violations fail
// the test (and the journey goes on, to find the others); lesser ones are logged.
// axe is injected over CDP (Runtime.evaluate), which the page's CSP does not govern.
func (tb *tab) checkAccessibility(page string) {
	tb.t.Helper()
	if !evaluate[bool](tb, "look for axe", `typeof window.axe !== "undefined"`) {
		evaluate[chromedp.Void](tb, "inject axe-core", tb.b.tools.axe+"\n;undefined")
	}
	vs := evaluate[[]axeViolation](tb, "run axe on "+page, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : String(s)),
			html: n.html, summary: n.failureSummary || "",
		})),
	})))`, chromedp.EvalAwaitPromise)
	for _, v := range vs {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s [%s] on %s (%s): %s", v.ID, v.Impact, page, tb.who, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s  %s\n      %s", strings.Join(n.Target, ", "), n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			tb.t.Error(b.String())
		} else {
			tb.t.Log(b.String())
		}
	}
}

// signIn fills the sign-in form, already open, and submits it.
func (tb *tab) signIn(email, password string) {
	tb.t.Helper()
	tb.typeInto("#field-email", email)
	tb.typeInto("#field-password", password)
	tb.submit("sign in as "+email, `form[action="/login"] button.button[type="submit"]`)
}

// switchLanguage uses the switcher in the page's header.
func (tb *tab) switchLanguage(lang string) {
	tb.t.Helper()
	tb.choose("form.lang-switch select#lang-select", lang)
	tb.submit("switch the language to "+lang, `form.lang-switch button[type="submit"]`)
}

// signOut uses the button of the user menu and checks the sign-in page follows, in
// lang unless lang is "".
func (tb *tab) signOut(lang string) {
	tb.t.Helper()
	tb.submit("sign out", `.user-menu form[action="/logout"] button[type="submit"]`)
	tb.expectPath("/login")
	if lang != "" {
		tb.expectLanguage(lang)
	}
	tb.visible("signed-out notice", `main .alert[role="status"]`)
	if lang == "en" {
		tb.expectH1(enSignInH1)
	}
}

func TestBrowserSignInLanguagesSignOut(t *testing.T) {
	t.Parallel()
	tools := requireBrowserTools(t)
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	b := startBrowser(t, tools, app.URL)

	admin := b.newTab("NMRF admin")
	admin.open("/login")
	admin.expectPath("/login")
	admin.expectLanguage("en")
	admin.expectH1(enSignInH1)
	admin.checkAccessibility("sign-in page")

	admin.signIn("admin@arcadia.example", apptest.Password)
	admin.expectPath("/s/xar/")
	admin.expectH1("Arcadia")
	admin.expectLanguage("en")
	admin.checkAccessibility("State home (en)")

	admin.switchLanguage("ar")
	admin.expectPath("/s/xar/")
	admin.expectH1("Arcadia")
	admin.expectLanguage("ar")
	admin.checkAccessibility("State home (ar)")

	admin.switchLanguage("fr")
	admin.expectPath("/s/xar/")
	admin.expectLanguage("fr")
	admin.checkAccessibility("State home (fr)")

	admin.signOut("fr")
	admin.checkAccessibility("sign-in page after sign-out (fr)")
}

func TestBrowserInvitationJourney(t *testing.T) {
	t.Parallel()
	invitationJourney(t, "en")
}

func TestBrowserInvitationJourneyArabic(t *testing.T) {
	t.Parallel()
	invitationJourney(t, "ar")
}

// invitationJourney is the acceptance journey: an NMRF admin, whose interface is in
// lang, invites a focal point in lang; the platform admin finds the email in the
// outbox; the invitee opens the link in a browser of their own, chooses a password,
// lands in the State's workspace, signs out and signs in again.
func invitationJourney(t *testing.T, lang string) {
	const (
		adminEmail  = "admin@arcadia.example"
		opsEmail    = "ops@platform.example"
		focalEmail  = "focal@justice.example"
		focalName   = "Justice focal point"
		focalSecret = "a long focal point password"
	)
	tools := requireBrowserTools(t)
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, adminEmail, false, st.ID, account.RoleNMRFAdmin)
	app.User(t, opsEmail, true, 0, "")
	b := startBrowser(t, tools, app.URL)

	admin := b.newTab("NMRF admin")
	sendInvitation(admin, adminEmail, lang, focalEmail, focalName)

	ops := b.newTab("platform admin")
	link := invitationLinkFromOutbox(ops, opsEmail, focalEmail)
	if !strings.HasPrefix(link, app.URL+"/invite/") {
		t.Fatalf("the invitation link %q does not lead to %s/invite/…", link, app.URL)
	}

	// The invitee opens the link from their mail, in their own browser.
	invitee := b.newTab("invitee")
	acceptInvitation(invitee, link, lang, focalEmail, focalName, focalSecret)

	invitee.signOut("")
	invitee.checkAccessibility("sign-in page after the invitee signed out")
	invitee.signIn(focalEmail, focalSecret)
	invitee.expectPath("/s/xar/")
	invitee.expectH1("Arcadia")
	invitee.expectLanguage(lang)
	invitee.checkAccessibility("State home, invitee signed in again")
}

// sendInvitation: the NMRF admin signs in (after choosing lang on the sign-in page),
// opens Members from the navigation, invites the focal point and sees it confirmed.
func sendInvitation(admin *tab, adminEmail, lang, email, name string) {
	admin.t.Helper()
	admin.open("/login")
	admin.expectLanguage("en")
	admin.checkAccessibility("sign-in page")
	if lang != "en" {
		admin.switchLanguage(lang)
		admin.expectPath("/login")
		admin.expectLanguage(lang)
		admin.checkAccessibility("sign-in page (" + lang + ")")
	}
	admin.signIn(adminEmail, apptest.Password)
	admin.expectPath("/s/xar/")
	admin.expectH1("Arcadia")
	admin.expectLanguage(lang)
	admin.checkAccessibility("State home")

	admin.submit("open Members", `nav a[href="/s/xar/members"]`)
	admin.expectPath("/s/xar/members")
	admin.expectLanguage(lang)
	if lang == "en" {
		admin.expectH1(enMembersH1)
	}
	admin.checkAccessibility("members page")

	admin.typeInto("#field-email", email)
	admin.typeInto("#field-name", name)
	admin.choose("#field-role", string(account.RoleFocalPoint))
	admin.choose("#field-language", lang)
	admin.submit("send the invitation", `form[action="/s/xar/invitations"] button[type="submit"]`)
	admin.expectPath("/s/xar/members")
	admin.expectLanguage(lang)
	confirmation := admin.visible("invitation confirmation", `main .alert-success[role="status"]`)
	if lang == "en" && confirmation != enInvited {
		admin.fatalf("confirmation reads %q, want %q", confirmation, enInvited)
	}
	if main := admin.visible("members page", "main"); !strings.Contains(main, email) {
		admin.fatalf("the members page does not list the pending invitation to %s", email)
	}
	admin.checkAccessibility("members page after the invitation")
	admin.signOut(lang)
	admin.checkAccessibility("sign-in page after the NMRF admin signed out")
}

// invitationLinkFromOutbox: the platform admin signs in, opens the outbox, opens the
// email to the invitee and reads the invitation link; then signs out.
func invitationLinkFromOutbox(ops *tab, opsEmail, to string) string {
	ops.t.Helper()
	ops.open("/login")
	ops.checkAccessibility("sign-in page")
	ops.signIn(opsEmail, apptest.Password)
	ops.expectPath("/admin")
	ops.expectLanguage("en")
	ops.checkAccessibility("platform administration")

	ops.submit("open the outbox", `main a[href="/admin/outbox"]`)
	ops.expectPath("/admin/outbox")
	ops.expectH1(enOutbox)
	ops.checkAccessibility("outbox")

	href := evaluate[string](ops, "find the email to "+to, `(() => {
		for (const tr of document.querySelectorAll("main table tbody tr")) {
			if (tr.cells.length > 1 && tr.cells[1].innerText.trim() === `+jsString(to)+`) {
				const a = tr.querySelector("a[href]");
				return a ? a.getAttribute("href") : "";
			}
		}
		return "";
	})()`)
	if href == "" {
		ops.fatalf("the outbox lists no email to %s", to)
	}
	ops.submit("open the email to "+to, `main table a[href=`+jsString(href)+`]`)
	ops.expectPath(href)
	ops.expectH1("Arcadia")
	ops.checkAccessibility("outbox email")

	link := ops.element(`main .email-body a[href*="/invite/"]`)
	if !link.Found || !link.Visible || link.Href == "" {
		ops.fatalf("the email shows no invitation link")
	}
	if link.Text != link.Href {
		ops.fatalf("the link reads %q but leads to %q", link.Text, link.Href)
	}
	// Not signed in as the platform admin when the invitee accepts.
	ops.signOut("en")
	ops.checkAccessibility("sign-in page after the platform admin signed out")
	return link.Href
}

// acceptInvitation: the invitee opens the link, sees to which State and address it
// applies, chooses a name and password, and lands on the State home in their role.
func acceptInvitation(invitee *tab, link, lang, email, name, password string) {
	invitee.t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		invitee.t.Fatal(err)
	}
	invitee.open(link)
	invitee.expectPath(u.Path)
	if lang == "en" {
		invitee.expectH1(enInviteH1)
	}
	if main := invitee.visible("invitation page", "main"); !strings.Contains(main, email) || !strings.Contains(main, "Arcadia") {
		invitee.fatalf("the invitation page does not say it is for %s on Arcadia", email)
	}
	invitee.checkAccessibility("invitation page")
	// The invitation's language is that of the email and of the invitee's first pages
	// (account.InviteInput.Language), and the invitation page is the first of them.
	// Reported without stopping, so the rest of the journey is still checked.
	if msg := invitee.languageMismatch(lang); msg != "" {
		invitee.t.Errorf("invitee: the invitation page is not in the invitation's language: %s", msg)
	}

	invitee.typeInto("#field-name", name)
	invitee.typeInto("#field-password", password)
	invitee.typeInto("#field-confirm", password)
	invitee.submit("accept the invitation", `main form[action^="/invite/"] button[type="submit"]`)
	invitee.expectPath("/s/xar/")
	invitee.expectH1("Arcadia")
	invitee.expectLanguage(lang)
	welcome := invitee.visible("welcome message", `main .alert-success[role="status"]`)
	role := invitee.visible("role on the State home", "main .badge")
	if lang == "en" {
		if welcome != enWelcome {
			invitee.fatalf("welcome reads %q, want %q", welcome, enWelcome)
		}
		if role != enFocalPoint {
			invitee.fatalf("role reads %q, want %q", role, enFocalPoint)
		}
	}
	invitee.checkAccessibility("State home of the new focal point")
}
