package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/importer/formats"
	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// Queue puts a background job in the queue inside a transaction.
type Queue interface {
	InsertJob(ctx context.Context, tx pgx.Tx, args river.JobArgs) error
}

// Service runs imports for the States.
type Service struct {
	pool  *pgxpool.Pool
	queue Queue
}

// NewService returns the import service; SetQueue completes it (the job queue is built
// after the service, because the queue's workers call the service).
func NewService(pool *pgxpool.Pool) *Service { return &Service{pool: pool} }

// SetQueue gives the service its job queue.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// maxListedErrors bounds how many row errors an import keeps to show.
const maxListedErrors = 500

// RowError is a row problem as stored and shown.
type RowError struct {
	Row       int            `json:"row"`
	Column    string         `json:"column"`
	MessageID string         `json:"message"`
	Data      map[string]any `json:"data,omitempty"`
}

// Result is what reading a file found, and what applying it did or would do.
type Result struct {
	Counts
	Errors []RowError // at most maxListedErrors; Counts.Errors has the total
}

// FileError is a file nobody can import (wrong format, truncated, too large …), with a
// message for the person.
type FileError struct{ *record.FormatError }

func (e *FileError) Error() string { return e.FormatError.Error() }

// asFileError marks a reader's FormatError as a file nobody can import.
func asFileError(err error) error {
	var fe *record.FormatError
	if errors.As(err, &fe) {
		return &FileError{fe}
	}
	return err
}

// RunRecords applies records built in code (the demo data set) exactly as a file's.
func (s *Service) RunRecords(ctx context.Context, tenantID, userID int64, tenantCode string, recs []record.Record) (Result, error) {
	var res Result
	var items []item
	index := map[string]int{}
	nm := newNames()
	for _, rec := range recs {
		res.Rows++
		it, rowErr := nm.normalize(rec, formats.MatrixInfo{}, tenantCode)
		if rowErr != nil {
			return res, fmt.Errorf("record %d: %w", rec.Row, rowErr)
		}
		if i, ok := index[it.identity()]; ok {
			items[i].merge(it)
			continue
		}
		index[it.identity()] = len(items)
		items = append(items, it)
	}
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return apply(ctx, tx, tenantID, items, &res.Counts, nil, nil)
	})
	return res, err
}

// analyse reads a file and keeps the rows about the State tenantCode, merging rows that
// are the same recommendation.
func analyse(in Input, tenantCode string) ([]item, Result, error) {
	var res Result
	var items []item
	index := map[string]int{}
	nm := newNames()
	var info formats.MatrixInfo
	emit := func(rec record.Record, rowErr *record.RowError) error {
		res.Rows++
		if rowErr == nil {
			var it item
			it, rowErr = nm.normalize(rec, info, tenantCode)
			if rowErr == nil {
				if it.State != tenantCode {
					res.Skipped++
					return nil
				}
				if i, ok := index[it.identity()]; ok {
					items[i].merge(it)
					res.Merged++
					return nil
				}
				index[it.identity()] = len(items)
				items = append(items, it)
				return nil
			}
		}
		res.Counts.Errors++
		if len(res.Errors) < maxListedErrors {
			res.Errors = append(res.Errors, RowError{Row: rowErr.Row, Column: rowErr.Column, MessageID: rowErr.MessageID, Data: rowErr.Data})
		}
		return nil
	}
	var err error
	info, err = readFile(in, emit)
	if err != nil {
		return nil, res, asFileError(err)
	}
	if info.DocumentSymbol != "" {
		// A matrix names its report only in its citations: rows read before the first
		// citation belong to the same report.
		items = nm.sameDocument(items, info.DocumentSymbol, &res)
	}
	if res.Rows == 0 {
		return nil, res, &FileError{&record.FormatError{MessageID: "Import.Error.Empty"}}
	}
	return items, res, nil
}

// Options control a run.
type Options struct {
	DryRun     bool // compute the counts, write nothing
	SkipErrors bool // import the good rows of a file that has bad ones
	Progress   func(done, total int)
}

