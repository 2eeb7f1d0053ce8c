package reminder_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/reminder"
)

// scenario is a State (default language Spanish) whose plan has, from monday's view:
//   - "Train judges", led by Justice and supported by the Police, due in 10 days;
//   - "Vaccination campaign", with no lead and supported by Health, due tomorrow;
//   - "Review the detention law", led by Health, 5 days overdue;
//   - "Legal aid reform", led by Justice, due in 30 days (not yet), with the milestone
//     "Draft the decree" 2 days overdue, one done and one due in 25 days;
//   - actions that never remind: fully implemented, not implementable, without a due
//     date, and in a closed plan.
type scenario struct {
	*state
	trainJudges, vaccination, detentionLaw, legalAid, decree int64
}

func newScenario(t *testing.T, d *dbtest.DB, code string) *scenario {
	t.Helper()
	s := &scenario{state: newState(t, d, code, "es")}
	s.trainJudges = s.action(s.plan, "Train judges", s.justice, 10, "in_progress", s.police)
	s.vaccination = s.action(s.plan, "Vaccination campaign", 0, 1, "not_started", s.health)
	s.detentionLaw = s.action(s.plan, "Review the detention law", s.health, -5, "not_started")
	s.legalAid = s.action(s.plan, "Legal aid reform", s.justice, 30, "in_progress")
	s.decree = s.milestone(s.legalAid, "Draft the decree", -2, false)
	s.milestone(s.legalAid, "Consult the bar association", -1, true)
	s.milestone(s.legalAid, "Train legal aid lawyers", 25, false)

	s.action(s.plan, "Publish the prison statistics", s.justice, -10, "fully_implemented", s.police)
	s.action(s.plan, "Build a new court", s.police, -10, "not_implementable")
	s.exec(`INSERT INTO actions (tenant_id, plan_id, title, lead_entity_id) VALUES ($1, $2, 'Undated action', $3)`, s.plan, s.justice)
	closed := s.id(`INSERT INTO plans (tenant_id, title, period_start, period_end, status)
		VALUES ($1, 'Previous plan', '2019-01-01', '2023-12-31', 'closed') RETURNING id`)
	old := s.action(closed, "Old action", s.justice, -3, "in_progress", s.health)
	s.milestone(old, "Old milestone", -3, false)
	return s
}

// line is an item as the test expects it in an email and a notification.
type line struct {
	title   string
	days    int // due date, from monday
	overdue bool
	link    string
}

func (l line) messageID() string {
	if l.overdue {
		return reminder.NotifyOverdue
	}
	return reminder.NotifyDueSoon
}

// reminderEmail is the email who should get in lang, built from the project's locale
// files: equal whether or not the messages are translated yet.
func (s *state) reminderEmail(lang string, who member, lines ...line) notify.Message {
	loc := bundle(s.t).Localizer(lang)
	var items []string
	for _, l := range lines {
		id := "Email.Reminder.ItemDueSoon"
		if l.overdue {
			id = "Email.Reminder.ItemOverdue"
		}
		items = append(items, loc.T(id, map[string]any{"Title": l.title, "Date": date(l.days)})+"\n  "+baseURL.String()+l.link)
	}
	data := map[string]any{
		"Name": who.Name, "State": s.name, "Items": strings.Join(items, "\n"),
		"Link": baseURL.String() + "/s/" + s.code + "/",
	}
	return notify.Message{
		To:      who.Email,
		Subject: loc.T("Email.Reminder.Subject", data),
		Body:    loc.T("Email.Reminder.Body", data),
		Kind:    "reminder",
	}
}

// wantEmails fails unless got is exactly want, one email per recipient.
func wantEmails(t *testing.T, got []notify.Message, want ...notify.Message) {
	t.Helper()
	by := byRecipient(got)
	for _, w := range want {
		msgs := by[w.To]
		if len(msgs) != 1 {
			t.Errorf("%s got %d emails, want 1", w.To, len(msgs))
			continue
		}
		if msgs[0] != w {
			t.Errorf("email to %s\n got %+v\nwant %+v", w.To, msgs[0], w)
		}
		delete(by, w.To)
	}
	for to, msgs := range by {
		t.Errorf("unexpected %d email(s) to %s: %+v", len(msgs), to, msgs)
	}
}

// notes are the notifications expected for who.
func notes(who member, lines ...line) []notification {
	var out []notification
	for _, l := range lines {
		out = append(out, notification{UserID: who.ID, MessageID: l.messageID(), Link: l.link,
			Data: map[string]string{"Title": l.title, "Date": date(l.days)}})
	}
	return out
}

