package progress

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanFilename keeps the last part of a name (no path), drops control and invisible
// formatting characters (a right-to-left override can make "fdp.exe" read as "exe.pdf"),
// replaces characters that other systems treat specially, and shortens it to
// MaxFilenameLen characters, keeping the extension.
func cleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		case strings.ContainsRune(`"*:<>?|`, r):
			return '_'
		}
		return r
	}, name)
	// Leading dots hide a file on some systems; trailing dots and spaces vanish on others.
	name = strings.TrimRight(strings.TrimLeft(strings.TrimSpace(name), "."), ". ")
	if r := []rune(name); len(r) > MaxFilenameLen {
		ext := []rune(path.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = strings.TrimSpace(string(r[:MaxFilenameLen-len(ext)])) + string(ext)
	}
	return name
}

// OOXML and ODF content types.
const (
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	odtType  = "application/vnd.oasis.opendocument.text"
)

// detectType decides a file's content type from its extension and its bytes together, and
// whether it is accepted as evidence at all: the bytes must be what the name says.
func detectType(name string, data []byte) (string, bool) {
	sniffed := http.DetectContentType(data)
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "application/pdf", sniffed == "application/pdf"
	case ".png":
		return "image/png", sniffed == "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg", sniffed == "image/jpeg"
	case ".txt":
		return sniffed, isText(sniffed, data)
	case ".csv":
		return "text/csv" + strings.TrimPrefix(sniffed, "text/plain"), isText(sniffed, data)
	case ".docx":
		return docxType, sniffed == "application/zip" && zipHas(data, "word/document.xml", "")
	case ".xlsx":
		return xlsxType, sniffed == "application/zip" && zipHas(data, "xl/workbook.xml", "")
	case ".odt":
		return odtType, sniffed == "application/zip" && zipHas(data, "content.xml", odtType)
	}
	return "", false
}

// isText checks the whole file, not only the first 512 bytes the sniffer reads, for the
// bytes that never occur in text, so a program cannot hide behind a page of text.
// UTF-16 (what spreadsheet programs write as "Unicode text") is accepted on its byte
// order mark.
func isText(sniffed string, data []byte) bool {
	if !strings.HasPrefix(sniffed, "text/plain;") {
		return false
	}
	if strings.HasSuffix(sniffed, "charset=utf-16be") || strings.HasSuffix(sniffed, "charset=utf-16le") {
		return true
	}
	for _, b := range data {
		if b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F) {
			return false
		}
	}
	return true
}

// zipHas reports whether data is a zip archive holding the named part. When mimetype is
// set and the archive has a "mimetype" entry (as OpenDocument files do), it must say that.
// Only the directory and that small entry are read, never the other parts.
func zipHas(data []byte, part, mimetype string) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	found := false
	for _, f := range zr.File {
		switch f.Name {
		case part:
			found = true
		case "mimetype":
			if mimetype == "" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return false
			}
			b, err := io.ReadAll(io.LimitReader(rc, 200))
			rc.Close()
			if err != nil || strings.TrimSpace(string(b)) != mimetype {
				return false
			}
		}
	}
	return found
}
