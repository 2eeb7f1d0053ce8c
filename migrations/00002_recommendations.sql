-- +goose Up
-- The recommendations database: documents, recommendations, clusters, entities and
-- who is responsible, imports, saved views, and the audit trail.

-- Vocabulary grown by imports (UHRI themes and affected persons), shared by every State.
-- names holds translations by language code; the key is the name as imports write it.
CREATE TABLE vocabulary (
    kind  text NOT NULL CHECK (kind IN ('theme', 'affected_person')),
    name  text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    names jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (kind, name)
);

-- The State's responsible bodies.
CREATE TABLE entities (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    acronym    text NOT NULL DEFAULT '',
    kind       text NOT NULL CHECK (kind IN ('ministry', 'specialised_body', 'parliament', 'judiciary', 'local_government', 'other')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

-- A focal point belongs to an entity.
ALTER TABLE memberships ADD COLUMN entity_id bigint;
ALTER TABLE memberships ADD FOREIGN KEY (tenant_id, entity_id) REFERENCES entities (tenant_id, id);
ALTER TABLE invitations ADD COLUMN entity_id bigint;
ALTER TABLE invitations ADD FOREIGN KEY (tenant_id, entity_id) REFERENCES entities (tenant_id, id);

-- A document a mechanism addressed to the State: a UPR working group report, concluding
-- observations, a country-visit report. doc_key identifies it across imports: the symbol
-- when known, else mechanism, body and session.
CREATE TABLE documents (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    doc_key    text NOT NULL,
    mechanism  text NOT NULL CHECK (mechanism IN ('upr', 'treaty_body', 'special_procedure', 'regional')),
    body       text NOT NULL,
    symbol     text NOT NULL DEFAULT '',
    published  date,
    cycle      int CHECK (cycle BETWEEN 1 AND 20),
    session    int CHECK (session BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, doc_key)
);

CREATE TABLE recommendations (
    tenant_id          bigint NOT NULL REFERENCES tenants (id),
    id                 bigint GENERATED ALWAYS AS IDENTITY,
    document_id        bigint NOT NULL,
    paragraph          text NOT NULL DEFAULT '',
    text               text NOT NULL CHECK (length(text) > 0),
    language           text NOT NULL DEFAULT 'en' CHECK (language IN ('ar','en','es','fr','ru','zh')),
    translations       jsonb NOT NULL DEFAULT '{}',
    type               text NOT NULL DEFAULT 'recommendation' CHECK (type IN ('recommendation', 'concern', 'pledge')),
    position           text NOT NULL DEFAULT '' CHECK (position IN ('', 'supported', 'noted', 'partially_supported')),
    position_source    text NOT NULL DEFAULT '',
    action_category    smallint CHECK (action_category BETWEEN 1 AND 5),
    recommending_states text[] NOT NULL DEFAULT '{}',
    themes             text[] NOT NULL DEFAULT '{}',
    affected_persons   text[] NOT NULL DEFAULT '{}',
    sdg_targets        text[] NOT NULL DEFAULT '{}',
    -- OECD DAC-style gender marker: 0 not targeted, 1 significant objective, 2 principal objective.
    gender_marker      smallint CHECK (gender_marker BETWEEN 0 AND 2),
    follow_up          boolean NOT NULL DEFAULT false,
    follow_up_due      date,
    external_id        text,
    content_hash       text NOT NULL,
    source_hash        text NOT NULL,
    version            int NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- Language-aware search: stemming for English, French, Spanish and Russian, plain
    -- words for Arabic and Chinese.
    search tsvector GENERATED ALWAYS AS (
        CASE language
            WHEN 'en' THEN to_tsvector('english', text)
            WHEN 'fr' THEN to_tsvector('french', text)
            WHEN 'es' THEN to_tsvector('spanish', text)
            WHEN 'ru' THEN to_tsvector('russian', text)
            ELSE to_tsvector('simple', text)
        END) STORED,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id)
);
-- The three ways a re-import recognises a recommendation it has seen.
CREATE UNIQUE INDEX recommendations_external_idx ON recommendations (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX recommendations_paragraph_idx ON recommendations (tenant_id, document_id, paragraph) WHERE paragraph <> '';
CREATE UNIQUE INDEX recommendations_hash_idx ON recommendations (tenant_id, document_id, content_hash);
CREATE INDEX recommendations_search_idx ON recommendations USING gin (search);
CREATE INDEX recommendations_themes_idx ON recommendations USING gin (themes);
CREATE INDEX recommendations_persons_idx ON recommendations USING gin (affected_persons);
CREATE INDEX recommendations_sdg_idx ON recommendations USING gin (sdg_targets);
CREATE INDEX recommendations_states_idx ON recommendations USING gin (recommending_states);

CREATE TABLE clusters (
    tenant_id      bigint NOT NULL REFERENCES tenants (id),
    id             bigint GENERATED ALWAYS AS IDENTITY,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '',
    lead_entity_id bigint,
    position       int NOT NULL DEFAULT 0,
    version        int NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name),
    FOREIGN KEY (tenant_id, lead_entity_id) REFERENCES entities (tenant_id, id)
);

CREATE TABLE cluster_recommendations (
    tenant_id         bigint NOT NULL REFERENCES tenants (id),
    cluster_id        bigint NOT NULL,
    recommendation_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, cluster_id, recommendation_id),
    FOREIGN KEY (tenant_id, cluster_id) REFERENCES clusters (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recommendation_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX cluster_recommendations_rec_idx ON cluster_recommendations (tenant_id, recommendation_id);

-- Responsibility set directly on a recommendation; a cluster's lead entity applies to
-- its recommendations that have no lead of their own.
CREATE TABLE recommendation_entities (
    tenant_id         bigint NOT NULL REFERENCES tenants (id),
    recommendation_id bigint NOT NULL,
    entity_id         bigint NOT NULL,
    role              text NOT NULL CHECK (role IN ('lead', 'supporting')),
    PRIMARY KEY (tenant_id, recommendation_id, entity_id),
    FOREIGN KEY (tenant_id, recommendation_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, entity_id) REFERENCES entities (tenant_id, id)
);
CREATE UNIQUE INDEX recommendation_entities_one_lead ON recommendation_entities (tenant_id, recommendation_id) WHERE role = 'lead';
CREATE INDEX recommendation_entities_entity_idx ON recommendation_entities (tenant_id, entity_id);

-- Recommendations that voice the same concern (across mechanisms or cycles).
CREATE TABLE recommendation_relations (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    a_id       bigint NOT NULL,
    b_id       bigint NOT NULL CHECK (a_id < b_id),
    status     text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
    score      real NOT NULL DEFAULT 0,
    decided_by bigint REFERENCES users (id),
    PRIMARY KEY (tenant_id, a_id, b_id),
    FOREIGN KEY (tenant_id, a_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, b_id) REFERENCES recommendations (tenant_id, id) ON DELETE CASCADE
);

-- One import: the uploaded file, its preview and its outcome. The file stays here (not on
-- a server's disk) so any server can run the import job.
CREATE TABLE imports (
    tenant_id   bigint NOT NULL REFERENCES tenants (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    user_id     bigint REFERENCES users (id),
    filename    text NOT NULL,
    format      text NOT NULL,
    mapping     jsonb,
    file        bytea,
    status      text NOT NULL DEFAULT 'previewed' CHECK (status IN ('previewed', 'queued', 'running', 'done', 'failed', 'cancelled')),
    skip_errors boolean NOT NULL DEFAULT false,
    rows_total  int NOT NULL DEFAULT 0,
    rows_done   int NOT NULL DEFAULT 0,
    new_count       int NOT NULL DEFAULT 0,
    updated_count   int NOT NULL DEFAULT 0,
    unchanged_count int NOT NULL DEFAULT 0,
    skipped_count   int NOT NULL DEFAULT 0,
    error_count     int NOT NULL DEFAULT 0,
    errors      jsonb NOT NULL DEFAULT '[]',
    failure     text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- Column mappings for generic CSV/XLSX files, saved per State.
CREATE TABLE import_mappings (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL,
    mapping    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

-- A person's saved filters on the recommendations list.
CREATE TABLE saved_views (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    user_id    bigint NOT NULL REFERENCES users (id),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    query      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, name)
);

-- The audit trail: who changed what, when, with old and new values. Written by triggers
-- that read app.user_id; the app role may add to it and read it, never change it.
CREATE TABLE audit_log (
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    table_name text NOT NULL,
    row_id     bigint NOT NULL,
    action     text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    user_id    bigint,
    at         timestamptz NOT NULL DEFAULT now(),
    old_values jsonb,
    new_values jsonb,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_row_idx ON audit_log (tenant_id, table_name, row_id, at);

-- +goose StatementBegin
CREATE FUNCTION audit_row() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    old_j jsonb;
    new_j jsonb;
    rec_tenant bigint;
    rec_id bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_j := to_jsonb(OLD) - 'search' - 'file';
        rec_tenant := OLD.tenant_id;
        rec_id := OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_j := to_jsonb(NEW) - 'search' - 'file';
        rec_tenant := NEW.tenant_id;
        rec_id := NEW.id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- Keep only what changed.
        SELECT jsonb_object_agg(key, value) INTO new_j FROM jsonb_each(new_j) n WHERE NOT (old_j ? key AND old_j -> key = n.value);
        SELECT jsonb_object_agg(key, value) INTO old_j FROM jsonb_each(old_j) o WHERE new_j ? key;
        IF new_j IS NULL THEN
            RETURN NEW;
        END IF;
    END IF;
    INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id, old_values, new_values)
    VALUES (rec_tenant, TG_TABLE_NAME, rec_id, lower(TG_OP), app_user_id(), old_j, new_j);
    RETURN COALESCE(NEW, OLD);
END $$;
-- +goose StatementEnd

CREATE TRIGGER recommendations_audit AFTER INSERT OR UPDATE OR DELETE ON recommendations
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER clusters_audit AFTER INSERT OR UPDATE OR DELETE ON clusters
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER entities_audit AFTER INSERT OR UPDATE OR DELETE ON entities
    FOR EACH ROW EXECUTE FUNCTION audit_row();

-- Row-level security on every tenant table.
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entities', 'documents', 'recommendations', 'clusters', 'cluster_recommendations',
        'recommendation_entities', 'recommendation_relations', 'imports', 'import_mappings', 'saved_views', 'audit_log'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
    END LOOP;
END $$;
-- +goose StatementEnd

GRANT SELECT, INSERT, UPDATE, DELETE ON entities, documents, recommendations, clusters, cluster_recommendations,
    recommendation_entities, recommendation_relations, imports, import_mappings, saved_views TO nmrf_app;
GRANT SELECT, INSERT, UPDATE ON vocabulary TO nmrf_app;
GRANT SELECT, INSERT ON audit_log TO nmrf_app;

-- +goose Down
DROP TABLE audit_log, saved_views, import_mappings, imports, recommendation_relations, recommendation_entities,
    cluster_recommendations, clusters, recommendations, documents, vocabulary CASCADE;
ALTER TABLE invitations DROP COLUMN entity_id;
ALTER TABLE memberships DROP COLUMN entity_id;
DROP TABLE entities;
DROP FUNCTION audit_row();
