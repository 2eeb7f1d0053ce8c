package recommendation

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Store reads and changes recommendations within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Summary is one row of the list.
type Summary struct {
	ID                 int64
	Mechanism          string
	Body               string
	Symbol             string
	Cycle, Session     int
	Paragraph          string
	Text               string
	Position           string
	Type               string
	RecommendingStates []string
	Clusters           []string
	LeadEntity         string
	LeadFromCluster    bool
	GenderMarker       *int
	FollowUp           bool
	// The implementation status: the government's (the recommendation_status view, "none"
	// before any action; on the portal, public_recommendation_status) and the NHRI's ("" when
	// it has not assessed it, or on the portal when the State does not publish assessments).
	Status, NHRIStatus string
	PublishedAt        *time.Time
}

// Page is one page of the filtered list with its facets.
type Page struct {
	Items  []Summary
	Total  int
	Facets Facets
}

// Facet is one value of a filter with how many recommendations of the current list have it.
type Facet struct {
	Value string
	Label string // for ids (clusters, entities, documents): the name
	Count int
}

// Facets are the counts shown beside each filter.
type Facets struct {
	Mechanism, Body, Cycle, Position, Type, Theme, Person, SDGGoal, Cluster, Entity, Gender, Document, Status []Facet

	Published []Facet // on the public portal: yes, no
	// Disagree has one value, "1": how many the NHRI assessed differently from the government.
	Disagree []Facet
}

// The effective lead entity: set on the recommendation, else its first cluster's lead.
const leadJoin = `
LEFT JOIN LATERAL (
  SELECT COALESCE(
    (SELECT re.entity_id FROM recommendation_entities re
      WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.role = 'lead'),
    (SELECT c.lead_entity_id FROM cluster_recommendations cr JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
      WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id AND c.lead_entity_id IS NOT NULL
      ORDER BY c.position, c.id LIMIT 1)) AS entity_id,
    EXISTS (SELECT FROM recommendation_entities re WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.role = 'lead') AS direct
) lead ON true`

const fromFiltered = `
FROM recommendations r
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id` + leadJoin

// statusColumns are the government's and the NHRI's status of r, with the assessment
// joined as na.
const statusColumns = `COALESCE((SELECT rs.status FROM recommendation_status rs WHERE rs.tenant_id = r.tenant_id AND rs.recommendation_id = r.id), 'none'),
       COALESCE(na.status, '')`

// List returns one page of recommendations matching f, and the facets of all of them.
func (s *Store) List(ctx context.Context, tenantID, userID int64, f Filter) (Page, error) {
	var p Page
	where, args := f.where()
	args[0] = tenantID
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		// The matching set is worked out once (each row's lead entity is a subquery) into a
		// temporary table that the count and every facet read: at 10,000 recommendations,
		// computing it again for each of the fourteen facets took two seconds.
		if _, err := tx.Exec(ctx, `DROP TABLE IF EXISTS pg_temp.matching`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE matching ON COMMIT DROP AS
SELECT r.id, r.tenant_id, r.document_id, r.position, r.type, r.themes, r.affected_persons, r.sdg_targets,
       r.gender_marker, lead.entity_id AS lead_id, d.mechanism, d.body, d.cycle, r.published_at `+fromFiltered+` WHERE `+where, args...); err != nil {
			return fmt.Errorf("matching: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM matching`).Scan(&p.Total); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		pageArgs := append(append([]any{}, args...), PageSize, (f.Page-1)*PageSize, f.Lang)
		rows, err := tx.Query(ctx, `
SELECT r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph,
       COALESCE(NULLIF(r.translations ->> $`+fmt.Sprint(len(pageArgs))+`::text, ''), r.text),
       r.position, r.type, r.recommending_states,
       ARRAY(SELECT c.name FROM cluster_recommendations cr JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
             WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id ORDER BY c.position, c.id),
       COALESCE(e.name, ''), NOT lead.direct AND lead.entity_id IS NOT NULL, r.gender_marker, r.follow_up,
       COALESCE((SELECT rs.status FROM `+f.statusView()+` rs WHERE rs.tenant_id = r.tenant_id AND rs.recommendation_id = r.id), 'none'),
       COALESCE(na.status, ''), r.published_at
`+fromFiltered+`
LEFT JOIN entities e ON e.tenant_id = r.tenant_id AND e.id = lead.entity_id
LEFT JOIN `+f.assessments()+` na ON na.tenant_id = r.tenant_id AND na.recommendation_id = r.id
WHERE `+where+`
ORDER BY `+f.orderBy()+fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(pageArgs)-2, len(pageArgs)-1), pageArgs...)
		if err != nil {
			return fmt.Errorf("list: %w", err)
		}
		p.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Summary, error) {
			var s Summary
			var gm *int16
			err := r.Scan(&s.ID, &s.Mechanism, &s.Body, &s.Symbol, &s.Cycle, &s.Session, &s.Paragraph, &s.Text,
				&s.Position, &s.Type, &s.RecommendingStates, &s.Clusters, &s.LeadEntity, &s.LeadFromCluster, &gm, &s.FollowUp,
				&s.Status, &s.NHRIStatus, &s.PublishedAt)
			if gm != nil {
				v := int(*gm)
				s.GenderMarker = &v
			}
			return s, err
		})
		if err != nil {
			return err
		}
		p.Facets, err = facets(ctx, tx, f)
		return err
	})
	return p, err
}

