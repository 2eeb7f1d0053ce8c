package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/assessment"
	"github.com/nmrf-platform/nmrf/internal/assistance"
	"github.com/nmrf-platform/nmrf/internal/calendar"
	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/config"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/dashboard"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/demo"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/portal"
	"github.com/nmrf-platform/nmrf/internal/progress"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/reminder"
	"github.com/nmrf-platform/nmrf/internal/review"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
	"github.com/nmrf-platform/nmrf/internal/vocabulary"
	"github.com/nmrf-platform/nmrf/internal/web"
	"github.com/nmrf-platform/nmrf/static"
)

// app is the composition root: every long-lived part, built once.
type app struct {
	cfg      *config.Config
	log      *slog.Logger
	pool     *pgxpool.Pool
	bundle   *i18n.Bundle
	jobs     *notify.Jobs
	accounts *account.Service
	tenants  *tenancy.Store
	importer *importer.Service
	// consultations is shared by the web layer and the closing-soon job.
	consultations *consultation.Store
}

// newApp connects as the app role and wires the domain. work says whether this process
// works background jobs (serve) or only queues them (command line).
func newApp(ctx context.Context, cfg *config.Config, work bool) (*app, error) {
	log := newLogger(cfg.LogLevel)
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	bundle, err := i18n.New()
	if err != nil {
		pool.Close()
		return nil, err
	}
	var sender notify.Sender
	if cfg.SMTPURL != nil {
		smtp, err := notify.NewSMTP(cfg.SMTPURL, cfg.SMTPPort(), cfg.MailFrom)
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("SMTP_URL: %w", err)
		}
		sender = smtp
	}
	imp := importer.NewService(pool)
	var jobs *notify.Jobs
	reminders := reminder.Deps{Pool: pool, Bundle: bundle, BaseURL: cfg.BaseURL,
		// jobs is assigned just below, before any job can run.
		Mailer: reminder.MailerFunc(func(ctx context.Context, tx pgx.Tx, m notify.Message) error {
			return jobs.Enqueue(ctx, tx, m)
		})}
	accounts := account.NewService(pool, reminders.Mailer, bundle, cfg.BaseURL)
	consultations := consultation.NewStore(pool, reminders.Mailer, accounts, bundle, cfg.BaseURL)
	jobs, err = notify.NewJobs(pool, notify.Options{Work: work, Sender: sender, Logger: log,
		Register: func(w *river.Workers) {
			river.AddWorker(w, &importer.Worker{Service: imp})
			reminder.Register(w, reminders)
			consultation.Register(w, consultations)
		},
		PeriodicJobs: append(reminder.PeriodicJobs(), consultation.PeriodicJobs()...),
	})
	if err != nil {
		pool.Close()
		return nil, err
	}
	imp.SetQueue(jobs)
	return &app{
		cfg: cfg, log: log, pool: pool, bundle: bundle, jobs: jobs,
		accounts: accounts,
		tenants:  tenancy.NewStore(pool),
		importer: imp, consultations: consultations,
	}, nil
}

func (a *app) close() { a.pool.Close() }

func runMigrations(ctx context.Context, cfg *config.Config) error {
	owner, err := db.Open(ctx, cfg.MigrateDatabaseURL)
	if err != nil {
		return fmt.Errorf("MIGRATE_DATABASE_URL: %w", err)
	}
	defer owner.Close()
	return db.Migrate(ctx, owner)
}

func serve(ctx context.Context) error {
	cfg, err := config.Load(nil, config.Need{Database: true, Migrate: true})
	if err != nil {
		return err
	}
	if err := runMigrations(ctx, cfg); err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.close()
	assets, err := static.New()
	if err != nil {
		return err
	}
	recs := recommendation.NewStore(a.pool)
	srv := web.New(web.Deps{
		Config: cfg, Pool: a.pool, Logger: a.log, Bundle: a.bundle, Assets: assets,
		Accounts: a.accounts, Tenants: a.tenants, Outbox: notify.NewOutbox(a.pool),
		Recs: recs, Views: recommendation.NewViews(a.pool),
		Clusters: cluster.NewStore(a.pool), Entities: entity.NewStore(a.pool), Importer: a.importer,
		Vocab: vocabulary.NewStore(a.pool), Plans: plan.NewStore(a.pool), Indicators: indicator.NewStore(a.pool),
		Progress: progress.NewStore(a.pool), Dashboard: dashboard.NewStore(a.pool),
		Calendars: calendar.NewFeeds(a.pool), Inbox: notify.NewInbox(a.pool),
		Portal:      portal.NewStore(a.pool, a.tenants, recs),
		Assessments: assessment.NewStore(a.pool), Reviews: review.NewStore(a.pool), Assistance: assistance.NewStore(a.pool),
		Consultations: a.consultations,
	})
	defer srv.Close()
	if err := a.jobs.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	httpSrv := &http.Server{
		Addr:              cfg.ListenAddr,
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		// Long enough for a 200 MB import file over a slow connection and its preview.
		ReadTimeout:  15 * time.Minute,
		WriteTimeout: 15 * time.Minute,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.ListenAndServe() }()
	a.log.Info("serving", "addr", cfg.ListenAddr, "base_url", cfg.BaseURL.String())

	select {
	case err := <-errc:
		return fmt.Errorf("LISTEN_ADDR %s: %w", cfg.ListenAddr, err)
	case <-ctx.Done():
	}
	// Stop accepting, let requests and jobs in flight finish, up to the bound.
	a.log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = httpSrv.Shutdown(shutCtx)
	if jerr := a.jobs.Stop(shutCtx); jerr != nil {
		err = errors.Join(err, jerr)
	}
	return err
}

