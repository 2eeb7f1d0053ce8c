package account

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// An adviser (OHCHR, a UN country team) reaches a State only through a grant: the NMRF
// admin's consent for a period, revocable. The membership with role ohchr_adviser says
// who the person is to the State; the grants say when they may look. Membership
// resolution (grantedMember) ignores an adviser's membership outside every grant.

// GrantInput is what an NMRF admin fills in to give a person adviser access.
type GrantInput struct {
	TenantID   int64
	TenantCode string
	TenantName string
	Email      string
	Name       string // for the invitation, when the person has no account yet
	StartsOn   string // YYYY-MM-DD, included
	EndsOn     string // YYYY-MM-DD, included
	Note       string // e.g. OHCHR regional office, UN country team
	Language   string // of the email
	GrantedBy  int64
}

// Grant statuses, as shown on the advisers page.
const (
	GrantUpcoming = "upcoming"
	GrantCurrent  = "current"
	GrantPast     = "past"
	GrantRevoked  = "revoked"
)

// AdviserGrant is one grant as the advisers page lists it.
type AdviserGrant struct {
	ID         int64
	Email      string
	PersonName string // "" while the invitation is not accepted
	StartsOn   time.Time
	EndsOn     time.Time
	Note       string
	Status     string // GrantUpcoming, GrantCurrent, GrantPast or GrantRevoked
	GrantedBy  string
	GrantedAt  time.Time
	RevokedBy  string
	RevokedAt  *time.Time
}

const dateLayout = "2006-01-02"

// validate checks the form and returns the period.
func (in *GrantInput) validate(today time.Time) (time.Time, time.Time, error) {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.Note = strings.TrimSpace(in.Note)
	f := fault.Fields{}
	if !validEmail(in.Email) {
		f["email"] = "Form.EmailInvalid"
	}
	if len([]rune(in.Name)) > 200 {
		f["name"] = "Form.NameInvalid"
	}
	if len([]rune(in.Note)) > 300 {
		f["note"] = "Grant.NoteTooLong"
	}
	start, errStart := time.Parse(dateLayout, strings.TrimSpace(in.StartsOn))
	end, errEnd := time.Parse(dateLayout, strings.TrimSpace(in.EndsOn))
	if errStart != nil {
		f["starts_on"] = "Grant.StartInvalid"
	}
	switch {
	case errEnd != nil:
		f["ends_on"] = "Grant.EndInvalid"
	case errStart == nil && end.Before(start):
		f["ends_on"] = "Grant.EndBeforeStart"
	case end.Before(today):
		f["ends_on"] = "Grant.EndPast"
	}
	if !i18n.Supported(in.Language) {
		in.Language = "en"
	}
	return start, end, f.Err()
}

// GrantAdviser records a grant. A person with an account becomes the State's adviser at
// once (and is told by email); anyone else gets an invitation, and the grant attaches to
// them when they accept it. It reports whether an invitation was sent. All in one
// transaction.
func (s *Service) GrantAdviser(ctx context.Context, in GrantInput) (bool, error) {
	today := utcDate(s.now())
	start, end, err := in.validate(today)
	if err != nil {
		return false, err
	}
	invited := false
	err = db.InTenant(ctx, s.pool, in.TenantID, in.GrantedBy, func(tx pgx.Tx) error {
		var userID int64
		var hasPassword bool
		err := tx.QueryRow(ctx, `SELECT id, password_hash IS NOT NULL FROM users WHERE email = $1`, in.Email).Scan(&userID, &hasPassword)
		if err != nil && err != pgx.ErrNoRows {
			return err
		}
		var grantee *int64
		if userID != 0 && hasPassword {
			var role Role
			err := tx.QueryRow(ctx, `SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2`, in.TenantID, userID).Scan(&role)
			switch {
			case err == pgx.ErrNoRows:
				if err := addMembership(ctx, tx, in.TenantID, userID, RoleAdviser); err != nil {
					return err
				}
			case err != nil:
				return err
			case role != RoleAdviser:
				// One person has one role in a State: staff cannot also be its reviewer.
				return fault.Fields{"email": "Grant.OtherRole"}.Err()
			}
			grantee = &userID
		} else {
			if in.Name == "" {
				return fault.Fields{"name": "Grant.NameNeeded"}.Err()
			}
			invited = true
			if err := s.invite(ctx, tx, InviteInput{TenantID: in.TenantID, TenantName: in.TenantName, Email: in.Email,
				Name: in.Name, Role: RoleAdviser, Language: in.Language, InvitedBy: in.GrantedBy}); err != nil {
				return err
			}
		}
		// Two grants for one person over the same days would make revoking one leave the
		// other in force, so a new grant may not overlap one that is not revoked.
		var overlaps bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM adviser_grants WHERE tenant_id = $1 AND email = $2
			AND revoked_at IS NULL AND starts_on <= $4 AND ends_on >= $3)`, in.TenantID, in.Email, start, end).Scan(&overlaps); err != nil {
			return err
		}
		if overlaps {
			return fault.Fields{"starts_on": "Grant.Overlaps"}.Err()
		}
		var grantedBy *int64
		if in.GrantedBy != 0 {
			grantedBy = &in.GrantedBy
		}
		if _, err := tx.Exec(ctx, `INSERT INTO adviser_grants (tenant_id, email, user_id, starts_on, ends_on, note, granted_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, in.TenantID, in.Email, grantee, start, end, in.Note, grantedBy); err != nil {
			return err
		}
		if grantee == nil {
			return nil
		}
		loc := s.bundle.Localizer(in.Language)
		data := map[string]any{"State": in.TenantName, "From": start.Format(dateLayout), "To": end.Format(dateLayout),
			"Link": s.link("/s/" + strings.ToLower(in.TenantCode) + "/")}
		return s.mail.Enqueue(ctx, tx, notify.Message{To: in.Email, Subject: loc.T("Grant.Email.Subject", data),
			Body: loc.T("Grant.Email.Body", data), Kind: "adviser_grant"})
	})
	return invited, err
}