// facets counts, over the filtered set, the values of each filter dimension.
// They read the temporary table matching, which List fills in the same transaction.
func facets(ctx context.Context, tx pgx.Tx, f Filter) (Facets, error) {
	var fs Facets
	const filtered = `WITH f AS (SELECT * FROM matching) `
	queries := []struct {
		dst *[]Facet
		sql string
	}{
		{&fs.Mechanism, `SELECT mechanism, '', count(*) FROM f GROUP BY 1 ORDER BY 3 DESC`},
		{&fs.Body, `SELECT body, '', count(*) FROM f GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 40`},
		{&fs.Cycle, `SELECT cycle::text, '', count(*) FROM f WHERE cycle IS NOT NULL GROUP BY cycle ORDER BY cycle DESC`},
		{&fs.Document, `SELECT d.id::text, CASE WHEN d.symbol <> '' THEN d.symbol ELSE d.body || ' ' || COALESCE(d.session::text, '') END, count(*)
			FROM f JOIN documents d ON d.tenant_id = f.tenant_id AND d.id = f.document_id GROUP BY d.tenant_id, d.id ORDER BY d.cycle DESC NULLS LAST, d.session DESC NULLS LAST, 2 LIMIT 60`},
		{&fs.Position, `SELECT CASE WHEN position = '' THEN 'none' ELSE position END, '', count(*) FROM f GROUP BY 1 ORDER BY 3 DESC`},
		{&fs.Type, `SELECT type, '', count(*) FROM f GROUP BY 1 ORDER BY 3 DESC`},
		{&fs.Theme, `SELECT t, '', count(*) FROM f, unnest(f.themes) t GROUP BY t ORDER BY 3 DESC, 1 LIMIT 40`},
		{&fs.Person, `SELECT t, '', count(*) FROM f, unnest(f.affected_persons) t GROUP BY t ORDER BY 3 DESC, 1 LIMIT 40`},
		{&fs.SDGGoal, `SELECT split_part(t, '.', 1), '', count(DISTINCT f.id) FROM f, unnest(f.sdg_targets) t GROUP BY 1 ORDER BY 1::int`},
		{&fs.Cluster, `SELECT c.id::text, c.name, count(*) FROM f JOIN cluster_recommendations cr ON cr.tenant_id = f.tenant_id AND cr.recommendation_id = f.id
			JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id GROUP BY c.tenant_id, c.id ORDER BY c.position, c.name`},
		{&fs.Entity, `SELECT e.id::text, e.name, count(*) FROM f JOIN entities e ON e.tenant_id = f.tenant_id AND e.id = f.lead_id GROUP BY e.tenant_id, e.id ORDER BY 3 DESC, 2`},
		{&fs.Gender, `SELECT COALESCE(gender_marker::text, 'none'), '', count(*) FROM f GROUP BY 1 ORDER BY 1`},
		{&fs.Published, `SELECT CASE WHEN published_at IS NULL THEN 'no' ELSE 'yes' END, '', count(*) FROM f GROUP BY 1 ORDER BY 1 DESC`},
		{&fs.Disagree, `SELECT '1', '', count(*) FROM f JOIN ` + f.assessments() + ` na ON na.tenant_id = f.tenant_id AND na.recommendation_id = f.id
			JOIN ` + f.statusView() + ` rs ON rs.tenant_id = na.tenant_id AND rs.recommendation_id = na.recommendation_id WHERE na.status <> rs.status`},
		{&fs.Status, `SELECT rs.status, '', count(*) FROM f JOIN ` + f.statusView() + ` rs ON rs.tenant_id = f.tenant_id AND rs.recommendation_id = f.id GROUP BY 1 ORDER BY 3 DESC`},
	}
	for _, q := range queries {
		rows, err := tx.Query(ctx, filtered+q.sql)
		if err != nil {
			return fs, fmt.Errorf("facet: %w", err)
		}
		*q.dst, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Facet, error) {
			var f Facet
			err := r.Scan(&f.Value, &f.Label, &f.Count)
			return f, err
		})
		if err != nil {
			return fs, err
		}
	}
	return fs, nil
}

