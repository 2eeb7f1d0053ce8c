-- +goose Up
-- A State's time zone (an IANA name such as America/Santiago): consultations open and
-- close, and pages and emails show times, on the State's own clock. The application
-- checks the name against the time zone database it embeds; existing States keep UTC.
ALTER TABLE tenants ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'
    CHECK (time_zone <> '' AND length(time_zone) <= 64);

-- Who changed a State's time zone, and from what: every later time depends on it. The
-- generic audit functions read tenant_id from the row, which tenants does not have.
-- +goose StatementBegin
CREATE FUNCTION audit_tenant_time_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id, old_values, new_values)
    VALUES (NEW.id, 'tenants', NEW.id, 'update', app_user_id(),
            jsonb_build_object('time_zone', OLD.time_zone), jsonb_build_object('time_zone', NEW.time_zone));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER tenants_time_zone_audit AFTER UPDATE OF time_zone ON tenants
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION audit_tenant_time_zone();

-- +goose Down
DROP TRIGGER tenants_time_zone_audit ON tenants;
DROP FUNCTION audit_tenant_time_zone();
ALTER TABLE tenants DROP COLUMN time_zone;
