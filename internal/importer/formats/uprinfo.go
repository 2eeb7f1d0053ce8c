package formats

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// UPRInfoMaxBytes is the largest UPR Info CSV export ReadUPRInfo accepts (the whole
// database of a cycle is about 20 MB).
const UPRInfoMaxBytes = 50 << 20

// The columns of a UPR Info database export, by their canonical header.
const (
	uprInfoTo       = "To"
	uprInfoText     = "Text"
	uprInfoFrom     = "From"
	uprInfoResponse = "Response"
	uprInfoAction   = "Action"
	uprInfoIssue    = "Issue"
	uprInfoSession  = "Session"
)

// uprInfoHeaderKeys maps a header, reduced by uprInfoHeaderKey, to its canonical column.
// The other columns (To-Rgrp, To-Org, From-Rgrp, From-Org: regional groups and
// memberships) are not imported.
var uprInfoHeaderKeys = map[string]string{
	"to":             uprInfoTo,
	"text":           uprInfoText,
	"recommendation": uprInfoText,
	"from":           uprInfoFrom,
	"response":       uprInfoResponse,
	"position":       uprInfoResponse,
	"action":         uprInfoAction,
	"issue":          uprInfoIssue,
	"issues":         uprInfoIssue,
	"session":        uprInfoSession,
}

// uprInfoRequired are the columns without which a file is refused, in this order.
var uprInfoRequired = []string{uprInfoTo, uprInfoText, uprInfoResponse, uprInfoSession}

// uprInfoHeaderKey reduces a header to lower-case letters and digits: "To", " to ",
// "TO" match; "To-Rgrp" becomes "torgrp" and does not match "to".
func uprInfoHeaderKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ReadUPRInfo reads a UPR Info database export (CSV, header
// To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session) in any
// encoding DecodeText detects, with comma, semicolon or tab separators.
//
// Each row becomes one record.Record with one recommending State: the file repeats a
// recommendation once per State that made it, and the importer merges rows of the same
// text. Record.Row is the row number a spreadsheet shows when it opens the file: the
// header is row 1, the first data row is row 2 (a cell spanning several lines still
// counts as one row, a blank line as one). RowError.Row is the same number.
//
// Response "Accepted" is supported, "Noted" noted, "Voluntary Pledge" a pledge (Type
// pledge, no position, no recommending State: the file names the State itself as
// "From"). Action is UPR Info's action category 1–5 (empty: 0). Issue is split on
// commas into Themes. Session gives Cycle (UPRCycleForSession).
//
// Rows that cannot be read are reported as *record.RowError (Import.Error.Required,
// PositionUnknown, ActionUnknown, SessionInvalid, FieldCount) and produce no record;
// reading goes on. A file that cannot be read at all returns *record.FormatError
// (DecodeText's errors, Import.Error.MissingColumn, Import.Error.MalformedCSV).
func ReadUPRInfo(r io.Reader, emit record.Emit) error {
	data, _, err := textDecodeAll(r, UPRInfoMaxBytes)
	if err != nil {
		return err
	}
	// LazyQuotes stays off: the real exports quote correctly, and a lazy reader turns a
	// stray quote into a silently merged row instead of an error a person can fix.
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = uprInfoSniffComma(data)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err != nil {
		return uprInfoCSVError(err)
	}
	names := make([]string, len(header)) // headers as written, for messages
	col := map[string]int{}
	for i, h := range header {
		names[i] = strings.TrimSpace(h)
		if canon, ok := uprInfoHeaderKeys[uprInfoHeaderKey(h)]; ok {
			if _, dup := col[canon]; !dup {
				col[canon] = i
			}
		}
	}
	for _, c := range uprInfoRequired {
		if _, ok := col[c]; !ok {
			return &record.FormatError{
				MessageID: "Import.Error.MissingColumn",
				Data:      map[string]any{"Column": c},
				Err:       errors.New("UPR Info export without a " + c + " column"),
			}
		}
	}

	row, lastLine := 1, uprInfoEndLine(cr, header)
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return uprInfoCSVError(err)
		}
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-lastLine-1) // blank lines are rows in a spreadsheet
		lastLine = uprInfoEndLine(cr, fields)
		if uprInfoBlank(fields) {
			continue
		}
		rec, rowErrs := uprInfoRow(fields, col, names, row)
		if len(rowErrs) == 0 {
			if err := emit(rec, nil); err != nil {
				return err
			}
			continue
		}
		for _, re := range rowErrs {
			if err := emit(record.Record{Row: row}, re); err != nil {
				return err
			}
		}
	}
}

