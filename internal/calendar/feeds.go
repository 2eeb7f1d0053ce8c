package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Owner is whose dates a feed carries: a person (following their current role and
// entity in the State) or an entity (for a ministry's shared calendar). Exactly one is set.
type Owner struct {
	UserID   int64
	EntityID int64
}

func (o Owner) valid() bool { return (o.UserID == 0) != (o.EntityID == 0) }

// Feed is a calendar link. Its token is shown once, at creation; only its hash is kept.
type Feed struct {
	ID        int64
	TenantID  int64
	UserID    int64 // 0 for an entity's feed
	EntityID  int64 // 0 for a person's feed
	CreatedAt time.Time
	RevokedAt *time.Time
}

// Feeds creates, lists, revokes and resolves calendar links within a State. Callers
// decide who may manage which feeds; Feeds checks only that the owner exists there.
type Feeds struct{ pool *pgxpool.Pool }

// NewFeeds returns Feeds over the app pool.
func NewFeeds(pool *pgxpool.Pool) *Feeds { return &Feeds{pool: pool} }

// tokenBytes is the token's entropy; its URL form is unpadded base64url.
const tokenBytes = 32

var tokenLen = base64.RawURLEncoding.EncodedLen(tokenBytes)

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

const feedColumns = `f.id, f.tenant_id, COALESCE(f.user_id, 0), COALESCE(f.entity_id, 0), f.created_at, f.revoked_at`

func scanFeed(r pgx.Row, extra ...any) (Feed, error) {
	var f Feed
	err := r.Scan(append([]any{&f.ID, &f.TenantID, &f.UserID, &f.EntityID, &f.CreatedAt, &f.RevokedAt}, extra...)...)
	return f, err
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// Create makes a new feed for owner and returns its secret token, to be put in the
// feed's address once and never stored.
func (s *Feeds) Create(ctx context.Context, tenantID, userID int64, owner Owner) (string, error) {
	if !owner.valid() {
		return "", fault.New(fault.Invalid, "")
	}
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("calendar token: %w", err)
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		// The owner must belong to this State: a person through a membership, an
		// entity by being one of its entities.
		var exists bool
		check := `SELECT EXISTS (SELECT FROM memberships WHERE tenant_id = $1 AND user_id = $2)`
		id := owner.UserID
		if owner.EntityID != 0 {
			check, id = `SELECT EXISTS (SELECT FROM entities WHERE tenant_id = $1 AND id = $2)`, owner.EntityID
		}
		if err := tx.QueryRow(ctx, check, tenantID, id).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fault.New(fault.NotFound, "")
		}
		_, err := tx.Exec(ctx, `INSERT INTO calendar_feeds (tenant_id, token_hash, user_id, entity_id) VALUES ($1, $2, $3, $4)`,
			tenantID, hashToken(tok), nullID(owner.UserID), nullID(owner.EntityID))
		return err
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// List returns owner's feeds, newest first, revoked ones included.
func (s *Feeds) List(ctx context.Context, tenantID, userID int64, owner Owner) ([]Feed, error) {
	if !owner.valid() {
		return nil, fault.New(fault.Invalid, "")
	}
	var out []Feed
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+feedColumns+` FROM calendar_feeds f
WHERE f.tenant_id = $1 AND f.user_id IS NOT DISTINCT FROM $2 AND f.entity_id IS NOT DISTINCT FROM $3
ORDER BY f.created_at DESC, f.id DESC`, tenantID, nullID(owner.UserID), nullID(owner.EntityID))
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Feed, error) { return scanFeed(r) })
		return err
	})
	return out, err
}

// Get returns one feed, so a handler can check whose it is before revoking it.
func (s *Feeds) Get(ctx context.Context, tenantID, userID, feedID int64) (Feed, error) {
	var f Feed
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		f, err = scanFeed(tx.QueryRow(ctx, `SELECT `+feedColumns+` FROM calendar_feeds f WHERE f.tenant_id = $1 AND f.id = $2`, tenantID, feedID))
		return err
	})
	return f, err
}

// Revoke stops a feed for good; calendars that poll it get Gone. Revoking twice is fine.
func (s *Feeds) Revoke(ctx context.Context, tenantID, userID, feedID int64) error {
	return db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE calendar_feeds SET revoked_at = COALESCE(revoked_at, now()) WHERE tenant_id = $1 AND id = $2`,
			tenantID, feedID)
		if err == nil && tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "")
		}
		return err
	})
}

// Resolve finds the feed a token opens in the State named in the feed's address. The
// address carries the State's code because row-level security shows calendar_feeds
// only inside a tenant; the code is public, the token is the secret. A token of
// another State, a wrong or malformed token is NotFound; a revoked feed, or a
// person's feed after they left the State (or an adviser's outside a current grant), is Gone.
func (s *Feeds) Resolve(ctx context.Context, tenantID int64, token string) (Feed, error) {
	if len(token) != tokenLen {
		return Feed{}, fault.New(fault.NotFound, "")
	}
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil {
		return Feed{}, fault.New(fault.NotFound, "")
	}
	var f Feed
	err := db.InTenant(ctx, s.pool, tenantID, 0, func(tx pgx.Tx) error {
		var member bool
		var err error
		f, err = scanFeed(tx.QueryRow(ctx, `SELECT `+feedColumns+`,
       f.user_id IS NULL OR EXISTS (SELECT FROM memberships m WHERE m.tenant_id = f.tenant_id AND m.user_id = f.user_id
                                    AND (m.role <> 'ohchr_adviser' OR adviser_grant_current(m.tenant_id, m.user_id)))
FROM calendar_feeds f WHERE f.tenant_id = $1 AND f.token_hash = $2`, tenantID, hashToken(token)), &member)
		if err == pgx.ErrNoRows {
			return fault.New(fault.NotFound, "")
		}
		if err != nil {
			return err
		}
		if f.RevokedAt != nil || !member {
			return fault.New(fault.Gone, "Calendar.FeedRevoked")
		}
		return nil
	})
	if err != nil {
		return Feed{}, err
	}
	return f, nil
}
