-- +goose Up
-- The public portal and the open-data API. A State publishes its portal or not (off by
-- default); staff publish recommendations and indicators one by one; plans, actions,
-- progress reports and evidence follow rules of their own. The public_* views below are
-- the only place that says what the public may see: the portal and the API read nothing
-- else, so a query there cannot return an unpublished row.

CREATE TABLE portal_settings (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint GENERATED ALWAYS AS IDENTITY,
    published               boolean NOT NULL DEFAULT false,
    -- Prepared for the NHRI's independent assessment: shown beside the government's
    -- only when the State agrees.
    publish_nhri_assessment boolean NOT NULL DEFAULT false,
    version                 int NOT NULL DEFAULT 1,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id)
);
ALTER TABLE portal_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_settings USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON portal_settings TO nmrf_app;
CREATE TRIGGER portal_settings_audit_insert AFTER INSERT ON portal_settings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert();
CREATE TRIGGER portal_settings_audit_update AFTER UPDATE ON portal_settings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update();

-- When staff published a recommendation or an indicator; NULL: not published. The
-- existing audit triggers record every change.
ALTER TABLE recommendations ADD COLUMN published_at timestamptz;
ALTER TABLE indicators ADD COLUMN published_at timestamptz;
CREATE INDEX recommendations_published_idx ON recommendations (tenant_id, id) WHERE published_at IS NOT NULL;
CREATE INDEX indicators_published_idx ON indicators (tenant_id, id) WHERE published_at IS NOT NULL;

-- Every view reads with the caller's rights (security_invoker), so row-level security
-- still keeps each State to its own rows.

-- States whose portal is on.
CREATE VIEW public_states WITH (security_invoker = true) AS
SELECT tenant_id, publish_nhri_assessment FROM portal_settings WHERE published;

-- Recommendations staff published, of a State whose portal is on.
CREATE VIEW public_recommendations WITH (security_invoker = true) AS
SELECT r.tenant_id, r.id, r.document_id, r.paragraph, r.text, r.language, r.translations, r.type, r.position,
       r.recommending_states, r.themes, r.affected_persons, r.sdg_targets, r.gender_marker, r.follow_up,
       r.status_override, r.status_reason, r.published_at
FROM recommendations r JOIN public_states s ON s.tenant_id = r.tenant_id
WHERE r.published_at IS NOT NULL;

-- Adopted and closed plans, with their actions.
CREATE VIEW public_plans WITH (security_invoker = true) AS
SELECT p.tenant_id, p.id, p.title, p.period_start, p.period_end, p.status, p.adopted_at
FROM plans p JOIN public_states s ON s.tenant_id = p.tenant_id
WHERE p.status IN ('adopted', 'closed');

CREATE VIEW public_actions WITH (security_invoker = true) AS
SELECT a.tenant_id, a.id, a.plan_id, a.title, a.description, a.outcome, a.lead_entity_id, a.start_date, a.due_date,
       a.status, a.status_reason, a.gender_marker, a.updated_at
FROM actions a JOIN public_plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id;

-- Links between public things only.
CREATE VIEW public_action_recommendations WITH (security_invoker = true) AS
SELECT ar.tenant_id, ar.action_id, ar.recommendation_id
FROM action_recommendations ar
JOIN public_actions a ON a.tenant_id = ar.tenant_id AND a.id = ar.action_id
JOIN public_recommendations r ON r.tenant_id = ar.tenant_id AND r.id = ar.recommendation_id;

-- A published recommendation's status: the one staff set, else derived as in
-- recommendation_status, but from public actions only, so a draft plan leaves no trace.
CREATE VIEW public_recommendation_status WITH (security_invoker = true) AS
SELECT r.tenant_id, r.id AS recommendation_id,
       COALESCE(r.status_override, CASE
           WHEN count(a.id) = 0 THEN 'none'
           WHEN count(a.id) FILTER (WHERE a.status <> 'not_implementable') = 0 THEN 'not_implementable'
           WHEN count(a.id) FILTER (WHERE a.status = 'fully_implemented')
                = count(a.id) FILTER (WHERE a.status <> 'not_implementable') THEN 'fully_implemented'
           WHEN count(a.id) FILTER (WHERE a.status IN ('fully_implemented', 'partially_implemented')) > 0 THEN 'partially_implemented'
           WHEN count(a.id) FILTER (WHERE a.status = 'in_progress') > 0 THEN 'in_progress'
           ELSE 'not_started' END) AS status
