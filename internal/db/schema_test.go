package db_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Every table with a tenant_id must have forced row-level security, a policy, and
// tenant_id as the first column of its primary key.
func TestEveryTenantTableIsIsolated(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	rows, err := d.Owner.Query(ctx, `
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
       EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid),
       COALESCE((SELECT a.attname FROM pg_index i JOIN pg_attribute a
                 ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = c.oid AND i.indisprimary), '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, firstKey string
		var rls, forced, policy bool
		if err := rows.Scan(&name, &rls, &forced, &policy, &firstKey); err != nil {
			t.Fatal(err)
		}
		n++
		if !rls || !forced {
			t.Errorf("table %s: row-level security enabled=%v forced=%v, want both", name, rls, forced)
		}
		if !policy {
			t.Errorf("table %s has no row-level security policy", name)
		}
		if firstKey != "tenant_id" {
			t.Errorf("table %s: primary key starts with %q, want tenant_id", name, firstKey)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no tenant-owned tables; the check would prove nothing")
	}
}

// The app role must be an ordinary role: no superuser, no BYPASSRLS, owning nothing.
func TestAppRoleIsPlain(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	var super, bypass bool
	var owned int
	err := d.App.QueryRow(context.Background(), `
SELECT r.rolsuper, r.rolbypassrls,
       (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
FROM pg_roles r WHERE r.rolname = current_user`).Scan(&super, &bypass, &owned)
	if err != nil {
		t.Fatal(err)
	}
	if super || bypass || owned != 0 {
		t.Errorf("app role: superuser=%v bypassrls=%v owns %d relations; want false, false, 0", super, bypass, owned)
	}
}

func TestRowLevelSecurityIsolatesTenants(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()

	var a, b, user int64
	mustScalar(t, d.App, `INSERT INTO tenants (code, name) VALUES ('XAA', 'A') RETURNING id`, &a)
	mustScalar(t, d.App, `INSERT INTO tenants (code, name) VALUES ('XBB', 'B') RETURNING id`, &b)
	mustScalar(t, d.App, `INSERT INTO users (email, name) VALUES ('p@example.org', 'P') RETURNING id`, &user)
	for _, tenant := range []int64{a, b} {
		err := db.InTenant(ctx, d.App, tenant, 0, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO invitations (tenant_id, email, name, role, token_hash, expires_at)
				VALUES ($1, 'x@example.org', 'X', 'nmrf_staff', gen_random_uuid()::text::bytea, now() + interval '1 day')`, tenant)
			return err
		})
		if err != nil {
			t.Fatalf("insert invitation for tenant %d: %v", tenant, err)
		}
	}

	count := func(scope db.Scope) int {
		var n int
		err := db.Tx(ctx, d.App, scope, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FROM invitations`).Scan(&n)
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(db.Scope{}); n != 0 {
		t.Errorf("with no tenant set the app role sees %d invitations, want 0", n)
	}
	if n := count(db.Scope{TenantID: a}); n != 1 {
		t.Errorf("tenant A sees %d invitations, want only its own 1", n)
	}
	var raw int
	if err := d.App.QueryRow(ctx, `SELECT count(*) FROM invitations`).Scan(&raw); err != nil || raw != 0 {
		t.Errorf("outside any transaction helper the app role sees %d invitations (err %v), want 0", raw, err)
	}

	err := db.InTenant(ctx, d.App, a, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'nmrf_admin')`, b, user)
		return err
	})
	if err == nil {
		t.Fatal("tenant A wrote a membership into tenant B; row-level security must refuse it")
	}
	err = db.InTenant(ctx, d.App, a, 0, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE invitations SET tenant_id = $1`, b)
		if err == nil && tag.RowsAffected() > 0 {
			t.Errorf("tenant A moved %d invitations into tenant B", tag.RowsAffected())
		}
		return nil
	})
	if err != nil && fault.KindOf(err) == fault.Unavailable {
		t.Fatal(err)
	}
	if n := count(db.Scope{TenantID: b}); n != 1 {
		t.Errorf("tenant B sees %d invitations after tenant A's attempts, want 1", n)
	}
}

func mustScalar(t *testing.T, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, sql string, dst any) {
	t.Helper()
	if err := q.QueryRow(context.Background(), sql).Scan(dst); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
