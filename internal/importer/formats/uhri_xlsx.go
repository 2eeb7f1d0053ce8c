package formats

import (
	"errors"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// What an uploaded workbook may unpack to: checked from the zip directory by OpenZip
// before excelize reads anything, and again by excelize itself.
const (
	uhriXLSXMaxTotal = 200 << 20
	uhriXLSXMaxRatio = 100
)

// uhriHeaderSearchRows is how many rows from the top may precede the header row (a
// title line or two that someone added to the export).
const uhriHeaderSearchRows = 10

// uhriRequiredCols must all be in a UHRI workbook.
var uhriRequiredCols = []uhriCol{uhriColText, uhriColCountries, uhriColSymbol}

// ReadUHRIXLSX reads a UHRI "Export to Excel" workbook: its first sheet, whose header
// row names the 16 documented columns (found by name, in any order, spelt either way).
// Rows are streamed, never loaded whole. Each row gives one record per State concerned,
// with Row the spreadsheet line number (the header is line 1); a row with problems gives
// its row errors instead. Text is kept as written, paragraph number included.
//
// Errors for the whole file are *record.FormatError: Import.Error.NotZip or
// Import.Error.ZipBomb (from OpenZip), Import.Error.NotXLSX, Import.Error.Empty,
// Import.Error.MissingColumn (Data {"Column"}). An error returned by emit stops the
// reading and is returned as is.
func ReadUHRIXLSX(r io.ReaderAt, size int64, emit record.Emit) error {
	f, err := uhriOpenWorkbook(r, size)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := uhriFirstSheetRows(f)
	if err != nil {
		return err
	}
	defer rows.Close()

	var (
		index  [uhriNumCols]int // column position in the row, -1 when absent
		names  [uhriNumCols]string
		line   int
		header bool
		first  []string // the first non-empty row, to name what is missing
	)
	for c := range index {
		index[c] = -1
		names[c] = uhriColumns[c].name
	}
	for rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &record.FormatError{MessageID: uhriMsgNotXLSX, Data: map[string]any{"Row": line}, Err: err}
		}
		if !header {
			if uhriBlankRow(cells) {
				continue
			}
			if first == nil {
				first = cells
			}
			found := 0
			for i, h := range cells {
				if c, ok := uhriHeaderIndex[uhriNormHeader(h)]; ok && index[c] < 0 {
					index[c], names[c] = i, h
					found++
				}
			}
			if found >= 3 {
				header = true
				if err := uhriCheckRequired(&index); err != nil {
					return err
				}
				continue
			}
			for c := range index {
				index[c], names[c] = -1, uhriColumns[c].name
			}
			if line >= uhriHeaderSearchRows {
				break
			}
			continue
		}
		if uhriBlankRow(cells) {
			continue
		}
		cell := func(c uhriCol) string {
			if i := index[c]; i >= 0 && i < len(cells) {
				return cells[i]
			}
			return ""
		}
		lines := func(c uhriCol) []string { return uhriSplitLines(cell(c)) }
		fields := uhriFields{
			row:       line,
			text:      cell(uhriColText),
			countries: lines(uhriColCountries),
			body:      cell(uhriColBody),
			symbol:    cell(uhriColSymbol),
			themes:    lines(uhriColThemes),
			persons:   lines(uhriColPersons),
			sdgs:      lines(uhriColSDGs),
			date:      cell(uhriColDate),
			recStates: lines(uhriColRecStates),
			positions: lines(uhriColPosition),
			types:     lines(uhriColType),
			id:        cell(uhriColAnnotationID),
			session:   cell(uhriColSession),
			cycle:     cell(uhriColCycle),
		}
		rec, states, errs := uhriBuild(&fields, &names)
		if err := uhriEmit(emit, rec, states, errs); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return &record.FormatError{MessageID: uhriMsgNotXLSX, Err: err}
	}
	if !header {
		if first == nil {
			return &record.FormatError{MessageID: uhriMsgEmptyFile}
		}
		// Name the first required column the first row lacks.
		for i, h := range first {
			if c, ok := uhriHeaderIndex[uhriNormHeader(h)]; ok && index[c] < 0 {
				index[c] = i
			}
		}
		if err := uhriCheckRequired(&index); err != nil {
			return err
		}
		return &record.FormatError{MessageID: uhriMsgMissingColumn, Data: map[string]any{"Column": uhriColumns[uhriColText].name}}
	}
	return nil
}

func uhriCheckRequired(index *[uhriNumCols]int) error {
	for _, c := range uhriRequiredCols {
		if index[c] < 0 {
			return &record.FormatError{
				MessageID: uhriMsgMissingColumn,
				Data:      map[string]any{"Column": uhriColumns[c].name},
				Err:       errors.New("required column missing"),
			}
		}
	}
	return nil
}

func uhriBlankRow(cells []string) bool {
	for _, c := range cells {
		for i := 0; i < len(c); i++ {
			if b := c[i]; b != ' ' && b != '\t' && b != '\r' && b != '\n' {
				return false
			}
		}
	}
	return true
}

// uhriOpenWorkbook checks the archive with OpenZip, then opens it with excelize, which
// reads raw cell values (dates as Excel serial numbers). The caller closes it, which
// removes excelize's temporary files.
func uhriOpenWorkbook(r io.ReaderAt, size int64) (*excelize.File, error) {
	limits := ZipLimits{MaxTotal: uhriXLSXMaxTotal, MaxEntry: uhriXLSXMaxTotal, MaxRatio: uhriXLSXMaxRatio}
	if _, err := OpenZip(r, size, limits); err != nil {
		var fe *record.FormatError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, &record.FormatError{MessageID: uhriMsgNotXLSX, Err: err}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue:   true,
		UnzipSizeLimit: uhriXLSXMaxTotal,
	})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, &record.FormatError{MessageID: uhriMsgNotXLSX, Err: err}
	}
	return f, nil
}

// uhriFirstSheetRows starts streaming the workbook's first sheet.
func uhriFirstSheetRows(f *excelize.File) (*excelize.Rows, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &record.FormatError{MessageID: uhriMsgNotXLSX, Err: errors.New("the workbook has no sheet")}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &record.FormatError{MessageID: uhriMsgNotXLSX, Err: err}
	}
	return rows, nil
}
