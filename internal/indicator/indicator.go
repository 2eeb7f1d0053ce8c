// Package indicator owns the indicators that measure how recommendations are carried
// out (OHCHR's structural, process and outcome indicators), their values over time
// disaggregated by sex, age, disability, region and other grounds, their chart and
// table, and the clusters that still lack data by sex.
package indicator

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Types of indicator in OHCHR's framework, in the order forms show them.
var Types = []string{"structural", "process", "outcome"}

// Directions say which way is progress.
var Directions = []string{"higher", "lower"}

// Grounds are the disaggregations every State may use; a State may add its own.
var Grounds = []string{"sex", "age_group", "disability", "region", "urban_rural"}

// Sex is the ground that makes an indicator show the gender perspective as data.
const Sex = "sex"

// Indicator is one measure of progress with its baseline, target and breakdowns.
type Indicator struct {
	ID               int64
	Title            string
	Type             string // one of Types
	Unit             string // e.g. "%", "cases per 100,000 women"
	Direction        string // one of Directions
	BaselineValue    *float64
	BaselineDate     *time.Time
	TargetValue      *float64
	TargetDate       *time.Time
	DataSource       string
	SourceEntityID   int64 // 0 when none
	SourceEntityName string
	Disaggregations  []string // grounds, e.g. ["sex", "age_group"]
	SDGIndicator     string   // e.g. "5.2.1", "" when none
	Version          int
	Published        bool // shown on the public portal (when the State publishes it)

	// Filled by Get.
	ActionIDs, RecommendationIDs []int64
	// Filled by List and Get.
	Measurements int
}

// SexDisaggregated reports whether the indicator's values are broken down by sex.
func (ind Indicator) SexDisaggregated() bool { return slices.Contains(ind.Disaggregations, Sex) }

// Store reads and writes indicators and their measurements within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const selectSQL = `
SELECT i.id, i.title, i.type, i.unit, i.direction, i.baseline_value::float8, i.baseline_date,
       i.target_value::float8, i.target_date, i.data_source, COALESCE(i.source_entity_id, 0), COALESCE(e.name, ''),
       i.disaggregations, i.sdg_indicator, i.version, i.published_at IS NOT NULL,
       (SELECT count(*) FROM measurements m WHERE m.tenant_id = i.tenant_id AND m.indicator_id = i.id)
FROM indicators i LEFT JOIN entities e ON e.tenant_id = i.tenant_id AND e.id = i.source_entity_id
WHERE i.tenant_id = $1`

func scan(r pgx.Row) (Indicator, error) {
	var ind Indicator
	err := r.Scan(&ind.ID, &ind.Title, &ind.Type, &ind.Unit, &ind.Direction, &ind.BaselineValue, &ind.BaselineDate,
		&ind.TargetValue, &ind.TargetDate, &ind.DataSource, &ind.SourceEntityID, &ind.SourceEntityName,
		&ind.Disaggregations, &ind.SDGIndicator, &ind.Version, &ind.Published, &ind.Measurements)
	return ind, err
}

// List returns the State's indicators by title, with how many values each has.
func (s *Store) List(ctx context.Context, tenantID, userID int64) ([]Indicator, error) {
	var out []Indicator
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, selectSQL+` ORDER BY lower(i.title), i.id`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Indicator, error) { return scan(r) })
		return err
	})
	return out, err
}

// Get returns one indicator with the actions and recommendations it is linked to.
func (s *Store) Get(ctx context.Context, tenantID, userID, id int64) (Indicator, error) {
	var ind Indicator
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		ind, err = get(ctx, tx, tenantID, id)
		return err
	})
	return ind, err
}

func get(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Indicator, error) {
	ind, err := scan(tx.QueryRow(ctx, selectSQL+` AND i.id = $2`, tenantID, id))
	if err != nil {
		return ind, err
	}
	err = tx.QueryRow(ctx, `
