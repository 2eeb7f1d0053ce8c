// Package formats reads the files States' recommendation data arrives in (UPR Info CSV
// exports, OHCHR UPR matrices in Word, UHRI exports) into record.Record values.
package formats

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// Names DecodeText returns for the encoding it detected.
const (
	TextEncodingUTF8        = "UTF-8"
	TextEncodingUTF16LE     = "UTF-16LE"
	TextEncodingUTF16BE     = "UTF-16BE"
	TextEncodingWindows1252 = "Windows-1252"
	TextEncodingMacRoman    = "Mac Roman"
)

// DefaultTextLimit is the size DecodeText allows when it is given a limit of 0 or less.
const DefaultTextLimit = 50 << 20

// textBinarySniff is how much of the start of a file is searched for NUL bytes.
const textBinarySniff = 8 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// DecodeText reads a whole text file (at most limit bytes) and returns it as UTF-8
// without a byte order mark and with every line ending (CRLF or a lone CR, as written
// by old Excel for Mac) turned into LF, so that encoding/csv reads it. The second
// result names the encoding that was detected (one of the TextEncoding* constants).
//
// Detection: a UTF-16 byte order mark means UTF-16; input that is valid UTF-8 is UTF-8
// (a UTF-8 byte order mark is removed); anything else is a single-byte legacy encoding,
// Windows-1252 or Mac Roman, whichever decoding gives the more plausible text (see
// scoreLegacyDecoding).
//
// Errors are *record.FormatError: Import.Error.TooLarge (more than limit bytes, Data
// {"Limit": megabytes}), Import.Error.Empty (nothing but white space) and
// Import.Error.NotText (a NUL byte in the first 8 KB: a binary file such as a
// spreadsheet saved as .xls or .xlsx) and Import.Error.Unreadable (r failed).
func DecodeText(r io.Reader, limit int64) (io.Reader, string, error) {
	data, name, err := textDecodeAll(r, limit)
	if err != nil {
		return nil, "", err
	}
	return bytes.NewReader(data), name, nil
}

// textDecodeAll is DecodeText returning the decoded bytes themselves.
func textDecodeAll(r io.Reader, limit int64) ([]byte, string, error) {
	if limit <= 0 {
		limit = DefaultTextLimit
	}
	var buf bytes.Buffer
	if n := textSizeHint(r); n > 0 {
		buf.Grow(int(min(n, limit)) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	data := buf.Bytes()
	if err != nil {
		return nil, "", &record.FormatError{MessageID: "Import.Error.Unreadable", Err: err}
	}
	if int64(len(data)) > limit {
		return nil, "", &record.FormatError{
			MessageID: "Import.Error.TooLarge",
			Data:      map[string]any{"Limit": (limit + 1<<20 - 1) >> 20}, // MB, rounded up
			Err:       errors.New("text file larger than the limit"),
		}
	}

	name := TextEncodingUTF8
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}):
		name = TextEncodingUTF16LE
		data, err = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		name = TextEncodingUTF16BE
		data, err = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}) || bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		// UTF-32 text files are too rare to support; they would fail the NUL test anyway.
		return nil, "", &record.FormatError{MessageID: "Import.Error.NotText", Err: errors.New("UTF-32 text is not supported")}
	}
	if err != nil {
		return nil, "", &record.FormatError{MessageID: "Import.Error.NotText", Err: err}
	}
	data = bytes.TrimPrefix(data, utf8BOM)

	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "", &record.FormatError{MessageID: "Import.Error.Empty", Err: errors.New("the file is empty")}
	}
	if bytes.IndexByte(data[:min(len(data), textBinarySniff)], 0) >= 0 {
		return nil, "", &record.FormatError{MessageID: "Import.Error.NotText", Err: errors.New("NUL byte in the first 8 KB: a binary file")}
	}

	if name == TextEncodingUTF8 && !utf8.Valid(data) {
		cronly := textCROnlyLineEnds(data)
		win := scoreLegacyDecoding(data, &textWindows1252)
		mac := scoreLegacyDecoding(data, &textMacRoman)
		if cronly {
			mac += 2 // old Excel for Mac wrote Mac Roman with CR line ends
		}
		if mac > win || (mac == win && cronly) {
			name, data = TextEncodingMacRoman, textDecodeLegacy(data, &textMacRoman)
		} else {
			name, data = TextEncodingWindows1252, textDecodeLegacy(data, &textWindows1252)
		}
	}
	return textNormalizeNewlines(data), name, nil
}

// textLegacyTable maps each byte of a single-byte encoding to its character; the
// ASCII half is the identity. Bytes an encoding leaves undefined map to U+FFFD.
type textLegacyTable [256]rune

var textWindows1252, textMacRoman = textBuildTable(charmap.Windows1252), textBuildTable(charmap.Macintosh)

func textBuildTable(cm *charmap.Charmap) textLegacyTable {
	var t textLegacyTable
	for i := range t {
		t[i] = cm.DecodeByte(byte(i))
	}
	return t
}

