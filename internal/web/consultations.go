package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/progress"
	"github.com/nmrf-platform/nmrf/internal/zone"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/consult"
)

// consultActor is the person as the consultation store sees them.
func consultActor(r *http.Request) consultation.Actor {
	return consultation.Actor{UserID: currentUserID(r), Role: currentWorkspace(r.Context()).Role}
}

func consultationHref(r *http.Request, id int64) string {
	return base(r) + "/consultations/" + strconv.FormatInt(id, 10)
}

func (s *Server) consultationsList(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	list, err := s.Consultations.List(r.Context(), ws.Tenant.ID, consultActor(r))
	if err != nil {
		return err
	}
	v := consult.ListView{Base: base(r), CanManage: account.Can(ws.Role, account.ManageConsultations)}
	for _, c := range list {
		v.Rows = append(v.Rows, consult.Row{Href: consultationHref(r, c.ID), Title: c.Title, Subject: c.SubjectTitle,
			StatusMsgID: "Consultation.Status." + c.Status, Opens: c.OpensAt, Closes: c.ClosesAt, Comments: c.CommentCount})
	}
	s.render(w, r, http.StatusOK, consult.List(v))
	return nil
}

// consultationForm builds the form to open a consultation from what was entered.
func (s *Server) consultationForm(r *http.Request, errs fault.Fields) (consult.NewView, error) {
	ws := currentWorkspace(r.Context())
	ch, err := s.Consultations.FormChoices(r.Context(), ws.Tenant.ID, consultActor(r))
	if err != nil {
		return consult.NewView{}, err
	}
	f := r.PostForm
	v := consult.NewView{Action: base(r) + "/consultations",
		Title:         field("title", "Consultation.Title", "text", f.Get("title"), errs),
		Explanation:   field("explanation", "Consultation.Explanation", "", f.Get("explanation"), errs),
		Subject:       field("subject", "Consultation.Subject", "", f.Get("subject"), errs),
		Audience:      field("audience", "Consultation.AudienceLabel", "", f.Get("audience"), errs),
		Opens:         field("opens_at", "Consultation.Opens", "datetime-local", f.Get("opens_at"), errs),
		Closes:        field("closes_at", "Consultation.Closes", "datetime-local", f.Get("closes_at"), errs),
		ClustersError: errs["clusters"], OrgsError: errs["organisations"],
	}
	v.Explanation.Required = false
	v.Opens.HintMsgID, v.Closes.HintMsgID = "Consultation.TimeHint", "Consultation.TimeHint"
	v.Zone = ws.Tenant.Location().String()
	v.Subjects = []components.Option{{Value: "", Label: "—"}}
	for _, g := range []struct {
		kind, msgID string
		list        []consultation.Choice
	}{{consultation.OnPlan, "Consultation.On.plan", ch.Plans}, {consultation.OnReport, "Consultation.On.report", ch.Reports},
		{consultation.OnDocument, "Consultation.On.document", ch.Documents}} {
		for _, c := range g.list {
			v.Subjects = append(v.Subjects, components.Option{Value: g.kind + ":" + strconv.FormatInt(c.ID, 10),
				Label: tr(r, g.msgID) + ": " + c.Name})
		}
	}
	for _, a := range consultation.Audiences {
		v.Audiences = append(v.Audiences, components.Option{Value: a, Label: tr(r, "Consultation.Audience."+a)})
	}
	checked := func(name string, id int64) bool {
		for _, x := range f[name] {
			if x == strconv.FormatInt(id, 10) {
				return true
			}
		}
		return false
	}
	for _, c := range ch.Clusters {
		v.Clusters = append(v.Clusters, consult.Check{Value: strconv.FormatInt(c.ID, 10), Label: c.Name, Checked: checked("clusters", c.ID)})
	}
	for _, c := range ch.Organisations {
		v.Organisations = append(v.Organisations, consult.Check{Value: strconv.FormatInt(c.ID, 10), Label: c.Name, Checked: checked("organisations", c.ID)})
	}
	v.Errors = summary("", v.Title, v.Explanation, v.Subject, v.Opens, v.Closes, v.Audience)
	if errs["clusters"] != "" {
		v.Errors.MsgID = errs["clusters"]
	}
	return v, nil
}

