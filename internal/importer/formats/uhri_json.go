package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// Message IDs of problems with a UHRI JSON file as a whole.
const (
	uhriMsgInvalidUTF8  = "Import.Error.InvalidUTF8"
	uhriMsgTruncated    = "Import.Error.Truncated"
	uhriMsgNotUHRIJSON  = "Import.Error.NotUHRIJSON"
	uhriMsgInvalidJSON  = "Import.Error.InvalidJSON"
	uhriMsgElementLarge = "Import.Error.ElementTooLarge"
)

// uhriJSONElementLimit bounds one element of the array: real ones are a few kilobytes,
// and the decoder holds a whole element in memory.
const uhriJSONElementLimit = 4 << 20

var (
	errUHRIInvalidUTF8 = errors.New("invalid UTF-8")
	errUHRITooLarge    = errors.New("array element too large")
)

// uhriJSONObject holds the keys the reader uses; the others (DocumentId, Regions,
// PublicationDateOnUhri, UprRecommendingRegions) are skipped. Values are decoded
// loosely (strings, json.Number, lists, objects) and read leniently afterwards.
// encoding/json matches keys without regard to case.
type uhriJSONObject struct {
	AffectedPersons        any
	AnnotationID           any `json:"AnnotationId"`
	AnnotationType         any
	Body                   any
	Countries              any
	PublicationDate        any
	Sdgs                   any
	Symbol                 any
	Text                   any
	Themes                 any
	UprCycle               any
	UprPositions           any
	UprRecommendingCountry any
	UprSession             any
}

func (o *uhriJSONObject) empty() bool {
	for _, v := range []any{o.AffectedPersons, o.AnnotationID, o.AnnotationType, o.Body,
		o.Countries, o.PublicationDate, o.Sdgs, o.Symbol, o.Text, o.Themes, o.UprCycle,
		o.UprPositions, o.UprRecommendingCountry, o.UprSession} {
		if v != nil {
			return false
		}
	}
	return true
}

// The JSON keys, named in row errors.
var uhriJSONNames = [uhriNumCols]string{
	uhriColText:         "Text",
	uhriColCountries:    "Countries",
	uhriColBody:         "Body",
	uhriColSymbol:       "Symbol",
	uhriColThemes:       "Themes",
	uhriColPersons:      "AffectedPersons",
	uhriColSDGs:         "Sdgs",
	uhriColDate:         "PublicationDate",
	uhriColRecStates:    "UprRecommendingCountry",
	uhriColPosition:     "UprPositions",
	uhriColType:         "AnnotationType",
	uhriColAnnotationID: "AnnotationId",
	uhriColSession:      "UprSession",
	uhriColRegions:      "Regions",
	uhriColRecRegions:   "UprRecommendingRegions",
	uhriColDateOnUHRI:   "PublicationDateOnUhri",
	uhriColCycle:        "UprCycle",
}

