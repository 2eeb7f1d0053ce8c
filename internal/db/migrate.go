package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/nmrf-platform/nmrf/migrations"
)

// AppRole is the role the server runs as; migrations grant to it. Production may log in
// as this role or as any role that is a member of it.
const AppRole = "nmrf_app"

// Migrate brings the schema up to date: River's tables first (River has its own
// migrator), then ours, then the app role's rights on River's tables. It runs as the
// owner role and is safe when several servers start at once (advisory locks).
func Migrate(ctx context.Context, ownerPool *pgxpool.Pool) error {
	rm, err := rivermigrate.New(riverpgxv5.New(ownerPool), nil)
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	if _, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	provider, sqlDB, err := gooseProvider(ownerPool)
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	// River's tables are created by River's migrator, so the grants live here.
	_, err = ownerPool.Exec(ctx, `DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'river\_%' LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO `+AppRole+`', t);
  END LOOP;
  FOR t IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() AND sequencename LIKE 'river\_%' LOOP
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %I TO `+AppRole+`', t);
  END LOOP;
  EXECUTE 'GRANT SELECT ON goose_db_version TO `+AppRole+`';
END $$`)
	if err != nil {
		return fmt.Errorf("grant river tables: %w", err)
	}
	return nil
}

// MigrationStatus lists our migrations and whether each is applied.
func MigrationStatus(ctx context.Context, ownerPool *pgxpool.Pool) ([]*goose.MigrationStatus, error) {
	provider, sqlDB, err := gooseProvider(ownerPool)
	if err != nil {
		return nil, err
	}
	defer sqlDB.Close()
	return provider.Status(ctx)
}

// LatestVersion is the number of the newest embedded migration; /readyz compares it with
// the database's.
func LatestVersion() (int64, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(names) == 0 {
		return 0, fmt.Errorf("no embedded migrations: %v", err)
	}
	sort.Strings(names)
	return goose.NumericComponent(names[len(names)-1])
}

// SchemaVersion reads the database's applied migration version (the app role may read it).
func SchemaVersion(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	var v int64
	err := pool.QueryRow(ctx, `SELECT COALESCE(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, Classify(err)
}

// MigrationsHash identifies the schema the migrations build (used to cache test templates).
func MigrationsHash() (string, error) {
	h := sha256.New()
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	// River's schema changes with its own migrations.
	rm, err := rivermigrate.New(riverpgxv5.New(nil), nil)
	if err != nil {
		return "", err
	}
	for _, m := range rm.AllVersions() {
		fmt.Fprintf(h, "river %d %s\x00", m.Version, m.SQLUp)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func gooseProvider(pool *pgxpool.Pool) (*goose.Provider, *sql.DB, error) {
	sqlDB := stdlib.OpenDBFromPool(pool)
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("goose: %w", err)
	}
	return p, sqlDB, nil
}
