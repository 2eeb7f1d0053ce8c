package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/portal"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
)

// The open-data API: read-only JSON (and CSV) of what a State published, the same data
// as its portal. Schema and pagination: docs/API.md.

// apiDefaultLimit is a page's size when the request names none.
const apiDefaultLimit = 100

// apiError is the body of every error the API answers.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`    // stable: bad_parameter, not_found, unavailable, internal
	Message string `json:"message"` // in the language of Accept-Language (English by default)
	// Parameter names the filter parameter whose value was refused (bad_parameter only).
	Parameter string `json:"parameter,omitempty"`
}

// apiPage is the body of every list.
type apiPage[T any] struct {
	Data       []T     `json:"data"`
	Limit      int     `json:"limit"`
	NextCursor *string `json:"next_cursor"` // null on the last page
}

// api adapts an API handler: errors become JSON with the right status.
func (s *Server) api(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.apiError(w, r, err)
		}
	}
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	err = db.Classify(err)
	lang := s.guessLanguage(r)
	if lang == "" {
		lang = "en"
	}
	ctx := i18n.WithLocalizer(r.Context(), s.Bundle.Localizer(lang))
	body := apiErrorBody{Status: http.StatusInternalServerError, Code: "internal", Message: i18n.T(ctx, "Portal.API.Internal")}
	switch fault.KindOf(err) {
	case fault.Invalid:
		body = apiErrorBody{Status: http.StatusBadRequest, Code: "bad_parameter", Message: i18n.T(ctx, fault.MessageOf(err))}
		if p, ok := errors.AsType[badParameter](err); ok {
			body.Parameter = string(p)
			body.Message = i18n.T(ctx, fault.MessageOf(err), map[string]any{"Parameter": string(p)})
		}
	case fault.BadMethod:
		body = apiErrorBody{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: i18n.T(ctx, "Error.MethodNotAllowed")}
	case fault.NotFound:
		body = apiErrorBody{Status: http.StatusNotFound, Code: "not_found", Message: i18n.T(ctx, "Portal.API.NotFound")}
	case fault.Unavailable:
		w.Header().Set("Retry-After", "10")
		body = apiErrorBody{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: i18n.T(ctx, "Portal.API.Unavailable")}
	default:
		s.Logger.Error("api request failed", "path", r.URL.Path, "error", err)
	}
	writeJSON(w, body.Status, apiError{Error: body})
}

// apiTooMany answers a client over its rate limit.
func (s *Server) apiTooMany(w http.ResponseWriter, r *http.Request, minutes int) {
	lang := s.guessLanguage(r)
	if lang == "" {
		lang = "en"
	}
	ctx := i18n.WithLocalizer(r.Context(), s.Bundle.Localizer(lang))
	writeJSON(w, http.StatusTooManyRequests, apiError{Error: apiErrorBody{Status: http.StatusTooManyRequests,
		Code: "too_many_requests", Message: i18n.N(ctx, "Error.TooMany", minutes)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// apiState is the State in the URL if it publishes; anything else is 404.
func (s *Server) apiState(r *http.Request) (portal.State, error) {
	return s.Portal.Find(r.Context(), chi.URLParam(r, "code"))
}

// pageParams reads limit and cursor; anything else in the query is ignored.
func pageParams(r *http.Request) (after int64, limit int, err error) {
	q := r.URL.Query()
	limit = apiDefaultLimit
	if v, ok := q["limit"]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v[0]))
		if err != nil || n < 1 || n > portal.MaxLimit {
			return 0, 0, fault.New(fault.Invalid, "Portal.API.BadLimit")
		}
		limit = n
	}
	if v, ok := q["cursor"]; ok {
		n, err := strconv.ParseInt(strings.TrimSpace(v[0]), 10, 64)
		if err != nil || n < 1 {
			return 0, 0, fault.New(fault.Invalid, "Portal.API.BadCursor")
		}
		after = n
	}
	return after, limit, nil
}

// apiList serves one JSON page of a list: it asks for one record more than the page
// holds, to know whether another page follows.
func apiList[T any](s *Server, fetch func(*http.Request, portal.State, int64, int) ([]T, error), id func(T) int64) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		after, limit, err := pageParams(r)
		if err != nil {
			return err
		}
		st, err := s.apiState(r)
		if err != nil {
			return err
		}
		items, err := fetch(r, st, after, limit+1)
		if err != nil {
			return err
		}
		page := apiPage[T]{Data: items, Limit: limit}
		if len(items) > limit {
			page.Data = items[:limit]
			next := strconv.FormatInt(id(items[limit-1]), 10)
			page.NextCursor = &next
		}
		if page.Data == nil {
			page.Data = []T{}
		}
		writeJSON(w, http.StatusOK, page)
		return nil
	}
}