// RevokeGrant ends a grant now. A grant already revoked or over is a Conflict; an
// unknown one NotFound.
func (s *Service) RevokeGrant(ctx context.Context, tenantID, actorID, grantID int64) error {
	return db.InTenant(ctx, s.pool, tenantID, actorID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE adviser_grants SET revoked_at = now(), revoked_by = $3
			WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL AND ends_on >= (now() AT TIME ZONE 'UTC')::date`,
			tenantID, grantID, actorID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM adviser_grants WHERE tenant_id = $1 AND id = $2)`, tenantID, grantID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fault.New(fault.NotFound, "")
		}
		return fault.New(fault.Conflict, "Grant.AlreadyOver")
	})
}

// AdviserGrants lists a State's grants: current and upcoming first, then past and
// revoked, newest first within each.
func (s *Service) AdviserGrants(ctx context.Context, tenantID, actorID int64) ([]AdviserGrant, error) {
	var out []AdviserGrant
	err := db.InTenant(ctx, s.pool, tenantID, actorID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
WITH g AS (
  SELECT g.*, CASE WHEN g.revoked_at IS NOT NULL THEN 'revoked'
                   WHEN g.ends_on < (now() AT TIME ZONE 'UTC')::date THEN 'past'
                   WHEN g.starts_on > (now() AT TIME ZONE 'UTC')::date THEN 'upcoming'
                   ELSE 'current' END AS status
  FROM adviser_grants g WHERE g.tenant_id = $1)
SELECT g.id, g.email, COALESCE(u.name, ''), g.starts_on, g.ends_on, g.note, g.status,
       COALESCE(gb.name, ''), g.granted_at, COALESCE(rb.name, ''), g.revoked_at
FROM g
LEFT JOIN users u ON u.id = g.user_id
LEFT JOIN users gb ON gb.id = g.granted_by
LEFT JOIN users rb ON rb.id = g.revoked_by
ORDER BY g.status IN ('current', 'upcoming') DESC, g.granted_at DESC, g.id DESC
LIMIT 500`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (AdviserGrant, error) {
			var g AdviserGrant
			err := r.Scan(&g.ID, &g.Email, &g.PersonName, &g.StartsOn, &g.EndsOn, &g.Note, &g.Status,
				&g.GrantedBy, &g.GrantedAt, &g.RevokedBy, &g.RevokedAt)
			return g, err
		})
		return err
	})
	return out, err
}

// GrantedStates lists the States where a person holds an adviser grant current today.
func (s *Service) GrantedStates(ctx context.Context, userID int64) ([]Membership, error) {
	all, err := s.Memberships(ctx, userID) // already leaves out States without a current grant
	if err != nil {
		return nil, err
	}
	var out []Membership
	for _, m := range all {
		if m.Role == RoleAdviser {
			out = append(out, m)
		}
	}
	return out, nil
}

// claimGrants attaches grants made for an email before its owner had an account.
func claimGrants(ctx context.Context, tx pgx.Tx, tenantID, userID int64, email string) error {
	_, err := tx.Exec(ctx, `UPDATE adviser_grants SET user_id = $2 WHERE tenant_id = $1 AND email = $3 AND user_id IS NULL`,
		tenantID, userID, email)
	return err
}

func utcDate(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
