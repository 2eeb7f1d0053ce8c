package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

func tr(r *http.Request, msgID string) string { return i18n.T(r.Context(), msgID) }

// tr2 translates a message with its data.
func tr2(r *http.Request, msgID string, data map[string]any) string {
	return i18n.T(r.Context(), msgID, data)
}

func (s *Server) entitiesView(r *http.Request, in entity.Input, errs fault.Fields) (recs.EntitiesView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	b := base(r)
	v := recs.EntitiesView{Base: b, CanManage: account.Can(ws.Role, account.ManageRecommendations)}
	es, err := s.Entities.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, e := range es {
		v.Entities = append(v.Entities, recs.EntityRow{ID: e.ID, Name: e.Name, Acronym: e.Acronym, KindMsgID: "EntityKind." + e.Kind,
			Leads: e.Leads, Supports: e.Supports, ListHref: b + "/recommendations?entity=" + strconv.FormatInt(e.ID, 10)})
	}
	if in.Kind == "" {
		in.Kind = "ministry"
	}
	v.Form = recs.EntityForm{
		Action:  b + "/entities",
		Name:    field("name", "Entities.Name", "text", in.Name, errs),
		Acronym: field("acronym", "Entities.Acronym", "text", in.Acronym, errs),
		Kind:    field("kind", "Entities.Kind", "", in.Kind, errs),
	}
	v.Form.Acronym.Required = false
	for _, k := range entity.Kinds {
		v.Form.Kinds = append(v.Form.Kinds, components.Option{Value: k, Label: tr(r, "EntityKind."+k)})
	}
	v.Form.Errors = summary("", v.Form.Name, v.Form.Acronym, v.Form.Kind)
	return v, nil
}

func (s *Server) entities(w http.ResponseWriter, r *http.Request) error {
	v, err := s.entitiesView(r, entity.Input{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, recs.Entities(v))
	return nil
}

func (s *Server) createEntity(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	in := entity.Input{Name: r.PostForm.Get("name"), Acronym: r.PostForm.Get("acronym"), Kind: r.PostForm.Get("kind")}
	_, err := s.Entities.Create(r.Context(), ws.Tenant.ID, u.ID, in)
	if errs, ok := formState(err); ok && err != nil {
		v, err := s.entitiesView(r, in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, recs.Entities(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Entities.Created")
	http.Redirect(w, r, base(r)+"/entities", http.StatusSeeOther)
	return nil
}

func (s *Server) saveView(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	values, perr := url.ParseQuery(r.PostForm.Get("query"))
	if perr != nil {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	query := recommendation.ParseFilter(values).Values().Encode()
	err := s.Views.Save(r.Context(), ws.Tenant.ID, u.ID, r.PostForm.Get("view-name"), query)
	if f := fault.FieldsOf(err); f != nil {
		s.flash(r, f["view-name"])
		http.Redirect(w, r, base(r)+"/recommendations?"+query, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Views.Saved")
	http.Redirect(w, r, base(r)+"/recommendations?"+query, http.StatusSeeOther)
	return nil
}

func (s *Server) deleteView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if err := s.Views.Delete(r.Context(), ws.Tenant.ID, u.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/recommendations", http.StatusSeeOther)
	return nil
}
