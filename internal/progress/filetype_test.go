package progress

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func TestCleanFilename(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ж", 300) + ".pdf"
	for in, want := range map[string]string{
		"report.pdf":                   "report.pdf",
		"../../etc/passwd":             "passwd",
		`C:\Users\Public\report.pdf`:   "report.pdf",
		"  .hidden.pdf  ":              "hidden.pdf",
		"report.pdf. . ":               "report.pdf",
		"annual\x00report\n.pdf":       "annualreport.pdf",
		"invoice\u202efdp.exe":         "invoicefdp.exe", // a right-to-left override would make it read "…exe.pdf"
		`what: "why"?.txt`:             "what_ _why__.txt",
		"rapport d’activité 2025.docx": "rapport d’activité 2025.docx",
		"تقرير التقدم.pdf":             "تقرير التقدم.pdf",
		"bad\xffbyte.csv":              "badbyte.csv",
		"/":                            "",
	} {
		if got := cleanFilename(in); got != want {
			t.Errorf("cleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
	got := cleanFilename(long)
	if n := len([]rune(got)); n != MaxFilenameLen || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("long name: %d characters, %q…", n, got[len(got)-10:])
	}
}

func zipWith(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDetectType(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	for _, c := range []struct {
		name string
		data []byte
		want string // "" refused
	}{
		{"a.pdf", []byte("%PDF-1.4\n"), "application/pdf"},
		{"A.PDF", []byte("%PDF-1.4\n"), "application/pdf"},
		{"a.png", png, "image/png"},
		{"a.jpg", jpeg, "image/jpeg"},
		{"a.jpeg", jpeg, "image/jpeg"},
		{"a.png", jpeg, ""},
		{"a.txt", []byte("Rapport annuel\n"), "text/plain; charset=utf-8"},
		{"a.txt", []byte("\xff\xfeR\x00a\x00"), "text/plain; charset=utf-16le"},
		{"a.csv", []byte("region,count\nnorth,2\n"), "text/csv; charset=utf-8"},
		{"a.csv", []byte("MZ\x90\x00\x03"), ""},
		{"a.docx", zipWith(t, map[string]string{"word/document.xml": "<w/>"}), docxType},
		{"a.docx", zipWith(t, map[string]string{"xl/workbook.xml": "<x/>"}), ""},
		{"a.xlsx", zipWith(t, map[string]string{"xl/workbook.xml": "<x/>"}), xlsxType},
		{"a.odt", zipWith(t, map[string]string{"mimetype": odtType, "content.xml": "<o/>"}), odtType},
		{"a.odt", zipWith(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<o/>"}), ""},
		{"a.odt", zipWith(t, map[string]string{"mimetype": odtType}), ""},
		{"a.docx", []byte("PK\x03\x04 not really a zip"), ""},
		{"a.html", []byte("<html></html>"), ""},
		{"a.svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), ""},
		{"a.zip", zipWith(t, map[string]string{"word/document.xml": "<w/>"}), ""},
	} {
		got, ok := detectType(c.name, c.data)
		if (c.want == "") == ok || (ok && got != c.want) {
			t.Errorf("detectType(%s, %q…) = %q, %v; want %q", c.name, c.data[:min(len(c.data), 8)], got, ok, c.want)
		}
	}
}
