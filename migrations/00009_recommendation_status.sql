-- +goose Up
-- A recommendation's implementation status, in one place: the one staff set (with a
-- reason), else derived from the actions that answer it. No action yet: 'none'. None can
-- be implemented: not implementable. Every one that can be is fully implemented: fully.
-- Some fully or partially implemented: partially. Any started: in progress. Else not started.
-- security_invoker: the view reads with the caller's rights, so row-level security applies.
CREATE VIEW recommendation_status WITH (security_invoker = true) AS
SELECT r.tenant_id, r.id AS recommendation_id,
       COALESCE(r.status_override, CASE
           WHEN count(a.id) = 0 THEN 'none'
           WHEN count(a.id) FILTER (WHERE a.status <> 'not_implementable') = 0 THEN 'not_implementable'
           WHEN count(a.id) FILTER (WHERE a.status = 'fully_implemented')
                = count(a.id) FILTER (WHERE a.status <> 'not_implementable') THEN 'fully_implemented'
           WHEN count(a.id) FILTER (WHERE a.status IN ('fully_implemented', 'partially_implemented')) > 0 THEN 'partially_implemented'
           WHEN count(a.id) FILTER (WHERE a.status = 'in_progress') > 0 THEN 'in_progress'
           ELSE 'not_started' END) AS status,
       r.status_override IS NOT NULL AS set_by_staff
FROM recommendations r
LEFT JOIN action_recommendations ar ON ar.tenant_id = r.tenant_id AND ar.recommendation_id = r.id
LEFT JOIN actions a ON a.tenant_id = ar.tenant_id AND a.id = ar.action_id
GROUP BY r.tenant_id, r.id;

GRANT SELECT ON recommendation_status TO nmrf_app;

-- +goose Down
DROP VIEW recommendation_status;
