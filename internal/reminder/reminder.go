// Package reminder tells people what is due: a focal point is emailed (and notified in
// the app) before an action or milestone of their entity is due and while it is overdue,
// and the NMRF's admins and staff get a weekly digest of what is overdue and waiting for
// review. Every message is in its recipient's language.
//
// There is no table of sent reminders: the in-app notifications are the record. A
// focal point is reminded once that an item is due soon, and once a week while it is
// overdue; a staff member gets one digest per ISO week.
package reminder

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// Mailer queues an email inside a transaction, as notify.Jobs does.
type Mailer interface {
	Enqueue(ctx context.Context, tx pgx.Tx, m notify.Message) error
}

// MailerFunc adapts a function to Mailer, for wiring before the mailer exists.
type MailerFunc func(ctx context.Context, tx pgx.Tx, m notify.Message) error

// Enqueue calls f.
func (f MailerFunc) Enqueue(ctx context.Context, tx pgx.Tx, m notify.Message) error {
	return f(ctx, tx, m)
}

// Message IDs of the in-app notifications, which are also the record of what was sent.
const (
	NotifyDueSoon = "Notify.DueSoon"
	NotifyOverdue = "Notify.Overdue"
	NotifyDigest  = "Notify.Digest"
)

const (
	// DueSoonDays is how far ahead a focal point is told of a due date.
	DueSoonDays = 14
	// OverdueEvery is how often a focal point is reminded of an overdue item.
	OverdueEvery = 7
	// digestMaxItems caps the overdue items a digest lists; the workspace has them all.
	digestMaxItems = 100
)

// Result counts what a run queued.
type Result struct {
	States        int // States looked at
	Emails        int // emails queued
	Notifications int // in-app notifications written
}

func (r *Result) add(o Result) {
	r.Emails += o.Emails
	r.Notifications += o.Notifications
}

// item is an action or a milestone with a due date.
type item struct {
	ActionID    int64
	MilestoneID int64 // 0 for the action itself
	Title       string
	Due         time.Time
	Entity      string // lead entity, for the digest
	MessageID   string // NotifyDueSoon or NotifyOverdue
	Link        string // path, e.g. /s/xaa/actions/7
}

// person is a recipient.
type person struct {
	ID       int64
	Email    string
	Name     string
	Language string // users.language, "" when not set
}

// language picks the language of a person's messages: their own, else the State's,
// else English.
func language(personal, state string) string {
	switch {
	case i18n.Supported(personal):
		return personal
	case i18n.Supported(state):
		return state
	}
	return "en"
}

