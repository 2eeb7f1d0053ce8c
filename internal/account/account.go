// Package account owns people, their memberships in States, sign-in, invitations and
// password resets. It knows nothing of HTTP.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// How long emailed links stay valid.
const (
	InvitationTTL    = 7 * 24 * time.Hour
	PasswordResetTTL = time.Hour
)

// User is a person who can sign in.
type User struct {
	ID            int64
	Email         string
	Name          string
	Language      string // saved interface language, "" when never chosen
	PlatformAdmin bool
	// PasswordChangedAt ends sessions started before it.
	PasswordChangedAt time.Time
}

// Membership is a person's role in one State.
type Membership struct {
	TenantID   int64
	TenantCode string
	TenantName string
	Role       Role
}

// Mailer queues an email inside a transaction.
type Mailer interface {
	Enqueue(ctx context.Context, tx pgx.Tx, m notify.Message) error
}

// Service is the account domain over the app pool.
type Service struct {
	pool    *pgxpool.Pool
	mail    Mailer
	bundle  *i18n.Bundle
	baseURL *url.URL
	now     func() time.Time
}

// NewService wires the account domain.
func NewService(pool *pgxpool.Pool, mailer Mailer, bundle *i18n.Bundle, baseURL *url.URL) *Service {
	return &Service{pool: pool, mail: mailer, bundle: bundle, baseURL: baseURL, now: time.Now}
}

const userColumns = `id, email, name, COALESCE(language, ''), is_platform_admin, password_changed_at`

func scanUser(row pgx.Row, extra ...any) (User, error) {
	var u User
	err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Language, &u.PlatformAdmin, &u.PasswordChangedAt}, extra...)...)
	return u, err
}

// NormalizeEmail lower-cases and trims; it does not validate.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

// Authenticate checks an email and password. Unknown email and wrong password give the
// same error and take the same time.
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, error) {
	var hash *string
	u, err := scanUser(s.pool.QueryRow(ctx,
		`SELECT `+userColumns+`, password_hash FROM users WHERE email = $1`, NormalizeEmail(email)), &hash)
	if err != nil && err != pgx.ErrNoRows {
		return User{}, db.Classify(err)
	}
	if err == pgx.ErrNoRows || hash == nil {
		CheckPassword(dummyHash, password)
		return User{}, fault.New(fault.Invalid, "Login.Failed")
	}
	if !CheckPassword(*hash, password) {
		return User{}, fault.New(fault.Invalid, "Login.Failed")
	}
	return u, nil
}

// UserByID returns a person.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, db.Classify(err)
}

// SetLanguage saves a person's interface language.
func (s *Service) SetLanguage(ctx context.Context, userID int64, lang string) error {
	if !i18n.Supported(lang) {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	_, err := s.pool.Exec(ctx, `UPDATE users SET language = $2 WHERE id = $1`, userID, lang)
	return db.Classify(err)
}

// Memberships lists the States a person works in (row-level security lets a person
// see their own memberships across States).
func (s *Service) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	var out []Membership
	err := db.Tx(ctx, s.pool, db.Scope{UserID: userID}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT m.tenant_id, t.code, t.name, m.role
FROM memberships m JOIN tenants t ON t.id = m.tenant_id
WHERE m.user_id = $1 AND `+grantedMember+` ORDER BY t.name`, userID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Membership, error) {
			var m Membership
			err := r.Scan(&m.TenantID, &m.TenantCode, &m.TenantName, &m.Role)
			return m, err
		})
		return err
	})
	return out, err
}

// grantedMember keeps a membership (m) only when it is not an adviser's, or the adviser
// holds a grant current today: outside every grant an adviser is no member at all, so
// every page of the State answers 404 and the State leaves their list.
const grantedMember = `(m.role <> 'ohchr_adviser' OR adviser_grant_current(m.tenant_id, m.user_id))`

// RoleIn returns the person's role in a State; no membership is NotFound.
func (s *Service) RoleIn(ctx context.Context, userID, tenantID int64) (Role, error) {
	role, _, err := s.MembershipIn(ctx, userID, tenantID)
	return role, err
}

// MembershipIn returns the person's role in a State and, for a focal point, the entity
// they report for (0 when none); no membership, or an adviser's without a current grant,
// is NotFound.
func (s *Service) MembershipIn(ctx context.Context, userID, tenantID int64) (Role, int64, error) {
	var role Role
	var entityID int64
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT role, COALESCE(entity_id, 0) FROM memberships m
			WHERE m.tenant_id = $1 AND m.user_id = $2 AND `+grantedMember, tenantID, userID).Scan(&role, &entityID)
	})
	return role, entityID, err
}

// NewUser is a person created from the command line or by accepting an invitation.
type NewUser struct {
	Email, Name, Password string
	PlatformAdmin         bool
}

func (n *NewUser) validate() error {
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	f := fault.Fields{}
	if !validEmail(n.Email) {
		f["email"] = "Form.EmailInvalid"
	}
	if n.Name == "" || len([]rune(n.Name)) > 200 {
		f["name"] = "Form.NameInvalid"
	}
	if n.Password != "" && len([]rune(n.Password)) < MinPasswordLength {
		f["password"] = "Form.PasswordTooShort"
	}
	return f.Err()
}

// CreateUser adds a person, or updates the name, password and admin flag of the person
// with that email (so the command line and the demo loader can be run again).
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	if err := n.validate(); err != nil {
		return User{}, err
	}
	var hash *string
	if n.Password != "" {
		h, err := HashPassword(n.Password)
		if err != nil {
			return User{}, err
		}
		hash = &h
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `
INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, $4)
ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name,
  password_hash = COALESCE(EXCLUDED.password_hash, users.password_hash),
  password_changed_at = CASE WHEN EXCLUDED.password_hash IS NULL THEN users.password_changed_at ELSE now() END,
  is_platform_admin = users.is_platform_admin OR EXCLUDED.is_platform_admin
RETURNING `+userColumns, n.Email, n.Name, hash, n.PlatformAdmin))
	return u, db.Classify(err)
}

// AddMembership gives a person a role in a State (replacing any earlier role there).
func (s *Service) AddMembership(ctx context.Context, tenantID, userID int64, role Role) error {
	if !role.Valid() {
		return fault.Fields{"role": "Form.RoleInvalid"}.Err()
	}
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		return addMembership(ctx, tx, tenantID, userID, role)
	})
}

func addMembership(ctx context.Context, tx pgx.Tx, tenantID, userID int64, role Role) error {
	_, err := tx.Exec(ctx, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
		ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = EXCLUDED.role`, tenantID, userID, role)
	return err
}

// Member is a person in a State's member list.
type Member struct {
	User User
	Role Role
}

// Members lists a State's people.
func (s *Service) Members(ctx context.Context, tenantID, actorID int64) ([]Member, error) {
	var out []Member
	err := db.InTenant(ctx, s.pool, tenantID, actorID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT u.id, u.email, u.name, COALESCE(u.language, ''), u.is_platform_admin, u.password_changed_at, m.role
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.tenant_id = $1 ORDER BY u.name`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Member, error) {
			var m Member
			u, err := scanUser(r, &m.Role)
			m.User = u
			return m, err
		})
		return err
	})
	return out, err
}

// newToken returns a random URL-safe token and the hash stored in its place.
func newToken() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	return tok, hashToken(tok), nil
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

func (s *Service) link(path string) string {
	return s.baseURL.String() + path
}
