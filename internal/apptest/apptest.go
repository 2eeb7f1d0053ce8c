// Package apptest starts the whole application over a per-test database and real HTTP,
// for handler and browser tests: the same wiring as cmd/nmrf, with small rate limits.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/assessment"
	"github.com/nmrf-platform/nmrf/internal/assistance"
	"github.com/nmrf-platform/nmrf/internal/calendar"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/config"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/dashboard"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/portal"
	"github.com/nmrf-platform/nmrf/internal/progress"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/review"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
	"github.com/nmrf-platform/nmrf/internal/vocabulary"
	"github.com/nmrf-platform/nmrf/internal/web"
	"github.com/nmrf-platform/nmrf/static"
)

// Password is every seeded person's password.
const Password = "correct horse battery staple"

// App is one running application.
type App struct {
	URL      string
	DB       *dbtest.DB
	Pool     *pgxpool.Pool
	Accounts *account.Service
	Tenants  *tenancy.Store
	Jobs     *notify.Jobs
	Importer *importer.Service
	Recs     *recommendation.Store
	Clusters *cluster.Store
	Entities *entity.Store
	Server   *web.Server
	// Consultations is the consultation store the server uses (tests move windows through SQL).
	Consultations *consultation.Store
	HTTP          *httptest.Server
}

// Options adjust an App.
type Options struct {
	RateLimits *web.RateLimits
	Sender     notify.Sender
	// DatabaseURL replaces the app role's URL (tests that route it through a proxy).
	DatabaseURL func(appURL string) string
	// Shared reuses another App's database (two servers, one database).
	Shared *dbtest.DB
}

// New starts an application on a fresh database.
func New(t testing.TB, opts Options) *App {
	t.Helper()
	d := opts.Shared
	if d == nil {
		d = dbtest.New(t)
	}
	ctx := context.Background()
	pool := d.App
	if opts.DatabaseURL != nil {
		p, err := db.Open(ctx, opts.DatabaseURL(d.AppURL))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		pool = p
	} else if opts.Shared != nil {
		// A second server gets its own pool, as a second process would.
		p, err := db.Open(ctx, d.AppURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		pool = p
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.New()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	imp := importer.NewService(pool)
	jobs, err := notify.NewJobs(pool, notify.Options{Work: true, Sender: opts.Sender, Logger: logger,
		Register: func(w *river.Workers) { river.AddWorker(w, &importer.Worker{Service: imp}) }})
	if err != nil {
		t.Fatal(err)
	}
	imp.SetQueue(jobs)
	a := &App{DB: d, Pool: pool, Jobs: jobs, Tenants: tenancy.NewStore(pool), Importer: imp,
		Recs: recommendation.NewStore(pool), Clusters: cluster.NewStore(pool), Entities: entity.NewStore(pool)}
	a.HTTP = httptest.NewUnstartedServer(nil)
	a.URL = "http://" + a.HTTP.Listener.Addr().String()
	base, _ := url.Parse(a.URL)
	cfg := &config.Config{
		BaseURL: base, ListenAddr: a.HTTP.Listener.Addr().String(),
		SessionIdle: 30 * time.Minute, SessionLifetime: 12 * time.Hour, ShutdownTimeout: 5 * time.Second,
	}
	a.Accounts = account.NewService(pool, jobs, bundle, base)
	a.Consultations = consultation.NewStore(pool, jobs, a.Accounts, bundle, base)
	a.Server = web.New(web.Deps{
		Config: cfg, Pool: pool, Logger: logger, Bundle: bundle, Assets: assets,
		Accounts: a.Accounts, Tenants: a.Tenants, Outbox: notify.NewOutbox(pool), RateLimits: opts.RateLimits,
		Recs: a.Recs, Views: recommendation.NewViews(pool), Clusters: a.Clusters, Entities: a.Entities, Importer: imp,
		Vocab: vocabulary.NewStore(pool), Plans: plan.NewStore(pool), Indicators: indicator.NewStore(pool),
		Progress: progress.NewStore(pool), Dashboard: dashboard.NewStore(pool),
		Calendars: calendar.NewFeeds(pool), Inbox: notify.NewInbox(pool),
		Portal:      portal.NewStore(pool, a.Tenants, a.Recs),
		Assessments: assessment.NewStore(pool), Reviews: review.NewStore(pool), Assistance: assistance.NewStore(pool),
		Consultations: a.Consultations,
	})
	a.HTTP.Config.Handler = a.Server
	a.HTTP.Start()
	jobCtx, cancelJobs := context.WithCancel(context.Background())
	if err := jobs.Start(jobCtx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a.HTTP.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = jobs.Stop(stopCtx)
		cancelJobs()
		a.Server.Close()
	})
	return a
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// State creates a State.
func (a *App) State(t testing.TB, code, name, lang string) tenancy.Tenant {
	t.Helper()
	tn, err := a.Tenants.Create(context.Background(), tenancy.NewTenant{Code: code, Name: name, Language: lang})
	if err != nil {
		t.Fatalf("create State %s: %v", code, err)
	}
	return tn
}

// User creates a person with Password; with a tenant it gives them role there (an
// adviser also a grant current for a year).
func (a *App) User(t testing.TB, email string, platformAdmin bool, tenantID int64, role account.Role) account.User {
	t.Helper()
	ctx := context.Background()
	u, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: email, Name: "Test " + email, Password: Password, PlatformAdmin: platformAdmin})
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	if tenantID != 0 {
		if err := a.Accounts.AddMembership(ctx, tenantID, u.ID, role); err != nil {
			t.Fatal(err)
		}
	}
	if tenantID != 0 && role == account.RoleAdviser {
		// An adviser reaches a State only with a current grant: give one from today for a year.
		today := time.Now().UTC()
		if _, err := a.Accounts.GrantAdviser(ctx, account.GrantInput{TenantID: tenantID, TenantCode: "XXX", Email: email,
			StartsOn: today.Format("2006-01-02"), EndsOn: today.AddDate(1, 0, 0).Format("2006-01-02")}); err != nil {
			t.Fatalf("grant adviser access to %s: %v", email, err)
		}
	}
	return u
}

