package portal

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/recommendation"
)

// The open-data API's records. Field names are part of the API (docs/API.md): add
// fields, never rename or remove them.

// APIRecommendation is a published recommendation.
type APIRecommendation struct {
	ID                 int64             `json:"id"`
	Mechanism          string            `json:"mechanism"`
	Body               string            `json:"body"`
	Document           string            `json:"document"`
	Cycle              *int              `json:"cycle"`
	Session            *int              `json:"session"`
	Paragraph          string            `json:"paragraph"`
	Type               string            `json:"type"`
	Text               string            `json:"text"`
	Language           string            `json:"language"`
	Translations       map[string]string `json:"translations"`
	Position           string            `json:"position"`
	RecommendingStates []string          `json:"recommending_states"`
	Themes             []string          `json:"themes"`
	AffectedPersons    []string          `json:"affected_persons"`
	SDGTargets         []string          `json:"sdg_targets"`
	Status             string            `json:"status"`
	NHRIAssessment     *APIAssessment    `json:"nhri_assessment"`
	ClusterIDs         []int64           `json:"cluster_ids"`
	ActionIDs          []int64           `json:"action_ids"`
	PublishedAt        time.Time         `json:"published_at"`
}

// APIAssessment is the NHRI's own assessment of a recommendation's implementation,
// given only where the State shows it (null otherwise, and before the NHRI assessed it).
type APIAssessment struct {
	Status    string    `json:"status"`
	Comment   string    `json:"comment"`
	UpdatedAt time.Time `json:"updated_at"`
}

// APICluster is a cluster with at least one published recommendation.
type APICluster struct {
	ID                int64   `json:"id"`
	Name              string  `json:"name"`
	Description       string  `json:"description"`
	LeadEntity        *string `json:"lead_entity"`
	RecommendationIDs []int64 `json:"recommendation_ids"`
}

// APIAction is an action of an adopted or closed plan.
type APIAction struct {
	ID                 int64    `json:"id"`
	PlanID             int64    `json:"plan_id"`
	Plan               string   `json:"plan"`
	PlanStatus         string   `json:"plan_status"`
	Title              string   `json:"title"`
	Description        string   `json:"description"`
	ExpectedOutcome    string   `json:"expected_outcome"`
	LeadEntity         *string  `json:"lead_entity"`
	SupportingEntities []string `json:"supporting_entities"`
	StartDate          *string  `json:"start_date"`
	DueDate            *string  `json:"due_date"`
	Status             string   `json:"status"`
	RecommendationIDs  []int64  `json:"recommendation_ids"`
	IndicatorIDs       []int64  `json:"indicator_ids"`
}

// APIIndicator is a published indicator with all its values.
type APIIndicator struct {
	ID                int64            `json:"id"`
	Title             string           `json:"title"`
	Type              string           `json:"type"`
	Unit              string           `json:"unit"`
	Direction         string           `json:"direction"`
	BaselineValue     *float64         `json:"baseline_value"`
	BaselineDate      *string          `json:"baseline_date"`
	TargetValue       *float64         `json:"target_value"`
	TargetDate        *string          `json:"target_date"`
	DataSource        string           `json:"data_source"`
	SourceEntity      *string          `json:"source_entity"`
	Disaggregations   []string         `json:"disaggregations"`
	SDGIndicator      string           `json:"sdg_indicator"`
	ActionIDs         []int64          `json:"action_ids"`
	RecommendationIDs []int64          `json:"recommendation_ids"`
	Measurements      []APIMeasurement `json:"measurements"`
}

// APIMeasurement is one value of an indicator.
type APIMeasurement struct {
	Period         string            `json:"period"`
	Disaggregation map[string]string `json:"disaggregation"`
	Value          float64           `json:"value"`
	Source         string            `json:"source"`
	Note           string            `json:"note"`
}

// APIConsultation is a published consultation report: what the NHRI and civil society
// said on each item, and what the NMRF answered. Who spoke is their organisation and
// role, never their name; a hidden comment has only the reason it was hidden.
type APIConsultation struct {
	ID           int64                 `json:"id"`
	Title        string                `json:"title"`
	Explanation  string                `json:"explanation"`
	SubjectKind  string                `json:"subject_kind"`
	SubjectTitle string                `json:"subject_title"`
	OpensAt      time.Time             `json:"opens_at"`
	ClosesAt     time.Time             `json:"closes_at"`
	PublishedAt  time.Time             `json:"published_at"`
	Items        []APIConsultationItem `json:"items"`
}

