package formats

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
)

func textTestEncode(t testing.TB, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

func textTestDecode(t testing.TB, in []byte) (string, string) {
	t.Helper()
	r, name, err := DecodeText(bytes.NewReader(in), 0)
	if err != nil {
		t.Fatalf("DecodeText: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), name
}

func textTestFormatError(t testing.TB, err error, id string) *record.FormatError {
	t.Helper()
	var fe *record.FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("want FormatError %s, got %v", id, err)
	}
	if fe.MessageID != id {
		t.Fatalf("want %s, got %s (%v)", id, fe.MessageID, fe)
	}
	return fe
}

func TestDecodeTextDetects(t *testing.T) {
	const want = "Bring Mr. Hissène Habré to justice\nCôte d'Ivoire, São Tomé, Curaçao\nvis-à-vis Guaraní, Türkiye\n"
	crlf := strings.ReplaceAll(want, "\n", "\r\n")
	cr := strings.ReplaceAll(want, "\n", "\r")
	cases := []struct {
		name, enc string
		in        []byte
	}{
		{"utf8", TextEncodingUTF8, []byte(want)},
		{"utf8 bom crlf", TextEncodingUTF8, append([]byte("\xEF\xBB\xBF"), crlf...)},
		{"utf8 cr", TextEncodingUTF8, []byte(cr)},
		{"1252 crlf", TextEncodingWindows1252, textTestEncode(t, charmap.Windows1252, crlf)},
		{"1252 lf", TextEncodingWindows1252, textTestEncode(t, charmap.Windows1252, want)},
		{"1252 cr", TextEncodingWindows1252, textTestEncode(t, charmap.Windows1252, cr)},
		{"mac cr", TextEncodingMacRoman, textTestEncode(t, charmap.Macintosh, cr)},
		{"mac lf", TextEncodingMacRoman, textTestEncode(t, charmap.Macintosh, want)},
		{"mac crlf", TextEncodingMacRoman, textTestEncode(t, charmap.Macintosh, crlf)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, enc := textTestDecode(t, c.in)
			if enc != c.enc {
				t.Errorf("encoding %s, want %s", enc, c.enc)
			}
			if got != want {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
}

// Each name alone, the hardest case: a few bytes decide.
func TestDecodeTextShortSamples(t *testing.T) {
	for _, s := range []string{
		"Hissène Habré", "Haute Autorité de la Transition", "the Guaraní indigenous peoples",
		"vis-à-vis children", "Côte d'Ivoire intends", "Instance Equité - Reconciliation",
		"Ratify the Convention (Türkiye)", "Niño, niña y adolescente", "Žiga Šarec and Mr. Šimić",
		"the State’s “erased” persons – 2006–2016", "Øresund, Ærø, Straße", "São Tomé and Príncipe",
	} {
		for _, cm := range []struct {
			name string
			cm   *charmap.Charmap
		}{{TextEncodingWindows1252, charmap.Windows1252}, {TextEncodingMacRoman, charmap.Macintosh}} {
			in, err := cm.cm.NewEncoder().String(s)
			if err != nil {
				continue // not representable in this encoding (Š in Mac Roman)
			}
			got, enc := textTestDecode(t, []byte(in))
			if got != s || enc != cm.name {
				t.Errorf("%s %q: got %q as %s", cm.name, s, got, enc)
			}
		}
	}
}

func TestDecodeTextUTF16(t *testing.T) {
	const want = "To,Text\nSlovenia,Hissène Habré\n"
	for _, c := range []struct {
		name string
		e    xunicode.Endianness
	}{{TextEncodingUTF16LE, xunicode.LittleEndian}, {TextEncodingUTF16BE, xunicode.BigEndian}} {
		in, err := xunicode.UTF16(c.e, xunicode.UseBOM).NewEncoder().String(strings.ReplaceAll(want, "\n", "\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		got, enc := textTestDecode(t, []byte(in))
		if got != want || enc != c.name {
			t.Errorf("%s: got %q as %s", c.name, got, enc)
		}
	}
}

func TestDecodeTextErrors(t *testing.T) {
	_, _, err := DecodeText(strings.NewReader(""), 0)
	textTestFormatError(t, err, "Import.Error.Empty")
	_, _, err = DecodeText(strings.NewReader("\xEF\xBB\xBF \r\n\r\n"), 0)
	textTestFormatError(t, err, "Import.Error.Empty")

	bin := append([]byte("PK\x03\x04"), make([]byte, 100)...)
	_, _, err = DecodeText(bytes.NewReader(bin), 0)
	textTestFormatError(t, err, "Import.Error.NotText")

	_, _, err = DecodeText(strings.NewReader(strings.Repeat("a,b\n", 1000)), 3999)
	fe := textTestFormatError(t, err, "Import.Error.TooLarge")
	if _, ok := fe.Data["Limit"]; !ok {
		t.Errorf("TooLarge without a Limit: %v", fe.Data)
	}
	if _, _, err := DecodeText(strings.NewReader(strings.Repeat("a,b\n", 1000)), 4000); err != nil {
		t.Errorf("exactly at the limit: %v", err)
	}
}

func TestDecodeTextRealFiles(t *testing.T) {
	for file, want := range map[string][]string{
		"1-5.csv":       {"Hissène Habré", "Instance Equité"},
		"6-9.csv":       {"Guaraní indigenous", "vis-à-vis children", "Haute Autorité de la Transition"},
		"voluntary.csv": {"Côte d'Ivoire intends", "vis-à-vis international law"},
	} {
		in, err := os.ReadFile(shareddata.Path(t, "upr-info", file))
		if err != nil {
			t.Fatal(err)
		}
		got, enc := textTestDecode(t, in)
		if enc != TextEncodingMacRoman {
			t.Errorf("%s: detected %s, want %s", file, enc, TextEncodingMacRoman)
		}
		if strings.Contains(got, "\r") {
			t.Errorf("%s: CR left in the text", file)
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q not found", file, w)
			}
		}
	}
}