func wantNotifications(t *testing.T, got []notification, want ...[]notification) {
	t.Helper()
	g, w := keys(got), keys(slices.Concat(want...))
	if !slices.Equal(g, w) {
		t.Errorf("notifications\n got %q\nwant %q", g, w)
	}
}

func TestScanRemindsTheFocalPointsOfEachItemOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newScenario(t, d, "XAA")
	mail := &mailer{}

	res, err := reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday)
	if err != nil {
		t.Fatal(err)
	}
	decree := line{"Draft the decree — Legal aid reform", -2, true, s.milestoneLink(s.legalAid, s.decree)}
	judges := line{"Train judges", 10, false, s.actionLink(s.trainJudges)}
	detention := line{"Review the detention law", -5, true, s.actionLink(s.detentionLaw)}
	vaccination := line{"Vaccination campaign", 1, false, s.actionLink(s.vaccination)}

	// One email per focal point, overdue items first, in their language: French by
	// choice, English by choice, Spanish as the State's default.
	wantEmails(t, mail.take(),
		s.reminderEmail("fr", s.fpJustice, decree, judges),
		s.reminderEmail("es", s.fpPolice, judges),
		s.reminderEmail("en", s.fpHealth, detention, vaccination),
	)
	wantNotifications(t, s.notifications(),
		notes(s.fpJustice, decree, judges), notes(s.fpPolice, judges), notes(s.fpHealth, detention, vaccination))
	for _, n := range s.notifications() {
		if !n.CreatedAt.Equal(monday) {
			t.Errorf("notification %s created at %v, want the run's moment %v", n.key(), n.CreatedAt, monday)
		}
	}
	if res != (reminder.Result{States: 1, Emails: 3, Notifications: 5}) {
		t.Errorf("result %+v", res)
	}

	// Again the same day, or later that day: nothing new.
	for _, at := range []int{0, 5} {
		res, err = reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday.Add(timeHours(at)))
		if err != nil {
			t.Fatal(err)
		}
		if msgs := mail.take(); len(msgs) != 0 || res.Emails != 0 || res.Notifications != 0 {
			t.Fatalf("second run sent %+v (%+v)", msgs, res)
		}
	}
	if got := len(s.notifications()); got != 5 {
		t.Fatalf("%d notifications after the second run, want 5", got)
	}

	// A due date that moves is announced again, with the new date, once.
	s.exec(`UPDATE actions SET due_date = $2 WHERE tenant_id = $1 AND id = $3`, date(12), s.trainJudges)
	for run := range 2 {
		res, err = reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday.Add(timeHours(6)))
		if err != nil {
			t.Fatal(err)
		}
		want := reminder.Result{States: 1, Emails: 2, Notifications: 2}
		if run == 1 {
			want = reminder.Result{States: 1}
		}
		if res != want {
			t.Errorf("run %d after the due date moved: %+v, want %+v", run, res, want)
		}
	}
	if got := len(s.notifications()); got != 7 {
		t.Errorf("%d notifications after the due date moved, want 7", got)
	}
}

func TestScanLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newState(t, d, "XAB", "ar")
	police := s.member("Second police focal point", "focal_point", s.police, "ru")
	s.action(s.plan, "Train judges", s.justice, 3, "in_progress", s.police)
	mail := &mailer{}
	if _, err := reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday); err != nil {
		t.Fatal(err)
	}
	got := byRecipient(mail.take())
	subject := func(lang string, who member) string {
		return bundle(t).Localizer(lang).T("Email.Reminder.Subject", map[string]any{"State": s.name, "Name": who.Name})
	}
	for _, c := range []struct {
		who  member
		lang string
	}{{s.fpJustice, "fr"}, {s.fpPolice, "ar"}, {police, "ru"}} {
		if len(got[c.who.Email]) != 1 {
			t.Fatalf("%s got %d emails", c.who.Email, len(got[c.who.Email]))
		}
		if m := got[c.who.Email][0]; m.Subject != subject(c.lang, c.who) {
			t.Errorf("%s subject %q, want the %s one %q", c.who.Email, m.Subject, c.lang, subject(c.lang, c.who))
		}
	}
}

