-- +goose Up
-- Closed consultations whose report staff published, of a State whose portal is on. Like
-- the other public_* views (00013), this is the only way the portal reads consultations:
-- a report not published, or of a State whose portal is off, is not in it. The report's
-- comments are read for the consultations listed here only; their attached documents are
-- never public.
CREATE VIEW public_consultations WITH (security_invoker = true) AS
SELECT c.tenant_id, c.id, c.title, c.explanation, c.subject_kind, c.opens_at, c.closes_at, c.report_published_at
FROM consultations c JOIN public_states s ON s.tenant_id = c.tenant_id
WHERE c.report_published_at IS NOT NULL;

GRANT SELECT ON public_consultations TO nmrf_app;

-- +goose Down
DROP VIEW public_consultations;
