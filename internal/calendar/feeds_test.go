package calendar_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/calendar"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// state is a State with two ministries, a draft plan, a closed plan, a deadline and
// three people: a focal point of the Ministry of Interior, a staff member, an NHRI member.
type state struct {
	d                       *dbtest.DB
	id                      int64
	justice, interior       int64
	focalPoint, staff, nhri int64
}

func setup(t *testing.T, code string) state {
	t.Helper()
	d := dbtest.New(t)
	return addState(t, d, code)
}

func addState(t *testing.T, d *dbtest.DB, code string) state {
	t.Helper()
	ctx := context.Background()
	st, err := tenancy.NewStore(d.App).Create(ctx, tenancy.NewTenant{Code: code, Name: "Example State " + code, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	s := state{d: d, id: st.ID}
	mail := strings.ToLower(code)
	for _, u := range []struct {
		id          *int64
		email, name string
	}{
		{&s.focalPoint, "focal." + mail + "@example.org", "Focal point"},
		{&s.staff, "staff." + mail + "@example.org", "NMRF staff member"},
		{&s.nhri, "nhri." + mail + "@example.org", "NHRI member"},
	} {
		if err := d.App.QueryRow(ctx, `INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id`, u.email, u.name).Scan(u.id); err != nil {
			t.Fatal(err)
		}
	}
	err = db.InTenant(ctx, d.App, st.ID, 0, func(tx pgx.Tx) error {
		one := func(sql string, args ...any) int64 {
			var id int64
			if err == nil {
				err = tx.QueryRow(ctx, sql, args...).Scan(&id)
			}
			return id
		}
		exec := func(sql string, args ...any) {
			if err == nil {
				_, err = tx.Exec(ctx, sql, args...)
			}
		}
		entity := `INSERT INTO entities (tenant_id, name, kind) VALUES ($1, $2, 'ministry') RETURNING id`
		s.justice = one(entity, st.ID, "Ministry of Justice")
		s.interior = one(entity, st.ID, "Ministry of Interior")
		exec(`INSERT INTO memberships (tenant_id, user_id, role, entity_id) VALUES ($1, $2, 'focal_point', $3), ($1, $4, 'nmrf_staff', NULL), ($1, $5, 'nhri', NULL)`,
			st.ID, s.focalPoint, s.interior, s.staff, s.nhri)

		plan := `INSERT INTO plans (tenant_id, title, period_start, period_end, status) VALUES ($1, $2, '2026-01-01', '2029-12-31', $3) RETURNING id`
		current := one(plan, st.ID, "National plan 2026–2029", "draft")
		closed := one(plan, st.ID, "National plan 2021–2025", "closed")
		action := `INSERT INTO actions (tenant_id, plan_id, title, lead_entity_id, due_date, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
		reform := one(action, st.ID, current, "Reform the code of criminal procedure", s.justice, "2026-06-30", "in_progress")
		police := one(action, st.ID, current, "Train police officers", s.interior, "2026-09-30", "not_started")
		census := one(action, st.ID, current, "Hold a prison census", s.interior, "2026-07-31", "not_started")
		one(action, st.ID, current, "Publish court statistics", s.justice, "2026-02-28", "fully_implemented")
		one(action, st.ID, closed, "Ratify the Optional Protocol", s.justice, "2025-06-30", "in_progress")
		exec(`INSERT INTO action_entities (tenant_id, action_id, entity_id) VALUES ($1, $2, $3)`, st.ID, police, s.justice)
		milestone := `INSERT INTO milestones (tenant_id, action_id, title, due_date, done) VALUES ($1, $2, $3, $4, $5) RETURNING id`
		one(milestone, st.ID, reform, "Draft bill sent to parliament", "2026-03-31", false)
		one(milestone, st.ID, reform, "Consultation held", "2026-02-15", true)
		one(milestone, st.ID, census, "Census form agreed", "2026-04-30", false)
		one(`INSERT INTO deadlines (tenant_id, title, kind, due_date) VALUES ($1, $2, 'mid_term_report', '2026-11-15') RETURNING id`,
			st.ID, "UPR mid-term report")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var labels = calendar.Labels{
	Due:       func(a string) string { return "Due: " + a },
	Milestone: func(m, a string) string { return "Milestone: " + m + " (" + a + ")" },
	Deadline:  func(kind, title string) string { return kind + ": " + title },
	ActionURL: func(id int64) string { return "https://nmrf.example.org/action" },
}

func summaries(t *testing.T, s state, feed calendar.Feed) []string {
	t.Helper()
	events, err := calendar.NewFeeds(s.d.App).Events(context.Background(), s.id, feed, labels)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Summary)
	}
	return out
}

func TestFeedLifecycle(t *testing.T) {
	t.Parallel()
	s := setup(t, "XAA")
	ctx := context.Background()
	feeds := calendar.NewFeeds(s.d.App)

	token, err := feeds.Create(ctx, s.id, s.staff, calendar.Owner{EntityID: s.justice})
	if err != nil {
		t.Fatal(err)
	}
	if len(token) != 43 || strings.ContainsAny(token, "+/=") {
		t.Errorf("token %q: want 32 random bytes in unpadded base64url", token)
	}
	// Only the hash is stored.
	err = db.InTenant(ctx, s.d.App, s.id, 0, func(tx pgx.Tx) error {
		var stored []byte
		if err := tx.QueryRow(ctx, `SELECT token_hash FROM calendar_feeds`).Scan(&stored); err != nil {
			return err
		}
		want := sha256.Sum256([]byte(token))
		if !bytes.Equal(stored, want[:]) {
			t.Errorf("stored %x, want the token's sha256", stored)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	feed, err := feeds.Resolve(ctx, s.id, token)
	if err != nil {
		t.Fatal(err)
	}
	if feed.TenantID != s.id || feed.EntityID != s.justice || feed.UserID != 0 {
		t.Errorf("resolved %+v", feed)
	}
	list, err := feeds.List(ctx, s.id, s.staff, calendar.Owner{EntityID: s.justice})
	if err != nil || len(list) != 1 || list[0].ID != feed.ID || list[0].RevokedAt != nil {
		t.Fatalf("list: %+v %v", list, err)
	}
	if other, err := feeds.List(ctx, s.id, s.staff, calendar.Owner{EntityID: s.interior}); err != nil || len(other) != 0 {
		t.Errorf("another entity's list: %+v %v", other, err)
	}

	wrong := []byte(token)
	wrong[0] ^= 1
	if wrong[0] == '-' || wrong[0] == '_' {
		wrong[0] = 'A'
	}
	for _, tok := range []string{string(wrong), "", "not-a-token", token + "x", strings.Repeat("!", 43)} {
		if _, err := feeds.Resolve(ctx, s.id, tok); !fault.Is(err, fault.NotFound) {
			t.Errorf("token %q: %v, want NotFound", tok, err)
		}
	}

	if err := feeds.Revoke(ctx, s.id, s.staff, feed.ID); err != nil {
		t.Fatal(err)
	}
	if err := feeds.Revoke(ctx, s.id, s.staff, feed.ID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	_, err = feeds.Resolve(ctx, s.id, token)
	if !fault.Is(err, fault.Gone) || fault.MessageOf(err) != "Calendar.FeedRevoked" {
		t.Errorf("a revoked feed: %v, want Gone with Calendar.FeedRevoked", err)
	}
	if err := feeds.Revoke(ctx, s.id, s.staff, feed.ID+100); !fault.Is(err, fault.NotFound) {
		t.Errorf("revoking a feed that does not exist: %v", err)
	}
	if list, _ := feeds.List(ctx, s.id, s.staff, calendar.Owner{EntityID: s.justice}); len(list) != 1 || list[0].RevokedAt == nil {
		t.Errorf("the revoked feed should stay listed, marked revoked: %+v", list)
	}
}

func TestCreateChecksTheOwner(t *testing.T) {
	t.Parallel()
	s := setup(t, "XAA")
	ctx := context.Background()
	feeds := calendar.NewFeeds(s.d.App)
	var stranger int64
	if err := s.d.App.QueryRow(ctx, `INSERT INTO users (email, name) VALUES ('stranger@example.org', 'Stranger') RETURNING id`).Scan(&stranger); err != nil {
		t.Fatal(err)
	}
	for name, owner := range map[string]calendar.Owner{
		"nobody":         {},
		"both":           {UserID: s.staff, EntityID: s.justice},
		"not a member":   {UserID: stranger},
		"no such entity": {EntityID: s.justice + 1000},
		"no such person": {UserID: stranger + 1000},
	} {
		if _, err := feeds.Create(ctx, s.id, s.staff, owner); err == nil || fault.KindOf(err) == fault.Internal {
			t.Errorf("%s: %v, want a classified refusal", name, err)
		}
	}
}

func TestTokenOfAnotherState(t *testing.T) {
	t.Parallel()
	a := setup(t, "XAA")
	b := addState(t, a.d, "XBB")
	ctx := context.Background()
	feeds := calendar.NewFeeds(a.d.App)

	token, err := feeds.Create(ctx, b.id, b.staff, calendar.Owner{EntityID: b.justice})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := feeds.Resolve(ctx, a.id, token); !fault.Is(err, fault.NotFound) {
		t.Errorf("State B's token in State A: %v, want NotFound", err)
	}
	feed, err := feeds.Resolve(ctx, b.id, token)
	if err != nil {
		t.Fatalf("State B's token in State B: %v", err)
	}
	if _, err := feeds.Events(ctx, a.id, feed, labels); !fault.Is(err, fault.NotFound) {
		t.Errorf("State B's feed read as State A: %v, want NotFound", err)
	}
	if list, err := feeds.List(ctx, a.id, a.staff, calendar.Owner{EntityID: b.justice}); err != nil || len(list) != 0 {
		t.Errorf("State A lists State B's feeds: %+v %v", list, err)
	}
	if err := feeds.Revoke(ctx, a.id, a.staff, feed.ID); !fault.Is(err, fault.NotFound) {
		t.Errorf("State A revokes State B's feed: %v", err)
	}
}

const deadline = "mid_term_report: UPR mid-term report"

func TestEntityFeedHasOnlyItsActions(t *testing.T) {
	t.Parallel()
	s := setup(t, "XAA")
	got := summaries(t, s, calendar.Feed{TenantID: s.id, EntityID: s.justice})
	want := []string{
		"Milestone: Draft bill sent to parliament (Reform the code of criminal procedure)",
		"Due: Reform the code of criminal procedure",
		"Due: Train police officers", // supported by the Ministry of Justice
		deadline,
	}
	if !slices.Equal(got, want) {
		t.Errorf("the Ministry of Justice's feed:\n got %q\nwant %q", got, want)
	}
}

func TestPersonFeeds(t *testing.T) {
	t.Parallel()
	s := setup(t, "XAA")
	ctx := context.Background()
	for _, c := range []struct {
		name string
		user int64
		want []string
	}{
		{"a focal point follows their entity", s.focalPoint, []string{
			"Milestone: Census form agreed (Hold a prison census)",
			"Due: Hold a prison census",
			"Due: Train police officers",
			deadline,
		}},
		{"staff see every open action of current plans", s.staff, []string{
			"Milestone: Draft bill sent to parliament (Reform the code of criminal procedure)",
			"Milestone: Census form agreed (Hold a prison census)",
			"Due: Reform the code of criminal procedure",
			"Due: Hold a prison census",
			"Due: Train police officers",
			deadline,
		}},
		{"others see the mechanisms' deadlines", s.nhri, []string{deadline}},
	} {
		if got := summaries(t, s, calendar.Feed{TenantID: s.id, UserID: c.user}); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}

	// A person's feed dies with their membership.
	feeds := calendar.NewFeeds(s.d.App)
	token, err := feeds.Create(ctx, s.id, s.focalPoint, calendar.Owner{UserID: s.focalPoint})
	if err != nil {
		t.Fatal(err)
	}
	feed, err := feeds.Resolve(ctx, s.id, token)
	if err != nil || feed.UserID != s.focalPoint {
		t.Fatalf("resolve a person's feed: %+v %v", feed, err)
	}
	err = db.InTenant(ctx, s.d.App, s.id, 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2`, s.id, s.focalPoint)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := feeds.Resolve(ctx, s.id, token); !fault.Is(err, fault.Gone) {
		t.Errorf("the feed of a person who left: %v, want Gone", err)
	}
	if _, err := feeds.Events(ctx, s.id, feed, labels); !fault.Is(err, fault.Gone) {
		t.Errorf("events of a person who left: %v, want Gone", err)
	}
}

// The events make a feed calendars can read: stable UIDs, one VEVENT each.
func TestEventsWriteAsFeed(t *testing.T) {
	t.Parallel()
	s := setup(t, "XAA")
	ctx := context.Background()
	feeds := calendar.NewFeeds(s.d.App)
	feed := calendar.Feed{TenantID: s.id, EntityID: s.interior}
	first, err := feeds.Events(ctx, s.id, feed, labels)
	if err != nil {
		t.Fatal(err)
	}
	again, err := feeds.Events(ctx, s.id, feed, labels)
	if err != nil {
		t.Fatal(err)
	}
	uids := map[string]bool{}
	for i, e := range first {
		if e.UID == "" || uids[e.UID] || again[i].UID != e.UID {
			t.Errorf("event %q: UID %q not unique and stable", e.Summary, e.UID)
		}
		uids[e.UID] = true
	}
	var b bytes.Buffer
	if err := calendar.Write(&b, "Ministry of Interior", first); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "BEGIN:VEVENT\r\n"); n != len(first) {
		t.Errorf("%d VEVENTs for %d events", n, len(first))
	}
	if !strings.Contains(b.String(), "URL:https://nmrf.example.org/action\r\n") {
		t.Error("actions carry no link")
	}
}
