package account

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// InviteInput is what an NMRF admin (or a platform admin, for a State's first NMRF
// admin) fills in to invite a person.
type InviteInput struct {
	TenantID   int64
	TenantName string
	Email      string
	Name       string
	Role       Role
	EntityID   int64 // for a focal point: the entity they report for (0 none)
	// For a civil-society member: the approved organisation they speak for (0 none).
	OrganisationID int64
	Language       string // the language of the email and of the invitee's first pages
	InvitedBy      int64
}

func (in *InviteInput) validate() error {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	f := fault.Fields{}
	if !validEmail(in.Email) {
		f["email"] = "Form.EmailInvalid"
	}
	if in.Name == "" || len([]rune(in.Name)) > 200 {
		f["name"] = "Form.NameInvalid"
	}
	if !in.Role.Valid() {
		f["role"] = "Form.RoleInvalid"
	}
	if in.EntityID != 0 && in.Role != RoleFocalPoint {
		f["entity"] = "Form.EntityOnlyFocalPoint"
	}
	if in.OrganisationID != 0 && in.Role != RoleCivilSociety {
		f["organisation"] = "Org.InviteOnlyCivilSociety"
	}
	if !i18n.Supported(in.Language) {
		f["language"] = "Form.LanguageInvalid"
	}
	return f.Err()
}

// Invite records an invitation and queues its email in one transaction.
func (s *Service) Invite(ctx context.Context, in InviteInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return db.InTenant(ctx, s.pool, in.TenantID, in.InvitedBy, func(tx pgx.Tx) error {
		return s.invite(ctx, tx, in)
	})
}

// InviteTx validates and records an invitation inside tx, the caller's transaction in the
// invitation's State, so the invitation lands or fails with the caller's own change (the
// approval of a registration request).
func (s *Service) InviteTx(ctx context.Context, tx pgx.Tx, in InviteInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.invite(ctx, tx, in)
}

// invite records a validated invitation and queues its email inside tx (the State's
// transaction), so a caller can make it part of a larger change such as an adviser grant.
func (s *Service) invite(ctx context.Context, tx pgx.Tx, in InviteInput) error {
	tok, hash, err := newToken()
	if err != nil {
		return err
	}
	loc := s.bundle.Localizer(in.Language)
	data := map[string]any{
		"Name":  in.Name,
		"State": in.TenantName,
		"Role":  loc.T(in.Role.MessageID()),
		"Link":  s.link("/invite/" + tok),
		"Days":  int(InvitationTTL / (24 * time.Hour)),
	}
	msg := notify.Message{
		To:      in.Email,
		Subject: loc.T("Email.Invitation.Subject", data),
		Body:    loc.T("Email.Invitation.Body", data),
		Kind:    "invitation",
	}
	var invitedBy *int64
	if in.InvitedBy != 0 {
		invitedBy = &in.InvitedBy
	}
	var entityID *int64
	if in.EntityID != 0 {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM entities WHERE tenant_id = $1 AND id = $2)`, in.TenantID, in.EntityID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fault.Fields{"entity": "Form.EntityInvalid"}.Err()
		}
		entityID = &in.EntityID
	}
	var organisationID *int64
	if in.OrganisationID != 0 {
		// Only an approved organisation of this State: a pending or rejected one is not yet
		// (or no longer) one the State consults.
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM organisations WHERE tenant_id = $1 AND id = $2 AND status = 'approved')`,
			in.TenantID, in.OrganisationID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fault.Fields{"organisation": "Org.InviteInvalid"}.Err()
		}
		organisationID = &in.OrganisationID
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO invitations (tenant_id, email, name, role, token_hash, invited_by, language, expires_at, entity_id, organisation_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		in.TenantID, in.Email, in.Name, in.Role, hash, invitedBy, in.Language, s.now().Add(InvitationTTL), entityID, organisationID); err != nil {
		return err
	}
	return s.mail.Enqueue(ctx, tx, msg)
}

// Invitation is a pending invitation as its holder sees it.
type Invitation struct {
	TenantID   int64
	TenantCode string
	TenantName string
	Email      string
	Name       string
	Role       Role
	Language   string
	EntityID   int64
	// OrganisationID is the organisation a civil-society member joins (0 none).
	OrganisationID int64
	HasAccount     bool // the email already belongs to a person with a password
}

// PendingInvitation is an invitation not yet accepted, for the members page.
type PendingInvitation struct {
	Email        string
	Name         string
	Role         Role
	Organisation string // the organisation's name, for a civil-society member ("" none)
	ExpiresAt    time.Time
	Expired      bool
}

