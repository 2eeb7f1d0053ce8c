-- +goose Up
-- A registration request no longer carries a password: nobody has shown yet that they own
-- the address they gave. Approval sends an invitation to that address instead, and the
-- person chooses a password through its link. Hashes kept by pending requests go too.
ALTER TABLE registrations DROP COLUMN password_hash;

-- +goose Down
ALTER TABLE registrations ADD COLUMN password_hash text;
