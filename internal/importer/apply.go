package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

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

type paragraphKey struct {
	doc       int64
	paragraph string
}

type hashKey struct {
	doc             int64
	paragraph, hash string
}

// known is what one batch's rows may match: the State's rows that share an external
// ID, a paragraph or a text with one of them (read with the indexes that serve exactly
// these lookups), and the rows the batch itself adds (ID -1).
type known struct {
	byExternal  map[string]*existing
	byParagraph map[paragraphKey]*existing
	byHash      map[hashKey]*existing
}

func newKnown(n int) *known {
	return &known{byExternal: make(map[string]*existing, n), byParagraph: make(map[paragraphKey]*existing, n),
		byHash: make(map[hashKey]*existing, n)}
}

func (k *known) add(e *existing) {
	if e.ExternalID != "" {
		k.byExternal[e.ExternalID] = e
	}
	if e.Paragraph != "" {
		k.byParagraph[paragraphKey{e.DocumentID, e.Paragraph}] = e
	}
	k.byHash[hashKey{e.DocumentID, e.Paragraph, e.Hash}] = e
}

// loadKnown reads the rows of the State that the items could be.
func loadKnown(ctx context.Context, tx pgx.Tx, tenantID int64, items []item, docIDs map[string]int64) (*known, error) {
	n := len(items)
	k := newKnown(n)
	externals := make([]string, 0, n)
	docs, paragraphs, hashes := make([]int64, 0, n), make([]string, 0, n), make([]string, 0, n)
	for _, it := range items {
		if it.ExternalID != "" {
			externals = append(externals, it.ExternalID)
		}
		docs = append(docs, docIDs[it.Doc.Key])
		paragraphs = append(paragraphs, it.Paragraph)
		hashes = append(hashes, it.ContentHash)
	}
	rows, err := tx.Query(ctx, `
WITH wanted AS (SELECT * FROM unnest($3::bigint[], $4::text[], $5::text[]) AS w(document_id, paragraph, content_hash))
SELECT id, COALESCE(external_id, ''), document_id, paragraph, content_hash, source_hash
FROM recommendations WHERE tenant_id = $1 AND external_id = ANY($2)
UNION
SELECT r.id, COALESCE(r.external_id, ''), r.document_id, r.paragraph, r.content_hash, r.source_hash
FROM wanted w JOIN recommendations r ON r.tenant_id = $1 AND r.document_id = w.document_id AND r.paragraph = w.paragraph
WHERE w.paragraph <> '' AND r.paragraph <> ''
UNION
SELECT r.id, COALESCE(r.external_id, ''), r.document_id, r.paragraph, r.content_hash, r.source_hash
FROM wanted w JOIN recommendations r ON r.tenant_id = $1 AND r.document_id = w.document_id AND r.content_hash = w.content_hash`,
		tenantID, externals, docs, paragraphs, hashes)
	if err != nil {
		return nil, err
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (existing, error) {
		var e existing
		err := r.Scan(&e.ID, &e.ExternalID, &e.DocumentID, &e.Paragraph, &e.Hash, &e.SourceHash)
		return e, err
	})
	if err != nil {
		return nil, err
	}
	for i := range found {
		k.add(&found[i])
	}
	return k, nil
}

// match finds the row an item updates, if the State has it already.
func (k *known) match(it item, docID int64) (*existing, bool) {
	var match *existing
	var found bool
	if it.ExternalID != "" {
		match, found = k.byExternal[it.ExternalID]
	}
	if !found && it.Paragraph != "" {
		match, found = k.byParagraph[paragraphKey{docID, it.Paragraph}]
	}
	if !found {
		match, found = k.byHash[hashKey{docID, it.Paragraph, it.ContentHash}]
	}
	if found && it.ExternalID != "" && match.ExternalID != "" && match.ExternalID != it.ExternalID {
		// Another annotation of the index at the same place: a different recommendation.
		return nil, false
	}
	return match, found
}

// written remembers, across the batches of one import, the documents and vocabulary
// already sent to the database, so a batch sends only what is new: a multi-State file
// comes in thousands of small batches that mostly repeat them.
type written struct {
	docs  map[sentDocument]int64
	vocab map[string]bool
	// onlyExternal holds the States that had no recommendation before this import and
	// of which every row so far carried an external ID (see apply).
	onlyExternal map[int64]bool
	checked      map[int64]bool // States whose earlier rows have been counted
}

// sentDocument is a document as sent for one State: the same key with other details
// (a date found later) is sent again, so the database can fill them in.
type sentDocument struct {
	tenantID int64
	document
	published time.Time
}

func newWritten() *written {
	return &written{docs: map[sentDocument]int64{}, vocab: map[string]bool{}, onlyExternal: map[int64]bool{}, checked: map[int64]bool{}}
}

func (w *written) sent(tenantID int64, d document) sentDocument {
	k := sentDocument{tenantID: tenantID, document: d}
	if d.Published != nil {
		k.published = *d.Published
	}
	k.document.Published = nil
	return k
}

