package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/progress"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/reports"
)

// actor is the person as the progress workflow sees them.
func actor(r *http.Request) progress.Actor {
	ws := currentWorkspace(r.Context())
	a := progress.Actor{UserID: currentUserID(r), Role: ws.Role}
	if ws.Role == account.RoleFocalPoint {
		a.EntityID = ws.EntityID
	}
	return a
}

func reportRows(r *http.Request, list []progress.Report) []reports.Row {
	var out []reports.Row
	for _, rep := range list {
		out = append(out, reports.Row{Href: base(r) + "/reports/" + strconv.FormatInt(rep.ID, 10), Subject: rep.SubjectTitle,
			Entity: rep.EntityName, Period: rep.Period, StatusMsgID: "ReportStatus." + string(rep.Status), Updated: rep.UpdatedAt})
	}
	return out
}

func (s *Server) reportsList(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	list, err := s.Progress.List(r.Context(), ws.Tenant.ID, actor(r), progress.Filter{})
	if err != nil {
		return err
	}
	v := reports.ListView{Base: base(r), Rows: reportRows(r, list), CanReview: account.Can(ws.Role, account.ReviewProgress)}
	if v.CanReview {
		waiting, err := s.Progress.Awaiting(r.Context(), ws.Tenant.ID, actor(r))
		if err != nil {
			return err
		}
		v.Awaiting = reportRows(r, waiting)
	}
	s.render(w, r, http.StatusOK, reports.List(v))
	return nil
}

func (s *Server) reportForm(r *http.Request, rep progress.Report, in progress.Input, errs fault.Fields) reports.ReportView {
	ws := currentWorkspace(r.Context())
	b := base(r)
	v := reports.ReportView{Base: b, ID: rep.ID, Subject: rep.SubjectTitle, Status: string(rep.Status), Version: rep.Version,
		ReturnReason: rep.ReturnReason, EvidencePublic: in.EvidencePublic,
		Period:   field("period", "Reports.Period", "text", in.Period, errs),
		DoneText: field("done_text", "Report.Done", "", in.DoneText, errs),
		Proposed: field("proposed_status", "Report.ProposedStatus", "", in.ProposedStatus, errs)}
	v.Period.HintMsgID = "Report.PeriodHint"
	v.Proposed.Required, v.DoneText.Required = false, false
	if rep.ID == 0 {
		v.Editable = true
		v.Action = b + "/reports"
	} else {
		id := strconv.FormatInt(rep.ID, 10)
		v.Action = b + "/reports/" + id
		v.StatusMsgID = "ReportStatus." + string(rep.Status)
		v.Editable = rep.Editable() && account.Can(ws.Role, account.ReportProgress)
		v.CanSubmit = v.Editable
		v.CanReview = account.Can(ws.Role, account.ReviewProgress)
		for _, e := range rep.Evidence {
			name := e.Filename
			if e.IsLink() {
				name = e.URL
			}
			href := b + "/evidence/" + strconv.FormatInt(e.ID, 10)
			if e.IsLink() {
				href = e.URL
			}
			v.Evidence = append(v.Evidence, reports.EvidenceRow{Name: name, Href: href, Link: e.IsLink(), Size: e.Size,
				RemoveHref: b + "/evidence/" + strconv.FormatInt(e.ID, 10) + "/delete"})
		}
		for _, e := range rep.Events {
			v.Events = append(v.Events, reports.EventRow{At: e.At, Who: e.UserName, ToMsgID: "ReportStatus." + string(e.To), Reason: e.Reason})
		}
	}
	if rep.ActionID != 0 {
		v.SubjectHref = b + "/actions/" + strconv.FormatInt(rep.ActionID, 10)
	}
	v.Statuses = []components.Option{{Value: "", Label: "—"}}
	for _, st := range progress.ImplementationStatuses {
		v.Statuses = append(v.Statuses, components.Option{Value: st, Label: tr(r, "ActionStatus."+st)})
	}
	v.Errors = summary("", v.Period, v.DoneText, v.Proposed)
	return v
}

