package web

import (
	"net/http"
	"strings"

	"github.com/nmrf-platform/nmrf/templates/pages/notices"
)

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	list, err := s.Inbox.Recent(r.Context(), ws.Tenant.ID, currentUserID(r), 100)
	if err != nil {
		return err
	}
	v := notices.View{MarkAllHref: base(r) + "/notifications/read"}
	for _, n := range list {
		row := notices.Row{Text: tr2(r, n.MessageID, n.Data), Unread: !n.Read, At: n.CreatedAt}
		// Only links inside this site are followed.
		if strings.HasPrefix(n.Link, "/") && !strings.HasPrefix(n.Link, "//") {
			row.Href = n.Link
		}
		if !n.Read {
			v.Unread++
		}
		v.Rows = append(v.Rows, row)
	}
	s.render(w, r, http.StatusOK, notices.Notices(v))
	return nil
}

func (s *Server) markNoticesRead(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	if err := s.Inbox.MarkAllRead(r.Context(), ws.Tenant.ID, currentUserID(r)); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/notifications", http.StatusSeeOther)
	return nil
}
