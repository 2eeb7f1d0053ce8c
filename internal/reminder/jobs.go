package reminder

import (
	"context"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/i18n"
)

// ScanArgs is the River job that runs Scan.
type ScanArgs struct{}

// Kind names the job in River's table.
func (ScanArgs) Kind() string { return "reminder_scan" }

// InsertOpts keeps at most one scan per hour in the queue, however many servers start.
func (ScanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// DigestArgs is the River job that runs Digest.
type DigestArgs struct{}

// Kind names the job in River's table.
func (DigestArgs) Kind() string { return "weekly_digest" }

// InsertOpts keeps at most one digest per hour in the queue.
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// Deps is what the jobs need.
type Deps struct {
	Pool    *pgxpool.Pool
	Mailer  Mailer
	Bundle  *i18n.Bundle
	BaseURL *url.URL
	Now     func() time.Time // nil: time.Now
}

func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Register adds the reminder workers.
func Register(workers *river.Workers, deps Deps) {
	river.AddWorker(workers, &scanWorker{deps: deps})
	river.AddWorker(workers, &digestWorker{deps: deps})
}

// jobTimeout bounds a run over every State.
const jobTimeout = 15 * time.Minute

type scanWorker struct {
	river.WorkerDefaults[ScanArgs]
	deps Deps
}

func (w *scanWorker) Work(ctx context.Context, _ *river.Job[ScanArgs]) error {
	_, err := Scan(ctx, w.deps.Pool, w.deps.Mailer, w.deps.Bundle, w.deps.BaseURL, w.deps.now())
	return err
}

func (w *scanWorker) Timeout(*river.Job[ScanArgs]) time.Duration { return jobTimeout }

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	deps Deps
}

func (w *digestWorker) Work(ctx context.Context, _ *river.Job[DigestArgs]) error {
	_, err := Digest(ctx, w.deps.Pool, w.deps.Mailer, w.deps.Bundle, w.deps.BaseURL, w.deps.now())
	return err
}

func (w *digestWorker) Timeout(*river.Job[DigestArgs]) time.Duration { return jobTimeout }

// DigestSchedule is when the weekly digest is queued: Monday 06:00 UTC, the start of the
// working week nearly everywhere.
var DigestSchedule river.PeriodicSchedule = weekly{day: time.Monday, hour: 6}

// weekly is a River schedule for one hour of one weekday, in UTC. River has no cron
// syntax of its own (its example uses a third-party module); the schedule interface is
// one method.
type weekly struct {
	day  time.Weekday
	hour int
}

// Next is the first scheduled time strictly after t.
func (s weekly) Next(t time.Time) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	next := time.Date(y, m, d, s.hour, 0, 0, 0, time.UTC).AddDate(0, 0, (int(s.day)-int(t.Weekday())+7)%7)
	if !next.After(t) {
		next = next.AddDate(0, 0, 7)
	}
	return next
}

// PeriodicJobs are the reminder jobs for river.Config.PeriodicJobs: the scan every day
// and once at start, the digest on Monday morning and once at start (so a week missed
// while no server ran is caught up; Digest sends at most one per person and week).
func PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return ScanArgs{}, nil },
			&river.PeriodicJobOpts{ID: "reminder_scan", RunOnStart: true}),
		river.NewPeriodicJob(DigestSchedule,
			func() (river.JobArgs, *river.InsertOpts) { return DigestArgs{}, nil },
			&river.PeriodicJobOpts{ID: "weekly_digest", RunOnStart: true}),
	}
}