// apiCSV serves every record of a list as one CSV file.
func apiCSV[T any](s *Server, name string, fetch func(*http.Request, portal.State, int64, int) ([]T, error), header []string, row func(T) [][]string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st, err := s.apiState(r)
		if err != nil {
			return err
		}
		items, err := fetch(r, st, 0, 0)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		buf.WriteString("\ufeff") // so spreadsheet programs read the UTF-8 as UTF-8
		cw := csv.NewWriter(&buf)
		_ = cw.Write(header)
		for _, it := range items {
			for _, rec := range row(it) {
				_ = cw.Write(openDataCells(rec))
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		setAttachment(w, strings.ToLower(st.Code)+"-"+name+".csv")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(buf.Bytes())
		return nil
	}
}

// openDataCells keeps a text cell that starts like a formula from running as one in a
// spreadsheet, as the staff export does; numbers (a negative value too) stay numbers.
func openDataCells(line []string) []string {
	for i, v := range line {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			line[i] = neutralise([]string{v})[0]
		}
	}
	return line
}

// The API's fetchers, one per list.
func (s *Server) fetchRecs(r *http.Request, st portal.State, after int64, limit int) ([]portal.APIRecommendation, error) {
	f, err := apiFilter(r)
	if err != nil {
		return nil, err
	}
	return s.Portal.APIRecommendations(r.Context(), st, f, after, limit)
}

// apiFilter reads the portal list's filter from the query. Unlike the portal, which
// drops a value that makes no sense, the API refuses it, naming the parameter; other
// parameters (the staff list's, sort, page, unknown ones) are ignored.
func apiFilter(r *http.Request) (recommendation.Filter, error) {
	q := r.URL.Query()
	if bad := recommendation.Unreadable(q, portal.FilterParams()...); len(bad) > 0 {
		return recommendation.Filter{}, fault.Wrap(fault.Invalid, "Portal.API.BadFilter", badParameter(bad[0]))
	}
	return recommendation.ParseFilter(q), nil
}

// badParameter is the query parameter whose value the API refused.
type badParameter string

func (p badParameter) Error() string { return "bad value of parameter " + string(p) }

func (s *Server) fetchConsultations(r *http.Request, st portal.State, after int64, limit int) ([]portal.APIConsultation, error) {
	return s.Portal.APIConsultations(r.Context(), st, after, limit)
}

func (s *Server) fetchClusters(r *http.Request, st portal.State, after int64, limit int) ([]portal.APICluster, error) {
	return s.Portal.APIClusters(r.Context(), st, after, limit)
}

func (s *Server) fetchActions(r *http.Request, st portal.State, after int64, limit int) ([]portal.APIAction, error) {
	return s.Portal.APIActions(r.Context(), st, after, limit)
}

func (s *Server) fetchIndicators(r *http.Request, st portal.State, after int64, limit int) ([]portal.APIIndicator, error) {
	return s.Portal.APIIndicators(r.Context(), st, after, limit)
}

func ids(xs []int64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatInt(x, 10)
	}
	return strings.Join(parts, ";")
}

func optional[T any](p *T, f func(T) string) string {
	if p == nil {
		return ""
	}
	return f(*p)
}

