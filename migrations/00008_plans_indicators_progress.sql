-- +goose Up
-- The implementation plan (plans, actions, milestones, mechanisms' deadlines), indicators
-- and their measurements, progress reports with evidence and their workflow, in-app
-- notifications and calendar feeds.

CREATE TABLE plans (
    tenant_id     bigint NOT NULL REFERENCES tenants (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'consultation', 'adopted', 'closed')),
    adopted_at    timestamptz,
    -- The plan as adopted (its actions and links), frozen for comparison with today's.
    adopted_snapshot jsonb,
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (period_end >= period_start)
);

CREATE TABLE actions (
    tenant_id       bigint NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    plan_id         bigint NOT NULL,
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description     text NOT NULL DEFAULT '',
    outcome         text NOT NULL DEFAULT '',
    lead_entity_id  bigint,
    start_date      date,
    due_date        date,
    budget_amount   numeric(18, 2) CHECK (budget_amount >= 0),
    budget_currency text NOT NULL DEFAULT '' CHECK (budget_currency = '' OR budget_currency ~ '^[A-Z]{3}$'),
    funding_source  text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'not_started'
                    CHECK (status IN ('not_started', 'in_progress', 'partially_implemented', 'fully_implemented', 'not_implementable')),
    status_reason   text NOT NULL DEFAULT '',
    -- How the action advances gender equality: 0 not targeted, 1 significant, 2 principal objective.
    gender_marker   smallint CHECK (gender_marker BETWEEN 0 AND 2),
    gender_note     text NOT NULL DEFAULT '',
    capacity_gaps   text NOT NULL DEFAULT '',
    assistance      text[] NOT NULL DEFAULT '{}'
                    CHECK (assistance <@ ARRAY['advisory', 'training', 'un_volunteer', 'consultant', 'facilitation', 'peer_exchange', 'other']),
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plans (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lead_entity_id) REFERENCES entities (tenant_id, id),
    CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date),
    CHECK (status <> 'not_implementable' OR status_reason <> '')
);
CREATE INDEX actions_plan_idx ON actions (tenant_id, plan_id);
CREATE INDEX actions_lead_idx ON actions (tenant_id, lead_entity_id);

CREATE TABLE action_entities (
    tenant_id bigint NOT NULL,
    action_id bigint NOT NULL,
    entity_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, action_id, entity_id),
    FOREIGN KEY (tenant_id, action_id) REFERENCES actions (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, entity_id) REFERENCES entities (tenant_id, id)
);

CREATE TABLE action_recommendations (
    tenant_id         bigint NOT NULL,
    action_id         bigint NOT NULL,
    recommendation_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, action_id, recommendation_id),
    FOREIGN KEY (tenant_id, action_id) REFERENCES actions (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recommendation_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX action_recommendations_rec_idx ON action_recommendations (tenant_id, recommendation_id);

CREATE TABLE milestones (
    tenant_id bigint NOT NULL,
    id        bigint GENERATED ALWAYS AS IDENTITY,
    action_id bigint NOT NULL,
    title     text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    due_date  date NOT NULL,
    done      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, action_id) REFERENCES actions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX milestones_action_idx ON milestones (tenant_id, action_id);

-- A recommendation's status follows its actions unless staff set it, with a reason.
ALTER TABLE recommendations ADD COLUMN status_override text
    CHECK (status_override IN ('not_started', 'in_progress', 'partially_implemented', 'fully_implemented', 'not_implementable'));
ALTER TABLE recommendations ADD COLUMN status_reason text NOT NULL DEFAULT '';

-- The mechanisms' dates in the same calendar: next UPR review, mid-term report,
-- treaty-body reports, follow-up replies.
CREATE TABLE deadlines (
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    id        bigint GENERATED ALWAYS AS IDENTITY,
    title     text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    kind      text NOT NULL CHECK (kind IN ('upr_review', 'mid_term_report', 'treaty_report', 'follow_up_reply', 'other')),
    body      text NOT NULL DEFAULT '',
    due_date  date NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- A secret, revocable iCalendar feed for a person or an entity. Only a hash of its
-- token is kept; the feed URL carries the token.
CREATE TABLE calendar_feeds (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    token_hash bytea NOT NULL UNIQUE,
    user_id    bigint REFERENCES users (id),
    entity_id  bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, entity_id) REFERENCES entities (tenant_id, id),
    CHECK ((user_id IS NULL) <> (entity_id IS NULL))
);

CREATE TABLE indicators (
    tenant_id        bigint NOT NULL REFERENCES tenants (id),
    id               bigint GENERATED ALWAYS AS IDENTITY,
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    type             text NOT NULL CHECK (type IN ('structural', 'process', 'outcome')),
    unit             text NOT NULL DEFAULT '',
    direction        text NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
    baseline_value   numeric,
    baseline_date    date,
    target_value     numeric,
    target_date      date,
    data_source      text NOT NULL DEFAULT '',
    source_entity_id bigint,
    -- The grounds it is broken down by: sex, age_group, disability, region, urban_rural, or the State's own.
    disaggregations  text[] NOT NULL DEFAULT '{}',
    sdg_indicator    text NOT NULL DEFAULT '',
    version          int NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, source_entity_id) REFERENCES entities (tenant_id, id),
    CHECK (target_date IS NULL OR baseline_date IS NULL OR target_date >= baseline_date)
);

