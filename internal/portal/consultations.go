package portal

import (
	"context"

	"github.com/nmrf-platform/nmrf/internal/consultation"
)

// Consultations returns the State's published consultation reports, newest first. The
// consultation package chooses them through the public_consultations view (migration
// 00015), so an unpublished report never shows; attached documents are never public.
func (s *Store) Consultations(ctx context.Context, st State) ([]consultation.PublishedReport, error) {
	return consultation.PublishedReports(ctx, s.pool, st.ID)
}

// Consultation returns one published consultation report; any other id is NotFound.
func (s *Store) Consultation(ctx context.Context, st State, id int64) (consultation.PublishedReport, error) {
	return consultation.PublishedReportByID(ctx, s.pool, st.ID, id)
}
