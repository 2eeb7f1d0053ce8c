package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/calendar"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/planpages"
)

// mayShareFor says whether the person may make a shared calendar link for an entity:
// staff for any, a focal point for their own.
func mayShareFor(ws workspace, entityID int64) bool {
	return account.Can(ws.Role, account.ManagePlan) || (ws.Role == account.RoleFocalPoint && ws.EntityID == entityID)
}

func (s *Server) calendarView(r *http.Request, newURL string) (planpages.CalendarView, error) {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	uid := currentUserID(r)
	b := base(r)
	v := planpages.CalendarView{Base: b, NewURL: newURL}
	es, err := s.Entities.List(ctx, ws.Tenant.ID, uid)
	if err != nil {
		return v, err
	}
	names := map[int64]string{}
	owners := []calendar.Owner{{UserID: uid}}
	for _, e := range es {
		names[e.ID] = e.Label()
		if mayShareFor(ws, e.ID) {
			v.Entities = append(v.Entities, components.Option{Value: strconv.FormatInt(e.ID, 10), Label: e.Label()})
			owners = append(owners, calendar.Owner{EntityID: e.ID})
		}
	}
	for _, o := range owners {
		feeds, err := s.Calendars.List(ctx, ws.Tenant.ID, uid, o)
		if err != nil {
			return v, err
		}
		for _, f := range feeds {
			whose := tr(r, "Calendar.ForMe")
			if f.EntityID != 0 {
				whose = names[f.EntityID]
			}
			v.Feeds = append(v.Feeds, planpages.FeedRow{Whose: whose, Created: f.CreatedAt, Revoked: f.RevokedAt != nil,
				RevokeHref: b + "/calendar/" + strconv.FormatInt(f.ID, 10) + "/revoke"})
		}
	}
	return v, nil
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.calendarView(r, "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, planpages.Calendar(v))
	return nil
}

// createFeed makes a secret calendar link and shows it once.
func (s *Server) createFeed(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	owner := calendar.Owner{UserID: currentUserID(r)}
	if raw := r.PostForm.Get("entity"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		if !mayShareFor(ws, id) {
			return errForbidden
		}
		owner = calendar.Owner{EntityID: id}
	}
	token, err := s.Calendars.Create(r.Context(), ws.Tenant.ID, currentUserID(r), owner)
	if err != nil {
		return err
	}
	link := s.Config.BaseURL.String() + "/calendar/" + strings.ToLower(ws.Tenant.Code) + "/" + token + ".ics"
	v, err := s.calendarView(r, link)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, planpages.Calendar(v))
	return nil
}

func (s *Server) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	f, err := s.Calendars.Get(r.Context(), ws.Tenant.ID, currentUserID(r), id)
	if err != nil {
		return err
	}
	if !(f.UserID == currentUserID(r) || (f.EntityID != 0 && mayShareFor(ws, f.EntityID))) {
		return errNotFound
	}
	if err := s.Calendars.Revoke(r.Context(), ws.Tenant.ID, currentUserID(r), id); err != nil {
		return err
	}
	s.flash(r, "Calendar.RevokedNow")
	http.Redirect(w, r, base(r)+"/calendar", http.StatusSeeOther)
	return nil
}

// feed serves a calendar link to a calendar program: no session, the secret token is
// the key; in the State's default language.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Tenants.ByCode(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		return err
	}
	token := strings.TrimSuffix(chi.URLParam(r, "token"), ".ics")
	f, err := s.Calendars.Resolve(r.Context(), t.ID, token)
	if err != nil {
		return err
	}
	loc := s.Bundle.Localizer(t.DefaultLanguage)
	if u, uerr := s.Accounts.UserByID(r.Context(), f.UserID); uerr == nil && i18n.Supported(u.Language) {
		loc = s.Bundle.Localizer(u.Language)
	}
	b := s.Config.BaseURL.String() + "/s/" + strings.ToLower(t.Code)
	events, err := s.Calendars.Events(r.Context(), t.ID, f, calendar.Labels{
		Due: func(a string) string { return loc.T("Calendar.Event.Due", map[string]any{"Action": a}) },
		Milestone: func(m, a string) string {
			return loc.T("Calendar.Event.Milestone", map[string]any{"Milestone": m, "Action": a})
		},
		Deadline: func(kind, title string) string {
			return loc.T("Calendar.Event.Deadline", map[string]any{"Kind": loc.T("DeadlineKind." + kind), "Title": title})
		},
		ActionURL: func(id int64) string { return b + "/actions/" + strconv.FormatInt(id, 10) },
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := calendar.Write(&buf, t.Name, events); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(buf.Bytes())
	return nil
}