// APIConsultationItem is an item of a consultation that received comments.
type APIConsultationItem struct {
	Kind     string       `json:"kind"` // whole, cluster, action, recommendation
	ID       *int64       `json:"id"`   // null for the whole subject
	Title    string       `json:"title"`
	Comments []APIComment `json:"comments"`
}

// APIComment is a comment or reply of a published report.
type APIComment struct {
	ID           int64        `json:"id"`
	Organisation *string      `json:"organisation"` // null when the author belongs to none
	Role         string       `json:"role"`         // nhri, civil_society …; "" for a former member
	Body         string       `json:"body"`         // "" when hidden
	Hidden       bool         `json:"hidden"`
	HiddenReason string       `json:"hidden_reason"`
	Outcome      string       `json:"outcome"` // "" before an answer
	Answer       string       `json:"answer"`
	CreatedAt    time.Time    `json:"created_at"`
	AnsweredAt   *time.Time   `json:"answered_at"`
	Replies      []APIComment `json:"replies"`
}

// MaxLimit is the most records one API page holds.
const MaxLimit = 500

// Every API list is in id order and continues after the last id of the page before
// (keyset pagination): a record published meanwhile never shifts a page. limit 0 means
// every record (the CSV downloads).
func pageArgs(after int64, limit int) (int64, int) {
	if limit <= 0 {
		return after, 1 << 30
	}
	return after, limit
}

// APIRecommendations returns up to limit published recommendations matching f with an
// id above after. The filter is the portal list's (recommendation.Filter), held to what
// the public may see; its sort and page are not used: API pages are in id order.
func (s *Store) APIRecommendations(ctx context.Context, st State, f recommendation.Filter, after int64, limit int) ([]APIRecommendation, error) {
	after, limit = pageArgs(after, limit)
	f = publicFilter(f)
	var out []APIRecommendation
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		var ids []int64 // nil: no filter, every published recommendation
		if !f.IsEmpty() {
			var err error
			if ids, err = recommendation.MatchingIDs(ctx, tx, st.ID, f, after, limit); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `
SELECT r.id, d.mechanism, d.body, d.symbol, d.cycle, d.session, r.paragraph, r.type, r.text, r.language, r.translations,
       r.position, r.recommending_states, r.themes, r.affected_persons, r.sdg_targets, rs.status,
       ARRAY(SELECT cr.cluster_id FROM public_cluster_recommendations cr WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id ORDER BY 1),
       ARRAY(SELECT ar.action_id FROM public_action_recommendations ar WHERE ar.tenant_id = r.tenant_id AND ar.recommendation_id = r.id ORDER BY 1),
       r.published_at, na.status, na.comment, na.updated_at
FROM public_recommendations r
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
JOIN public_recommendation_status rs ON rs.tenant_id = r.tenant_id AND rs.recommendation_id = r.id
LEFT JOIN public_nhri_assessments na ON na.tenant_id = r.tenant_id AND na.recommendation_id = r.id
WHERE r.tenant_id = $1 AND r.id > $2 AND ($4::bigint[] IS NULL OR r.id = ANY($4)) ORDER BY r.id LIMIT $3`, st.ID, after, limit, ids)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (APIRecommendation, error) {
			var r APIRecommendation
			var naStatus, naComment *string
			var naUpdated *time.Time
			err := row.Scan(&r.ID, &r.Mechanism, &r.Body, &r.Document, &r.Cycle, &r.Session, &r.Paragraph, &r.Type, &r.Text,
				&r.Language, &r.Translations, &r.Position, &r.RecommendingStates, &r.Themes, &r.AffectedPersons, &r.SDGTargets,
				&r.Status, &r.ClusterIDs, &r.ActionIDs, &r.PublishedAt, &naStatus, &naComment, &naUpdated)
			if naStatus != nil {
				r.NHRIAssessment = &APIAssessment{Status: *naStatus, Comment: *naComment, UpdatedAt: *naUpdated}
			}
			return r, err
		})
		return err
	})
	return out, err
}

