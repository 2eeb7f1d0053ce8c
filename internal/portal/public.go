package portal

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// State is a State whose portal is on.
type State struct {
	tenancy.Tenant
	ShowNHRIAssessment bool
}

// Find returns the State with this code if it publishes its portal. An unknown code and
// a State that does not publish are the same NotFound, so the portal never confirms
// which States use the platform.
func (s *Store) Find(ctx context.Context, code string) (State, error) {
	t, err := s.tenants.ByCode(ctx, code)
	if err != nil {
		return State{}, err
	}
	st := State{Tenant: t}
	err = s.read(ctx, st, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT publish_nhri_assessment FROM public_states WHERE tenant_id = $1`, t.ID).
			Scan(&st.ShowNHRIAssessment)
	})
	if fault.Is(err, fault.NotFound) {
		return State{}, fault.New(fault.NotFound, "")
	}
	return st, err
}

// read runs fn in the State's tenant with no person: the public acts for nobody.
func (s *Store) read(ctx context.Context, st State, fn func(pgx.Tx) error) error {
	return db.InTenant(ctx, s.pool, st.ID, 0, fn)
}

// Summary are the counts on the portal's home page.
type Summary struct {
	Recommendations, Plans, Actions, Indicators, Reports int
	Consultations                                        int                    // published consultation reports
	ByStatus                                             []recommendation.Facet // published recommendations by status
}

// Summary counts what the State published.
func (s *Store) Summary(ctx context.Context, st State) (Summary, error) {
	var sum Summary
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM public_recommendations WHERE tenant_id = $1),
			(SELECT count(*) FROM public_plans WHERE tenant_id = $1),
			(SELECT count(*) FROM public_actions WHERE tenant_id = $1),
			(SELECT count(*) FROM public_indicators WHERE tenant_id = $1),
			(SELECT count(*) FROM public_reports WHERE tenant_id = $1),
			(SELECT count(*) FROM public_consultations WHERE tenant_id = $1)`, st.ID).
			Scan(&sum.Recommendations, &sum.Plans, &sum.Actions, &sum.Indicators, &sum.Reports, &sum.Consultations); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT status, '', count(*) FROM public_recommendation_status WHERE tenant_id = $1
			GROUP BY status ORDER BY 3 DESC, 1`, st.ID)
		if err != nil {
			return err
		}
		sum.ByStatus, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (recommendation.Facet, error) {
			var f recommendation.Facet
			err := r.Scan(&f.Value, &f.Label, &f.Count)
			return f, err
		})
		return err
	})
	return sum, err
}

// Recommendations lists the published recommendations matching f, with the facets of the
// staff list: the same filter code, held to what the public may see.
func (s *Store) Recommendations(ctx context.Context, st State, f recommendation.Filter) (recommendation.Page, error) {
	return s.recs.List(ctx, st.ID, 0, publicFilter(f))
}

// publicFilter holds a filter to what the public may see. Workflow filters of the staff
// list mean nothing to the public.
func publicFilter(f recommendation.Filter) recommendation.Filter {
	f.PublishedOnly = true
	f.Unclustered, f.NoLead, f.Published = false, false, ""
	return f
}

// FilterParams are the URL parameters by which the public may filter recommendations
// (recommendation.ParseFilter reads them): the staff list's, less its workflow filters,
// its sorting and its pages.
func FilterParams() []string {
	return []string{"q", "mechanism", "body", "document", "cycle", "session", "position", "type", "theme", "person", "sdg",
		"cluster", "entity", "gender", "status", "followup", "disagree"}
}

// Ref names a public thing another one links to.
type Ref struct {
	ID     int64
	Title  string
	Status string
}

// Recommendation is one published recommendation as the public sees it.
type Recommendation struct {
	ID                        int64
	Mechanism, Body, Symbol   string
	Cycle, Session            int
	Paragraph, Text, Language string
	Translations              map[string]string
	Type, Position            string
	RecommendingStates        []string
	Themes, AffectedPersons   []string
	SDGTargets                []string
	Status                    string // from public actions only, unless staff set it
	StatusReason              string // staff's reason when they set the status
	LeadEntity                string
	Clusters                  []Ref
	Actions                   []Ref
	Indicators                []Ref
	Reports                   []Report
	PublishedAt               time.Time
	// The NHRI's assessment, where the State shows it (NHRIStatus "" otherwise).
	NHRIStatus, NHRIComment string
}

// Recommendation returns one published recommendation.
func (s *Store) Recommendation(ctx context.Context, st State, id int64) (Recommendation, error) {
	var r Recommendation
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
SELECT r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph, r.text, r.language,
       r.translations, r.type, r.position, r.recommending_states, r.themes, r.affected_persons, r.sdg_targets,
       rs.status, CASE WHEN r.status_override IS NOT NULL THEN r.status_reason ELSE '' END, r.published_at,
       COALESCE(na.status, ''), COALESCE(na.comment, ''),
       COALESCE((SELECT e.name FROM entities e WHERE e.tenant_id = r.tenant_id AND e.id = COALESCE(
         (SELECT re.entity_id FROM recommendation_entities re WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.role = 'lead'),
         (SELECT c.lead_entity_id FROM public_cluster_recommendations cr JOIN public_clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
           WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id AND c.lead_entity_id IS NOT NULL ORDER BY c.position, c.id LIMIT 1))), '')
FROM public_recommendations r
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
JOIN public_recommendation_status rs ON rs.tenant_id = r.tenant_id AND rs.recommendation_id = r.id
LEFT JOIN public_nhri_assessments na ON na.tenant_id = r.tenant_id AND na.recommendation_id = r.id
WHERE r.tenant_id = $1 AND r.id = $2`, st.ID, id).Scan(
			&r.ID, &r.Mechanism, &r.Body, &r.Symbol, &r.Cycle, &r.Session, &r.Paragraph, &r.Text, &r.Language,
			&r.Translations, &r.Type, &r.Position, &r.RecommendingStates, &r.Themes, &r.AffectedPersons, &r.SDGTargets,
			&r.Status, &r.StatusReason, &r.PublishedAt, &r.NHRIStatus, &r.NHRIComment, &r.LeadEntity)
		if err != nil {
			return err
		}
		if r.Clusters, err = refs(ctx, tx, `SELECT c.id, c.name, '' FROM public_cluster_recommendations cr
			JOIN public_clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
			WHERE cr.tenant_id = $1 AND cr.recommendation_id = $2 ORDER BY c.position, c.id`, st.ID, id); err != nil {
			return err
		}
		if r.Actions, err = refs(ctx, tx, `SELECT a.id, a.title, a.status FROM public_action_recommendations ar
			JOIN public_actions a ON a.tenant_id = ar.tenant_id AND a.id = ar.action_id
			WHERE ar.tenant_id = $1 AND ar.recommendation_id = $2 ORDER BY a.due_date NULLS LAST, a.id`, st.ID, id); err != nil {
			return err
		}
		if r.Indicators, err = refs(ctx, tx, `SELECT i.id, i.title, '' FROM indicator_recommendations ir
			JOIN public_indicators i ON i.tenant_id = ir.tenant_id AND i.id = ir.indicator_id
			WHERE ir.tenant_id = $1 AND ir.recommendation_id = $2 ORDER BY lower(i.title), i.id`, st.ID, id); err != nil {
			return err
		}
		r.Reports, err = reports(ctx, tx, st.ID, "recommendation_id", id)
		return err
	})
	return r, err
}

