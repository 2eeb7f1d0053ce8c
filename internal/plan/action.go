package plan

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Implementation statuses of an action (and of a recommendation).
var Statuses = []string{"not_started", "in_progress", "partially_implemented", "fully_implemented", "not_implementable"}

// Assistance are the kinds of technical assistance a State may ask for.
var Assistance = []string{"advisory", "training", "un_volunteer", "consultant", "facilitation", "peer_exchange", "other"}

// Action is a measure of the plan that answers recommendations.
type Action struct {
	ID              int64
	PlanID          int64
	Title           string
	Description     string
	Outcome         string
	LeadEntityID    int64
	LeadEntity      string
	Supporting      []int64
	StartDate       *time.Time
	DueDate         *time.Time
	BudgetAmount    *float64
	BudgetCurrency  string
	FundingSource   string
	Status          string
	StatusReason    string
	GenderMarker    *int
	GenderNote      string
	CapacityGaps    string
	Assistance      []string
	Version         int
	Clusters        []string // the clusters of the recommendations it answers
	Recommendations []int64
	Milestones      []Milestone
}

// Milestone is a dated step of an action.
type Milestone struct {
	ID    int64
	Title string
	Due   time.Time
	Done  bool
}

// ActionInput is what staff enter for an action.
type ActionInput struct {
	Title, Description, Outcome string
	LeadEntityID                int64
	Supporting                  []int64
	StartDate, DueDate          *time.Time
	BudgetAmount                *float64
	BudgetCurrency              string
	FundingSource               string
	Status, StatusReason        string
	GenderMarker                *int
	GenderNote                  string
	CapacityGaps                string
	Assistance                  []string
	Version                     int // the version the person edited (0 on create)

	fromCluster int64 // the cluster an action is built from (FromClusters only)
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

func (in *ActionInput) validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.BudgetCurrency = strings.ToUpper(strings.TrimSpace(in.BudgetCurrency))
	in.StatusReason = strings.TrimSpace(in.StatusReason)
	f := fault.Fields{}
	if in.Title == "" || len([]rune(in.Title)) > 500 {
		f["title"] = "Action.TitleInvalid"
	}
	for name, text := range map[string]string{"description": in.Description, "outcome": in.Outcome, "capacity_gaps": in.CapacityGaps,
		"gender_note": in.GenderNote, "funding_source": in.FundingSource} {
		if len([]rune(text)) > 10000 {
			f[name] = "Action.TextTooLong"
		}
	}
	if in.StartDate != nil && in.DueDate != nil && in.DueDate.Before(*in.StartDate) {
		f["due_date"] = "Action.DatesOrder"
	}
	if in.BudgetAmount != nil && *in.BudgetAmount < 0 {
		f["budget_amount"] = "Action.BudgetInvalid"
	}
	if in.BudgetAmount != nil && !currencyPattern.MatchString(in.BudgetCurrency) {
		f["budget_currency"] = "Action.CurrencyInvalid"
	}
	if in.Status == "" {
		in.Status = "not_started"
	}
	if !slices.Contains(Statuses, in.Status) {
		f["status"] = "Action.StatusInvalid"
	}
	if in.Status == "not_implementable" && in.StatusReason == "" {
		f["status_reason"] = "Action.ReasonRequired"
	}
	if in.GenderMarker != nil && (*in.GenderMarker < 0 || *in.GenderMarker > 2) {
		f["gender_marker"] = "Action.GenderInvalid"
	}
	for _, a := range in.Assistance {
		if !slices.Contains(Assistance, a) {
			f["assistance"] = "Action.AssistanceInvalid"
		}
	}
	if in.Assistance == nil {
		in.Assistance = []string{}
	}
	return f.Err()
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// checkEntities makes sure every entity named belongs to the State.
func checkEntities(ctx context.Context, tx pgx.Tx, tenantID int64, in ActionInput) error {
	ids := append([]int64{}, in.Supporting...)
	if in.LeadEntityID != 0 {
		ids = append(ids, in.LeadEntityID)
	}
	if len(ids) == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(DISTINCT id) FROM entities WHERE tenant_id = $1 AND id = ANY($2)`, tenantID, ids).Scan(&n); err != nil {
		return err
	}
	distinct := map[int64]bool{}
	for _, id := range ids {
		distinct[id] = true
	}
	if n != len(distinct) {
		return fault.Fields{"lead_entity": "Action.EntityInvalid"}.Err()
	}
	return nil
}

// CreateAction adds an action to a plan.
func (s *Store) CreateAction(ctx context.Context, tenantID, userID, planID int64, in ActionInput, recommendations []int64) (int64, error) {
	if err := in.validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		id, err = createAction(ctx, tx, tenantID, planID, in, recommendations)
		return err
	})
	return id, err
}

func createAction(ctx context.Context, tx pgx.Tx, tenantID, planID int64, in ActionInput, recommendations []int64) (int64, error) {
	if err := checkEntities(ctx, tx, tenantID, in); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRow(ctx, `
INSERT INTO actions (tenant_id, plan_id, title, description, outcome, lead_entity_id, start_date, due_date, budget_amount,
  budget_currency, funding_source, status, status_reason, gender_marker, gender_note, capacity_gaps, assistance, cluster_id)
SELECT $1, p.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18 FROM plans p WHERE p.tenant_id = $1 AND p.id = $2
RETURNING id`, tenantID, planID, in.Title, in.Description, in.Outcome, nullID(in.LeadEntityID), in.StartDate, in.DueDate,
		in.BudgetAmount, in.BudgetCurrency, in.FundingSource, in.Status, in.StatusReason, in.GenderMarker, in.GenderNote,
		in.CapacityGaps, in.Assistance, nullID(in.fromCluster)).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := setSupporting(ctx, tx, tenantID, id, in.Supporting); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO action_recommendations (tenant_id, action_id, recommendation_id)
		SELECT $1, $2, r.id FROM recommendations r WHERE r.tenant_id = $1 AND r.id = ANY($3) ON CONFLICT DO NOTHING`,
		tenantID, id, nonNil(recommendations))
	return id, err
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func setSupporting(ctx context.Context, tx pgx.Tx, tenantID, actionID int64, ids []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM action_entities WHERE tenant_id = $1 AND action_id = $2 AND NOT (entity_id = ANY($3))`,
		tenantID, actionID, nonNil(ids)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO action_entities (tenant_id, action_id, entity_id)
		SELECT $1, $2, e.id FROM entities e WHERE e.tenant_id = $1 AND e.id = ANY($3) ON CONFLICT DO NOTHING`, tenantID, actionID, nonNil(ids))
	return err
}

