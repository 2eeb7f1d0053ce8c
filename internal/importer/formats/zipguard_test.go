package formats

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// zipTestEntry is one entry of a test archive: content, or size zero bytes written in
// a stream.
type zipTestEntry struct {
	name    string
	content string
	zeros   int64
}

func zipTestBuild(t testing.TB, entries ...zipTestEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	chunk := make([]byte, 1<<20)
	for _, e := range entries {
		f, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, e.content); err != nil {
			t.Fatal(err)
		}
		for left := e.zeros; left > 0; {
			n := min(left, int64(len(chunk)))
			if _, err := f.Write(chunk[:n]); err != nil {
				t.Fatal(err)
			}
			left -= n
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipTestOpen(data []byte, l ZipLimits) (*zip.Reader, error) {
	return OpenZip(bytes.NewReader(data), int64(len(data)), l)
}

func TestOpenZipNormal(t *testing.T) {
	data := zipTestBuild(t,
		zipTestEntry{name: "[Content_Types].xml", content: "<Types/>"},
		zipTestEntry{name: "word/document.xml", content: strings.Repeat("<w:p>text</w:p>", 1000)},
		zipTestEntry{name: "small-zeros.bin", zeros: 900 << 10}, // compresses ~1000:1, under 1 MB: allowed
	)
	zr, err := zipTestOpen(data, ZipLimits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadEntry(zr.File[1], 1<<20)
	if err != nil || len(got) != 15000 {
		t.Fatalf("ReadEntry: %d bytes, %v", len(got), err)
	}
	if _, err := ReadEntry(zr.File[1], 14999); err == nil {
		t.Fatal("ReadEntry over its max succeeded")
	} else {
		textTestFormatError(t, err, "Import.Error.ZipBomb")
	}
}

func TestOpenZipRefuses(t *testing.T) {
	tiny := ZipLimits{MaxTotal: 2 << 20, MaxEntry: 1500 << 10, MaxEntries: 3}
	normal := zipTestEntry{name: "a.xml", content: strings.Repeat("x", 1<<20)}
	cases := map[string]struct {
		data []byte
		l    ZipLimits
		id   string
	}{
		"not a zip":     {[]byte("To,Text\nSlovenia,x\n"), ZipLimits{}, "Import.Error.NotZip"},
		"empty":         {nil, ZipLimits{}, "Import.Error.NotZip"},
		"truncated zip": {zipTestBuild(t, normal)[:200], ZipLimits{}, "Import.Error.NotZip"},
		"too many entries": {zipTestBuild(t, zipTestEntry{name: "1"}, zipTestEntry{name: "2"},
			zipTestEntry{name: "3"}, zipTestEntry{name: "4"}), tiny, "Import.Error.ZipBomb"},
		"entry too large": {zipTestBuild(t, zipTestEntry{name: "big", content: strings.Repeat("ab", 1<<20)}),
			ZipLimits{MaxEntry: 1 << 20}, "Import.Error.ZipBomb"},
		"total too large": {zipTestBuild(t, normal, zipTestEntry{name: "b.xml", content: strings.Repeat("y", 1<<20)},
			zipTestEntry{name: "c.xml", content: strings.Repeat("z", 1<<20)}), tiny, "Import.Error.ZipBomb"},
		"ratio": {zipTestBuild(t, zipTestEntry{name: "zeros", zeros: 5 << 20}), ZipLimits{}, "Import.Error.ZipBomb"},
	}
	for name, c := range cases {
		_, err := zipTestOpen(c.data, c.l)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		textTestFormatError(t, err, c.id)
	}
}

// zipTestZeros builds an archive holding one entry of n zeros (n a multiple of 1 MB),
// declared honestly, without deflating n bytes: one sync-flushed deflate block of 1 MB
// of zeros is byte-aligned and refers only to zeros, so it can be repeated.
func zipTestZeros(t testing.TB, name string, n int64) []byte {
	t.Helper()
	zeros := make([]byte, 1<<20)
	var block, tail bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	fw.Write(zeros)
	fw.Flush()
	fw.Reset(&tail)
	fw.Close() // an empty final block
	crc := uint32(0)
	for i := int64(0); i < n>>20; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(block.Len())*uint64(n>>20) + uint64(tail.Len()), UncompressedSize64: uint64(n)})
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(0); i < n>>20; i++ {
		f.Write(block.Bytes())
	}
	f.Write(tail.Bytes())
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A gigabyte of zeros, declared honestly.
func TestOpenZipGigabyteOfZeros(t *testing.T) {
	data := zipTestZeros(t, "xl/worksheets/sheet1.xml", 1<<30)
	t.Logf("1 GB of zeros in a %d-byte archive", len(data))
	_, err := zipTestOpen(data, DefaultZipLimits())
	textTestFormatError(t, err, "Import.Error.ZipBomb")

	// Even with every declared-size check switched off, reading stops at the limit.
	zr, err := zipTestOpen(data, ZipLimits{MaxTotal: 1 << 40, MaxEntry: 1 << 40, MaxRatio: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadEntry(zr.File[0], 1<<20)
	textTestFormatError(t, err, "Import.Error.ZipBomb")

	// The construction is sound: 8 MB of it reads back whole.
	small := zipTestZeros(t, "z", 8<<20)
	zr, err = zipTestOpen(small, ZipLimits{MaxRatio: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadEntry(zr.File[0], 8<<20)
	if err != nil || len(got) != 8<<20 {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
}

// zipTestLiar writes an entry whose headers declare fewer bytes than it holds.
func zipTestLiar(t testing.TB, declared uint64, real []byte) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(real)
	fw.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(real[:declared]),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.Write(comp.Bytes())
	w.Close()
	return buf.Bytes()
}

func TestReadEntryHeaderLies(t *testing.T) {
	data := zipTestLiar(t, 100, make([]byte, 10<<20))
	zr, err := zipTestOpen(data, ZipLimits{})
	if err != nil {
		t.Fatalf("OpenZip trusts the declared 100 bytes, yet: %v", err)
	}
	if zr.File[0].UncompressedSize64 != 100 {
		t.Fatalf("declared %d", zr.File[0].UncompressedSize64)
	}
	_, err = ReadEntry(zr.File[0], 1<<20)
	textTestFormatError(t, err, "Import.Error.ZipBomb")

	// A damaged entry (bad checksum) is not a bomb.
	bad := zipTestBuild(t, zipTestEntry{name: "a", content: "hello, world"})
	zr, _ = zipTestOpen(bad, ZipLimits{})
	off, _ := zr.File[0].DataOffset()
	bad[off+1] ^= 0x55
	zr, err = zipTestOpen(bad, ZipLimits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadEntry(zr.File[0], 1<<20)
	textTestFormatError(t, err, "Import.Error.NotZip")
}
