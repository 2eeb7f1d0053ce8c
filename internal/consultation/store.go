package consultation

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Input is what the NMRF enters to open a consultation.
type Input struct {
	Title, Explanation string
	SubjectKind        string
	SubjectID          int64 // the plan, report or document
	ClusterIDs         []int64
	Audience           string
	OrganisationIDs    []int64
	OpensAt, ClosesAt  time.Time // zero when missing or not understood
}

func (in *Input) validate() error {
	in.Title, in.Explanation = strings.TrimSpace(in.Title), strings.TrimSpace(in.Explanation)
	f := fault.Fields{}
	if in.Title == "" || len([]rune(in.Title)) > MaxTitle {
		f["title"] = "Consultation.TitleInvalid"
	}
	if len([]rune(in.Explanation)) > MaxExplanation {
		f["explanation"] = "Consultation.ExplanationTooLong"
	}
	if !slices.Contains([]string{OnPlan, OnReport, OnDocument}, in.SubjectKind) || in.SubjectID <= 0 {
		f["subject"] = "Consultation.SubjectRequired"
	}
	if !slices.Contains(Audiences, in.Audience) {
		f["audience"] = "Consultation.AudienceInvalid"
	} else if in.Audience == AudienceOrganisations && len(in.OrganisationIDs) == 0 {
		f["audience"] = "Consultation.OrganisationsRequired"
	}
	if in.OpensAt.IsZero() {
		f["opens_at"] = "Consultation.DateInvalid"
	}
	if in.ClosesAt.IsZero() {
		f["closes_at"] = "Consultation.DateInvalid"
	} else if !in.OpensAt.IsZero() && !in.ClosesAt.After(in.OpensAt) {
		f["closes_at"] = "Consultation.ClosesBeforeOpens"
	}
	return f.Err()
}