func refs(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]Ref, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Ref, error) {
		var x Ref
		err := r.Scan(&x.ID, &x.Title, &x.Status)
		return x, err
	})
}

// Report is a published progress report with the evidence the State made public.
type Report struct {
	ID             int64
	Entity         string
	Period         string
	Done           string
	ProposedStatus string
	PublishedAt    time.Time
	Evidence       []Evidence
}

// Evidence is a public file or link of a published report.
type Evidence struct {
	ID                    int64
	Filename, ContentType string
	Size                  int64
	URL                   string
	Data                  []byte // only from Store.Evidence
}

// reports returns the published reports about one thing (column names the kind).
func reports(ctx context.Context, tx pgx.Tx, tenantID int64, column string, id int64) ([]Report, error) {
	rows, err := tx.Query(ctx, `SELECT r.id, COALESCE(e.name, ''), r.period, r.done_text, COALESCE(r.proposed_status, ''), r.updated_at
		FROM public_reports r LEFT JOIN entities e ON e.tenant_id = r.tenant_id AND e.id = r.entity_id
		WHERE r.tenant_id = $1 AND r.`+column+` = $2 ORDER BY r.updated_at DESC, r.id DESC`, tenantID, id)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Report, error) {
		var x Report
		err := r.Scan(&x.ID, &x.Entity, &x.Period, &x.Done, &x.ProposedStatus, &x.PublishedAt)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		erows, err := tx.Query(ctx, `SELECT id, filename, content_type, size, url FROM public_evidence
			WHERE tenant_id = $1 AND report_id = $2 ORDER BY id`, tenantID, out[i].ID)
		if err != nil {
			return nil, err
		}
		if out[i].Evidence, err = pgx.CollectRows(erows, func(r pgx.CollectableRow) (Evidence, error) {
			var e Evidence
			err := r.Scan(&e.ID, &e.Filename, &e.ContentType, &e.Size, &e.URL)
			return e, err
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Evidence returns one public evidence file with its bytes.
func (s *Store) Evidence(ctx context.Context, st State, id int64) (Evidence, error) {
	var e Evidence
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT id, filename, content_type, size, url, data FROM public_evidence
			WHERE tenant_id = $1 AND id = $2 AND data IS NOT NULL`, st.ID, id).
			Scan(&e.ID, &e.Filename, &e.ContentType, &e.Size, &e.URL, &e.Data)
	})
	return e, err
}

// Plan is an adopted or closed plan with its actions.
type Plan struct {
	ID                     int64
	Title, Status          string
	PeriodStart, PeriodEnd time.Time
	AdoptedAt              *time.Time
	Actions                []Action
}

// Action is one action of a public plan.
type Action struct {
	ID                   int64
	PlanID               int64
	PlanTitle            string
	Title, Description   string
	Outcome              string
	LeadEntity           string
	Supporting           []string
	StartDate, DueDate   *time.Time
	Status, StatusReason string
	Recommendations      []Ref // published ones only
	Indicators           []Ref // published ones only
	Reports              []Report
}

const actionColumns = `a.id, a.plan_id, p.title, a.title, a.description, a.outcome, COALESCE(e.name, ''),
  ARRAY(SELECT se.name FROM action_entities ae JOIN entities se ON se.tenant_id = ae.tenant_id AND se.id = ae.entity_id
        WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id ORDER BY se.name),
  a.start_date, a.due_date, a.status, a.status_reason
FROM public_actions a
JOIN public_plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id`

func scanAction(r pgx.Row) (Action, error) {
	var a Action
	err := r.Scan(&a.ID, &a.PlanID, &a.PlanTitle, &a.Title, &a.Description, &a.Outcome, &a.LeadEntity, &a.Supporting,
		&a.StartDate, &a.DueDate, &a.Status, &a.StatusReason)
	return a, err
}

// Plans returns the public plans, the adopted ones first, each with its actions.
func (s *Store) Plans(ctx context.Context, st State) ([]Plan, error) {
	var out []Plan
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, title, status, period_start, period_end, adopted_at FROM public_plans
			WHERE tenant_id = $1 ORDER BY status = 'adopted' DESC, period_end DESC, id DESC`, st.ID)
		if err != nil {
			return err
		}
		if out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Plan, error) {
			var p Plan
			err := r.Scan(&p.ID, &p.Title, &p.Status, &p.PeriodStart, &p.PeriodEnd, &p.AdoptedAt)
			return p, err
		}); err != nil {
			return err
		}
		for i := range out {
			rows, err := tx.Query(ctx, `SELECT `+actionColumns+` WHERE a.tenant_id = $1 AND a.plan_id = $2
				ORDER BY a.due_date NULLS LAST, a.id`, st.ID, out[i].ID)
			if err != nil {
				return err
			}
			if out[i].Actions, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Action, error) { return scanAction(r) }); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Action returns one action of a public plan with its published recommendations,
