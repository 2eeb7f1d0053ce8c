package reference

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// table is a CSV file read whole: its header and its rows.
type table struct {
	name   string
	header []string
	rows   [][]string
}

// readCSV reads a UTF-8 CSV file (a BOM is dropped).
func readCSV(t *testing.T, path string) table {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseCSV(t, path, string(bytes.TrimPrefix(data, []byte("\ufeff"))))
}

// readMacRomanCSV reads a CSV file saved by old Excel for Mac: Mac Roman encoded, with
// CR-only line ends.
func readMacRomanCSV(t *testing.T, path string) table {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := charmap.Macintosh.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatalf("%s: decode Mac Roman: %v", path, err)
	}
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	return parseCSV(t, path, text)
}

func parseCSV(t *testing.T, path, text string) table {
	t.Helper()
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(records) < 2 {
		t.Fatalf("%s: no data rows", path)
	}
	return table{name: path, header: records[0], rows: records[1:]}
}

// col finds a column by its header, ignoring case and surrounding spaces, and fails
// the test naming the missing column.
func (tb table) col(t *testing.T, name string) int {
	t.Helper()
	for i, h := range tb.header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	t.Fatalf("%s: no column %q in header %q", tb.name, name, tb.header)
	return -1
}

// cell returns row[i], or "" when the row is short.
func cell(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}