func reportInput(r *http.Request) progress.Input {
	in := progress.Input{Period: r.PostForm.Get("period"), DoneText: r.PostForm.Get("done_text"),
		ProposedStatus: r.PostForm.Get("proposed_status"), EvidencePublic: r.PostForm.Get("evidence_public") == "1"}
	in.ActionID, _ = strconv.ParseInt(r.PostForm.Get("action_id"), 10, 64)
	return in
}

// newReport starts a report on an action: /reports/new?action=ID.
func (s *Server) newReport(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.URL.Query().Get("action"), 10, 64)
	if err != nil {
		return fault.New(fault.Invalid, "Progress.SubjectRequired")
	}
	a, err := s.actionFor(r, id)
	if err != nil {
		return err
	}
	v := s.reportForm(r, progress.Report{SubjectTitle: a.Title, ActionID: a.ID}, progress.Input{}, nil)
	v.SubjectField, v.SubjectValue = "action_id", strconv.FormatInt(a.ID, 10)
	s.render(w, r, http.StatusOK, reports.Report(v))
	return nil
}

func (s *Server) createReport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	in := reportInput(r)
	if in.ActionID == 0 {
		return fault.New(fault.Invalid, "Progress.SubjectRequired")
	}
	rep, err := s.Progress.Create(r.Context(), ws.Tenant.ID, actor(r), in)
	if f, ok := formState(err); ok && err != nil {
		a, aerr := s.actionFor(r, in.ActionID)
		if aerr != nil {
			return aerr
		}
		v := s.reportForm(r, progress.Report{SubjectTitle: a.Title, ActionID: a.ID}, in, f)
		v.SubjectField, v.SubjectValue = "action_id", strconv.FormatInt(a.ID, 10)
		s.render(w, r, http.StatusBadRequest, reports.Report(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Report.Created")
	http.Redirect(w, r, base(r)+"/reports/"+strconv.FormatInt(rep.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	rep, err := s.Progress.Get(r.Context(), ws.Tenant.ID, actor(r), id)
	if err != nil {
		return err
	}
	v := s.reportForm(r, rep, progress.Input{Period: rep.Period, DoneText: rep.DoneText, ProposedStatus: rep.ProposedStatus,
		EvidencePublic: rep.EvidencePublic}, nil)
	s.render(w, r, http.StatusOK, reports.Report(v))
	return nil
}

// reportProblem shows a report again with a message (a stale version, a refused step).
func (s *Server) reportProblem(w http.ResponseWriter, r *http.Request, id int64, status int, msgID string, errs fault.Fields) error {
	ws := currentWorkspace(r.Context())
	rep, err := s.Progress.Get(r.Context(), ws.Tenant.ID, actor(r), id)
	if err != nil {
		return err
	}
	v := s.reportForm(r, rep, progress.Input{Period: rep.Period, DoneText: rep.DoneText, ProposedStatus: rep.ProposedStatus,
		EvidencePublic: rep.EvidencePublic}, errs)
	switch {
	case msgID == "Error.Form":
		// Problems with what is not a form field (an attached file) are said in words.
		var msgs []string
		for _, m := range errs {
			msgs = append(msgs, tr(r, m))
		}
		v.Problem = strings.Join(msgs, " ")
	case msgID != "":
		v.Problem = tr(r, msgID)
	}
	s.render(w, r, status, reports.Report(v))
	return nil
}

// reportOutcome turns a workflow or edit error into the page the person sees.
func (s *Server) reportOutcome(w http.ResponseWriter, r *http.Request, id int64, err error, doneMsg string) error {
	switch {
	case err == nil:
		s.flash(r, doneMsg)
		http.Redirect(w, r, base(r)+"/reports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	case fault.FieldsOf(err) != nil:
		return s.reportProblem(w, r, id, http.StatusBadRequest, "Error.Form", fault.FieldsOf(err))
	case fault.KindOf(err) == fault.Conflict:
		return s.reportProblem(w, r, id, http.StatusConflict, fault.MessageOf(err), nil)
	case fault.KindOf(err) == fault.Invalid && fault.MessageOf(err) != "":
		return s.reportProblem(w, r, id, http.StatusBadRequest, fault.MessageOf(err), nil)
	}
	return err
}

func (s *Server) updateReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err = s.Progress.Update(r.Context(), currentWorkspace(r.Context()).Tenant.ID, actor(r), id, reportInput(r), version)
	return s.reportOutcome(w, r, id, err, "Report.Saved")
}

// moveReport takes a report one step through its workflow.
func (s *Server) moveReport(step string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		tenantID := currentWorkspace(r.Context()).Tenant.ID
		link := base(r) + "/reports/{id}"
		switch step {
		case "submit":
			err = s.Progress.Submit(r.Context(), tenantID, actor(r), id, version, link)
		case "return":
			err = s.Progress.Return(r.Context(), tenantID, actor(r), id, version, r.PostForm.Get("reason"), link)
		case "validate":
			err = s.Progress.Validate(r.Context(), tenantID, actor(r), id, version, link)
		case "publish":
			err = s.Progress.Publish(r.Context(), tenantID, actor(r), id, version, link)
		}
		return s.reportOutcome(w, r, id, err, "Report.Moved."+step)
	}
}

func (s *Server) addEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tenantID := currentWorkspace(r.Context()).Tenant.ID
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return s.reportProblem(w, r, id, http.StatusRequestEntityTooLarge, "Progress.FileTooLarge", nil)
		}
		return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	defer r.MultipartForm.RemoveAll()
	if link := strings.TrimSpace(r.PostForm.Get("link")); link != "" {
		_, err = s.Progress.AddLink(r.Context(), tenantID, actor(r), id, link)
		return s.reportOutcome(w, r, id, err, "Report.EvidenceAdded")
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		return s.reportProblem(w, r, id, http.StatusBadRequest, "Report.NothingAttached", nil)
	}
	defer file.Close()
	if header.Size > progress.MaxFileSize {
		return s.reportProblem(w, r, id, http.StatusRequestEntityTooLarge, "Progress.FileTooLarge", nil)
	}
	data, err := io.ReadAll(io.LimitReader(file, progress.MaxFileSize+1))
	if err != nil {
		return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	_, err = s.Progress.AddFile(r.Context(), tenantID, actor(r), id, header.Filename, header.Header.Get("Content-Type"), data)
	return s.reportOutcome(w, r, id, err, "Report.EvidenceAdded")
}

// evidenceFile downloads a file of evidence, always as an attachment (never shown in
// the page), for those who may see it.
func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.Progress.Evidence(r.Context(), currentWorkspace(r.Context()).Tenant.ID, actor(r), id)
	if err != nil {
		return err
	}
	if e.IsLink() {
		http.Redirect(w, r, e.URL, http.StatusSeeOther)
		return nil
	}
	sendFile(w, e.ContentType, e.Filename, e.Data, "private, no-store")
	return nil
}

func (s *Server) removeEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tenantID := currentWorkspace(r.Context()).Tenant.ID
	e, err := s.Progress.Evidence(r.Context(), tenantID, actor(r), id)
	if err != nil {
		return err
	}
	if err := s.Progress.RemoveEvidence(r.Context(), tenantID, actor(r), id); err != nil {
		return s.reportOutcome(w, r, e.ReportID, err, "")
	}
	s.flash(r, "Report.EvidenceRemoved")
	http.Redirect(w, r, base(r)+"/reports/"+strconv.FormatInt(e.ReportID, 10), http.StatusSeeOther)
	return nil
}
