-- +goose Up
-- An action built from a cluster remembers the cluster, so building the plan from the same
-- cluster again adds nothing, even after the action was renamed. Actions made before this
-- migration have no cluster; for them the plan still goes by the cluster's name.
ALTER TABLE actions ADD COLUMN cluster_id bigint;
ALTER TABLE actions ADD CONSTRAINT actions_cluster_fk FOREIGN KEY (tenant_id, cluster_id)
    REFERENCES clusters (tenant_id, id) ON DELETE SET NULL (cluster_id);
CREATE UNIQUE INDEX actions_plan_cluster_idx ON actions (tenant_id, plan_id, cluster_id) WHERE cluster_id IS NOT NULL;

-- +goose Down
DROP INDEX actions_plan_cluster_idx;
ALTER TABLE actions DROP CONSTRAINT actions_cluster_fk;
ALTER TABLE actions DROP COLUMN cluster_id;
