package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/zone"
	pp "github.com/nmrf-platform/nmrf/templates/pages/portal"
)

// consultationPeriod is a consultation's window as the portal prints it, on the
// State's clock with its zone.
func consultationPeriod(r *http.Request, opens, closes time.Time) string {
	return zone.Period(opens, closes, stateClock(r))
}

// portalConsultations lists the State's published consultation reports.
func (s *Server) portalConsultations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Portal.Consultations(r.Context(), currentPortal(r))
	if err != nil {
		return err
	}
	v := pp.ConsultationsView{Frame: portalFrame(r, "consultations")}
	for _, c := range list {
		v.Rows = append(v.Rows, pp.ConsultationRow{Href: v.Base + "/consultations/" + strconv.FormatInt(c.ID, 10), Title: c.Title,
			SubjectMsgID: "Consultation.On." + c.SubjectKind, Subject: c.SubjectTitle, Period: consultationPeriod(r, c.OpensAt, c.ClosesAt),
			Published: c.PublishedAt, Comments: c.Comments})
	}
	s.render(w, r, http.StatusOK, pp.Consultations(v))
	return nil
}

// portalConsultation is one published report: every item with its comments, replies
// and answers; a hidden comment shows only why it was hidden.
func (s *Server) portalConsultation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.Portal.Consultation(r.Context(), currentPortal(r), id)
	if err != nil {
		return err
	}
	v := pp.ConsultationView{Frame: portalFrame(r, "consultations"), Title: c.Title, Explanation: c.Explanation,
		SubjectMsgID: "Consultation.On." + c.SubjectKind, Subject: c.SubjectTitle, Period: consultationPeriod(r, c.OpensAt, c.ClosesAt),
		Published: c.PublishedAt}
	for i, sec := range c.Sections {
		v.Sections = append(v.Sections, pp.ConsultationSection{Anchor: "item-" + strconv.Itoa(i+1),
			KindMsgID: itemMsgID(sec.ItemKind), Title: sec.Title, Comments: publicCommentViews(sec.Comments)})
	}
	s.render(w, r, http.StatusOK, pp.Consultation(v))
	return nil
}

func publicCommentViews(list []consultation.PublicComment) []pp.ConsultationComment {
	var out []pp.ConsultationComment
	for _, c := range list {
		v := pp.ConsultationComment{Anchor: "comment-" + strconv.FormatInt(c.ID, 10), Speaker: c.Speaker,
			RoleMsgID: "Role." + c.Role, At: c.CreatedAt,
			Body: c.Body, Hidden: c.Hidden, Reason: c.Reason, Answer: c.Answer, Replies: publicCommentViews(c.Replies)}
		if c.Role == "" {
			v.RoleMsgID = "Consultation.FormerMember"
		}
		if c.Outcome != "" {
			v.OutcomeMsgID = "Outcome." + c.Outcome
		}
		out = append(out, v)
	}
	return out
}
