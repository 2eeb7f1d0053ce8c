// Package indicators renders the indicators that measure progress: the list with the
// clusters that lack data by sex, and one indicator with its chart, its table of values
// and the forms to record values and to edit it.
package indicators

import (
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// Row is one indicator in the list.
type Row struct {
	Href, Title, TypeMsgID, Unit string
	Latest                       string // the latest period's values, "" when none
	BySex                        bool
}

// Gap is a cluster whose recommendations no indicator measures by sex.
type Gap struct {
	Href, Name      string
	Recommendations int
	Indicators      int
}

// ListView lists indicators, the clusters without data by sex, and the form to add one.
type ListView struct {
	Base      string
	Rows      []Row
	Gaps      []Gap
	CanManage bool
	Form      Form
}

// Form creates or edits an indicator.
type Form struct {
	Action       string
	Version      int // 0 when creating
	Title        components.Field
	Type         components.Field
	Types        []components.Option
	Unit         components.Field
	Direction    components.Field
	Directions   []components.Option
	Baseline     components.Field
	BaselineDate components.Field
	Target       components.Field
	TargetDate   components.Field
	DataSource   components.Field
	SourceEntity components.Field
	Entities     []components.Option
	Grounds      components.Field // the fieldset of grounds: its label and error
	GroundList   []components.Option
	GroundsOn    map[string]bool
	OtherGrounds components.Field
	SDG          components.Field
	Errors       components.FormErrors
	SubmitMsgID  string
}

// Fact is one labelled value of the indicator.
type Fact struct{ LabelMsgID, Value string }

// Link is a name with its page.
type Link struct{ Name, Href string }

// ValueTable is the chart's data as a table: one row per period, one column per series.
type ValueTable struct {
	Unit   string
	Series []string
	Rows   []ValueRow
}

// ValueRow is one period; a cell with Present false has no value.
type ValueRow struct {
	Period string
	Cells  []ValueCell
}

// ValueCell is one value as the reader writes numbers.
type ValueCell struct {
	Present bool
	Text    string
}

// MeasurementRow is one recorded value.
type MeasurementRow struct {
	Period, Breakdown, Value, Source, Note string
}

// GroundField is the record form's field for one ground: a choice when the ground's
// values are coded, free text otherwise.
type GroundField struct {
	Field   components.Field
	Options []components.Option
}

// RecordForm records one value.
type RecordForm struct {
	Action  string
	Period  components.Field
	Value   components.Field
	Grounds []GroundField
	Source  components.Field
	Note    components.Field
	Errors  components.FormErrors
}

// RowProblem is one problem of an uploaded file, where the person finds it.
type RowProblem struct {
	Row    string // "" when the problem is not on one row
	Column string
	MsgID  string
	Value  string // fills {{.Value}} in the message
}

// ImportForm uploads a CSV file of values; after a refused file it lists every problem.
type ImportForm struct {
	Action     string
	Header     string // the columns the file may have, e.g. "period,value,source,note,sex"
	ProblemMsg string // a file that could not be read at all, as a message ID
	Problems   []RowProblem
	Unlisted   int // problems beyond those listed
}

// IndicatorView is one indicator.
type IndicatorView struct {
	Base, Href      string
	Publication     components.Publication // on the public portal or not
	Title           string
	Facts           []Fact
	Chart           string // SVG from the indicator package, which escapes every text in it
	HasValues       bool
	Table           ValueTable
	Measurements    []MeasurementRow
	Recommendations []Link
	Actions         []Link
	CanEnter        bool
	NotYours        bool   // a focal point whose entity does not supply this indicator's values
	EnteredBy       string // the entity that does, "" when none
	Record          RecordForm
	Import          ImportForm
	CanManage       bool
	Form            Form
	History         []components.HistoryItem // the record's changes, newest first
	Review          *advisory.ReviewView     // advisers' review comments; nil for roles that may not see them
}
