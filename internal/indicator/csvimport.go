package indicator

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// MaxImportSize is the largest CSV file of values that ImportCSV reads.
const MaxImportSize = 5 << 20

// maxListedErrors bounds the row errors kept to show; Result.ErrorCount has them all.
const maxListedErrors = 500

// RowError is one problem in an imported file, as the person finds it in a spreadsheet.
type RowError struct {
	Row       int    // as a spreadsheet numbers it: the header is row 1
	Column    string // the column's header as written, "" for the whole row
	MessageID string
	Value     string // the cell as written
}

// Result is what an import read and did.
type Result struct {
	Rows int // data rows read
	Counts
	Errors     []RowError // at most maxListedErrors, in file order
	ErrorCount int
}

// ImportCSV reads values for an indicator from a CSV file with the header
// period,value[,source][,note][,<ground>…] and saves them all, or none when any row is
// wrong: every problem is listed in Result.Errors and the error is Invalid
// "Indicator.Import.HasErrors". A file that cannot be read at all is an Invalid error
// with its own message ID and no row errors.
func (s *Store) ImportCSV(ctx context.Context, tenantID, userID, indicatorID int64, r io.Reader) (Result, error) {
	data, err := readText(r)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = db.InTenant(ctx, s.pool, tenantID, userID, func(tx pgx.Tx) error {
		var grounds []string
		if err := lockIndicator(ctx, tx, tenantID, indicatorID, &grounds); err != nil {
			return err
		}
		ms := parseCSV(data, grounds, &res)
		if res.ErrorCount > 0 {
			return fault.New(fault.Invalid, "Indicator.Import.HasErrors")
		}
		if len(ms) == 0 {
			return fault.New(fault.Invalid, "Indicator.Import.Empty")
		}
		var err error
		res.Counts, err = upsert(ctx, tx, tenantID, userID, indicatorID, ms)
		return err
	})
	return res, err
}

// readText reads the whole file and refuses what is not UTF-8 CSV text.
func readText(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the file: %w", err)
	}
	switch {
	case len(data) > MaxImportSize:
		return nil, fault.New(fault.Invalid, "Indicator.Import.TooLarge")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, fault.New(fault.Invalid, "Indicator.Import.NotUTF8") // UTF-16, Excel's "Unicode text"
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}) // Excel's "CSV UTF-8" starts with a byte order mark
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, fault.New(fault.Invalid, "Indicator.Import.Empty")
	case bytes.IndexByte(data, 0) >= 0:
		return nil, fault.New(fault.Invalid, "Indicator.Import.Binary") // a workbook or another binary file
	case !utf8.Valid(data):
		return nil, fault.New(fault.Invalid, "Indicator.Import.NotUTF8")
	}
	return data, nil
}

// Column roles in a measurement file.
const (
	colPeriod = "period"
	colValue  = "value"
	colSource = "source"
	colNote   = "note"
)

// headerAliases are other names people give the fixed columns.
var headerAliases = map[string]string{
	"year": colPeriod, "date": colPeriod, "month": colPeriod,
	"data_source": colSource, "notes": colNote, "comment": colNote, "comments": colNote,
}

// headerName reduces a header to the name it stands for: "Age group" and "age-group"
// are age_group, " Year " is period.
func headerName(h string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	if a, ok := headerAliases[b.String()]; ok {
		return a
	}
	return b.String()
}

