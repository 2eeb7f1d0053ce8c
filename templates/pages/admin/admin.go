// Package admin renders the platform operators' pages.
package admin

import (
	"time"

	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/state"
)

// StateRow is one State in the list.
type StateRow struct {
	Code, Name, Language string
}

// HomeView lists States and the form to add one.
type HomeView struct {
	States   []StateRow
	Code     components.Field
	Name     components.Field
	Language components.Field
	Langs    []components.Option
	Errors   components.FormErrors
}

// StateView is one State and the form to invite its first NMRF admin.
type StateView struct {
	Code, Name string
	Members    int
	Invite     state.InviteForm
}

// EmailRow is one outbox message in the list.
type EmailRow struct {
	ID        int64
	To        string
	Subject   string
	Kind      string
	CreatedAt time.Time
	Sent      bool
}

// OutboxView lists recent emails.
type OutboxView struct {
	Emails      []EmailRow
	SMTPEnabled bool
}

// EmailView shows one email in full, links included, so a local user can follow them.
type EmailView struct {
	Email EmailRow
	Body  string
}

// VocabTerm is one term with its translations, for the vocabulary page.
type VocabTerm struct {
	Name   string
	Fields []VocabField
}

// VocabField is one language's input for a term.
type VocabField struct {
	ID, Lang, LangName, Value string
}

// VocabularyView lists the terms of one kind to translate.
type VocabularyView struct {
	Kind  string
	Terms []VocabTerm
}
