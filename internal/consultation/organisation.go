package consultation

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// OrgKinds are the kinds of civil-society organisation.
var OrgKinds = []string{"ngo", "association", "trade_union", "academic", "media", "other"}

// Organisation is a civil-society organisation of a State.
type Organisation struct {
	ID                         int64
	Name, Kind                 string
	ContactEmail, ContactPhone string
	Status                     string // pending, approved, rejected
	Members                    int
}

// OrgInput describes a new organisation.
type OrgInput struct {
	Name, Kind, ContactEmail, ContactPhone string
}

// validate checks an organisation; prefix names its form fields ("org_" on the
// registration form, "" on the staff's).
func (in *OrgInput) validate(f fault.Fields, prefix string) {
	in.Name, in.ContactPhone = strings.TrimSpace(in.Name), strings.TrimSpace(in.ContactPhone)
	in.ContactEmail = account.NormalizeEmail(in.ContactEmail)
	if in.Name == "" || len([]rune(in.Name)) > 300 {
		f[prefix+"name"] = "Org.NameInvalid"
	}
	if !slices.Contains(OrgKinds, in.Kind) {
		f[prefix+"kind"] = "Org.KindInvalid"
	}
	if !validEmail(in.ContactEmail) {
		f[prefix+"email"] = "Org.EmailInvalid"
	}
	if len(in.ContactPhone) > 50 {
		f[prefix+"phone"] = "Org.PhoneInvalid"
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@")
}

// Organisations lists a State's organisations with their member counts (staff only).
func (s *Store) Organisations(ctx context.Context, tenantID int64, actor Actor) ([]Organisation, error) {
	if !actor.staff() {
		return nil, fault.New(fault.Forbidden, "")
	}
	var out []Organisation
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT o.id, o.name, o.kind, o.contact_email, o.contact_phone, o.status,
       (SELECT count(*) FROM organisation_members om WHERE om.tenant_id = o.tenant_id AND om.organisation_id = o.id)
FROM organisations o WHERE o.tenant_id = $1 ORDER BY o.status = 'approved' DESC, lower(o.name)`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Organisation, error) {
			var o Organisation
			err := r.Scan(&o.ID, &o.Name, &o.Kind, &o.ContactEmail, &o.ContactPhone, &o.Status, &o.Members)
			return o, err
		})
		return err
	})
	return out, err
}

// ApprovedOrganisations lists the organisations a person registering may join. It needs
// no signed-in person.
func (s *Store) ApprovedOrganisations(ctx context.Context, tenantID int64) ([]Choice, error) {
	var out []Choice
	err := s.inTenant(ctx, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, name FROM organisations WHERE tenant_id = $1 AND status = 'approved' ORDER BY lower(name)`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Choice, error) {
			var c Choice
			err := r.Scan(&c.ID, &c.Name)
			return c, err
		})
		return err
	})
	return out, err
}

// CreateOrganisation adds an approved organisation (the staff know it already).
func (s *Store) CreateOrganisation(ctx context.Context, tenantID int64, actor Actor, in OrgInput) (int64, error) {
	if !actor.staff() {
		return 0, fault.New(fault.Forbidden, "")
	}
	f := fault.Fields{}
	in.validate(f, "")
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		var err error
		id, err = insertOrg(ctx, tx, tenantID, in, "approved", "name")
		return err
	})
	return id, err
}