// Recommendation is everything about one recommendation.
type Recommendation struct {
	Summary
	DocumentID       int64
	Published        *time.Time
	Language         string
	PositionSource   string
	ActionCategory   *int
	Themes           []string
	AffectedPersons  []string
	SDGTargets       []string
	FollowUpDue      *time.Time
	ExternalID       string
	Translations     map[string]string // the text in other languages, by language code
	Status           string            // implementation status (the recommendation_status view)
	StatusSetByStaff bool
	StatusReason     string
	Actions          []ActionRef // the actions of the plans that answer it
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	ClusterIDs       []int64
	Entities         []Responsible
}

// Responsible is an entity set directly on a recommendation.
type Responsible struct {
	EntityID int64
	Name     string
	Role     string // lead or supporting
}

// Get returns one recommendation.
func (s *Store) Get(ctx context.Context, tenantID, userID, id int64) (Recommendation, error) {
	var r Recommendation
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var gm, ac *int16
		err := tx.QueryRow(ctx, `
SELECT r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph, r.text,
       r.position, r.type, r.recommending_states,
       ARRAY(SELECT c.name FROM cluster_recommendations cr JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
             WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id ORDER BY c.position, c.id),
       ARRAY(SELECT cr.cluster_id FROM cluster_recommendations cr JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
             WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id ORDER BY c.position, c.id),
       COALESCE(e.name, ''), NOT lead.direct AND lead.entity_id IS NOT NULL, r.gender_marker, r.follow_up,
       d.id, d.published, r.language, r.position_source, r.action_category, r.themes, r.affected_persons, r.sdg_targets,
       r.follow_up_due, COALESCE(r.external_id, ''), r.version, r.created_at, r.updated_at, r.translations,
       (SELECT rs.status FROM recommendation_status rs WHERE rs.tenant_id = r.tenant_id AND rs.recommendation_id = r.id),
       r.status_override IS NOT NULL, r.status_reason, r.published_at
`+fromFiltered+`
LEFT JOIN entities e ON e.tenant_id = r.tenant_id AND e.id = lead.entity_id
WHERE r.tenant_id = $1 AND r.id = $2`, tenantID, id).Scan(
			&r.ID, &r.Mechanism, &r.Body, &r.Symbol, &r.Cycle, &r.Session, &r.Paragraph, &r.Text,
			&r.Position, &r.Type, &r.RecommendingStates, &r.Clusters, &r.ClusterIDs, &r.LeadEntity, &r.LeadFromCluster, &gm, &r.FollowUp,
			&r.DocumentID, &r.Published, &r.Language, &r.PositionSource, &ac, &r.Themes, &r.AffectedPersons, &r.SDGTargets,
			&r.FollowUpDue, &r.ExternalID, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.Translations,
			&r.Status, &r.StatusSetByStaff, &r.StatusReason, &r.PublishedAt)
		if err != nil {
			return err
		}
		if gm != nil {
			v := int(*gm)
			r.GenderMarker = &v
		}
		if ac != nil {
			v := int(*ac)
			r.ActionCategory = &v
		}
		arows, err := tx.Query(ctx, `SELECT a.id, a.title, a.status, a.plan_id FROM action_recommendations ar
			JOIN actions a ON a.tenant_id = ar.tenant_id AND a.id = ar.action_id
			WHERE ar.tenant_id = $1 AND ar.recommendation_id = $2 ORDER BY a.due_date NULLS LAST, a.id`, tenantID, id)
		if err != nil {
			return err
		}
		if r.Actions, err = pgx.CollectRows(arows, func(row pgx.CollectableRow) (ActionRef, error) {
			var a ActionRef
			err := row.Scan(&a.ID, &a.Title, &a.Status, &a.PlanID)
			return a, err
		}); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT re.entity_id, e.name, re.role FROM recommendation_entities re
			JOIN entities e ON e.tenant_id = re.tenant_id AND e.id = re.entity_id
			WHERE re.tenant_id = $1 AND re.recommendation_id = $2 ORDER BY re.role, e.name`, tenantID, id)
		if err != nil {
			return err
		}
		r.Entities, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Responsible, error) {
			var x Responsible
			err := row.Scan(&x.EntityID, &x.Name, &x.Role)
			return x, err
		})
		return err
	})
	return r, err
}

// Related is a recommendation on the same subject as another, with what staff decided.
type Related struct {
	Summary
	Status string // "proposed" (found by the words they share) or "confirmed"; rejected ones are not listed
}

// Similar finds recommendations of the State that voice the same concern as this one,
// across mechanisms and cycles: those staff confirmed first, then those whose texts
// share the most telling words (and themes). Pairs staff rejected are left out.
func (s *Store) Similar(ctx context.Context, tenantID, userID, id int64, limit int) ([]Related, error) {
	var out []Related
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
WITH me AS (SELECT search, themes FROM recommendations WHERE tenant_id = $1 AND id = $2),
words AS (SELECT string_agg(quote_literal(lexeme), ' | ') AS q FROM (
    SELECT lexeme FROM me, unnest(me.search) ORDER BY length(lexeme) DESC, lexeme LIMIT 12) w),
decided AS (
  SELECT CASE WHEN a_id = $2 THEN b_id ELSE a_id END AS other, status
  FROM recommendation_relations WHERE tenant_id = $1 AND (a_id = $2 OR b_id = $2))
SELECT r.id, d.mechanism, d.body, d.symbol, COALESCE(d.cycle, 0), COALESCE(d.session, 0), r.paragraph, r.text, r.position, r.type,
       COALESCE(dc.status, 'proposed')
FROM recommendations r JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
CROSS JOIN me CROSS JOIN words
LEFT JOIN decided dc ON dc.other = r.id
WHERE r.tenant_id = $1 AND r.id <> $2 AND COALESCE(dc.status, '') <> 'rejected'
  AND (dc.status = 'confirmed' OR (words.q IS NOT NULL AND r.search @@ to_tsquery('simple', words.q)))
ORDER BY dc.status = 'confirmed' DESC NULLS LAST,
  ts_rank(r.search, to_tsquery('simple', COALESCE(words.q, ''))) + 0.1 * cardinality(ARRAY(SELECT unnest(r.themes) INTERSECT SELECT unnest(me.themes))) DESC, r.id
LIMIT $3`, tenantID, id, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Related, error) {
			var s Related
			err := r.Scan(&s.ID, &s.Mechanism, &s.Body, &s.Symbol, &s.Cycle, &s.Session, &s.Paragraph, &s.Text, &s.Position, &s.Type, &s.Status)
			return s, err
		})
		return err
	})
	return out, err
}

