package progress

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Limits on what a report holds.
const (
	MaxPeriod   = 100
	MaxDoneText = 20000
)

// Input is what a focal point or staff enter for a report. The subject (exactly one of
// ActionID, RecommendationID, IndicatorID) is chosen on Create and never changes.
type Input struct {
	ActionID, RecommendationID, IndicatorID int64
	Period                                  string
	DoneText                                string
	ProposedStatus                          string // "" proposes nothing
	EvidencePublic                          bool
}

func (in *Input) validate(withSubject bool) error {
	in.Period, in.DoneText, in.ProposedStatus = strings.TrimSpace(in.Period), strings.TrimSpace(in.DoneText), strings.TrimSpace(in.ProposedStatus)
	f := fault.Fields{}
	if withSubject {
		set, negative := 0, false
		for _, id := range []int64{in.ActionID, in.RecommendationID, in.IndicatorID} {
			if id != 0 {
				set++
			}
			negative = negative || id < 0
		}
		if set != 1 || negative {
			f["subject"] = "Progress.SubjectRequired"
		}
	}
	if in.Period == "" || len([]rune(in.Period)) > MaxPeriod {
		f["period"] = "Progress.PeriodInvalid"
	}
	if len([]rune(in.DoneText)) > MaxDoneText {
		f["done_text"] = "Progress.DoneTextTooLong"
	}
	if in.ProposedStatus != "" && !slices.Contains(ImplementationStatuses, in.ProposedStatus) {
		f["proposed_status"] = "Progress.ProposedStatusInvalid"
	}
	// An action cannot be "not implementable" without saying why (actions.status_reason).
	if in.ProposedStatus == "not_implementable" && in.DoneText == "" && f["done_text"] == "" {
		f["done_text"] = "Progress.ExplainNotImplementable"
	}
	return f.Err()
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// mayWrite decides whether actor may change r or submit it: the NMRF staff, or a focal
// point of the report's entity.
func mayWrite(actor Actor, r Report) error {
	if !account.Can(actor.Role, account.ReportProgress) {
		return fault.New(fault.Forbidden, "")
	}
	if actor.staff() || actor.focalPointOf(r.EntityID) {
		return nil
	}
	return fault.New(fault.Forbidden, "Progress.NotYourEntity")
}

// The effective lead of a recommendation, as the recommendations list shows it: the entity
// set on it as lead, else the lead of its first cluster that has one.
const recommendationLead = `COALESCE(
    (SELECT re.entity_id FROM recommendation_entities re
      WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.role = 'lead'),
    (SELECT c.lead_entity_id FROM cluster_recommendations cr JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
      WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id AND c.lead_entity_id IS NOT NULL
      ORDER BY c.position, c.id LIMIT 1))`

// subjectOwners finds the subject's responsible entity (its lead, or an indicator's
// source) and whether entityID is one of the entities it is assigned to. An unknown
// subject is NotFound.
func subjectOwners(ctx context.Context, tx pgx.Tx, tenantID int64, in Input, entityID int64) (lead *int64, assigned bool, err error) {
	var q string
	var id int64
	switch {
	case in.ActionID != 0:
		id = in.ActionID
		q = `SELECT a.lead_entity_id, a.lead_entity_id = $3 OR EXISTS (
  SELECT FROM action_entities ae WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id AND ae.entity_id = $3)
FROM actions a WHERE a.tenant_id = $1 AND a.id = $2`
	case in.RecommendationID != 0:
		id = in.RecommendationID
		q = `SELECT l.id, l.id = $3 OR EXISTS (
  SELECT FROM recommendation_entities re WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.entity_id = $3)
FROM recommendations r, LATERAL (SELECT ` + recommendationLead + ` AS id) l
WHERE r.tenant_id = $1 AND r.id = $2`
	default:
		id = in.IndicatorID
		q = `SELECT i.source_entity_id, i.source_entity_id = $3 FROM indicators i WHERE i.tenant_id = $1 AND i.id = $2`
	}
	var match *bool
	if err := tx.QueryRow(ctx, q, tenantID, id, entityID).Scan(&lead, &match); err != nil {
		return nil, false, fmt.Errorf("subject: %w", err)
	}
	return lead, match != nil && *match, nil
}

// Create starts a report as a draft. A focal point reports for their entity and only on
// what it is responsible for; the NMRF staff may report on anything, for its lead entity.
func (s *Store) Create(ctx context.Context, tenantID int64, actor Actor, in Input) (Report, error) {
	if !account.Can(actor.Role, account.ReportProgress) {
		return Report{}, fault.New(fault.Forbidden, "")
	}
	if err := in.validate(true); err != nil {
		return Report{}, err
	}
	var r Report
	err := db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		lead, assigned, err := subjectOwners(ctx, tx, tenantID, in, actor.EntityID)
		if err != nil {
			return err
		}
		entityID := lead
		if !actor.staff() {
			if actor.EntityID == 0 || !assigned {
				return fault.New(fault.Forbidden, "Progress.NotYourEntity")
			}
			entityID = &actor.EntityID
		}
		var id int64
		if err := tx.QueryRow(ctx, `
INSERT INTO progress_reports (tenant_id, action_id, recommendation_id, indicator_id, entity_id, period, done_text,
                              proposed_status, evidence_public, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			tenantID, nullID(in.ActionID), nullID(in.RecommendationID), nullID(in.IndicatorID), entityID,
			in.Period, in.DoneText, nullString(in.ProposedStatus), in.EvidencePublic, actor.UserID).Scan(&id); err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		if err := recordEvent(ctx, tx, tenantID, id, "", Draft, actor.UserID, ""); err != nil {
			return err
		}
		r, err = s.get(ctx, tx, tenantID, actor, id)
		return err
	})
	return r, err
}

// Update saves a draft or returned report's text, proposed status and whether its
// evidence is public. It names the version the person edited; a stale one is refused and
// nothing is overwritten.
func (s *Store) Update(ctx context.Context, tenantID int64, actor Actor, id int64, in Input, version int) error {
	if !account.Can(actor.Role, account.ReportProgress) {
		return fault.New(fault.Forbidden, "")
	}
	if err := in.validate(false); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		r, err := load(ctx, tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if err := mayWrite(actor, r); err != nil {
			return err
		}
		if r.Version != version {
			return fault.New(fault.Conflict, "Progress.Stale")
		}
		if !r.Editable() {
			return fault.New(fault.Invalid, "Progress.NotEditable")
		}
		_, err = tx.Exec(ctx, `
UPDATE progress_reports SET period = $3, done_text = $4, proposed_status = $5, evidence_public = $6,
       version = version + 1, updated_at = now()
WHERE tenant_id = $1 AND id = $2`, tenantID, id, in.Period, in.DoneText, nullString(in.ProposedStatus), in.EvidencePublic)
		return err
	})
}

// Get returns one report with the evidence and history the actor may see. A report the
// actor may not read is NotFound.
func (s *Store) Get(ctx context.Context, tenantID int64, actor Actor, id int64) (Report, error) {
	var r Report
	err := db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		var err error
		r, err = s.get(ctx, tx, tenantID, actor, id)
		return err
	})
	return r, err
}

func (s *Store) get(ctx context.Context, tx pgx.Tx, tenantID int64, actor Actor, id int64) (Report, error) {
	r, err := load(ctx, tx, tenantID, id, false)
	if err != nil {
		return Report{}, err
	}
	if !Visible(actor, r) {
		return Report{}, fault.New(fault.NotFound, "")
	}
	if evidenceVisible(actor, r) {
		if r.Evidence, err = listEvidence(ctx, tx, tenantID, id); err != nil {
			return Report{}, err
		}
	}
	if !insider(actor, r) {
		r.ReturnReason = ""
		return r, nil
	}
	rows, err := tx.Query(ctx, `
SELECT COALESCE(ev.from_status, ''), ev.to_status, COALESCE(ev.user_id, 0), COALESCE(u.name, ''), ev.reason, ev.at
FROM report_events ev LEFT JOIN users u ON u.id = ev.user_id
WHERE ev.tenant_id = $1 AND ev.report_id = $2 ORDER BY ev.at, ev.id`, tenantID, id)
	if err != nil {
		return Report{}, fmt.Errorf("events: %w", err)
	}
	r.Events, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) {
		var e Event
		err := row.Scan(&e.From, &e.To, &e.UserID, &e.UserName, &e.Reason, &e.At)
		return e, err
	})
	return r, err
}

// reportSelect reads reports with their subject's title, entity and author. A
// recommendation's title is its document symbol and paragraph, else the start of its text.
const reportSelect = `
SELECT p.id, COALESCE(p.action_id, 0), COALESCE(p.recommendation_id, 0), COALESCE(p.indicator_id, 0),
       COALESCE(a.title, i.title, NULLIF(concat_ws(' ', NULLIF(d.symbol, ''), NULLIF(r.paragraph, '')), ''), left(r.text, 120), ''),
       COALESCE(p.entity_id, 0), COALESCE(e.name, ''), p.period, p.done_text, COALESCE(p.proposed_status, ''),
       p.evidence_public, p.status, p.return_reason, p.version, COALESCE(p.created_by, 0), COALESCE(u.name, ''),
       p.created_at, p.updated_at
FROM progress_reports p
LEFT JOIN actions a ON a.tenant_id = p.tenant_id AND a.id = p.action_id
LEFT JOIN indicators i ON i.tenant_id = p.tenant_id AND i.id = p.indicator_id
LEFT JOIN recommendations r ON r.tenant_id = p.tenant_id AND r.id = p.recommendation_id
LEFT JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
LEFT JOIN entities e ON e.tenant_id = p.tenant_id AND e.id = p.entity_id
LEFT JOIN users u ON u.id = p.created_by
WHERE p.tenant_id = $1`

func scanReport(row pgx.Row) (Report, error) {
	var r Report
	err := row.Scan(&r.ID, &r.ActionID, &r.RecommendationID, &r.IndicatorID, &r.SubjectTitle,
		&r.EntityID, &r.EntityName, &r.Period, &r.DoneText, &r.ProposedStatus,
		&r.EvidencePublic, &r.Status, &r.ReturnReason, &r.Version, &r.CreatedByID, &r.CreatedBy,
		&r.CreatedAt, &r.UpdatedAt)
	return r, err
}

// load reads one report without checking who asks; lock holds its row until the
// transaction ends, so a workflow step and an evidence count see no concurrent change.
func load(ctx context.Context, tx pgx.Tx, tenantID, id int64, lock bool) (Report, error) {
	q := reportSelect + ` AND p.id = $2`
	if lock {
		q += ` FOR UPDATE OF p`
	}
	r, err := scanReport(tx.QueryRow(ctx, q, tenantID, id))
	if err != nil {
		return Report{}, fmt.Errorf("report %d: %w", id, err)
	}
	return r, nil
}

// Filter narrows a list of reports; zero values do not filter.
type Filter struct {
	Status   Status
	ActionID int64
	EntityID int64
}

// List returns the reports the actor may see, newest change first, without evidence or
// history: a focal point their entity's reports, the NMRF staff all of them, the NHRI
// those validated or published, an adviser the published ones.
func (s *Store) List(ctx context.Context, tenantID int64, actor Actor, f Filter) ([]Report, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, fault.New(fault.Invalid, "Error.BadRequest")
	}
	q := reportSelect + `
  AND ($2::text = '' OR p.status = $2) AND ($3::bigint = 0 OR p.action_id = $3) AND ($4::bigint = 0 OR p.entity_id = $4)`
	args := []any{tenantID, string(f.Status), f.ActionID, f.EntityID}
	switch {
	case actor.staff():
	case actor.Role == account.RoleFocalPoint:
		q += ` AND p.entity_id = $5`
		args = append(args, actor.EntityID)
	case actor.Role == account.RoleNHRI:
		q += ` AND p.status IN ('validated', 'published')`
	case account.Can(actor.Role, account.ViewPlan):
		q += ` AND p.status = 'published'`
	default:
		return nil, fault.New(fault.Forbidden, "")
	}
	return s.list(ctx, tenantID, actor, q+` ORDER BY p.updated_at DESC, p.id DESC`, args...)
}

// Awaiting returns the submitted reports, the longest waiting first, for reviewers.
func (s *Store) Awaiting(ctx context.Context, tenantID int64, actor Actor) ([]Report, error) {
	if !account.Can(actor.Role, account.ReviewProgress) {
		return nil, fault.New(fault.Forbidden, "")
	}
	return s.list(ctx, tenantID, actor, reportSelect+` AND p.status = 'submitted' ORDER BY p.updated_at, p.id`, tenantID)
}

func (s *Store) list(ctx context.Context, tenantID int64, actor Actor, q string, args ...any) ([]Report, error) {
	var out []Report
	err := db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list reports: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Report, error) {
			r, err := scanReport(row)
			if err == nil && !insider(actor, r) {
				r.ReturnReason = ""
			}
			return r, err
		})
		return err
	})
	return out, err
}
