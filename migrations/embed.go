// Package migrations embeds the goose SQL migrations so the binary carries its own schema.
package migrations

import "embed"

// FS holds every NNNNN_name.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
