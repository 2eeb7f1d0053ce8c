-- +goose Up
-- The audit trail, set-based: one trigger per statement writes a row per changed record
-- from the statement's transition tables, so importing thousands of recommendations
-- records each of them without running a function per row.
DROP TRIGGER recommendations_audit ON recommendations;
DROP TRIGGER clusters_audit ON clusters;
DROP TRIGGER entities_audit ON entities;
DROP FUNCTION audit_row();

-- +goose StatementBegin
CREATE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id, new_values)
    SELECT n.tenant_id, TG_TABLE_NAME, n.id, 'insert', app_user_id(), to_jsonb(n) - 'search'
    FROM new_rows n;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only the fields that changed, old and new.
    INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id, old_values, new_values)
    SELECT c.tenant_id, TG_TABLE_NAME, c.id, 'update', app_user_id(), c.old_values, c.new_values
    FROM (
        SELECT n.tenant_id, n.id,
               (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(o) - 'search') e
                 WHERE e.value IS DISTINCT FROM (to_jsonb(n) - 'search') -> e.key) AS old_values,
               (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(n) - 'search') e
                 WHERE e.value IS DISTINCT FROM (to_jsonb(o) - 'search') -> e.key) AS new_values
        FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id) c
    WHERE c.new_values IS NOT NULL;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id, old_values)
    SELECT o.tenant_id, TG_TABLE_NAME, o.id, 'delete', app_user_id(), to_jsonb(o) - 'search'
    FROM old_rows o;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['recommendations', 'clusters', 'entities'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert()', t || '_audit_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update()', t || '_audit_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete()', t || '_audit_delete', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- +goose Down
SELECT 1;