// UpdateAction saves an action. A save based on an old version is refused, so two people
// never silently overwrite each other.
func (s *Store) UpdateAction(ctx context.Context, tenantID, userID, id int64, in ActionInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if err := checkEntities(ctx, tx, tenantID, in); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
UPDATE actions SET title = $3, description = $4, outcome = $5, lead_entity_id = $6, start_date = $7, due_date = $8,
  budget_amount = $9, budget_currency = $10, funding_source = $11, status = $12, status_reason = $13, gender_marker = $14,
  gender_note = $15, capacity_gaps = $16, assistance = $17, version = version + 1, updated_at = now()
WHERE tenant_id = $1 AND id = $2 AND version = $18`, tenantID, id, in.Title, in.Description, in.Outcome, nullID(in.LeadEntityID),
			in.StartDate, in.DueDate, in.BudgetAmount, in.BudgetCurrency, in.FundingSource, in.Status, in.StatusReason,
			in.GenderMarker, in.GenderNote, in.CapacityGaps, in.Assistance, in.Version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM actions WHERE tenant_id = $1 AND id = $2)`, tenantID, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return fault.New(fault.NotFound, "")
			}
			return fault.New(fault.Conflict, "Action.Stale")
		}
		return setSupporting(ctx, tx, tenantID, id, in.Supporting)
	})
}