// uprInfoRow turns one data row into a record, or into the list of what is wrong with it.
func uprInfoRow(fields []string, col map[string]int, names []string, row int) (record.Record, []*record.RowError) {
	var errs []*record.RowError
	bad := func(c, id string, data map[string]any) {
		errs = append(errs, &record.RowError{Row: row, Column: names[col[c]], MessageID: id, Data: data})
	}
	get := func(c string) string {
		i, ok := col[c]
		if !ok || i >= len(fields) {
			return ""
		}
		return strings.TrimSpace(fields[i])
	}

	if len(fields) > len(names) {
		for _, f := range fields[len(names):] {
			if strings.TrimSpace(f) != "" {
				errs = append(errs, &record.RowError{Row: row, MessageID: "Import.Error.FieldCount",
					Data: map[string]any{"Expected": len(names), "Found": len(fields)}})
				break
			}
		}
	}

	rec := record.Record{
		Row:       row,
		StateName: get(uprInfoTo),
		Mechanism: record.MechanismUPR,
		Body:      "UPR",
		Text:      get(uprInfoText),
		Type:      record.TypeRecommendation,
	}
	if rec.StateName == "" {
		bad(uprInfoTo, "Import.Error.Required", map[string]any{"Column": names[col[uprInfoTo]]})
	}
	if rec.Text == "" {
		bad(uprInfoText, "Import.Error.Required", map[string]any{"Column": names[col[uprInfoText]]})
	}

	resp := get(uprInfoResponse)
	switch uprInfoHeaderKey(resp) {
	case "accepted", "supported":
		rec.Position = record.PositionSupported
	case "noted":
		rec.Position = record.PositionNoted
	case "partiallyaccepted", "partiallysupported":
		rec.Position = record.PositionPartial
	case "voluntarypledge":
		rec.Type, rec.Position = record.TypePledge, record.PositionNone
	default:
		bad(uprInfoResponse, "Import.Error.PositionUnknown", map[string]any{"Value": resp})
	}
	if from := get(uprInfoFrom); from != "" && rec.Type != record.TypePledge {
		rec.RecommendingStates = []string{from}
	}

	if _, ok := col[uprInfoAction]; ok {
		switch a := get(uprInfoAction); a {
		case "":
		case "1", "2", "3", "4", "5":
			rec.ActionCategory = int(a[0] - '0')
		default:
			bad(uprInfoAction, "Import.Error.ActionUnknown", map[string]any{"Value": a})
		}
	}

	for _, t := range strings.Split(get(uprInfoIssue), ",") {
		if t = strings.TrimSpace(t); t != "" {
			rec.Themes = append(rec.Themes, t)
		}
	}

	s := get(uprInfoSession)
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		rec.Session, rec.Cycle = n, UPRCycleForSession(n)
	} else {
		bad(uprInfoSession, "Import.Error.SessionInvalid", map[string]any{"Value": s})
	}
	return rec, errs
}

// UPRCycleForSession gives the UPR cycle of a working group session: the first cycle
// had 12 sessions (2008–2011), every later one has 14 — sessions 13–26 are cycle 2
// (2012–2016), 27–40 cycle 3 (2017–2022), 41–54 cycle 4 (from November 2022), and so
// on, assuming later cycles keep 14 sessions. 0 for a session below 1.
func UPRCycleForSession(session int) int {
	switch {
	case session < 1:
		return 0
	case session <= 12:
		return 1
	default:
		return 2 + (session-13)/14
	}
}

// uprInfoEndLine is the line a record just read ends on: the line its last field starts
// on plus the line breaks inside that field.
func uprInfoEndLine(cr *csv.Reader, fields []string) int {
	if len(fields) == 0 {
		return 0
	}
	line, _ := cr.FieldPos(len(fields) - 1)
	return line + strings.Count(fields[len(fields)-1], "\n")
}

func uprInfoBlank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// uprInfoSniffComma picks the separator the header line uses most: comma (the UPR Info
// export), semicolon (Excel in many European locales) or tab.
func uprInfoSniffComma(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	best, n := ',', bytes.Count(line, []byte{','})
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte{byte(c)}); k > n {
			best, n = c, k
		}
	}
	return best
}

// uprInfoCSVError reports a CSV syntax error with the line of the file it is on.
func uprInfoCSVError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &record.FormatError{MessageID: "Import.Error.MalformedCSV", Data: map[string]any{"Line": pe.Line}, Err: err}
	}
	if err == io.EOF {
		return &record.FormatError{MessageID: "Import.Error.Empty", Err: err}
	}
	return &record.FormatError{MessageID: "Import.Error.MalformedCSV", Data: map[string]any{"Line": 0}, Err: err}
}
