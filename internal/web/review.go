package web

import (
	"net/http"
	"strconv"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/review"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// reviewHref is the page of a review comment's target.
func reviewHref(r *http.Request, t review.Target) string {
	id := strconv.FormatInt(t.ID, 10)
	switch t.Kind {
	case review.OnPlan:
		return base(r) + "/plans/" + id
	case review.OnAction:
		return base(r) + "/actions/" + id
	}
	return base(r) + "/indicators/" + id
}

// reviewSection builds the "Review comments" section of a plan, action or indicator
// page, or nil when the reader's role may not see review comments.
func (s *Server) reviewSection(r *http.Request, t review.Target) (*advisory.ReviewView, error) {
	ws := currentWorkspace(r.Context())
	if !account.Can(ws.Role, account.ViewReview) {
		return nil, nil
	}
	threads, err := s.Reviews.Threads(r.Context(), ws.Tenant.ID, currentUserID(r), t)
	if err != nil {
		return nil, err
	}
	b := base(r)
	v := &advisory.ReviewView{TargetKind: t.Kind, TargetID: t.ID,
		CanReply: account.Can(ws.Role, account.ReplyReview), CanResolve: account.Can(ws.Role, account.ResolveReview)}
	if account.Can(ws.Role, account.WriteReview) {
		v.Action = b + "/review"
	}
	comment := func(c review.Comment) advisory.ReviewComment {
		out := advisory.ReviewComment{Author: c.Author, At: c.CreatedAt, Body: c.Body}
		if c.AuthorRole != "" {
			out.RoleMsgID = account.Role(c.AuthorRole).MessageID()
		}
		return out
	}
	for _, th := range threads {
		id := strconv.FormatInt(th.ID, 10)
		row := advisory.ReviewThread{ID: th.ID, Comment: comment(th.Comment), Resolved: th.ResolvedAt != nil, ResolvedBy: th.ResolvedBy,
			ReplyAction: b + "/review/" + id + "/replies", ResolveAction: b + "/review/" + id + "/resolve"}
		if th.ResolvedAt != nil {
			row.ResolvedAt = stateStamp(r, *th.ResolvedAt)
		}
		for _, rp := range th.Replies {
			row.Replies = append(row.Replies, comment(rp))
		}
		v.Threads = append(v.Threads, row)
	}
	return v, nil
}

// addReview records an adviser's review comment and notifies the State's staff.
func (s *Server) addReview(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("target_id"), 10, 64)
	if err != nil || id <= 0 {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	t := review.Target{Kind: r.PostForm.Get("target"), ID: id}
	page := reviewHref(r, t)
	_, err = s.Reviews.Add(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), t, r.PostForm.Get("body"), page+"#review-title")
	return s.afterReview(w, r, err, page, "Review.Sent")
}

// replyReview answers a review comment.
func (s *Server) replyReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	link := func(t review.Target) string { return reviewHref(r, t) + "#review-title" }
	t, err := s.Reviews.Reply(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, r.PostForm.Get("body"), link)
	return s.afterReview(w, r, err, reviewHref(r, t), "Review.ReplySent")
}

// resolveReview marks a review comment resolved.
func (s *Server) resolveReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := s.Reviews.Resolve(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id)
	return s.afterReview(w, r, err, reviewHref(r, t), "Review.MarkedResolved")
}

// afterReview sends the person back to the review section with what happened.
func (s *Server) afterReview(w http.ResponseWriter, r *http.Request, err error, page, doneMsgID string) error {
	if f := fault.FieldsOf(err); f != nil {
		for _, m := range f {
			s.flash(r, m)
		}
	} else if err != nil {
		return err
	} else {
		s.flash(r, doneMsgID)
	}
	http.Redirect(w, r, page+"#review-title", http.StatusSeeOther)
	return nil
}
