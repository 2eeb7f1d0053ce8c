package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/portal"
	pp "github.com/nmrf-platform/nmrf/templates/pages/portal"
)

// publication shows the State's portal settings to its NMRF admin.
func (s *Server) publication(w http.ResponseWriter, r *http.Request) error {
	return s.publicationPage(w, r, http.StatusOK, "")
}

func (s *Server) publicationPage(w http.ResponseWriter, r *http.Request, status int, msgID string) error {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	st, err := s.Portal.Settings(ctx, ws.Tenant.ID, currentUserID(r))
	if err != nil {
		return err
	}
	v := pp.SettingsView{Base: base(r), PortalHref: "/p/" + strings.ToLower(ws.Tenant.Code) + "/", Published: st.Published,
		ShowNHRIAssessment: st.ShowNHRIAssessment, Version: st.Version}
	v.Errors.MsgID = msgID
	if v.Recommendations, v.Indicators, err = s.Portal.Prepared(ctx, ws.Tenant.ID, currentUserID(r)); err != nil {
		return err
	}
	s.render(w, r, status, pp.Settings(v))
	return nil
}

// savePublication turns the portal on or off. A form loaded before someone else saved
// comes back with 409 and the current settings.
func (s *Server) savePublication(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 0 {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	in := portal.Settings{Published: r.PostForm.Get("published") == "1", ShowNHRIAssessment: r.PostForm.Get("nhri_assessment") == "1"}
	err = s.Portal.SaveSettings(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), in, version)
	if fault.KindOf(err) == fault.Conflict {
		return s.publicationPage(w, r, http.StatusConflict, "Portal.Stale")
	}
	if err != nil {
		return err
	}
	if in.Published {
		s.flash(r, "Portal.Settings.SavedOn")
	} else {
		s.flash(r, "Portal.Settings.SavedOff")
	}
	http.Redirect(w, r, base(r)+"/publication", http.StatusSeeOther)
	return nil
}

// publishRecommendation publishes one recommendation or withdraws it, from its page.
func (s *Server) publishRecommendation(w http.ResponseWriter, r *http.Request) error {
	return s.publishOne(w, r, "/recommendations/", s.Recs.SetPublished)
}

// publishIndicator publishes one indicator (with all its values) or withdraws it.
func (s *Server) publishIndicator(w http.ResponseWriter, r *http.Request) error {
	return s.publishOne(w, r, "/indicators/", s.Indicators.SetPublished)
}

func (s *Server) publishOne(w http.ResponseWriter, r *http.Request, kind string,
	set func(ctx context.Context, tenantID, userID, id int64, publish bool, version int) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	publish := r.PostForm.Get("publish") == "1"
	err = set(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, publish, version)
	switch {
	case fault.KindOf(err) == fault.Conflict:
		s.flash(r, "Portal.Stale")
	case err != nil:
		return err
	case publish:
		s.flash(r, "Portal.Published")
	default:
		s.flash(r, "Portal.Withdrawn")
	}
	http.Redirect(w, r, base(r)+kind+strconv.FormatInt(id, 10)+"#publication-title", http.StatusSeeOther)
	return nil
}
