package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/templates/components"
)

// parseForm reads a form body; a malformed or oversized body is a 400 or 413.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		if strings.Contains(err.Error(), "too large") {
			return fault.Wrap(fault.TooLarge, "", err)
		}
		return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	return nil
}

// formState turns a domain error into field errors to show on the form again. It
// reports false for errors that are not about the form (those become error pages).
func formState(err error) (fault.Fields, bool) {
	if err == nil {
		return nil, true
	}
	if f := fault.FieldsOf(err); f != nil {
		return f, true
	}
	return nil, false
}

// field builds a form field with its error from fields.
func field(name, label, typ, value string, errs fault.Fields) components.Field {
	return components.Field{Name: name, LabelMsgID: label, Type: typ, Value: value, ErrorMsgID: errs[name], Required: true}
}

func summary(msgID string, fields ...components.Field) components.FormErrors {
	return components.FormErrors{MsgID: msgID, Fields: fields}
}

func languageOptions() []components.Option {
	opts := make([]components.Option, 0, len(i18n.Languages))
	for _, l := range i18n.Languages {
		opts = append(opts, components.Option{Value: l.Code, Label: l.Name, Lang: l.Code})
	}
	return opts
}

func roleOptions(r *http.Request) []components.Option {
	opts := make([]components.Option, 0, len(account.Roles))
	for _, role := range account.Roles {
		if role == account.RoleAdviser {
			continue // advisers come in through a dated grant on the advisers page
		}
		opts = append(opts, components.Option{Value: string(role), Label: i18n.T(r.Context(), role.MessageID())})
	}
	return opts
}

// setAttachment makes the response a download named name. A name outside ASCII is sent
// in the RFC 2231 form (filename*=utf-8 followed by percent escapes), which browsers decode, so an Arabic or
// Chinese file name arrives intact; a name that cannot be encoded falls back to "download".
func setAttachment(w http.ResponseWriter, name string) {
	v := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if v == "" {
		v = `attachment; filename="download"`
	}
	w.Header().Set("Content-Disposition", v)
}

// sendFile answers with a stored file, always as an attachment (never shown inline, so an
// uploaded page cannot run in the site's origin), and never kept by shared caches.
func sendFile(w http.ResponseWriter, contentType, name string, data []byte, cacheControl string) {
	w.Header().Set("Content-Type", contentType)
	setAttachment(w, name)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", cacheControl)
	_, _ = w.Write(data)
}

// formIDs reads the record IDs of a multiple choice (check boxes), skipping any that is
// not a number: a choice that names nothing chooses nothing.
func formIDs(values []string) []int64 {
	var out []int64
	for _, v := range values {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
