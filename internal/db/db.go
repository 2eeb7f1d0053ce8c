// Package db holds the connection pool and the one way to run SQL for a request: a
// transaction that carries the tenant and the acting user for row-level security.
package db

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Open connects a pool and checks that the server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "nmrf"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("reach database: %w", err)
	}
	return pool, nil
}

// Scope says on whose behalf a transaction runs. Zero values mean "not set": with no
// tenant, every tenant-owned table shows zero rows.
type Scope struct {
	TenantID int64
	UserID   int64
	// InvitationTokenHash lets the holder of an invitation link see that one invitation.
	InvitationTokenHash []byte
}

// Tx runs fn in a transaction whose app.tenant_id and app.user_id settings are local to
// it (set_config(..., true)), so a pooled connection never carries them to another request.
func Tx(ctx context.Context, pool *pgxpool.Pool, scope Scope, fn func(pgx.Tx) error) (err error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return Classify(fmt.Errorf("begin: %w", err))
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if _, err = tx.Exec(ctx,
		`SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
		        set_config('app.invitation_token_hash', $3, true)`,
		idString(scope.TenantID), idString(scope.UserID), fmt.Sprintf("%x", scope.InvitationTokenHash)); err != nil {
		return Classify(fmt.Errorf("set scope: %w", err))
	}
	if err = fn(tx); err != nil {
		return Classify(err)
	}
	if err = tx.Commit(ctx); err != nil {
		return Classify(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// InTenant is Tx for a request inside one State's workspace.
func InTenant(ctx context.Context, pool *pgxpool.Pool, tenantID, userID int64, fn func(pgx.Tx) error) error {
	return Tx(ctx, pool, Scope{TenantID: tenantID, UserID: userID}, fn)
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Classify maps database errors to fault kinds: no rows is NotFound, a unique or
// exclusion violation is Conflict, an unreachable server is Unavailable. Errors already
// classified pass through.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	var fe *fault.Error
	if errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fault.Wrap(fault.NotFound, "", err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505", "23P01":
			return fault.Wrap(fault.Conflict, "", err)
		case "57P01", "57P02", "57P03", "53300":
			return fault.Wrap(fault.Unavailable, "", err)
		}
		return err
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connErr) || errors.As(err, &netErr) || pgconn.SafeToRetry(err) {
		return fault.Wrap(fault.Unavailable, "", err)
	}
	return err
}
