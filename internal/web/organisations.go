package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/consult"
)

func orgKindOptions(r *http.Request) []components.Option {
	opts := []components.Option{{Value: "", Label: "—"}}
	for _, k := range consultation.OrgKinds {
		opts = append(opts, components.Option{Value: k, Label: tr(r, "OrgKind."+k)})
	}
	return opts
}

// organisations shows the pending registrations and the organisations, with a form to
// add one; errs and problem carry a refused change.
func (s *Server) organisations(w http.ResponseWriter, r *http.Request) error {
	return s.showOrganisations(w, r, http.StatusOK, nil, "")
}

func (s *Server) showOrganisations(w http.ResponseWriter, r *http.Request, status int, errs fault.Fields, problem string) error {
	ws := currentWorkspace(r.Context())
	orgs, err := s.Consultations.Organisations(r.Context(), ws.Tenant.ID, consultActor(r))
	if err != nil {
		return err
	}
	regs, err := s.Consultations.Registrations(r.Context(), ws.Tenant.ID, consultActor(r))
	if err != nil {
		return err
	}
	f := r.PostForm
	b := base(r)
	v := consult.OrgsView{Action: b + "/organisations", RegisterHref: "/register/" + strings.ToLower(ws.Tenant.Code),
		Name:  field("name", "Org.Name", "text", f.Get("name"), errs),
		Kind:  field("kind", "Org.Kind", "", f.Get("kind"), errs),
		Email: field("email", "Org.Email", "email", f.Get("email"), errs),
		Phone: field("phone", "Org.Phone", "tel", f.Get("phone"), errs),
		Kinds: orgKindOptions(r), Problem: problem}
	v.Phone.Required = false
	v.Errors = summary("", v.Name, v.Kind, v.Email, v.Phone)
	for _, o := range orgs {
		v.Orgs = append(v.Orgs, consult.OrgRow{Name: o.Name, KindMsgID: "OrgKind." + o.Kind, Email: o.ContactEmail, Phone: o.ContactPhone,
			StatusMsgID: "Org.Status." + o.Status, Members: o.Members})
	}
	for _, g := range regs {
		id := strconv.FormatInt(g.ID, 10)
		v.Registrations = append(v.Registrations, consult.RegistrationRow{ID: g.ID, Name: g.Name, Email: g.Email, Org: g.Organisation,
			NewOrg: g.OrgStatus == "pending", At: g.CreatedAt,
			ApproveAction: b + "/registrations/" + id + "/approve", RejectAction: b + "/registrations/" + id + "/reject"})
	}
	s.render(w, r, status, consult.Organisations(v))
	return nil
}

func (s *Server) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	_, err := s.Consultations.CreateOrganisation(r.Context(), currentWorkspace(r.Context()).Tenant.ID, consultActor(r),
		consultation.OrgInput{Name: f.Get("name"), Kind: f.Get("kind"), ContactEmail: f.Get("email"), ContactPhone: f.Get("phone")})
	if errs, ok := formState(err); ok && err != nil {
		return s.showOrganisations(w, r, http.StatusBadRequest, errs, "")
	}
	if err != nil {
		return err
	}
	s.flash(r, "Org.Added")
	http.Redirect(w, r, base(r)+"/organisations", http.StatusSeeOther)
	return nil
}

// decideRegistration approves or rejects a request to register.
func (s *Server) decideRegistration(approve bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		tenantID := currentWorkspace(r.Context()).Tenant.ID
		done := "Register.Approved"
		if approve {
			err = s.Consultations.Approve(r.Context(), tenantID, consultActor(r), id)
		} else {
			done = "Register.Rejected"
			err = s.Consultations.Reject(r.Context(), tenantID, consultActor(r), id, r.PostForm.Get("reason"))
		}
		switch {
		case err == nil:
			s.flash(r, done)
			http.Redirect(w, r, base(r)+"/organisations", http.StatusSeeOther)
			return nil
		case fault.FieldsOf(err) != nil:
			var msgs []string
			for _, m := range fault.FieldsOf(err) {
				msgs = append(msgs, tr(r, m))
			}
			return s.showOrganisations(w, r, http.StatusBadRequest, nil, strings.Join(msgs, " "))
		case fault.Is(err, fault.Conflict):
			return s.showOrganisations(w, r, http.StatusConflict, nil, tr(r, fault.MessageOf(err)))
		}
		return err
	}
}

// registerForm is the public form to ask to join a State as a civil-society member.
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	return s.showRegister(w, r, http.StatusOK, nil, false)
}

func (s *Server) showRegister(w http.ResponseWriter, r *http.Request, status int, errs fault.Fields, done bool) error {
	t, err := s.Tenants.ByCode(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		return err
	}
	r = s.preferLanguage(r, t.DefaultLanguage, false)
	orgs, err := s.Consultations.ApprovedOrganisations(r.Context(), t.ID)
	if err != nil {
		return err
	}
	f := r.PostForm
	v := consult.RegisterView{Action: "/register/" + strings.ToLower(t.Code), StateName: t.Name, Done: done,
		Name:         field("name", "Form.Name", "text", f.Get("name"), errs),
		Email:        field("email", "Form.Email", "email", f.Get("email"), errs),
		Organisation: field("organisation", "Register.ExistingOrganisation", "", f.Get("organisation"), errs),
		OrgName:      field("org_name", "Org.Name", "text", f.Get("org_name"), errs),
		OrgKind:      field("org_kind", "Org.Kind", "", f.Get("org_kind"), errs),
		OrgEmail:     field("org_email", "Org.Email", "email", f.Get("org_email"), errs),
		OrgPhone:     field("org_phone", "Org.Phone", "tel", f.Get("org_phone"), errs),
		Kinds:        orgKindOptions(r)}
	v.Name.Autocomplete, v.Email.Autocomplete = "name", "email"
	v.Organisation.Required, v.OrgName.Required, v.OrgKind.Required, v.OrgEmail.Required, v.OrgPhone.Required = false, false, false, false, false
	v.Organisations = []components.Option{{Value: "", Label: tr(r, "Register.NewOrganisationOption")}}
	for _, o := range orgs {
		v.Organisations = append(v.Organisations, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	v.Errors = summary("", v.Name, v.Email, v.Organisation, v.OrgName, v.OrgKind, v.OrgEmail, v.OrgPhone)
	s.render(w, r, status, consult.Register(v))
	return nil
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	t, err := s.Tenants.ByCode(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		return err
	}
	f := r.PostForm
	orgID, _ := strconv.ParseInt(f.Get("organisation"), 10, 64)
	lang := s.guessLanguage(r)
	if lang == "" {
		lang = t.DefaultLanguage
	}
	err = s.Consultations.Register(r.Context(), t.ID, consultation.RegisterInput{
		Name: f.Get("name"), Email: f.Get("email"),
		Language: lang, OrganisationID: orgID,
		Org: consultation.OrgInput{Name: f.Get("org_name"), Kind: f.Get("org_kind"), ContactEmail: f.Get("org_email"), ContactPhone: f.Get("org_phone")},
	}, "/s/"+strings.ToLower(t.Code)+"/organisations")
	if errs, ok := formState(err); ok && err != nil {
		return s.showRegister(w, r, http.StatusBadRequest, errs, false)
	}
	if err != nil {
		return err
	}
	return s.showRegister(w, r, http.StatusOK, nil, true)
}
