// Package record is the neutral form every import format is read into: one Record per
// recommendation, whatever file it came from, and RowError for a row that cannot be read.
package record

import (
	"fmt"
	"time"
)

// Mechanism kinds.
const (
	MechanismUPR      = "upr"
	MechanismTreaty   = "treaty_body"
	MechanismSpecial  = "special_procedure"
	MechanismRegional = "regional"
)

// Recommendation types.
const (
	TypeRecommendation = "recommendation"
	TypeConcern        = "concern" // treaty bodies' concerns and observations
	TypePledge         = "pledge"  // a State's voluntary pledge
)

// Positions of the State under review (UPR).
const (
	PositionSupported = "supported"
	PositionNoted     = "noted"
	PositionPartial   = "partially_supported"
	PositionNone      = ""
)

// Record is one recommendation as read from a file, before it meets the database.
// Names are kept as written; the importer maps them to codes.
type Record struct {
	Row int // 1-based data row (or table row) in the source, for error messages

	ExternalID string // UHRI annotation id (a UUID) when the file has one

	StateName string // the State under review / concerned, as written
	StateCode string // ISO 3166-1 alpha-3 when the file gives codes

	Mechanism      string    // one of the Mechanism* constants, "" when unknown
	Body           string    // "UPR", "CEDAW", "Special Rapporteur on the right to food", …, as written
	DocumentSymbol string    // A/HRC/40/6, CEDAW/C/SVN/CO/7, … ("" when unknown)
	DocumentDate   time.Time // zero when unknown
	Cycle          int       // UPR cycle, 0 when unknown
	Session        int       // UPR working group session, 0 when unknown

	Paragraph string // "118.23", "49", "" when none
	Text      string // the recommendation without its paragraph number and recommending States
	Type      string // one of the Type* constants

	RecommendingStates []string // names as written, e.g. ["Brazil", "Chile"]
	Position           string   // one of the Position* constants
	PositionSource     string   // e.g. "A/HRC/40/6/Add.1 - Para. 2" when the file cites it
	ActionCategory     int      // UPR Info action category 1–5, 0 when none

	Themes          []string // as written, e.g. "Rights of the Child"
	AffectedPersons []string // as written, e.g. "women", "children"
	SDGTargets      []string // target codes, e.g. "16.2", "5.a"
	Language        string   // language of Text: ar, en, es, fr, ru, zh ("" = en)
}

// RowError is a problem with one row: the importer lists every one with its row and
// column, in the person's language, and writes nothing unless told to skip bad rows.
type RowError struct {
	Row       int            // 1-based data row, as in Record.Row
	Column    string         // the column's header as in the file, "" when the whole row
	MessageID string         // a message in locales/, e.g. "Import.Error.PositionUnknown"
	Data      map[string]any // values for the message's placeholders
}

func (e *RowError) Error() string {
	return fmt.Sprintf("row %d column %q: %s %v", e.Row, e.Column, e.MessageID, e.Data)
}

// Emit receives each record or row error in file order. Returning an error stops reading.
type Emit func(rec Record, rowErr *RowError) error

// FormatError is a problem with the file as a whole (wrong format, missing column,
// truncated, not UTF-8 …): nothing from it can be imported.
type FormatError struct {
	MessageID string
	Data      map[string]any
	Err       error
}

func (e *FormatError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s %v: %v", e.MessageID, e.Data, e.Err)
	}
	return fmt.Sprintf("%s %v", e.MessageID, e.Data)
}

func (e *FormatError) Unwrap() error { return e.Err }