const actionColumns = `a.id, a.plan_id, a.title, a.description, a.outcome, COALESCE(a.lead_entity_id, 0), COALESCE(e.name, ''),
  ARRAY(SELECT ae.entity_id FROM action_entities ae WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id ORDER BY 1),
  a.start_date, a.due_date, a.budget_amount::float8, a.budget_currency, a.funding_source, a.status, a.status_reason,
  a.gender_marker, a.gender_note, a.capacity_gaps, a.assistance, a.version,
  ARRAY(SELECT DISTINCT c.name FROM action_recommendations ar
        JOIN cluster_recommendations cr ON cr.tenant_id = ar.tenant_id AND cr.recommendation_id = ar.recommendation_id
        JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
        WHERE ar.tenant_id = a.tenant_id AND ar.action_id = a.id),
  ARRAY(SELECT ar.recommendation_id FROM action_recommendations ar WHERE ar.tenant_id = a.tenant_id AND ar.action_id = a.id ORDER BY 1)`

func scanAction(r pgx.Row) (Action, error) {
	var a Action
	var gm *int16
	err := r.Scan(&a.ID, &a.PlanID, &a.Title, &a.Description, &a.Outcome, &a.LeadEntityID, &a.LeadEntity, &a.Supporting,
		&a.StartDate, &a.DueDate, &a.BudgetAmount, &a.BudgetCurrency, &a.FundingSource, &a.Status, &a.StatusReason,
		&gm, &a.GenderNote, &a.CapacityGaps, &a.Assistance, &a.Version, &a.Clusters, &a.Recommendations)
	if gm != nil {
		v := int(*gm)
		a.GenderMarker = &v
	}
	return a, err
}

// Actions lists a plan's actions with their milestones (entityID, when not 0, keeps those
// the entity leads or supports). It reads with two statements whatever the plan's size.
func (s *Store) Actions(ctx context.Context, tenantID, userID, planID, entityID int64) ([]Action, error) {
	var out []Action
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+actionColumns+`
FROM actions a LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id
WHERE a.tenant_id = $1 AND a.plan_id = $2
  AND ($3 = 0 OR a.lead_entity_id = $3 OR EXISTS (SELECT FROM action_entities ae WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id AND ae.entity_id = $3))
ORDER BY a.due_date NULLS LAST, a.id`, tenantID, planID, entityID)
		if err != nil {
			return err
		}
		if out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Action, error) { return scanAction(r) }); err != nil {
			return err
		}
		return addMilestones(ctx, tx, tenantID, out)
	})
	return out, err
}

// addMilestones reads the milestones of the actions, in date order, in one statement.
func addMilestones(ctx context.Context, tx pgx.Tx, tenantID int64, actions []Action) error {
	if len(actions) == 0 {
		return nil
	}
	index := make(map[int64]int, len(actions))
	ids := make([]int64, len(actions))
	for i, a := range actions {
		index[a.ID], ids[i] = i, a.ID
	}
	rows, err := tx.Query(ctx, `SELECT action_id, id, title, due_date, done FROM milestones
WHERE tenant_id = $1 AND action_id = ANY($2) ORDER BY due_date, id`, tenantID, ids)
	if err != nil {
		return err
	}
	var actionID int64
	var m Milestone
	_, err = pgx.ForEachRow(rows, []any{&actionID, &m.ID, &m.Title, &m.Due, &m.Done}, func() error {
		a := &actions[index[actionID]]
		a.Milestones = append(a.Milestones, m)
		return nil
	})
	return err
}

// Action returns one action with its milestones.
func (s *Store) Action(ctx context.Context, tenantID, userID, id int64) (Action, error) {
	var a Action
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		a, err = scanAction(tx.QueryRow(ctx, `SELECT `+actionColumns+`
FROM actions a LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id
WHERE a.tenant_id = $1 AND a.id = $2`, tenantID, id))
		if err != nil {
			return err
		}
		one := []Action{a}
		err = addMilestones(ctx, tx, tenantID, one)
		a = one[0]
		return err
	})
	return a, err
}

