package portal

import (
	"context"

	"github.com/nmrf-platform/nmrf/internal/consultation"
)

// Consultations lists the State's published consultation reports, newest first, with
// their comment counts but not their comments. The consultation package chooses them
// through the public_consultations view (migration 00015), so an unpublished report
// never shows; attached documents are never public.
func (s *Store) Consultations(ctx context.Context, st State) ([]consultation.PublishedSummary, error) {
	return consultation.PublishedSummaries(ctx, s.pool, st.ID)
}

// Consultation returns one published consultation report; any other id is NotFound.
func (s *Store) Consultation(ctx context.Context, st State, id int64) (consultation.PublishedReport, error) {
	return consultation.PublishedReportByID(ctx, s.pool, st.ID, id)
}

// APIConsultations returns up to limit published consultation reports with an id above
// after, in id order (limit 0: all), as the open-data API's records.
func (s *Store) APIConsultations(ctx context.Context, st State, after int64, limit int) ([]APIConsultation, error) {
	reps, err := consultation.PublishedReportsAfter(ctx, s.pool, st.ID, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]APIConsultation, len(reps))
	for i, r := range reps {
		c := APIConsultation{ID: r.ID, Title: r.Title, Explanation: r.Explanation, SubjectKind: r.SubjectKind,
			SubjectTitle: r.SubjectTitle, OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, PublishedAt: r.PublishedAt,
			Items: make([]APIConsultationItem, len(r.Sections))}
		for j, sec := range r.Sections {
			item := APIConsultationItem{Kind: sec.ItemKind, Title: sec.Title, Comments: apiComments(sec.Comments)}
			if sec.ItemKind != consultation.ItemWhole {
				id := sec.ItemID
				item.ID = &id
			}
			c.Items[j] = item
		}
		out[i] = c
	}
	return out, nil
}

func apiComments(list []consultation.PublicComment) []APIComment {
	out := make([]APIComment, len(list))
	for i, c := range list {
		out[i] = APIComment{ID: c.ID, Role: c.Role, Body: c.Body, Hidden: c.Hidden, HiddenReason: c.Reason,
			Outcome: c.Outcome, Answer: c.Answer, CreatedAt: c.CreatedAt, AnsweredAt: c.AnsweredAt, Replies: apiComments(c.Replies)}
		if c.Speaker != "" {
			org := c.Speaker
			out[i].Organisation = &org
		}
	}
	return out
}
