// Package review owns advisers' review comments on a State's plan, its actions and its
// indicators, and the staff's replies. Only the State's staff and its advisers with a
// current grant read them (the permission table decides; handlers ask it first).
package review

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// What a comment may be about.
const (
	OnPlan      = "plan"
	OnAction    = "action"
	OnIndicator = "indicator"
)

// MaxBody bounds a comment, in characters.
const MaxBody = 5000

// Target is the record a comment is about.
type Target struct {
	Kind string // OnPlan, OnAction or OnIndicator
	ID   int64
}

// column is the review_comments column that points at the target's table.
func (t Target) column() (string, string, error) {
	switch t.Kind {
	case OnPlan:
		return "plan_id", "plans", nil
	case OnAction:
		return "action_id", "actions", nil
	case OnIndicator:
		return "indicator_id", "indicators", nil
	}
	return "", "", fault.New(fault.Invalid, "Error.BadRequest")
}

// Comment is one review comment or reply.
type Comment struct {
	ID         int64
	Body       string
	Author     string
	AuthorRole string // the author's role in the State ("" if they left it)
	AuthorID   int64
	CreatedAt  time.Time
	ResolvedBy string
	ResolvedAt *time.Time
}

// Thread is a comment with its replies, oldest first.
type Thread struct {
	Comment
	Replies []Comment
}

// Store reads and writes review comments within one State.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store over the app pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

func checkBody(body string) (string, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return "", fault.Fields{"body": "Review.BodyRequired"}.Err()
	}
	if len([]rune(body)) > MaxBody {
		return "", fault.Fields{"body": "Review.BodyTooLong"}.Err()
	}
	return body, nil
}

// Threads lists the comments on a target, newest thread first, each with its replies.
func (s *Store) Threads(ctx context.Context, tenantID, userID int64, t Target) ([]Thread, error) {
	col, _, err := t.column()
	if err != nil {
		return nil, err
	}
	var out []Thread
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, fmt.Sprintf(`
SELECT c.id, COALESCE(c.parent_id, 0), c.body, u.name, COALESCE(m.role, ''), c.author_id, c.created_at,
       COALESCE(rb.name, ''), c.resolved_at
FROM review_comments c
JOIN users u ON u.id = c.author_id
LEFT JOIN memberships m ON m.tenant_id = c.tenant_id AND m.user_id = c.author_id
LEFT JOIN users rb ON rb.id = c.resolved_by
WHERE c.tenant_id = $1 AND c.%s = $2
ORDER BY c.parent_id NULLS FIRST, c.created_at, c.id`, col), tenantID, t.ID)
		if err != nil {
			return err
		}
		index := map[int64]int{}
		for rows.Next() {
			var c Comment
			var parent int64
			if err := rows.Scan(&c.ID, &parent, &c.Body, &c.Author, &c.AuthorRole, &c.AuthorID, &c.CreatedAt, &c.ResolvedBy, &c.ResolvedAt); err != nil {
				return err
			}
			if parent == 0 {
				index[c.ID] = len(out)
				out = append(out, Thread{Comment: c})
			} else if i, ok := index[parent]; ok {
				out[i].Replies = append(out[i].Replies, c)
			}
		}
		return rows.Err()
	})
	// Newest thread first; replies stay in the order they were written.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// Add records a new review comment on a target and notifies the State's staff in the
// app, with link to the target's page. It returns the comment's ID.
func (s *Store) Add(ctx context.Context, tenantID, userID int64, t Target, body, link string) (int64, error) {
	col, table, err := t.column()
	if err != nil {
		return 0, err
	}
	if body, err = checkBody(body); err != nil {
		return 0, err
	}
	var id int64
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT FROM %s WHERE tenant_id = $1 AND id = $2)`, table),
			tenantID, t.ID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fault.New(fault.NotFound, "")
		}
		if err := tx.QueryRow(ctx, fmt.Sprintf(`INSERT INTO review_comments (tenant_id, %s, body, author_id) VALUES ($1, $2, $3, $4) RETURNING id`, col),
			tenantID, t.ID, body, userID).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
INSERT INTO notifications (tenant_id, user_id, message_id, data, link)
SELECT $1, m.user_id, 'Review.Notice.New', jsonb_build_object('Who', (SELECT name FROM users WHERE id = $2)), $3
FROM memberships m WHERE m.tenant_id = $1 AND m.user_id <> $2 AND m.role IN ('nmrf_admin', 'nmrf_staff')`, tenantID, userID, link)
		return err
	})
	return id, err
}

// parentOf reads a top-level comment's target inside tx; a reply or an unknown ID is NotFound.
func parentOf(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Target, int64, error) {
	var plan, action, indicator *int64
	var author int64
	err := tx.QueryRow(ctx, `SELECT plan_id, action_id, indicator_id, author_id FROM review_comments
		WHERE tenant_id = $1 AND id = $2 AND parent_id IS NULL`, tenantID, id).Scan(&plan, &action, &indicator, &author)
	if err != nil {
		return Target{}, 0, err
	}
	switch {
	case plan != nil:
		return Target{OnPlan, *plan}, author, nil
	case action != nil:
		return Target{OnAction, *action}, author, nil
	default:
		return Target{OnIndicator, *indicator}, author, nil
	}
}

// Reply answers a review comment; the comment's author is notified in the app. It
// returns the comment's target, for the way back, also with a field error.
func (s *Store) Reply(ctx context.Context, tenantID, userID, parentID int64, body string, link func(Target) string) (Target, error) {
	var t Target
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var author int64
		var err error
		t, author, err = parentOf(ctx, tx, tenantID, parentID)
		if err != nil {
			return err
		}
		// Checked after finding the comment, so a refused reply still knows its way back.
		if body, err = checkBody(body); err != nil {
			return err
		}
		col, _, _ := t.column()
		if _, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO review_comments (tenant_id, %s, parent_id, body, author_id) VALUES ($1, $2, $3, $4, $5)`, col),
			tenantID, t.ID, parentID, body, userID); err != nil {
			return err
		}
		if author == userID {
			return nil
		}
		_, err = tx.Exec(ctx, `INSERT INTO notifications (tenant_id, user_id, message_id, data, link)
			SELECT $1, $2, 'Review.Notice.Reply', jsonb_build_object('Who', (SELECT name FROM users WHERE id = $3)), $4
			WHERE EXISTS (SELECT FROM memberships WHERE tenant_id = $1 AND user_id = $2)`, tenantID, author, userID, link(t))
		return err
	})
	return t, err
}

// Resolve marks a review comment resolved (once; resolving again changes nothing). It
// returns the comment's target.
func (s *Store) Resolve(ctx context.Context, tenantID, userID, id int64) (Target, error) {
	var t Target
	err := db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var err error
		if t, _, err = parentOf(ctx, tx, tenantID, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE review_comments SET resolved_at = now(), resolved_by = $3
			WHERE tenant_id = $1 AND id = $2 AND resolved_at IS NULL`, tenantID, id, userID)
		return err
	})
	return t, err
}