func migrate(ctx context.Context, sub string, out io.Writer) error {
	cfg, err := config.Load(nil, config.Need{Migrate: true})
	if err != nil {
		return err
	}
	switch sub {
	case "up":
		if err := runMigrations(ctx, cfg); err != nil {
			return err
		}
		fmt.Fprintln(out, "migrations applied")
		return nil
	case "status":
		owner, err := db.Open(ctx, cfg.MigrateDatabaseURL)
		if err != nil {
			return fmt.Errorf("MIGRATE_DATABASE_URL: %w", err)
		}
		defer owner.Close()
		st, err := db.MigrationStatus(ctx, owner)
		if err != nil {
			return err
		}
		for _, m := range st {
			applied := "pending"
			if !m.AppliedAt.IsZero() {
				applied = "applied " + m.AppliedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(out, "%05d  %-40s %s\n", m.Source.Version, m.Source.Path, applied)
		}
		return nil
	}
	return fmt.Errorf("usage: nmrf migrate [up|status], not %q", sub)
}

func stateAdd(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("state add")
	code := fs.String("code", "", "ISO 3166-1 alpha-3 code (XAA–XZZ for demonstrations)")
	name := fs.String("name", "", "the State's name")
	lang := fs.String("language", "en", "default language: ar, en, es, fr, ru or zh")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(nil, config.Need{Database: true})
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.close()
	t, err := a.tenants.Create(ctx, tenancy.NewTenant{Code: *code, Name: *name, Language: *lang})
	if err != nil {
		return describe(a.bundle, err)
	}
	fmt.Fprintf(out, "State %s (%s) added\n", t.Code, t.Name)
	return nil
}

func userAdd(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	fs := newFlags("user add")
	email := fs.String("email", "", "email address (the sign-in)")
	name := fs.String("name", "", "full name")
	platformAdmin := fs.Bool("platform-admin", false, "may create States and invite their first NMRF admin")
	stateCode := fs.String("state", "", "a State's code, to give a role in it")
	role := fs.String("role", "", "role in that State: nmrf_admin, nmrf_staff, focal_point, nhri, civil_society, ohchr_adviser")
	invite := fs.Bool("invite", false, "email an invitation instead of reading a password")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*stateCode == "") != (*role == "") {
		return errors.New("--state and --role go together")
	}
	cfg, err := config.Load(nil, config.Need{Database: true})
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.close()
	var t tenancy.Tenant
	if *stateCode != "" {
		if t, err = a.tenants.ByCode(ctx, *stateCode); err != nil {
			return fmt.Errorf("--state %s: no such State", *stateCode)
		}
	}
	if *invite {
		if t.ID == 0 {
			return errors.New("--invite needs --state and --role")
		}
		err := a.accounts.Invite(ctx, account.InviteInput{TenantID: t.ID, TenantName: t.Name, Email: *email,
			Name: *name, Role: account.Role(*role), Language: t.DefaultLanguage})
		if err != nil {
			return describe(a.bundle, err)
		}
		fmt.Fprintf(out, "invitation to %s queued (see the outbox at /admin/outbox without SMTP)\n", *email)
		return nil
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if len([]rune(password)) < account.MinPasswordLength {
		return fmt.Errorf("the password (first line of standard input) must have at least %d characters", account.MinPasswordLength)
	}
	u, err := a.accounts.CreateUser(ctx, account.NewUser{Email: *email, Name: *name, Password: password, PlatformAdmin: *platformAdmin})
	if err != nil {
		return describe(a.bundle, err)
	}
	if t.ID != 0 {
		if err := a.accounts.AddMembership(ctx, t.ID, u.ID, account.Role(*role)); err != nil {
			return describe(a.bundle, err)
		}
	}
	fmt.Fprintf(out, "user %s ready\n", u.Email)
	return nil
}

func loadDemo(ctx context.Context, out io.Writer) error {
	cfg, err := config.Load(nil, config.Need{Database: true})
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.close()
	signIns, err := demo.Load(ctx, a.pool, a.accounts, a.tenants)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Demo data loaded. Open %s and sign in with password %q as:\n", cfg.BaseURL, demo.Password)
	for _, s := range signIns {
		where := ""
		if s.State != "" {
			where = " in " + s.State
		}
		fmt.Fprintf(out, "  %-34s %s%s\n", s.Email, s.Role, where)
	}
	return nil
}
