package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/templates/layout"
)

// withChrome gathers what the page frame shows; navigation lists only what the
// person's role may reach.
func (s *Server) withChrome(r *http.Request) context.Context {
	ctx := r.Context()
	c := layout.Chrome{Asset: s.Assets.Path, Path: r.URL.RequestURI()}
	if u, ok := currentUser(ctx); ok {
		c.SignedIn = true
		c.UserName = u.Name
		c.Flash = s.sessions.PopString(ctx, sessFlash)
		if ws := currentWorkspace(ctx); ws.Tenant.ID != 0 {
			base := "/s/" + strings.ToLower(ws.Tenant.Code) + "/"
			c.StateCode = strings.ToLower(ws.Tenant.Code)
			c.StateName = ws.Tenant.Name
			c.RoleMsgID = ws.Role.MessageID()
			c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Home", Href: base})
			if account.Can(ws.Role, account.ViewMembers) {
				c.Nav = append(c.Nav, layout.NavItem{MsgID: "Nav.Members", Href: base + "members"})
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

// flash shows a message once on the next page.
func (s *Server) flash(r *http.Request, msgID string) {
	s.sessions.Put(r.Context(), sessFlash, msgID)
}
