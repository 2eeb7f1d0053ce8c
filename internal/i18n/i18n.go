// Package i18n loads the six UN languages once and gives each request a localizer,
// carried in its context, so templates and handlers translate with T and N.
package i18n

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/nmrf-platform/nmrf/locales"
)

// Languages are the six official UN languages, in the order the switcher shows them.
var Languages = []Language{
	{"ar", "العربية", true},
	{"en", "English", false},
	{"es", "Español", false},
	{"fr", "Français", false},
	{"ru", "Русский", false},
	{"zh", "中文", false},
}

// Language is one interface language: its code, its own name and its direction.
type Language struct {
	Code string
	Name string // in the language itself, so a lost reader can find theirs
	RTL  bool
}

// Supported reports whether code is one of the six languages.
func Supported(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Bundle holds every message in every language; built once at start-up.
type Bundle struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
}

// New loads the embedded locale files.
func New() (*Bundle, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	tags := make([]language.Tag, 0, len(Languages))
	for _, l := range Languages {
		files, err := localeFiles(l.Code)
		if err != nil {
			return nil, err
		}
		for _, name := range files {
			if _, err := b.LoadMessageFileFS(locales.FS, name); err != nil {
				return nil, fmt.Errorf("load locale %s: %w", name, err)
			}
		}
		tags = append(tags, language.MustParse(l.Code))
	}
	return &Bundle{bundle: b, matcher: language.NewMatcher(tags)}, nil
}

// MatchAcceptLanguage picks the best supported language for an Accept-Language header,
// or "" when none of the six is acceptable.
func (b *Bundle) MatchAcceptLanguage(header string) string {
	if header == "" {
		return ""
	}
	prefs, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(prefs) == 0 {
		return ""
	}
	_, idx, conf := b.matcher.Match(prefs...)
	if conf == language.No {
		return ""
	}
	return Languages[idx].Code
}

// Localizer translates into one language.
type Localizer struct {
	lang Language
	loc  *goi18n.Localizer
}

// Localizer returns a localizer for a supported code (English when unknown).
func (b *Bundle) Localizer(code string) *Localizer {
	lang := Languages[1]
	for _, l := range Languages {
		if l.Code == code {
			lang = l
		}
	}
	return &Localizer{lang: lang, loc: goi18n.NewLocalizer(b.bundle, lang.Code)}
}

// Lang is the localizer's language.
func (l *Localizer) Lang() Language { return l.lang }

// T translates a message; data fills {{.Name}} placeholders. A missing message shows
// its ID, which the locale tests forbid from ever reaching a user.
func (l *Localizer) T(id string, data ...map[string]any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// N translates a plural message with CLDR plural rules; {{.Count}} holds count.
func (l *Localizer) N(id string, count int, data ...map[string]any) string {
	td := map[string]any{"Count": count}
	if len(data) > 0 {
		for k, v := range data[0] {
			td[k] = v
		}
	}
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: td})
	if err != nil {
		return id
	}
	return s
}

type ctxKey struct{}

// WithLocalizer puts the request's localizer in its context.
func WithLocalizer(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the request's localizer; outside a request (jobs, tests) it is nil-safe
// only through the helpers below, which fall back to message IDs.
func From(ctx context.Context) *Localizer {
	l, _ := ctx.Value(ctxKey{}).(*Localizer)
	return l
}

// T translates with the context's localizer.
func T(ctx context.Context, id string, data ...map[string]any) string {
	if l := From(ctx); l != nil {
		return l.T(id, data...)
	}
	return id
}

// N translates a plural message with the context's localizer.
func N(ctx context.Context, id string, count int, data ...map[string]any) string {
	if l := From(ctx); l != nil {
		return l.N(id, count, data...)
	}
	return id
}

// Lang returns the context's language (English when none).
func Lang(ctx context.Context) Language {
	if l := From(ctx); l != nil {
		return l.lang
	}
	return Languages[1]
}

// Dir is "rtl" for Arabic and "ltr" otherwise, for the html dir attribute.
func Dir(ctx context.Context) string {
	if Lang(ctx).RTL {
		return "rtl"
	}
	return "ltr"
}

// localeFiles names the files that hold one language's messages: one per area of the
// application (active.<lang>.toml, consultation.<lang>.toml, …), so that work on one
// area does not touch the others' files.
func localeFiles(code string) ([]string, error) {
	files, err := fs.Glob(locales.FS, "*."+code+".toml")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no locale files for %s", code)
	}
	sort.Strings(files)
	return files, nil
}

// Messages reads every message of one language from all its files, as TOML decodes
// them: a string, or a table of plural forms. A key defined in two files is an error.
func Messages(code string) (map[string]any, error) {
	files, err := localeFiles(code)
	if err != nil {
		return nil, err
	}
	all := map[string]any{}
	from := map[string]string{}
	for _, name := range files {
		raw, err := fs.ReadFile(locales.FS, name)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := toml.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		for k, v := range m {
			if prev, dup := from[k]; dup {
				return nil, fmt.Errorf("%s and %s both define %q", prev, name, k)
			}
			all[k], from[k] = v, name
		}
	}
	return all, nil
}

// MessageIDs lists the IDs of one language (used by the completeness test).
func MessageIDs(code string) (map[string]bool, error) {
	m, err := Messages(code)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(m))
	for k := range m {
		ids[k] = true
	}
	return ids, nil
}
