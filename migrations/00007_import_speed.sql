-- +goose Up
-- Bulk imports write hundreds of thousands of recommendations; two costs per row go:
-- the foreign key to tenants is implied by the one to documents (tenant_id, document_id),
-- and an inserted row's audit entry records the insert without copying the row, which
-- stays in the table (its first change's old values keep what it was).
ALTER TABLE recommendations DROP CONSTRAINT recommendations_tenant_id_fkey;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, row_id, action, user_id)
    SELECT n.tenant_id, TG_TABLE_NAME, n.id, 'insert', app_user_id()
    FROM new_rows n;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE recommendations ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id);
