package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/audit"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

// base is the State's workspace path, e.g. /s/xar.
func base(r *http.Request) string {
	return "/s/" + strings.ToLower(currentWorkspace(r.Context()).Tenant.Code)
}

func (s *Server) recommendationsList(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	f := recommendation.ParseFilter(r.URL.Query())
	f.Lang = i18n.Lang(r.Context()).Code
	page, err := s.Recs.List(r.Context(), ws.Tenant.ID, u.ID, f)
	if err != nil {
		return err
	}
	v, err := s.listView(r, f, page)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		// The address bar gets the tidy form of the filter (no empty parameters).
		w.Header().Set("HX-Push-Url", base(r)+"/recommendations?"+f.Values().Encode())
	}
	s.render(w, r, http.StatusOK, recs.List(v))
	return nil
}

func (s *Server) listView(r *http.Request, f recommendation.Filter, page recommendation.Page) (recs.ListView, error) {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	u, _ := currentUser(ctx)
	b := base(r)
	v := recs.ListView{
		Base: b, Query: f.Query, FollowUp: f.FollowUp, Unclustered: f.Unclustered, NoLead: f.NoLead, Disagree: f.Disagree, Sort: f.Sort,
		Total: page.Total, Page: f.Page, Pages: (page.Total + recommendation.PageSize - 1) / recommendation.PageSize,
		FilterQuery: f.Values().Encode(), CanManage: account.Can(ws.Role, account.ManageRecommendations),
	}
	fv := f.Values()
	fv.Del("page")
	v.ExportHref = b + "/recommendations/export?" + fv.Encode()
	if v.Page > 1 {
		g := f
		g.Page--
		v.PrevHref = b + "/recommendations?" + g.Values().Encode()
	}
	if v.Page < v.Pages {
		g := f
		g.Page++
		v.NextHref = b + "/recommendations?" + g.Values().Encode()
	}
	for _, x := range page.Facets.Disagree {
		v.DisagreeCount = x.Count
	}
	sels, err := s.filterSelects(r, f, page.Facets)
	if err != nil {
		return v, err
	}
	v.Selects = sels
	for _, sel := range v.Selects {
		for _, c := range sel.Choices {
			if c.Selected {
				v.Active = append(v.Active, recs.ActiveFilter{LabelMsgID: sel.LabelMsgID, Value: c.Label,
					RemoveHref: b + "/recommendations?" + f.With(sel.Name, "")})
			}
		}
	}
	for _, flag := range []struct {
		on          bool
		name, msgID string
	}{{f.FollowUp, "followup", "Recs.FollowUpOnly"}, {f.Unclustered, "unclustered", "Recs.Unclustered"}, {f.NoLead, "nolead", "Recs.NoLead"},
		{f.Disagree, "disagree", "Assess.Filter"}} {
		if flag.on {
			v.Active = append(v.Active, recs.ActiveFilter{LabelMsgID: flag.msgID, Value: "✓", RemoveHref: b + "/recommendations?" + f.With(flag.name, "")})
		}
	}
	if f.Query != "" {
		v.Active = append([]recs.ActiveFilter{{LabelMsgID: "Recs.Search", Value: f.Query, RemoveHref: b + "/recommendations?" + f.With("q", "")}}, v.Active...)
	}
	for _, it := range page.Items {
		v.Rows = append(v.Rows, s.row(r, it))
	}
	if v.CanManage {
		if err := s.targetOptions(r, &v.Clusters, &v.Entities); err != nil {
			return v, err
		}
	}
	views, err := s.Views.List(ctx, ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, sv := range views {
		v.SavedViews = append(v.SavedViews, recs.SavedView{ID: sv.ID, Name: sv.Name, Href: b + "/recommendations?" + sv.Query,
			DeleteHref: b + "/views/" + strconv.FormatInt(sv.ID, 10) + "/delete"})
	}
	return v, nil
}

func (s *Server) row(r *http.Request, it recommendation.Summary) recs.Row {
	return recs.Row{
		ID: it.ID, Href: base(r) + "/recommendations/" + strconv.FormatInt(it.ID, 10),
		Source: source(r, it), Paragraph: it.Paragraph, Text: recommendation.Shorten(it.Text, 220),
		PositionMsgID: positionMsgID(it.Position), Clusters: it.Clusters, LeadEntity: it.LeadEntity,
		LeadFromCluster: it.LeadFromCluster, States: strings.Join(stateNames(r, it.RecommendingStates), ", "),
		GovStatusMsgID: statusMsgIDOrEmpty(it.Status), NHRIStatusMsgID: statusMsgIDOrEmpty(it.NHRIStatus),
		Disagrees: it.NHRIStatus != "" && it.NHRIStatus != it.Status,
	}
}

// statusMsgIDOrEmpty names a status, or nothing when there is none to show (a related
// recommendation's row carries no statuses).
func statusMsgIDOrEmpty(st string) string {
	if st == "" {
		return ""
	}
	return statusMsgID(st)
}

func idString(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func selectOf(name, msgID string, facets []recommendation.Facet, current string, label func(recommendation.Facet) string) recs.FilterSelect {
	sel := recs.FilterSelect{Name: name, LabelMsgID: msgID}
	found := false
	for _, x := range facets {
		sel.Choices = append(sel.Choices, recs.Choice{Value: x.Value, Label: label(x), Count: x.Count, Selected: x.Value == current})
		found = found || x.Value == current
	}
	if current != "" && !found {
		// The chosen value has no match in this view: keep it visible and selected.
		sel.Choices = append(sel.Choices, recs.Choice{Value: current, Label: label(recommendation.Facet{Value: current}), Selected: true})
	}
	return sel
}

// targetOptions lists the State's clusters and entities for the action forms.
func (s *Server) targetOptions(r *http.Request, clusters, entities *[]components.Option) error {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	cs, err := s.Clusters.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		*clusters = append(*clusters, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
	}
	es, err := s.Entities.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return err
	}
	for _, e := range es {
		*entities = append(*entities, components.Option{Value: strconv.FormatInt(e.ID, 10), Label: e.Label()})
	}
	return nil
}

func (s *Server) recommendationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecommendation(w, r, http.StatusOK, nil)
}

