-- +goose Up
-- The foundation: States (tenants), people, their memberships, sessions, invitations,
-- password resets and the outbox of every email.
--
-- Roles: this migration runs as the owner role. The server connects as (a member of)
-- the role nmrf_app, which owns nothing and is subject to row-level security.

-- The current tenant and acting user, set per transaction with set_config(..., true).
CREATE FUNCTION app_tenant_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint $$;

CREATE FUNCTION app_user_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$;

-- A State using the platform. Not tenant-owned: it is the tenant.
CREATE TABLE tenants (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{3}$'),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    default_language text NOT NULL DEFAULT 'en' CHECK (default_language IN ('ar','en','es','fr','ru','zh')),
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- People. Global: one person may work for several States.
CREATE TABLE users (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email             text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    password_hash     text,
    language          text CHECK (language IN ('ar','en','es','fr','ru','zh')),
    is_platform_admin boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (email)
);

-- A person's role in one State.
CREATE TABLE memberships (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    user_id    bigint NOT NULL REFERENCES users (id),
    role       text NOT NULL CHECK (role IN ('nmrf_admin','nmrf_staff','focal_point','nhri','civil_society','ohchr_adviser')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id, tenant_id);

-- scs pgxstore sessions.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- An invitation to join a State with a role. Only a hash of the token is stored.
CREATE TABLE invitations (
    tenant_id   bigint NOT NULL REFERENCES tenants (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    email       text NOT NULL CHECK (email = lower(email)),
    name        text NOT NULL,
    role        text NOT NULL CHECK (role IN ('nmrf_admin','nmrf_staff','focal_point','nhri','civil_society','ohchr_adviser')),
    token_hash  bytea NOT NULL UNIQUE,
    invited_by  bigint REFERENCES users (id),
    language    text NOT NULL DEFAULT 'en',
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Password resets are about a person, not a State.
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- Every email the platform sends, kept whether or not SMTP is configured.
CREATE TABLE outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient  text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    kind       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    attempts   int NOT NULL DEFAULT 0,
    last_error text
);

-- Fixed-window counters for rate limits, shared by every server process.
CREATE TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         int NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- Row-level security: a tenant's rows are visible only with app.tenant_id set to it.
-- A person also sees their own memberships (to choose among their States).
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
    USING (tenant_id = app_tenant_id() OR user_id = app_user_id())
    WITH CHECK (tenant_id = app_tenant_id());

-- An invitation is also visible to whoever presents its token (the token is the capability).
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
    USING (tenant_id = app_tenant_id()
           OR token_hash = decode(NULLIF(current_setting('app.invitation_token_hash', true), ''), 'hex'))
    WITH CHECK (tenant_id = app_tenant_id()
           OR token_hash = decode(NULLIF(current_setting('app.invitation_token_hash', true), ''), 'hex'));

GRANT SELECT, INSERT, UPDATE ON tenants, users TO nmrf_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, invitations, password_resets, outbox, rate_limits TO nmrf_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO nmrf_app;
GRANT EXECUTE ON FUNCTION app_tenant_id(), app_user_id() TO nmrf_app;

-- +goose Down
DROP TABLE rate_limits, outbox, password_resets, invitations, sessions, memberships, users, tenants;
DROP FUNCTION app_user_id(), app_tenant_id();
