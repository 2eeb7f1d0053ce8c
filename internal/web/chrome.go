package web

import (
	"context"

	"github.com/nmrf-platform/nmrf/internal/i18n"
	"net/http"
	"strings"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/zone"
	"github.com/nmrf-platform/nmrf/templates/layout"
)

// withChrome gathers what the page frame shows; navigation lists only what the
// person's role may reach.
func (s *Server) withChrome(r *http.Request) context.Context {
	ctx := r.Context()
	c := layout.Chrome{Asset: s.Assets.Path, Path: r.URL.RequestURI()}
	c.Refresh, _ = ctx.Value(refreshKey{}).(int)
	c.Location = stateClock(r)
	c.NoScript = currentPortal(r).ID != 0
	if u, ok := currentUser(ctx); ok {
		c.SignedIn = true
		c.UserName = u.Name
		if msg := s.sessions.PopString(ctx, sessFlash); msg != "" {
			if s.sessions.Exists(ctx, sessFlashCount) {
				c.Flash = i18n.N(ctx, msg, s.sessions.PopInt(ctx, sessFlashCount))
			} else {
				c.Flash = i18n.T(ctx, msg)
			}
		}
		if ws := currentWorkspace(ctx); ws.Tenant.ID != 0 {
			base := "/s/" + strings.ToLower(ws.Tenant.Code) + "/"
			c.StateCode = strings.ToLower(ws.Tenant.Code)
			c.StateName = ws.Tenant.Name
			c.RoleMsgID = ws.Role.MessageID()
			c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Home", Href: base})
			if n, err := s.Inbox.Unread(ctx, ws.Tenant.ID, u.ID); err == nil && n > 0 {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Notifications", Href: base + "notifications", Count: n})
			}
			if account.Can(ws.Role, account.ViewPlan) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Plans", Href: base + "plans"},
					layout.NavItem{MsgID: "Nav.Indicators", Href: base + "indicators"},
					layout.NavItem{MsgID: "Nav.Reports", Href: base + "reports"})
			}
			// Consultations: for everyone who may be invited to one.
			if account.Can(ws.Role, account.ViewConsultations) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Consultation.Nav", Href: base + "consultations"})
			}
			if account.Can(ws.Role, account.ViewRecommendations) {
				c.Nav = append(c.Nav,
					layout.NavItem{MsgID: "Nav.Recommendations", Href: base + "recommendations"},
					layout.NavItem{MsgID: "Nav.Clusters", Href: base + "clusters"},
					layout.NavItem{MsgID: "Nav.Entities", Href: base + "entities"})
			}
			if account.Can(ws.Role, account.ImportRecommendations) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Imports", Href: base + "imports"})
			}
			if account.Can(ws.Role, account.ViewMembers) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Members", Href: base + "members"})
			}
			// The public portal's settings (publication.go).
			if account.Can(ws.Role, account.ManageState) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Portal.Settings.Nav", Href: base + "publication"})
			}
			// The State's settings: its time zone (settings.go).
			if account.Can(ws.Role, account.ManageState) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Settings", Href: base + "settings"})
			}
			// Advisers' access and the technical-assistance summaries.
			if account.Can(ws.Role, account.ManageAdvisers) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Adviser.Nav", Href: base + "advisers"})
			}
			if account.Can(ws.Role, account.ViewAssistance) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "TA.Nav", Href: base + "assistance"})
			}
			if ws.Role == account.RoleAdviser {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "TA.OverviewNav", Href: "/adviser/assistance"})
			}
		}
		c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.States", Href: "/states"})
		if u.PlatformAdmin {
			c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Admin", Href: "/admin"})
		}
		for i := range c.Nav {
			c.Nav[i].Current = c.Nav[i].Href == r.URL.Path
		}
	}
	return layout.WithChrome(ctx, c)
}

// stateClock is the zone a page shows times in: the State of a portal page, else the
// workspace's State; UTC outside a State (platform pages, which serve every State).
// Pages print times with components.Moment, which reads it from the frame; view models
// that need a time inside a sentence use stateStamp or stateDay.
func stateClock(r *http.Request) *time.Location {
	if st := currentPortal(r); st.ID != 0 {
		return st.Location()
	}
	if ws := currentWorkspace(r.Context()); ws.Tenant.ID != 0 {
		return ws.Tenant.Location()
	}
	return time.UTC
}

// stateStamp is t on the State's clock with its zone, for a sentence that names a time.
func stateStamp(r *http.Request, t time.Time) string { return zone.Stamp(t, stateClock(r)) }

// stateDay is the day a moment (a timestamptz, never a date column) falls on, on the
// State's clock; "" for none.
func stateDay(r *http.Request, t *time.Time) string {
	if t == nil {
		return ""
	}
	return zone.Date(*t, stateClock(r))
}

// flash shows a message once on the next page.
func (s *Server) flash(r *http.Request, msgID string) {
	s.sessions.Put(r.Context(), sessFlash, msgID)
	s.sessions.Remove(r.Context(), sessFlashCount)
}

// flashN shows a plural message with a count once on the next page.
func (s *Server) flashN(r *http.Request, msgID string, n int) {
	s.sessions.Put(r.Context(), sessFlash, msgID)
	s.sessions.Put(r.Context(), sessFlashCount, n)
}

type refreshKey struct{}

// withRefresh makes the page reload itself after seconds when JavaScript is off.
func withRefresh(r *http.Request, seconds int) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), refreshKey{}, seconds))
}