// Relate records staff's decision that two recommendations do (confirmed) or do not
// (rejected) voice the same concern.
func (s *Store) Relate(ctx context.Context, tenantID, userID, a, b int64, confirmed bool) error {
	if a == b {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	if a > b {
		a, b = b, a
	}
	status := "rejected"
	if confirmed {
		status = "confirmed"
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM recommendations WHERE tenant_id = $1 AND id IN ($2, $3)`, tenantID, a, b).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return fault.New(fault.NotFound, "")
		}
		_, err := tx.Exec(ctx, `INSERT INTO recommendation_relations (tenant_id, a_id, b_id, status, decided_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (tenant_id, a_id, b_id) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by`,
			tenantID, a, b, status, userID)
		return err
	})
}

// Shorten cuts a text to about n characters at a word boundary.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// SetTranslation keeps the text of a recommendation in another language (an empty text
// removes it). A save based on an old version is refused, with the current one kept.
func (s *Store) SetTranslation(ctx context.Context, tenantID, userID, id int64, lang, text string, version int) error {
	text = strings.TrimSpace(text)
	if len([]rune(text)) > 20000 {
		return fault.Fields{"translation": "Rec.TranslationTooLong"}.Err()
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var original string
		var current int
		if err := tx.QueryRow(ctx, `SELECT language, version FROM recommendations WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			tenantID, id).Scan(&original, &current); err != nil {
			return err
		}
		if lang == original {
			return fault.Fields{"lang": "Rec.TranslationSameLanguage"}.Err()
		}
		if current != version {
			return fault.New(fault.Conflict, "Rec.TranslationStale")
		}
		var err error
		if text == "" {
			_, err = tx.Exec(ctx, `UPDATE recommendations SET translations = translations - $3, version = version + 1, updated_at = now()
				WHERE tenant_id = $1 AND id = $2`, tenantID, id, lang)
		} else {
			_, err = tx.Exec(ctx, `UPDATE recommendations SET translations = translations || jsonb_build_object($3::text, $4::text),
				version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2`, tenantID, id, lang, text)
		}
		return err
	})
}

