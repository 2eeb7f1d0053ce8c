package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/pages/auth"
)

// root sends each person where they work: sign-in, their one State, or the chooser.
func (s *Server) root(w http.ResponseWriter, r *http.Request) error {
	u, ok := currentUser(r.Context())
	if !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	ms, err := s.Accounts.Memberships(r.Context(), u.ID)
	if err != nil {
		return err
	}
	switch {
	case len(ms) == 1:
		http.Redirect(w, r, "/s/"+strings.ToLower(ms[0].TenantCode)+"/", http.StatusSeeOther)
	case len(ms) == 0 && u.PlatformAdmin:
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/states", http.StatusSeeOther)
	}
	return nil
}

func (s *Server) states(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r.Context())
	ms, err := s.Accounts.Memberships(r.Context(), u.ID)
	if err != nil {
		return err
	}
	v := auth.StatesView{PlatformAdmin: u.PlatformAdmin}
	for _, m := range ms {
		v.States = append(v.States, auth.StateChoice{Code: strings.ToLower(m.TenantCode), Name: m.TenantName, RoleMsgID: m.Role.MessageID()})
	}
	s.render(w, r, http.StatusOK, auth.States(v))
	return nil
}

func loginView(email, next string, errs fault.Fields, msg string) auth.LoginView {
	v := auth.LoginView{
		Email:    field("email", "Form.Email", "email", email, errs),
		Password: field("password", "Form.Password", "password", "", errs),
		Next:     next,
	}
	v.Email.Autocomplete = "username"
	v.Password.Autocomplete = "current-password"
	v.Errors = summary(msg, v.Email, v.Password)
	return v
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if _, ok := currentUser(r.Context()); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	v := loginView("", safeNext(r.URL.Query().Get("next")), nil, "")
	if r.URL.Query().Get("signed_out") == "1" {
		v.Notice = "Login.SignedOut"
	}
	s.render(w, r, http.StatusOK, auth.Login(v))
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email, password, next := r.PostForm.Get("email"), r.PostForm.Get("password"), safeNext(r.PostForm.Get("next"))
	errs := fault.Fields{}
	if strings.TrimSpace(email) == "" {
		errs["email"] = "Form.Required"
	}
	if password == "" {
		errs["password"] = "Form.Required"
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusBadRequest, auth.Login(loginView(email, next, errs, "")))
		return nil
	}
	u, err := s.Accounts.Authenticate(r.Context(), email, password)
	if fault.MessageOf(err) == "Login.Failed" {
		// The same words for an unknown email and a wrong password.
		s.render(w, r, http.StatusBadRequest, auth.Login(loginView(email, next, nil, "Login.Failed")))
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.signIn(r, u); err != nil {
		return err
	}
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// signIn starts a fresh session (a new token, against session fixation).
func (s *Server) signIn(r *http.Request, u account.User) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessUserID, u.ID)
	s.sessions.Put(r.Context(), sessSignedInAt, time.Now().UnixNano())
	if u.Language != "" {
		s.sessions.Put(r.Context(), sessLang, u.Language)
	}
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	// The sign-in page that follows stays in the language the person was using.
	s.setLanguageCookie(w, i18n.Lang(r.Context()).Code)
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/login?signed_out=1", http.StatusSeeOther)
	return nil
}

// setLanguage is the language switcher: a cookie for everyone, and the saved
// preference for a signed-in person.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	lang := r.PostForm.Get("lang")
	if !i18n.Supported(lang) {
		return fault.New(fault.Invalid, "Error.LanguageUnknown")
	}
	s.setLanguageCookie(w, lang)
	if u, ok := currentUser(r.Context()); ok {
		if err := s.Accounts.SetLanguage(r.Context(), u.ID, lang); err != nil {
			return err
		}
		s.sessions.Put(r.Context(), sessLang, lang)
	}
	next := safeNext(r.PostForm.Get("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) setLanguageCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Config.SecureCookies(),
	})
}
