-- +goose Up
-- The NHRI's independent assessment on the public portal: only of published
-- recommendations, and only where the State agreed to show it (portal_settings).
-- Like the other public_* views, this is the only way the portal reads assessments.
CREATE VIEW public_nhri_assessments WITH (security_invoker = true) AS
SELECT na.tenant_id, na.recommendation_id, na.status, na.comment, na.updated_at
FROM nhri_assessments na
JOIN public_recommendations r ON r.tenant_id = na.tenant_id AND r.id = na.recommendation_id
JOIN public_states s ON s.tenant_id = na.tenant_id
WHERE s.publish_nhri_assessment;

GRANT SELECT ON public_nhri_assessments TO nmrf_app;

-- +goose Down
DROP VIEW public_nhri_assessments;
