// Package settings renders a State's settings page, where its NMRF admin sets the
// State's time zone.
package settings

import "github.com/nmrf-platform/nmrf/templates/components"

// View is the settings form.
type View struct {
	Action   string
	TimeZone components.Field
	Was      string // the zone the form was loaded with, to refuse a save over someone else's
	Now      string // the time now on the State's clock, so the admin can check it
	Errors   components.FormErrors
}
