package account

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// RequestPasswordReset emails a reset link when the email belongs to a person. It
// returns nil either way, so the page cannot reveal who has an account.
func (s *Service) RequestPasswordReset(ctx context.Context, email, lang string) error {
	email = NormalizeEmail(email)
	if !validEmail(email) {
		return fault.Fields{"email": "Form.EmailInvalid"}.Err()
	}
	return db.Tx(ctx, s.pool, db.Scope{}, func(tx pgx.Tx) error {
		u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		tok, hash, err := newToken()
		if err != nil {
			return err
		}
		if u.Language != "" {
			lang = u.Language
		}
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
			hash, u.ID, s.now().Add(PasswordResetTTL)); err != nil {
			return err
		}
		loc := s.bundle.Localizer(lang)
		data := map[string]any{
			"Name":    u.Name,
			"Link":    s.link("/password/reset/" + tok),
			"Minutes": int(PasswordResetTTL / time.Minute),
		}
		return s.mail.Enqueue(ctx, tx, notify.Message{
			To:      u.Email,
			Subject: loc.T("Email.PasswordReset.Subject", data),
			Body:    loc.T("Email.PasswordReset.Body", data),
			Kind:    "password_reset",
		})
	})
}

// CheckResetToken tells whether a reset link can still be used.
func (s *Service) CheckResetToken(ctx context.Context, token string) error {
	return db.Tx(ctx, s.pool, db.Scope{}, func(tx pgx.Tx) error {
		_, err := lookupReset(ctx, tx, hashToken(token), s.now())
		return err
	})
}

func lookupReset(ctx context.Context, tx pgx.Tx, hash []byte, now time.Time) (int64, error) {
	var userID int64
	var expires time.Time
	var used *time.Time
	err := tx.QueryRow(ctx, `SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1 FOR UPDATE`, hash).
		Scan(&userID, &expires, &used)
	if err == pgx.ErrNoRows {
		return 0, fault.New(fault.NotFound, "Reset.NotFound")
	}
	if err != nil {
		return 0, err
	}
	if used != nil || !now.Before(expires) {
		return 0, fault.New(fault.Gone, "Reset.Gone")
	}
	return userID, nil
}

// ResetPassword sets a new password with a reset link, once, and invalidates every
// other reset link of that person.
func (s *Service) ResetPassword(ctx context.Context, token, password, confirm string) (User, error) {
	f := fault.Fields{}
	if len([]rune(password)) < MinPasswordLength {
		f["password"] = "Form.PasswordTooShort"
	} else if password != confirm {
		f["confirm"] = "Form.PasswordMismatch"
	}
	var user User
	err := db.Tx(ctx, s.pool, db.Scope{}, func(tx pgx.Tx) error {
		userID, err := lookupReset(ctx, tx, hashToken(token), s.now())
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		pw, err := HashPassword(password)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
			return err
		}
		user, err = scanUser(tx.QueryRow(ctx, `UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1 RETURNING `+userColumns, userID, pw))
		return err
	})
	return user, err
}