// apply writes items of one State inside tx (whose app.tenant_id is that State) and
// counts what it did. progress, when set, is told how many items are done. w is what
// earlier batches of the same import sent (nil: a fresh import of one batch).
func apply(ctx context.Context, tx pgx.Tx, tenantID int64, items []item, c *Counts, progress func(done int), w *written) error {
	if len(items) == 0 {
		return nil
	}
	if w == nil {
		w = newWritten()
	}
	docIDs, err := upsertDocuments(ctx, tx, tenantID, items, w)
	if err != nil {
		return err
	}
	if err := addVocabulary(ctx, tx, items, w); err != nil {
		return err
	}
	// A batch is matched against the State's rows, except where none could match: the
	// State had no row before this import, and every row of it, in the database and in
	// the batch, has an external ID. Then a row matches only one with the same external
	// ID (another annotation at the same place is another recommendation), and the file
	// reader already folds repeats of an external ID together. A bulk import of a UHRI
	// export into new States is exactly this case, and skips a lookup per batch.
	if !w.checked[tenantID] {
		w.checked[tenantID] = true
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM recommendations WHERE tenant_id = $1)`, tenantID).Scan(&any); err != nil {
			return err
		}
		w.onlyExternal[tenantID] = !any
	}
	for _, it := range items {
		if it.ExternalID == "" {
			w.onlyExternal[tenantID] = false
		}
	}
	k := newKnown(len(items))
	if !w.onlyExternal[tenantID] {
		if k, err = loadKnown(ctx, tx, tenantID, items, docIDs); err != nil {
			return err
		}
	}

	var inserts, updates []recordRow
	for _, it := range items {
		docID := docIDs[it.Doc.Key]
		match, found := k.match(it, docID)
		src := it.sourceHash()
		row := recordRow{
			DocumentID: docID, Paragraph: it.Paragraph, Text: it.Text, Language: it.Language, Type: it.Type,
			Position: it.Position, PositionSource: it.PositionSource, ActionCategory: smallOrNil(it.ActionCategory),
			Recommending: nonNil(it.Recommending), Themes: nonNil(it.Themes), Persons: nonNil(it.Persons),
			SDGs: nonNil(it.SDGs), ExternalID: textOrNil(it.ExternalID), ContentHash: it.ContentHash, SourceHash: src,
		}
		switch {
		case !found:
			c.New++
			inserts = append(inserts, row)
			// A later row of this file with the same key is the same recommendation.
			k.add(&existing{ID: -1, ExternalID: it.ExternalID, DocumentID: docID, Paragraph: it.Paragraph, Hash: it.ContentHash, SourceHash: src})
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

// smallOrNil is n, or SQL NULL for 0 (not known).
func smallOrNil(n int) *int16 {
	if n == 0 {
		return nil
	}
	v := int16(n)
	return &v
}

// textOrNil is s, or SQL NULL for "".
func textOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// upsertDocuments makes sure every document exists and returns their ids by key; it
// fills in what an earlier import did not know (date, cycle, session).
func upsertDocuments(ctx context.Context, tx pgx.Tx, tenantID int64, items []item, w *written) (map[string]int64, error) {
	ids := map[string]int64{}
	var docs []map[string]any
	for _, it := range items {
		if _, ok := ids[it.Doc.Key]; ok {
			continue
		}
		if id, ok := w.docs[w.sent(tenantID, it.Doc)]; ok {
			ids[it.Doc.Key] = id
			continue
		}
		ids[it.Doc.Key] = 0 // sent now
		d := it.Doc
		docs = append(docs, map[string]any{"doc_key": d.Key, "mechanism": d.Mechanism, "body": d.Body, "symbol": d.Symbol,
			"published": d.Published, "cycle": nullInt(d.Cycle), "session": nullInt(d.Session)})
	}
	if len(docs) == 0 {
		return ids, nil
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
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		ids[k] = id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, it := range items {
		w.docs[w.sent(tenantID, it.Doc)] = ids[it.Doc.Key]
	}
	return ids, nil
}

func addVocabulary(ctx context.Context, tx pgx.Tx, items []item, w *written) error {
	var themes, persons []string
	for _, it := range items {
		for _, t := range it.Themes {
			if !w.vocab["t"+t] {
				w.vocab["t"+t] = true
				themes = append(themes, t)
			}
		}
		for _, p := range it.Persons {
			if !w.vocab["p"+p] {
				w.vocab["p"+p] = true
				persons = append(persons, p)
			}
		}
	}
	if len(themes) == 0 && len(persons) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `
INSERT INTO vocabulary (kind, name)
SELECT 'theme', t FROM unnest($1::text[]) t WHERE length(t) <= 300
UNION ALL SELECT 'affected_person', p FROM unnest($2::text[]) p WHERE length(p) <= 300
ON CONFLICT DO NOTHING`, themes, persons)
	return err
}

// recordRow is one recommendation on its way to the database.
type recordRow struct {
	ID             int64
	DocumentID     int64
	Paragraph      string
	Text           string
	Language       string
	Type           string
	Position       string
	PositionSource string
	ActionCategory *int16
	Recommending   []string
	Themes         []string
	Persons        []string
	SDGs           []string
	ExternalID     *string
	ContentHash    string
	SourceHash     string
}

// listSep joins a row's list (its themes, say) into one string of a text array, which
// string_to_array splits again: PostgreSQL has no arrays of arrays of different lengths.
// Names never hold this control character; one that did would be split, not lost.
const listSep = "\x1f"

// recordColumns are rows as one array per column, sent in PostgreSQL's binary format and
// read back with unnest: COPY is refused under row-level security, and arrays cost far
// less to build and to parse than a JSON document of the same rows.
type recordColumns struct {
	id, documentID                                   []int64
	paragraph, text, language, typ, position, source []string
	actionCategory                                   []*int16
	recommending, themes, persons, sdgs              []string
	externalID                                       []*string
	contentHash, sourceHash                          []string
}

func columnsOf(rows []recordRow) recordColumns {
	n := len(rows)
	c := recordColumns{
		id: make([]int64, n), documentID: make([]int64, n), paragraph: make([]string, n), text: make([]string, n),
		language: make([]string, n), typ: make([]string, n), position: make([]string, n), source: make([]string, n),
		actionCategory: make([]*int16, n), recommending: make([]string, n), themes: make([]string, n),
		persons: make([]string, n), sdgs: make([]string, n), externalID: make([]*string, n),
		contentHash: make([]string, n), sourceHash: make([]string, n),
	}
	for i, r := range rows {
		c.id[i], c.documentID[i], c.paragraph[i], c.text[i] = r.ID, r.DocumentID, r.Paragraph, r.Text
		c.language[i], c.typ[i], c.position[i], c.source[i] = r.Language, r.Type, r.Position, r.PositionSource
		c.actionCategory[i], c.externalID[i] = r.ActionCategory, r.ExternalID
		c.recommending[i], c.themes[i] = strings.Join(r.Recommending, listSep), strings.Join(r.Themes, listSep)
		c.persons[i], c.sdgs[i] = strings.Join(r.Persons, listSep), strings.Join(r.SDGs, listSep)
		c.contentHash[i], c.sourceHash[i] = r.ContentHash, r.SourceHash
	}
	return c
}

// args are the statement's parameters $2 to $17, in the order of unnestRows's columns.
func (c recordColumns) args() []any {
	return []any{c.id, c.documentID, c.paragraph, c.text, c.language, c.typ, c.position, c.source,
		c.actionCategory, c.recommending, c.themes, c.persons, c.sdgs, c.externalID, c.contentHash, c.sourceHash}
}

// unnestRows turns the column arrays back into rows named x.
const unnestRows = `unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
  $10::smallint[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
  AS x(id, document_id, paragraph, text, language, type, position, position_source, action_category,
       recommending_states, themes, affected_persons, sdg_targets, external_id, content_hash, source_hash)`

// insertChunk adds new recommendations in one statement.
func insertChunk(ctx context.Context, tx pgx.Tx, tenantID int64, rows []recordRow) error {
	_, err := tx.Exec(ctx, `
INSERT INTO recommendations (tenant_id, document_id, paragraph, text, language, type, position, position_source,
  action_category, recommending_states, themes, affected_persons, sdg_targets, external_id, content_hash, source_hash)
SELECT $1, x.document_id, x.paragraph, x.text, x.language, x.type, x.position, x.position_source,
  x.action_category, string_to_array(x.recommending_states, E'\x1f'), string_to_array(x.themes, E'\x1f'),
  string_to_array(x.affected_persons, E'\x1f'), string_to_array(x.sdg_targets, E'\x1f'),
  x.external_id, x.content_hash, x.source_hash
FROM `+unnestRows, append([]any{tenantID}, columnsOf(rows).args()...)...)
	if err != nil {
		return fmt.Errorf("insert recommendations: %w", err)
	}
	return nil
}

// updateChunk brings changed recommendations up to date; the State's own work on them
// (clusters, responsibility, gender marker, follow-up) is in other columns and tables
// and stays as it is.
func updateChunk(ctx context.Context, tx pgx.Tx, tenantID int64, rows []recordRow) error {
	_, err := tx.Exec(ctx, `
UPDATE recommendations r SET paragraph = x.paragraph, text = x.text, language = x.language, type = x.type,
  position = x.position, position_source = x.position_source, action_category = x.action_category,
  recommending_states = string_to_array(x.recommending_states, E'\x1f'), themes = string_to_array(x.themes, E'\x1f'),
  affected_persons = string_to_array(x.affected_persons, E'\x1f'), sdg_targets = string_to_array(x.sdg_targets, E'\x1f'),
  external_id = x.external_id, content_hash = x.content_hash, source_hash = x.source_hash,
  document_id = x.document_id, version = r.version + 1, updated_at = now()
FROM `+unnestRows+`
WHERE r.tenant_id = $1 AND r.id = x.id`, append([]any{tenantID}, columnsOf(rows).args()...)...)
	if err != nil {
		return fmt.Errorf("update recommendations: %w", err)
	}
	return nil
}
