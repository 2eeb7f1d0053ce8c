// Package zone reads and writes moments on a State's clock: its IANA time zone, the
// times people enter in a form, and the times pages and emails show.
package zone

import (
	"errors"
	"strings"
	"time"
)

// Default is the time zone of a State that has not chosen one.
const Default = "UTC"

// ErrUnknown is a name that is not an IANA time zone.
var ErrUnknown = errors.New("unknown time zone")

// ErrSkipped is a wall-clock time that does not exist in the zone, because the clocks
// jump over it (the start of daylight saving time).
var ErrSkipped = errors.New("time skipped by a clock change")

// Load returns the zone named name, an IANA name such as "America/Santiago". The empty
// name and "Local" (the server's own zone) are refused: a State's clock never depends on
// the machine the server runs on.
func Load(name string) (*time.Location, error) {
	if name == "" || name == "Local" || strings.TrimSpace(name) != name {
		return nil, ErrUnknown
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, ErrUnknown
	}
	return loc, nil
}

// Or returns the zone named name, or UTC when the name is not a zone. Stored names were
// checked by Load when they were saved.
func Or(name string) *time.Location {
	if loc, err := Load(name); err == nil {
		return loc
	}
	return time.UTC
}

const wallLayout = "2006-01-02 15:04"

// Wall is t as a clock in loc shows it, without the zone: "2026-12-01 18:00".
func Wall(t time.Time, loc *time.Location) string { return t.In(loc).Format(wallLayout) }

// Date is the day t falls on in loc: "2026-12-01", for places that show only dates.
func Date(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// Label names the zone after a time: "UTC" for UTC, else the IANA name in brackets.
func Label(loc *time.Location) string {
	if loc.String() == "UTC" {
		return "UTC"
	}
	return "(" + loc.String() + ")"
}

// Stamp is t as people read it on a page or in an email, on the State's clock and with
// its zone: "2026-12-01 18:00 (America/Santiago)", or "2026-12-01 23:00 UTC".
func Stamp(t time.Time, loc *time.Location) string { return Wall(t, loc) + " " + Label(loc) }

// Period is a window from a to b: "2026-11-01 09:00 – 2026-12-01 18:00 (America/Santiago)".
func Period(a, b time.Time, loc *time.Location) string {
	return Wall(a, loc) + " – " + Wall(b, loc) + " " + Label(loc)
}

// Datetime is t for an HTML datetime attribute, with the zone's offset, so that a
// program reading the page gets the exact moment.
func Datetime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04:05-07:00")
}

// ParseInput reads a form's datetime-local value ("2026-12-01T18:00", seconds allowed)
// as a time on loc's clock. A value that is not a date and time is ErrNotTime; a time
// the clocks skip in loc is ErrSkipped. A time that happens twice (when the clocks go
// back) is read as its first occurrence, the earlier moment.
func ParseInput(v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		wall, err := time.ParseInLocation(layout, v, time.UTC)
		if err != nil {
			continue
		}
		// Try the zone's offsets around that day: each that shows the same wall time is
		// a reading of it. Clock changes are months apart, so a day either side holds
		// every offset that can apply.
		var first time.Time
		for _, probe := range []time.Time{wall.Add(-24 * time.Hour), wall, wall.Add(24 * time.Hour)} {
			_, offset := probe.In(loc).Zone()
			t := wall.Add(-time.Duration(offset) * time.Second)
			if t.In(loc).Format(layout) == v && (first.IsZero() || t.Before(first)) {
				first = t
			}
		}
		if first.IsZero() {
			return time.Time{}, ErrSkipped
		}
		return first.In(loc), nil
	}
	return time.Time{}, ErrNotTime
}

// ErrNotTime is a form value that is not a date and time.
var ErrNotTime = errors.New("not a date and time")
