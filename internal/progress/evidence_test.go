package progress_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/progress"
)

var pdf = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

// zipOf builds a zip archive holding the named parts.
func zipOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "<part name=%q/>", p)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEvidenceFiles(t *testing.T) {
	t.Parallel()
	s := newState(t)
	ctx, tid := s.ctx, s.tenantID
	r := s.draft(progress.Input{})
	add := func(name string, data []byte) (progress.Evidence, error) {
		return s.store.AddFile(ctx, tid, s.fpJustice, r.ID, name, "application/octet-stream", data)
	}

	e, err := add(`..\..\reports/Attendance lists.pdf`, pdf)
	if err != nil {
		t.Fatal(err)
	}
	if e.Filename != "Attendance lists.pdf" || e.ContentType != "application/pdf" || e.Size != int64(len(pdf)) {
		t.Fatalf("pdf stored as %+v", e)
	}
	docx, err := add("Training report.docx", zipOf(t, "[Content_Types].xml", "word/document.xml"))
	if err != nil || !strings.Contains(docx.ContentType, "wordprocessingml") {
		t.Fatalf("docx: %+v %v", docx, err)
	}

	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...)
	oversize := append(append([]byte{}, pdf...), make([]byte, progress.MaxFileSize)...)
	for _, c := range []struct {
		name, filename string
		data           []byte
		msg            string
	}{
		{"a program", "setup.exe", exe, "Progress.FileTypeRefused"},
		{"a program named as a PDF", "report.pdf", exe, "Progress.FileTypeRefused"},
		{"a PDF named as a program", "report.exe", pdf, "Progress.FileTypeRefused"},
		{"a PDF without an extension", "report", pdf, "Progress.FileTypeRefused"},
		{"a zip named as a Word document", "minutes.docx", zipOf(t, "[Content_Types].xml", "readme.txt"), "Progress.FileTypeRefused"},
		{"a Word document named as a spreadsheet", "budget.xlsx", zipOf(t, "word/document.xml"), "Progress.FileTypeRefused"},
		{"web page as text", "notes.txt", []byte("<html><script>alert(1)</script></html>"), "Progress.FileTypeRefused"},
		{"binary after a page of text", "notes.txt", append([]byte(strings.Repeat("text ", 200)), exe...), "Progress.FileTypeRefused"},
		{"over 10 MB", "big.pdf", oversize, "Progress.FileTooLarge"},
		{"empty", "empty.pdf", nil, "Progress.FileEmpty"},
	} {
		_, err := add(c.filename, c.data)
		if fault.FieldsOf(err)["file"] != c.msg {
			t.Errorf("%s: %v, want %s", c.name, err, c.msg)
		}
	}

	// Ten files at most: eight more after the PDF and the Word document, then the eleventh is refused.
	for i := range 8 {
		if _, err := add(fmt.Sprintf("list-%d.csv", i), []byte("name,sessions\nnorth,2\n")); err != nil {
			t.Fatalf("file %d: %v", i+3, err)
		}
	}
	_, err = add("one-more.pdf", pdf)
	wantField(t, err, "file", "Progress.TooManyFiles")
	// Links do not count as files.
	if _, err := s.store.AddLink(ctx, tid, s.fpJustice, r.ID, "https://example.org/training"); err != nil {
		t.Fatal(err)
	}
	if got := s.get(s.fpJustice, r.ID); len(got.Evidence) != progress.MaxFiles+1 {
		t.Fatalf("%d pieces of evidence", len(got.Evidence))
	}

	// Removing one makes room again.
	if err := s.store.RemoveEvidence(ctx, tid, s.fpJustice, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := add("one-more.pdf", pdf); err != nil {
		t.Fatal(err)
	}
	_, err = s.store.Evidence(ctx, tid, s.staff, e.ID)
	wantErr(t, err, fault.NotFound, "")

	// Others may not add to or take from this entity's report.
	_, err = s.store.AddFile(ctx, tid, s.fpHealth, r.ID, "x.pdf", "application/pdf", pdf)
	wantErr(t, err, fault.Forbidden, "Progress.NotYourEntity")
	_, err = s.store.AddLink(ctx, tid, s.nhri, r.ID, "https://example.org")
	wantErr(t, err, fault.Forbidden, "")
	wantErr(t, s.store.RemoveEvidence(ctx, tid, s.fpHealth, docx.ID), fault.Forbidden, "Progress.NotYourEntity")
}