func insertOrg(ctx context.Context, tx pgx.Tx, tenantID int64, in OrgInput, status, nameField string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
INSERT INTO organisations (tenant_id, name, kind, contact_email, contact_phone, status) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (tenant_id, lower(name)) DO NOTHING RETURNING id`, tenantID, in.Name, in.Kind, in.ContactEmail, in.ContactPhone, status).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) { // the name is taken
		return 0, fault.Fields{nameField: "Org.NameTaken"}.Err()
	}
	return id, err
}

// Registration is a person's request to join as a member of an organisation.
type Registration struct {
	ID                    int64
	Name, Email, Language string
	OrganisationID        int64
	Organisation          string
	OrgStatus             string // the organisation's status: a new one is pending with the request
	Status, Reason        string
	CreatedAt             time.Time
}

// RegisterInput is what a person gives on the public registration form. Either
// OrganisationID names an approved organisation, or Org describes a new one. It holds no
// password: nobody has shown yet that they own Email, so an approval invites them there
// to choose one (see Approve).
type RegisterInput struct {
	Name, Email    string
	Language       string
	OrganisationID int64
	Org            OrgInput
}

// Register records a request to join the State as a civil-society member; the staff are
// told. Nothing else happens until they approve it.
func (s *Store) Register(ctx context.Context, tenantID int64, in RegisterInput, link string) error {
	in.Name, in.Email = strings.TrimSpace(in.Name), account.NormalizeEmail(in.Email)
	f := fault.Fields{}
	if in.Name == "" || len([]rune(in.Name)) > 200 {
		f["name"] = "Form.NameInvalid"
	}
	if !validEmail(in.Email) {
		f["email"] = "Form.EmailInvalid"
	}
	if !i18n.Supported(in.Language) {
		in.Language = "en"
	}
	if in.OrganisationID == 0 {
		in.Org.validate(f, "org_")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTenant(ctx, tenantID, 0, func(tx pgx.Tx) error {
		var err error
		orgID := in.OrganisationID
		if orgID != 0 {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM organisations WHERE tenant_id = $1 AND id = $2 AND status = 'approved')`,
				tenantID, orgID).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return fault.Fields{"organisation": "Register.OrganisationInvalid"}.Err()
			}
		} else if orgID, err = insertOrg(ctx, tx, tenantID, in.Org, "pending", "org_name"); err != nil {
			return err
		}
		var pending bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM registrations WHERE tenant_id = $1 AND email = $2 AND status = 'pending')`,
			tenantID, in.Email).Scan(&pending); err != nil {
			return err
		}
		if pending {
			return fault.Fields{"email": "Register.AlreadyPending"}.Err()
		}
		if _, err := tx.Exec(ctx, `
INSERT INTO registrations (tenant_id, name, email, language, organisation_id) VALUES ($1, $2, $3, $4, $5)`,
			tenantID, in.Name, in.Email, in.Language, orgID); err != nil {
			return fmt.Errorf("insert registration: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT user_id FROM memberships WHERE tenant_id = $1 AND role IN ('nmrf_admin', 'nmrf_staff') ORDER BY user_id`, tenantID)
		if err != nil {
			return err
		}
		staff, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		// The staff are told in the app only: a public form must not be a way to fill
		// their mailboxes.
		return s.tellInApp(ctx, tx, tenantID, staff, "Register.Notify.Pending", map[string]string{"Name": in.Name}, link)
	})
}

func (s *Store) tellInApp(ctx context.Context, tx pgx.Tx, tenantID int64, userIDs []int64, msgID string, data map[string]string, link string) error {
	_, err := tx.Exec(ctx, `
INSERT INTO notifications (tenant_id, user_id, message_id, data, link) SELECT $1, u, $2, $3, $4 FROM unnest($5::bigint[]) u`,
		tenantID, msgID, data, link, userIDs)
	return err
}