// Run reads a file and applies it to one State in one transaction: all or nothing. A
// file with row errors writes nothing unless SkipErrors says to leave the bad rows out.
func (s *Service) Run(ctx context.Context, tenantID, userID int64, tenantCode string, in Input, opts Options) (Result, error) {
	items, res, err := analyse(in, tenantCode)
	if err != nil {
		return res, err
	}
	if res.Counts.Errors > 0 && !opts.SkipErrors && !opts.DryRun {
		return res, fault.New(fault.Invalid, "Import.HasErrors")
	}
	errDryRun := errors.New("dry run")
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var progress func(int)
		if opts.Progress != nil {
			progress = func(done int) { opts.Progress(done, len(items)) }
		}
		if err := apply(ctx, tx, tenantID, items, &res.Counts, progress, nil); err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// Import is one import as its pages show it.
type Import struct {
	ID         int64
	UserName   string
	Filename   string
	Format     string
	Status     string
	SkipErrors bool
	RowsTotal  int
	RowsDone   int
	Counts     Counts
	Errors     []RowError
	Failure    string
	CreatedAt  time.Time
	FinishedAt *time.Time
}

// Preview reads a file, computes what importing it would do, and keeps the file so the
// person can confirm. Nothing in the State's recommendations changes.
func (s *Service) Preview(ctx context.Context, tenantID, userID int64, tenantCode string, in Input) (int64, Result, error) {
	res, err := s.Run(ctx, tenantID, userID, tenantCode, in, Options{DryRun: true})
	if err != nil {
		return 0, res, err
	}
	errs, _ := json.Marshal(nonNilErrors(res.Errors))
	mapping, _ := json.Marshal(in.Mapping)
	var id int64
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
INSERT INTO imports (tenant_id, user_id, filename, format, mapping, file, status, rows_total,
  new_count, updated_count, unchanged_count, skipped_count, error_count, errors)
VALUES ($1, $2, $3, $4, $5, $6, 'previewed', $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			tenantID, userID, in.Filename, in.Format, mapping, in.Data, res.Rows,
			res.New, res.Updated, res.Unchanged, res.Skipped, res.Counts.Errors, errs).Scan(&id)
	})
	return id, res, err
}

func nonNilErrors(e []RowError) []RowError {
	if e == nil {
		return []RowError{}
	}
	return e
}

// JobArgs is the background job that applies a confirmed import.
type JobArgs struct {
	TenantID int64 `json:"tenant_id"`
	ImportID int64 `json:"import_id"`
}

// Kind names the job in River's table.
func (JobArgs) Kind() string { return "import" }

// Confirm queues a previewed import to be applied. A file with row errors needs the
// person to choose to skip the bad rows.
func (s *Service) Confirm(ctx context.Context, tenantID, userID, importID int64, skipErrors bool) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var status string
		var errorsCount int
		err := tx.QueryRow(ctx, `SELECT status, error_count FROM imports WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			tenantID, importID).Scan(&status, &errorsCount)
		if err != nil {
			return err
		}
		if status != "previewed" {
			return fault.New(fault.Conflict, "Import.AlreadyConfirmed")
		}
		if errorsCount > 0 && !skipErrors {
			return fault.New(fault.Invalid, "Import.HasErrors")
		}
		if _, err := tx.Exec(ctx, `UPDATE imports SET status = 'queued', skip_errors = $3 WHERE tenant_id = $1 AND id = $2`,
			tenantID, importID, skipErrors); err != nil {
			return err
		}
		return s.queue.InsertJob(ctx, tx, JobArgs{TenantID: tenantID, ImportID: importID})
	})
}

// Cancel drops a previewed import and its file.
func (s *Service) Cancel(ctx context.Context, tenantID, userID, importID int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE imports SET status = 'cancelled', file = NULL, finished_at = now()
			WHERE tenant_id = $1 AND id = $2 AND status = 'previewed'`, tenantID, importID)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.Conflict, "Import.AlreadyConfirmed")
		}
		return err
	})
}

