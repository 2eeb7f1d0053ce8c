package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/assessment"
	"github.com/nmrf-platform/nmrf/internal/audit"
	"github.com/nmrf-platform/nmrf/templates/components"
)

// history reads a record's audit trail and names its changed fields in the reader's
// language, for the History section of the record's page.
func (s *Server) history(r *http.Request, table string, id int64) ([]components.HistoryItem, error) {
	changes, err := audit.History(r.Context(), s.Pool, currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), table, id)
	if err != nil {
		return nil, err
	}
	items := make([]components.HistoryItem, 0, len(changes))
	for _, c := range changes {
		labels := make([]string, 0, len(c.Fields))
		for _, f := range c.Fields {
			if l := historyField(r, table, f); !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
		items = append(items, components.HistoryItem{At: c.At, Who: c.UserName, ActionID: "History." + c.Action, Fields: strings.Join(labels, ", ")})
	}
	return items, nil
}

// historyFields name each table's recorded columns by the message of their form label.
var historyFields = map[string]map[string]string{
	// The NHRI's assessment of a recommendation.
	assessment.Table: {"status": "Assess.Status", "comment": "Assess.Comment", "updated_by": "Assess.Updated", "recommendation_id": "Assess.Title"},
	audit.Recommendations: {
		"text": "Field.text", "paragraph": "Field.paragraph", "position": "Field.position", "position_source": "Field.position",
		"themes": "Field.themes", "affected_persons": "Field.affected_persons", "sdg_targets": "Field.sdgs",
		"recommending_states": "Field.recommending_states", "type": "Field.type", "external_id": "Field.external_id",
		"document_id": "Field.document_symbol", "gender_marker": "Recs.Filter.Gender", "follow_up": "Rec.FollowUp",
		"follow_up_due": "Rec.FollowUp", "cluster": "Recs.Col.Cluster", "lead_entity": "Recs.Col.Lead",
		"supporting_entity": "Rec.Supporting", "entity": "Bulk.Entity", "language": "Layout.Language",
		"status_override": "Rec.SetStatus", "status_reason": "Action.StatusReason",
	},
	audit.Plans: {
		"title": "Plans.Name", "period_start": "Plans.Start", "period_end": "Plans.End", "status": "Plans.Status",
		"adopted_at": "Plans.Status",
	},
	audit.Actions: {
		"title": "Action.Title", "description": "Action.Description", "outcome": "Action.Outcome",
		"lead_entity_id": "Plan.Field.lead_entity", "start_date": "Action.Start", "due_date": "Action.Due",
		"budget_amount": "Action.Budget", "budget_currency": "Action.Currency", "funding_source": "Action.Funding",
		"status": "Action.Status", "status_reason": "Action.StatusReason", "gender_marker": "Recs.Filter.Gender",
		"gender_note": "Action.GenderNote", "capacity_gaps": "Action.CapacityGaps", "assistance": "Action.Assistance",
		"plan_id": "Nav.Plans",
	},
	audit.Indicators: {
		"title": "Indicator.Title", "type": "Indicator.Type", "unit": "Indicator.Unit", "direction": "Indicator.Direction",
		"baseline_value": "Indicator.Baseline", "baseline_date": "Indicator.BaselineDate", "target_value": "Indicator.Target",
		"target_date": "Indicator.TargetDate", "data_source": "Indicator.DataSource", "source_entity_id": "Indicator.SourceEntity",
		"disaggregations": "Indicator.Disaggregations", "sdg_indicator": "Indicator.SDG",
	},
}

func historyField(r *http.Request, table, column string) string {
	if id, ok := historyFields[table][column]; ok {
		return tr(r, id)
	}
	return column
}
