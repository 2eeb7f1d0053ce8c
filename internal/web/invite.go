package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/templates/pages/auth"
)

func inviteView(token string, inv account.Invitation, name string, errs fault.Fields) auth.InviteView {
	v := auth.InviteView{
		Action:     "/invite/" + token,
		StateName:  inv.TenantName,
		RoleMsgID:  inv.Role.MessageID(),
		Email:      inv.Email,
		HasAccount: inv.HasAccount,
		Name:       field("name", "Form.Name", "text", name, errs),
		Password:   field("password", "Form.Password", "password", "", errs),
		Confirm:    field("confirm", "Form.PasswordConfirm", "password", "", errs),
	}
	v.Name.Autocomplete = "name"
	if inv.HasAccount {
		v.Password.Autocomplete = "current-password"
		v.Errors = summary("", v.Password)
	} else {
		v.Password.Autocomplete = "new-password"
		v.Password.HintMsgID = "Form.PasswordHint"
		v.Confirm.Autocomplete = "new-password"
		v.Errors = summary("", v.Name, v.Password, v.Confirm)
	}
	return v
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	inv, err := s.Accounts.InvitationByToken(r.Context(), token)
	if err != nil {
		return err
	}
	r = s.preferLanguage(r, inv.Language, true)
	s.render(w, r, http.StatusOK, auth.Invite(inviteView(token, inv, inv.Name, nil)))
	return nil
}

func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	token := chi.URLParam(r, "token")
	u, err := s.Accounts.AcceptInvitation(r.Context(), account.AcceptInput{
		Token: token, Name: r.PostForm.Get("name"),
		Password: r.PostForm.Get("password"), Confirm: r.PostForm.Get("confirm"),
	})
	if errs, ok := formState(err); ok && err != nil {
		inv, lookErr := s.Accounts.InvitationByToken(r.Context(), token)
		if lookErr != nil {
			return lookErr
		}
		r = s.preferLanguage(r, inv.Language, true)
		s.render(w, r, http.StatusBadRequest, auth.Invite(inviteView(token, inv, r.PostForm.Get("name"), errs)))
		return nil
	}
	if err != nil {
		return err
	}
	inv, err := s.Accounts.Memberships(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if err := s.signIn(r, u); err != nil {
		return err
	}
	s.flash(r, "Invite.Welcome")
	dest := "/"
	if len(inv) == 1 {
		dest = "/s/" + strings.ToLower(inv[0].TenantCode) + "/"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}
