-- +goose Up
-- The NHRI's own assessment of each recommendation's implementation status; OHCHR
-- advisers' access as dated, revocable grants; advisers' review comments on the plan, an
-- action or an indicator, with staff replies.

CREATE TABLE nhri_assessments (
    tenant_id         bigint NOT NULL REFERENCES tenants (id),
    id                bigint GENERATED ALWAYS AS IDENTITY,
    recommendation_id bigint NOT NULL,
    status            text NOT NULL
                      CHECK (status IN ('not_started', 'in_progress', 'partially_implemented', 'fully_implemented', 'not_implementable')),
    comment           text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    version           int NOT NULL DEFAULT 1,
    updated_by        bigint REFERENCES users (id),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, recommendation_id),
    FOREIGN KEY (tenant_id, recommendation_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE
);

-- A grant gives a person with the role ohchr_adviser access to the State from starts_on
-- to ends_on (both included, UTC dates) unless revoked. user_id is empty while the
-- invitation sent to email is not yet accepted.
CREATE TABLE adviser_grants (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    email      text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    user_id    bigint REFERENCES users (id),
    starts_on  date NOT NULL,
    ends_on    date NOT NULL,
    note       text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    granted_by bigint REFERENCES users (id),
    granted_at timestamptz NOT NULL DEFAULT now(),
    revoked_by bigint REFERENCES users (id),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX adviser_grants_user_idx ON adviser_grants (tenant_id, user_id);
CREATE INDEX adviser_grants_email_idx ON adviser_grants (tenant_id, email);

-- Whether a person holds a grant current today in a State. Membership resolution calls
-- it, so an adviser outside every grant is treated as no member at all.
-- +goose StatementBegin
CREATE FUNCTION adviser_grant_current(tenant bigint, person bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT FROM adviser_grants g
                   WHERE g.tenant_id = tenant AND g.user_id = person AND g.revoked_at IS NULL
                     AND g.starts_on <= (now() AT TIME ZONE 'UTC')::date
                     AND g.ends_on >= (now() AT TIME ZONE 'UTC')::date)
$$;
-- +goose StatementEnd

-- An adviser's review comment, or a reply to one (parent_id), on exactly one of the
-- plan, an action or an indicator. Only the State's staff and current advisers read them.
CREATE TABLE review_comments (
    tenant_id    bigint NOT NULL REFERENCES tenants (id),
    id           bigint GENERATED ALWAYS AS IDENTITY,
    plan_id      bigint,
    action_id    bigint,
    indicator_id bigint,
    parent_id    bigint,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    author_id    bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolved_by  bigint REFERENCES users (id),
    resolved_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plans (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, action_id) REFERENCES actions (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parent_id) REFERENCES review_comments (tenant_id, id) ON DELETE CASCADE,
    CHECK (num_nonnulls(plan_id, action_id, indicator_id) = 1)
);
CREATE INDEX review_comments_plan_idx ON review_comments (tenant_id, plan_id);
CREATE INDEX review_comments_action_idx ON review_comments (tenant_id, action_id);
CREATE INDEX review_comments_indicator_idx ON review_comments (tenant_id, indicator_id);
CREATE INDEX review_comments_parent_idx ON review_comments (tenant_id, parent_id);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['nhri_assessments', 'adviser_grants', 'review_comments'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO nmrf_app', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert()', t || '_audit_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update()', t || '_audit_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete()', t || '_audit_delete', t);
    END LOOP;
END $$;
-- +goose StatementEnd

CREATE POLICY tenant_isolation ON nhri_assessments USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY tenant_isolation ON review_comments USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
-- Like memberships: a person also sees their own grants in every State, so the list of
-- their States can leave out those whose grant is not current.
CREATE POLICY tenant_isolation ON adviser_grants
    USING (tenant_id = app_tenant_id() OR user_id = app_user_id())
    WITH CHECK (tenant_id = app_tenant_id());

GRANT EXECUTE ON FUNCTION adviser_grant_current(bigint, bigint) TO nmrf_app;

-- +goose Down
DROP TABLE review_comments, adviser_grants, nhri_assessments;
DROP FUNCTION adviser_grant_current(bigint, bigint);
