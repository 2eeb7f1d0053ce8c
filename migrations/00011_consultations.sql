-- +goose Up
-- Consultations with the NHRI and civil society: civil-society organisations and who
-- belongs to them, requests to register, consultations on a plan, a progress report or the
-- recommendations of a review, and the comments made during them with the NMRF's answers.

CREATE TABLE organisations (
    tenant_id     bigint NOT NULL REFERENCES tenants (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    kind          text NOT NULL CHECK (kind IN ('ngo', 'association', 'trade_union', 'academic', 'media', 'other')),
    contact_email text NOT NULL CHECK (contact_email = lower(contact_email) AND contact_email LIKE '%_@_%'),
    contact_phone text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 50),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX organisations_name_idx ON organisations (tenant_id, lower(name));

-- The organisation a civil-society member speaks for; it goes with the membership.
CREATE TABLE organisation_members (
    tenant_id       bigint NOT NULL,
    user_id         bigint NOT NULL,
    organisation_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX organisation_members_org_idx ON organisation_members (tenant_id, organisation_id);

-- A person's request to join a State as a member of a civil-society organisation, new or
-- already approved. The password is kept only as its hash, and only until the decision.
CREATE TABLE registrations (
    tenant_id       bigint NOT NULL REFERENCES tenants (id),
    id              bigint GENERATED ALWAYS AS IDENTITY,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email           text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    password_hash   text,
    language        text NOT NULL DEFAULT 'en' CHECK (language IN ('ar','en','es','fr','ru','zh')),
    organisation_id bigint NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason          text NOT NULL DEFAULT '',
    decided_by      bigint REFERENCES users (id),
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX registrations_status_idx ON registrations (tenant_id, status);
CREATE INDEX registrations_org_idx ON registrations (tenant_id, organisation_id);

CREATE TABLE consultations (
    tenant_id    bigint NOT NULL REFERENCES tenants (id),
    id           bigint GENERATED ALWAYS AS IDENTITY,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    explanation  text NOT NULL DEFAULT '',
    -- What is consulted on: a plan (all of it or chosen clusters), a progress report, or
    -- the recommendations of one review (a document).
    subject_kind text NOT NULL CHECK (subject_kind IN ('plan', 'report', 'document')),
    plan_id      bigint,
    report_id    bigint,
    document_id  bigint,
    -- Who is invited besides the staff and the NHRI (always): nobody else, every
    -- civil-society member, the members of chosen organisations, or every member.
    audience     text NOT NULL CHECK (audience IN ('nhri', 'civil_society', 'organisations', 'everyone')),
    opens_at     timestamptz NOT NULL,
    closes_at    timestamptz NOT NULL,
    report_published_at timestamptz,
    closing_notice_at   timestamptz, -- when the "closing soon" notice went out
    version      int NOT NULL DEFAULT 1,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plans (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, report_id) REFERENCES progress_reports (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
    CHECK (closes_at > opens_at),
    CHECK (num_nonnulls(plan_id, report_id, document_id) = 1),
    CHECK ((subject_kind = 'plan') = (plan_id IS NOT NULL) AND (subject_kind = 'report') = (report_id IS NOT NULL))
);
CREATE INDEX consultations_window_idx ON consultations (tenant_id, closes_at);
CREATE INDEX consultations_plan_idx ON consultations (tenant_id, plan_id);
CREATE INDEX consultations_report_idx ON consultations (tenant_id, report_id);
CREATE INDEX consultations_document_idx ON consultations (tenant_id, document_id);

-- The clusters a consultation on a plan is limited to; none means the whole plan.
CREATE TABLE consultation_clusters (
    tenant_id       bigint NOT NULL,
    consultation_id bigint NOT NULL,
    cluster_id      bigint NOT NULL,
    PRIMARY KEY (tenant_id, consultation_id, cluster_id),
    FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, cluster_id) REFERENCES clusters (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consultation_clusters_cluster_idx ON consultation_clusters (tenant_id, cluster_id);

-- The organisations invited when the audience is 'organisations'.
CREATE TABLE consultation_organisations (
    tenant_id       bigint NOT NULL,
    consultation_id bigint NOT NULL,
    organisation_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, consultation_id, organisation_id),
    FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consultation_organisations_org_idx ON consultation_organisations (tenant_id, organisation_id);

-- A comment on one item in a consultation's scope, or a reply to a comment (one level).
-- A hidden comment keeps its text; the NMRF's answer sits on the comment it answers.
CREATE TABLE consultation_comments (
    tenant_id       bigint NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    consultation_id bigint NOT NULL,
    parent_id       bigint,
    item_kind       text NOT NULL CHECK (item_kind IN ('whole', 'cluster', 'action', 'recommendation')),
    item_id         bigint NOT NULL DEFAULT 0,
    author_id       bigint NOT NULL REFERENCES users (id),
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    hidden_at       timestamptz,
    hidden_by       bigint REFERENCES users (id),
    hidden_reason   text NOT NULL DEFAULT '',
    outcome         text CHECK (outcome IN ('taken_into_account', 'partly', 'not_taken_into_account')),
    answer          text NOT NULL DEFAULT '',
    answered_by     bigint REFERENCES users (id),
    answered_at     timestamptz,
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parent_id) REFERENCES consultation_comments (tenant_id, id) ON DELETE CASCADE,
    CHECK ((hidden_at IS NULL) = (hidden_reason = '')),
    CHECK ((outcome IS NULL) = (answered_at IS NULL))
);
CREATE INDEX consultation_comments_consultation_idx ON consultation_comments (tenant_id, consultation_id, item_kind, item_id);
CREATE INDEX consultation_comments_parent_idx ON consultation_comments (tenant_id, parent_id);

-- The one document a comment may carry, apart from the comment so the audit trail never
-- copies its bytes.
CREATE TABLE consultation_files (
    tenant_id    bigint NOT NULL,
    comment_id   bigint NOT NULL,
    filename     text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    data         bytea NOT NULL,
    PRIMARY KEY (tenant_id, comment_id),
    FOREIGN KEY (tenant_id, comment_id) REFERENCES consultation_comments (tenant_id, id) ON DELETE CASCADE
);

CREATE TRIGGER organisations_audit_insert AFTER INSERT ON organisations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER organisations_audit_update AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER consultations_audit_insert AFTER INSERT ON consultations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER consultations_audit_update AFTER UPDATE ON consultations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER consultations_audit_delete AFTER DELETE ON consultations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete();
CREATE TRIGGER consultation_comments_audit_insert AFTER INSERT ON consultation_comments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER consultation_comments_audit_update AFTER UPDATE ON consultation_comments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER consultation_comments_audit_delete AFTER DELETE ON consultation_comments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete();

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organisations', 'organisation_members', 'registrations', 'consultations',
        'consultation_clusters', 'consultation_organisations', 'consultation_comments', 'consultation_files'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO nmrf_app', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE consultation_files, consultation_comments, consultation_organisations, consultation_clusters,
    consultations, registrations, organisation_members, organisations;