// ActionRef is an action that answers a recommendation.
type ActionRef struct {
	ID, PlanID    int64
	Title, Status string
}

// Statuses a person may set on a recommendation directly.
var Statuses = []string{"not_started", "in_progress", "partially_implemented", "fully_implemented", "not_implementable"}

// SetStatus sets a recommendation's status directly, with the reason staff give; an
// empty status lets it follow its actions again. A stale version is refused.
func (s *Store) SetStatus(ctx context.Context, tenantID, userID, id int64, status, reason string, version int) error {
	reason = strings.TrimSpace(reason)
	f := fault.Fields{}
	valid := status == ""
	for _, st := range Statuses {
		valid = valid || st == status
	}
	if !valid {
		f["status"] = "Rec.StatusInvalid"
	}
	if status != "" && reason == "" {
		f["status_reason"] = "Rec.StatusReasonRequired"
	}
	if len([]rune(reason)) > 4000 {
		f["status_reason"] = "Rec.StatusReasonTooLong"
	}
	if err := f.Err(); err != nil {
		return err
	}
	if status == "" {
		reason = ""
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var override *string
		if status != "" {
			override = &status
		}
		tag, err := tx.Exec(ctx, `UPDATE recommendations SET status_override = $3, status_reason = $4, version = version + 1, updated_at = now()
			WHERE tenant_id = $1 AND id = $2 AND version = $5`, tenantID, id, override, reason, version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM recommendations WHERE tenant_id = $1 AND id = $2)`, tenantID, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return fault.New(fault.NotFound, "")
			}
			return fault.New(fault.Conflict, "Rec.Stale")
		}
		return nil
	})
}
