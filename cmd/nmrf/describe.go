package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
)

// describe turns a validation error into one readable line for the terminal.
func describe(b *i18n.Bundle, err error) error {
	loc := b.Localizer("en")
	if f := fault.FieldsOf(err); f != nil {
		var parts []string
		for name, msg := range f {
			parts = append(parts, "--"+name+": "+loc.T(msg))
		}
		sort.Strings(parts)
		return fmt.Errorf("%s", strings.Join(parts, "; "))
	}
	if msg := fault.MessageOf(err); msg != "" {
		return fmt.Errorf("%s", loc.T(msg))
	}
	return err
}
