package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/plan"
)

// Every time a State's people see is on the State's clock: in a State in Manila the
// notification of a submitted report, the action's history and the report's events
// show Manila's time with the zone's name, and the exact moment with +08:00; a State on
// UTC reads the same moments in UTC as before.
func TestTimesOnTheStatesClock(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	for _, tc := range []struct {
		code, zone, label, offset string
		hours                     int
	}{
		{"XAR", "Asia/Manila", " (Asia/Manila)", "+08:00", 8},
		{"XBR", "UTC", " UTC", "+00:00", 0},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			ctx := context.Background()
			lower := strings.ToLower(tc.code)
			st := app.State(t, tc.code, "State "+tc.code, "en")
			if tc.zone != "UTC" {
				if err := app.Tenants.SetTimeZone(ctx, st.ID, 0, tc.zone, "UTC"); err != nil {
					t.Fatal(err)
				}
			}
			app.User(t, "staff@"+lower+".example", false, st.ID, account.RoleNMRFStaff)
			fp := app.User(t, "fp@"+lower+".example", false, st.ID, account.RoleFocalPoint)
			justice, err := app.Entities.Create(ctx, st.ID, 0, entity.Input{Name: "Ministry of Justice", Kind: "ministry"})
			if err != nil {
				t.Fatal(err)
			}
			plans := plan.NewStore(app.Pool)
			p, err := plans.Create(ctx, st.ID, 0, plan.PlanInput{Title: "Plan", PeriodStart: day("2025-01-01"), PeriodEnd: day("2028-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			action, err := plans.CreateAction(ctx, st.ID, 0, p.ID, plan.ActionInput{Title: "Prison reform", LeadEntityID: justice.ID}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.InTenant(ctx, app.Pool, st.ID, 0, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $2 WHERE tenant_id = $1 AND user_id = $3`, st.ID, justice.ID, fp.ID)
				return err
			}); err != nil {
				t.Fatal(err)
			}

			f := app.Client(t)
			f.Login("fp@" + lower + ".example")
			r := f.Post("/s/"+lower+"/reports", url.Values{"action_id": {itoa(action)}, "period": {"2025"},
				"done_text": {"The draft law was sent to parliament."}, "proposed_status": {"in_progress"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("create report: %d\n%s", r.Status, r.Body)
			}
			report := r.Location
			if r := f.Post(report+"/submit", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("submit: %d", r.Status)
			}

			// The moments as stored; the page must show them shifted by the State's offset.
			var noticeAt, historyAt, submittedAt time.Time
			inState(t, app, st.ID, `SELECT created_at FROM notifications ORDER BY id DESC LIMIT 1`, &noticeAt)
			inState(t, app, st.ID, `SELECT at FROM audit_log WHERE table_name = 'actions' AND row_id = `+itoa(action)+` ORDER BY id LIMIT 1`, &historyAt)
			inState(t, app, st.ID, `SELECT at FROM report_events WHERE to_status = 'submitted' ORDER BY id DESC LIMIT 1`, &submittedAt)
			onClock := func(at time.Time) (text, datetime, utc string) {
				wall := at.UTC().Add(time.Duration(tc.hours) * time.Hour)
				return wall.Format("2006-01-02 15:04") + tc.label, `datetime="` + wall.Format("2006-01-02T15:04:05") + tc.offset + `"`,
					at.UTC().Format("2006-01-02 15:04")
			}

			s := app.Client(t)
			s.Login("staff@" + lower + ".example")
			for _, c := range []struct {
				what, page string
				at         time.Time
			}{
				{"the notification", "/s/" + lower + "/notifications", noticeAt},
				{"the action's history", "/s/" + lower + "/actions/" + itoa(action), historyAt},
				{"the report's events", report, submittedAt},
			} {
				body := s.Get(c.page).Body
				text, datetime, utc := onClock(c.at)
				if !strings.Contains(body, text) || !strings.Contains(body, datetime) {
					t.Errorf("%s does not show %q with %s", c.what, text, datetime)
				}
				if tc.hours != 0 && strings.Contains(body, utc) {
					t.Errorf("%s still shows the UTC time %s", c.what, utc)
				}
			}
		})
	}
}
