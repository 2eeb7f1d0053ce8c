package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/portal"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/pages/indicators"
	pp "github.com/nmrf-platform/nmrf/templates/pages/portal"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

type portalKey struct{}

// resolvePortal finds the State in a /p/{code} URL. A State that does not publish
// answers 404, exactly like a code nobody uses.
func (s *Server) resolvePortal(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		st, err := s.Portal.Find(r.Context(), chi.URLParam(r, "code"))
		if err != nil {
			return err
		}
		r = s.preferLanguage(r, st.DefaultLanguage, false)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), portalKey{}, st)))
		return nil
	})
}

func currentPortal(r *http.Request) portal.State {
	st, _ := r.Context().Value(portalKey{}).(portal.State)
	return st
}

func portalFrame(r *http.Request, current string) pp.Frame {
	st := currentPortal(r)
	code := strings.ToLower(st.Code)
	return pp.Frame{Base: "/p/" + code, StateName: st.Name, Current: current, APIBase: "/api/v1/states/" + code}
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	st := currentPortal(r)
	sum, err := s.Portal.Summary(r.Context(), st)
	if err != nil {
		return err
	}
	v := pp.HomeView{Frame: portalFrame(r, "home"), Recommendations: sum.Recommendations, Plans: sum.Plans,
		Actions: sum.Actions, Indicators: sum.Indicators, Reports: sum.Reports, Consultations: sum.Consultations}
	for _, c := range sum.ByStatus {
		v.ByStatus = append(v.ByStatus, pp.Count{Label: tr(r, statusMsgID(c.Value)), Count: c.Count,
			Href: v.Base + "/recommendations?status=" + c.Value})
	}
	s.render(w, r, http.StatusOK, pp.Home(v))
	return nil
}

// portalRecommendations is the published list with the staff list's filters and facets.
func (s *Server) portalRecommendations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := recommendation.ParseFilter(r.URL.Query())
	f.Unclustered, f.NoLead, f.Published = false, false, ""
	f.Lang = i18n.Lang(ctx).Code
	page, err := s.Portal.Recommendations(ctx, currentPortal(r), f)
	if err != nil {
		return err
	}
	fr := portalFrame(r, "recommendations")
	list := fr.Base + "/recommendations?"
	v := pp.RecsView{Frame: fr, Query: f.Query, FollowUp: f.FollowUp, Sort: f.Sort, Total: page.Total, Page: f.Page,
		Pages:   (page.Total + recommendation.PageSize - 1) / recommendation.PageSize,
		CSVHref: fr.APIBase + "/recommendations.csv", ShowNHRIAssessment: currentPortal(r).ShowNHRIAssessment}
	if v.Page > 1 {
		g := f
		g.Page--
		v.PrevHref = list + g.Values().Encode()
	}
	if v.Page < v.Pages {
		g := f
		g.Page++
		v.NextHref = list + g.Values().Encode()
	}
	sels, err := s.filterSelects(r, f, page.Facets)
	if err != nil {
		return err
	}
	for _, sel := range sels {
		if sel.Name != "published" { // everything here is published
			v.Selects = append(v.Selects, sel)
		}
	}
	for _, sel := range v.Selects {
		for _, c := range sel.Choices {
			if c.Selected {
				v.Active = append(v.Active, recs.ActiveFilter{LabelMsgID: sel.LabelMsgID, Value: c.Label, RemoveHref: list + f.With(sel.Name, "")})
			}
		}
	}
	if f.FollowUp {
		v.Active = append(v.Active, recs.ActiveFilter{LabelMsgID: "Recs.FollowUpOnly", Value: "✓", RemoveHref: list + f.With("followup", "")})
	}
	if f.Query != "" {
		v.Active = append([]recs.ActiveFilter{{LabelMsgID: "Recs.Search", Value: f.Query, RemoveHref: list + f.With("q", "")}}, v.Active...)
	}
	for _, it := range page.Items {
		v.Rows = append(v.Rows, pp.RecRow{Href: fr.Base + "/recommendations/" + strconv.FormatInt(it.ID, 10),
			Source: source(r, it), Paragraph: it.Paragraph, Text: recommendation.Shorten(it.Text, 220),
			PositionMsgID: positionMsgID(it.Position), StatusMsgID: statusMsgID(it.Status), NHRIStatusMsgID: statusMsgIDOrEmpty(it.NHRIStatus), Clusters: it.Clusters,
			LeadEntity: it.LeadEntity, States: strings.Join(stateNames(r, it.RecommendingStates), ", ")})
	}
	s.render(w, r, http.StatusOK, pp.Recommendations(v))
	return nil
}

