package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/importer/formats"
)

// NeedsMapping reports whether a format asks which column holds what.
func NeedsMapping(format string) bool {
	return format == FormatGenericCSV || format == FormatGenericXLSX
}

// Upload keeps a file and, unless it first needs a column mapping, previews it.
func (s *Service) Upload(ctx context.Context, tenantID, userID int64, tenantCode string, in Input) (int64, error) {
	if NeedsMapping(in.Format) && len(in.Mapping) == 0 {
		if _, err := headers(in); err != nil {
			return 0, err
		}
		var id int64
		err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO imports (tenant_id, user_id, filename, format, file, status)
				VALUES ($1, $2, $3, $4, $5, 'mapping') RETURNING id`, tenantID, userID, in.Filename, in.Format, in.Data).Scan(&id)
		})
		return id, err
	}
	id, _, err := s.Preview(ctx, tenantID, userID, tenantCode, in)
	return id, err
}

func headers(in Input) ([]string, error) {
	var hs []string
	var err error
	if in.Format == FormatGenericXLSX {
		hs, err = formats.ReadXLSXHeaders(bytes.NewReader(in.Data), int64(len(in.Data)))
	} else {
		hs, err = formats.ReadCSVHeaders(bytes.NewReader(in.Data))
	}
	if err != nil {
		return nil, asFileError(err)
	}
	return hs, nil
}

// MappingStep is what the mapping form needs.
type MappingStep struct {
	Headers   []string
	Suggested formats.Mapping
	Saved     []SavedMapping
}

// SavedMapping is a mapping a State kept for its recurring files.
type SavedMapping struct {
	ID      int64
	Name    string
	Mapping formats.Mapping
}

// Mapping returns the headers of a file waiting for its mapping, a suggestion, and the
// State's saved mappings.
func (s *Service) Mapping(ctx context.Context, tenantID, userID, importID int64) (MappingStep, error) {
	var step MappingStep
	in, err := s.waitingFile(ctx, tenantID, userID, importID)
	if err != nil {
		return step, err
	}
	if step.Headers, err = headers(in); err != nil {
		return step, err
	}
	step.Suggested = formats.SuggestMapping(step.Headers)
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, name, mapping FROM import_mappings WHERE tenant_id = $1 ORDER BY lower(name)`, tenantID)
		if err != nil {
			return err
		}
		step.Saved, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (SavedMapping, error) {
			var m SavedMapping
			var raw []byte
			if err := r.Scan(&m.ID, &m.Name, &raw); err != nil {
				return m, err
			}
			return m, json.Unmarshal(raw, &m.Mapping)
		})
		return err
	})
	return step, err
}

func (s *Service) waitingFile(ctx context.Context, tenantID, userID, importID int64) (Input, error) {
	var in Input
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT filename, format, file, status FROM imports WHERE tenant_id = $1 AND id = $2`,
			tenantID, importID).Scan(&in.Filename, &in.Format, &in.Data, &status)
		if err != nil {
			return err
		}
		if status != "mapping" {
			return fault.New(fault.Conflict, "Import.AlreadyConfirmed")
		}
		return nil
	})
	return in, err
}

// ApplyMapping previews a waiting file with a column mapping, and keeps the mapping
// under saveAs for the next file like it when a name is given.
func (s *Service) ApplyMapping(ctx context.Context, tenantID, userID int64, tenantCode string, importID int64, m formats.Mapping, saveAs string) (Result, error) {
	in, err := s.waitingFile(ctx, tenantID, userID, importID)
	if err != nil {
		return Result{}, err
	}
	hs, err := headers(in)
	if err != nil {
		return Result{}, err
	}
	if err := m.Validate(hs); err != nil {
		return Result{}, asFileError(err)
	}
	in.Mapping = m
	res, err := s.Run(ctx, tenantID, userID, tenantCode, in, Options{DryRun: true})
	if err != nil {
		return res, err
	}
	errs, _ := json.Marshal(nonNilErrors(res.Errors))
	mapping, _ := json.Marshal(m)
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
UPDATE imports SET status = 'previewed', mapping = $3, rows_total = $4, new_count = $5, updated_count = $6,
  unchanged_count = $7, skipped_count = $8, error_count = $9, errors = $10
WHERE tenant_id = $1 AND id = $2`, tenantID, importID, mapping, res.Rows, res.New, res.Updated, res.Unchanged,
			res.Skipped, res.Counts.Errors, errs); err != nil {
			return err
		}
		if name := strings.TrimSpace(saveAs); name != "" {
			_, err := tx.Exec(ctx, `INSERT INTO import_mappings (tenant_id, name, mapping) VALUES ($1, $2, $3)
				ON CONFLICT (tenant_id, name) DO UPDATE SET mapping = EXCLUDED.mapping`, tenantID, name, mapping)
			return err
		}
		return nil
	})
	return res, err
}
