package progress_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/progress"
)

func (s *state) actionStatus() (string, string, int) {
	s.t.Helper()
	var status, reason string
	var version int
	err := db.InTenant(s.ctx, s.d.App, s.tenantID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(s.ctx, `SELECT status, status_reason, version FROM actions WHERE tenant_id = $1 AND id = $2`,
			s.tenantID, s.actionID).Scan(&status, &reason, &version)
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return status, reason, version
}

func TestWorkflow(t *testing.T) {
	t.Parallel()
	s := newState(t)
	ctx, tid := s.ctx, s.tenantID

	r, err := s.store.Create(ctx, tid, s.fpJustice, progress.Input{ActionID: s.actionID, Period: " First half of 2025 ",
		DoneText: "Two training sessions for 80 judges.", ProposedStatus: "in_progress"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != progress.Draft || r.Version != 1 || r.EntityID != s.justice || r.EntityName != "Ministry of Justice" ||
		r.SubjectTitle != "Train judges on gender-based violence" || r.CreatedBy != "Justice focal point" ||
		r.Period != "First half of 2025" || r.ActionID != s.actionID {
		t.Fatalf("created %+v", r)
	}

	// Submitted: every NMRF admin and staff member hears of it, the author does not.
	if err := s.store.Submit(ctx, tid, s.fpJustice, r.ID, 1, link); err != nil {
		t.Fatal(err)
	}
	ns := s.notifications()
	if len(ns) != 2 {
		t.Fatalf("notifications after submit: %+v", ns)
	}
	wantLink := fmt.Sprintf("/s/XAA/progress/%d", r.ID)
	for _, n := range ns {
		if n.MessageID != "Notify.ReportSubmitted" || n.Link != wantLink ||
			n.Data["Period"] != "First half of 2025" || n.Data["Subject"] != "Train judges on gender-based violence" ||
			(n.UserID != s.admin.UserID && n.UserID != s.staff.UserID) {
			t.Fatalf("submit notification %+v", n)
		}
	}

	// Returned: a reason is required, and recorded.
	wantField(t, s.store.Return(ctx, tid, s.staff, r.ID, 2, "  ", link), "reason", "Progress.ReasonRequired")
	wantField(t, s.store.Return(ctx, tid, s.staff, r.ID, 2, strings.Repeat("x", progress.MaxReason+1), link), "reason", "Progress.ReasonTooLong")
	if err := s.store.Return(ctx, tid, s.staff, r.ID, 2, "Add the attendance lists.", link); err != nil {
		t.Fatal(err)
	}
	got := s.get(s.fpJustice, r.ID)
	if got.Status != progress.Returned || got.ReturnReason != "Add the attendance lists." || got.Version != 3 {
		t.Fatalf("returned %+v", got)
	}

	// The author corrects it and submits again.
	if err := s.store.Update(ctx, tid, s.fpJustice, r.ID, progress.Input{Period: "First half of 2025",
		DoneText: "Two training sessions for 80 judges; attendance lists attached.", ProposedStatus: "in_progress"}, 3); err != nil {
		t.Fatal(err)
	}
	if err := s.store.Submit(ctx, tid, s.fpJustice, r.ID, 4, link); err != nil {
		t.Fatal(err)
	}
	if got := s.get(s.staff, r.ID); got.ReturnReason != "" || got.Status != progress.Submitted {
		t.Fatalf("resubmitted %+v", got)
	}

	// Validated: the action takes the proposed status and a new version.
	_, _, actionVersion := s.actionStatus()
	if err := s.store.Validate(ctx, tid, s.admin, r.ID, 5, link); err != nil {
		t.Fatal(err)
	}
	if status, _, v := s.actionStatus(); status != "in_progress" || v != actionVersion+1 {
		t.Fatalf("action after validation: %s v%d, want in_progress v%d", status, v, actionVersion+1)
	}

	if err := s.store.Publish(ctx, tid, s.staff, r.ID, 6, link); err != nil {
		t.Fatal(err)
	}
	got = s.get(s.fpJustice, r.ID)
	if got.Status != progress.Published || got.Version != 7 ||
		got.DoneText != "Two training sessions for 80 judges; attendance lists attached." {
		t.Fatalf("published %+v", got)
	}

	// Every step is in the history: who, from what to what, and why.
	want := []struct {
		move   string
		user   int64
		reason string
	}{
		{"→draft", s.fpJustice.UserID, ""},
		{"draft→submitted", s.fpJustice.UserID, ""},
		{"submitted→returned", s.staff.UserID, "Add the attendance lists."},
		{"returned→submitted", s.fpJustice.UserID, ""},
		{"submitted→validated", s.admin.UserID, ""},
		{"validated→published", s.staff.UserID, ""},
	}
	if len(got.Events) != len(want) {
		t.Fatalf("events %v", statuses(got.Events))
	}
	for i, w := range want {
		e := got.Events[i]
		if statuses(got.Events)[i] != w.move || e.UserID != w.user || e.Reason != w.reason || e.UserName == "" || e.At.IsZero() {
			t.Errorf("event %d = %+v, want %s by %d (%q)", i, e, w.move, w.user, w.reason)
		}
	}

	// The author heard of the return, the validation and the publication; staff of both submissions.
	var msgs []string
	for _, n := range s.notifications() {
		msgs = append(msgs, fmt.Sprintf("%d %s", n.UserID, n.MessageID))
	}
	wantMsgs := []string{
		fmt.Sprintf("%d Notify.ReportSubmitted", s.admin.UserID), fmt.Sprintf("%d Notify.ReportSubmitted", s.staff.UserID),
		fmt.Sprintf("%d Notify.ReportSubmitted", s.admin.UserID), fmt.Sprintf("%d Notify.ReportSubmitted", s.staff.UserID),
		fmt.Sprintf("%d Notify.ReportReturned", s.fpJustice.UserID),
		fmt.Sprintf("%d Notify.ReportValidated", s.fpJustice.UserID),
		fmt.Sprintf("%d Notify.ReportPublished", s.fpJustice.UserID),
	}
	if !sameStrings(msgs, wantMsgs) {
		t.Fatalf("notifications\n got %v\nwant %v", msgs, wantMsgs)
	}
}

func TestNoNotificationToOneself(t *testing.T) {
	t.Parallel()
	s := newState(t)
	r, err := s.store.Create(s.ctx, s.tenantID, s.staff, progress.Input{ActionID: s.actionID, Period: "2025"})
	if err != nil {
		t.Fatal(err)
	}
	for i, move := range []func() error{
		func() error { return s.store.Submit(s.ctx, s.tenantID, s.staff, r.ID, 1, link) },
		func() error { return s.store.Validate(s.ctx, s.tenantID, s.staff, r.ID, 2, link) },
		func() error { return s.store.Publish(s.ctx, s.tenantID, s.admin, r.ID, 3, link) },
	} {
		if err := move(); err != nil {
			t.Fatalf("move %d: %v", i+1, err)
		}
	}
	// The staff member who wrote and validated it hears only of the publication by someone else.
	var msgs []string
	for _, n := range s.notifications() {
		msgs = append(msgs, fmt.Sprintf("%d %s", n.UserID, n.MessageID))
	}
	want := []string{fmt.Sprintf("%d Notify.ReportSubmitted", s.admin.UserID), fmt.Sprintf("%d Notify.ReportPublished", s.staff.UserID)}
	if !sameStrings(msgs, want) {
		t.Fatalf("notifications %v, want %v", msgs, want)
	}
}

func TestNotImplementableNeedsAReason(t *testing.T) {
	t.Parallel()
	s := newState(t)
	_, err := s.store.Create(s.ctx, s.tenantID, s.fpJustice, progress.Input{ActionID: s.actionID, Period: "2025",
		ProposedStatus: "not_implementable"})
	wantField(t, err, "done_text", "Progress.ExplainNotImplementable")

	r := s.reportIn(progress.Validated, progress.Input{DoneText: "The law this action amends was repealed.", ProposedStatus: "not_implementable"})
	if status, reason, _ := s.actionStatus(); status != "not_implementable" || reason != "The law this action amends was repealed." {
		t.Fatalf("action %s (%q) after validating report %d", status, reason, r.ID)
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	s := newState(t)
	a := s.actionID
	cases := []struct {
		name  string
		in    progress.Input
		field string
		msg   string
	}{
		{"no subject", progress.Input{Period: "2025"}, "subject", "Progress.SubjectRequired"},
		{"two subjects", progress.Input{ActionID: a, IndicatorID: 1, Period: "2025"}, "subject", "Progress.SubjectRequired"},
		{"no period", progress.Input{ActionID: a, Period: "  "}, "period", "Progress.PeriodInvalid"},
		{"long period", progress.Input{ActionID: a, Period: strings.Repeat("é", progress.MaxPeriod+1)}, "period", "Progress.PeriodInvalid"},
		{"long text", progress.Input{ActionID: a, Period: "2025", DoneText: strings.Repeat("x", progress.MaxDoneText+1)}, "done_text", "Progress.DoneTextTooLong"},
		{"unknown status", progress.Input{ActionID: a, Period: "2025", ProposedStatus: "done"}, "proposed_status", "Progress.ProposedStatusInvalid"},
	}
	for _, c := range cases {
		_, err := s.store.Create(s.ctx, s.tenantID, s.staff, c.in)
		wantField(t, err, c.field, c.msg)
	}
	// The longest period and text are accepted.
	if _, err := s.store.Create(s.ctx, s.tenantID, s.staff, progress.Input{ActionID: a, Period: strings.Repeat("é", progress.MaxPeriod),
		DoneText: strings.Repeat("x", progress.MaxDoneText)}); err != nil {
		t.Fatal(err)
	}
	_, err := s.store.Create(s.ctx, s.tenantID, s.staff, progress.Input{ActionID: a + 1000, Period: "2025"})
	wantErr(t, err, fault.NotFound, "")
}

func TestBadTransitions(t *testing.T) {
	t.Parallel()
	s := newState(t)
	type move struct {
		name string
		do   func(r progress.Report) error
	}
	moves := []move{
		{"submit", func(r progress.Report) error { return s.submit(r.ID)(r.Version) }},
		{"return", func(r progress.Report) error { return s.giveBack(r.ID)(r.Version) }},
		{"validate", func(r progress.Report) error { return s.validate(r.ID)(r.Version) }},
		{"publish", func(r progress.Report) error { return s.publish(r.ID)(r.Version) }},
	}
	allowed := map[progress.Status][]string{
		progress.Draft:     {"submit"},
		progress.Submitted: {"return", "validate"},
		progress.Returned:  {"submit"},
		progress.Validated: {"publish"},
		progress.Published: nil,
	}
	for _, status := range progress.Statuses {
		r := s.reportIn(status, progress.Input{})
		for _, m := range moves {
			if slices.Contains(allowed[status], m.name) {
				continue
			}
			t.Run(string(status)+"/"+m.name, func(t *testing.T) {
				wantErr(t, m.do(r), fault.Invalid, "Progress.BadTransition")
				if got := s.get(s.staff, r.ID); got.Status != status || got.Version != r.Version || len(got.Events) != len(r.Events) {
					t.Fatalf("changed: %+v", got)
				}
			})
		}
		// Only drafts and returned reports may be edited.
		err := s.store.Update(s.ctx, s.tenantID, s.staff, r.ID, progress.Input{Period: "Changed"}, r.Version)
		if r.Editable() {
			if err != nil {
				t.Errorf("update %s: %v", status, err)
			}
		} else {
			wantErr(t, err, fault.Invalid, "Progress.NotEditable")
		}
	}
}

func TestWrongRoles(t *testing.T) {
	t.Parallel()
	s := newState(t)
	ctx, tid := s.ctx, s.tenantID
	onAction := progress.Input{ActionID: s.actionID, Period: "2025"}

	// Who may write a report on the Ministry of Justice's action.
	for _, c := range []struct {
		name  string
		actor progress.Actor
		msg   string // "" allowed
	}{
		{"NMRF admin", s.admin, ""},
		{"NMRF staff", s.staff, ""},
		{"lead entity's focal point", s.fpJustice, ""},
		{"supporting entity's focal point", s.fpPolice, ""},
		{"another entity's focal point", s.fpHealth, "Progress.NotYourEntity"},
		{"focal point without an entity", s.fpNoEntity, "Progress.NotYourEntity"},
		{"NHRI", s.nhri, "-"},
		{"civil society", s.cso, "-"},
		{"OHCHR adviser", s.adviser, "-"},
	} {
		r, err := s.store.Create(ctx, tid, c.actor, onAction)
		switch c.msg {
		case "":
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if c.actor.EntityID != 0 && r.EntityID != c.actor.EntityID {
				t.Errorf("%s: report for entity %d", c.name, r.EntityID)
			}
			if c.actor.EntityID == 0 && r.EntityID != s.justice {
				t.Errorf("%s: staff report for entity %d, want the lead", c.name, r.EntityID)
			}
		case "-":
			wantErr(t, err, fault.Forbidden, "")
		default:
			wantErr(t, err, fault.Forbidden, c.msg)
		}
	}

	// Recommendations: assigned directly, or through a cluster's lead unless the
	// recommendation has a lead of its own.
	doc := s.id(`INSERT INTO documents (tenant_id, doc_key, mechanism, body, symbol) VALUES ($1, 'upr-40', 'upr', 'UPR', 'A/HRC/40/5') RETURNING id`)
	rec := func(para string) int64 {
		return s.id(`INSERT INTO recommendations (tenant_id, document_id, paragraph, text, content_hash, source_hash)
			VALUES ($1, $2, $3, 'Strengthen the protection of victims of domestic violence', $3, $3) RETURNING id`, doc, para)
	}
	supported, viaCluster, ownLead := rec("118.1"), rec("118.2"), rec("118.3")
	s.exec(`INSERT INTO recommendation_entities (tenant_id, recommendation_id, entity_id, role) VALUES ($1, $2, $3, 'supporting')`, supported, s.health)
	cluster := s.id(`INSERT INTO clusters (tenant_id, name, lead_entity_id) VALUES ($1, 'Rights of women', $2) RETURNING id`, s.health)
	s.exec(`INSERT INTO cluster_recommendations (tenant_id, cluster_id, recommendation_id) VALUES ($1, $2, $3), ($1, $2, $4)`, cluster, viaCluster, ownLead)
	s.exec(`INSERT INTO recommendation_entities (tenant_id, recommendation_id, entity_id, role) VALUES ($1, $2, $3, 'lead')`, ownLead, s.justice)
	indicator := s.id(`INSERT INTO indicators (tenant_id, title, type, source_entity_id)
		VALUES ($1, 'Shelters for victims of domestic violence', 'outcome', $2) RETURNING id`, s.health)
	for _, c := range []struct {
		name  string
		actor progress.Actor
		in    progress.Input
		ok    bool
	}{
		{"supporting entity", s.fpHealth, progress.Input{RecommendationID: supported}, true},
		{"not assigned", s.fpJustice, progress.Input{RecommendationID: supported}, false},
		{"cluster's lead", s.fpHealth, progress.Input{RecommendationID: viaCluster}, true},
		{"not the cluster's lead", s.fpJustice, progress.Input{RecommendationID: viaCluster}, false},
		{"own lead over the cluster's", s.fpJustice, progress.Input{RecommendationID: ownLead}, true},
		{"cluster's lead overridden", s.fpHealth, progress.Input{RecommendationID: ownLead}, false},
		{"indicator's source", s.fpHealth, progress.Input{IndicatorID: indicator}, true},
		{"not the indicator's source", s.fpJustice, progress.Input{IndicatorID: indicator}, false},
		{"staff on an indicator", s.staff, progress.Input{IndicatorID: indicator}, true},
	} {
		c.in.Period = "2025"
		r, err := s.store.Create(ctx, tid, c.actor, c.in)
		if c.ok && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if !c.ok {
			wantErr(t, err, fault.Forbidden, "Progress.NotYourEntity")
		}
		if c.ok && c.in.RecommendationID == supported && r.SubjectTitle != "A/HRC/40/5 118.1" {
			t.Errorf("recommendation's title %q", r.SubjectTitle)
		}
	}

	// A draft of the Ministry of Justice: others may not change, submit or read it.
	draft := s.reportIn(progress.Draft, progress.Input{})
	for _, a := range []progress.Actor{s.fpHealth, s.fpPolice, s.fpNoEntity} {
		wantErr(t, s.store.Update(ctx, tid, a, draft.ID, onAction, draft.Version), fault.Forbidden, "Progress.NotYourEntity")
		wantErr(t, s.store.Submit(ctx, tid, a, draft.ID, draft.Version, link), fault.Forbidden, "Progress.NotYourEntity")
	}
	for _, a := range []progress.Actor{s.nhri, s.cso, s.adviser} {
		wantErr(t, s.store.Update(ctx, tid, a, draft.ID, onAction, draft.Version), fault.Forbidden, "")
		wantErr(t, s.store.Submit(ctx, tid, a, draft.ID, draft.Version, link), fault.Forbidden, "")
	}
	for _, a := range []progress.Actor{s.fpHealth, s.fpPolice, s.nhri, s.cso, s.adviser} {
		_, err := s.store.Get(ctx, tid, a, draft.ID)
		wantErr(t, err, fault.NotFound, "")
	}

	// A submitted report: only reviewers may return, validate or publish.
	submitted := s.reportIn(progress.Submitted, progress.Input{})
	validated := s.reportIn(progress.Validated, progress.Input{})
	for _, a := range []progress.Actor{s.fpJustice, s.fpHealth, s.nhri, s.cso, s.adviser} {
		wantErr(t, s.store.Return(ctx, tid, a, submitted.ID, submitted.Version, "Incomplete.", link), fault.Forbidden, "")
		wantErr(t, s.store.Validate(ctx, tid, a, submitted.ID, submitted.Version, link), fault.Forbidden, "")
		wantErr(t, s.store.Publish(ctx, tid, a, validated.ID, validated.Version, link), fault.Forbidden, "")
	}
	if got := s.get(s.staff, submitted.ID); got.Version != submitted.Version || got.Status != progress.Submitted {
		t.Fatalf("submitted report changed: %+v", got)
	}
	if got := s.get(s.staff, validated.ID); got.Version != validated.Version || got.Status != progress.Validated {
		t.Fatalf("validated report changed: %+v", got)
	}
}

func TestStaleVersion(t *testing.T) {
	t.Parallel()
	s := newState(t)
	ctx, tid := s.ctx, s.tenantID
	r := s.draft(progress.Input{DoneText: "First version."})

	// Two people edit version 1; the second save is refused and overwrites nothing.
	if err := s.store.Update(ctx, tid, s.fpJustice, r.ID, progress.Input{Period: r.Period, DoneText: "Focal point's text."}, 1); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.store.Update(ctx, tid, s.staff, r.ID, progress.Input{Period: r.Period, DoneText: "Staff's text."}, 1), fault.Conflict, "Progress.Stale")
	if got := s.get(s.staff, r.ID); got.DoneText != "Focal point's text." || got.Version != 2 {
		t.Fatalf("after stale update: %+v", got)
	}

	// A stale submission or review changes nothing: no status, no event, no notification.
	wantErr(t, s.store.Submit(ctx, tid, s.fpJustice, r.ID, 1, link), fault.Conflict, "Progress.Stale")
	if err := s.store.Submit(ctx, tid, s.fpJustice, r.ID, 2, link); err != nil {
		t.Fatal(err)
	}
	before, notes := s.get(s.staff, r.ID), len(s.notifications())
	wantErr(t, s.store.Validate(ctx, tid, s.staff, r.ID, 2, link), fault.Conflict, "Progress.Stale")
	wantErr(t, s.store.Return(ctx, tid, s.staff, r.ID, 2, "Incomplete.", link), fault.Conflict, "Progress.Stale")
	after := s.get(s.staff, r.ID)
	if after.Status != progress.Submitted || after.Version != before.Version || len(after.Events) != len(before.Events) ||
		len(s.notifications()) != notes {
		t.Fatalf("stale moves changed the report: %+v", after)
	}
	if status, _, _ := s.actionStatus(); status != "not_started" {
		t.Fatalf("action status %s", status)
	}

	_, err := s.store.Get(ctx, tid, s.staff, r.ID+1000)
	wantErr(t, err, fault.NotFound, "")
	wantErr(t, s.store.Submit(ctx, tid, s.fpJustice, r.ID+1000, 1, link), fault.NotFound, "")
}

func TestListAndAwaiting(t *testing.T) {
	t.Parallel()
	s := newState(t)
	ctx, tid := s.ctx, s.tenantID
	draft := s.reportIn(progress.Draft, progress.Input{})
	submitted := s.reportIn(progress.Submitted, progress.Input{})
	validated := s.reportIn(progress.Validated, progress.Input{})
	published := s.reportIn(progress.Published, progress.Input{})
	health, err := s.store.Create(ctx, tid, s.staff, progress.Input{ActionID: s.actionID, Period: "2025"})
	if err != nil {
		t.Fatal(err)
	}
	s.exec(`UPDATE progress_reports SET entity_id = $2 WHERE tenant_id = $1 AND id = $3`, s.health, health.ID)

	ids := func(rs []progress.Report) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		slices.Sort(out)
		return out
	}
	all := []int64{draft.ID, submitted.ID, validated.ID, published.ID, health.ID}
	for _, c := range []struct {
		name   string
		actor  progress.Actor
		filter progress.Filter
		want   []int64
	}{
		{"staff see all", s.staff, progress.Filter{}, all},
		{"by status", s.admin, progress.Filter{Status: progress.Submitted}, []int64{submitted.ID}},
		{"by entity", s.staff, progress.Filter{EntityID: s.health}, []int64{health.ID}},
		{"by action", s.staff, progress.Filter{ActionID: s.actionID + 1}, nil},
		{"a focal point sees their entity's", s.fpJustice, progress.Filter{}, all[:4]},
		{"and nothing of another entity", s.fpJustice, progress.Filter{EntityID: s.health}, nil},
		{"another entity's focal point", s.fpHealth, progress.Filter{}, []int64{health.ID}},
		{"NHRI: validated and published", s.nhri, progress.Filter{}, []int64{validated.ID, published.ID}},
		{"adviser: published", s.adviser, progress.Filter{}, []int64{published.ID}},
	} {
		rs, err := s.store.List(ctx, tid, c.actor, c.filter)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := ids(rs); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	_, err = s.store.List(ctx, tid, s.cso, progress.Filter{})
	wantErr(t, err, fault.Forbidden, "")
	_, err = s.store.List(ctx, tid, s.staff, progress.Filter{Status: "archived"})
	wantErr(t, err, fault.Invalid, "")

	awaiting, err := s.store.Awaiting(ctx, tid, s.staff)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(awaiting); !slices.Equal(got, []int64{submitted.ID}) {
		t.Fatalf("awaiting %v", got)
	}
	for _, a := range []progress.Actor{s.fpJustice, s.nhri, s.cso, s.adviser} {
		_, err := s.store.Awaiting(ctx, tid, a)
		wantErr(t, err, fault.Forbidden, "")
	}
}

func TestVisible(t *testing.T) {
	t.Parallel()
	const justice, health = 1, 2
	staff := progress.Actor{UserID: 1, Role: "nmrf_staff"}
	fpJustice := progress.Actor{UserID: 2, Role: "focal_point", EntityID: justice}
	fpHealth := progress.Actor{UserID: 3, Role: "focal_point", EntityID: health}
	nhri := progress.Actor{UserID: 4, Role: "nhri"}
	adviser := progress.Actor{UserID: 5, Role: "ohchr_adviser"}
	cso := progress.Actor{UserID: 6, Role: "civil_society"}
	actors := []progress.Actor{staff, fpJustice, fpHealth, nhri, adviser, cso}
	want := map[progress.Status][]bool{ // in the order of actors
		progress.Draft:     {true, true, false, false, false, false},
		progress.Submitted: {true, true, false, false, false, false},
		progress.Returned:  {true, true, false, false, false, false},
		progress.Validated: {true, true, false, true, false, false},
		progress.Published: {true, true, true, true, true, false},
	}
	for status, w := range want {
		for i, a := range actors {
			if got := progress.Visible(a, progress.Report{Status: status, EntityID: justice}); got != w[i] {
				t.Errorf("%s report, %s of entity %d: visible %v", status, a.Role, a.EntityID, got)
			}
		}
	}
}

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	a := newState(t)
	b := newStateIn(t, a.d, "XBB")
	r := a.reportIn(progress.Submitted, progress.Input{})
	e, err := a.store.AddLink(a.ctx, a.tenantID, a.staff, a.draft(progress.Input{}).ID, "https://example.org/a")
	if err != nil {
		t.Fatal(err)
	}

	// Another State's people do not belong to this one.
	_, err = progress.ActorFor(a.ctx, a.d.App, a.tenantID, b.staff.UserID)
	wantErr(t, err, fault.NotFound, "")

	// Inside their own State, this State's report, evidence and action do not exist.
	_, err = b.store.Get(b.ctx, b.tenantID, b.staff, r.ID)
	wantErr(t, err, fault.NotFound, "")
	wantErr(t, b.store.Validate(b.ctx, b.tenantID, b.staff, r.ID, r.Version, link), fault.NotFound, "")
	_, err = b.store.Evidence(b.ctx, b.tenantID, b.staff, e.ID)
	wantErr(t, err, fault.NotFound, "")
	wantErr(t, b.store.RemoveEvidence(b.ctx, b.tenantID, b.staff, e.ID), fault.NotFound, "")
	_, err = b.store.Create(b.ctx, b.tenantID, b.staff, progress.Input{ActionID: a.actionID, Period: "2025"})
	wantErr(t, err, fault.NotFound, "")
	rs, err := b.store.List(b.ctx, b.tenantID, b.staff, progress.Filter{})
	if err != nil || len(rs) != 0 {
		t.Fatalf("other State's list: %v %v", rs, err)
	}
	if ns := b.notifications(); len(ns) != 0 {
		t.Fatalf("other State's notifications: %+v", ns)
	}
	if got := a.get(a.staff, r.ID); got.Status != progress.Submitted || got.Version != r.Version {
		t.Fatalf("report changed from another State: %+v", got)
	}
}
