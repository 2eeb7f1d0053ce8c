package web

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/importer/formats"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

func formatMsgID(f string) string { return "Format." + f }

func (s *Server) importsView(r *http.Request, format, problem string) (recs.ImportsView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	b := base(r)
	v := recs.ImportsView{Base: b, Format: format, Problem: problem, MaxMB: importer.MaxFileBytes >> 20}
	for _, f := range importer.AllFormats {
		v.Formats = append(v.Formats, components.Option{Value: f, Label: tr(r, formatMsgID(f))})
	}
	history, err := s.Importer.History(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, h := range history {
		v.History = append(v.History, recs.ImportRow{Href: b + "/imports/" + strconv.FormatInt(h.ID, 10), When: h.CreatedAt,
			Who: h.UserName, Filename: h.Filename, FormatMsgID: formatMsgID(h.Format), StatusMsgID: "ImportStatus." + h.Status,
			New: h.Counts.New, Updated: h.Counts.Updated, Unchanged: h.Counts.Unchanged, Skipped: h.Counts.Skipped, ErrorsNum: h.Counts.Errors})
	}
	return v, nil
}

func (s *Server) imports(w http.ResponseWriter, r *http.Request) error {
	v, err := s.importsView(r, "", "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, recs.Imports(v))
	return nil
}

// fileProblem translates a file-level import error, or returns "" for other errors.
func fileProblem(r *http.Request, err error) string {
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return i18n.T(r.Context(), fe.MessageID, fe.Data)
	}
	return ""
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	format := ""
	rejectWith := func(status int, msgID string, data map[string]any) error {
		v, err := s.importsView(r, format, i18n.T(r.Context(), msgID, data))
		if err != nil {
			return err
		}
		s.render(w, r, status, recs.Imports(v))
		return nil
	}
	reject := func(msgID string, data map[string]any) error { return rejectWith(http.StatusBadRequest, msgID, data) }
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return rejectWith(http.StatusRequestEntityTooLarge, "Import.Error.TooLarge", map[string]any{"Limit": importer.MaxFileBytes >> 20})
		}
		return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	defer r.MultipartForm.RemoveAll()
	format = r.PostForm.Get("format")
	file, header, err := r.FormFile("file")
	if err != nil {
		return reject("Imports.NoFile", nil)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, importer.MaxFileBytes+1))
	if err != nil {
		return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	if len(data) > importer.MaxFileBytes {
		return reject("Import.Error.TooLarge", map[string]any{"Limit": importer.MaxFileBytes >> 20})
	}
	if len(data) == 0 {
		return reject("Import.Error.Empty", nil)
	}
	if format == "" {
		format = importer.DetectFormat(header.Filename, data)
		if format == "" {
			return reject("Imports.FormatUnknown", nil)
		}
	} else if !importer.ValidFormat(format) {
		return reject("Imports.FormatUnknown", nil)
	}
	in := importer.Input{Filename: header.Filename, Format: format, Data: data}
	id, err := s.Importer.Upload(r.Context(), ws.Tenant.ID, u.ID, ws.Tenant.Code, in)
	if p := fileProblem(r, err); p != "" {
		v, err := s.importsView(r, format, p)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, recs.Imports(v))
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/imports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) importView(r *http.Request, id int64, problem string) (recs.ImportView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	imp, err := s.Importer.Get(r.Context(), ws.Tenant.ID, u.ID, id)
	if err != nil {
		return recs.ImportView{}, err
	}
	b := base(r)
	v := recs.ImportView{
		Base: b, ID: imp.ID, Action: b + "/imports/" + strconv.FormatInt(imp.ID, 10), Filename: imp.Filename,
		FormatMsgID: formatMsgID(imp.Format), Status: imp.Status, StatusMsgID: "ImportStatus." + imp.Status,
		Rows: imp.RowsTotal, New: imp.Counts.New, Updated: imp.Counts.Updated, Unchanged: imp.Counts.Unchanged,
		Skipped: imp.Counts.Skipped, ErrorsNum: imp.Counts.Errors, RowsDone: imp.RowsDone, RowsTotal: imp.RowsTotal, Problem: problem,
	}
	if imp.RowsTotal > 0 {
		v.Percent = min(100, imp.RowsDone*100/imp.RowsTotal)
	}
	if imp.Failure != "" {
		v.Failure = tr(r, imp.Failure)
	}
	for _, e := range imp.Errors {
		v.Errors = append(v.Errors, recs.ImportError{Row: e.Row, Column: e.Column, Message: i18n.T(r.Context(), e.MessageID, e.Data)})
	}
	v.MoreErrors = imp.Counts.Errors - len(imp.Errors)
	if imp.Status == "mapping" {
		step, err := s.Importer.Mapping(r.Context(), ws.Tenant.ID, u.ID, id)
		if err != nil {
			return v, err
		}
		chosen := step.Suggested
		if saved, _ := strconv.ParseInt(r.URL.Query().Get("saved"), 10, 64); saved != 0 {
			for _, m := range step.Saved {
				if m.ID == saved {
					chosen = m.Mapping
				}
			}
		}
		var columns []components.Option
		for _, h := range step.Headers {
			columns = append(columns, components.Option{Value: h, Label: h})
		}
		for _, f := range formats.Fields() {
			v.Mapping = append(v.Mapping, recs.MappingField{Field: string(f), LabelMsgID: "Field." + string(f), Columns: columns, Chosen: chosen[f]})
		}
		for _, m := range step.Saved {
			v.Saved = append(v.Saved, components.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
		}
		sort.SliceStable(v.Saved, func(i, j int) bool { return v.Saved[i].Label < v.Saved[j].Label })
	}
	return v, nil
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.importView(r, id, "")
	if err != nil {
		return err
	}
	if v.Status == "queued" || v.Status == "running" {
		r = withRefresh(r, 3)
	}
	s.render(w, r, http.StatusOK, recs.Import(v))
	return nil
}

// importProgress is the fragment htmx polls while an import runs; once it is over the
// whole page reloads to show the result.
func (s *Server) importProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.importView(r, id, "")
	if err != nil {
		return err
	}
	if v.Status != "queued" && v.Status != "running" {
		w.Header().Set("HX-Refresh", "true")
	}
	s.render(w, r, http.StatusOK, recs.Progress(v))
	return nil
}

func (s *Server) applyMapping(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	m := formats.Mapping{}
	for _, f := range formats.Fields() {
		if col := r.PostForm.Get("map_" + string(f)); col != "" {
			m[f] = col
		}
	}
	_, err = s.Importer.ApplyMapping(r.Context(), ws.Tenant.ID, u.ID, ws.Tenant.Code, id, m, r.PostForm.Get("save_as"))
	if p := fileProblem(r, err); p != "" {
		v, err := s.importView(r, id, p)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, recs.Import(v))
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/imports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) confirmImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	err = s.Importer.Confirm(r.Context(), ws.Tenant.ID, u.ID, id, r.PostForm.Get("skip_errors") == "1")
	if fault.MessageOf(err) == "Import.HasErrors" {
		v, verr := s.importView(r, id, tr(r, "Import.HasErrors"))
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusBadRequest, recs.Import(v))
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/imports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) cancelImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if err := s.Importer.Cancel(r.Context(), ws.Tenant.ID, u.ID, id); err != nil {
		return err
	}
	s.flash(r, "Import.Cancelled")
	http.Redirect(w, r, base(r)+"/imports", http.StatusSeeOther)
	return nil
}
