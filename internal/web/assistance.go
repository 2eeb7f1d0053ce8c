package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/assistance"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// assistancePage summarises the State's capacity gaps and technical-assistance requests.
func (s *Server) assistancePage(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	sum, err := s.Assistance.Summarise(r.Context(), ws.Tenant.ID, currentUserID(r))
	if err != nil {
		return err
	}
	vocab, err := s.vocabLabels(r)
	if err != nil {
		return err
	}
	b := base(r)
	v := advisory.AssistanceView{Requesting: sum.Requesting,
		ByKind:    countRows(sum.ByKind, func(k string) string { return tr(r, "Assistance."+k) }),
		ByTheme:   countRows(sum.ByTheme, func(k string) string { return vocab("theme", k) }),
		ByCluster: countRows(sum.ByCluster, func(k string) string { return clusterLabel(r, k) })}
	for _, g := range sum.Gaps {
		kinds := make([]string, len(g.Assistance))
		for i, k := range g.Assistance {
			kinds[i] = tr(r, "Assistance."+k)
		}
		v.Gaps = append(v.Gaps, advisory.GapRow{Title: g.Title, Href: b + "/actions/" + strconv.FormatInt(g.ActionID, 10), Plan: g.Plan,
			Lead: g.Lead, StatusMsgID: "ActionStatus." + g.Status, Gaps: g.Gaps, Kinds: strings.Join(kinds, ", ")})
	}
	s.render(w, r, http.StatusOK, advisory.Assistance(v))
	return nil
}

func clusterLabel(r *http.Request, name string) string {
	if name == "" {
		return tr(r, "Rec.NoCluster")
	}
	return name
}

func countRows(cs []assistance.Count, label func(string) string) []advisory.CountRow {
	out := make([]advisory.CountRow, len(cs))
	for i, c := range cs {
		out[i] = advisory.CountRow{Label: label(c.Key), Count: c.Count}
	}
	return out
}

// adviserOverview compares technical-assistance requests across the States where the
// signed-in person holds a current adviser grant, and only those.
func (s *Server) adviserOverview(w http.ResponseWriter, r *http.Request) error {
	granted, err := s.Accounts.GrantedStates(r.Context(), currentUserID(r))
	if err != nil {
		return err
	}
	states := make([]assistance.State, len(granted))
	for i, m := range granted {
		states[i] = assistance.State{ID: m.TenantID, Code: m.TenantCode, Name: m.TenantName}
	}
	sums, err := s.Assistance.Overview(r.Context(), currentUserID(r), states)
	if err != nil {
		return err
	}
	vocab, err := s.vocabLabels(r)
	if err != nil {
		return err
	}
	var v advisory.OverviewView
	for _, st := range sums {
		v.States = append(v.States, advisory.OverviewState{Name: st.Name, Href: "/s/" + strings.ToLower(st.Code) + "/assistance", Requesting: st.Requesting})
	}
	v.ByKind = matrix(sums, func(x assistance.StateSummary) []assistance.Count { return x.ByKind }, func(k string) string { return tr(r, "Assistance."+k) })
	v.ByTheme = matrix(sums, func(x assistance.StateSummary) []assistance.Count { return x.ByTheme }, func(k string) string { return vocab("theme", k) })
	s.render(w, r, http.StatusOK, advisory.Overview(v))
	return nil
}

// matrix turns each State's counts into rows of one count per State, most requested first.
func matrix(sums []assistance.StateSummary, counts func(assistance.StateSummary) []assistance.Count, label func(string) string) []advisory.MatrixRow {
	index := map[string]int{}
	var rows []advisory.MatrixRow
	for i, st := range sums {
		for _, c := range counts(st) {
			j, ok := index[c.Key]
			if !ok {
				j = len(rows)
				index[c.Key] = j
				rows = append(rows, advisory.MatrixRow{Label: label(c.Key), Counts: make([]int, len(sums))})
			}
			rows[j].Counts[i] = c.Count
			rows[j].Total += c.Count
		}
	}
	// Most requested first; ties keep the order they were met in.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Total > rows[j].Total })
	return rows
}
