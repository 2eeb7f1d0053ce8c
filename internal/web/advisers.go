package web

import (
	"net/http"
	"strconv"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/pages/advisory"
)

// advisersView lists the State's adviser grants and the grant form (with the values and
// errors of a refused submission).
func (s *Server) advisersView(r *http.Request, in account.GrantInput, errs fault.Fields) (advisory.AdvisersView, error) {
	ws := currentWorkspace(r.Context())
	b := base(r)
	grants, err := s.Accounts.AdviserGrants(r.Context(), ws.Tenant.ID, currentUserID(r))
	if err != nil {
		return advisory.AdvisersView{}, err
	}
	var v advisory.AdvisersView
	for _, g := range grants {
		row := advisory.GrantRow{Person: g.PersonName, Email: g.Email, From: g.StartsOn.Format(dateLayout), To: g.EndsOn.Format(dateLayout),
			Note: g.Note, StatusMsgID: "Grant.Status." + g.Status, GrantedBy: g.GrantedBy, GrantedAt: g.GrantedAt,
			Pending: g.PersonName == "", RevokedBy: g.RevokedBy}
		if g.RevokedAt != nil {
			row.RevokedAt = *g.RevokedAt
		}
		switch g.Status {
		case account.GrantCurrent, account.GrantUpcoming:
			row.RevokeAction = b + "/advisers/" + strconv.FormatInt(g.ID, 10) + "/revoke"
			v.Current = append(v.Current, row)
		default:
			v.Ended = append(v.Ended, row)
		}
	}
	if in.Language == "" {
		in.Language = i18n.Lang(r.Context()).Code
	}
	f := advisory.GrantForm{
		Action:   b + "/advisers",
		Email:    field("email", "Form.Email", "email", in.Email, errs),
		Name:     field("name", "Grant.Name", "text", in.Name, errs),
		StartsOn: field("starts_on", "Grant.StartsOn", "date", in.StartsOn, errs),
		EndsOn:   field("ends_on", "Grant.EndsOn", "date", in.EndsOn, errs),
		Note:     field("note", "Grant.Note", "text", in.Note, errs),
		Lang:     field("language", "Form.InvitationLanguage", "", in.Language, errs),
		Langs:    languageOptions(),
	}
	f.Email.Autocomplete, f.Name.Autocomplete = "off", "off"
	f.Name.Required, f.Note.Required = false, false
	f.Name.HintMsgID, f.Note.HintMsgID = "Grant.NameHint", "Grant.NoteHint"
	f.Errors = summary("", f.Email, f.Name, f.StartsOn, f.EndsOn, f.Note, f.Lang)
	v.Form = f
	return v, nil
}

func (s *Server) advisers(w http.ResponseWriter, r *http.Request) error {
	v, err := s.advisersView(r, account.GrantInput{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, advisory.Advisers(v))
	return nil
}

// grantAdviser gives a person adviser access for a period, inviting them if needed.
func (s *Server) grantAdviser(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	in := account.GrantInput{
		TenantID: ws.Tenant.ID, TenantCode: ws.Tenant.Code, TenantName: ws.Tenant.Name,
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), StartsOn: r.PostForm.Get("starts_on"),
		EndsOn: r.PostForm.Get("ends_on"), Note: r.PostForm.Get("note"), Language: r.PostForm.Get("language"),
		GrantedBy: currentUserID(r),
	}
	invited, err := s.Accounts.GrantAdviser(r.Context(), in)
	if errs, ok := formState(err); ok && err != nil {
		v, err := s.advisersView(r, in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, advisory.Advisers(v))
		return nil
	}
	if err != nil {
		return err
	}
	if invited {
		s.flash(r, "Grant.Invited")
	} else {
		s.flash(r, "Grant.Granted")
	}
	http.Redirect(w, r, base(r)+"/advisers", http.StatusSeeOther)
	return nil
}

// revokeAdviser ends a grant now.
func (s *Server) revokeAdviser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = s.Accounts.RevokeGrant(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id)
	switch {
	case fault.KindOf(err) == fault.Conflict:
		s.flash(r, "Grant.AlreadyOver")
	case err != nil:
		return err
	default:
		s.flash(r, "Grant.Revoked")
	}
	http.Redirect(w, r, base(r)+"/advisers", http.StatusSeeOther)
	return nil
}