func TestOverdueItemsAreRemindedWeekly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newScenario(t, d, "XAA")
	mail := &mailer{}
	run := func(days int) {
		t.Helper()
		if _, err := reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday.AddDate(0, 0, days)); err != nil {
			t.Fatal(err)
		}
	}
	run(0)
	mail.take()
	first := s.notifications()

	decree := line{"Draft the decree — Legal aid reform", -2, true, s.milestoneLink(s.legalAid, s.decree)}
	detention := line{"Review the detention law", -5, true, s.actionLink(s.detentionLaw)}
	vaccination := line{"Vaccination campaign", 1, true, s.actionLink(s.vaccination)}

	// Three days on: the overdue items were reminded three days ago; the vaccination
	// campaign, due soon on Monday, is now overdue for the first time.
	run(3)
	msgs := mail.take()
	if len(msgs) != 1 || msgs[0].To != s.fpHealth.Email {
		t.Fatalf("after 3 days: %+v, want one email to health", msgs)
	}
	afterThree := s.notifications()
	wantNotifications(t, afterThree[len(first):], notes(s.fpHealth, vaccination))

	// Eight days on: the items overdue on Monday again, not yet the vaccination campaign.
	run(8)
	wantEmails(t, mail.take(), s.reminderEmail("fr", s.fpJustice, decree), s.reminderEmail("en", s.fpHealth, detention))
	wantNotifications(t, s.notifications()[len(afterThree):], notes(s.fpJustice, decree), notes(s.fpHealth, detention))

	// Ten days on (a week after the third day), the vaccination campaign again.
	run(10)
	msgs = mail.take()
	if len(msgs) != 1 || msgs[0].To != s.fpHealth.Email {
		t.Fatalf("after 10 days: %+v, want one email to health", msgs)
	}
}

func TestScanFailureSendsNothingAndRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newScenario(t, d, "XAA")
	mail := &mailer{fail: true}
	if _, err := reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday); err == nil {
		t.Fatal("no error with the mail queue down")
	}
	if ns := s.notifications(); len(ns) != 0 {
		t.Fatalf("notifications kept after a failed run: %+v", ns)
	}
	mail.fail = false
	res, err := reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday)
	if err != nil {
		t.Fatal(err)
	}
	if res.Emails != 3 || len(mail.take()) != 3 {
		t.Fatalf("retry: %+v", res)
	}
}

func TestScanKeepsStatesApart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	a := newScenario(t, d, "XAA")
	b := newState(t, d, "XAB", "en")
	census := b.action(b.plan, "Run the census", b.justice, 2, "not_started")
	mail := &mailer{}
	if _, err := reminder.Scan(ctx, d.App, mail, bundle(t), baseURL, monday); err != nil {
		t.Fatal(err)
	}
	got := mail.take()
	// Focal points of the same entity name in the other State get only their own items.
	censusLine := line{"Run the census", 2, false, b.actionLink(census)}
	var bMail []notify.Message
	for _, m := range got {
		if strings.HasSuffix(m.To, ".xab@example.org") {
			bMail = append(bMail, m)
		}
	}
	wantEmails(t, bMail, b.reminderEmail("fr", b.fpJustice, censusLine))
	wantNotifications(t, b.notifications(), notes(b.fpJustice, censusLine))
	for _, n := range a.notifications() {
		if !strings.HasPrefix(n.Link, "/s/xaa/") || n.UserID == b.fpJustice.ID {
			t.Errorf("State A notification %+v", n)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d emails, want 3 in State A and 1 in State B", len(got))
	}
}

// digestEmail is the digest who should get in lang.
func (s *state) digestEmail(lang string, who member, waiting int, overdue ...line) notify.Message {
	loc := bundle(s.t).Localizer(lang)
	entity := map[string]string{"Draft the decree — Legal aid reform": "Ministry of Justice", "Review the detention law": "Ministry of Health"}
	var items []string
	for _, l := range overdue {
		items = append(items, loc.T("Email.Digest.Item", map[string]any{"Title": l.title, "Date": date(l.days), "Entity": entity[l.title]})+
			"\n  "+baseURL.String()+l.link)
	}
	data := map[string]any{
		"Name": who.Name, "State": s.name, "Overdue": len(overdue), "Waiting": waiting,
		"Items": strings.Join(items, "\n"), "Link": baseURL.String() + "/s/" + s.code + "/",
	}
	return notify.Message{
		To:      who.Email,
		Subject: loc.T("Email.Digest.Subject", data),
		Body:    loc.T("Email.Digest.Body", data),
		Kind:    "digest",
	}
}