CREATE TABLE indicator_actions (
    tenant_id    bigint NOT NULL,
    indicator_id bigint NOT NULL,
    action_id    bigint NOT NULL,
    PRIMARY KEY (tenant_id, indicator_id, action_id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, action_id) REFERENCES actions (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE indicator_recommendations (
    tenant_id         bigint NOT NULL,
    indicator_id      bigint NOT NULL,
    recommendation_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, indicator_id, recommendation_id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recommendation_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE
);

-- A value for a period and one combination of disaggregation values ({} for the total,
-- {"sex": "female"}, {"sex": "male", "age_group": "15-24"} …).
CREATE TABLE measurements (
    tenant_id      bigint NOT NULL,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    indicator_id   bigint NOT NULL,
    period         date NOT NULL,
    disaggregation jsonb NOT NULL DEFAULT '{}',
    value          numeric NOT NULL,
    source         text NOT NULL DEFAULT '',
    note           text NOT NULL DEFAULT '',
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, indicator_id, period, disaggregation),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE
);

-- A focal point's report on an action, a recommendation or an indicator, and its way
-- through draft → submitted → returned or validated → published.
CREATE TABLE progress_reports (
    tenant_id         bigint NOT NULL REFERENCES tenants (id),
    id                bigint GENERATED ALWAYS AS IDENTITY,
    action_id         bigint,
    recommendation_id bigint,
    indicator_id      bigint,
    entity_id         bigint,
    period            text NOT NULL CHECK (length(period) BETWEEN 1 AND 100),
    done_text         text NOT NULL DEFAULT '',
    proposed_status   text CHECK (proposed_status IN ('not_started', 'in_progress', 'partially_implemented', 'fully_implemented', 'not_implementable')),
    evidence_public   boolean NOT NULL DEFAULT false,
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'validated', 'published')),
    return_reason     text NOT NULL DEFAULT '',
    version           int NOT NULL DEFAULT 1,
    created_by        bigint REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, action_id) REFERENCES actions (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recommendation_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, entity_id) REFERENCES entities (tenant_id, id),
    CHECK (num_nonnulls(action_id, recommendation_id, indicator_id) = 1)
);
CREATE INDEX progress_reports_action_idx ON progress_reports (tenant_id, action_id);
CREATE INDEX progress_reports_status_idx ON progress_reports (tenant_id, status);

-- Every step of a report's workflow: who, when, from what to what, and why.
CREATE TABLE report_events (
    tenant_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    report_id   bigint NOT NULL,
    from_status text,
    to_status   text NOT NULL,
    user_id     bigint REFERENCES users (id),
    reason      text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, report_id) REFERENCES progress_reports (tenant_id, id) ON DELETE CASCADE
);

-- Evidence: a file (kept in the database, so any server can serve it) or a link.
CREATE TABLE evidence (
    tenant_id    bigint NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    report_id    bigint NOT NULL,
    filename     text NOT NULL DEFAULT '',
    content_type text NOT NULL DEFAULT '',
    size         bigint NOT NULL DEFAULT 0,
    data         bytea,
    url          text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, report_id) REFERENCES progress_reports (tenant_id, id) ON DELETE CASCADE,
    CHECK ((data IS NULL) <> (url = ''))
);

CREATE TABLE notifications (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    user_id    bigint NOT NULL REFERENCES users (id),
    message_id text NOT NULL,
    data       jsonb NOT NULL DEFAULT '{}',
    link       text NOT NULL DEFAULT '',
    read_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX notifications_user_idx ON notifications (tenant_id, user_id, read_at);

CREATE TRIGGER actions_audit_insert AFTER INSERT ON actions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER actions_audit_update AFTER UPDATE ON actions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER actions_audit_delete AFTER DELETE ON actions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete();
CREATE TRIGGER plans_audit_insert AFTER INSERT ON plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER plans_audit_update AFTER UPDATE ON plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER indicators_audit_insert AFTER INSERT ON indicators REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER indicators_audit_update AFTER UPDATE ON indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER indicators_audit_delete AFTER DELETE ON indicators REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete();
CREATE TRIGGER measurements_audit_insert AFTER INSERT ON measurements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER measurements_audit_update AFTER UPDATE ON measurements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER measurements_audit_delete AFTER DELETE ON measurements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete();
CREATE TRIGGER progress_reports_audit_insert AFTER INSERT ON progress_reports REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER progress_reports_audit_update AFTER UPDATE ON progress_reports REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();
CREATE TRIGGER progress_reports_audit_delete AFTER DELETE ON progress_reports REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete();

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['plans', 'actions', 'action_entities', 'action_recommendations', 'milestones', 'deadlines',
        'calendar_feeds', 'indicators', 'indicator_actions', 'indicator_recommendations', 'measurements',
        'progress_reports', 'report_events', 'evidence', 'notifications'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO nmrf_app', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE notifications, evidence, report_events, progress_reports, measurements, indicator_recommendations,
    indicator_actions, indicators, calendar_feeds, deadlines, milestones, action_recommendations, action_entities, actions, plans;
ALTER TABLE recommendations DROP COLUMN status_reason, DROP COLUMN status_override;
