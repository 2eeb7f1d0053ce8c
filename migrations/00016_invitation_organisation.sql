-- +goose Up
-- An invitation to a civil-society member may name the organisation they speak for; on
-- acceptance the new membership is linked to it (organisation_members), so consultations
-- open to chosen organisations reach them. Other roles belong to no organisation.
ALTER TABLE invitations ADD COLUMN organisation_id bigint;
ALTER TABLE invitations ADD CONSTRAINT invitations_organisation_fkey
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE SET NULL (organisation_id);
ALTER TABLE invitations ADD CONSTRAINT invitations_organisation_role_check
    CHECK (organisation_id IS NULL OR role = 'civil_society');
CREATE INDEX invitations_organisation_idx ON invitations (tenant_id, organisation_id) WHERE organisation_id IS NOT NULL;

-- +goose Down
ALTER TABLE invitations DROP COLUMN organisation_id;
