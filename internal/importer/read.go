// Package importer brings recommendations into a State's database from the files
// NMRFs receive: it reads any supported format into records, normalises them (codes for
// States and bodies, paragraph numbers out of the text), and applies them all or
// nothing, recognising what an earlier import already brought.
package importer

import (
	"bufio"
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/importer/formats"
	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// Formats a file can be in.
const (
	FormatUHRIXLSX    = "uhri_xlsx"
	FormatUHRIJSON    = "uhri_json"
	FormatUPRInfo     = "upr_info_csv"
	FormatMatrix      = "ohchr_matrix_docx"
	FormatGenericCSV  = "generic_csv"
	FormatGenericXLSX = "generic_xlsx"
)

// AllFormats lists the formats in the order the upload form offers them.
var AllFormats = []string{FormatUHRIXLSX, FormatUHRIJSON, FormatUPRInfo, FormatMatrix, FormatGenericCSV, FormatGenericXLSX}

// ValidFormat reports whether f is a known format.
func ValidFormat(f string) bool {
	for _, x := range AllFormats {
		if x == f {
			return true
		}
	}
	return false
}

// MaxFileBytes is the largest file an import accepts.
const MaxFileBytes = 200 << 20

// DetectFormat guesses a file's format from its name and first bytes; "" when unsure.
func DetectFormat(filename string, data []byte) string {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	ext := strings.ToLower(filepath.Ext(filename))
	isZip := bytes.HasPrefix(head, []byte("PK\x03\x04"))
	switch {
	case ext == ".docx" && isZip:
		return FormatMatrix
	case ext == ".xlsx" && isZip:
		if bytes.Contains(data, []byte("xl/")) {
			return FormatUHRIXLSX
		}
	case ext == ".json" || bytes.HasPrefix(bytes.TrimLeft(head, "\ufeff \t\r\n"), []byte("[")):
		return FormatUHRIJSON
	case ext == ".csv" || ext == ".txt":
		low := bytes.ToLower(head)
		if bytes.Contains(low, []byte("to-rgrp")) && bytes.Contains(low, []byte("response")) {
			return FormatUPRInfo
		}
		return FormatGenericCSV
	}
	return ""
}

// Input is one file to import.
type Input struct {
	Filename string
	Format   string
	Data     []byte
	Mapping  formats.Mapping // for the generic formats
	// File, when set instead of Data, is read in place (a large file on disk is never
	// loaded whole: the command line imports a quarter-million-row export this way).
	File     io.ReaderAt
	FileSize int64
}

// source returns the file's bytes as a reader at, with its size.
func (in Input) source() (io.ReaderAt, int64) {
	if in.File != nil {
		return in.File, in.FileSize
	}
	return bytes.NewReader(in.Data), int64(len(in.Data))
}

// readFile streams a file's records to emit; for a matrix it also returns what the
// document says about itself.
func readFile(in Input, emit record.Emit) (formats.MatrixInfo, error) {
	r, size := in.source()
	stream := io.NewSectionReader(r, 0, size)
	switch in.Format {
	case FormatUHRIXLSX:
		return formats.MatrixInfo{}, formats.ReadUHRIXLSX(r, size, emit)
	case FormatUHRIJSON:
		return formats.MatrixInfo{}, formats.ReadUHRIJSON(bufio.NewReaderSize(stream, 1<<20), emit)
	case FormatUPRInfo:
		return formats.MatrixInfo{}, formats.ReadUPRInfo(stream, emit)
	case FormatMatrix:
		return formats.ReadMatrix(r, size, emit)
	case FormatGenericCSV:
		return formats.MatrixInfo{}, formats.ReadGenericCSV(stream, in.Mapping, emit)
	case FormatGenericXLSX:
		return formats.MatrixInfo{}, formats.ReadGenericXLSX(r, size, in.Mapping, emit)
	}
	return formats.MatrixInfo{}, &record.FormatError{MessageID: "Import.Error.FormatUnknown"}
}