// Execute applies a confirmed import (the job's work). Progress is written in its own
// short transactions so the page can show it while the import's transaction runs. An
// import left "running" by a server that stopped wrote nothing (its transaction rolled
// back), so River's retry runs it again from the start.
func (s *Service) Execute(ctx context.Context, tenantID, importID int64) error {
	var in Input
	var userID int64
	var skip bool
	var code string
	err := db.InTenant(ctx, s.pool, tenantID, 0, func(tx pgx.Tx) error {
		var mapping []byte
		var uid *int64
		err := tx.QueryRow(ctx, `
UPDATE imports i SET status = 'running' FROM tenants t
WHERE i.tenant_id = $1 AND i.id = $2 AND i.status IN ('queued', 'running') AND t.id = i.tenant_id
RETURNING i.filename, i.format, i.mapping, i.file, i.user_id, i.skip_errors, t.code`, tenantID, importID).
			Scan(&in.Filename, &in.Format, &mapping, &in.Data, &uid, &skip, &code)
		if err != nil {
			return err
		}
		if uid != nil {
			userID = *uid
		}
		if len(mapping) > 0 && string(mapping) != "null" {
			return json.Unmarshal(mapping, &in.Mapping)
		}
		return nil
	})
	if fault.Is(err, fault.NotFound) {
		return nil // already run, or cancelled: nothing to do
	}
	if err != nil {
		return err
	}
	lastReport := time.Now()
	progress := func(done, total int) {
		if time.Since(lastReport) < 500*time.Millisecond && done < total {
			return
		}
		lastReport = time.Now()
		_ = db.InTenant(ctx, s.pool, tenantID, 0, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE imports SET rows_done = $3, rows_total = $4 WHERE tenant_id = $1 AND id = $2`,
				tenantID, importID, done, total)
			return err
		})
	}
	res, runErr := s.Run(ctx, tenantID, userID, code, in, Options{SkipErrors: skip, Progress: progress})
	return db.InTenant(ctx, s.pool, tenantID, 0, func(tx pgx.Tx) error {
		status, failure := "done", ""
		if runErr != nil {
			status = "failed"
			failure = fault.MessageOf(runErr)
			var fe *FileError
			if errors.As(runErr, &fe) {
				failure = fe.MessageID
			}
			if failure == "" {
				failure = "Import.Failed"
			}
		}
		_, err := tx.Exec(ctx, `
UPDATE imports SET status = $3, failure = $4, file = NULL, finished_at = now(), rows_done = rows_total,
  new_count = $5, updated_count = $6, unchanged_count = $7, skipped_count = $8, error_count = $9
WHERE tenant_id = $1 AND id = $2`, tenantID, importID, status, failure, res.New, res.Updated, res.Unchanged, res.Skipped, res.Counts.Errors)
		return err
	})
}

// Get returns one import.
func (s *Service) Get(ctx context.Context, tenantID, userID, importID int64) (Import, error) {
	var out Import
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		list, err := s.list(ctx, tx, tenantID, "AND i.id = $2", importID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fault.New(fault.NotFound, "")
		}
		out = list[0]
		var errs []byte
		if err := tx.QueryRow(ctx, `SELECT errors FROM imports WHERE tenant_id = $1 AND id = $2`, tenantID, importID).Scan(&errs); err != nil {
			return err
		}
		return json.Unmarshal(errs, &out.Errors)
	})
	return out, err
}

// History lists the State's imports, newest first.
func (s *Service) History(ctx context.Context, tenantID, userID int64) ([]Import, error) {
	var out []Import
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		out, err = s.list(ctx, tx, tenantID, "")
		return err
	})
	return out, err
}

func (s *Service) list(ctx context.Context, tx pgx.Tx, tenantID int64, extra string, args ...any) ([]Import, error) {
	rows, err := tx.Query(ctx, `
SELECT i.id, COALESCE(u.name, ''), i.filename, i.format, i.status, i.skip_errors, i.rows_total, i.rows_done,
  i.new_count, i.updated_count, i.unchanged_count, i.skipped_count, i.error_count, i.failure, i.created_at, i.finished_at
FROM imports i LEFT JOIN users u ON u.id = i.user_id
WHERE i.tenant_id = $1 `+extra+` ORDER BY i.created_at DESC, i.id DESC LIMIT 200`, append([]any{tenantID}, args...)...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Import, error) {
		var i Import
		err := r.Scan(&i.ID, &i.UserName, &i.Filename, &i.Format, &i.Status, &i.SkipErrors, &i.RowsTotal, &i.RowsDone,
			&i.Counts.New, &i.Counts.Updated, &i.Counts.Unchanged, &i.Counts.Skipped, &i.Counts.Errors, &i.Failure, &i.CreatedAt, &i.FinishedAt)
		i.Counts.Rows = i.RowsTotal
		return i, err
	})
}

// Worker runs import jobs.
type Worker struct {
	river.WorkerDefaults[JobArgs]
	Service *Service
}

// Work applies one confirmed import.
func (w *Worker) Work(ctx context.Context, job *river.Job[JobArgs]) error {
	return w.Service.Execute(ctx, job.Args.TenantID, job.Args.ImportID)
}

// Timeout allows large imports their time.
func (w *Worker) Timeout(*river.Job[JobArgs]) time.Duration { return 30 * time.Minute }