SELECT ARRAY(SELECT action_id FROM indicator_actions WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY action_id),
       ARRAY(SELECT recommendation_id FROM indicator_recommendations WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY recommendation_id)`,
		tenantID, id).Scan(&ind.ActionIDs, &ind.RecommendationIDs)
	return ind, err
}

// Input is what staff enter for an indicator.
type Input struct {
	Title, Type, Unit, Direction string
	BaselineValue                *float64
	BaselineDate                 *time.Time
	TargetValue                  *float64
	TargetDate                   *time.Time
	DataSource                   string
	SourceEntityID               int64 // 0 for none
	Disaggregations              []string
	SDGIndicator                 string
	Version                      int // the version the person edited (0 on create)
}

var (
	// A State's own ground is one lower-case word, so it can head a CSV column.
	groundPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	// SDG indicators: goal 1–17, target 1–19 or a–g, indicator number, e.g. 5.2.1, 16.b.1.
	sdgPattern = regexp.MustCompile(`^(1[0-7]|[1-9])\.(1[0-9]|[1-9]|[a-g])\.[1-9][0-9]?$`)
)

// reservedColumns are the CSV columns of a measurement file; a ground of the same name
// could not be told apart from them.
var reservedColumns = []string{"period", "value", "source", "note"}

func (in *Input) validate() error {
	in.Title, in.Unit = strings.TrimSpace(in.Title), strings.TrimSpace(in.Unit)
	in.DataSource = strings.TrimSpace(in.DataSource)
	in.SDGIndicator = strings.ToLower(strings.TrimSpace(in.SDGIndicator))
	if in.Direction == "" {
		in.Direction = "higher"
	}
	in.BaselineDate, in.TargetDate = dateOnly(in.BaselineDate), dateOnly(in.TargetDate)
	f := fault.Fields{}
	if in.Title == "" || len([]rune(in.Title)) > 500 {
		f["title"] = "Indicator.TitleInvalid"
	}
	if !slices.Contains(Types, in.Type) {
		f["type"] = "Indicator.TypeInvalid"
	}
	if len([]rune(in.Unit)) > 50 {
		f["unit"] = "Indicator.UnitInvalid"
	}
	if !slices.Contains(Directions, in.Direction) {
		f["direction"] = "Indicator.DirectionInvalid"
	}
	if in.BaselineValue != nil && !finite(*in.BaselineValue) {
		f["baseline_value"] = "Indicator.BaselineInvalid"
	}
	if in.TargetValue != nil && !finite(*in.TargetValue) {
		f["target_value"] = "Indicator.TargetInvalid"
	}
	if in.BaselineDate != nil && in.TargetDate != nil && in.TargetDate.Before(*in.BaselineDate) {
		f["target_date"] = "Indicator.DatesOrder"
	}
	if len([]rune(in.DataSource)) > 500 {
		f["data_source"] = "Indicator.DataSourceInvalid"
	}
	grounds := make([]string, 0, len(in.Disaggregations))
	for _, g := range in.Disaggregations {
		g = strings.TrimSpace(g)
		if !groundPattern.MatchString(g) || slices.Contains(reservedColumns, g) {
			f["disaggregations"] = "Indicator.DisaggregationInvalid"
		}
		if !slices.Contains(grounds, g) {
			grounds = append(grounds, g)
		}
	}
	in.Disaggregations = grounds
	if len(grounds) > 10 {
		f["disaggregations"] = "Indicator.DisaggregationInvalid"
	}
	if in.SDGIndicator != "" && !sdgPattern.MatchString(in.SDGIndicator) {
		f["sdg_indicator"] = "Indicator.SDGInvalid"
	}
	return f.Err()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// dateOnly drops the time of day, so a date means the same day in every time zone.
func dateOnly(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := day(*t)
	return &d
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// checkSourceEntity refuses an entity that is not the State's own.
func checkSourceEntity(ctx context.Context, tx pgx.Tx, tenantID int64, in Input) error {
	if in.SourceEntityID == 0 {
		return nil
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM entities WHERE tenant_id = $1 AND id = $2)`,
		tenantID, in.SourceEntityID).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return fault.Fields{"source_entity_id": "Indicator.SourceEntityInvalid"}.Err()
	}
	return nil
}

// Create adds an indicator.
func (s *Store) Create(ctx context.Context, tenantID, userID int64, in Input) (Indicator, error) {
	if err := in.validate(); err != nil {
		return Indicator{}, err
	}
	var ind Indicator
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if err := checkSourceEntity(ctx, tx, tenantID, in); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `
INSERT INTO indicators (tenant_id, title, type, unit, direction, baseline_value, baseline_date, target_value, target_date,
                        data_source, source_entity_id, disaggregations, sdg_indicator)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			tenantID, in.Title, in.Type, in.Unit, in.Direction, in.BaselineValue, in.BaselineDate, in.TargetValue, in.TargetDate,
			in.DataSource, nullID(in.SourceEntityID), in.Disaggregations, in.SDGIndicator).Scan(&id); err != nil {
			return err
		}
		var err error
		ind, err = get(ctx, tx, tenantID, id)
		return err
	})
	return ind, err
}

// Update saves an indicator. A save based on an old version is refused, so two people
// never silently overwrite each other; so is dropping a ground that recorded values use.
func (s *Store) Update(ctx context.Context, tenantID, userID, id int64, in Input) error {
	if err := in.validate(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM indicators WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, tenantID, id).Scan(&version)
		if err == pgx.ErrNoRows {
			return fault.New(fault.NotFound, "")
		}
		if err != nil {
			return err
		}
		if version != in.Version {
			return fault.New(fault.Conflict, "Indicator.Stale")
		}
		if err := checkSourceEntity(ctx, tx, tenantID, in); err != nil {
			return err
		}
		var inUse bool
		if err := tx.QueryRow(ctx, `
SELECT EXISTS (SELECT FROM measurements m, jsonb_object_keys(m.disaggregation) k
               WHERE m.tenant_id = $1 AND m.indicator_id = $2 AND NOT (k = ANY ($3::text[])))`,
			tenantID, id, in.Disaggregations).Scan(&inUse); err != nil {
			return err
		}
		if inUse {
			return fault.Fields{"disaggregations": "Indicator.DisaggregationInUse"}.Err()
		}
		_, err = tx.Exec(ctx, `
UPDATE indicators SET title = $3, type = $4, unit = $5, direction = $6, baseline_value = $7, baseline_date = $8,
       target_value = $9, target_date = $10, data_source = $11, source_entity_id = $12, disaggregations = $13,
       sdg_indicator = $14, version = version + 1
WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, in.Title, in.Type, in.Unit, in.Direction, in.BaselineValue, in.BaselineDate, in.TargetValue, in.TargetDate,
			in.DataSource, nullID(in.SourceEntityID), in.Disaggregations, in.SDGIndicator)
		return err
	})
}