// FromClusters builds a plan from clusters: one action per chosen cluster, named after
// it, led by its lead entity, answering all its recommendations. It returns how many
// actions it added; a cluster that already has its action in the plan is left alone.
func (s *Store) FromClusters(ctx context.Context, tenantID, userID, planID int64, clusterIDs []int64) (int, error) {
	added := 0
	clusterIDs = slices.Compact(slices.Sorted(slices.Values(clusterIDs))) // a cluster ticked twice counts once
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT c.id, c.name, c.description, COALESCE(c.lead_entity_id, 0),
       ARRAY(SELECT cr.recommendation_id FROM cluster_recommendations cr WHERE cr.tenant_id = c.tenant_id AND cr.cluster_id = c.id ORDER BY 1)
FROM clusters c WHERE c.tenant_id = $1 AND c.id = ANY($2) ORDER BY c.position, c.id`, tenantID, clusterIDs)
		if err != nil {
			return err
		}
		type source struct {
			id           int64
			name, desc   string
			lead         int64
			recommending []int64
		}
		sources, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (source, error) {
			var c source
			err := r.Scan(&c.id, &c.name, &c.desc, &c.lead, &c.recommending)
			return c, err
		})
		if err != nil {
			return err
		}
		if len(sources) != len(clusterIDs) {
			return fault.Fields{"clusters": "Plan.ClusterInvalid"}.Err()
		}
		for _, c := range sources {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM actions WHERE tenant_id = $1 AND plan_id = $2
				AND (cluster_id = $3 OR (cluster_id IS NULL AND title = $4)))`,
				tenantID, planID, c.id, c.name).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			in := ActionInput{Title: c.name, Outcome: c.desc, LeadEntityID: c.lead}
			if err := in.validate(); err != nil {
				return err
			}
			in.fromCluster = c.id
			if _, err := createAction(ctx, tx, tenantID, planID, in, c.recommending); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

// AddMilestone adds a dated step to an action.
func (s *Store) AddMilestone(ctx context.Context, tenantID, userID, actionID int64, title string, due time.Time) error {
	title = strings.TrimSpace(title)
	f := fault.Fields{}
	if title == "" || len([]rune(title)) > 300 {
		f["milestone_title"] = "Milestone.TitleInvalid"
	}
	if due.IsZero() {
		f["milestone_due"] = "Form.DateInvalid"
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO milestones (tenant_id, action_id, title, due_date)
			SELECT $1, a.id, $3, $4 FROM actions a WHERE a.tenant_id = $1 AND a.id = $2`, tenantID, actionID, title, due)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}

// SetMilestoneDone marks a milestone done or not done.
func (s *Store) SetMilestoneDone(ctx context.Context, tenantID, userID, actionID, milestoneID int64, done bool) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE milestones SET done = $4 WHERE tenant_id = $1 AND action_id = $2 AND id = $3`,
			tenantID, actionID, milestoneID, done)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}

// Involves reports whether an entity leads or supports the action.
func (a Action) Involves(entityID int64) bool {
	if entityID == 0 {
		return false
	}
	return a.LeadEntityID == entityID || slices.Contains(a.Supporting, entityID)
}

// EntityWork lists, across the State's open plans, the actions an entity leads or
// supports: the overdue first, then by due date (a focal point's home).
func (s *Store) EntityWork(ctx context.Context, tenantID, userID, entityID int64, today time.Time) ([]Action, error) {
	var out []Action
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+actionColumns+`
FROM actions a LEFT JOIN entities e ON e.tenant_id = a.tenant_id AND e.id = a.lead_entity_id
JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id AND p.status <> 'closed'
WHERE a.tenant_id = $1 AND (a.lead_entity_id = $2
  OR EXISTS (SELECT FROM action_entities ae WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id AND ae.entity_id = $2))
ORDER BY (a.due_date < $3 AND a.status NOT IN ('fully_implemented', 'not_implementable')) DESC, a.due_date NULLS LAST, a.id
LIMIT 200`, tenantID, entityID, today)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Action, error) { return scanAction(r) })
		return err
	})
	return out, err
}