// ReadUHRIJSON reads UHRI's full JSON export: one array of objects (about 250,000),
// streamed element by element, never loaded whole. Row is the element's 1-based index in
// the array. Each object gives one record per State in Countries, or its row errors.
// Lenient reading: a string where a list is expected is a one-element list (split on
// line breaks like an Excel cell), numbers may come as strings and the reverse, and a
// list where one value is expected gives its values joined by "; ".
//
// Errors for the whole file are *record.FormatError: Import.Error.Empty,
// Import.Error.NotUHRIJSON (not an array, or its first element has none of UHRI's keys),
// Import.Error.InvalidUTF8, Import.Error.Truncated, Import.Error.InvalidJSON and
// Import.Error.ElementTooLarge, the last four with Data {"Row": the element's index}.
// A read error and an error returned by emit are returned as they are.
func ReadUHRIJSON(r io.Reader, emit record.Emit) error {
	src := newUHRIJSONSource(r, uhriJSONElementLimit)
	dec := json.NewDecoder(src)
	dec.UseNumber()

	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return &record.FormatError{MessageID: uhriMsgEmptyFile, Err: err}
		}
		if fe := src.formatError(err, 1); fe != nil {
			return fe
		}
		if src.ioErr != nil {
			return fmt.Errorf("reading the UHRI JSON file: %w", src.ioErr)
		}
		return &record.FormatError{MessageID: uhriMsgNotUHRIJSON, Err: err}
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return &record.FormatError{MessageID: uhriMsgNotUHRIJSON, Err: fmt.Errorf("the file starts with %v, not an array", tok)}
	}

	var obj uhriJSONObject
	row := 0
	for dec.More() {
		row++
		src.mark = dec.InputOffset()
		obj = uhriJSONObject{}
		err := dec.Decode(&obj)
		if err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) && src.pending == nil && src.ioErr == nil {
				// The element is complete but is not an object: the stream is still in step.
				if row == 1 {
					return &record.FormatError{MessageID: uhriMsgNotUHRIJSON, Err: err}
				}
				e := &record.RowError{Row: row, MessageID: uhriMsgElementInvalid, Data: map[string]any{"Row": row}}
				if err := emit(record.Record{}, e); err != nil {
					return err
				}
				continue
			}
			return src.fail(err, row)
		}
		if obj.empty() {
			if row == 1 {
				return &record.FormatError{MessageID: uhriMsgNotUHRIJSON, Err: errors.New("the first element has none of UHRI's keys")}
			}
			e := &record.RowError{Row: row, MessageID: uhriMsgElementInvalid, Data: map[string]any{"Row": row}}
			if err := emit(record.Record{}, e); err != nil {
				return err
			}
			continue
		}
		fields := uhriFields{
			row:       row,
			text:      uhriJSONScalar(obj.Text),
			countries: uhriJSONList(obj.Countries),
			body:      uhriJSONScalar(obj.Body),
			symbol:    uhriJSONScalar(obj.Symbol),
			themes:    uhriJSONList(obj.Themes),
			persons:   uhriJSONList(obj.AffectedPersons),
			sdgs:      uhriJSONList(obj.Sdgs),
			date:      uhriJSONScalar(obj.PublicationDate),
			recStates: uhriJSONList(obj.UprRecommendingCountry),
			positions: uhriJSONList(obj.UprPositions),
			types:     uhriJSONList(obj.AnnotationType),
			id:        uhriJSONScalar(obj.AnnotationID),
			session:   uhriJSONScalar(obj.UprSession),
			cycle:     uhriJSONScalar(obj.UprCycle),
		}
		rec, states, errs := uhriBuild(&fields, &uhriJSONNames)
		if err := uhriEmit(emit, rec, states, errs); err != nil {
			return err
		}
	}
	// More is false at the closing bracket, and also when the input ends or breaks.
	row++
	src.mark = dec.InputOffset()
	tok, err = dec.Token()
	if err != nil {
		return src.fail(err, row)
	}
	if d, ok := tok.(json.Delim); !ok || d != ']' {
		return &record.FormatError{MessageID: uhriMsgInvalidJSON, Data: map[string]any{"Row": row}, Err: fmt.Errorf("unexpected %v", tok)}
	}
	return nil
}

// fail classifies a decoding error met while reading element row.
func (s *uhriJSONSource) fail(err error, row int) error {
	if fe := s.formatError(err, row); fe != nil {
		return fe
	}
	if s.ioErr != nil {
		return fmt.Errorf("reading the UHRI JSON file: %w", s.ioErr)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &record.FormatError{MessageID: uhriMsgTruncated, Data: map[string]any{"Row": row}, Err: err}
	}
	return &record.FormatError{MessageID: uhriMsgInvalidJSON, Data: map[string]any{"Row": row}, Err: err}
}

// formatError reports the source's own failures (bad UTF-8, an element too large).
func (s *uhriJSONSource) formatError(err error, row int) *record.FormatError {
	switch {
	case errors.Is(err, errUHRIInvalidUTF8):
		return &record.FormatError{MessageID: uhriMsgInvalidUTF8, Data: map[string]any{"Row": row}, Err: fmt.Errorf("%w at byte %d", err, s.badAt)}
	case errors.Is(err, errUHRITooLarge):
		return &record.FormatError{MessageID: uhriMsgElementLarge, Data: map[string]any{"Row": row, "Limit": uhriJSONElementLimit >> 20}, Err: err}
	}
	return nil
}

