package recs

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
)

// ImportRow is one import in the history.
type ImportRow struct {
	Href                                        string
	When                                        time.Time
	Who, Filename, FormatMsgID, StatusMsgID     string
	New, Updated, Unchanged, Skipped, ErrorsNum int
}

// ImportsView is the upload form and the history of imports.
type ImportsView struct {
	Base    string
	Formats []components.Option
	Format  string
	Problem string // a translated message about the last upload, if it failed
	History []ImportRow
	MaxMB   int
}

// ImportError is one row problem, translated.
type ImportError struct {
	Row     int
	Column  string
	Message string
}

// ImportView is one import: its mapping step, its preview, its progress or its result.
type ImportView struct {
	Base                                        string
	ID                                          int64
	Action                                      string
	Filename                                    string
	FormatMsgID                                 string
	Status                                      string
	StatusMsgID                                 string
	Rows                                        int
	New, Updated, Unchanged, Skipped, ErrorsNum int
	Errors                                      []ImportError
	MoreErrors                                  int
	RowsDone                                    int
	RowsTotal                                   int
	Percent                                     int
	Failure                                     string
	Mapping                                     []MappingField
	Saved                                       []components.Option
	Problem                                     string
}

// MappingField is one field of the generic mapping form: which column holds it.
type MappingField struct {
	Field      string
	LabelMsgID string
	Columns    []components.Option
	Chosen     string
}

// ExportView lets a person choose the export's columns.
type ExportView struct {
	Base    string
	Filter  map[string][]string
	Columns []Choice
}