// APIClusters returns up to limit public clusters with an id above after.
func (s *Store) APIClusters(ctx context.Context, st State, after int64, limit int) ([]APICluster, error) {
	after, limit = pageArgs(after, limit)
	var out []APICluster
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT c.id, c.name, c.description, e.name,
       ARRAY(SELECT cr.recommendation_id FROM public_cluster_recommendations cr WHERE cr.tenant_id = c.tenant_id AND cr.cluster_id = c.id ORDER BY 1)
FROM public_clusters c LEFT JOIN entities e ON e.tenant_id = c.tenant_id AND e.id = c.lead_entity_id
WHERE c.tenant_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3`, st.ID, after, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (APICluster, error) {
			var c APICluster
			err := row.Scan(&c.ID, &c.Name, &c.Description, &c.LeadEntity, &c.RecommendationIDs)
			return c, err
		})
		return err
	})
	return out, err
}

// APIActions returns up to limit actions of public plans with an id above after.
func (s *Store) APIActions(ctx context.Context, st State, after int64, limit int) ([]APIAction, error) {
	after, limit = pageArgs(after, limit)
	var out []APIAction
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT a.id, a.plan_id, p.title, p.status, a.title, a.description, a.outcome, e.name,
       ARRAY(SELECT se.name FROM action_entities ae JOIN entities se ON se.tenant_id = ae.tenant_id AND se.id = ae.entity_id
             WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id ORDER BY se.name),
       to_char(a.start_date, 'YYYY-MM-DD'), to_char(a.due_date, 'YYYY-MM-DD'), a.status,
       ARRAY(SELECT ar.recommendation_id FROM public_action_recommendations ar WHERE ar.tenant_id = a.tenant_id AND ar.action_id = a.id ORDER BY 1),
       ARRAY(SELECT ia.indicator_id FROM public_indicator_actions ia WHERE ia.tenant_id = a.tenant_id AND ia.action_id = a.id ORDER BY 1)
FROM public_actions a
JOIN public_plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id
WHERE a.tenant_id = $1 AND a.id > $2 ORDER BY a.id LIMIT $3`, st.ID, after, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (APIAction, error) {
			var a APIAction
			err := row.Scan(&a.ID, &a.PlanID, &a.Plan, &a.PlanStatus, &a.Title, &a.Description, &a.ExpectedOutcome, &a.LeadEntity,
				&a.SupportingEntities, &a.StartDate, &a.DueDate, &a.Status, &a.RecommendationIDs, &a.IndicatorIDs)
			return a, err
		})
		return err
	})
	return out, err
}

// APIIndicators returns up to limit published indicators with an id above after, each
// with all its values.
func (s *Store) APIIndicators(ctx context.Context, st State, after int64, limit int) ([]APIIndicator, error) {
	after, limit = pageArgs(after, limit)
	var out []APIIndicator
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT i.id, i.title, i.type, i.unit, i.direction, i.baseline_value::float8, to_char(i.baseline_date, 'YYYY-MM-DD'),
       i.target_value::float8, to_char(i.target_date, 'YYYY-MM-DD'), i.data_source, e.name, i.disaggregations, i.sdg_indicator,
       ARRAY(SELECT ia.action_id FROM public_indicator_actions ia WHERE ia.tenant_id = i.tenant_id AND ia.indicator_id = i.id ORDER BY 1),
       ARRAY(SELECT ir.recommendation_id FROM indicator_recommendations ir
             JOIN public_recommendations r ON r.tenant_id = ir.tenant_id AND r.id = ir.recommendation_id
             WHERE ir.tenant_id = i.tenant_id AND ir.indicator_id = i.id ORDER BY 1)
FROM public_indicators i LEFT JOIN entities e ON e.tenant_id = i.tenant_id AND e.id = i.source_entity_id
WHERE i.tenant_id = $1 AND i.id > $2 ORDER BY i.id LIMIT $3`, st.ID, after, limit)
		if err != nil {
			return err
		}
		if out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (APIIndicator, error) {
			var x APIIndicator
			err := row.Scan(&x.ID, &x.Title, &x.Type, &x.Unit, &x.Direction, &x.BaselineValue, &x.BaselineDate,
				&x.TargetValue, &x.TargetDate, &x.DataSource, &x.SourceEntity, &x.Disaggregations, &x.SDGIndicator,
				&x.ActionIDs, &x.RecommendationIDs)
			return x, err
		}); err != nil {
			return err
		}
		for i := range out {
			ms, err := measurements(ctx, tx, st.ID, out[i].ID)
			if err != nil {
				return err
			}
			out[i].Measurements = make([]APIMeasurement, len(ms))
			for j, m := range ms {
				out[i].Measurements[j] = APIMeasurement{Period: m.Period.Format("2006-01-02"), Disaggregation: m.Disaggregation,
					Value: m.Value, Source: m.Source, Note: m.Note}
			}
		}
		return nil
	})
	return out, err
}
