package web

import (
	"net/http"
	"strconv"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/assessment"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// assessmentForm is the NHRI's refused form: what was sent and what was wrong.
type assessmentForm struct {
	in   assessment.Input
	errs fault.Fields
}

// assessmentSection builds the NHRI's assessment beside the government's status for a
// recommendation's page, with the form when the reader is the NHRI (filled with a refused
// form's values and errors when there is one).
func (s *Server) assessmentSection(r *http.Request, recID int64, govStatus string, refused *assessmentForm) (*advisory.AssessmentView, error) {
	ws := currentWorkspace(r.Context())
	v := &advisory.AssessmentView{GovStatusMsgID: statusMsgID(govStatus), CanEdit: account.Can(ws.Role, account.AssessStatus),
		Action: base(r) + "/recommendations/" + strconv.FormatInt(recID, 10) + "/assessment"}
	a, err := s.Assessments.Get(r.Context(), ws.Tenant.ID, currentUserID(r), recID)
	switch {
	case fault.Is(err, fault.NotFound):
	case err != nil:
		return nil, err
	default:
		v.Assessed, v.StatusMsgID, v.Comment, v.By = true, statusMsgID(a.Status), a.Comment, a.UpdatedBy
		v.At, v.Version, v.Disagrees = a.UpdatedAt, a.Version, a.Status != govStatus
		if v.History, err = s.history(r, assessment.Table, a.ID); err != nil {
			return nil, err
		}
	}
	if v.CanEdit {
		status, comment, errs := a.Status, a.Comment, fault.Fields(nil)
		if refused != nil {
			status, comment, errs = refused.in.Status, refused.in.Comment, refused.errs
		}
		v.Status = field("assessment_status", "Assess.Status", "", status, errs)
		v.Statuses = []components.Option{{Value: "", Label: "—"}}
		for _, st := range assessment.Statuses {
			v.Statuses = append(v.Statuses, components.Option{Value: st, Label: tr(r, statusMsgID(st))})
		}
		v.CommentField = field("assessment_comment", "Assess.Comment", "", comment, errs)
		v.CommentField.Required = false
		v.Errors = summary("", v.Status, v.CommentField)
	}
	return v, nil
}

// setAssessment records the NHRI's assessment of a recommendation.
func (s *Server) setAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	page := base(r) + "/recommendations/" + strconv.FormatInt(id, 10) + "#assessment-title"
	in := assessment.Input{Status: r.PostForm.Get("assessment_status"), Comment: r.PostForm.Get("assessment_comment"), Version: version}
	err = s.Assessments.Set(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, in)
	if f := fault.FieldsOf(err); f != nil {
		// The page again, with what the NHRI wrote and what is wrong with it.
		return s.renderRecommendation(w, r, http.StatusBadRequest, &assessmentForm{in: in, errs: f})
	}
	if fault.KindOf(err) == fault.Conflict {
		s.flash(r, "Assess.Stale")
		http.Redirect(w, r, page, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Assess.Saved")
	http.Redirect(w, r, page, http.StatusSeeOther)
	return nil
}
