package importer

import (
	"context"
	"encoding/json"
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
	// Where each recommendation of the file went: still waiting (its index in its State's
	// batch) or written; a repeat of a written one is merged into the row afterwards.
	type place struct {
		index   int
		flushed bool
	}
	seen := map[string]place{}
	late := map[string][]item{}
	nm := newNames()
	waiting := 0
	errDryRun := errors.New("dry run")
	err = db.Tx(ctx, s.pool, db.Scope{}, func(tx pgx.Tx) error {
		// Batches go to the database on their own goroutine, so the file is read and
		// parsed while the previous batch is written (two cores, both busy).
		type batch struct {
			tenantID int64
			items    []item
			counts   *Counts
		}
		batches := make(chan batch, 256) // a whole round of flushes (one per State) may wait
		writeErr := make(chan error, 1)
		go func() {
			var failed error
			sent := newWritten() // documents and vocabulary, across the batches
			for b := range batches {
				if failed != nil {
					continue
				}
				// One transaction, many States: the tenant setting moves with each batch.
				if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, strconv.FormatInt(b.tenantID, 10)); err != nil {
					failed = err
					continue
				}
				failed = apply(ctx, tx, b.tenantID, b.items, b.counts, nil, sent)
			}
			writeErr <- failed
		}()
		written := false
		waitWrites := func() error {
			if written {
				return nil
			}
			written = true
			close(batches)
			return <-writeErr
		}
		defer func() { _ = waitWrites() }()
		flush := func(code string) error {
			items := pending[code]
			if len(items) == 0 {
				return nil
			}
			select {
			case err := <-writeErr:
				written = true
				return err
			default:
			}
			batches <- batch{tenantID: tenants[code], items: items, counts: &per[code].Counts}
			for _, it := range items {
				seen[it.identity()] = place{flushed: true}
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
			if at, ok := seen[key]; ok {
				// The same recommendation again (UPR Info: once per recommending State).
				res.Merged++
				if at.flushed {
					late[it.State] = append(late[it.State], it)
				} else {
					pending[it.State][at.index].merge(it)
				}
				return nil
			}
			seen[key] = place{index: len(pending[it.State])}
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
		if err := waitWrites(); err != nil {
			return err
		}
		for code, items := range late {
			if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, strconv.FormatInt(tenants[code], 10)); err != nil {
				return err
			}
			if err := mergeLate(ctx, tx, tenants[code], items); err != nil {
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

// mergeLate folds repeats of recommendations already written in this import into their
// rows: their recommending States, themes, affected persons and SDG targets are added.
func mergeLate(ctx context.Context, tx pgx.Tx, tenantID int64, items []item) error {
	type lateRow struct {
		DocKey       string   `json:"doc_key"`
		Paragraph    string   `json:"paragraph"`
		Hash         string   `json:"content_hash"`
		ExternalID   string   `json:"external_id"`
		Recommending []string `json:"recommending_states"`
		Themes       []string `json:"themes"`
		Persons      []string `json:"affected_persons"`
		SDGs         []string `json:"sdg_targets"`
	}
	rows := make([]lateRow, 0, len(items))
	for _, it := range items {
		rows = append(rows, lateRow{it.Doc.Key, it.Paragraph, it.ContentHash, it.ExternalID,
			nonNil(it.Recommending), nonNil(it.Themes), nonNil(it.Persons), nonNil(it.SDGs)})
	}
	js, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
UPDATE recommendations r SET
  recommending_states = ARRAY(SELECT DISTINCT unnest(r.recommending_states || x.recommending_states)),
  themes = ARRAY(SELECT DISTINCT unnest(r.themes || x.themes)),
  affected_persons = ARRAY(SELECT DISTINCT unnest(r.affected_persons || x.affected_persons)),
  sdg_targets = ARRAY(SELECT DISTINCT unnest(r.sdg_targets || x.sdg_targets))
FROM jsonb_to_recordset($2::jsonb) AS x(doc_key text, paragraph text, content_hash text, external_id text,
  recommending_states text[], themes text[], affected_persons text[], sdg_targets text[])
JOIN documents d ON d.tenant_id = $1 AND d.doc_key = x.doc_key
WHERE r.tenant_id = $1 AND (
  (x.external_id <> '' AND r.external_id = x.external_id) OR
  (x.external_id = '' AND r.document_id = d.id AND r.paragraph = x.paragraph AND r.content_hash = x.content_hash))`, tenantID, js)
	return err
}
