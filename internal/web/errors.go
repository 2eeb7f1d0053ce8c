package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/pages/status"
)

var (
	errNotFound         = fault.New(fault.NotFound, "")
	errForbidden        = fault.New(fault.Forbidden, "")
	errMethodNotAllowed = fault.New(fault.BadMethod, "Error.MethodNotAllowed")
)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: any error becomes a translated error page.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	}
}

// errorPage is how each kind of error looks to the person.
var errorPages = map[fault.Kind]struct {
	status          int
	title, fallback string
}{
	fault.Invalid:     {http.StatusBadRequest, "Error.BadRequest.Title", "Error.BadRequest"},
	fault.BadMethod:   {http.StatusMethodNotAllowed, "Error.BadRequest.Title", "Error.MethodNotAllowed"},
	fault.Forbidden:   {http.StatusForbidden, "Error.Forbidden.Title", "Error.Forbidden"},
	fault.NotFound:    {http.StatusNotFound, "Error.NotFound.Title", "Error.NotFound"},
	fault.Conflict:    {http.StatusConflict, "Error.Conflict.Title", "Error.Conflict"},
	fault.Gone:        {http.StatusGone, "Error.Gone.Title", "Error.Gone"},
	fault.TooLarge:    {http.StatusRequestEntityTooLarge, "Error.TooLarge.Title", "Error.TooLarge"},
	fault.Unavailable: {http.StatusServiceUnavailable, "Error.Unavailable.Title", "Error.Unavailable"},
	fault.Internal:    {http.StatusInternalServerError, "Error.Internal.Title", "Error.Internal"},
}

// renderError shows a translated page with the right status. Only server faults are
// logged as errors; nothing internal reaches the person.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		err = fault.Wrap(fault.TooLarge, "", err)
	}
	if i18n.From(r.Context()) == nil {
		// Failed before the locale middleware ran (CSRF, session store): the request
		// itself still says which language the person reads.
		r = r.WithContext(i18n.WithLocalizer(r.Context(), s.Bundle.Localizer(s.guessLanguage(r))))
	}
	err = db.Classify(err)
	kind := fault.KindOf(err)
	page := errorPages[kind]
	msg := fault.MessageOf(err)
	if msg == "" || kind == fault.Internal {
		msg = page.fallback
	}
	if page.status >= 500 {
		s.Logger.Error("request failed", "request_id", middleware.GetReqID(r.Context()),
			"path", r.URL.Path, "status", page.status, "error", err)
	}
	if kind == fault.Unavailable {
		w.Header().Set("Retry-After", "10")
	}
	ctx := r.Context()
	s.render(w, r, page.status, status.Error(page.status, i18n.T(ctx, page.title), i18n.T(ctx, msg)))
}

// render writes a page into a buffer first, so a failure mid-page becomes a clean
// error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, c templ.Component) {
	ctx := s.withChrome(r)
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		s.Logger.Error("render failed", "request_id", middleware.GetReqID(r.Context()), "error", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// classifySessionError: the session store is PostgreSQL, so its failures are the
// database's.
func classifySessionError(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	c := db.Classify(err)
	if fault.KindOf(c) == fault.Internal {
		return fault.Wrap(fault.Unavailable, "", err)
	}
	return c
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
