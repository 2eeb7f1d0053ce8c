package web

import (
	"net/http"
	"time"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
	"github.com/nmrf-platform/nmrf/internal/zone"
	"github.com/nmrf-platform/nmrf/templates/pages/settings"
)

// stateSettings shows the State's settings (its time zone) to its NMRF admin.
func (s *Server) stateSettings(w http.ResponseWriter, r *http.Request) error {
	t := currentWorkspace(r.Context()).Tenant
	s.render(w, r, http.StatusOK, settings.Page(settingsView(r, t, t.TimeZone, nil, "")))
	return nil
}

// settingsView is the form with value entered (or the current zone), errors and a
// message for the summary; the clock line always shows the State's current zone.
func settingsView(r *http.Request, t tenancy.Tenant, value string, errs fault.Fields, msgID string) settings.View {
	v := settings.View{Action: base(r) + "/settings", Was: t.TimeZone,
		TimeZone: field("time_zone", "States.Settings.TimeZone", "text", value, errs),
		Now:      zone.Stamp(time.Now(), t.Location())}
	v.TimeZone.HintMsgID, v.TimeZone.Autocomplete = "States.Settings.TimeZoneHint", "off"
	v.Errors = summary(msgID, v.TimeZone)
	return v
}

// saveSettings sets the State's time zone. A form loaded before someone else changed
// the zone comes back with 409 and the zone now in force.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	t := currentWorkspace(r.Context()).Tenant
	name := r.PostForm.Get("time_zone")
	err := s.Tenants.SetTimeZone(r.Context(), t.ID, currentUserID(r), name, r.PostForm.Get("was"))
	if errs := fault.FieldsOf(err); errs != nil {
		s.render(w, r, http.StatusBadRequest, settings.Page(settingsView(r, t, name, errs, "")))
		return nil
	}
	if fault.KindOf(err) == fault.Conflict {
		s.render(w, r, http.StatusConflict, settings.Page(settingsView(r, t, t.TimeZone, nil, "States.Settings.Stale")))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "States.Settings.Saved")
	http.Redirect(w, r, base(r)+"/settings", http.StatusSeeOther)
	return nil
}