// day is the calendar date of t, at midnight in t's location.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// weekStart is Monday 00:00 of t's ISO week, in t's location.
func weekStart(t time.Time) time.Time {
	d := day(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// workspace is a State's path, as the web layer writes it: /s/xaa.
func workspace(code string) string { return "/s/" + strings.ToLower(code) }

func absolute(baseURL *url.URL, path string) string {
	if baseURL == nil {
		return path
	}
	return strings.TrimSuffix(baseURL.String(), "/") + path
}

// itemsSQL selects the open actions and milestones due by $2 (a date) in State $1, with
// their link under the action path $3. An action counts while its plan is not closed and
// it is neither fully implemented nor found not implementable; a milestone while it is
// not done and its action counts.
const itemsSQL = `
WITH items AS (
    SELECT a.id AS action_id, NULL::bigint AS milestone_id, a.title, a.due_date, a.lead_entity_id
    FROM actions a JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
    WHERE a.tenant_id = $1 AND p.status <> 'closed'
      AND a.status NOT IN ('fully_implemented', 'not_implementable')
      AND a.due_date <= $2::date
    UNION ALL
    SELECT a.id, m.id, m.title || ' — ' || a.title, m.due_date, a.lead_entity_id
    FROM milestones m
    JOIN actions a ON a.tenant_id = m.tenant_id AND a.id = m.action_id
    JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
    WHERE m.tenant_id = $1 AND NOT m.done AND p.status <> 'closed'
      AND a.status NOT IN ('fully_implemented', 'not_implementable')
      AND m.due_date <= $2::date
)
SELECT i.action_id, COALESCE(i.milestone_id, 0) AS milestone_id, i.title, i.due_date, i.lead_entity_id,
       $3::text || i.action_id || COALESCE('?milestone=' || i.milestone_id || '#milestones-title', '') AS link
FROM items i`

// Scan reminds every State's focal points of the actions and milestones of their entity
// (lead or supporting) that are due within DueSoonDays or overdue. Each focal point gets
// one email per State and run listing what is new for them, and one in-app notification
// per item, all in one transaction per State. An item is announced as due soon once per
// person, and as overdue once every OverdueEvery days. today is the moment of the run:
// its date decides what is due, and it stamps the notifications.
//
// A State that fails does not stop the others; the errors are returned together and the
// run can be repeated (River retries it) without sending anything twice.
func Scan(ctx context.Context, pool *pgxpool.Pool, mailer Mailer, bundle *i18n.Bundle, baseURL *url.URL, today time.Time) (Result, error) {
	states, err := tenancy.NewStore(pool).List(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("list States: %w", err)
	}
	var res Result
	var errs []error
	for _, st := range states {
		var r Result
		err := db.InTenant(ctx, pool, st.ID, 0, func(tx pgx.Tx) error {
			var err error
			r, err = scanState(ctx, tx, mailer, bundle, baseURL, st, today)
			return err
		})
		res.States++
		if err != nil {
			errs = append(errs, fmt.Errorf("reminders for %s: %w", st.Code, err))
			continue
		}
		res.add(r)
	}
	return res, errors.Join(errs...)
}

func scanState(ctx context.Context, tx pgx.Tx, mailer Mailer, bundle *i18n.Bundle, baseURL *url.URL, st tenancy.Tenant, now time.Time) (Result, error) {
	// Two runs at once (a retry racing a schedule) wait for each other, and the second
	// then sees what the first recorded.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('nmrf.reminder.scan'), $1::int)`, st.ID); err != nil {
		return Result{}, err
	}
	today := day(now)
	overdueCutoff := today.AddDate(0, 0, -(OverdueEvery - 1))
	rows, err := tx.Query(ctx, `
WITH due AS (`+itemsSQL+`),
kinds AS (
    SELECT d.*, CASE WHEN d.due_date < $4::date THEN '`+NotifyOverdue+`' ELSE '`+NotifyDueSoon+`' END AS message_id
    FROM due d
)
SELECT k.action_id, k.milestone_id, k.title, k.due_date, k.message_id, k.link,
       u.id, u.email, u.name, COALESCE(u.language, '')
FROM kinds k
JOIN memberships ms ON ms.tenant_id = $1 AND ms.role = 'focal_point'
    AND (ms.entity_id = k.lead_entity_id
         OR EXISTS (SELECT FROM action_entities ae
                    WHERE ae.tenant_id = $1 AND ae.action_id = k.action_id AND ae.entity_id = ms.entity_id))
JOIN users u ON u.id = ms.user_id
WHERE NOT EXISTS (
    SELECT FROM notifications n
    WHERE n.tenant_id = $1 AND n.user_id = u.id AND n.message_id = k.message_id AND n.link = k.link
      AND CASE WHEN k.message_id = '`+NotifyDueSoon+`'
               THEN n.data->>'Date' = to_char(k.due_date, 'YYYY-MM-DD') -- once per due date
               ELSE n.created_at >= $5 END)                              -- overdue: weekly
ORDER BY u.id, k.message_id DESC, k.due_date, k.title, k.link`,
		st.ID, isoDate(today.AddDate(0, 0, DueSoonDays)), workspace(st.Code)+"/actions/", isoDate(today), overdueCutoff)
	if err != nil {
		return Result{}, fmt.Errorf("due items: %w", err)
	}
	var people []*todo
	var it item
	var who person
	for rows.Next() {
		if err := rows.Scan(&it.ActionID, &it.MilestoneID, &it.Title, &it.Due, &it.MessageID, &it.Link,
			&who.ID, &who.Email, &who.Name, &who.Language); err != nil {
			rows.Close()
			return Result{}, err
		}
		if len(people) == 0 || people[len(people)-1].who.ID != who.ID {
			people = append(people, &todo{who: who})
		}
		last := people[len(people)-1]
		last.items = append(last.items, it)
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("due items: %w", err)
	}

	var res Result
	for _, p := range people {
		loc := bundle.Localizer(language(p.who.Language, st.DefaultLanguage))
		lines := make([]string, 0, len(p.items))
		for _, it := range p.items {
			data := map[string]any{"Title": it.Title, "Date": isoDate(it.Due)}
			lines = append(lines, itemLine(loc, it, data, baseURL))
			if err := insertNotification(ctx, tx, st.ID, p.who.ID, it.MessageID,
				map[string]string{"Title": it.Title, "Date": isoDate(it.Due)}, it.Link, now); err != nil {
				return Result{}, err
			}
			res.Notifications++
		}
		data := map[string]any{
			"Name":  p.who.Name,
			"State": st.Name,
			"Items": strings.Join(lines, "\n"),
			"Link":  absolute(baseURL, workspace(st.Code)+"/"),
		}
		msg := notify.Message{
			To:      p.who.Email,
			Subject: loc.T("Email.Reminder.Subject", data),
			Body:    loc.T("Email.Reminder.Body", data),
			Kind:    "reminder",
		}
		if err := mailer.Enqueue(ctx, tx, msg); err != nil {
			return Result{}, err
		}
		res.Emails++
	}
	return res, nil
}

// todo is what one person is told in one run.
type todo struct {
	who   person
	items []item
}

// itemLine is an item as an email lists it: a line in the reader's language, then the
// item's address.
func itemLine(loc *i18n.Localizer, it item, data map[string]any, baseURL *url.URL) string {
	id := "Email.Reminder.ItemDueSoon"
	if it.MessageID == NotifyOverdue {
		id = "Email.Reminder.ItemOverdue"
	}
	return loc.T(id, data) + "\n  " + absolute(baseURL, it.Link)
}

func insertNotification(ctx context.Context, tx pgx.Tx, tenantID, userID int64, messageID string, data map[string]string, link string, at time.Time) error {
	_, err := tx.Exec(ctx, `
INSERT INTO notifications (tenant_id, user_id, message_id, data, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		tenantID, userID, messageID, data, link, at)
	if err != nil {
		return fmt.Errorf("notification: %w", err)
	}
	return nil
}

// Digest sends each NMRF admin and staff member of every State, once per ISO week, an
// email listing the actions and milestones that are overdue and the number of progress
// reports submitted and waiting for review, with an in-app notification that also
// records the sending. Nothing is sent for a State with nothing overdue or waiting.
func Digest(ctx context.Context, pool *pgxpool.Pool, mailer Mailer, bundle *i18n.Bundle, baseURL *url.URL, today time.Time) (Result, error) {
	states, err := tenancy.NewStore(pool).List(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("list States: %w", err)
	}
	var res Result
	var errs []error
	for _, st := range states {
		var r Result
		err := db.InTenant(ctx, pool, st.ID, 0, func(tx pgx.Tx) error {
			var err error
			r, err = digestState(ctx, tx, mailer, bundle, baseURL, st, today)
			return err
		})
		res.States++
		if err != nil {
			errs = append(errs, fmt.Errorf("digest for %s: %w", st.Code, err))
			continue
		}
		res.add(r)
	}
	return res, errors.Join(errs...)
}

func digestState(ctx context.Context, tx pgx.Tx, mailer Mailer, bundle *i18n.Bundle, baseURL *url.URL, st tenancy.Tenant, now time.Time) (Result, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('nmrf.reminder.digest'), $1::int)`, st.ID); err != nil {
		return Result{}, err
	}
	home := workspace(st.Code) + "/"
	week := weekStart(now)
	rows, err := tx.Query(ctx, `
SELECT u.id, u.email, u.name, COALESCE(u.language, '')
FROM memberships ms JOIN users u ON u.id = ms.user_id
WHERE ms.tenant_id = $1 AND ms.role IN ('nmrf_admin', 'nmrf_staff')
  AND NOT EXISTS (SELECT FROM notifications n
                  WHERE n.tenant_id = $1 AND n.user_id = u.id AND n.message_id = '`+NotifyDigest+`' AND n.link = $2
                    AND n.created_at >= $3 AND n.created_at < $4)
ORDER BY u.id`, st.ID, home, week, week.AddDate(0, 0, 7))
	if err != nil {
		return Result{}, fmt.Errorf("staff: %w", err)
	}
	staff, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (person, error) {
		var p person
		err := r.Scan(&p.ID, &p.Email, &p.Name, &p.Language)
		return p, err
	})
	if err != nil || len(staff) == 0 {
		return Result{}, err
	}

	today := day(now)
	rows, err = tx.Query(ctx, `
WITH due AS (`+itemsSQL+`)
SELECT d.action_id, d.milestone_id, d.title, d.due_date, COALESCE(e.name, ''), d.link
FROM due d LEFT JOIN entities e ON e.tenant_id = $1 AND e.id = d.lead_entity_id
ORDER BY d.due_date, d.title, d.link`,
		st.ID, isoDate(today.AddDate(0, 0, -1)), workspace(st.Code)+"/actions/")
	if err != nil {
		return Result{}, fmt.Errorf("overdue items: %w", err)
	}
	overdue, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (item, error) {
		it := item{MessageID: NotifyOverdue}
		err := r.Scan(&it.ActionID, &it.MilestoneID, &it.Title, &it.Due, &it.Entity, &it.Link)
		return it, err
	})
	if err != nil {
		return Result{}, fmt.Errorf("overdue items: %w", err)
	}
	var waiting int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM progress_reports WHERE tenant_id = $1 AND status = 'submitted'`,
		st.ID).Scan(&waiting); err != nil {
		return Result{}, fmt.Errorf("waiting reports: %w", err)
	}
	if len(overdue) == 0 && waiting == 0 {
		return Result{}, nil
	}

	var res Result
	for _, p := range staff {
		loc := bundle.Localizer(language(p.Language, st.DefaultLanguage))
		data := map[string]any{
			"Name":    p.Name,
			"State":   st.Name,
			"Overdue": len(overdue),
			"Waiting": waiting,
			"Items":   digestItems(loc, overdue, baseURL),
			"Link":    absolute(baseURL, home),
		}
		msg := notify.Message{
			To:      p.Email,
			Subject: loc.T("Email.Digest.Subject", data),
			Body:    loc.T("Email.Digest.Body", data),
			Kind:    "digest",
		}
		if err := mailer.Enqueue(ctx, tx, msg); err != nil {
			return Result{}, err
		}
		res.Emails++
		if err := insertNotification(ctx, tx, st.ID, p.ID, NotifyDigest, map[string]string{
			"Overdue": strconv.Itoa(len(overdue)), "Waiting": strconv.Itoa(waiting),
		}, home, now); err != nil {
			return Result{}, err
		}
		res.Notifications++
	}
	return res, nil
}

// digestItems lists overdue items with their lead entity, at most digestMaxItems.
func digestItems(loc *i18n.Localizer, items []item, baseURL *url.URL) string {
	lines := make([]string, 0, min(len(items), digestMaxItems)+1)
	for i, it := range items {
		if i == digestMaxItems {
			lines = append(lines, loc.T("Email.Digest.More", map[string]any{"Count": len(items)}))
			break
		}
		data := map[string]any{"Title": it.Title, "Date": isoDate(it.Due), "Entity": it.Entity}
		id := "Email.Digest.Item"
		if it.Entity == "" {
			id = "Email.Reminder.ItemOverdue"
		}
		lines = append(lines, loc.T(id, data)+"\n  "+absolute(baseURL, it.Link))
	}
	return strings.Join(lines, "\n")
}