// uhriJSONSource feeds the JSON decoder: it drops a UTF-8 byte order mark, checks that
// the bytes are UTF-8 as they stream by (encoding/json would quietly turn bad bytes
// into U+FFFD), and refuses to read more than limit bytes past the start of the current
// element (mark, set by the reader), so that one huge element cannot exhaust memory.
type uhriJSONSource struct {
	r       *bufio.Reader
	limit   int64
	mark    int64 // decoder offset where the current element starts
	read    int64 // bytes handed to the decoder
	carry   [utf8.UTFMax]byte
	nc      int   // bytes of an incomplete character at the end of the last read
	pending error // returned by the next Read
	badAt   int64 // offset of the first invalid byte
	ioErr   error // an error from the underlying reader
}

func newUHRIJSONSource(r io.Reader, limit int64) *uhriJSONSource {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return &uhriJSONSource{r: br, limit: limit}
}

func (s *uhriJSONSource) Read(p []byte) (int, error) {
	if s.pending != nil {
		return 0, s.pending
	}
	// The decoder reads only when the element it is decoding is incomplete, so what it
	// holds since mark is that element: never let it exceed the limit.
	room := s.limit + 1 - (s.read - s.mark)
	if room <= 0 {
		s.pending = errUHRITooLarge
		return 0, s.pending
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := s.r.Read(p)
	good := s.check(p[:n])
	s.read += int64(good)
	if good < n {
		return good, nil // the error comes with the next read, after the good bytes
	}
	if err == io.EOF && s.nc > 0 {
		s.badAt = s.read - int64(s.nc)
		s.pending = errUHRIInvalidUTF8
		return n, s.pending
	}
	if err != nil && err != io.EOF {
		s.ioErr = err
	}
	return n, err
}

// check validates b, which follows s.carry, and returns how many of its bytes may be
// passed on: all of them, or those before the first invalid byte (s.pending is then
// set). An incomplete character at the end is passed on and checked with the next read.
func (s *uhriJSONSource) check(b []byte) int {
	i := 0
	carryStart := s.read - int64(s.nc)
	for s.nc > 0 && i < len(b) {
		s.carry[s.nc] = b[i]
		s.nc++
		i++
		if utf8.FullRune(s.carry[:s.nc]) {
			if r, size := utf8.DecodeRune(s.carry[:s.nc]); r == utf8.RuneError && size <= 1 {
				s.badAt = carryStart
				s.pending = errUHRIInvalidUTF8
				return 0
			}
			s.nc = 0
		}
	}
	if s.nc > 0 { // b ended before the carried character did
		return len(b)
	}
	rest := b[i:]
	body, tail := rest, []byte(nil)
	for k := len(rest) - 1; k >= 0 && k >= len(rest)-utf8.UTFMax; k-- {
		if c := rest[k]; c&0xC0 != 0x80 { // the last character's first byte
			if c >= 0xC0 && !utf8.FullRune(rest[k:]) {
				body, tail = rest[:k], rest[k:]
			}
			break
		}
	}
	if utf8.Valid(body) {
		s.nc = copy(s.carry[:], tail)
		return len(b)
	}
	off := 0
	for off < len(body) {
		r, size := utf8.DecodeRune(body[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	s.badAt = s.read + int64(i+off)
	s.pending = errUHRIInvalidUTF8
	return i + off
}

// uhriJSONList reads a list-valued key leniently: a list of strings or numbers; a
// string (split on line breaks, "- " marks dropped); a number; an object (its name).
func uhriJSONList(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			switch e := e.(type) {
			case string:
				out = append(out, uhriSplitLines(e)...)
			default:
				if s := strings.TrimSpace(uhriJSONString(e)); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	case string:
		return uhriSplitLines(v)
	default:
		if s := strings.TrimSpace(uhriJSONString(v)); s != "" {
			return []string{s}
		}
		return nil
	}
}

// uhriJSONScalar reads a single-valued key: a string as it is, a number as written, a
// list as its values joined by "; ".
func uhriJSONScalar(v any) string {
	if l, ok := v.([]any); ok {
		return strings.Join(uhriJSONList(l), "; ")
	}
	return uhriJSONString(v)
}

// uhriJSONObjectNameKeys are the keys that may name an object met where a value is
// expected ({"Name": "Slovenia", "Code": "SVN"}).
var uhriJSONObjectNameKeys = []string{"name", "title", "value", "text", "label"}

func uhriJSONString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, want := range uhriJSONObjectNameKeys {
			for _, k := range keys {
				if strings.EqualFold(k, want) {
					return uhriJSONScalar(v[k])
				}
			}
		}
		return ""
	case []any:
		return uhriJSONScalar(v)
	}
	return fmt.Sprint(v)
}
