package formats

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// ZipLimits bound what an uploaded Office file (.docx, .xlsx: zip archives) may unpack
// to. A zero field takes its value from DefaultZipLimits.
type ZipLimits struct {
	MaxTotal   int64   // declared uncompressed size of all entries together, bytes
	MaxEntry   int64   // declared uncompressed size of any one entry, bytes
	MaxRatio   float64 // uncompressed/compressed, checked for entries over zipRatioFloor
	MaxEntries int     // number of entries
}

// DefaultZipLimits are generous for real matrices and UHRI exports (a few MB unpacked)
// and refuse archives built to exhaust memory or disk.
func DefaultZipLimits() ZipLimits {
	return ZipLimits{MaxTotal: 200 << 20, MaxEntry: 100 << 20, MaxRatio: 100, MaxEntries: 10000}
}

// zipRatioFloor: small entries are not held to MaxRatio (a 40 KB run of XML markup may
// compress 200:1 and do no harm).
const zipRatioFloor = 1 << 20

func (l ZipLimits) withDefaults() ZipLimits {
	d := DefaultZipLimits()
	if l.MaxTotal <= 0 {
		l.MaxTotal = d.MaxTotal
	}
	if l.MaxEntry <= 0 {
		l.MaxEntry = d.MaxEntry
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	return l
}

func zipBomb(format string, args ...any) *record.FormatError {
	return &record.FormatError{MessageID: "Import.Error.ZipBomb", Err: fmt.Errorf(format, args...)}
}

// OpenZip opens an uploaded zip archive and checks, from its central directory, that
// unpacking it stays within limits. Errors are *record.FormatError:
// Import.Error.NotZip when r is not a zip archive, Import.Error.ZipBomb when it holds
// too many entries, declares too much data or compresses suspiciously well. The
// declared sizes can lie: read entries with ReadEntry, which enforces the limit again.
func OpenZip(r io.ReaderAt, size int64, limits ZipLimits) (*zip.Reader, error) {
	limits = limits.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Entry names are never used as paths here, so ErrInsecurePath does no harm.
		return nil, &record.FormatError{MessageID: "Import.Error.NotZip", Err: err}
	}
	if len(zr.File) > limits.MaxEntries {
		return nil, zipBomb("%d entries, more than %d", len(zr.File), limits.MaxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		n := f.UncompressedSize64
		if n > uint64(limits.MaxEntry) {
			return nil, zipBomb("entry %q declares %d bytes, more than %d", f.Name, n, limits.MaxEntry)
		}
		total += n
		if total > uint64(limits.MaxTotal) {
			return nil, zipBomb("entries declare more than %d bytes in all", limits.MaxTotal)
		}
		if n > zipRatioFloor {
			c := f.CompressedSize64
			if c == 0 || float64(n)/float64(c) > limits.MaxRatio {
				return nil, zipBomb("entry %q compresses %d bytes into %d", f.Name, n, c)
			}
		}
	}
	return zr, nil
}

// zipLimitedReader reads an entry, failing with Import.Error.ZipBomb past max bytes or
// past the size the entry declares (archive/zip reports the latter as ErrFormat).
type zipLimitedReader struct {
	rc   io.ReadCloser
	f    *zip.File
	max  int64
	read int64
}

// zipOpenEntry opens f for streaming with the checks of ReadEntry.
func zipOpenEntry(f *zip.File, max int64) (*zipLimitedReader, error) {
	if f.UncompressedSize64 > uint64(max) {
		return nil, zipBomb("entry %q declares %d bytes, more than %d", f.Name, f.UncompressedSize64, max)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &record.FormatError{MessageID: "Import.Error.NotZip", Err: err}
	}
	return &zipLimitedReader{rc: rc, f: f, max: max}, nil
}

func (z *zipLimitedReader) Read(p []byte) (int, error) {
	if room := z.max + 1 - z.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := z.rc.Read(p)
	z.read += int64(n)
	if z.read > z.max {
		return n, zipBomb("entry %q holds more than %d bytes", z.f.Name, z.max)
	}
	if err != nil && err != io.EOF {
		if errors.Is(err, zip.ErrFormat) {
			// Once an entry is open, archive/zip returns ErrFormat only when it
			// unpacks more than the entry declares: the header lied.
			return n, zipBomb("entry %q holds more than the %d bytes it declares", z.f.Name, z.f.UncompressedSize64)
		}
		return n, &record.FormatError{MessageID: "Import.Error.NotZip", Err: err}
	}
	return n, err
}

func (z *zipLimitedReader) Close() error { return z.rc.Close() }

// ReadEntry reads one entry of an archive opened with OpenZip, at most max bytes,
// counting what it really unpacks: an entry whose header understates its size fails
// with Import.Error.ZipBomb as soon as it passes max (or its declared size), a damaged
// one with Import.Error.NotZip.
func ReadEntry(f *zip.File, max int64) ([]byte, error) {
	z, err := zipOpenEntry(f, max)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	// The declared size (bounded by max) sizes the buffer; what is read decides.
	var buf bytes.Buffer
	buf.Grow(int(min(f.UncompressedSize64, uint64(max))) + bytes.MinRead)
	if _, err := buf.ReadFrom(z); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