// indicators and progress.
func (s *Store) Action(ctx context.Context, st State, id int64) (Action, error) {
	var a Action
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		var err error
		if a, err = scanAction(tx.QueryRow(ctx, `SELECT `+actionColumns+` WHERE a.tenant_id = $1 AND a.id = $2`, st.ID, id)); err != nil {
			return err
		}
		if a.Recommendations, err = refs(ctx, tx, `SELECT r.id, CASE WHEN d.symbol <> '' THEN d.symbol || ' ' ELSE '' END || r.paragraph, '' FROM public_action_recommendations ar
			JOIN public_recommendations r ON r.tenant_id = ar.tenant_id AND r.id = ar.recommendation_id
			JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
			WHERE ar.tenant_id = $1 AND ar.action_id = $2 ORDER BY d.symbol, r.paragraph, r.id`, st.ID, id); err != nil {
			return err
		}
		if a.Indicators, err = refs(ctx, tx, `SELECT i.id, i.title, '' FROM public_indicator_actions ia
			JOIN public_indicators i ON i.tenant_id = ia.tenant_id AND i.id = ia.indicator_id
			WHERE ia.tenant_id = $1 AND ia.action_id = $2 ORDER BY lower(i.title), i.id`, st.ID, id); err != nil {
			return err
		}
		a.Reports, err = reports(ctx, tx, st.ID, "action_id", id)
		return err
	})
	return a, err
}

