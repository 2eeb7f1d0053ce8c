package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

func (s *Server) clusterForm(r *http.Request, action string, in cluster.Input, errs fault.Fields) (recs.ClusterForm, error) {
	f := recs.ClusterForm{
		Action:      action,
		Name:        field("name", "Clusters.Name", "text", in.Name, errs),
		Description: field("description", "Clusters.Description", "text", in.Description, errs),
		Lead:        field("lead", "Clusters.Lead", "", idString(in.LeadEntityID), errs),
		Version:     in.Version,
	}
	f.Description.Required, f.Lead.Required = false, false
	f.Entities = []components.Option{{Value: "", Label: "—"}}
	var none []components.Option
	if err := s.targetOptions(r, &none, &f.Entities); err != nil {
		return f, err
	}
	f.Errors = summary("", f.Name, f.Description, f.Lead)
	return f, nil
}

func (s *Server) clustersView(r *http.Request, in cluster.Input, errs fault.Fields) (recs.ClustersView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	b := base(r)
	v := recs.ClustersView{Base: b, CanManage: account.Can(ws.Role, account.ManageRecommendations)}
	cs, err := s.Clusters.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for i, c := range cs {
		id := strconv.FormatInt(c.ID, 10)
		v.Clusters = append(v.Clusters, recs.ClusterRow{ID: c.ID, Name: c.Name, Description: c.Description, Lead: c.LeadEntityName,
			Count: c.Recommendations, Href: b + "/clusters/" + id, ListHref: b + "/recommendations?cluster=" + id,
			First: i == 0, Last: i == len(cs)-1})
	}
	if v.CanManage {
		page, err := s.Recs.List(r.Context(), ws.Tenant.ID, u.ID, recommendation.Filter{Unclustered: true, Page: 1})
		if err != nil {
			return v, err
		}
		v.Unclustered = page.Total
		if v.Form, err = s.clusterForm(r, b+"/clusters", in, errs); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Server) clusters(w http.ResponseWriter, r *http.Request) error {
	v, err := s.clustersView(r, cluster.Input{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, recs.Clusters(v))
	return nil
}

func clusterInput(r *http.Request) cluster.Input {
	in := cluster.Input{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}
	in.LeadEntityID, _ = strconv.ParseInt(r.PostForm.Get("lead"), 10, 64)
	in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	return in
}

func (s *Server) createCluster(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	in := clusterInput(r)
	c, err := s.Clusters.Create(r.Context(), ws.Tenant.ID, u.ID, in)
	if errs, ok := formState(err); ok && err != nil {
		v, err := s.clustersView(r, in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, recs.Clusters(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Clusters.Created")
	http.Redirect(w, r, base(r)+"/clusters/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) clusterView(r *http.Request, id int64, in *cluster.Input, errs fault.Fields) (recs.ClusterView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	c, err := s.Clusters.Get(r.Context(), ws.Tenant.ID, u.ID, id)
	if err != nil {
		return recs.ClusterView{}, err
	}
	b := base(r)
	sid := strconv.FormatInt(c.ID, 10)
	v := recs.ClusterView{Base: b, ID: c.ID, Name: c.Name, Count: c.Recommendations, ListHref: b + "/recommendations?cluster=" + sid,
		CanManage: account.Can(ws.Role, account.ManageRecommendations)}
	if !v.CanManage {
		return v, nil
	}
	if in == nil {
		in = &cluster.Input{Name: c.Name, Description: c.Description, LeadEntityID: c.LeadEntityID, Version: c.Version}
	}
	if v.Form, err = s.clusterForm(r, b+"/clusters/"+sid, *in, errs); err != nil {
		return v, err
	}
	all, err := s.Clusters.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, o := range all {
		if o.ID != c.ID {
			v.Others = append(v.Others, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	return v, nil
}

func (s *Server) clusterPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.clusterView(r, id, nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, recs.Cluster(v))
	return nil
}

func (s *Server) updateCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	in := clusterInput(r)
	err = s.Clusters.Update(r.Context(), ws.Tenant.ID, u.ID, id, in)
	errs, isForm := formState(err)
	if fault.MessageOf(err) == "Cluster.Stale" {
		// Someone saved first: show their version and say so; nothing is overwritten.
		v, verr := s.clusterView(r, id, nil, nil)
		if verr != nil {
			return verr
		}
		v.Form.Errors.MsgID = "Cluster.Stale"
		s.render(w, r, http.StatusConflict, recs.Cluster(v))
		return nil
	}
	if isForm && err != nil {
		v, err := s.clusterView(r, id, &in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, recs.Cluster(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Clusters.Saved")
	http.Redirect(w, r, base(r)+"/clusters/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) moveCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	delta := 1
	if r.PostForm.Get("delta") == "-1" {
		delta = -1
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if err := s.Clusters.Move(r.Context(), ws.Tenant.ID, u.ID, id, delta); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/clusters", http.StatusSeeOther)
	return nil
}

func (s *Server) deleteCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if err := s.Clusters.Delete(r.Context(), ws.Tenant.ID, u.ID, id); err != nil {
		return err
	}
	s.flash(r, "Clusters.Deleted")
	http.Redirect(w, r, base(r)+"/clusters", http.StatusSeeOther)
	return nil
}

func (s *Server) mergeCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	into, err := strconv.ParseInt(r.PostForm.Get("into"), 10, 64)
	if err != nil {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if err := s.Clusters.Merge(r.Context(), ws.Tenant.ID, u.ID, id, into); err != nil {
		if fault.FieldsOf(err) != nil {
			return fault.New(fault.Invalid, "Cluster.MergeSame")
		}
		return err
	}
	s.flash(r, "Clusters.Merged")
	http.Redirect(w, r, base(r)+"/clusters/"+strconv.FormatInt(into, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) suggestions(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	list, remaining, err := s.Recs.Suggest(r.Context(), ws.Tenant.ID, u.ID, 50)
	if err != nil {
		return err
	}
	v := recs.SuggestionsView{Base: base(r), Remaining: remaining}
	for _, sg := range list {
		reason := "Suggest.ByText"
		if sg.ByTheme {
			reason = "Suggest.ByTheme"
		}
		v.Suggestions = append(v.Suggestions, recs.Suggestion{Row: s.row(r, sg.Recommendation), ClusterID: sg.ClusterID,
			Cluster: sg.ClusterName, Reason: tr(r, reason)})
	}
	s.render(w, r, http.StatusOK, recs.Suggestions(v))
	return nil
}