// renderRecommendation renders a recommendation's page; refused is the NHRI's refused
// assessment form, shown again with its values and errors (nil otherwise).
func (s *Server) renderRecommendation(w http.ResponseWriter, r *http.Request, status int, refused *assessmentForm) error {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	u, _ := currentUser(ctx)
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	rec, err := s.Recs.Get(ctx, ws.Tenant.ID, u.ID, id)
	if err != nil {
		return err
	}
	b := base(r)
	v := recs.DetailView{
		Base: b, ID: rec.ID, Source: source(r, rec.Summary), Symbol: rec.Symbol, MechanismMsgID: mechanismMsgID(rec.Mechanism),
		Body: bodyName(r, rec.Body), Cycle: rec.Cycle, Session: rec.Session, Paragraph: rec.Paragraph, Text: rec.Text,
		TypeMsgID: typeMsgID(rec.Type), PositionMsgID: positionMsgID(rec.Position), PositionSource: rec.PositionSource,
		States:      stateNames(r, rec.RecommendingStates),
		GenderMsgID: genderMsgID(rec.GenderMarker), FollowUp: rec.FollowUp, ExternalID: rec.ExternalID,
		LeadEntity: rec.LeadEntity, LeadFromCluster: rec.LeadFromCluster,
		CanManage: account.Can(ws.Role, account.ManageRecommendations), Return: b + "/recommendations",
	}
	if ref := r.Header.Get("Referer"); strings.Contains(ref, b+"/recommendations?") {
		if u, err := url.Parse(ref); err == nil {
			v.Return = u.RequestURI()
		}
	}
	vocab, err := s.vocabLabels(r)
	if err != nil {
		return err
	}
	v.Version = rec.Version
	v.Publication = components.Publication{Action: b + "/recommendations/" + strconv.FormatInt(rec.ID, 10) + "/publish",
		Version: rec.Version, Published: rec.PublishedAt != nil, PublishedOn: stateDay(r, rec.PublishedAt), CanManage: v.CanManage}
	v.Status, v.StatusMsgID, v.StatusByStaff, v.StatusReason = rec.Status, statusMsgID(rec.Status), rec.StatusSetByStaff, rec.StatusReason
	for _, a := range rec.Actions {
		v.Actions = append(v.Actions, recs.ActionLink{Title: a.Title, Href: b + "/actions/" + strconv.FormatInt(a.ID, 10), StatusMsgID: "ActionStatus." + a.Status})
	}
	v.StatusOptions = []components.Option{{Value: "", Label: tr(r, "Rec.StatusFollowActions")}}
	for _, st := range recommendation.Statuses {
		v.StatusOptions = append(v.StatusOptions, components.Option{Value: st, Label: tr(r, "ActionStatus."+st)})
	}
	for _, l := range i18n.Languages {
		if l.Code == rec.Language {
			v.OriginalLang = l.Name
			continue
		}
		if text, ok := rec.Translations[l.Code]; ok {
			v.Translations = append(v.Translations, recs.Translation{Lang: l.Code, LangName: l.Name, Text: text})
		}
		v.TranslationLangs = append(v.TranslationLangs, components.Option{Value: l.Code, Label: l.Name, Lang: l.Code})
	}
	v.Themes = translateAll(rec.Themes, "theme", vocab)
	v.Persons = translateAll(rec.AffectedPersons, "affected_person", vocab)
	if rec.Published != nil {
		v.Published = rec.Published.Format("2006-01-02")
	}
	if rec.FollowUpDue != nil {
		v.FollowUpDue = rec.FollowUpDue.Format("2006-01-02")
	}
	if rec.ActionCategory != nil {
		v.ActionCategory = *rec.ActionCategory
	}
	for _, t := range rec.SDGTargets {
		v.SDGs = append(v.SDGs, sdgLabel(t))
	}
	for i, name := range rec.Clusters {
		v.Clusters = append(v.Clusters, recs.Link{Name: name, Href: b + "/clusters/" + strconv.FormatInt(rec.ClusterIDs[i], 10)})
	}
	for _, e := range rec.Entities {
		if e.Role == "supporting" {
			v.Supporting = append(v.Supporting, e.Name)
		}
	}
	similar, err := s.Recs.Similar(ctx, ws.Tenant.ID, u.ID, id, 8)
	if err != nil {
		return err
	}
	for _, sm := range similar {
		row := s.row(r, sm.Summary)
		row.Confirmed = sm.Status == "confirmed"
		v.Similar = append(v.Similar, row)
	}
	if v.History, err = s.history(r, audit.Recommendations, id); err != nil {
		return err
	}
	if v.Assessment, err = s.assessmentSection(r, id, rec.Status, refused); err != nil {
		return err
	}
	if v.CanManage {
		if err := s.targetOptions(r, &v.ClusterOptions, &v.EntityOptions); err != nil {
			return err
		}
	}
	s.render(w, r, status, recs.Detail(v))
	return nil
}

