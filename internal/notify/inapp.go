package notify

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// Notice is an in-app notification: a message ID with its data, translated when shown.
type Notice struct {
	ID        int64
	MessageID string
	Data      map[string]any
	Link      string
	Read      bool
	CreatedAt time.Time
}

// Inbox reads and marks a person's in-app notifications within a State.
type Inbox struct{ pool *pgxpool.Pool }

// NewInbox returns the inbox over the app pool.
func NewInbox(pool *pgxpool.Pool) *Inbox { return &Inbox{pool: pool} }

// Unread counts a person's unread notifications.
func (b *Inbox) Unread(ctx context.Context, tenantID, userID int64) (int, error) {
	var n int
	err := db.InTenant(ctx, b.pool, tenantID, userID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL`,
			tenantID, userID).Scan(&n)
	})
	return n, err
}

// Recent lists a person's newest notifications.
func (b *Inbox) Recent(ctx context.Context, tenantID, userID int64, limit int) ([]Notice, error) {
	var out []Notice
	err := db.InTenant(ctx, b.pool, tenantID, userID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, message_id, data, link, read_at IS NOT NULL, created_at FROM notifications
			WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`, tenantID, userID, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Notice, error) {
			var n Notice
			err := r.Scan(&n.ID, &n.MessageID, &n.Data, &n.Link, &n.Read, &n.CreatedAt)
			return n, err
		})
		return err
	})
	return out, err
}

// MarkAllRead marks every notification of the person as read.
func (b *Inbox) MarkAllRead(ctx context.Context, tenantID, userID int64) error {
	return db.InTenant(ctx, b.pool, tenantID, userID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE notifications SET read_at = now() WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL`, tenantID, userID)
		return err
	})
}
