package importer

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/importer/formats"
	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// Rows wait in memory per State and are written in batches: a State's batch when it
// reaches flushEvery, every State's when all of them together reach flushAll. So a file
// of a quarter of a million rows across every State never sits in memory whole.
const (
	flushEvery = 2000
	flushAll   = 20000
)

// StateCounts is what a multi-State import did for one State.
type StateCounts struct {
	Code string
	Counts
}

// RunAllStates imports a file holding several States' rows (a UHRI export) for a platform
// operator: each State that uses the platform receives its own rows; rows of other
// States are counted as skipped. One transaction: all or nothing.
func (s *Service) RunAllStates(ctx context.Context, in Input, opts Options) (Result, []StateCounts, error) {
	var res Result
	tenants := map[string]int64{}
	rows, err := s.pool.Query(ctx, `SELECT code, id FROM tenants`)
	if err != nil {
		return res, nil, db.Classify(err)
	}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return res, nil, err
		}
		tenants[code] = id
	}
	if err := rows.Err(); err != nil {
		return res, nil, err
	}

	per := map[string]*StateCounts{}
	pending := map[string][]item{}
	seen := map[string]bool{}
	nm := names{}
	waiting := 0
	errDryRun := errors.New("dry run")
	err = db.Tx(ctx, s.pool, db.Scope{}, func(tx pgx.Tx) error {
		flush := func(code string) error {
			items := pending[code]
			if len(items) == 0 {
				return nil
			}
			id := tenants[code]
			// One transaction, many States: the tenant setting moves with each batch.
			if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, strconv.FormatInt(id, 10)); err != nil {
				return err
			}
			if err := apply(ctx, tx, id, items, &per[code].Counts, nil); err != nil {
				return err
			}
			pending[code] = nil
			return nil
		}
		emit := func(rec record.Record, rowErr *record.RowError) error {
			res.Rows++
			var it item
			if rowErr == nil {
				it, rowErr = nm.normalize(rec, formats.MatrixInfo{}, "")
			}
			if rowErr != nil {
				res.Counts.Errors++
				if len(res.Errors) < maxListedErrors {
					res.Errors = append(res.Errors, RowError{Row: rowErr.Row, Column: rowErr.Column, MessageID: rowErr.MessageID, Data: rowErr.Data})
				}
				return nil
			}
			if _, ok := tenants[it.State]; !ok {
				res.Skipped++
				return nil
			}
			key := it.identity()
			if seen[key] {
				res.Merged++ // a State's row repeated in the file: counted once
				return nil
			}
			seen[key] = true
			if per[it.State] == nil {
				per[it.State] = &StateCounts{Code: it.State}
			}
			pending[it.State] = append(pending[it.State], it)
			waiting++
			if len(pending[it.State]) >= flushEvery {
				waiting -= len(pending[it.State])
				return flush(it.State)
			}
			if waiting >= flushAll {
				for code := range pending {
					if err := flush(code); err != nil {
						return err
					}
				}
				waiting = 0
			}
			return nil
		}
		if _, err := readFile(in, emit); err != nil {
			return asFileError(err)
		}
		if res.Counts.Errors > 0 && !opts.SkipErrors && !opts.DryRun {
			return fault.New(fault.Invalid, "Import.HasErrors")
		}
		for code := range pending {
			if err := flush(code); err != nil {
				return err
			}
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	var out []StateCounts
	for _, c := range per {
		res.New += c.New
		res.Updated += c.Updated
		res.Unchanged += c.Unchanged
		out = append(out, *c)
	}
	return res, out, err
}