func (s *Server) newConsultation(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	v, err := s.consultationForm(r, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, consult.New(v))
	return nil
}

// parseMoment reads a datetime-local value on the State's clock; zero when it is not a
// time there. skipped names the field's error when the clocks jump over that time.
func parseMoment(v string, loc *time.Location) (t time.Time, skipped string) {
	t, err := zone.ParseInput(v, loc)
	if errors.Is(err, zone.ErrSkipped) {
		return time.Time{}, "Consultation.TimeSkipped"
	}
	return t, ""
}

func (s *Server) createConsultation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	kind, idText, _ := strings.Cut(f.Get("subject"), ":")
	subjectID, _ := strconv.ParseInt(idText, 10, 64)
	in := consultation.Input{Title: f.Get("title"), Explanation: f.Get("explanation"), SubjectKind: kind, SubjectID: subjectID,
		ClusterIDs: formIDs(f["clusters"]), Audience: f.Get("audience"), OrganisationIDs: formIDs(f["organisations"])}
	loc := currentWorkspace(r.Context()).Tenant.Location()
	var opensSkipped, closesSkipped string
	in.OpensAt, opensSkipped = parseMoment(f.Get("opens_at"), loc)
	in.ClosesAt, closesSkipped = parseMoment(f.Get("closes_at"), loc)
	id, err := s.Consultations.Create(r.Context(), currentWorkspace(r.Context()).Tenant.ID, consultActor(r), in, base(r)+"/consultations/{id}")
	if errs, ok := formState(err); ok && err != nil {
		// A skipped time reached the store as no time, which it refused; say why.
		for name, msgID := range map[string]string{"opens_at": opensSkipped, "closes_at": closesSkipped} {
			if msgID != "" && errs[name] != "" {
				errs[name] = msgID
			}
		}
		v, ferr := s.consultationForm(r, errs)
		if ferr != nil {
			return ferr
		}
		s.render(w, r, http.StatusBadRequest, consult.New(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Consultation.Opened")
	http.Redirect(w, r, consultationHref(r, id), http.StatusSeeOther)
	return nil
}

func itemMsgID(kind string) string { return "Consultation.Item." + kind }

// commentViews turns comments into what the page shows.
func commentViews(r *http.Request, list []consultation.Comment) []consult.CommentView {
	var out []consult.CommentView
	b := base(r)
	me := currentUserID(r)
	for _, c := range list {
		id := strconv.FormatInt(c.ID, 10)
		v := consult.CommentView{ID: c.ID, Anchor: "comment-" + id, Author: c.AuthorName, Org: c.AuthorOrg,
			RoleMsgID: "Role." + string(c.AuthorRole), At: c.CreatedAt, Body: c.Body, Hidden: c.Hidden, HiddenReason: c.HiddenReason,
			Mine: c.AuthorID == me, Answer: c.Answer, Version: c.Version,
			HideAction: b + "/comments/" + id + "/hide", AnswerAction: b + "/comments/" + id + "/answer",
			Replies: commentViews(r, c.Replies)}
		if c.AuthorRole == "" {
			v.RoleMsgID = "Consultation.FormerMember"
		}
		if c.Outcome != "" {
			v.OutcomeMsgID = "Outcome." + c.Outcome
		}
		if c.Filename != "" {
			v.FileHref, v.FileName = b+"/comments/"+id+"/file", c.Filename
		}
		out = append(out, v)
	}
	return out
}

func sectionViews(r *http.Request, secs []consultation.Section) []consult.SectionView {
	var out []consult.SectionView
	for i, sec := range secs {
		out = append(out, consult.SectionView{Anchor: "item-" + strconv.Itoa(i+1), Title: sec.Item.Title,
			KindMsgID: itemMsgID(sec.Item.Kind), Comments: commentViews(r, sec.Comments)})
	}
	return out
}

// consultationPage shows a consultation; in, errs and problem carry a refused comment.
func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.showConsultation(w, r, id, http.StatusOK, consultation.CommentInput{}, nil, "")
}

func (s *Server) showConsultation(w http.ResponseWriter, r *http.Request, id int64, status int, in consultation.CommentInput, errs fault.Fields, problem string) error {
	ws := currentWorkspace(r.Context())
	c, secs, err := s.Consultations.Get(r.Context(), ws.Tenant.ID, consultActor(r), id)
	if err != nil {
		return err
	}
	href := consultationHref(r, id)
	v := consult.PageView{Base: base(r), Action: href + "/comments", ReportHref: href + "/report",
		Title: c.Title, Explanation: c.Explanation, Subject: c.SubjectTitle, SubjectMsgID: "Consultation.On." + c.SubjectKind,
		AudienceMsgID: "Consultation.Audience." + c.Audience, Organisations: c.OrgNames, Clusters: c.ClusterNames,
		Opens: c.OpensAt, Closes: c.ClosesAt, Status: c.Status, StatusMsgID: "Consultation.Status." + c.Status,
		CanComment: c.CanComment && account.Can(ws.Role, account.CommentConsultations),
		CanManage:  account.Can(ws.Role, account.ManageConsultations),
		Item:       field("item", "Comment.Item", "", in.ItemKey, errs),
		Body:       field("body", "Comment.Body", "", in.Body, errs),
		Problem:    problem, Sections: sectionViews(r, secs)}
	switch c.Status {
	case consultation.Upcoming:
		v.ClosedMsgID = "Consultation.NotYetOpen"
	case consultation.Closed:
		v.ClosedMsgID = "Consultation.IsClosed"
	}
	for _, sec := range secs {
		v.Items = append(v.Items, components.Option{Value: sec.Item.Key(), Label: tr(r, itemMsgID(sec.Item.Kind)) + ": " + sec.Item.Title})
	}
	for _, o := range consultation.Outcomes {
		v.Outcomes = append(v.Outcomes, components.Option{Value: o, Label: tr(r, "Outcome."+o)})
	}
	v.Errors = summary("", v.Item, v.Body)
	if errs["file"] != "" {
		v.Problem = tr(r, errs["file"])
	}
	s.render(w, r, status, consult.Page(v))
	return nil
}

// addComment records a comment or a reply, with at most one document.
func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in consultation.CommentInput
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var maxErr *http.MaxBytesError
			if errors.As(err, &maxErr) {
				return s.showConsultation(w, r, id, http.StatusRequestEntityTooLarge, in, nil, tr(r, "Progress.FileTooLarge"))
			}
			return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
		}
		defer r.MultipartForm.RemoveAll()
		if file, header, err := r.FormFile("file"); err == nil {
			defer file.Close()
			if header.Size > progress.MaxFileSize {
				return s.showConsultation(w, r, id, http.StatusRequestEntityTooLarge, in, nil, tr(r, "Progress.FileTooLarge"))
			}
			if in.Data, err = io.ReadAll(io.LimitReader(file, progress.MaxFileSize+1)); err != nil {
				return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
			}
			in.Filename = header.Filename
		}
	} else if err := parseForm(r); err != nil {
		return err
	}
	in.ItemKey, in.Body = r.PostForm.Get("item"), r.PostForm.Get("body")
	in.ParentID, _ = strconv.ParseInt(r.PostForm.Get("parent"), 10, 64)
	_, err = s.Consultations.AddComment(r.Context(), currentWorkspace(r.Context()).Tenant.ID, consultActor(r), id, in, consultationHref(r, id))
	switch {
	case err == nil:
		s.flash(r, "Comment.Sent")
		http.Redirect(w, r, consultationHref(r, id), http.StatusSeeOther)
		return nil
	case fault.FieldsOf(err) != nil:
		return s.showConsultation(w, r, id, http.StatusBadRequest, in, fault.FieldsOf(err), "")
	}
	return err
}

