// Package vocabulary keeps the names of the themes and affected persons that imports
// bring (as the Universal Human Rights Index writes them, in English) with their
// translations into the other UN languages. It is shared by every State; platform
// operators translate it.
package vocabulary

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
)

// Kinds of term.
const (
	Theme          = "theme"
	AffectedPerson = "affected_person"
)

// ValidKind reports whether k is a kind of term.
func ValidKind(k string) bool { return k == Theme || k == AffectedPerson }

// Term is one name with its translations by language code.
type Term struct {
	Kind  string
	Name  string
	Names map[string]string
}

// Store reads and writes the vocabulary.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns the terms of a kind by name.
func (s *Store) List(ctx context.Context, kind string) ([]Term, error) {
	rows, err := s.pool.Query(ctx, `SELECT kind, name, names FROM vocabulary WHERE kind = $1 ORDER BY lower(name)`, kind)
	if err != nil {
		return nil, db.Classify(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Term, error) {
		var t Term
		err := r.Scan(&t.Kind, &t.Name, &t.Names)
		return t, err
	})
	return out, db.Classify(err)
}

// Translate sets (or, with an empty text, removes) a term's name in one language.
func (s *Store) Translate(ctx context.Context, kind, name, lang, text string) error {
	text = strings.TrimSpace(text)
	if !ValidKind(kind) || !i18n.Supported(lang) || lang == "en" {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	if len([]rune(text)) > 300 {
		return fault.Fields{"name": "Vocabulary.TooLong"}.Err()
	}
	var tag interface{ RowsAffected() int64 }
	var err error
	if text == "" {
		tag, err = s.pool.Exec(ctx, `UPDATE vocabulary SET names = names - $3 WHERE kind = $1 AND name = $2`, kind, name, lang)
	} else {
		tag, err = s.pool.Exec(ctx, `UPDATE vocabulary SET names = names || jsonb_build_object($3::text, $4::text) WHERE kind = $1 AND name = $2`,
			kind, name, lang, text)
	}
	if err != nil {
		return db.Classify(err)
	}
	if tag.RowsAffected() == 0 {
		return fault.New(fault.NotFound, "")
	}
	return nil
}

// Labels returns, for one language, the translated name of every term that has one,
// keyed by kind and name ("theme|Women's rights").
func (s *Store) Labels(ctx context.Context, lang string) (map[string]string, error) {
	out := map[string]string{}
	if lang == "en" || !i18n.Supported(lang) {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT kind, name, names ->> $1 FROM vocabulary WHERE names ? $1`, lang)
	if err != nil {
		return nil, db.Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, name, label string
		if err := rows.Scan(&kind, &name, &label); err != nil {
			return nil, err
		}
		out[kind+"|"+name] = label
	}
	return out, db.Classify(rows.Err())
}
