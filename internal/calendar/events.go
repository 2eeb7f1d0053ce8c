package calendar

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
)

// Labels turn the plan's dates into event titles in the reader's language; the caller
// translates (e.g. "Due: {{.Action}}"). A nil function leaves the bare title.
type Labels struct {
	Due       func(action string) string            // an action's due date
	Milestone func(milestone, action string) string // a milestone of an action
	Deadline  func(kind, title string) string       // a mechanism's deadline; kind as in deadlines.kind
	ActionURL func(actionID int64) string           // the action's page, absolute; optional
}

// staffRoles see every action of the State's current plans.
var staffRoles = []string{"nmrf_admin", "nmrf_staff"}

// Events returns what a feed shows: for an entity, the open actions it leads or
// supports (their due dates) and their milestones not yet done; for a person, the same
// for the entity of their focal-point membership, or every open action and milestone
// for NMRF staff; and in every feed the State's deadlines from the mechanisms. Actions
// come from plans not yet closed (draft, in consultation, adopted).
func (s *Feeds) Events(ctx context.Context, tenantID int64, feed Feed, labels Labels) ([]Event, error) {
	if feed.TenantID != tenantID {
		return nil, fault.New(fault.NotFound, "")
	}
	var out []Event
	err := db.InTenant(ctx, s.pool, tenantID, feed.UserID, func(tx pgx.Tx) error {
		entityID, all := feed.EntityID, false
		if feed.UserID != 0 {
			var role string
			var entity *int64
			err := tx.QueryRow(ctx, `SELECT role, entity_id FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
				tenantID, feed.UserID).Scan(&role, &entity)
			if err == pgx.ErrNoRows {
				return fault.New(fault.Gone, "Calendar.FeedRevoked")
			}
			if err != nil {
				return err
			}
			switch {
			case entity != nil:
				entityID = *entity
			case slices.Contains(staffRoles, role):
				all = true
			}
			// Anyone else (NHRI, civil society, a focal point not yet given an entity)
			// gets the mechanisms' deadlines only.
		}
		var err error
		if all || entityID != 0 {
			if out, err = actionEvents(ctx, tx, tenantID, entityID, labels); err != nil {
				return err
			}
		}
		deadlines, err := deadlineEvents(ctx, tx, tenantID, labels)
		out = append(out, deadlines...)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Event) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Summary, b.Summary), cmp.Compare(a.UID, b.UID))
	})
	return out, nil
}

// actionsSQL lists the due dates and open milestones of the open actions of plans not
// closed; $2 = 0 means every such action, else those entity $2 leads or supports.
const actionsSQL = `
WITH scoped AS (
  SELECT a.id, a.title, a.description, a.due_date
  FROM actions a JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
  WHERE a.tenant_id = $1 AND p.status IN ('draft', 'consultation', 'adopted')
    AND a.status NOT IN ('fully_implemented', 'not_implementable')
    AND ($2::bigint = 0 OR a.lead_entity_id = $2
         OR EXISTS (SELECT FROM action_entities ae WHERE ae.tenant_id = a.tenant_id AND ae.action_id = a.id AND ae.entity_id = $2))
)
SELECT s.id, 0, s.title, '', s.description, s.due_date FROM scoped s WHERE s.due_date IS NOT NULL
UNION ALL
SELECT s.id, m.id, s.title, m.title, '', m.due_date
FROM scoped s JOIN milestones m ON m.tenant_id = $1 AND m.action_id = s.id
WHERE NOT m.done`

func actionEvents(ctx context.Context, tx pgx.Tx, tenantID, entityID int64, labels Labels) ([]Event, error) {
	rows, err := tx.Query(ctx, actionsSQL, tenantID, entityID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		var actionID, milestoneID int64
		var action, milestone, description string
		var date time.Time
		if err := r.Scan(&actionID, &milestoneID, &action, &milestone, &description, &date); err != nil {
			return Event{}, err
		}
		e := Event{Date: date, Description: description}
		if labels.ActionURL != nil {
			e.URL = labels.ActionURL(actionID)
		}
		if milestoneID == 0 {
			e.UID = fmt.Sprintf("nmrf-%d-action-%d-due", tenantID, actionID)
			e.Summary = action
			if labels.Due != nil {
				e.Summary = labels.Due(action)
			}
		} else {
			e.UID = fmt.Sprintf("nmrf-%d-milestone-%d", tenantID, milestoneID)
			e.Summary = milestone
			if labels.Milestone != nil {
				e.Summary = labels.Milestone(milestone, action)
			}
		}
		return e, nil
	})
}

func deadlineEvents(ctx context.Context, tx pgx.Tx, tenantID int64, labels Labels) ([]Event, error) {
	rows, err := tx.Query(ctx, `SELECT id, title, kind, body, due_date FROM deadlines WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		var id int64
		var title, kind string
		var e Event
		if err := r.Scan(&id, &title, &kind, &e.Description, &e.Date); err != nil {
			return Event{}, err
		}
		e.UID = fmt.Sprintf("nmrf-%d-deadline-%d", tenantID, id)
		e.Summary = title
		if labels.Deadline != nil {
			e.Summary = labels.Deadline(kind, title)
		}
		return e, nil
	})
}
