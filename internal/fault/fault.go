// Package fault gives errors a kind that the web layer maps to an HTTP status and a
// translated message, in one place. Domain packages return these; they never render.
package fault

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the person who meets it.
type Kind int

const (
	Internal    Kind = iota // a bug or an unexpected failure: 500, logged
	Invalid                 // the request itself is malformed: 400
	Forbidden               // the role may not do this: 403
	NotFound                // nothing there, or nothing this person may know about: 404
	Conflict                // someone else changed it, or it already exists: 409
	Gone                    // it existed but has expired or been used: 410
	TooLarge                // the body is over the limit: 413
	Unavailable             // the database is unreachable: 503
	BadMethod               // a known address asked with the wrong method: 405
)

// Error is a kind, a message ID for the person (translated at the edge) and the cause.
type Error struct {
	Kind      Kind
	MessageID string // e.g. "Invite.Gone"; empty means the kind's generic message
	Err       error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.MessageID, e.Err)
	}
	return e.MessageID
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of a kind with the message the person will read.
func New(kind Kind, messageID string) error { return &Error{Kind: kind, MessageID: messageID} }

// Wrap classifies err, keeping it as the cause.
func Wrap(kind Kind, messageID string, err error) error {
	return &Error{Kind: kind, MessageID: messageID, Err: err}
}

// KindOf finds the kind of the outermost classified error; unclassified errors are Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// MessageOf returns the message ID of the outermost classified error, or "".
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.MessageID
	}
	return ""
}

// Is reports whether err is of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// Fields are validation errors by form field: field name → message ID. A form that
// fails validation returns them so each message can be shown beside its field.
type Fields map[string]string

func (f Fields) Error() string {
	return fmt.Sprintf("invalid fields: %d", len(f))
}

// Err returns f as an Invalid error when it holds anything, else nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, MessageID: "Error.Form", Err: f}
}

// FieldsOf extracts field errors from err, if any.
func FieldsOf(err error) Fields {
	var f Fields
	if errors.As(err, &f) {
		return f
	}
	return nil
}
