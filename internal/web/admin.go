package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
	"github.com/nmrf-platform/nmrf/templates/pages/admin"
)

func (s *Server) adminHomeView(r *http.Request, n tenancy.NewTenant, errs fault.Fields) (admin.HomeView, error) {
	ts, err := s.Tenants.List(r.Context())
	if err != nil {
		return admin.HomeView{}, err
	}
	if n.Language == "" {
		n.Language = "en"
	}
	v := admin.HomeView{
		Code:     field("code", "Admin.State.Code", "text", n.Code, errs),
		Name:     field("name", "Admin.State.Name", "text", n.Name, errs),
		Language: field("language", "Admin.State.Language", "", n.Language, errs),
		Langs:    languageOptions(),
	}
	v.Code.HintMsgID = "Admin.State.CodeHint"
	v.Errors = summary("", v.Code, v.Name, v.Language)
	for _, t := range ts {
		v.States = append(v.States, admin.StateRow{Code: t.Code, Name: t.Name, Language: t.DefaultLanguage})
	}
	return v, nil
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	v, err := s.adminHomeView(r, tenancy.NewTenant{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, admin.Home(v))
	return nil
}

func (s *Server) adminCreateState(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	n := tenancy.NewTenant{Code: r.PostForm.Get("code"), Name: r.PostForm.Get("name"), Language: r.PostForm.Get("language")}
	t, err := s.Tenants.Create(r.Context(), n)
	if errs, ok := formState(err); ok && err != nil {
		v, err := s.adminHomeView(r, n, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, admin.Home(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Admin.StateCreated")
	http.Redirect(w, r, "/admin/states/"+t.Code, http.StatusSeeOther)
	return nil
}

func (s *Server) adminStateView(r *http.Request, in account.InviteInput, errs fault.Fields) (admin.StateView, tenancy.Tenant, error) {
	t, err := s.Tenants.ByCode(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		return admin.StateView{}, t, err
	}
	u, _ := currentUser(r.Context())
	members, err := s.Accounts.Members(r.Context(), t.ID, u.ID)
	if err != nil {
		return admin.StateView{}, t, err
	}
	if in.Language == "" {
		in.Language = t.DefaultLanguage
	}
	v := admin.StateView{Code: t.Code, Name: t.Name, Members: len(members),
		Invite: inviteFormView(r, "/admin/states/"+t.Code+"/invitations", in, errs, false)}
	return v, t, nil
}

func (s *Server) adminState(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.adminStateView(r, account.InviteInput{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, admin.State(v))
	return nil
}

// adminInvite invites a State's first NMRF admin (platform admins do nothing else
// inside a State).
func (s *Server) adminInvite(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	t, err := s.Tenants.ByCode(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		return err
	}
	u, _ := currentUser(r.Context())
	in := account.InviteInput{
		TenantID: t.ID, TenantName: t.Name, Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"),
		Role: account.RoleNMRFAdmin, Language: r.PostForm.Get("language"), InvitedBy: u.ID,
	}
	err = s.Accounts.Invite(r.Context(), in)
	if errs, ok := formState(err); ok && err != nil {
		v, _, err := s.adminStateView(r, in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, admin.State(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Members.Invited")
	http.Redirect(w, r, "/admin/states/"+t.Code, http.StatusSeeOther)
	return nil
}

func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	emails, err := s.Outbox.Recent(r.Context(), 200)
	if err != nil {
		return err
	}
	v := admin.OutboxView{SMTPEnabled: s.Config.SMTPURL != nil}
	for _, e := range emails {
		v.Emails = append(v.Emails, admin.EmailRow{ID: e.ID, To: e.Message.To, Subject: e.Message.Subject,
			Kind: e.Message.Kind, CreatedAt: e.CreatedAt, Sent: e.SentAt != nil})
	}
	s.render(w, r, http.StatusOK, admin.Outbox(v))
	return nil
}

func (s *Server) outboxEmail(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	e, err := s.Outbox.Get(r.Context(), id)
	if err != nil {
		return err
	}
	row := admin.EmailRow{ID: e.ID, To: e.Message.To, Subject: e.Message.Subject, Kind: e.Message.Kind,
		CreatedAt: e.CreatedAt, Sent: e.SentAt != nil}
	s.render(w, r, http.StatusOK, admin.Email(admin.EmailView{Email: row, Body: e.Message.Body}))
	return nil
}