// LastEmailTo returns the newest outbox message to an address.
func (a *App) LastEmailTo(t testing.TB, to string) notify.Message {
	t.Helper()
	var m notify.Message
	err := a.DB.Owner.QueryRow(context.Background(),
		`SELECT recipient, subject, body, kind FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1`, to).
		Scan(&m.To, &m.Subject, &m.Body, &m.Kind)
	if err != nil {
		t.Fatalf("no email to %s: %v", to, err)
	}
	return m
}

var linkPattern = regexp.MustCompile(`https?://\S+`)

// LinkIn returns the path of the first link in an email body.
func LinkIn(t testing.TB, body string) string {
	t.Helper()
	raw := linkPattern.FindString(body)
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		t.Fatalf("no link in email:\n%s", body)
	}
	return u.Path
}

// Client is a browser-like HTTP client with cookies that does not follow redirects.
type Client struct {
	t    testing.TB
	base string
	http *http.Client
	// Header is added to every request (e.g. Accept-Language).
	Header http.Header
}

// Client returns a new cookie-keeping client for a.
func (a *App) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, base: a.URL, Header: http.Header{}, http: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Timeout: 30 * time.Second,
	}}
}

// For returns a client for another server that shares this client's cookies.
func (c *Client) For(base string) *Client {
	cp := *c
	cp.base = base
	// Cookies are per host; copy them over to the other server's address.
	src, _ := url.Parse(c.base)
	dst, _ := url.Parse(base)
	c.http.Jar.SetCookies(dst, c.http.Jar.Cookies(src))
	return &cp
}

// Response is a read response.
type Response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

// Do sends a request with the client's headers.
func (c *Client) Do(req *http.Request) Response {
	c.t.Helper()
	for k, v := range c.Header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Body: string(b), Location: resp.Header.Get("Location"), Header: resp.Header}
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.Do(req)
}

// Post sends a form to a path.
func (c *Client) Post(path string, form url.Values) Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Login signs in and fails the test if it does not succeed.
func (c *Client) Login(email string) {
	c.t.Helper()
	r := c.Post("/login", url.Values{"email": {email}, "password": {Password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("sign-in as %s: status %d\n%s", email, r.Status, r.Body)
	}
}

// SessionCookie returns the session cookie's value, or "".
func (c *Client) SessionCookie() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "nmrf_session" {
			return ck.Value
		}
	}
	return ""
}

// Upload posts a file to a path as multipart/form-data, with extra form fields.
func (c *Client) Upload(path, field, filename string, data []byte, fields url.Values) Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}