FROM public_recommendations r
LEFT JOIN public_action_recommendations ar ON ar.tenant_id = r.tenant_id AND ar.recommendation_id = r.id
LEFT JOIN public_actions a ON a.tenant_id = ar.tenant_id AND a.id = ar.action_id
GROUP BY r.tenant_id, r.id, r.status_override;

-- Clusters that hold at least one public recommendation, and only those links.
CREATE VIEW public_cluster_recommendations WITH (security_invoker = true) AS
SELECT cr.tenant_id, cr.cluster_id, cr.recommendation_id
FROM cluster_recommendations cr
JOIN public_recommendations r ON r.tenant_id = cr.tenant_id AND r.id = cr.recommendation_id;

CREATE VIEW public_clusters WITH (security_invoker = true) AS
SELECT c.tenant_id, c.id, c.name, c.description, c.lead_entity_id, c.position
FROM clusters c
WHERE EXISTS (SELECT FROM public_cluster_recommendations cr WHERE cr.tenant_id = c.tenant_id AND cr.cluster_id = c.id);

-- Indicators staff published, with all their values.
CREATE VIEW public_indicators WITH (security_invoker = true) AS
SELECT i.tenant_id, i.id, i.title, i.type, i.unit, i.direction, i.baseline_value, i.baseline_date, i.target_value,
       i.target_date, i.data_source, i.source_entity_id, i.disaggregations, i.sdg_indicator, i.published_at
FROM indicators i JOIN public_states s ON s.tenant_id = i.tenant_id
WHERE i.published_at IS NOT NULL;

CREATE VIEW public_measurements WITH (security_invoker = true) AS
SELECT m.tenant_id, m.id, m.indicator_id, m.period, m.disaggregation, m.value, m.source, m.note
FROM measurements m JOIN public_indicators i ON i.tenant_id = m.tenant_id AND i.id = m.indicator_id;

CREATE VIEW public_indicator_actions WITH (security_invoker = true) AS
SELECT ia.tenant_id, ia.indicator_id, ia.action_id
FROM indicator_actions ia
JOIN public_indicators i ON i.tenant_id = ia.tenant_id AND i.id = ia.indicator_id
JOIN public_actions a ON a.tenant_id = ia.tenant_id AND a.id = ia.action_id;

-- Progress reports whose status is published, about something public.
CREATE VIEW public_reports WITH (security_invoker = true) AS
SELECT pr.tenant_id, pr.id, pr.action_id, pr.recommendation_id, pr.indicator_id, pr.entity_id, pr.period,
       pr.done_text, pr.proposed_status, pr.evidence_public, pr.updated_at
FROM progress_reports pr
WHERE pr.status = 'published'
  AND (EXISTS (SELECT FROM public_actions a WHERE a.tenant_id = pr.tenant_id AND a.id = pr.action_id)
    OR EXISTS (SELECT FROM public_recommendations r WHERE r.tenant_id = pr.tenant_id AND r.id = pr.recommendation_id)
    OR EXISTS (SELECT FROM public_indicators i WHERE i.tenant_id = pr.tenant_id AND i.id = pr.indicator_id));

-- Evidence only of a public report that marks its evidence public.
CREATE VIEW public_evidence WITH (security_invoker = true) AS
SELECT e.tenant_id, e.id, e.report_id, e.filename, e.content_type, e.size, e.data, e.url, e.created_at
FROM evidence e JOIN public_reports r ON r.tenant_id = e.tenant_id AND r.id = e.report_id
WHERE r.evidence_public;

GRANT SELECT ON public_states, public_recommendations, public_plans, public_actions, public_action_recommendations,
    public_recommendation_status, public_cluster_recommendations, public_clusters, public_indicators,
    public_measurements, public_indicator_actions, public_reports, public_evidence TO nmrf_app;

-- +goose Down
DROP VIEW public_evidence, public_reports, public_indicator_actions, public_measurements, public_indicators,
    public_clusters, public_cluster_recommendations, public_recommendation_status, public_action_recommendations,
    public_actions, public_plans, public_recommendations, public_states;
DROP INDEX indicators_published_idx;
DROP INDEX recommendations_published_idx;
ALTER TABLE indicators DROP COLUMN published_at;
ALTER TABLE recommendations DROP COLUMN published_at;
DROP TABLE portal_settings;
