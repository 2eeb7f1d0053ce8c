-- +goose Up
-- When a password changes, sessions started before it end (a stolen session does not
-- survive the reset that was meant to lock the thief out).
ALTER TABLE users ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

-- +goose Down
ALTER TABLE users DROP COLUMN password_changed_at;
