package indicator

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Measurement is the indicator's value for one period and one combination of
// disaggregation values: {} is the total, {"sex": "female"} the value for women.
type Measurement struct {
	ID             int64
	Period         time.Time // the first day of the period: 2024-01-01 for the year 2024
	Disaggregation map[string]string
	Value          float64
	Source, Note   string
}

// Counts say what writing measurements did.
type Counts struct{ New, Updated, Unchanged int }

// Measurements returns the indicator's values by period, the total before its breakdowns.
func (s *Store) Measurements(ctx context.Context, tenantID, userID, indicatorID int64) ([]Measurement, error) {
	var out []Measurement
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM indicators WHERE tenant_id = $1 AND id = $2)`,
			tenantID, indicatorID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fault.New(fault.NotFound, "")
		}
		// jsonb sorts objects with fewer keys first, so the total comes before its breakdowns.
		rows, err := tx.Query(ctx, `
SELECT id, period, disaggregation, value::float8, source, note FROM measurements
WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY period, disaggregation`, tenantID, indicatorID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Measurement, error) {
			var m Measurement
			err := r.Scan(&m.ID, &m.Period, &m.Disaggregation, &m.Value, &m.Source, &m.Note)
			return m, err
		})
		return err
	})
	return out, err
}

// Record saves one value; a value for the same period and breakdown is replaced.
func (s *Store) Record(ctx context.Context, tenantID, userID, indicatorID int64, m Measurement) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var grounds []string
		if err := lockIndicator(ctx, tx, tenantID, indicatorID, &grounds); err != nil {
			return err
		}
		if f := m.normalize(grounds); len(f) > 0 {
			return f.Err()
		}
		_, err := upsert(ctx, tx, tenantID, userID, indicatorID, []Measurement{m})
		return err
	})
}

// DeleteMeasurement removes one value.
func (s *Store) DeleteMeasurement(ctx context.Context, tenantID, userID, indicatorID, measurementID int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM measurements WHERE tenant_id = $1 AND indicator_id = $2 AND id = $3`,
			tenantID, indicatorID, measurementID)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}

// codedGrounds take values from a short list, so "Female" and "female" are one value.
var codedGrounds = []string{"sex", "disability", "urban_rural"}

// normalize cleans m for an indicator broken down by grounds and returns its problems by
// field ("period", "value", "source", "note", "disaggregation.<ground>"). An empty value
// for a ground means the value is not broken down by it.
func (m *Measurement) normalize(grounds []string) fault.Fields {
	f := fault.Fields{}
	if m.Period.IsZero() || m.Period.Year() < minYear || m.Period.Year() > maxYear {
		f["period"] = "Indicator.Measurement.PeriodInvalid"
	}
	m.Period = day(m.Period)
	if !finite(m.Value) {
		f["value"] = "Indicator.Measurement.ValueInvalid"
	}
	m.Source, m.Note = strings.TrimSpace(m.Source), strings.TrimSpace(m.Note)
	if len([]rune(m.Source)) > 500 {
		f["source"] = "Indicator.Measurement.SourceInvalid"
	}
	if len([]rune(m.Note)) > 2000 {
		f["note"] = "Indicator.Measurement.NoteInvalid"
	}
	clean := make(map[string]string, len(m.Disaggregation))
	for g, v := range m.Disaggregation {
		v = strings.Join(strings.Fields(v), " ")
		if slices.Contains(codedGrounds, g) {
			v = strings.ToLower(v)
		}
		switch {
		case v == "":
		case !slices.Contains(grounds, g):
			f["disaggregation."+g] = "Indicator.Measurement.DisaggregationUnknown"
		case len([]rune(v)) > 100:
			f["disaggregation."+g] = "Indicator.Measurement.DisaggregationValueInvalid"
		default:
			clean[g] = v
		}
	}
	m.Disaggregation = clean
	return f
}

// Years outside this range are typing mistakes, not periods of human rights data.
const minYear, maxYear = 1800, 2200

var periodPattern = regexp.MustCompile(`^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$`)

// ParsePeriod reads a year (2024), a month (2024-03) or a day (2024-03-15) and returns
// the first day of that period.
func ParsePeriod(s string) (time.Time, bool) {
	p := periodPattern.FindStringSubmatch(strings.TrimSpace(s))
	if p == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(p[1])
	m, d := 1, 1
	if p[2] != "" {
		m, _ = strconv.Atoi(p[2])
	}
	if p[3] != "" {
		d, _ = strconv.Atoi(p[3])
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date carries 2023-02-30 over into March; a real date round-trips.
	if y < minYear || y > maxYear || t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

var numberPattern = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// ParseNumber reads a number written with a point for decimals and no thousands
// separators ("1234.5", "-3", "2e6"); "1,234" is refused rather than guessed.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if !numberPattern.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && finite(v)
}

// disaggregationKey is the canonical JSON of a breakdown: keys sorted, {} for the total.
func disaggregationKey(d map[string]string) string {
	if len(d) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(d) // a map of strings always marshals; keys come out sorted
	return string(b)
}

// upsert writes normalized measurements in one statement. A value saved again unchanged
// is left alone, so it adds nothing to the audit trail.
func upsert(ctx context.Context, tx pgx.Tx, tenantID, userID, indicatorID int64, ms []Measurement) (Counts, error) {
	periods := make([]time.Time, len(ms))
	keys, values, sources, notes := make([]string, len(ms)), make([]string, len(ms)), make([]string, len(ms)), make([]string, len(ms))
	for i, m := range ms {
		periods[i], keys[i], sources[i], notes[i] = m.Period, disaggregationKey(m.Disaggregation), m.Source, m.Note
		// The shortest decimal that reads back as the same float, stored exactly.
		values[i] = strconv.FormatFloat(m.Value, 'f', -1, 64)
	}
	rows, err := tx.Query(ctx, `
INSERT INTO measurements AS m (tenant_id, indicator_id, period, disaggregation, value, source, note, created_by)
SELECT $1, $2, u.period, u.disaggregation::jsonb, u.value::numeric, u.source, u.note, $3
FROM unnest($4::date[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u (period, disaggregation, value, source, note)
ON CONFLICT (tenant_id, indicator_id, period, disaggregation) DO UPDATE
SET value = EXCLUDED.value, source = EXCLUDED.source, note = EXCLUDED.note
WHERE (m.value, m.source, m.note) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.source, EXCLUDED.note)
RETURNING m.xmax = 0`, tenantID, indicatorID, nullID(userID), periods, keys, values, sources, notes)
	if err != nil {
		return Counts{}, fmt.Errorf("save measurements: %w", err)
	}
	inserted, err := pgx.CollectRows(rows, pgx.RowTo[bool])
	if err != nil {
		return Counts{}, fmt.Errorf("save measurements: %w", err)
	}
	var c Counts
	for _, isNew := range inserted {
		if isNew {
			c.New++
		} else {
			c.Updated++
		}
	}
	c.Unchanged = len(ms) - len(inserted)
	return c, nil
}