// commentAction runs hide or answer and goes back to the consultation.
func (s *Server) commentAction(w http.ResponseWriter, r *http.Request, do func(tenantID, commentID int64, version int) (int64, error), done string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	consultationID, err := do(currentWorkspace(r.Context()).Tenant.ID, id, version)
	switch {
	case err == nil:
		s.flash(r, done)
		http.Redirect(w, r, consultationHref(r, consultationID)+"#comment-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	case fault.FieldsOf(err) != nil && consultationID != 0:
		var msgs []string
		for _, m := range fault.FieldsOf(err) {
			msgs = append(msgs, tr(r, m))
		}
		return s.showConsultation(w, r, consultationID, http.StatusBadRequest, consultation.CommentInput{}, nil, strings.Join(msgs, " "))
	case fault.Is(err, fault.Conflict) && consultationID != 0:
		return s.showConsultation(w, r, consultationID, http.StatusConflict, consultation.CommentInput{}, nil, tr(r, fault.MessageOf(err)))
	}
	return err
}

func (s *Server) hideComment(w http.ResponseWriter, r *http.Request) error {
	return s.commentAction(w, r, func(tenantID, commentID int64, version int) (int64, error) {
		return s.Consultations.Hide(r.Context(), tenantID, consultActor(r), commentID, version, r.PostForm.Get("reason"))
	}, "Comment.Hidden")
}

func (s *Server) answerComment(w http.ResponseWriter, r *http.Request) error {
	return s.commentAction(w, r, func(tenantID, commentID int64, version int) (int64, error) {
		// The link is the consultation's: the store knows which one only inside its transaction.
		return s.Consultations.Answer(r.Context(), tenantID, consultActor(r), commentID, version,
			r.PostForm.Get("outcome"), r.PostForm.Get("answer"), base(r)+"/consultations/{id}")
	}, "Answer.Saved")
}

// commentFile downloads a comment's document, always as an attachment.
func (s *Server) commentFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.Consultations.File(r.Context(), currentWorkspace(r.Context()).Tenant.ID, consultActor(r), id)
	if err != nil {
		return err
	}
	sendFile(w, f.ContentType, f.Filename, f.Data, "private, no-store")
	return nil
}