// bulk applies one action to the selected recommendations, or to all that match.
func (s *Server) bulk(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	var ids []int64
	for _, raw := range r.PostForm["id"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		ids = append(ids, id)
	}
	filterValues, err := url.ParseQuery(r.PostForm.Get("filter"))
	if err != nil {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	a := recommendation.BulkAction{Kind: r.PostForm.Get("action")}
	a.ClusterID, _ = strconv.ParseInt(r.PostForm.Get("cluster"), 10, 64)
	a.EntityID, _ = strconv.ParseInt(r.PostForm.Get("entity"), 10, 64)
	if g := r.PostForm.Get("gender"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		a.Gender = &n
	}
	if d := strings.TrimSpace(r.PostForm.Get("due")); d != "" {
		due, err := time.Parse("2006-01-02", d)
		if err != nil {
			s.flash(r, "Bulk.DueInvalid")
			http.Redirect(w, r, base(r)+"/recommendations", http.StatusSeeOther)
			return nil
		}
		a.Due = &due
	}
	all := r.PostForm.Get("all") == "1"
	n, err := s.Recs.Bulk(r.Context(), ws.Tenant.ID, u.ID, ids, all, recommendation.ParseFilter(filterValues), a)
	dest := safeNext(r.PostForm.Get("return"))
	if dest == "" || !strings.HasPrefix(dest, base(r)+"/") {
		dest = base(r) + "/recommendations?" + filterValues.Encode()
	}
	if f := fault.FieldsOf(err); f != nil {
		// Say what was missing on the page the person came from.
		for _, msg := range f {
			s.flash(r, msg)
		}
		http.Redirect(w, r, dest, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.flashN(r, "Bulk.Done", n)
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

// relate records staff's decision on a proposed "same subject" pairing.
func (s *Server) relate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	other, err := strconv.ParseInt(r.PostForm.Get("other"), 10, 64)
	if err != nil {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if err := s.Recs.Relate(r.Context(), ws.Tenant.ID, u.ID, id, other, r.PostForm.Get("decision") == "confirm"); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/recommendations/"+strconv.FormatInt(id, 10)+"#similar-title", http.StatusSeeOther)
	return nil
}

// translate keeps a recommendation's text in another language.
func (s *Server) translate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	lang := r.PostForm.Get("lang")
	if !i18n.Supported(lang) {
		return fault.New(fault.Invalid, "Error.LanguageUnknown")
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	page := base(r) + "/recommendations/" + strconv.FormatInt(id, 10)
	err = s.Recs.SetTranslation(r.Context(), ws.Tenant.ID, u.ID, id, lang, r.PostForm.Get("text"), version)
	switch {
	case fault.FieldsOf(err) != nil:
		for _, msg := range fault.FieldsOf(err) {
			s.flash(r, msg)
		}
	case fault.MessageOf(err) == "Rec.TranslationStale":
		s.flash(r, "Rec.TranslationStale")
	case err != nil:
		return err
	default:
		s.flash(r, "Rec.TranslationSaved")
	}
	http.Redirect(w, r, page+"#translations-title", http.StatusSeeOther)
	return nil
}

// setStatus lets staff set a recommendation's status directly, with a reason.
func (s *Server) setStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	page := base(r) + "/recommendations/" + strconv.FormatInt(id, 10)
	err = s.Recs.SetStatus(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id,
		r.PostForm.Get("status"), r.PostForm.Get("status_reason"), version)
	if f := fault.FieldsOf(err); f != nil {
		for _, m := range f {
			s.flash(r, m)
		}
		http.Redirect(w, r, page+"#impl-title", http.StatusSeeOther)
		return nil
	}
	if fault.KindOf(err) == fault.Conflict {
		s.flash(r, "Rec.Stale")
		http.Redirect(w, r, page+"#impl-title", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Rec.StatusSaved")
	http.Redirect(w, r, page+"#impl-title", http.StatusSeeOther)
	return nil
}

// filterSelects are the list's filters with their facet counts, named in the page's
// language: for the staff list and the public portal's.
func (s *Server) filterSelects(r *http.Request, f recommendation.Filter, fc recommendation.Facets) ([]recs.FilterSelect, error) {
	ctx := r.Context()
	label := func(msg func(string) string) func(recommendation.Facet) string {
		return func(x recommendation.Facet) string { return i18n.T(ctx, msg(x.Value)) }
	}
	plain := func(x recommendation.Facet) string {
		if x.Label != "" {
			return x.Label
		}
		return x.Value
	}
	vocab, err := s.vocabLabels(r)
	if err != nil {
		return nil, err
	}
	return []recs.FilterSelect{
		selectOf("mechanism", "Recs.Filter.Mechanism", fc.Mechanism, f.Mechanism, label(mechanismMsgID)),
		selectOf("body", "Recs.Filter.Body", fc.Body, f.Body, func(x recommendation.Facet) string { return bodyName(r, x.Value) }),
		selectOf("document", "Recs.Filter.Document", fc.Document, idString(f.DocumentID), plain),
		selectOf("cycle", "Recs.Filter.Cycle", fc.Cycle, idString(int64(f.Cycle)), plain),
		selectOf("position", "Recs.Filter.Position", fc.Position, f.Position, func(x recommendation.Facet) string {
			if x.Value == "none" {
				return i18n.T(ctx, "Position.none")
			}
			return i18n.T(ctx, positionMsgID(x.Value))
		}),
		selectOf("type", "Recs.Filter.Type", fc.Type, f.Type, label(typeMsgID)),
		selectOf("theme", "Recs.Filter.Theme", fc.Theme, f.Theme, func(x recommendation.Facet) string { return vocab("theme", x.Value) }),
		selectOf("person", "Recs.Filter.Person", fc.Person, f.Person, func(x recommendation.Facet) string { return vocab("affected_person", x.Value) }),
		selectOf("sdg", "Recs.Filter.SDG", fc.SDGGoal, f.SDG, func(x recommendation.Facet) string { return sdgLabel(x.Value) }),
		selectOf("cluster", "Recs.Filter.Cluster", fc.Cluster, idString(f.ClusterID), plain),
		selectOf("entity", "Recs.Filter.Entity", fc.Entity, idString(f.EntityID), plain),
		selectOf("gender", "Recs.Filter.Gender", fc.Gender, f.Gender, func(x recommendation.Facet) string { return i18n.T(ctx, "Gender."+x.Value) }),
		selectOf("status", "Recs.Filter.Status", fc.Status, f.Status, func(x recommendation.Facet) string { return i18n.T(ctx, statusMsgID(x.Value)) }),
		// On the public portal (the portal's own list leaves this one out).
		selectOf("published", "Portal.Filter.Published", fc.Published, f.Published, func(x recommendation.Facet) string { return i18n.T(ctx, "Portal.Filter.Published."+x.Value) }),
	}, nil
}