func str(s string) string { return s }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// apiRoutes are the open-data API's routes (in routes.go's group for public reads).
func (s *Server) apiRoutes(r chi.Router) {
	r.NotFound(s.api(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
	r.MethodNotAllowed(s.api(func(w http.ResponseWriter, r *http.Request) error { return errMethodNotAllowed }))
	r.Route("/states/{code}", func(r chi.Router) {
		r.Get("/recommendations", s.api(apiList(s, s.fetchRecs, func(x portal.APIRecommendation) int64 { return x.ID })))
		r.Get("/recommendations.csv", s.api(apiCSV(s, "recommendations", s.fetchRecs,
			[]string{"id", "mechanism", "body", "document", "cycle", "session", "paragraph", "type", "text", "language", "position",
				"recommending_states", "themes", "affected_persons", "sdg_targets", "status", "nhri_status", "nhri_comment",
				"cluster_ids", "action_ids", "published_at"},
			func(x portal.APIRecommendation) [][]string {
				var nhriStatus, nhriComment string
				if a := x.NHRIAssessment; a != nil {
					nhriStatus, nhriComment = a.Status, a.Comment
				}
				return [][]string{{strconv.FormatInt(x.ID, 10), x.Mechanism, x.Body, x.Document, optional(x.Cycle, strconv.Itoa), optional(x.Session, strconv.Itoa),
					x.Paragraph, x.Type, x.Text, x.Language, x.Position, strings.Join(x.RecommendingStates, ";"), strings.Join(x.Themes, ";"),
					strings.Join(x.AffectedPersons, ";"), strings.Join(x.SDGTargets, ";"), x.Status, nhriStatus, nhriComment, ids(x.ClusterIDs), ids(x.ActionIDs),
					x.PublishedAt.UTC().Format("2006-01-02T15:04:05Z")}}
			})))
		// One row per comment or reply; a report without comments has one row with them empty.
		r.Get("/consultations", s.api(apiList(s, s.fetchConsultations, func(x portal.APIConsultation) int64 { return x.ID })))
		r.Get("/consultations.csv", s.api(apiCSV(s, "consultations", s.fetchConsultations,
			[]string{"consultation_id", "consultation_title", "subject_kind", "subject_title", "opens_at", "closes_at", "published_at",
				"item_kind", "item_id", "item_title", "comment_id", "parent_comment_id", "organisation", "role", "created_at",
				"body", "hidden", "hidden_reason", "outcome", "answer", "answered_at"},
			consultationRows)))
		r.Get("/clusters", s.api(apiList(s, s.fetchClusters, func(x portal.APICluster) int64 { return x.ID })))
		r.Get("/clusters.csv", s.api(apiCSV(s, "clusters", s.fetchClusters,
			[]string{"id", "name", "description", "lead_entity", "recommendation_ids"},
			func(x portal.APICluster) [][]string {
				return [][]string{{strconv.FormatInt(x.ID, 10), x.Name, x.Description, optional(x.LeadEntity, str), ids(x.RecommendationIDs)}}
			})))
		r.Get("/actions", s.api(apiList(s, s.fetchActions, func(x portal.APIAction) int64 { return x.ID })))
		r.Get("/actions.csv", s.api(apiCSV(s, "actions", s.fetchActions,
			[]string{"id", "plan_id", "plan", "plan_status", "title", "description", "expected_outcome", "lead_entity",
				"supporting_entities", "start_date", "due_date", "status", "recommendation_ids", "indicator_ids"},
			func(x portal.APIAction) [][]string {
				return [][]string{{strconv.FormatInt(x.ID, 10), strconv.FormatInt(x.PlanID, 10), x.Plan, x.PlanStatus, x.Title, x.Description,
					x.ExpectedOutcome, optional(x.LeadEntity, str), strings.Join(x.SupportingEntities, ";"), optional(x.StartDate, str),
					optional(x.DueDate, str), x.Status, ids(x.RecommendationIDs), ids(x.IndicatorIDs)}}
			})))
		r.Get("/indicators", s.api(apiList(s, s.fetchIndicators, func(x portal.APIIndicator) int64 { return x.ID })))
		// One row per value; an indicator without values has one row with the value empty.
		r.Get("/indicators.csv", s.api(apiCSV(s, "indicators", s.fetchIndicators,
			[]string{"indicator_id", "title", "type", "unit", "direction", "baseline_value", "baseline_date", "target_value",
				"target_date", "data_source", "sdg_indicator", "period", "disaggregation", "value", "source", "note"},
			func(x portal.APIIndicator) [][]string {
				head := []string{strconv.FormatInt(x.ID, 10), x.Title, x.Type, x.Unit, x.Direction, optional(x.BaselineValue, num),
					optional(x.BaselineDate, str), optional(x.TargetValue, num), optional(x.TargetDate, str), x.DataSource, x.SDGIndicator}
				if len(x.Measurements) == 0 {
					return [][]string{append(head, "", "", "", "", "")}
				}
				var out [][]string
				for _, m := range x.Measurements {
					out = append(out, append(append([]string{}, head...), m.Period, breakdown(x.Disaggregations, m.Disaggregation),
						num(m.Value), m.Source, m.Note))
				}
				return out
			})))
	})
}

// breakdown writes a value's disaggregation as "sex=female;age_group=15-24" in the
// indicator's order of grounds; "" is the total.
func breakdown(grounds []string, d map[string]string) string {
	var parts []string
	seen := map[string]bool{}
	for _, g := range grounds {
		if v, ok := d[g]; ok {
			parts = append(parts, g+"="+v)
			seen[g] = true
		}
	}
	for _, g := range slices.Sorted(maps.Keys(d)) { // grounds the indicator no longer lists
		if !seen[g] {
			parts = append(parts, g+"="+d[g])
		}
	}
	return strings.Join(parts, ";")
}

// consultationRows writes a published report as CSV rows: one per comment or reply.
func consultationRows(x portal.APIConsultation) [][]string {
	head := []string{strconv.FormatInt(x.ID, 10), x.Title, x.SubjectKind, x.SubjectTitle, utc(x.OpensAt), utc(x.ClosesAt), utc(x.PublishedAt)}
	var out [][]string
	var add func(item []string, parent string, list []portal.APIComment)
	add = func(item []string, parent string, list []portal.APIComment) {
		for _, c := range list {
			id := strconv.FormatInt(c.ID, 10)
			row := append(append(append([]string{}, head...), item...), id, parent, optional(c.Organisation, str), c.Role, utc(c.CreatedAt),
				c.Body, strconv.FormatBool(c.Hidden), c.HiddenReason, c.Outcome, c.Answer, optional(c.AnsweredAt, utc))
			out = append(out, row)
			add(item, id, c.Replies)
		}
	}
	for _, it := range x.Items {
		add([]string{it.Kind, optional(it.ID, func(n int64) string { return strconv.FormatInt(n, 10) }), it.Title}, "", it.Comments)
	}
	if len(out) == 0 {
		out = append(out, append(head, make([]string, 14)...))
	}
	return out
}

func utc(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