func (s *Server) consultationReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.showReport(w, r, id, http.StatusOK, "")
}

func (s *Server) showReport(w http.ResponseWriter, r *http.Request, id int64, status int, problem string) error {
	ws := currentWorkspace(r.Context())
	rep, err := s.Consultations.Report(r.Context(), ws.Tenant.ID, consultActor(r), id)
	if err != nil {
		return err
	}
	c := rep.Consultation
	href := consultationHref(r, id)
	v := consult.ReportView{Base: base(r), PageHref: href, PublishAction: href + "/publish", Title: c.Title,
		Explanation: c.Explanation, Subject: c.SubjectTitle, Opens: c.OpensAt, Closes: c.ClosesAt,
		CanPublish: account.Can(ws.Role, account.ManageConsultations), Version: c.Version, Unanswered: rep.Unanswered,
		Problem: problem, Sections: sectionViews(r, rep.Sections)}
	if c.ReportPublishedAt != nil {
		v.Published = stateStamp(r, *c.ReportPublishedAt)
	}
	s.render(w, r, status, consult.Report(v))
	return nil
}

func (s *Server) publishConsultation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err = s.Consultations.Publish(r.Context(), currentWorkspace(r.Context()).Tenant.ID, consultActor(r), id, version)
	switch {
	case err == nil:
		s.flash(r, "Consultation.PublishedFlash")
		http.Redirect(w, r, consultationHref(r, id)+"/report", http.StatusSeeOther)
		return nil
	case fault.Is(err, fault.Conflict):
		return s.showReport(w, r, id, http.StatusConflict, tr(r, fault.MessageOf(err)))
	}
	return err
}
