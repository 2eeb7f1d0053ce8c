package importer

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Counts are what an import did (or, in a preview, would do).
type Counts struct {
	Rows      int // records read from the file
	New       int
	Updated   int
	Unchanged int
	Skipped   int // rows about other States
	Errors    int
	Merged    int // rows folded into another row of the same recommendation
}

// Summary is the one line the command line prints per file.
func (c Counts) Summary() string {
	return fmt.Sprintf("%d new, %d updated, %d unchanged, %d skipped (other States), %d errors", c.New, c.Updated, c.Unchanged, c.Skipped, c.Errors)
}

// chunk is how many rows go to the database in one statement.
const chunk = 2000

// existing is what the database already holds for a State, to recognise re-imports.
type existing struct {
	ID         int64
	ExternalID string
	DocumentID int64
	Paragraph  string
	Hash       string
	SourceHash string
}

// apply writes items of one State inside tx (whose app.tenant_id is that State) and
// counts what it did. progress, when set, is told how many items are done.
func apply(ctx context.Context, tx pgx.Tx, tenantID int64, items []item, c *Counts, progress func(done int)) error {
	if len(items) == 0 {
		return nil
	}
	docIDs, err := upsertDocuments(ctx, tx, tenantID, items)
	if err != nil {
		return err
	}
	if err := addVocabulary(ctx, tx, items); err != nil {
		return err
	}
	known, err := loadExisting(ctx, tx, tenantID, docIDs)
	if err != nil {
		return err
	}
	byExternal := map[string]existing{}
	byParagraph := map[string]existing{}
	byHash := map[string]existing{}
	for _, e := range known {
		if e.ExternalID != "" {
			byExternal[e.ExternalID] = e
		}
		if e.Paragraph != "" {
			byParagraph[fmt.Sprint(e.DocumentID, "|", e.Paragraph)] = e
		}
		byHash[fmt.Sprint(e.DocumentID, "|", e.Paragraph, "|", e.Hash)] = e
	}

	var inserts, updates []recordRow
	for _, it := range items {
		docID := docIDs[it.Doc.Key]
		var match existing
		var found bool
		if it.ExternalID != "" {
			match, found = byExternal[it.ExternalID]
		}
		if !found && it.Paragraph != "" {
			match, found = byParagraph[fmt.Sprint(docID, "|", it.Paragraph)]
		}
		if !found {
			match, found = byHash[fmt.Sprint(docID, "|", it.Paragraph, "|", it.ContentHash)]
		}
		if found && it.ExternalID != "" && match.ExternalID != "" && match.ExternalID != it.ExternalID {
			// Another annotation of the index at the same place: a different recommendation.
			found = false
		}
		src := it.sourceHash()
		row := recordRow{
			DocumentID: docID, Paragraph: it.Paragraph, Text: it.Text, Language: it.Language, Type: it.Type,
			Position: it.Position, PositionSource: it.PositionSource, ActionCategory: nullInt(it.ActionCategory),
			Recommending: nonNil(it.Recommending), Themes: nonNil(it.Themes), Persons: nonNil(it.Persons),
			SDGs: nonNil(it.SDGs), ExternalID: nullString(it.ExternalID), ContentHash: it.ContentHash, SourceHash: src,
		}
		switch {
		case !found:
			c.New++
			inserts = append(inserts, row)
			// A later row of this file with the same key is the same recommendation.
			e := existing{ID: -1, ExternalID: it.ExternalID, DocumentID: docID, Paragraph: it.Paragraph, Hash: it.ContentHash, SourceHash: src}
			if e.ExternalID != "" {
				byExternal[e.ExternalID] = e
			}
			if e.Paragraph != "" {
				byParagraph[fmt.Sprint(docID, "|", e.Paragraph)] = e
			}
			byHash[fmt.Sprint(docID, "|", e.Paragraph, "|", e.Hash)] = e
		case match.ID == -1 || match.SourceHash == src:
			c.Unchanged++
		default:
			c.Updated++
			row.ID = match.ID
			updates = append(updates, row)
		}
	}
	done := 0
	for start := 0; start < len(inserts); start += chunk {
		end := min(start+chunk, len(inserts))
		if err := insertChunk(ctx, tx, tenantID, inserts[start:end]); err != nil {
			return err
		}
		done += end - start
		if progress != nil {
			progress(done)
		}
	}
	for start := 0; start < len(updates); start += chunk {
		end := min(start+chunk, len(updates))
		if err := updateChunk(ctx, tx, tenantID, updates[start:end]); err != nil {
			return err
		}
		done += end - start
		if progress != nil {
			progress(done)
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// upsertDocuments makes sure every document exists and returns their ids by key; it
// fills in what an earlier import did not know (date, cycle, session).
func upsertDocuments(ctx context.Context, tx pgx.Tx, tenantID int64, items []item) (map[string]int64, error) {
	seen := map[string]bool{}
	var docs []map[string]any
	for _, it := range items {
		if seen[it.Doc.Key] {
			continue
		}
		seen[it.Doc.Key] = true
		d := it.Doc
		docs = append(docs, map[string]any{"doc_key": d.Key, "mechanism": d.Mechanism, "body": d.Body, "symbol": d.Symbol,
			"published": d.Published, "cycle": nullInt(d.Cycle), "session": nullInt(d.Session)})
	}
	js, err := json.Marshal(docs)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `
INSERT INTO documents (tenant_id, doc_key, mechanism, body, symbol, published, cycle, session)
SELECT $1, x.doc_key, x.mechanism, x.body, x.symbol, x.published::date, x.cycle, x.session
FROM jsonb_to_recordset($2::jsonb) AS x(doc_key text, mechanism text, body text, symbol text, published timestamptz, cycle int, session int)
ON CONFLICT (tenant_id, doc_key) DO UPDATE SET
  published = COALESCE(documents.published, EXCLUDED.published),
  cycle = COALESCE(documents.cycle, EXCLUDED.cycle),
  session = COALESCE(documents.session, EXCLUDED.session)
RETURNING doc_key, id`, tenantID, js)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	ids := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		ids[k] = id
	}
	return ids, rows.Err()
}

func addVocabulary(ctx context.Context, tx pgx.Tx, items []item) error {
	var themes, persons []string
	seen := map[string]bool{}
	for _, it := range items {
		for _, t := range it.Themes {
			if !seen["t"+t] {
				seen["t"+t] = true
				themes = append(themes, t)
			}
		}
		for _, p := range it.Persons {
			if !seen["p"+p] {
				seen["p"+p] = true
				persons = append(persons, p)
			}
		}
	}
	_, err := tx.Exec(ctx, `
INSERT INTO vocabulary (kind, name)
SELECT 'theme', t FROM unnest($1::text[]) t WHERE length(t) <= 300
UNION ALL SELECT 'affected_person', p FROM unnest($2::text[]) p WHERE length(p) <= 300
ON CONFLICT DO NOTHING`, themes, persons)
	return err
}

func loadExisting(ctx context.Context, tx pgx.Tx, tenantID int64, docIDs map[string]int64) ([]existing, error) {
	ids := make([]int64, 0, len(docIDs))
	for _, id := range docIDs {
		ids = append(ids, id)
	}
	rows, err := tx.Query(ctx, `
SELECT id, COALESCE(external_id, ''), document_id, paragraph, content_hash, source_hash
FROM recommendations WHERE tenant_id = $1 AND (document_id = ANY($2) OR external_id IS NOT NULL)`, tenantID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (existing, error) {
		var e existing
		err := r.Scan(&e.ID, &e.ExternalID, &e.DocumentID, &e.Paragraph, &e.Hash, &e.SourceHash)
		return e, err
	})
}

// recordRow is one recommendation on its way to the database, as JSON that
// jsonb_to_recordset reads with recordColumns.
type recordRow struct {
	ID             int64    `json:"id,omitempty"`
	DocumentID     int64    `json:"document_id"`
	Paragraph      string   `json:"paragraph"`
	Text           string   `json:"text"`
	Language       string   `json:"language"`
	Type           string   `json:"type"`
	Position       string   `json:"position"`
	PositionSource string   `json:"position_source"`
	ActionCategory any      `json:"action_category"`
	Recommending   []string `json:"recommending_states"`
	Themes         []string `json:"themes"`
	Persons        []string `json:"affected_persons"`
	SDGs           []string `json:"sdg_targets"`
	ExternalID     any      `json:"external_id"`
	ContentHash    string   `json:"content_hash"`
	SourceHash     string   `json:"source_hash"`
}

const recordColumns = `document_id bigint, paragraph text, text text, language text, type text, position text,
	position_source text, action_category smallint, recommending_states text[], themes text[], affected_persons text[],
	sdg_targets text[], external_id text, content_hash text, source_hash text`

// insertChunk adds new recommendations. COPY is refused under row-level security, so
// rows travel as one JSON array per statement.
func insertChunk(ctx context.Context, tx pgx.Tx, tenantID int64, rows []recordRow) error {
	js, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
INSERT INTO recommendations (tenant_id, document_id, paragraph, text, language, type, position, position_source,
  action_category, recommending_states, themes, affected_persons, sdg_targets, external_id, content_hash, source_hash)
SELECT $1, x.document_id, x.paragraph, x.text, x.language, x.type, x.position, x.position_source,
  x.action_category, x.recommending_states, x.themes, x.affected_persons, x.sdg_targets, x.external_id, x.content_hash, x.source_hash
FROM jsonb_to_recordset($2::jsonb) AS x(`+recordColumns+`)`, tenantID, js)
	if err != nil {
		return fmt.Errorf("insert recommendations: %w", err)
	}
	return nil
}

// updateChunk brings changed recommendations up to date; the State's own work on them
// (clusters, responsibility, gender marker, follow-up) is in other columns and tables
// and stays as it is.
func updateChunk(ctx context.Context, tx pgx.Tx, tenantID int64, rows []recordRow) error {
	js, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
UPDATE recommendations r SET paragraph = x.paragraph, text = x.text, language = x.language, type = x.type,
  position = x.position, position_source = x.position_source, action_category = x.action_category,
  recommending_states = x.recommending_states, themes = x.themes, affected_persons = x.affected_persons,
  sdg_targets = x.sdg_targets, external_id = x.external_id, content_hash = x.content_hash, source_hash = x.source_hash,
  document_id = x.document_id, version = r.version + 1, updated_at = now()
FROM jsonb_to_recordset($2::jsonb) AS x(id bigint, `+recordColumns+`)
WHERE r.tenant_id = $1 AND r.id = x.id`, tenantID, js)
	if err != nil {
		return fmt.Errorf("update recommendations: %w", err)
	}
	return nil
}