func TestDigestOncePerStaffMemberAndWeek(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newScenario(t, d, "XAA")
	s.exec(`INSERT INTO progress_reports (tenant_id, action_id, period, status) VALUES ($1, $2, 'First half of 2025', 'submitted')`, s.trainJudges)
	s.exec(`INSERT INTO progress_reports (tenant_id, action_id, period, status) VALUES ($1, $2, 'Second half of 2024', 'validated')`, s.trainJudges)
	mail := &mailer{}

	res, err := reminder.Digest(ctx, d.App, mail, bundle(t), baseURL, monday)
	if err != nil {
		t.Fatal(err)
	}
	detention := line{"Review the detention law", -5, true, s.actionLink(s.detentionLaw)}
	decree := line{"Draft the decree — Legal aid reform", -2, true, s.milestoneLink(s.legalAid, s.decree)}
	// The admin has no language of their own: the State's Spanish.
	wantEmails(t, mail.take(),
		s.digestEmail("es", s.admin, 1, detention, decree),
		s.digestEmail("fr", s.staff, 1, detention, decree))
	var digests []string
	for _, n := range s.notifications() {
		if n.MessageID != reminder.NotifyDigest || n.Link != "/s/xaa/" || n.Data["Overdue"] != "2" || n.Data["Waiting"] != "1" {
			t.Errorf("notification %+v", n)
		}
		digests = append(digests, itoa(n.UserID))
	}
	slices.Sort(digests)
	if want := []string{itoa(s.admin.ID), itoa(s.staff.ID)}; !slices.Equal(digests, want) {
		t.Errorf("digest notifications for %v, want %v", digests, want)
	}
	if res != (reminder.Result{States: 1, Emails: 2, Notifications: 2}) {
		t.Errorf("result %+v", res)
	}

	// Later the same ISO week (Wednesday, Sunday night): nothing.
	for _, at := range []int{2*24 + 3, 6*24 + 16} {
		res, err := reminder.Digest(ctx, d.App, mail, bundle(t), baseURL, monday.Add(timeHours(at)))
		if err != nil {
			t.Fatal(err)
		}
		if msgs := mail.take(); len(msgs) != 0 || res.Emails != 0 {
			t.Fatalf("%d hours later: %+v", at, msgs)
		}
	}
	// The next week: again.
	res, err = reminder.Digest(ctx, d.App, mail, bundle(t), baseURL, monday.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	if msgs := mail.take(); len(msgs) != 2 || res.Emails != 2 {
		t.Fatalf("next week: %+v", msgs)
	}
}

func TestDigestOnlyWhenSomethingIsOverdueOrWaiting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newState(t, d, "XAA", "en")
	judges := s.action(s.plan, "Train judges", s.justice, 5, "in_progress")
	s.action(s.plan, "Publish the prison statistics", s.justice, -10, "fully_implemented")
	s.exec(`INSERT INTO progress_reports (tenant_id, action_id, period, status) VALUES ($1, $2, 'First half of 2025', 'draft')`, judges)
	mail := &mailer{}
	res, err := reminder.Digest(ctx, d.App, mail, bundle(t), baseURL, monday)
	if err != nil {
		t.Fatal(err)
	}
	if msgs := mail.take(); len(msgs) != 0 || res.Emails != 0 || len(s.notifications()) != 0 {
		t.Fatalf("digest with nothing to report: %+v %+v", msgs, res)
	}

	// A report waiting for review is enough, the same week.
	s.exec(`UPDATE progress_reports SET status = 'submitted' WHERE tenant_id = $1`)
	if _, err := reminder.Digest(ctx, d.App, mail, bundle(t), baseURL, monday.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	wantEmails(t, mail.take(), s.digestEmail("en", s.admin, 1), s.digestEmail("fr", s.staff, 1))
}

func TestDigestKeepsStatesApart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	a := newScenario(t, d, "XAA")
	b := newState(t, d, "XAB", "en")
	b.action(b.plan, "Run the census", b.justice, 2, "not_started") // not overdue: B has nothing to report
	mail := &mailer{}
	if _, err := reminder.Digest(ctx, d.App, mail, bundle(t), baseURL, monday); err != nil {
		t.Fatal(err)
	}
	for _, m := range mail.take() {
		if m.To != a.admin.Email && m.To != a.staff.Email {
			t.Errorf("digest to %s", m.To)
		}
	}
	if ns := b.notifications(); len(ns) != 0 {
		t.Errorf("State B notifications: %+v", ns)
	}
}