func (s *Server) portalRecommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.Portal.Recommendation(r.Context(), currentPortal(r), id)
	if err != nil {
		return err
	}
	fr := portalFrame(r, "recommendations")
	sum := recommendation.Summary{Mechanism: rec.Mechanism, Body: rec.Body, Symbol: rec.Symbol, Cycle: rec.Cycle, Session: rec.Session}
	v := pp.RecView{Frame: fr, Title: strings.TrimSpace(source(r, sum) + " " + rec.Paragraph), Text: rec.Text, TextLang: rec.Language,
		StatusMsgID: statusMsgID(rec.Status), StatusReason: rec.StatusReason, ShowNHRIAssessment: currentPortal(r).ShowNHRIAssessment,
		NHRIStatusMsgID: statusMsgIDOrEmpty(rec.NHRIStatus), NHRIComment: rec.NHRIComment}
	// The reader's language when the State keeps a translation, with the original at hand.
	if lang := i18n.Lang(r.Context()).Code; lang != rec.Language && rec.Translations[lang] != "" {
		v.Text, v.TextLang, v.Original, v.OriginalLang = rec.Translations[lang], lang, rec.Text, rec.Language
	}
	vocab, err := s.vocabLabels(r)
	if err != nil {
		return err
	}
	add := func(msgID, value string) {
		if value != "" {
			v.Facts = append(v.Facts, pp.Fact{LabelMsgID: msgID, Value: value})
		}
	}
	add("Rec.Mechanism", tr(r, mechanismMsgID(rec.Mechanism))+" · "+bodyName(r, rec.Body))
	add("Rec.Document", rec.Symbol)
	add("Rec.Type", tr(r, typeMsgID(rec.Type)))
	if m := positionMsgID(rec.Position); m != "" {
		add("Recs.Col.Position", tr(r, m))
	}
	add("Rec.RecommendingStates", strings.Join(stateNames(r, rec.RecommendingStates), ", "))
	add("Recs.Filter.Theme", strings.Join(translateAll(rec.Themes, "theme", vocab), ", "))
	add("Recs.Filter.Person", strings.Join(translateAll(rec.AffectedPersons, "affected_person", vocab), ", "))
	var sdgs []string
	for _, t := range rec.SDGTargets {
		sdgs = append(sdgs, sdgLabel(t))
	}
	add("Recs.Filter.SDG", strings.Join(sdgs, "; "))
	var clusters []string
	for _, c := range rec.Clusters {
		clusters = append(clusters, c.Title)
	}
	add("Recs.Col.Clusters", strings.Join(clusters, ", "))
	add("Recs.Col.Lead", rec.LeadEntity)
	add("Portal.PublishedOn", stateDay(r, &rec.PublishedAt))
	v.Actions = portalLinks(fr.Base+"/actions/", rec.Actions, true)
	v.Indicators = portalLinks(fr.Base+"/indicators/", rec.Indicators, false)
	v.Reports = s.reportBlocks(r, rec.Reports)
	s.render(w, r, http.StatusOK, pp.Recommendation(v))
	return nil
}

func portalLinks(prefix string, refs []portal.Ref, withStatus bool) []pp.Link {
	var out []pp.Link
	for _, x := range refs {
		l := pp.Link{Name: x.Title, Href: prefix + strconv.FormatInt(x.ID, 10)}
		if withStatus && x.Status != "" {
			l.StatusMsgID = "ActionStatus." + x.Status
		}
		out = append(out, l)
	}
	return out
}

func (s *Server) reportBlocks(r *http.Request, reps []portal.Report) []pp.ReportBlock {
	fr := portalFrame(r, "")
	var out []pp.ReportBlock
	for _, rep := range reps {
		b := pp.ReportBlock{Entity: rep.Entity, Period: rep.Period, Done: rep.Done, Published: stateDay(r, &rep.PublishedAt)}
		if rep.ProposedStatus != "" {
			b.ProposedStatusMsgID = "ActionStatus." + rep.ProposedStatus
		}
		for _, e := range rep.Evidence {
			if e.URL != "" {
				b.Evidence = append(b.Evidence, pp.EvidenceLink{Name: e.URL, Href: e.URL, External: true})
				continue
			}
			b.Evidence = append(b.Evidence, pp.EvidenceLink{Name: e.Filename, Href: fr.Base + "/evidence/" + strconv.FormatInt(e.ID, 10),
				Size: i18n.T(r.Context(), "Portal.SizeKB", map[string]any{"Size": (e.Size + 1023) / 1024})})
		}
		out = append(out, b)
	}
	return out
}

