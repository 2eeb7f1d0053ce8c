package progress

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// MaxReason is the longest reason a reviewer may give for returning a report.
const MaxReason = 4000

// step is one move of the review workflow.
type step struct {
	from   []Status
	to     Status
	review bool   // a reviewer's move (ReviewProgress); otherwise the report's writers'
	notify string // the notification's message ID
}

var (
	submit   = step{from: []Status{Draft, Returned}, to: Submitted, notify: "Notify.ReportSubmitted"}
	giveBack = step{from: []Status{Submitted}, to: Returned, review: true, notify: "Notify.ReportReturned"}
	validate = step{from: []Status{Submitted}, to: Validated, review: true, notify: "Notify.ReportValidated"}
	publish  = step{from: []Status{Validated}, to: Published, review: true, notify: "Notify.ReportPublished"}
)

// Each move below names the version the person saw (a stale one is Conflict and changes
// nothing), is recorded as an event and notifies: a submission the NMRF staff, every other
// move the report's author. link is the report's address in the notification, with {id}
// standing for the report's number (e.g. "/s/XAA/progress/{id}").

// Submit sends a draft or returned report to the NMRF for review.
func (s *Store) Submit(ctx context.Context, tenantID int64, actor Actor, id int64, version int, link string) error {
	return s.move(ctx, tenantID, actor, id, version, submit, "", link)
}

// Return sends a submitted report back to its entity, with the reviewer's reason.
func (s *Store) Return(ctx context.Context, tenantID int64, actor Actor, id int64, version int, reason, link string) error {
	if !account.Can(actor.Role, account.ReviewProgress) {
		return fault.New(fault.Forbidden, "")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fault.Fields{"reason": "Progress.ReasonRequired"}.Err()
	}
	if len([]rune(reason)) > MaxReason {
		return fault.Fields{"reason": "Progress.ReasonTooLong"}.Err()
	}
	return s.move(ctx, tenantID, actor, id, version, giveBack, reason, link)
}

// Validate accepts a submitted report. A report on an action that proposes a status gives
// the action that status.
func (s *Store) Validate(ctx context.Context, tenantID int64, actor Actor, id int64, version int, link string) error {
	return s.move(ctx, tenantID, actor, id, version, validate, "", link)
}

// Publish makes a validated report public.
func (s *Store) Publish(ctx context.Context, tenantID int64, actor Actor, id int64, version int, link string) error {
	return s.move(ctx, tenantID, actor, id, version, publish, "", link)
}

func (s *Store) move(ctx context.Context, tenantID int64, actor Actor, id int64, version int, st step, reason, link string) error {
	need := account.ReportProgress
	if st.review {
		need = account.ReviewProgress
	}
	if !account.Can(actor.Role, need) {
		return fault.New(fault.Forbidden, "")
	}
	return db.InTenant(ctx, s.pool, tenantID, actor.UserID, func(tx pgx.Tx) error {
		r, err := load(ctx, tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if !st.review {
			if err := mayWrite(actor, r); err != nil {
				return err
			}
		}
		// A stale version first: the move the person meant was against a state that has gone.
		if r.Version != version {
			return fault.New(fault.Conflict, "Progress.Stale")
		}
		if !slices.Contains(st.from, r.Status) {
			return fault.New(fault.Invalid, "Progress.BadTransition")
		}
		returnReason := r.ReturnReason
		switch st.to {
		case Returned:
			returnReason = reason
		case Submitted:
			returnReason = ""
		}
		if _, err := tx.Exec(ctx, `
UPDATE progress_reports SET status = $3, return_reason = $4, version = version + 1, updated_at = now()
WHERE tenant_id = $1 AND id = $2`, tenantID, id, st.to, returnReason); err != nil {
			return fmt.Errorf("move report: %w", err)
		}
		if err := recordEvent(ctx, tx, tenantID, id, r.Status, st.to, actor.UserID, reason); err != nil {
			return err
		}
		if st.to == Validated && r.ActionID != 0 && r.ProposedStatus != "" {
			if err := setActionStatus(ctx, tx, tenantID, r); err != nil {
				return err
			}
		}
		return notify(ctx, tx, tenantID, actor, r, st, link)
	})
}

func recordEvent(ctx context.Context, tx pgx.Tx, tenantID, reportID int64, from, to Status, userID int64, reason string) error {
	_, err := tx.Exec(ctx, `
INSERT INTO report_events (tenant_id, report_id, from_status, to_status, user_id, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
		tenantID, reportID, nullString(string(from)), to, nullID(userID), reason)
	if err != nil {
		return fmt.Errorf("record event: %w", err)
	}
	return nil
}

// setActionStatus gives the report's action the status the report proposed. The action's
// version moves on, so anyone editing the action from before is told it changed.
func setActionStatus(ctx context.Context, tx pgx.Tx, tenantID int64, r Report) error {
	_, err := tx.Exec(ctx, `
UPDATE actions SET status = $3,
       status_reason = CASE WHEN $3 = 'not_implementable' THEN $4 ELSE status_reason END,
       version = version + 1, updated_at = now()
WHERE tenant_id = $1 AND id = $2 AND status <> $3`, tenantID, r.ActionID, r.ProposedStatus, r.DoneText)
	if err != nil {
		return fmt.Errorf("action status: %w", err)
	}
	return nil
}

// notify writes in-app notifications: a submission to every NMRF admin and staff member,
// any other move to the report's author while they still belong to the State. The person
// who made the move is never told about it.
func notify(ctx context.Context, tx pgx.Tx, tenantID int64, actor Actor, r Report, st step, link string) error {
	data := map[string]string{"Period": r.Period, "Subject": r.SubjectTitle}
	link = strings.ReplaceAll(link, "{id}", strconv.FormatInt(r.ID, 10))
	recipients := `m.role IN ('nmrf_admin', 'nmrf_staff')`
	args := []any{tenantID, st.notify, data, link, actor.UserID}
	if st.to != Submitted {
		recipients = `m.user_id = $6`
		args = append(args, r.CreatedByID)
	}
	_, err := tx.Exec(ctx, `
INSERT INTO notifications (tenant_id, user_id, message_id, data, link)
SELECT $1, m.user_id, $2, $3, $4 FROM memberships m
WHERE m.tenant_id = $1 AND m.user_id <> $5 AND `+recipients, args...)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}