const indicatorColumns = `i.id, i.title, i.type, i.unit, i.direction, i.baseline_value::float8, i.baseline_date,
  i.target_value::float8, i.target_date, i.data_source, COALESCE(i.source_entity_id, 0), COALESCE(e.name, ''),
  i.disaggregations, i.sdg_indicator,
  (SELECT count(*) FROM public_measurements m WHERE m.tenant_id = i.tenant_id AND m.indicator_id = i.id)
FROM public_indicators i LEFT JOIN entities e ON e.tenant_id = i.tenant_id AND e.id = i.source_entity_id`

func scanIndicator(r pgx.Row) (indicator.Indicator, error) {
	var ind indicator.Indicator
	err := r.Scan(&ind.ID, &ind.Title, &ind.Type, &ind.Unit, &ind.Direction, &ind.BaselineValue, &ind.BaselineDate,
		&ind.TargetValue, &ind.TargetDate, &ind.DataSource, &ind.SourceEntityID, &ind.SourceEntityName,
		&ind.Disaggregations, &ind.SDGIndicator, &ind.Measurements)
	ind.Published = true
	return ind, err
}

// Indicators lists the published indicators by title.
func (s *Store) Indicators(ctx context.Context, st State) ([]indicator.Indicator, error) {
	var out []indicator.Indicator
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+indicatorColumns+` WHERE i.tenant_id = $1 ORDER BY lower(i.title), i.id`, st.ID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (indicator.Indicator, error) { return scanIndicator(r) })
		return err
	})
	return out, err
}

// Indicator is a published indicator with its values and what it measures.
type Indicator struct {
	indicator.Indicator
	Values          []indicator.Measurement
	Actions         []Ref
	Recommendations []Ref
	Reports         []Report
}

// Indicator returns one published indicator with all its values.
func (s *Store) Indicator(ctx context.Context, st State, id int64) (Indicator, error) {
	var out Indicator
	err := s.read(ctx, st, func(tx pgx.Tx) error {
		var err error
		if out.Indicator, err = scanIndicator(tx.QueryRow(ctx, `SELECT `+indicatorColumns+` WHERE i.tenant_id = $1 AND i.id = $2`, st.ID, id)); err != nil {
			return err
		}
		if out.Values, err = measurements(ctx, tx, st.ID, id); err != nil {
			return err
		}
		if out.Actions, err = refs(ctx, tx, `SELECT a.id, a.title, a.status FROM public_indicator_actions ia
			JOIN public_actions a ON a.tenant_id = ia.tenant_id AND a.id = ia.action_id
			WHERE ia.tenant_id = $1 AND ia.indicator_id = $2 ORDER BY a.id`, st.ID, id); err != nil {
			return err
		}
		if out.Recommendations, err = refs(ctx, tx, `SELECT r.id, CASE WHEN d.symbol <> '' THEN d.symbol || ' ' ELSE '' END || r.paragraph, '' FROM indicator_recommendations ir
			JOIN public_recommendations r ON r.tenant_id = ir.tenant_id AND r.id = ir.recommendation_id
			JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
			WHERE ir.tenant_id = $1 AND ir.indicator_id = $2 ORDER BY r.id`, st.ID, id); err != nil {
			return err
		}
		out.Reports, err = reports(ctx, tx, st.ID, "indicator_id", id)
		return err
	})
	return out, err
}

// measurements are a published indicator's values by period, the total first.
func measurements(ctx context.Context, tx pgx.Tx, tenantID, indicatorID int64) ([]indicator.Measurement, error) {
	rows, err := tx.Query(ctx, `SELECT id, period, disaggregation, value::float8, source, note FROM public_measurements
		WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY period, disaggregation`, tenantID, indicatorID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (indicator.Measurement, error) {
		var m indicator.Measurement
		err := r.Scan(&m.ID, &m.Period, &m.Disaggregation, &m.Value, &m.Source, &m.Note)
		return m, err
	})
}