func (s *Server) portalPlan(w http.ResponseWriter, r *http.Request) error {
	plans, err := s.Portal.Plans(r.Context(), currentPortal(r))
	if err != nil {
		return err
	}
	v := pp.PlanView{Frame: portalFrame(r, "plan")}
	for _, p := range plans {
		b := pp.PlanBlock{Title: p.Title, StatusMsgID: "PlanStatus." + p.Status,
			Period: p.PeriodStart.Format("2006-01-02") + " – " + p.PeriodEnd.Format("2006-01-02"), Adopted: stateDay(r, p.AdoptedAt)}
		for _, a := range p.Actions {
			b.Actions = append(b.Actions, pp.ActionRow{Href: v.Base + "/actions/" + strconv.FormatInt(a.ID, 10), Title: a.Title,
				Lead: a.LeadEntity, Due: dateString(a.DueDate), StatusMsgID: "ActionStatus." + a.Status})
		}
		v.Plans = append(v.Plans, b)
	}
	s.render(w, r, http.StatusOK, pp.Plan(v))
	return nil
}

func (s *Server) portalAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.Portal.Action(r.Context(), currentPortal(r), id)
	if err != nil {
		return err
	}
	fr := portalFrame(r, "plan")
	v := pp.ActionView{Frame: fr, Title: a.Title, PlanTitle: a.PlanTitle, PlanHref: fr.Base + "/plan",
		Description: a.Description, Outcome: a.Outcome}
	add := func(msgID, value string) {
		if value != "" {
			v.Facts = append(v.Facts, pp.Fact{LabelMsgID: msgID, Value: value})
		}
	}
	add("Action.Status", tr(r, "ActionStatus."+a.Status))
	add("Action.StatusReason", a.StatusReason)
	add("Recs.Col.Lead", a.LeadEntity)
	add("Action.Supporting", strings.Join(a.Supporting, ", "))
	add("Action.Start", dateString(a.StartDate))
	add("Action.Due", dateString(a.DueDate))
	v.Recommendations = portalLinks(fr.Base+"/recommendations/", a.Recommendations, false)
	v.Indicators = portalLinks(fr.Base+"/indicators/", a.Indicators, false)
	v.Reports = s.reportBlocks(r, a.Reports)
	s.render(w, r, http.StatusOK, pp.Action(v))
	return nil
}

// portalEvidence downloads a public evidence file, always as an attachment.
func (s *Server) portalEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.Portal.Evidence(r.Context(), currentPortal(r), id)
	if err != nil {
		return err
	}
	// Public, but withdrawn the moment the State unpublishes: no shared caches.
	sendFile(w, e.ContentType, e.Filename, e.Data, "no-store")
	return nil
}

func (s *Server) portalIndicators(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Portal.Indicators(r.Context(), currentPortal(r))
	if err != nil {
		return err
	}
	v := pp.IndicatorsView{Frame: portalFrame(r, "indicators")}
	for _, ind := range list {
		v.Rows = append(v.Rows, pp.IndicatorRow{Href: v.Base + "/indicators/" + strconv.FormatInt(ind.ID, 10), Title: ind.Title,
			TypeMsgID: "Indicator.Type." + ind.Type, Unit: ind.Unit, Values: ind.Measurements})
	}
	s.render(w, r, http.StatusOK, pp.Indicators(v))
	return nil
}

func (s *Server) portalIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ind, err := s.Portal.Indicator(r.Context(), currentPortal(r), id)
	if err != nil {
		return err
	}
	fr := portalFrame(r, "indicators")
	v := pp.IndicatorView{Frame: fr, Title: ind.Title, Facts: indicatorFacts(r, ind.Indicator)}
	var table indicators.ValueTable
	v.HasValues, v.Chart, table, v.Measurements = indicatorValues(r, ind.Indicator, ind.Values)
	v.Table = table
	v.Recommendations = portalLinks(fr.Base+"/recommendations/", ind.Recommendations, false)
	v.Actions = portalLinks(fr.Base+"/actions/", ind.Actions, true)
	v.Reports = s.reportBlocks(r, ind.Reports)
	s.render(w, r, http.StatusOK, pp.Indicator(v))
	return nil
}