func TestEvidenceLinks(t *testing.T) {
	t.Parallel()
	s := newState(t)
	r := s.draft(progress.Input{})
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://example.org/report?id=1", true},
		{"  http://example.org/report  ", true},
		{"javascript:alert(1)", false},
		{"ftp://example.org/report", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"https://", false},
		{"//example.org/report", false},
		{"https://user:secret@example.org/", false},
		{"https://example.org/a b", false},
		{"https://example.org/" + strings.Repeat("a", progress.MaxURL), false},
		{"", false},
	} {
		e, err := s.store.AddLink(s.ctx, s.tenantID, s.fpJustice, r.ID, c.url)
		if c.ok && (err != nil || e.URL != strings.TrimSpace(c.url)) {
			t.Errorf("%q: %+v %v", c.url, e, err)
		}
		if !c.ok && fault.FieldsOf(err)["url"] != "Progress.LinkInvalid" {
			t.Errorf("%q accepted: %v", c.url, err)
		}
	}
}

func TestEvidenceVisibility(t *testing.T) {
	t.Parallel()
	s := newState(t)
	ctx, tid := s.ctx, s.tenantID

	withEvidence := func(public bool) (progress.Report, progress.Evidence) {
		t.Helper()
		r := s.draft(progress.Input{EvidencePublic: public})
		e, err := s.store.AddFile(ctx, tid, s.fpJustice, r.ID, "Attendance lists.pdf", "application/pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		return r, e
	}
	private, privateFile := withEvidence(false)
	public, publicFile := withEvidence(true)

	// Once submitted, evidence can be neither added nor removed.
	for _, r := range []progress.Report{private, public} {
		if err := s.submit(r.ID)(r.Version); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.store.AddFile(ctx, tid, s.fpJustice, private.ID, "late.pdf", "application/pdf", pdf)
	wantErr(t, err, fault.Invalid, "Progress.NotEditable")
	wantErr(t, s.store.RemoveEvidence(ctx, tid, s.fpJustice, privateFile.ID), fault.Invalid, "Progress.NotEditable")
	_, err = s.store.AddLink(ctx, tid, s.staff, private.ID, "https://example.org")
	wantErr(t, err, fault.Invalid, "Progress.NotEditable")

	for _, r := range []progress.Report{private, public} {
		if err := s.validate(r.ID)(r.Version + 1); err != nil {
			t.Fatal(err)
		}
		if err := s.publish(r.ID)(r.Version + 2); err != nil {
			t.Fatal(err)
		}
	}

	// Private evidence of a published report stays with the staff, the NHRI and the entity.
	for _, c := range []struct {
		name     string
		actor    progress.Actor
		evidence progress.Evidence
		report   progress.Report
		ok       bool
	}{
		{"staff, private", s.staff, privateFile, private, true},
		{"NHRI, private", s.nhri, privateFile, private, true},
		{"the entity, private", s.fpJustice, privateFile, private, true},
		{"another entity, private", s.fpHealth, privateFile, private, false},
		{"adviser, private", s.adviser, privateFile, private, false},
		{"civil society, private", s.cso, privateFile, private, false},
		{"another entity, public", s.fpHealth, publicFile, public, true},
		{"adviser, public", s.adviser, publicFile, public, true},
		{"civil society, public", s.cso, publicFile, public, false}, // no ViewPlan in the workspace
	} {
		e, err := s.store.Evidence(ctx, tid, c.actor, c.evidence.ID)
		if c.ok && (err != nil || !bytes.Equal(e.Data, pdf) || e.Filename != "Attendance lists.pdf") {
			t.Errorf("%s: %+v %v", c.name, e.Filename, err)
		}
		if !c.ok {
			if fault.KindOf(err) != fault.NotFound {
				t.Errorf("%s: %v, want NotFound", c.name, err)
			}
			continue
		}
		// The report itself lists the evidence to the same people.
		if r, err := s.store.Get(ctx, tid, c.actor, c.report.ID); err != nil || len(r.Evidence) != 1 || r.Evidence[0].Data != nil {
			t.Errorf("%s: report lists %+v, %v", c.name, r.Evidence, err)
		}
	}
	// Those who see the published report but not its private evidence get the report without it,
	// and without the review's history.
	r, err := s.store.Get(ctx, tid, s.adviser, private.ID)
	if err != nil || len(r.Evidence) != 0 || len(r.Events) != 0 {
		t.Fatalf("adviser's view: %+v %v", r, err)
	}
}
