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

// assessmentSection builds the NHRI's assessment beside the government's status for a
// recommendation's page, with the form when the reader is the NHRI.
func (s *Server) assessmentSection(r *http.Request, recID int64, govStatus string) (*advisory.AssessmentView, error) {
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
		v.At, v.Version, v.Disagrees = a.UpdatedAt.UTC().Format(stampLayout), a.Version, a.Status != govStatus
		if v.History, err = s.history(r, assessment.Table, a.ID); err != nil {
			return nil, err
		}
	}
	if v.CanEdit {
		v.Status = field("assessment_status", "Assess.Status", "", a.Status, nil)
		v.Statuses = []components.Option{{Value: "", Label: "—"}}
		for _, st := range assessment.Statuses {
			v.Statuses = append(v.Statuses, components.Option{Value: st, Label: tr(r, statusMsgID(st))})
		}
		v.CommentField = field("assessment_comment", "Assess.Comment", "", a.Comment, nil)
		v.CommentField.Required = false
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
	err = s.Assessments.Set(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, assessment.Input{
		Status: r.PostForm.Get("assessment_status"), Comment: r.PostForm.Get("assessment_comment"), Version: version})
	if f := fault.FieldsOf(err); f != nil {
		for _, m := range f {
			s.flash(r, m)
		}
		http.Redirect(w, r, page, http.StatusSeeOther)
		return nil
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
