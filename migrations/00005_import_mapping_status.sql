-- +goose Up
-- A generic CSV/XLSX file waits in 'mapping' until staff say which column holds what.
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
    CHECK (status IN ('mapping', 'previewed', 'queued', 'running', 'done', 'failed', 'cancelled'));

-- +goose Down
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
    CHECK (status IN ('previewed', 'queued', 'running', 'done', 'failed', 'cancelled'));
