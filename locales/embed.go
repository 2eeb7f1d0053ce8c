// Package locales embeds the translation files, one per UN language.
package locales

import "embed"

// FS holds <area>.<lang>.toml for ar, en, es, fr, ru and zh: active.<lang>.toml for
// the core, and one file per later area (consultation, portal, …) so areas grow apart.
//
//go:embed *.toml
var FS embed.FS