// Create opens a consultation and tells the invited people (in the app and by email).
// link is the consultation's address with {id} for its number.
func (s *Store) Create(ctx context.Context, tenantID int64, actor Actor, in Input, link string) (int64, error) {
	if !actor.staff() {
		return 0, fault.New(fault.Forbidden, "")
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	if in.Audience != AudienceOrganisations {
		in.OrganisationIDs = nil
	}
	if in.SubjectKind != OnPlan {
		in.ClusterIDs = nil
	}
	var id int64
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		var planID, reportID, documentID *int64
		var check string
		switch in.SubjectKind {
		case OnPlan:
			planID, check = &in.SubjectID, `SELECT EXISTS (SELECT FROM plans WHERE tenant_id = $1 AND id = $2)`
		case OnReport:
			reportID, check = &in.SubjectID, `SELECT EXISTS (SELECT FROM progress_reports WHERE tenant_id = $1 AND id = $2)`
		default:
			documentID, check = &in.SubjectID, `SELECT EXISTS (SELECT FROM documents WHERE tenant_id = $1 AND id = $2)`
		}
		var ok bool
		if err := tx.QueryRow(ctx, check, tenantID, in.SubjectID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fault.Fields{"subject": "Consultation.SubjectRequired"}.Err()
		}
		if err := tx.QueryRow(ctx, `
INSERT INTO consultations (tenant_id, title, explanation, subject_kind, plan_id, report_id, document_id, audience, opens_at, closes_at, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			tenantID, in.Title, in.Explanation, in.SubjectKind, planID, reportID, documentID, in.Audience,
			in.OpensAt, in.ClosesAt, nullID(actor.UserID)).Scan(&id); err != nil {
			return fmt.Errorf("insert consultation: %w", err)
		}
		if len(in.ClusterIDs) > 0 {
			tag, err := tx.Exec(ctx, `
INSERT INTO consultation_clusters (tenant_id, consultation_id, cluster_id)
SELECT $1, $2, c.id FROM clusters c WHERE c.tenant_id = $1 AND c.id = ANY($3) ON CONFLICT DO NOTHING`, tenantID, id, in.ClusterIDs)
			if err != nil {
				return err
			}
			if int(tag.RowsAffected()) != len(unique(in.ClusterIDs)) {
				return fault.Fields{"clusters": "Consultation.ClustersInvalid"}.Err()
			}
		}
		if len(in.OrganisationIDs) > 0 {
			tag, err := tx.Exec(ctx, `
INSERT INTO consultation_organisations (tenant_id, consultation_id, organisation_id)
SELECT $1, $2, o.id FROM organisations o WHERE o.tenant_id = $1 AND o.id = ANY($3) AND o.status = 'approved' ON CONFLICT DO NOTHING`,
				tenantID, id, in.OrganisationIDs)
			if err != nil {
				return err
			}
			if int(tag.RowsAffected()) != len(unique(in.OrganisationIDs)) {
				return fault.Fields{"audience": "Consultation.OrganisationsRequired"}.Err()
			}
		}
		return s.tellInvited(ctx, tx, tenantID, actor.UserID, id, "Consultation.Notify.Opened", link)
	})
	return id, err
}

func unique(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

const consultationColumns = `c.id, c.title, c.explanation, c.subject_kind, COALESCE(c.plan_id, 0), COALESCE(c.report_id, 0),
  COALESCE(c.document_id, 0), c.audience, c.opens_at, c.closes_at, ` + statusSQL + `, c.report_published_at, c.version,
  COALESCE(p.title, r.period, NULLIF(d.symbol, ''), d.body, ''),
  (SELECT count(*) FROM consultation_comments cc WHERE cc.tenant_id = c.tenant_id AND cc.consultation_id = c.id)`

const consultationFrom = `consultations c
LEFT JOIN plans p ON p.tenant_id = c.tenant_id AND p.id = c.plan_id
LEFT JOIN progress_reports r ON r.tenant_id = c.tenant_id AND r.id = c.report_id
LEFT JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
JOIN memberships m ON m.tenant_id = c.tenant_id AND m.user_id = $2`

func scanConsultation(row pgx.Row) (Consultation, error) {
	var c Consultation
	err := row.Scan(&c.ID, &c.Title, &c.Explanation, &c.SubjectKind, &c.PlanID, &c.ReportID, &c.DocumentID, &c.Audience,
		&c.OpensAt, &c.ClosesAt, &c.Status, &c.ReportPublishedAt, &c.Version, &c.SubjectTitle, &c.CommentCount)
	return c, err
}

// List returns the consultations the actor may read, newest window first.
func (s *Store) List(ctx context.Context, tenantID int64, actor Actor) ([]Consultation, error) {
	var out []Consultation
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+consultationColumns+` FROM `+consultationFrom+`
WHERE c.tenant_id = $1 AND `+invitedSQL+` ORDER BY c.opens_at DESC, c.id DESC`, tenantID, actor.UserID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Consultation, error) { return scanConsultation(r) })
		return err
	})
	return out, err
}

// load reads one consultation the actor may read; any other is NotFound.
func load(ctx context.Context, tx pgx.Tx, tenantID int64, actor Actor, id int64, lock bool) (Consultation, error) {
	q := `SELECT ` + consultationColumns + ` FROM ` + consultationFrom + `
WHERE c.tenant_id = $1 AND c.id = $3 AND ` + invitedSQL
	if lock {
		q += ` FOR UPDATE OF c`
	}
	c, err := scanConsultation(tx.QueryRow(ctx, q, tenantID, actor.UserID, id))
	if err != nil {
		return Consultation{}, db.Classify(fmt.Errorf("consultation %d: %w", id, err))
	}
	c.CanComment = c.Status == Open
	if err := fillScope(ctx, tx, tenantID, &c); err != nil {
		return Consultation{}, err
	}
	rows, err := tx.Query(ctx, `
SELECT o.id, o.name FROM consultation_organisations co JOIN organisations o ON o.tenant_id = co.tenant_id AND o.id = co.organisation_id
WHERE co.tenant_id = $1 AND co.consultation_id = $2 ORDER BY o.name`, tenantID, id)
	if err != nil {
		return Consultation{}, err
	}
	for rows.Next() {
		var oid int64
		var name string
		if err := rows.Scan(&oid, &name); err != nil {
			rows.Close()
			return Consultation{}, err
		}
		c.OrganisationIDs, c.OrgNames = append(c.OrganisationIDs, oid), append(c.OrgNames, name)
	}
	return c, rows.Err()
}

// Get returns a consultation with its items and their comments, as the actor may see
// them.
func (s *Store) Get(ctx context.Context, tenantID int64, actor Actor, id int64) (Consultation, []Section, error) {
	var c Consultation
	var secs []Section
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		var err error
		if c, err = load(ctx, tx, tenantID, actor, id, false); err != nil {
			return err
		}
		secs, err = sections(ctx, tx, tenantID, actor, c, true)
		return err
	})
	return c, secs, err
}

// items lists what a consultation's comments may be about: the subject as a whole, then
// for a plan its chosen clusters and their actions (every action when no cluster was
// chosen), for a review its recommendations.
func items(ctx context.Context, tx pgx.Tx, tenantID int64, c Consultation) ([]Item, error) {
	out := []Item{{Kind: ItemWhole, Title: c.SubjectTitle}}
	var q string
	args := []any{tenantID}
	switch c.SubjectKind {
	case OnPlan:
		if len(c.ClusterIDs) > 0 {
			for i, cid := range c.ClusterIDs {
				out = append(out, Item{Kind: ItemCluster, ID: cid, Title: c.ClusterNames[i]})
			}
			q = `SELECT 'action', a.id, a.title FROM actions a WHERE a.tenant_id = $1 AND a.plan_id = $2 AND a.cluster_id = ANY($3) ORDER BY a.id`
			args = append(args, c.PlanID, c.ClusterIDs)
		} else {
			q = `SELECT 'action', a.id, a.title FROM actions a WHERE a.tenant_id = $1 AND a.plan_id = $2 ORDER BY a.id`
			args = append(args, c.PlanID)
		}
	case OnDocument:
		q = `SELECT 'recommendation', r.id, CASE WHEN r.paragraph = '' THEN '' ELSE r.paragraph || ' ' END || left(r.text, 200)
FROM recommendations r WHERE r.tenant_id = $1 AND r.document_id = $2 ORDER BY r.id`
		args = append(args, c.DocumentID)
	default:
		return out, nil
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("consultation items: %w", err)
	}
	more, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Item, error) {
		var it Item
		err := r.Scan(&it.Kind, &it.ID, &it.Title)
		return it, err
	})
	return append(out, more...), err
}

// inScope reports whether key names one of the consultation's items.
func inScope(list []Item, key string) (Item, bool) {
	for _, it := range list {
		if it.Key() == key {
			return it, true
		}
	}
	return Item{}, false
}

// sections groups the comments by item. With all false only items that have comments
// are kept (the report).
func sections(ctx context.Context, tx pgx.Tx, tenantID int64, actor Actor, c Consultation, all bool) ([]Section, error) {
	list, err := items(ctx, tx, tenantID, c)
	if err != nil {
		return nil, err
	}
	comments, err := listComments(ctx, tx, tenantID, actor, c.ID)
	if err != nil {
		return nil, err
	}
	var out []Section
	for _, it := range list {
		sec := Section{Item: it}
		for _, cm := range comments {
			if cm.ItemKind == it.Kind && (it.Kind == ItemWhole || cm.ItemID == it.ID) {
				sec.Comments = append(sec.Comments, cm)
			}
		}
		if all || len(sec.Comments) > 0 {
			out = append(out, sec)
		}
	}
	return out, nil
}

// Choice is a subject, cluster or organisation a staff member may pick on the form.
type Choice struct {
	ID   int64
	Name string
}

// Choices are what the form to open a consultation offers.
type Choices struct {
	Plans, Reports, Documents, Clusters, Organisations []Choice
}

// FormChoices lists the plans, progress reports, reviews, clusters and approved
// organisations of the State.
func (s *Store) FormChoices(ctx context.Context, tenantID int64, actor Actor) (Choices, error) {
	var ch Choices
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		for _, q := range []struct {
			dst *[]Choice
			sql string
		}{
			{&ch.Plans, `SELECT id, title FROM plans WHERE tenant_id = $1 ORDER BY period_start DESC, id`},
			{&ch.Reports, `SELECT r.id, COALESCE(a.title, '') || ' — ' || r.period FROM progress_reports r
  LEFT JOIN actions a ON a.tenant_id = r.tenant_id AND a.id = r.action_id WHERE r.tenant_id = $1 ORDER BY r.id DESC LIMIT 500`},
			{&ch.Documents, `SELECT id, CASE WHEN symbol = '' THEN body ELSE symbol END FROM documents WHERE tenant_id = $1 ORDER BY published DESC NULLS LAST, id`},
			{&ch.Clusters, `SELECT id, name FROM clusters WHERE tenant_id = $1 ORDER BY position, id`},
			{&ch.Organisations, `SELECT id, name FROM organisations WHERE tenant_id = $1 AND status = 'approved' ORDER BY name`},
		} {
			rows, err := tx.Query(ctx, q.sql, tenantID)
			if err != nil {
				return err
			}
			*q.dst, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Choice, error) {
				var c Choice
				err := r.Scan(&c.ID, &c.Name)
				return c, err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return ch, err
}
