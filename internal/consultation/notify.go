package consultation

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/nmrf-platform/nmrf/internal/notify"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
	"github.com/nmrf-platform/nmrf/internal/zone"
)

// ClosingSoonBefore is how long before a consultation closes its participants are
// reminded, once.
const ClosingSoonBefore = 48 * time.Hour

// tellInvited tells everyone invited to consultation id, but the person acting, with an
// in-app notification and an email. link has {id} for the consultation's number.
func (s *Store) tellInvited(ctx context.Context, tx pgx.Tx, tenantID, actorID, id int64, msgID, link string) error {
	rows, err := tx.Query(ctx, `
SELECT m.user_id FROM consultations c JOIN memberships m ON m.tenant_id = c.tenant_id
WHERE c.tenant_id = $1 AND c.id = $2 AND m.user_id <> $3 AND `+invitedSQL+` ORDER BY m.user_id`, tenantID, id, actorID)
	if err != nil {
		return fmt.Errorf("invited: %w", err)
	}
	who, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	var title, timeZone string
	var opens, closes time.Time
	if err := tx.QueryRow(ctx, `
SELECT c.title, c.opens_at, c.closes_at, t.time_zone FROM consultations c JOIN tenants t ON t.id = c.tenant_id
WHERE c.tenant_id = $1 AND c.id = $2`, tenantID, id).Scan(&title, &opens, &closes, &timeZone); err != nil {
		return err
	}
	// On the State's clock, as its pages show them.
	loc := zone.Or(timeZone)
	data := map[string]string{"Title": title, "Opens": zone.Stamp(opens, loc), "Closes": zone.Stamp(closes, loc)}
	return s.tell(ctx, tx, tenantID, who, msgID, data, strings.ReplaceAll(link, "{id}", itoa(id)))
}

// tell writes an in-app notification for each person and queues an email to them in
// their language (else the State's), inside tx.
func (s *Store) tell(ctx context.Context, tx pgx.Tx, tenantID int64, userIDs []int64, msgID string, data map[string]string, link string) error {
	if len(userIDs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO notifications (tenant_id, user_id, message_id, data, link) SELECT $1, u, $2, $3, $4 FROM unnest($5::bigint[]) u`,
		tenantID, msgID, data, link, userIDs); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	if s.mailer == nil || s.bundle == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `
SELECT u.email, u.name, COALESCE(u.language, t.default_language), t.name
FROM users u, tenants t WHERE u.id = ANY($1) AND t.id = $2 ORDER BY u.id`, userIDs, tenantID)
	if err != nil {
		return fmt.Errorf("recipients: %w", err)
	}
	type person struct{ email, name, lang, state string }
	people, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (person, error) {
		var p person
		err := r.Scan(&p.email, &p.name, &p.lang, &p.state)
		return p, err
	})
	if err != nil {
		return err
	}
	abs := s.absolute(link)
	for _, p := range people {
		loc := s.bundle.Localizer(p.lang)
		d := map[string]any{"Name": p.name, "State": p.state}
		for k, v := range data {
			d[k] = v
		}
		m := notify.Message{To: p.email, Subject: loc.T("Consultation.Email.Subject", d),
			Body: loc.T("Consultation.Email.Body", map[string]any{"Name": p.name, "Text": loc.T(msgID, d), "Link": abs}),
			Kind: "consultation"}
		if err := s.mailer.Enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) absolute(path string) string {
	if s.baseURL == nil {
		return path
	}
	return strings.TrimSuffix(s.baseURL.String(), "/") + path
}

// ClosingSoon reminds the invited people of every State, once per consultation, that an
// open consultation closes within ClosingSoonBefore. It returns how many consultations
// were announced. A State that fails does not stop the others.
func (s *Store) ClosingSoon(ctx context.Context) (int, error) {
	states, err := tenancy.NewStore(s.pool).List(ctx)
	if err != nil {
		return 0, fmt.Errorf("list States: %w", err)
	}
	total := 0
	var errs []error
	for _, st := range states {
		err := s.inTenant(ctx, st.ID, 0, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `
SELECT id FROM consultations
WHERE tenant_id = $1 AND closing_notice_at IS NULL AND opens_at <= `+clockSQL+` AND closes_at > `+clockSQL+`
  AND closes_at <= `+clockSQL+` + $2::interval
ORDER BY id FOR UPDATE SKIP LOCKED`, st.ID, ClosingSoonBefore.String())
			if err != nil {
				return err
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := s.tellInvited(ctx, tx, st.ID, 0, id, "Consultation.Notify.ClosingSoon", "/s/"+strings.ToLower(st.Code)+"/consultations/{id}"); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE consultations SET closing_notice_at = `+clockSQL+` WHERE tenant_id = $1 AND id = $2`, st.ID, id); err != nil {
					return err
				}
			}
			total += len(ids)
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("closing consultations of %s: %w", st.Code, err))
		}
	}
	return total, errors.Join(errs...)
}

// ClosingSoonArgs is the River job that runs ClosingSoon.
type ClosingSoonArgs struct{}

// Kind names the job in River's table.
func (ClosingSoonArgs) Kind() string { return "consultation_closing_soon" }

// InsertOpts keeps at most one run per quarter hour in the queue, however many servers start.
func (ClosingSoonArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 15 * time.Minute}}
}

type closingWorker struct {
	river.WorkerDefaults[ClosingSoonArgs]
	store *Store
}

func (w *closingWorker) Work(ctx context.Context, _ *river.Job[ClosingSoonArgs]) error {
	_, err := w.store.ClosingSoon(ctx)
	return err
}

// Register adds the consultation workers.
func Register(workers *river.Workers, store *Store) {
	river.AddWorker(workers, &closingWorker{store: store})
}

// PeriodicJobs run the closing-soon reminder every hour and once at start.
func PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return ClosingSoonArgs{}, nil },
			&river.PeriodicJobOpts{ID: "consultation_closing_soon", RunOnStart: true}),
	}
}
