package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/pages/auth"
	"github.com/nmrf-platform/nmrf/templates/pages/status"
)

func forgotView(email string, errs fault.Fields) auth.ForgotView {
	v := auth.ForgotView{Email: field("email", "Form.Email", "email", email, errs)}
	v.Email.Autocomplete = "email"
	v.Errors = summary("", v.Email)
	return v
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, auth.Forgot(forgotView("", nil)))
	return nil
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := r.PostForm.Get("email")
	err := s.Accounts.RequestPasswordReset(r.Context(), email, i18n.Lang(r.Context()).Code)
	if errs, ok := formState(err); ok && err != nil {
		s.render(w, r, http.StatusBadRequest, auth.Forgot(forgotView(email, errs)))
		return nil
	}
	if err != nil {
		return err
	}
	// The same page whether or not the email has an account.
	s.render(w, r, http.StatusOK, status.Notice("Forgot.SentTitle", "Forgot.Sent"))
	return nil
}

func resetView(token string, errs fault.Fields) auth.ResetView {
	v := auth.ResetView{
		Action:   "/password/reset/" + token,
		Password: field("password", "Form.NewPassword", "password", "", errs),
		Confirm:  field("confirm", "Form.PasswordConfirm", "password", "", errs),
	}
	v.Password.Autocomplete, v.Confirm.Autocomplete = "new-password", "new-password"
	v.Password.HintMsgID = "Form.PasswordHint"
	v.Errors = summary("", v.Password, v.Confirm)
	return v
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	if err := s.Accounts.CheckResetToken(r.Context(), token); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, auth.Reset(resetView(token, nil)))
	return nil
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	token := chi.URLParam(r, "token")
	u, err := s.Accounts.ResetPassword(r.Context(), token, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	if errs, ok := formState(err); ok && err != nil {
		s.render(w, r, http.StatusBadRequest, auth.Reset(resetView(token, errs)))
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.signIn(r, u); err != nil {
		return err
	}
	s.flash(r, "Reset.Done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
