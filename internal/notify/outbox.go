// Package notify sends email: every message is written to the outbox in the same
// transaction as the change that caused it, and a River job delivers it over SMTP when
// SMTP is configured. Without SMTP the outbox is where platform admins read it.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// Message is one email, already in its recipient's language.
type Message struct {
	To      string
	Subject string
	Body    string
	Kind    string // "invitation", "password_reset", …: for the outbox list
}

// SendEmailArgs is the River job that delivers one outbox row.
type SendEmailArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job in River's table.
func (SendEmailArgs) Kind() string { return "send_email" }

// Sender delivers a message; nil means no SMTP is configured.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Jobs owns the River client: it enqueues jobs inside a caller's transaction and, when
// started, works them. Several servers may work the same queue; River locks each job so
// it runs once.
type Jobs struct {
	client *river.Client[pgx.Tx]
}

// Options configure Jobs.
type Options struct {
	Work   bool // work jobs (serve); false for insert-only use (command line)
	Sender Sender
	Logger *slog.Logger
	// Register adds the other domains' workers (imports, reminders …).
	Register func(*river.Workers)
	// PeriodicJobs are queued on their schedule by the elected leader among the servers
	// that work jobs (reminders, digests).
	PeriodicJobs []*river.PeriodicJob
}

// NewJobs builds the River client over the app pool.
func NewJobs(pool *pgxpool.Pool, opts Options) (*Jobs, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendWorker{pool: pool, sender: opts.Sender})
	if opts.Register != nil {
		opts.Register(workers)
	}
	cfg := &river.Config{Workers: workers, Logger: opts.Logger}
	if opts.Work {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}}
		cfg.FetchPollInterval = 500 * time.Millisecond
		cfg.PeriodicJobs = opts.PeriodicJobs
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return &Jobs{client: client}, nil
}

// Start works jobs until Stop.
func (j *Jobs) Start(ctx context.Context) error { return j.client.Start(ctx) }

// Stop lets running jobs finish, within ctx.
func (j *Jobs) Stop(ctx context.Context) error { return j.client.Stop(ctx) }

// InsertJob queues any job inside tx, so it exists only if tx commits.
func (j *Jobs) InsertJob(ctx context.Context, tx pgx.Tx, args river.JobArgs) error {
	if _, err := j.client.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("queue %s: %w", args.Kind(), err)
	}
	return nil
}

// Enqueue stores m in the outbox and queues its delivery, both inside tx: if the change
// that caused the email rolls back, there is no email either.
func (j *Jobs) Enqueue(ctx context.Context, tx pgx.Tx, m Message) error {
	var id int64
	err := tx.QueryRow(ctx,
		`INSERT INTO outbox (recipient, subject, body, kind) VALUES ($1, $2, $3, $4) RETURNING id`,
		m.To, m.Subject, m.Body, m.Kind).Scan(&id)
	if err != nil {
		return fmt.Errorf("outbox insert: %w", err)
	}
	return j.InsertJob(ctx, tx, SendEmailArgs{OutboxID: id})
}

type sendWorker struct {
	river.WorkerDefaults[SendEmailArgs]
	pool   *pgxpool.Pool
	sender Sender
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	var m Message
	var sent *time.Time
	err := w.pool.QueryRow(ctx,
		`UPDATE outbox SET attempts = attempts + 1 WHERE id = $1
		 RETURNING recipient, subject, body, kind, sent_at`, job.Args.OutboxID).
		Scan(&m.To, &m.Subject, &m.Body, &m.Kind, &sent)
	if err != nil {
		return db.Classify(fmt.Errorf("outbox %d: %w", job.Args.OutboxID, err))
	}
	if sent != nil || w.sender == nil {
		return nil // already delivered, or kept in the outbox only (no SMTP)
	}
	if err := w.sender.Send(ctx, m); err != nil {
		_, _ = w.pool.Exec(ctx, `UPDATE outbox SET last_error = $2 WHERE id = $1`, job.Args.OutboxID, err.Error())
		return err // River retries with backoff
	}
	_, err = w.pool.Exec(ctx, `UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = $1`, job.Args.OutboxID)
	return err
}

// Email is one outbox row, for the platform admins' outbox page.
type Email struct {
	ID        int64
	Message   Message
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
}

// Outbox reads the outbox (global: only platform admins are routed here).
type Outbox struct{ pool *pgxpool.Pool }

// NewOutbox returns the outbox reader.
func NewOutbox(pool *pgxpool.Pool) *Outbox { return &Outbox{pool: pool} }

const emailColumns = `id, recipient, subject, body, kind, created_at, sent_at, attempts, COALESCE(last_error, '')`

func scanEmail(row pgx.Row) (Email, error) {
	var e Email
	err := row.Scan(&e.ID, &e.Message.To, &e.Message.Subject, &e.Message.Body, &e.Message.Kind,
		&e.CreatedAt, &e.SentAt, &e.Attempts, &e.LastError)
	return e, err
}

// Recent returns the newest messages first.
func (o *Outbox) Recent(ctx context.Context, limit int) ([]Email, error) {
	rows, err := o.pool.Query(ctx, `SELECT `+emailColumns+` FROM outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, db.Classify(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Email, error) { return scanEmail(r) })
	return out, db.Classify(err)
}

// Get returns one message.
func (o *Outbox) Get(ctx context.Context, id int64) (Email, error) {
	e, err := scanEmail(o.pool.QueryRow(ctx, `SELECT `+emailColumns+` FROM outbox WHERE id = $1`, id))
	return e, db.Classify(err)
}
