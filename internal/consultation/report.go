package consultation

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Report is what a closed consultation heard and what the NMRF did with it: every
// comment with its answer, grouped by item ("you said, we did").
type Report struct {
	Consultation Consultation
	Sections     []Section // only items that received comments
	Unanswered   int       // comments (not replies) still without an answer
}

// Report returns a closed consultation's report as the actor may read it. Before the
// consultation closes there is no report (Invalid, with a message).
func (s *Store) Report(ctx context.Context, tenantID int64, actor Actor, id int64) (Report, error) {
	var rep Report
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		c, err := load(ctx, tx, tenantID, actor, id, false)
		if err != nil {
			return err
		}
		if c.Status != Closed {
			return fault.New(fault.Invalid, "Consultation.ReportNotYet")
		}
		secs, err := sections(ctx, tx, tenantID, actor, c, false)
		if err != nil {
			return err
		}
		rep = Report{Consultation: c, Sections: secs, Unanswered: unanswered(secs)}
		return nil
	})
	return rep, err
}

func unanswered(secs []Section) int {
	n := 0
	for _, s := range secs {
		for _, c := range s.Comments {
			if c.Outcome == "" && !c.Hidden {
				n++
			}
		}
	}
	return n
}

// Publish makes a closed consultation's report public (published_at). version is the
// consultation's version the staff member saw; a stale one is Conflict.
func (s *Store) Publish(ctx context.Context, tenantID int64, actor Actor, id int64, version int) error {
	if !actor.staff() {
		return fault.New(fault.Forbidden, "")
	}
	return s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		c, err := load(ctx, tx, tenantID, actor, id, true)
		if err != nil {
			return err
		}
		if c.Version != version {
			return fault.New(fault.Conflict, "Consultation.Stale")
		}
		if c.Status != Closed {
			return fault.New(fault.Invalid, "Consultation.ReportNotYet")
		}
		if c.ReportPublishedAt != nil {
			return fault.New(fault.Invalid, "Consultation.AlreadyPublished")
		}
		_, err = tx.Exec(ctx, `UPDATE consultations SET report_published_at = now(), version = version + 1 WHERE tenant_id = $1 AND id = $2`,
			tenantID, id)
		return err
	})
}

// PublicComment is a comment as the public reads it in a published report: who spoke
// (their organisation, or their role), never their name or email.
type PublicComment struct {
	ID         int64
	Speaker    string // the organisation's name; "" when the author belongs to none
	Role       string // the author's role in the State (nhri, civil_society …)
	Body       string
	Hidden     bool   // hidden by the staff: Body is empty and HiddenReason says why
	Reason     string // the hiding reason
	Outcome    string
	Answer     string
	CreatedAt  time.Time
	AnsweredAt *time.Time
	Replies    []PublicComment
}

// PublicSection is one item of a published report.
type PublicSection struct {
	ItemKind, Title string
	ItemID          int64
	Comments        []PublicComment
}

// PublishedReport is a published consultation report.
type PublishedReport struct {
	ID                int64
	Title             string
	Explanation       string
	SubjectKind       string
	SubjectTitle      string
	OpensAt, ClosesAt time.Time
	PublishedAt       time.Time
	Sections          []PublicSection
}

// PublishedReports returns every published consultation report of a State whose portal
// is on, newest first, for the public portal and API. It needs no signed-in person: the
// consultations are read through the public_consultations view, so a report not
// published, or of a State whose portal is off, is never returned.
func PublishedReports(ctx context.Context, pool *pgxpool.Pool, tenantID int64) ([]PublishedReport, error) {
	var out []PublishedReport
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		var err error
		out, err = publishedReports(ctx, tx, tenantID, 0)
		return err
	})
	return out, err
}

// PublishedReportByID returns one published report as PublishedReports would; any other
// consultation (unknown, not published, or of a State whose portal is off) is NotFound.
func PublishedReportByID(ctx context.Context, pool *pgxpool.Pool, tenantID, id int64) (PublishedReport, error) {
	var out []PublishedReport
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		var err error
		out, err = publishedReports(ctx, tx, tenantID, id)
		return err
	})
	if err != nil {
		return PublishedReport{}, err
	}
	if len(out) == 0 {
		return PublishedReport{}, fault.New(fault.NotFound, "")
	}
	return out[0], nil
}

// subjectJoins join a consultation c to its subject, for consultationColumns, without
// consultationFrom's membership: the public is nobody's member.
const subjectJoins = `
LEFT JOIN plans p ON p.tenant_id = c.tenant_id AND p.id = c.plan_id
LEFT JOIN progress_reports r ON r.tenant_id = c.tenant_id AND r.id = c.report_id
LEFT JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id`

// PublishedSummary is a published report as a list shows it: without its comments,
// only how many there are.
type PublishedSummary struct {
	ID                int64
	Title             string
	SubjectKind       string
	SubjectTitle      string
	OpensAt, ClosesAt time.Time
	PublishedAt       time.Time
	Comments          int // comments and replies received, hidden ones included
}

