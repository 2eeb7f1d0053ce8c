// Package auth renders the sign-in, invitation, password and State-choice pages.
package auth

import "github.com/nmrf-platform/nmrf/templates/components"

// LoginView is the sign-in form.
type LoginView struct {
	Email    components.Field
	Password components.Field
	Next     string
	Errors   components.FormErrors
	Notice   string // message ID, e.g. after signing out
}

// ForgotView asks for the email to send a reset link to.
type ForgotView struct {
	Email  components.Field
	Errors components.FormErrors
}

// ResetView sets a new password.
type ResetView struct {
	Action   string
	Password components.Field
	Confirm  components.Field
	Errors   components.FormErrors
}

// InviteView accepts an invitation.
type InviteView struct {
	Action     string
	StateName  string
	RoleMsgID  string
	Email      string
	HasAccount bool
	Name       components.Field
	Password   components.Field
	Confirm    components.Field
	Errors     components.FormErrors
}

// StateChoice is one State the person works in.
type StateChoice struct {
	Code, Name, RoleMsgID string
}

// StatesView lets a person with several States pick one.
type StatesView struct {
	States        []StateChoice
	PlatformAdmin bool
}
