package reminder

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

func TestLanguageFallsBackToTheStateThenEnglish(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ personal, state, want string }{
		{"fr", "es", "fr"},
		{"", "es", "es"},
		{"xx", "ar", "ar"},
		{"", "", "en"},
		{"", "xx", "en"},
	} {
		if got := language(c.personal, c.state); got != c.want {
			t.Errorf("language(%q, %q) = %q, want %q", c.personal, c.state, got, c.want)
		}
	}
}

func TestWeekStart(t *testing.T) {
	t.Parallel()
	want := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for d := 0; d < 7; d++ {
		at := want.AddDate(0, 0, d).Add(23 * time.Hour)
		if got := weekStart(at); !got.Equal(want) {
			t.Errorf("weekStart(%v) = %v, want %v", at, got, want)
		}
	}
	if got := weekStart(want.AddDate(0, 0, 7)); !got.Equal(want.AddDate(0, 0, 7)) {
		t.Errorf("next Monday's week starts %v", got)
	}
}

func TestDigestScheduleIsMondayMorning(t *testing.T) {
	t.Parallel()
	monday := time.Date(2025, 3, 3, 6, 0, 0, 0, time.UTC)
	for _, c := range []struct{ at, want time.Time }{
		{monday.Add(-time.Hour), monday},
		{monday, monday.AddDate(0, 0, 7)},
		{monday.Add(time.Minute), monday.AddDate(0, 0, 7)},
		{monday.AddDate(0, 0, 3), monday.AddDate(0, 0, 7)},
		{monday.AddDate(0, 0, -1), monday},
		{time.Date(2025, 3, 3, 8, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), monday}, // 05:00 UTC
		{time.Date(2025, 3, 3, 10, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), monday.AddDate(0, 0, 7)},
	} {
		if got := DigestSchedule.Next(c.at); !got.Equal(c.want) {
			t.Errorf("Next(%v) = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestPeriodicJobsAndKinds(t *testing.T) {
	t.Parallel()
	if len(PeriodicJobs()) != 2 {
		t.Fatalf("%d periodic jobs", len(PeriodicJobs()))
	}
	if (ScanArgs{}).Kind() != "reminder_scan" || (DigestArgs{}).Kind() != "weekly_digest" {
		t.Fatal("job kinds changed: River's queued jobs would find no worker")
	}
	workers := river.NewWorkers()
	Register(workers, Deps{})
	// Registering the same kinds twice is an error: both are there.
	if err := river.AddWorkerSafely(workers, &scanWorker{}); err == nil {
		t.Error("scan worker not registered")
	}
	if err := river.AddWorkerSafely(workers, &digestWorker{}); err == nil {
		t.Error("digest worker not registered")
	}
}

type countingMailer struct{ n int }

func (m *countingMailer) Enqueue(context.Context, pgx.Tx, notify.Message) error { m.n++; return nil }

// The workers run Scan and Digest at the clock's time.
func TestWorkersUseTheClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	tn, err := tenancy.NewStore(d.App).Create(ctx, tenancy.NewTenant{Code: "XAA", Name: "State XAA", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC)
	mail := &countingMailer{}
	deps := Deps{Pool: d.App, Mailer: mail, Bundle: bundle, Now: func() time.Time { return now }}
	setup := func(sql string, args ...any) {
		t.Helper()
		err := db.InTenant(ctx, d.App, tn.ID, 0, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, sql, append([]any{tn.ID}, args...)...)
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	setup(`INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'Ministry of Justice', 'ministry')`)
	setup(`INSERT INTO plans (tenant_id, title, period_start, period_end) VALUES ($1, 'Plan', '2025-01-01', '2026-12-31')`)
	setup(`INSERT INTO actions (tenant_id, plan_id, title, lead_entity_id, due_date)
		SELECT $1, p.id, 'Train judges', e.id, '2025-03-01' FROM plans p, entities e`)
	// People are global.
	if _, err := d.App.Exec(ctx, `INSERT INTO users (email, name)
		VALUES ('justice.fp@example.org', 'Justice focal point'), ('nmrf.officer@example.org', 'NMRF officer')`); err != nil {
		t.Fatal(err)
	}
	setup(`INSERT INTO memberships (tenant_id, user_id, role, entity_id)
		SELECT $1, u.id, 'focal_point', e.id FROM users u, entities e WHERE u.email = 'justice.fp@example.org'`)
	setup(`INSERT INTO memberships (tenant_id, user_id, role)
		SELECT $1, u.id, 'nmrf_staff' FROM users u WHERE u.email = 'nmrf.officer@example.org'`)

	if err := (&scanWorker{deps: deps}).Work(ctx, &river.Job[ScanArgs]{}); err != nil {
		t.Fatal(err)
	}
	if err := (&digestWorker{deps: deps}).Work(ctx, &river.Job[DigestArgs]{}); err != nil {
		t.Fatal(err)
	}
	if mail.n != 2 {
		t.Fatalf("%d emails, want a reminder and a digest", mail.n)
	}
	var at time.Time
	err = db.InTenant(ctx, d.App, tn.ID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT max(created_at) FROM notifications`).Scan(&at)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !at.Equal(now) {
		t.Fatalf("notifications at %v, want the clock's %v", at, now)
	}
}