func textDecodeLegacy(data []byte, t *textLegacyTable) []byte {
	out := make([]byte, 0, len(data)+len(data)/8)
	for len(data) > 0 {
		i := 0
		for i < len(data) && data[i] < utf8.RuneSelf {
			i++
		}
		out = append(out, data[:i]...)
		if i < len(data) {
			out = utf8.AppendRune(out, t[data[i]])
			i++
		}
		data = data[i:]
	}
	return out
}

// textSizeHint is the size of what r holds when r can tell (bytes.Reader,
// strings.Reader, io.SectionReader, multipart files, os.File), else 0.
func textSizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Size() int64 }:
		return v.Size()
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return 0
}

// textCROnlyLineEnds reports whether the text ends its lines with a bare CR (classic
// Mac OS) rather than LF or CRLF.
func textCROnlyLineEnds(data []byte) bool {
	crlf := bytes.Count(data, []byte("\r\n"))
	cr := bytes.Count(data, []byte{'\r'}) - crlf
	return cr > 0 && cr > bytes.Count(data, []byte{'\n'})
}

// textNormalizeNewlines turns CRLF and lone CR into LF, in place.
func textNormalizeNewlines(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	w := 0
	for i := 0; i < len(data); i++ {
		b := data[i]
		if b == '\r' {
			if i+1 < len(data) && data[i+1] == '\n' {
				continue // the LF that follows is kept
			}
			b = '\n'
		}
		data[w] = b
		w++
	}
	return data[:w]
}

// Letters with diacritics that are common in names and words of the languages these
// files are written in; finding them is evidence that a decoding is right.
const textCommonAccented = "áàâäãåçéèêëíìîïñóòôöõúùûüýÿæøœß" + "ÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝÆØŒ" + "šžŠŽ"

// Symbols that almost never occur in recommendation texts: Mac Roman's mathematical
// signs and Windows-1252's spacing accents are what the wrong decoding produces.
const textUnlikelySymbols = "∑∏π∫Ω√≈≠≤≥∂∆◊∞‡†‰¬ƒˆ˜¨´¸ˇ˘˙˚˝˛¯⁄‹›‚„ıﬁﬂªºµ¤¦¹²³¼½¾ÐðÞþ"

// scoreLegacyDecoding scores how plausible data looks when its bytes above 0x7F are read
// with table t: each such character counts for or against, judged with its neighbours.
//   - a common accented letter counts +2; a lower-case one standing alone (French "à")
//     +1; a capital right after a lower-case letter ("HissŽne", "HabrÈ") -3;
//   - typographic punctuation counts where punctuation sits: ’ between letters +3
//     (English "State’s"), after an s +2, after another letter +1; “ before a word and
//     ” after one +2; dashes between spaces or digits +2; other common signs
//     (… • « » ° € £ NBSP …) +1;
//   - unlikely symbols (∑ ∏ π ∫ Ω ˆ ˜ …) -3; control characters, undefined bytes and
//     private-use characters (Mac Roman's Apple logo) -5; anything else -1.
//
// The decoding with the higher total wins.
func scoreLegacyDecoding(data []byte, t *textLegacyTable) int {
	at := func(i int) rune {
		if i < 0 || i >= len(data) {
			return ' '
		}
		return t[data[i]]
	}
	score := 0
	for i, b := range data {
		if b < utf8.RuneSelf {
			continue
		}
		r, prev, next := t[b], at(i-1), at(i+1)
		switch {
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Co, r):
			score -= 5
		case strings.ContainsRune(textUnlikelySymbols, r):
			score -= 3
		case strings.ContainsRune(textCommonAccented, r):
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				score -= 3
			case unicode.IsLower(r) && !unicode.IsLetter(prev) && !unicode.IsLetter(next):
				score++
			default:
				score += 2
			}
		case unicode.IsLetter(r):
			score -= 2 // a letter outside the common set (Greek, Icelandic …)
		case r == '’':
			switch {
			case unicode.IsLetter(prev) && unicode.IsLetter(next):
				score += 3
			case prev == 's' || prev == 'S':
				score += 2 // plural possessive: "States’ obligations"
			case unicode.IsLetter(prev) || unicode.IsDigit(prev):
				score++ // a closing quote, or Mac Roman's word-final í ("Guaraní")
			}
		case r == '‘' || r == '“':
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				score += 2
			}
		case r == '”':
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || unicode.IsPunct(prev) {
				score += 2
			}
		case r == '–' || r == '—':
			if (prev == ' ' && next == ' ') || (unicode.IsDigit(prev) && unicode.IsDigit(next)) {
				score += 2
			} else {
				score++
			}
		case strings.ContainsRune("…•«»°€£¥¢§¶©®™·¿¡×±÷\u00a0\u00ad", r):
			score++
		default:
			score--
		}
	}
	return score
}