// Registrations lists the pending requests (staff only).
func (s *Store) Registrations(ctx context.Context, tenantID int64, actor Actor) ([]Registration, error) {
	if !actor.staff() {
		return nil, fault.New(fault.Forbidden, "")
	}
	var out []Registration
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT r.id, r.name, r.email, r.language, r.organisation_id, o.name, o.status, r.status, r.reason, r.created_at
FROM registrations r JOIN organisations o ON o.tenant_id = r.tenant_id AND o.id = r.organisation_id
WHERE r.tenant_id = $1 AND r.status = 'pending' ORDER BY r.created_at, r.id`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Registration, error) {
			var g Registration
			err := r.Scan(&g.ID, &g.Name, &g.Email, &g.Language, &g.OrganisationID, &g.Organisation, &g.OrgStatus, &g.Status, &g.Reason, &g.CreatedAt)
			return g, err
		})
		return err
	})
	return out, err
}

func pendingRegistration(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Registration, error) {
	var g Registration
	err := tx.QueryRow(ctx, `
SELECT r.id, r.name, r.email, r.language, r.organisation_id, o.name, o.status, r.status
FROM registrations r JOIN organisations o ON o.tenant_id = r.tenant_id AND o.id = r.organisation_id
WHERE r.tenant_id = $1 AND r.id = $2 FOR UPDATE OF r`, tenantID, id).
		Scan(&g.ID, &g.Name, &g.Email, &g.Language, &g.OrganisationID, &g.Organisation, &g.OrgStatus, &g.Status)
	if err != nil {
		return g, db.Classify(fmt.Errorf("registration %d: %w", id, err))
	}
	if g.Status != "pending" {
		return g, fault.New(fault.Conflict, "Register.AlreadyDecided")
	}
	return g, nil
}

// Approve accepts a request: the organisation is approved if it was new, and the person is
// sent an invitation (civil society, the organisation) in the same transaction. Only by its
// link, which reaches the address they gave, do they get the membership: a new person
// chooses a password there, a person with an account confirms with theirs. So nobody can
// speak for an organisation under an address they do not own, nor be moved to one by a
// form someone else filled in. A person who already holds another role in the State is
// refused.
func (s *Store) Approve(ctx context.Context, tenantID int64, actor Actor, id int64) error {
	if !actor.staff() {
		return fault.New(fault.Forbidden, "")
	}
	if s.inviter == nil {
		return errors.New("consultation: approving a registration needs an inviter")
	}
	return s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		g, err := pendingRegistration(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		var userID int64
		err = tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, g.Email).Scan(&userID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if userID != 0 {
			var role string
			err = tx.QueryRow(ctx, `SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2`, tenantID, userID).Scan(&role)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
			case err != nil:
				return err
			case role != string(account.RoleCivilSociety):
				return fault.New(fault.Conflict, "Register.OtherRole")
			}
		}
		// The organisation is approved first: an invitation may name only an approved one.
		if _, err := tx.Exec(ctx, `UPDATE organisations SET status = 'approved' WHERE tenant_id = $1 AND id = $2 AND status <> 'approved'`,
			tenantID, g.OrganisationID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
UPDATE registrations SET status = 'approved', decided_by = $3, decided_at = now() WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, actor.UserID); err != nil {
			return err
		}
		// Always an invitation, also for an address that has an account: following it proves
		// the person owns the address (a new account sets its password there; an existing
		// one confirms with its own), so nobody is made to speak for an organisation, or
		// moved to one, by a form someone else filled in.
		var state string
		if err := tx.QueryRow(ctx, `SELECT name FROM tenants WHERE id = $1`, tenantID).Scan(&state); err != nil {
			return err
		}
		return s.inviter.InviteTx(ctx, tx, account.InviteInput{
			TenantID: tenantID, TenantName: state, Email: g.Email, Name: g.Name, Role: account.RoleCivilSociety,
			OrganisationID: g.OrganisationID, Language: g.Language, InvitedBy: actor.UserID,
		})
	})
}

// Reject refuses a request with a reason, which the person is emailed. A new
// organisation that came with it is rejected too.
func (s *Store) Reject(ctx context.Context, tenantID int64, actor Actor, id int64, reason string) error {
	if !actor.staff() {
		return fault.New(fault.Forbidden, "")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > MaxReason {
		return fault.Fields{"reason": "Register.ReasonRequired"}.Err()
	}
	return s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		g, err := pendingRegistration(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
UPDATE registrations SET status = 'rejected', reason = $3, decided_by = $4, decided_at = now()
WHERE tenant_id = $1 AND id = $2`, tenantID, id, reason, actor.UserID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE organisations SET status = 'rejected' WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`,
			tenantID, g.OrganisationID); err != nil {
			return err
		}
		return s.emailRejection(ctx, tx, tenantID, g, reason)
	})
}

func (s *Store) emailRejection(ctx context.Context, tx pgx.Tx, tenantID int64, g Registration, reason string) error {
	if s.mailer == nil || s.bundle == nil {
		return nil
	}
	var state string
	if err := tx.QueryRow(ctx, `SELECT name FROM tenants WHERE id = $1`, tenantID).Scan(&state); err != nil {
		return err
	}
	loc := s.bundle.Localizer(g.Language)
	d := map[string]any{"Name": g.Name, "State": state, "Organisation": g.Organisation, "Reason": reason}
	return s.mailer.Enqueue(ctx, tx, notify.Message{To: g.Email, Subject: loc.T("Register.Email.RejectedSubject", d),
		Body: loc.T("Register.Email.RejectedBody", d), Kind: "registration"})
}
