// Package web is the HTTP face of the application: the router, the middleware, one
// handler file per page or action, and the mapping of errors to translated pages.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/assessment"
	"github.com/nmrf-platform/nmrf/internal/assistance"
	"github.com/nmrf-platform/nmrf/internal/calendar"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/config"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/dashboard"
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
	"github.com/nmrf-platform/nmrf/static"
)

// Deps are what the web layer needs, built by the composition root in cmd/nmrf.
type Deps struct {
	Config    *config.Config
	Pool      *pgxpool.Pool // the app role
	Logger    *slog.Logger
	Bundle    *i18n.Bundle
	Assets    *static.Assets
	Accounts  *account.Service
	Tenants   *tenancy.Store
	Outbox    *notify.Outbox
	Recs      *recommendation.Store
	Views     *recommendation.Views
	Clusters  *cluster.Store
	Entities  *entity.Store
	Importer  *importer.Service
	Vocab     *vocabulary.Store
	Plans     *plan.Store
	Progress  *progress.Store
	Dashboard *dashboard.Store
	Calendars *calendar.Feeds
	Inbox     *notify.Inbox
	// Indicators measure progress: values over time, by sex and other grounds.
	Indicators *indicator.Store
	// Portal reads what States publish (portal and API) and keeps their portal settings.
	Portal *portal.Store
	// The NHRI's assessments, advisers' review comments and the technical-assistance summaries.
	Assessments *assessment.Store
	Reviews     *review.Store
	Assistance  *assistance.Store
	// Consultations with the NHRI and civil society, organisations and registrations.
	Consultations *consultation.Store
	// RateLimits overrides the default limits (tests use small ones).
	RateLimits *RateLimits
}

// Server is the application's HTTP handler.
type Server struct {
	Deps
	sessions *scs.SessionManager
	store    *pgxstore.PostgresStore
	handler  *chi.Mux
}

// Limits of request bodies: forms are small; uploads get their own limits later.
const maxFormBytes = 1 << 20

// maxUploadBytes bounds a multipart upload: the largest import file and its form.
const maxUploadBytes = importer.MaxFileBytes + 1<<20

// New builds the server and its routes.
func New(d Deps) *Server {
	if d.RateLimits == nil {
		d.RateLimits = DefaultRateLimits()
	}
	s := &Server{Deps: d}
	// Sessions live in PostgreSQL so any server process can serve any request.
	s.store = pgxstore.NewWithCleanupInterval(d.Pool, 10*time.Minute)
	sm := scs.New()
	sm.Store = s.store
	sm.Lifetime = d.Config.SessionLifetime
	sm.IdleTimeout = d.Config.SessionIdle
	sm.Cookie.Name = "nmrf_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = d.Config.SecureCookies()
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.renderError(w, r, classifySessionError(err))
	}
	s.sessions = sm
	s.RateLimits.build(s)
	s.handler = s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes exposes the router so tests can walk every route.
func (s *Server) Routes() chi.Routes { return s.handler }

// Close stops background work owned by the server (the session cleanup).
func (s *Server) Close() { s.store.StopCleanup() }

// readyCheck runs in /readyz with a short bound.
func (s *Server) readyCheck(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.checkSchema(ctx)
}
