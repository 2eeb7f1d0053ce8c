// Package tenancy owns the States (tenants) that use the platform.
package tenancy

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/zone"
)

// Tenant is a State using the platform. In the interface it is always a "State".
type Tenant struct {
	ID              int64
	Code            string // ISO 3166-1 alpha-3; XAA–XZZ for fictional demo States
	Name            string
	DefaultLanguage string
	TimeZone        string // IANA name; consultation windows and shown times follow it
}

// Location is the State's time zone (UTC if the stored name were ever unknown).
func (t Tenant) Location() *time.Location { return zone.Or(t.TimeZone) }

// Store reads and writes tenants.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store over the app pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

var codePattern = regexp.MustCompile(`^[A-Z]{3}$`)

// NormalizeCode upper-cases a code from a URL or a form.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

const tenantColumns = `id, code, name, default_language, time_zone`

func scanTenant(row pgx.Row) (Tenant, error) {
	var t Tenant
	err := row.Scan(&t.ID, &t.Code, &t.Name, &t.DefaultLanguage, &t.TimeZone)
	return t, err
}

// ByCode finds a State by its code; unknown codes are NotFound.
func (s *Store) ByCode(ctx context.Context, code string) (Tenant, error) {
	code = NormalizeCode(code)
	if !codePattern.MatchString(code) {
		return Tenant{}, fault.New(fault.NotFound, "")
	}
	t, err := scanTenant(s.pool.QueryRow(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE code = $1`, code))
	if err != nil {
		return Tenant{}, db.Classify(fmt.Errorf("tenant %s: %w", code, err))
	}
	return t, nil
}

// List returns every State, by code.
func (s *Store) List(ctx context.Context) ([]Tenant, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tenantColumns+` FROM tenants ORDER BY code`)
	if err != nil {
		return nil, db.Classify(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Tenant, error) { return scanTenant(r) })
	return out, db.Classify(err)
}

// NewTenant is what a platform admin enters to add a State.
type NewTenant struct {
	Code, Name, Language string
}

// Validate returns field errors as message IDs.
func (n *NewTenant) Validate() error {
	n.Code = NormalizeCode(n.Code)
	n.Name = strings.TrimSpace(n.Name)
	f := fault.Fields{}
	if !codePattern.MatchString(n.Code) {
		f["code"] = "Admin.State.CodeInvalid"
	}
	if n.Name == "" || len([]rune(n.Name)) > 200 {
		f["name"] = "Admin.State.NameInvalid"
	}
	if !i18n.Supported(n.Language) {
		f["language"] = "Admin.State.LanguageInvalid"
	}
	return f.Err()
}

// Create adds a State inside tx; a code already taken is a field error.
func Create(ctx context.Context, tx pgx.Tx, n NewTenant) (Tenant, error) {
	if err := n.Validate(); err != nil {
		return Tenant{}, err
	}
	t, err := scanTenant(tx.QueryRow(ctx,
		`INSERT INTO tenants (code, name, default_language) VALUES ($1, $2, $3)
		 ON CONFLICT (code) DO NOTHING RETURNING `+tenantColumns, n.Code, n.Name, n.Language))
	if err == pgx.ErrNoRows {
		return Tenant{}, fault.Fields{"code": "Admin.State.CodeTaken"}.Err()
	}
	return t, db.Classify(err)
}

// Create adds a State in its own transaction.
func (s *Store) Create(ctx context.Context, n NewTenant) (Tenant, error) {
	var t Tenant
	err := db.Tx(ctx, s.pool, db.Scope{}, func(tx pgx.Tx) error {
		var err error
		t, err = Create(ctx, tx, n)
		return err
	})
	return t, err
}

// SetTimeZone changes a State's time zone to name, an IANA name, for the person userID.
// was is the zone the person's form showed: if someone changed it since, nothing is
// written and the answer is a Conflict. An unknown name is a field error.
func (s *Store) SetTimeZone(ctx context.Context, tenantID, userID int64, name, was string) error {
	name = strings.TrimSpace(name)
	if _, err := zone.Load(name); err != nil {
		return fault.Fields{"time_zone": "States.Settings.TimeZoneInvalid"}.Err()
	}
	// In the State's transaction, so the audit trigger records who made the change.
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE tenants SET time_zone = $2 WHERE id = $1 AND time_zone = $3`, tenantID, name, was)
		if err != nil {
			return db.Classify(fmt.Errorf("set time zone: %w", err))
		}
		if tag.RowsAffected() == 0 {
			return fault.New(fault.Conflict, "States.Settings.Stale")
		}
		return nil
	})
}