// PendingInvitations lists a State's unaccepted invitations, newest first.
func (s *Service) PendingInvitations(ctx context.Context, tenantID, actorID int64) ([]PendingInvitation, error) {
	var out []PendingInvitation
	err := db.InTenant(ctx, s.pool, tenantID, actorID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT i.email, i.name, i.role, COALESCE(o.name, ''), i.expires_at, i.expires_at <= now()
FROM invitations i LEFT JOIN organisations o ON o.tenant_id = i.tenant_id AND o.id = i.organisation_id
WHERE i.tenant_id = $1 AND i.accepted_at IS NULL ORDER BY i.created_at DESC LIMIT 200`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (PendingInvitation, error) {
			var p PendingInvitation
			err := r.Scan(&p.Email, &p.Name, &p.Role, &p.Organisation, &p.ExpiresAt, &p.Expired)
			return p, err
		})
		return err
	})
	return out, err
}

// lookupInvitation finds a usable invitation by its token inside tx. A used or expired
// invitation is Gone; an unknown token is NotFound.
func lookupInvitation(ctx context.Context, tx pgx.Tx, tokenHash []byte, now time.Time) (Invitation, error) {
	var inv Invitation
	var expires time.Time
	var accepted *time.Time
	err := tx.QueryRow(ctx, `
SELECT i.tenant_id, t.code, t.name, i.email, i.name, i.role, i.language, COALESCE(i.entity_id, 0), COALESCE(i.organisation_id, 0),
       i.expires_at, i.accepted_at,
       EXISTS (SELECT FROM users u WHERE u.email = i.email AND u.password_hash IS NOT NULL)
FROM invitations i JOIN tenants t ON t.id = i.tenant_id
WHERE i.token_hash = $1`, tokenHash).Scan(&inv.TenantID, &inv.TenantCode, &inv.TenantName, &inv.Email,
		&inv.Name, &inv.Role, &inv.Language, &inv.EntityID, &inv.OrganisationID, &expires, &accepted, &inv.HasAccount)
	if err == pgx.ErrNoRows {
		return Invitation{}, fault.New(fault.NotFound, "Invite.NotFound")
	}
	if err != nil {
		return Invitation{}, err
	}
	if accepted != nil || !now.Before(expires) {
		return Invitation{}, fault.New(fault.Gone, "Invite.Gone")
	}
	return inv, nil
}

// InvitationByToken returns the invitation a link points to.
func (s *Service) InvitationByToken(ctx context.Context, token string) (Invitation, error) {
	var inv Invitation
	hash := hashToken(token)
	err := db.Tx(ctx, s.pool, db.Scope{InvitationTokenHash: hash}, func(tx pgx.Tx) error {
		var err error
		inv, err = lookupInvitation(ctx, tx, hash, s.now())
		return err
	})
	return inv, err
}

// AcceptInput is the invitee's answer: a new person sets a name and password; a person
// who already has an account confirms with their current password.
type AcceptInput struct {
	Token    string
	Name     string
	Password string
	Confirm  string
}

// AcceptInvitation turns an invitation into a membership, once. It returns the person.
func (s *Service) AcceptInvitation(ctx context.Context, in AcceptInput) (User, error) {
	hash := hashToken(in.Token)
	var user User
	err := db.Tx(ctx, s.pool, db.Scope{InvitationTokenHash: hash}, func(tx pgx.Tx) error {
		inv, err := lookupInvitation(ctx, tx, hash, s.now())
		if err != nil {
			return err
		}
		if inv.HasAccount {
			var stored string
			user, err = scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = $1`, inv.Email), &stored)
			if err != nil {
				return err
			}
			if !CheckPassword(stored, in.Password) {
				return fault.Fields{"password": "Invite.PasswordWrong"}.Err()
			}
		} else {
			n := NewUser{Email: inv.Email, Name: in.Name, Password: in.Password}
			if err := n.validate(); err != nil {
				return err
			}
			f := fault.Fields{}
			if in.Password == "" {
				f["password"] = "Form.PasswordTooShort"
			} else if in.Password != in.Confirm {
				f["confirm"] = "Form.PasswordMismatch"
			}
			if err := f.Err(); err != nil {
				return err
			}
			pw, err := HashPassword(n.Password)
			if err != nil {
				return err
			}
			user, err = scanUser(tx.QueryRow(ctx, `
INSERT INTO users (email, name, password_hash, language) VALUES ($1, $2, $3, $4)
ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, password_hash = EXCLUDED.password_hash, password_changed_at = now(),
  language = COALESCE(users.language, EXCLUDED.language)
RETURNING `+userColumns, n.Email, n.Name, pw, inv.Language))
			if err != nil {
				return err
			}
		}
		// From here the transaction acts inside the invitation's State.
		if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`,
			strconv.FormatInt(inv.TenantID, 10), strconv.FormatInt(user.ID, 10)); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE invitations SET accepted_at = now(), accepted_by = $2
			WHERE token_hash = $1 AND accepted_at IS NULL`, hash, user.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return fault.New(fault.Gone, "Invite.Gone") // accepted by a concurrent request
		}
		if err := addMembership(ctx, tx, inv.TenantID, user.ID, inv.Role); err != nil {
			return err
		}
		if err := claimGrants(ctx, tx, inv.TenantID, user.ID, inv.Email); err != nil {
			return err
		}
		if inv.EntityID != 0 {
			if _, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $3 WHERE tenant_id = $1 AND user_id = $2`, inv.TenantID, user.ID, inv.EntityID); err != nil {
				return err
			}
		}
		return LinkOrganisation(ctx, tx, inv.TenantID, user.ID, inv.Role, inv.OrganisationID)
	})
	return user, err
}

// LinkOrganisation keeps organisation_members true to a membership just made or changed,
// in the caller's transaction: on acceptance of an invitation (an NMRF admin's, or the one
// sent when staff approve a registration) and by the demo data. The table belongs to
// consultations, but a row there is part of the membership (its key is the membership's),
// so this is the one place that writes it. A civil-society member joins organisationID
// (replacing an earlier one) or, with 0, keeps the one they had; a member whose role is
// now another speaks for no organisation.
func LinkOrganisation(ctx context.Context, tx pgx.Tx, tenantID, userID int64, role Role, organisationID int64) error {
	switch {
	case role != RoleCivilSociety:
		_, err := tx.Exec(ctx, `DELETE FROM organisation_members WHERE tenant_id = $1 AND user_id = $2`, tenantID, userID)
		return err
	case organisationID != 0:
		_, err := tx.Exec(ctx, `
INSERT INTO organisation_members (tenant_id, user_id, organisation_id) VALUES ($1, $2, $3)
ON CONFLICT (tenant_id, user_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id`, tenantID, userID, organisationID)
		return err
	}
	return nil
}
