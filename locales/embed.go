// Package locales embeds the translation files, one per UN language.
package locales

import "embed"

// FS holds active.<lang>.toml for ar, en, es, fr, ru and zh.
//
//go:embed active.*.toml
var FS embed.FS
