-- +goose Up
-- Two paragraphs of one report may carry the same words (the same request from two
-- States, numbered apart): they are different recommendations.
DROP INDEX recommendations_hash_idx;
CREATE UNIQUE INDEX recommendations_hash_idx ON recommendations (tenant_id, document_id, paragraph, content_hash);

-- +goose Down
DROP INDEX recommendations_hash_idx;
CREATE UNIQUE INDEX recommendations_hash_idx ON recommendations (tenant_id, document_id, content_hash);
