package progress

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Limits on evidence.
const (
	MaxFileSize    = 10 << 20 // bytes per file
	MaxFiles       = 10       // files per report
	MaxLinks       = 20       // links per report
	MaxURL         = 2000
	MaxFilenameLen = 200
)

// AddFile attaches a file to a draft or returned report. Its type is decided from its
// bytes and its extension together; the browser's contentType is not trusted, so a
// renamed program or a document that is only a zip is refused.
func (s *Store) AddFile(ctx context.Context, tenantID int64, actor Actor, reportID int64, filename, contentType string, data []byte) (Evidence, error) {
	if !account.Can(actor.Role, account.ReportProgress) {
		return Evidence{}, fault.New(fault.Forbidden, "")
	}
	name, kind, err := CheckFile(filename, data)
	if err != nil {
		return Evidence{}, err
	}
	e := Evidence{ReportID: reportID, Filename: name, ContentType: kind, Size: int64(len(data))}
	err = s.attach(ctx, tenantID, actor, reportID, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM evidence WHERE tenant_id = $1 AND report_id = $2 AND data IS NOT NULL`,
			tenantID, reportID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxFiles {
			return fault.Fields{"file": "Progress.TooManyFiles"}.Err()
		}
		return tx.QueryRow(ctx, `
INSERT INTO evidence (tenant_id, report_id, filename, content_type, size, data) VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, created_at`, tenantID, reportID, e.Filename, e.ContentType, e.Size, data).Scan(&e.ID, &e.CreatedAt)
	})
	return e, err
}

// CheckFile applies the checks every uploaded document passes (evidence here, the
// attachment of a consultation comment elsewhere): at most MaxFileSize, not empty, and
// bytes that are what the name says. It returns the cleaned name and the content type;
// a refusal is a field error on "file".
func CheckFile(filename string, data []byte) (name, contentType string, err error) {
	name = cleanFilename(filename)
	if len(data) > MaxFileSize {
		return "", "", fault.Fields{"file": "Progress.FileTooLarge"}.Err()
	}
	if len(data) == 0 {
		return "", "", fault.Fields{"file": "Progress.FileEmpty"}.Err()
	}
	kind, ok := detectType(name, data)
	if !ok {
		return "", "", fault.Fields{"file": "Progress.FileTypeRefused"}.Err()
	}
	return name, kind, nil
}

// AddLink attaches a web address (http or https) to a draft or returned report.
func (s *Store) AddLink(ctx context.Context, tenantID int64, actor Actor, reportID int64, link string) (Evidence, error) {
	if !account.Can(actor.Role, account.ReportProgress) {
		return Evidence{}, fault.New(fault.Forbidden, "")
	}
	link = strings.TrimSpace(link)
	if !validLink(link) {
		return Evidence{}, fault.Fields{"url": "Progress.LinkInvalid"}.Err()
	}
	e := Evidence{ReportID: reportID, URL: link}
	err := s.attach(ctx, tenantID, actor, reportID, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM evidence WHERE tenant_id = $1 AND report_id = $2 AND url <> ''`,
			tenantID, reportID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxLinks {
			return fault.Fields{"url": "Progress.TooManyLinks"}.Err()
		}
		return tx.QueryRow(ctx, `INSERT INTO evidence (tenant_id, report_id, url) VALUES ($1, $2, $3) RETURNING id, created_at`,
			tenantID, reportID, link).Scan(&e.ID, &e.CreatedAt)
	})
	return e, err
}

func validLink(link string) bool {
	if link == "" || len(link) > MaxURL || strings.ContainsFunc(link, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	u, err := url.Parse(link)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// attach runs add with the report locked, once the actor may change it and it is still
// open to change; the lock keeps two uploads from both passing the count.
func (s *Store) attach(ctx context.Context, tenantID int64, actor Actor, reportID int64, add func(pgx.Tx) error) error {
	return db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		r, err := load(ctx, tx, tenantID, reportID, true)
		if err != nil {
			return err
		}
		if err := mayWrite(actor, r); err != nil {
			return err
		}
		if !r.Editable() {
			return fault.New(fault.Invalid, "Progress.NotEditable")
		}
		return add(tx)
	})
}

const evidenceColumns = `id, report_id, filename, content_type, size, url, created_at`

func listEvidence(ctx context.Context, tx pgx.Tx, tenantID, reportID int64) ([]Evidence, error) {
	rows, err := tx.Query(ctx, `SELECT `+evidenceColumns+` FROM evidence WHERE tenant_id = $1 AND report_id = $2 ORDER BY id`,
		tenantID, reportID)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Evidence, error) {
		var e Evidence
		err := row.Scan(&e.ID, &e.ReportID, &e.Filename, &e.ContentType, &e.Size, &e.URL, &e.CreatedAt)
		return e, err
	})
}

// Evidence returns one piece of evidence with its file's bytes. Evidence the actor may not
// see is NotFound: the report's own readers see it, except that a published report's
// evidence stays with the staff, the NHRI and the report's entity unless it was made public.
func (s *Store) Evidence(ctx context.Context, tenantID int64, actor Actor, evidenceID int64) (Evidence, error) {
	var e Evidence
	err := db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT `+evidenceColumns+`, data FROM evidence WHERE tenant_id = $1 AND id = $2`,
			tenantID, evidenceID).Scan(&e.ID, &e.ReportID, &e.Filename, &e.ContentType, &e.Size, &e.URL, &e.CreatedAt, &e.Data); err != nil {
			return fmt.Errorf("evidence %d: %w", evidenceID, err)
		}
		r, err := load(ctx, tx, tenantID, e.ReportID, false)
		if err != nil {
			return err
		}
		if !evidenceVisible(actor, r) {
			return fault.New(fault.NotFound, "")
		}
		return nil
	})
	if err != nil {
		return Evidence{}, err
	}
	return e, nil
}

// RemoveEvidence takes a file or link off a draft or returned report.
func (s *Store) RemoveEvidence(ctx context.Context, tenantID int64, actor Actor, evidenceID int64) error {
	if !account.Can(actor.Role, account.ReportProgress) {
		return fault.New(fault.Forbidden, "")
	}
	return db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		var reportID int64
		if err := tx.QueryRow(ctx, `SELECT report_id FROM evidence WHERE tenant_id = $1 AND id = $2`, tenantID, evidenceID).
			Scan(&reportID); err != nil {
			return fmt.Errorf("evidence %d: %w", evidenceID, err)
		}
		r, err := load(ctx, tx, tenantID, reportID, true)
		if err != nil {
			return err
		}
		if err := mayWrite(actor, r); err != nil {
			return err
		}
		if !r.Editable() {
			return fault.New(fault.Invalid, "Progress.NotEditable")
		}
		_, err = tx.Exec(ctx, `DELETE FROM evidence WHERE tenant_id = $1 AND id = $2`, tenantID, evidenceID)
		return err
	})
}