// delimiter guesses the separator from the header line: spreadsheets in languages that
// write decimal commas save CSV with semicolons.
func delimiter(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	best, n := ',', bytes.Count(line, []byte{','})
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(line, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// parseCSV reads every row, adding problems to res, and returns the measurements when
// there are none.
func parseCSV(data []byte, grounds []string, res *Result) []Measurement {
	fail := func(row int, column, messageID, value string) {
		res.ErrorCount++
		if len(res.Errors) < maxListedErrors {
			res.Errors = append(res.Errors, RowError{Row: row, Column: column, MessageID: messageID, Value: value})
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delimiter(data)
	cr.FieldsPerRecord = -1
	// Strict quotes: with lazy ones, a quotation mark never closed would silently take
	// every later row into one cell.
	decimalComma := cr.Comma != ','

	header, err := cr.Read()
	if err != nil {
		fail(1, "", "Indicator.Import.MalformedCSV", "")
		return nil
	}
	// roles[i] is what column i holds: a fixed column or a ground.
	roles := make([]string, len(header))
	for i, h := range header {
		name := headerName(h)
		switch {
		case name == "":
		case slices.Contains(roles, name):
			fail(1, h, "Indicator.Import.ColumnDuplicate", h)
		case slices.Contains(reservedColumns, name) || slices.Contains(grounds, name):
			roles[i] = name
		default:
			fail(1, h, "Indicator.Import.ColumnUnknown", h)
		}
	}
	for _, need := range []string{colPeriod, colValue} {
		if !slices.Contains(roles, need) {
			fail(1, need, "Indicator.Import.ColumnMissing", need)
		}
	}
	if res.ErrorCount > 0 {
		return nil // rows cannot be read against a wrong header
	}

	var out []Measurement
	firstRow := map[string]int{} // period and breakdown → the row that gave it
	extraLines := 0              // line breaks inside quoted cells so far: a spreadsheet shows each record as one row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			row := 0
			if errors.As(err, &pe) {
				row = pe.StartLine - extraLines
			}
			fail(row, "", "Indicator.Import.MalformedCSV", "")
			break
		}
		line, _ := cr.FieldPos(0)
		row := line - extraLines
		for _, cell := range rec {
			extraLines += strings.Count(cell, "\n")
		}
		if blank(rec) {
			continue // an empty spreadsheet row
		}
		res.Rows++
		m := Measurement{Disaggregation: map[string]string{}}
		cells := map[string]string{} // column role → cell
		ok := true
		for i, cell := range rec {
			if i >= len(roles) || roles[i] == "" {
				// A cell under no header: harmless when empty, as spreadsheets leave them.
				if strings.TrimSpace(cell) != "" {
					fail(row, "", "Indicator.Import.ExtraCells", cell)
					ok = false
				}
				continue
			}
			cells[roles[i]] = cell
			switch roles[i] {
			case colPeriod, colValue:
			case colSource:
				m.Source = cell
			case colNote:
				m.Note = cell
			default:
				m.Disaggregation[roles[i]] = cell
			}
		}
		var valid bool
		if m.Period, valid = ParsePeriod(cells[colPeriod]); !valid {
			fail(row, header[slices.Index(roles, colPeriod)], "Indicator.Measurement.PeriodInvalid", cells[colPeriod])
			ok = false
		}
		number := strings.TrimSpace(cells[colValue])
		if decimalComma && strings.Count(number, ",") == 1 && !strings.Contains(number, ".") {
			number = strings.Replace(number, ",", ".", 1)
		}
		if m.Value, valid = ParseNumber(number); !valid {
			fail(row, header[slices.Index(roles, colValue)], "Indicator.Measurement.ValueInvalid", cells[colValue])
			ok = false
		}
		if !ok {
			continue
		}
		problems := m.normalize(grounds)
		for _, field := range slices.Sorted(maps.Keys(problems)) {
			column := strings.TrimPrefix(field, "disaggregation.")
			fail(row, header[slices.Index(roles, column)], problems[field], cells[column])
		}
		if len(problems) > 0 {
			continue
		}
		key := m.Period.Format("2006-01-02") + disaggregationKey(m.Disaggregation)
		if first, seen := firstRow[key]; seen {
			fail(row, "", "Indicator.Import.Duplicate", fmt.Sprint(first))
			continue
		}
		firstRow[key] = row
		out = append(out, m)
	}
	return out
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
