package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/state"
)

func (s *Server) stateHome(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	v := state.HomeView{
		StateName:   ws.Tenant.Name,
		StateCode:   strings.ToLower(ws.Tenant.Code),
		RoleMsgID:   ws.Role.MessageID(),
		ShowMembers: account.Can(ws.Role, account.ViewMembers),
	}
	members, err := s.Accounts.Members(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return err
	}
	v.Members = len(members)
	if v.ShowMembers {
		pending, err := s.Accounts.PendingInvitations(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Pending = len(pending)
	}
	if account.Can(ws.Role, account.ViewRecommendations) {
		v.ShowDatabase = true
		all, err := s.Recs.List(r.Context(), ws.Tenant.ID, u.ID, recommendation.Filter{Page: 1})
		if err != nil {
			return err
		}
		v.Recommendations = all.Total
		unclustered, err := s.Recs.List(r.Context(), ws.Tenant.ID, u.ID, recommendation.Filter{Page: 1, Unclustered: true})
		if err != nil {
			return err
		}
		v.Unclustered = unclustered.Total
		cs, err := s.Clusters.List(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Clusters = len(cs)
		es, err := s.Entities.List(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Entities = len(es)
	}
	if account.Can(ws.Role, account.ViewPlan) {
		v.ShowPlans = true
		ps, err := s.Plans.List(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Plans = len(ps)
	}
	s.render(w, r, http.StatusOK, state.Home(v))
	return nil
}

// inviteForm builds the invitation form; withRole is false when the role is fixed
// (a platform admin invites a State's first NMRF admin).
func inviteFormView(r *http.Request, action string, in account.InviteInput, errs fault.Fields, withRole bool) state.InviteForm {
	f := state.InviteForm{
		Action:   action,
		Email:    field("email", "Form.Email", "email", in.Email, errs),
		Name:     field("name", "Form.Name", "text", in.Name, errs),
		Role:     field("role", "Form.Role", "", string(in.Role), errs),
		Entity:   field("entity", "Form.Entity", "", idString(in.EntityID), errs),
		Language: field("language", "Form.InvitationLanguage", "", in.Language, errs),
		Langs:    languageOptions(),
	}
	f.Email.Autocomplete, f.Name.Autocomplete = "off", "off"
	f.Entity.Required = false
	f.Entity.HintMsgID = "Form.EntityHint"
	if withRole {
		f.Roles = roleOptions(r)
		f.Errors = summary("", f.Email, f.Name, f.Role, f.Entity, f.Language)
	} else {
		f.Errors = summary("", f.Email, f.Name, f.Language)
	}
	return f
}

func (s *Server) membersView(r *http.Request, in account.InviteInput, errs fault.Fields) (state.MembersView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	code := strings.ToLower(ws.Tenant.Code)
	v := state.MembersView{StateCode: code, CanInvite: account.Can(ws.Role, account.ManageUsers)}
	members, err := s.Accounts.Members(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, m := range members {
		v.Members = append(v.Members, state.Member{Name: m.User.Name, Email: m.User.Email, RoleMsgID: m.Role.MessageID()})
	}
	pending, err := s.Accounts.PendingInvitations(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, p := range pending {
		v.Pending = append(v.Pending, state.Pending{Name: p.Name, Email: p.Email, RoleMsgID: p.Role.MessageID(), ExpiresAt: p.ExpiresAt, Expired: p.Expired})
	}
	if in.Language == "" {
		in.Language = i18n.Lang(r.Context()).Code
	}
	if in.Role == "" {
		in.Role = account.RoleFocalPoint
	}
	v.Invite = inviteFormView(r, "/s/"+code+"/invitations", in, errs, true)
	v.Invite.Entities = []components.Option{{Value: "", Label: "—"}}
	es, err := s.Entities.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, e := range es {
		v.Invite.Entities = append(v.Invite.Entities, components.Option{Value: strconv.FormatInt(e.ID, 10), Label: e.Label()})
	}
	return v, nil
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) error {
	v, err := s.membersView(r, account.InviteInput{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, state.Members(v))
	return nil
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	in := account.InviteInput{
		TenantID: ws.Tenant.ID, TenantName: ws.Tenant.Name,
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"),
		Role: account.Role(r.PostForm.Get("role")), Language: r.PostForm.Get("language"),
		InvitedBy: u.ID,
	}
	if e := r.PostForm.Get("entity"); e != "" {
		id, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		in.EntityID = id
	}
	err := s.Accounts.Invite(r.Context(), in)
	if errs, ok := formState(err); ok && err != nil {
		v, err := s.membersView(r, in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, state.Members(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Members.Invited")
	http.Redirect(w, r, "/s/"+strings.ToLower(ws.Tenant.Code)+"/members", http.StatusSeeOther)
	return nil
}
