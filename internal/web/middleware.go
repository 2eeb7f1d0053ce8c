package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/progress"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// Session keys.
const (
	sessUserID     = "user_id"
	sessLang       = "lang"        // the signed-in person's saved language
	sessFlash      = "flash"       // a message ID shown once
	sessFlashCount = "flash_count" // the count of a plural flash message
	// sessSignedInAt (Unix nanoseconds): a session older than the person's last password
	// change is ended.
	sessSignedInAt = "signed_in_at"
)

// langCookie remembers the language switcher's choice for people not signed in.
const langCookie = "nmrf_lang"

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "request_id", middleware.GetReqID(r.Context()), "panic", v, "stack", string(debug.Stack()))
				s.renderError(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		reqID := middleware.GetReqID(r.Context())
		ww.Header().Set("X-Request-ID", reqID)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", reqID),
			slog.String("method", r.Method),
			slog.String("path", loggedPath(r)),
			slog.Int("status", status),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// loggedPath keeps secrets out of the log: for routes whose path carries a token (an
// invitation or reset link) the route pattern is logged instead of the path.
func loggedPath(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); strings.Contains(p, "{token}") {
			return p
		}
	}
	return r.URL.Path
}

// securityHeaders: no inline script anywhere, no framing, no MIME sniffing.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses cross-origin unsafe requests (CSRF) with a translated 403. It
// runs before the session, so a forged request never touches one.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, fault.New(fault.Forbidden, "Error.CrossOrigin"))
	}))
	return cop.Handler(next)
}

// limitBody bounds request bodies: forms are small; file uploads (multipart) may carry
// an import file.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			limit := int64(maxFormBytes)
			// Only the import upload, evidence and consultation comments take files.
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				switch {
				case strings.HasSuffix(r.URL.Path, "/imports"):
					limit = maxUploadBytes
				case strings.HasSuffix(r.URL.Path, "/evidence"), strings.HasSuffix(r.URL.Path, "/comments"):
					limit = progress.MaxFileSize + 1<<20
				case strings.HasSuffix(r.URL.Path, "/measurements.csv"):
					limit = indicator.MaxImportSize + 1<<20 // the 5 MB file and its form
				}
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// locale picks the language: the person's saved choice, then the switcher's cookie, then
// Accept-Language; the State's default applies later when none of these chose.
func (s *Server) locale(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, source := s.chosenLanguage(r)
		ctx := context.WithValue(r.Context(), langSourceKey{}, source)
		if lang == "" {
			lang = "en"
		}
		ctx = i18n.WithLocalizer(ctx, s.Bundle.Localizer(lang))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type langSourceKey struct{}

// Where the request's language came from, strongest first.
const (
	langFromSession = "session" // the person's saved choice
	langFromCookie  = "cookie"  // the language switcher
	langFromHeader  = "header"  // the browser's Accept-Language
	langFromNothing = ""
)

func (s *Server) chosenLanguage(r *http.Request) (string, string) {
	if l := s.sessions.GetString(r.Context(), sessLang); i18n.Supported(l) {
		return l, langFromSession
	}
	return s.requestLanguage(r)
}

// requestLanguage uses only the request (cookie, Accept-Language): it works before the
// session is loaded.
func (s *Server) requestLanguage(r *http.Request) (string, string) {
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value, langFromCookie
	}
	if l := s.Bundle.MatchAcceptLanguage(r.Header.Get("Accept-Language")); l != "" {
		return l, langFromHeader
	}
	return "", langFromNothing
}

func (s *Server) guessLanguage(r *http.Request) string {
	l, _ := s.requestLanguage(r)
	return l
}

// preferLanguage switches the request to lang unless the person chose a language
// themselves. strongerThanBrowser says whether lang outranks Accept-Language (an
// invitation's language, chosen for this person, does; a State's default does not).
func (s *Server) preferLanguage(r *http.Request, lang string, strongerThanBrowser bool) *http.Request {
	source, _ := r.Context().Value(langSourceKey{}).(string)
	if !i18n.Supported(lang) || source == langFromSession || source == langFromCookie ||
		(source == langFromHeader && !strongerThanBrowser) {
		return r
	}
	return r.WithContext(i18n.WithLocalizer(r.Context(), s.Bundle.Localizer(lang)))
}

type userKey struct{}

// authenticate loads the signed-in person, if the session names one.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), sessUserID)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.Accounts.UserByID(r.Context(), id)
		if fault.Is(err, fault.NotFound) {
			// The person was removed: the session means nothing any more.
			_ = s.sessions.Destroy(r.Context())
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if s.sessions.GetInt64(r.Context(), sessSignedInAt) < u.PasswordChangedAt.UnixNano() {
			// The password changed since this session began (a reset, perhaps by its owner
			// locking someone out): the session ends.
			_ = s.sessions.Destroy(r.Context())
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	})
}

func currentUser(ctx context.Context) (account.User, bool) {
	u, ok := ctx.Value(userKey{}).(account.User)
	return u, ok
}

// requireUser sends people who are not signed in to the sign-in page, and back after.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := currentUser(r.Context()); ok {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	})
}

func (s *Server) requirePlatformAdmin(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		u, _ := currentUser(r.Context())
		if !u.PlatformAdmin {
			return errForbidden
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

type tenantKey struct{}

// workspace is the State a request works in and the person's role there.
type workspace struct {
	Tenant   tenancy.Tenant
	Role     account.Role
	EntityID int64 // a focal point's entity; 0 for other roles
}

// resolveTenant finds the State in the URL and the person's role in it. Anyone who is
// not a member gets 404, exactly as for a State that does not exist: the platform never
// reveals which States use it.
func (s *Server) resolveTenant(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		code := chi.URLParam(r, "code")
		t, err := s.Tenants.ByCode(r.Context(), code)
		if err != nil {
			return err
		}
		u, _ := currentUser(r.Context())
		role, entityID, err := s.Accounts.MembershipIn(r.Context(), u.ID, t.ID)
		if err != nil {
			return err
		}
		r = s.preferLanguage(r, t.DefaultLanguage, false)
		ws := workspace{Tenant: t, Role: role, EntityID: entityID}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tenantKey{}, ws)))
		return nil
	})
}

func currentWorkspace(ctx context.Context) workspace {
	ws, _ := ctx.Value(tenantKey{}).(workspace)
	return ws
}

// can lets a request through only when the person's role may perform action; this and
// the permission table in package account are the only places that decide.
func (s *Server) can(action account.Action) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return s.handle(func(w http.ResponseWriter, r *http.Request) error {
			if !account.Can(currentWorkspace(r.Context()).Role, action) {
				return errForbidden
			}
			next.ServeHTTP(w, r)
			return nil
		})
	}
}

// safeNext keeps redirects on this site: only local absolute paths are followed.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}
