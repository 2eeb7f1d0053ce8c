// Package dbtest gives each test its own PostgreSQL database, cloned from a migrated
// template (pgtestdb), with two pools: the owner (as migrations run) and the app role
// (as the server runs, under row-level security).
package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// DB is one test's database.
type DB struct {
	Owner    *pgxpool.Pool
	App      *pgxpool.Pool
	AppURL   string
	OwnerURL string
}

const appPassword = "nmrf_app"

// New creates a fresh, migrated database for t and closes it when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	base := baseConfig(t)
	ensureAppRole(t, base)
	conf := pgtestdb.Custom(t, base, migrator{})

	ownerURL := conf.URL()
	appConf := *conf
	appConf.User, appConf.Password = db.AppRole, appPassword
	appURL := appConf.URL()

	ctx := context.Background()
	owner, err := db.Open(ctx, ownerURL)
	if err != nil {
		t.Fatalf("open owner pool: %v", err)
	}
	app, err := db.Open(ctx, appURL)
	if err != nil {
		owner.Close()
		t.Fatalf("open app pool: %v", err)
	}
	// Registered after pgtestdb's cleanup, so it runs before the database is dropped.
	t.Cleanup(func() { app.Close(); owner.Close() })
	return &DB{Owner: owner, App: app, AppURL: appURL, OwnerURL: ownerURL}
}

func baseConfig(t testing.TB) pgtestdb.Config {
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		raw = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	pw, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	opts := u.Query()
	if opts.Get("sslmode") == "" {
		opts.Set("sslmode", "disable")
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       u.Hostname(),
		Port:       port,
		User:       u.User.Username(),
		Password:   pw,
		Database:   trimSlash(u.Path),
		Options:    opts.Encode(),
		// The owner of each test database, like the production owner role: no superuser,
		// so forced row-level security applies to it too.
		TestRole: &pgtestdb.Role{
			Username:     "nmrf_test_owner",
			Password:     "nmrf_test_owner",
			Capabilities: "NOSUPERUSER NOCREATEDB NOCREATEROLE",
		},
		ForceTerminateConnections: true,
	}
}

func trimSlash(p string) string {
	if len(p) > 0 && p[0] == '/' {
		return p[1:]
	}
	return p
}

// ensureAppRole creates the cluster-wide app role if this server lacks it.
func ensureAppRole(t testing.TB, base pgtestdb.Config) {
	t.Helper()
	admin, err := sql.Open("pgx", base.URL())
	if err != nil {
		t.Fatalf("connect TEST_DATABASE_URL: %v", err)
	}
	defer admin.Close()
	_, err = admin.Exec(`DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '` + db.AppRole + `') THEN
    CREATE ROLE ` + db.AppRole + ` LOGIN PASSWORD '` + appPassword + `' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$`)
	var pgErr *pgconn.PgError
	if err != nil && !(errors.As(err, &pgErr) && (pgErr.Code == "42710" || pgErr.Code == "23505")) {
		t.Fatalf("create app role (is PostgreSQL running? run `make db`): %v", err)
	}
}

// migrator builds the template with the same code the binary runs.
type migrator struct{}

func (migrator) Hash() (string, error) { return db.MigrationsHash() }

func (migrator) Migrate(ctx context.Context, _ *sql.DB, conf pgtestdb.Config) error {
	pool, err := db.Open(ctx, conf.URL())
	if err != nil {
		return err
	}
	defer pool.Close()
	return db.Migrate(ctx, pool)
}
