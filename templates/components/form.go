// Package components holds the small pieces pages share: form fields, error summaries.
package components

// Field is one labelled form input with its current value and error (message IDs).
type Field struct {
	Name         string
	LabelMsgID   string
	HintMsgID    string
	Type         string // text, email, password, …
	Value        string
	ErrorMsgID   string
	Autocomplete string
	Required     bool
}

// ID is the input's id, derived from its name.
func (f Field) ID() string { return "field-" + f.Name }

// Option is one choice of a select field; Label is already translated or a name.
type Option struct {
	Value, Label string
	Lang         string // set when the label is in another language than the page
}

// FormErrors are a form's field errors in display order, for the summary at its top.
type FormErrors struct {
	Fields []Field
	MsgID  string // a form-level message, e.g. "Login.Failed"
}

// Any reports whether there is anything to show.
func (e FormErrors) Any() bool {
	if e.MsgID != "" {
		return true
	}
	for _, f := range e.Fields {
		if f.ErrorMsgID != "" {
			return true
		}
	}
	return false
}