// PublishedSummaries lists the published reports as PublishedReports would, newest
// first, reading no comment: the count is the staff list's, made in SQL. The comments
// of a closed consultation no longer change, and each was on an item in its scope when
// made, so it is the count the full report shows.
func PublishedSummaries(ctx context.Context, pool *pgxpool.Pool, tenantID int64) ([]PublishedSummary, error) {
	var out []PublishedSummary
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+consultationColumns+` FROM public_consultations pc
JOIN consultations c ON c.tenant_id = pc.tenant_id AND c.id = pc.id`+subjectJoins+`
WHERE c.tenant_id = $1 ORDER BY pc.report_published_at DESC, pc.id DESC`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (PublishedSummary, error) {
			c, err := scanConsultation(row)
			if err != nil {
				return PublishedSummary{}, err
			}
			return PublishedSummary{ID: c.ID, Title: c.Title, SubjectKind: c.SubjectKind, SubjectTitle: c.SubjectTitle,
				OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, PublishedAt: *c.ReportPublishedAt, Comments: c.CommentCount}, nil
		})
		return err
	})
	return out, err
}

// PublishedReportsAfter returns up to limit published reports with an id above after,
// in id order, as PublishedReports would: the open-data API's keyset pages. limit 0
// means every report.
func PublishedReportsAfter(ctx context.Context, pool *pgxpool.Pool, tenantID, after int64, limit int) ([]PublishedReport, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	var out []PublishedReport
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT pc.id FROM public_consultations pc
WHERE pc.tenant_id = $1 AND pc.id > $2 ORDER BY pc.id LIMIT $3`, tenantID, after, limit)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		out, err = readPublished(ctx, tx, tenantID, ids)
		return err
	})
	return out, err
}

// publishedReports reads the published reports (only the one with this id when id is
// not 0), choosing the consultations through public_consultations.
func publishedReports(ctx context.Context, tx pgx.Tx, tenantID, id int64) ([]PublishedReport, error) {
	rows, err := tx.Query(ctx, `SELECT pc.id FROM public_consultations pc
WHERE pc.tenant_id = $1 AND ($2::bigint = 0 OR pc.id = $2) ORDER BY pc.report_published_at DESC, pc.id DESC`, tenantID, id)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	return readPublished(ctx, tx, tenantID, ids)
}

// readPublished reads the reports of consultations chosen through public_consultations,
// in the order of ids.
func readPublished(ctx context.Context, tx pgx.Tx, tenantID int64, ids []int64) ([]PublishedReport, error) {
	var out []PublishedReport
	for _, id := range ids {
		c, err := scanConsultation(tx.QueryRow(ctx, `SELECT `+consultationColumns+` FROM consultations c`+subjectJoins+`
WHERE c.tenant_id = $1 AND c.id = $2`, tenantID, id))
		if err != nil {
			return nil, fmt.Errorf("published consultation %d: %w", id, err)
		}
		if err := fillScope(ctx, tx, tenantID, &c); err != nil {
			return nil, err
		}
		// The public reads no hidden text: an actor that is neither staff nor author.
		secs, err := sections(ctx, tx, tenantID, Actor{}, c, false)
		if err != nil {
			return nil, err
		}
		out = append(out, PublishedReport{ID: c.ID, Title: c.Title, Explanation: c.Explanation, SubjectKind: c.SubjectKind,
			SubjectTitle: c.SubjectTitle, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, PublishedAt: *c.ReportPublishedAt,
			Sections: publicSections(secs)})
	}
	return out, nil
}

// fillScope reads a consultation's chosen clusters, which decide its items.
func fillScope(ctx context.Context, tx pgx.Tx, tenantID int64, c *Consultation) error {
	rows, err := tx.Query(ctx, `
SELECT cl.id, cl.name FROM consultation_clusters cc JOIN clusters cl ON cl.tenant_id = cc.tenant_id AND cl.id = cc.cluster_id
WHERE cc.tenant_id = $1 AND cc.consultation_id = $2 ORDER BY cl.position, cl.id`, tenantID, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		c.ClusterIDs, c.ClusterNames = append(c.ClusterIDs, id), append(c.ClusterNames, name)
	}
	return rows.Err()
}

func publicSections(secs []Section) []PublicSection {
	out := make([]PublicSection, 0, len(secs))
	for _, s := range secs {
		ps := PublicSection{ItemKind: s.Item.Kind, ItemID: s.Item.ID, Title: s.Item.Title}
		for _, c := range s.Comments {
			ps.Comments = append(ps.Comments, publicComment(c))
		}
		out = append(out, ps)
	}
	return out
}

func publicComment(c Comment) PublicComment {
	p := PublicComment{ID: c.ID, Speaker: c.AuthorOrg, Role: string(c.AuthorRole), Body: c.Body, Hidden: c.Hidden,
		Outcome: c.Outcome, Answer: c.Answer, CreatedAt: c.CreatedAt, AnsweredAt: c.AnsweredAt}
	if c.Hidden {
		p.Body, p.Reason = "", c.HiddenReason
	}
	for _, r := range c.Replies {
		p.Replies = append(p.Replies, publicComment(r))
	}
	return p
}