// Delete removes an indicator with its values and links. One that focal points have
// reported on is kept: the reports are the State's record of what was done.
func (s *Store) Delete(ctx context.Context, tenantID, userID, id int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var reported bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM progress_reports WHERE tenant_id = $1 AND indicator_id = $2)`,
			tenantID, id).Scan(&reported); err != nil {
			return err
		}
		if reported {
			return fault.New(fault.Conflict, "Indicator.HasReports")
		}
		tag, err := tx.Exec(ctx, `DELETE FROM indicators WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}

// A link joins an indicator to an action or a recommendation of the same State.
type link struct{ table, column, target string }

var (
	actionLink         = link{"indicator_actions", "action_id", "actions"}
	recommendationLink = link{"indicator_recommendations", "recommendation_id", "recommendations"}
)

// LinkAction says the indicator measures an action of the plan (already linked is fine).
func (s *Store) LinkAction(ctx context.Context, tenantID, userID, indicatorID, actionID int64) error {
	return s.link(ctx, tenantID, userID, actionLink, indicatorID, actionID)
}

// UnlinkAction removes that link (not linked is fine).
func (s *Store) UnlinkAction(ctx context.Context, tenantID, userID, indicatorID, actionID int64) error {
	return s.unlink(ctx, tenantID, userID, actionLink, indicatorID, actionID)
}

// LinkRecommendation says the indicator measures a recommendation (already linked is fine).
func (s *Store) LinkRecommendation(ctx context.Context, tenantID, userID, indicatorID, recommendationID int64) error {
	return s.link(ctx, tenantID, userID, recommendationLink, indicatorID, recommendationID)
}

// UnlinkRecommendation removes that link (not linked is fine).
func (s *Store) UnlinkRecommendation(ctx context.Context, tenantID, userID, indicatorID, recommendationID int64) error {
	return s.unlink(ctx, tenantID, userID, recommendationLink, indicatorID, recommendationID)
}

// link inserts only when both ends are the State's own; anything else is NotFound, the
// same answer as for an id that never existed.
func (s *Store) link(ctx context.Context, tenantID, userID int64, l link, indicatorID, targetID int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `
SELECT EXISTS (SELECT FROM indicators WHERE tenant_id = $1 AND id = $2)
   AND EXISTS (SELECT FROM `+l.target+` WHERE tenant_id = $1 AND id = $3)`, tenantID, indicatorID, targetID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fault.New(fault.NotFound, "")
		}
		_, err := tx.Exec(ctx, `INSERT INTO `+l.table+` (tenant_id, indicator_id, `+l.column+`) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING`, tenantID, indicatorID, targetID)
		return err
	})
}

func (s *Store) unlink(ctx context.Context, tenantID, userID int64, l link, indicatorID, targetID int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if err := lockIndicator(ctx, tx, tenantID, indicatorID, nil); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM `+l.table+` WHERE tenant_id = $1 AND indicator_id = $2 AND `+l.column+` = $3`,
			tenantID, indicatorID, targetID)
		return err
	})
}

// lockIndicator checks the indicator is the State's and holds it (FOR SHARE) until tx
// ends, so nobody drops a ground between checking values and writing them. grounds, when
// not nil, receives its disaggregations.
func lockIndicator(ctx context.Context, tx pgx.Tx, tenantID, id int64, grounds *[]string) error {
	var g []string
	err := tx.QueryRow(ctx, `SELECT disaggregations FROM indicators WHERE tenant_id = $1 AND id = $2 FOR SHARE`, tenantID, id).Scan(&g)
	if err == pgx.ErrNoRows {
		return fault.New(fault.NotFound, "")
	}
	if grounds != nil {
		*grounds = g
	}
	return err
}
