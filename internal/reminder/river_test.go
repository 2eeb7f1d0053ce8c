package reminder_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/reminder"
)

// The jobs run through River as the server wires them: workers registered in
// notify.NewJobs, emails queued to the outbox by notify.Jobs itself.
func TestJobsRunThroughRiver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newScenario(t, d, "XAA")
	var jobs *notify.Jobs
	deps := reminder.Deps{Pool: d.App, Bundle: bundle(t), BaseURL: baseURL, Now: func() time.Time { return monday },
		Mailer: reminder.MailerFunc(func(ctx context.Context, tx pgx.Tx, m notify.Message) error { return jobs.Enqueue(ctx, tx, m) })}
	var err error
	jobs, err = notify.NewJobs(d.App, notify.Options{Work: true, Register: func(w *river.Workers) { reminder.Register(w, deps) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = jobs.Stop(stop)
	})
	err = db.Tx(ctx, d.App, db.Scope{}, func(tx pgx.Tx) error {
		if err := jobs.InsertJob(ctx, tx, reminder.ScanArgs{}); err != nil {
			return err
		}
		return jobs.InsertJob(ctx, tx, reminder.DigestArgs{})
	})
	if err != nil {
		t.Fatal(err)
	}
	// 5 reminders to 3 focal points, 2 digests.
	deadline := time.Now().Add(30 * time.Second)
	for len(s.notifications()) < 7 {
		if time.Now().After(deadline) {
			t.Fatalf("after 30s: %d notifications, want 7", len(s.notifications()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	kinds := map[string]int{}
	err = db.Tx(ctx, d.App, db.Scope{}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT kind, count(*) FROM outbox GROUP BY kind`)
		if err != nil {
			return err
		}
		var kind string
		var n int
		_, err = pgx.ForEachRow(rows, []any{&kind, &n}, func() error { kinds[kind] = n; return nil })
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if kinds["reminder"] != 3 || kinds["digest"] != 2 || len(kinds) != 2 {
		t.Fatalf("outbox %v, want 3 reminders and 2 digests", kinds)
	}
}
