package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/pages/status"
)

// Limit is a number of requests per window.
type Limit struct {
	Requests int
	Window   time.Duration
}

// RateLimits are the limits on sign-in, password reset and registration, per IP address
// and per email.
type RateLimits struct {
	LoginPerIP, LoginPerEmail, ResetPerIP, ResetPerEmail Limit
	// RegisterPerIP and RegisterPerEmail limit the public registration form on their own
	// counts, so registering does not use up a password-reset allowance (or the reverse).
	RegisterPerIP, RegisterPerEmail Limit

	// login, reset and register limit forms that name an account by email; token limits
	// forms reached through an emailed link (invitation, password reset), counted per link.
	login, reset, register, tokenLogin, tokenReset []func(http.Handler) http.Handler
	// upload limits file uploads per person (each is parsed in full).
	UploadsPerUser Limit
	upload         func(http.Handler) http.Handler
	// PublicPerIP limits the public portal and the open-data API, together, per client
	// address: generous for a reader, a brake on a scraper.
	PublicPerIP       Limit
	portal, publicAPI func(http.Handler) http.Handler
}

// DefaultRateLimits are generous for a person and tight for a password-guessing script.
func DefaultRateLimits() *RateLimits {
	return &RateLimits{
		LoginPerIP:    Limit{30, 5 * time.Minute},
		LoginPerEmail: Limit{8, 5 * time.Minute},
		ResetPerIP:    Limit{10, 15 * time.Minute},
		ResetPerEmail: Limit{3, 15 * time.Minute},
		// An office behind one address may register several members.
		RegisterPerIP:    Limit{10, 15 * time.Minute},
		RegisterPerEmail: Limit{3, 15 * time.Minute},
		UploadsPerUser:   Limit{30, 10 * time.Minute},
		PublicPerIP:      Limit{300, time.Minute},
	}
}

// build makes the middleware. Counters live in PostgreSQL, so the limits hold across
// every server process.
func (l *RateLimits) build(s *Server) {
	// mkWith builds a limit; json says whether its refusals and errors are the API's
	// JSON or a translated page.
	mkWith := func(name string, lim Limit, key httprate.KeyFunc, json bool) func(http.Handler) http.Handler {
		return httprate.LimitBy(lim.Requests, lim.Window,
			func(r *http.Request) (string, error) {
				k, err := key(r)
				return name + ":" + k, err
			},
			httprate.WithLimitCounter(&pgCounter{pool: s.Pool}),
			httprate.WithResponseHeaders(httprate.ResponseHeaders{}),
			httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
				minutes := int((lim.Window + time.Minute - 1) / time.Minute)
				w.Header().Set("Retry-After", strconv.Itoa(int(lim.Window/time.Second)))
				if json {
					s.apiTooMany(w, r, minutes)
					return
				}
				ctx := r.Context()
				s.render(w, r, http.StatusTooManyRequests, status.Error(http.StatusTooManyRequests,
					i18n.T(ctx, "Error.TooMany.Title"), i18n.N(ctx, "Error.TooMany", minutes)))
			}),
			httprate.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
				if json {
					s.apiError(w, r, err)
					return
				}
				s.renderError(w, r, err)
			}),
		)
	}
	mk := func(name string, lim Limit, key httprate.KeyFunc) func(http.Handler) http.Handler {
		return mkWith(name, lim, key, false)
	}
	// The portal and the API share one count per address.
	l.portal = mkWith("public-ip", l.PublicPerIP, s.clientIP, false)
	l.publicAPI = mkWith("public-ip", l.PublicPerIP, s.clientIP, true)
	l.login = []func(http.Handler) http.Handler{
		mk("login-ip", l.LoginPerIP, s.clientIP),
		mk("login-email", l.LoginPerEmail, keyByEmail),
	}
	l.reset = []func(http.Handler) http.Handler{
		mk("reset-ip", l.ResetPerIP, s.clientIP),
		mk("reset-email", l.ResetPerEmail, keyByEmail),
	}
	l.register = []func(http.Handler) http.Handler{
		mk("register-ip", l.RegisterPerIP, s.clientIP),
		mk("register-email", l.RegisterPerEmail, keyByEmail),
	}
	l.upload = mk("upload-user", l.UploadsPerUser, func(r *http.Request) (string, error) {
		u, _ := currentUser(r.Context())
		return strconv.FormatInt(u.ID, 10), nil
	})
	l.tokenLogin = []func(http.Handler) http.Handler{
		mk("login-ip", l.LoginPerIP, s.clientIP),
		mk("invite-token", l.LoginPerEmail, keyByToken),
	}
	l.tokenReset = []func(http.Handler) http.Handler{
		mk("reset-ip", l.ResetPerIP, s.clientIP),
		mk("reset-token", l.ResetPerEmail, keyByToken),
	}
}

// keyByToken counts attempts on one emailed link (only a hash of it is kept).
func keyByToken(r *http.Request) (string, error) {
	sum := sha256.Sum256([]byte(chi.URLParam(r, "token")))
	return hex.EncodeToString(sum[:8]), nil
}

// clientIP is the address rate limits count by: the TCP peer, or, behind a reverse
// proxy that overwrites it, the header named by CLIENT_IP_HEADER (never trusted otherwise,
// since a client could set it to escape its limit).
func (s *Server) clientIP(r *http.Request) (string, error) {
	if h := s.Config.ClientIPHeader; h != "" {
		if v := strings.TrimSpace(r.Header.Get(h)); v != "" {
			// The last address is the one our proxy added; earlier ones came from the client.
			parts := strings.Split(v, ",")
			return httprate.CanonicalizeIP(strings.TrimSpace(parts[len(parts)-1])), nil
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return httprate.CanonicalizeIP(host), nil
}

// keyByEmail counts attempts against one account whatever address they come from. The
// form is parsed here; the handler reads the same parsed values.
func keyByEmail(r *http.Request) (string, error) {
	if err := r.ParseForm(); err != nil {
		return "", fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	return strings.ToLower(strings.TrimSpace(r.PostForm.Get("email"))), nil
}

// pgCounter is httprate's sliding-window counter kept in the rate_limits table.
type pgCounter struct {
	pool   *pgxpool.Pool
	window time.Duration
}

func (c *pgCounter) Config(_ int, window time.Duration) { c.window = window }

func (c *pgCounter) Increment(key string, current time.Time) error {
	return c.IncrementBy(key, current, 1)
}

func (c *pgCounter) IncrementBy(key string, current time.Time, amount int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.pool.Exec(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, $3)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + EXCLUDED.hits`,
		key, current.UTC(), amount)
	if err == nil && rand.IntN(100) == 0 {
		// Now and then, forget windows nobody will ask about again.
		_, _ = c.pool.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`)
	}
	return err
}

func (c *pgCounter) Get(key string, current, previous time.Time) (int, int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var cur, prev int
	err := c.pool.QueryRow(ctx, `SELECT
		COALESCE(sum(hits) FILTER (WHERE window_start = $2), 0),
		COALESCE(sum(hits) FILTER (WHERE window_start = $3), 0)
		FROM rate_limits WHERE key = $1 AND window_start IN ($2, $3)`,
		key, current.UTC(), previous.UTC()).Scan(&cur, &prev)
	return cur, prev, err
}
