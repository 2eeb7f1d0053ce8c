package zone_test

import (
	"errors"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/zone"
)

// A ministry in Santiago enters its own clock's time and reads it back with the zone's
// name; the moment stored is the right one in UTC.
func TestParseAndStampOnAStatesClock(t *testing.T) {
	t.Parallel()
	santiago, err := zone.Load("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	tm, err := zone.ParseInput("2026-12-01T18:00", santiago)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC); !tm.Equal(want) {
		t.Errorf("18:00 in Santiago is %v, want %v", tm.UTC(), want)
	}
	if got := zone.Stamp(tm, santiago); got != "2026-12-01 18:00 (America/Santiago)" {
		t.Errorf("stamp %q", got)
	}
	if got := zone.Stamp(tm, time.UTC); got != "2026-12-01 21:00 UTC" {
		t.Errorf("UTC stamp %q", got)
	}
	if got := zone.Datetime(tm, santiago); got != "2026-12-01T18:00:00-03:00" {
		t.Errorf("datetime %q", got)
	}
	manila, _ := zone.Load("Asia/Manila")
	if got := zone.Period(tm, tm.Add(time.Hour), manila); got != "2026-12-02 05:00 – 2026-12-02 06:00 (Asia/Manila)" {
		t.Errorf("period %q", got)
	}
}

// Clock changes: a time the clocks skip is refused, a time they pass twice is the
// earlier moment, so a consultation never closes an hour later than people read.
func TestClockChanges(t *testing.T) {
	t.Parallel()
	paris, _ := zone.Load("Europe/Paris")
	if _, err := zone.ParseInput("2026-03-29T02:30", paris); !errors.Is(err, zone.ErrSkipped) {
		t.Errorf("02:30 on the night clocks go forward: %v, want ErrSkipped", err)
	}
	tm, err := zone.ParseInput("2026-10-25T02:30", paris)
	if err != nil || !tm.Equal(time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("02:30 on the night clocks go back: %v %v, want 00:30 UTC (summer time)", tm.UTC(), err)
	}
	if _, err := zone.ParseInput("2026-13-01T10:00", paris); !errors.Is(err, zone.ErrNotTime) {
		t.Errorf("month 13: %v", err)
	}
	if _, err := zone.ParseInput("", paris); !errors.Is(err, zone.ErrNotTime) {
		t.Errorf("empty: %v", err)
	}
}

// Only IANA names are zones; the server's own zone and an empty name are not.
func TestLoad(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "Local", "Mars/Olympus", "America/Santiago ", "../../etc/passwd"} {
		if _, err := zone.Load(name); !errors.Is(err, zone.ErrUnknown) {
			t.Errorf("Load(%q) = %v, want ErrUnknown", name, err)
		}
	}
	for _, name := range []string{"UTC", "America/Santiago", "Asia/Manila", "Africa/Nairobi"} {
		if loc, err := zone.Load(name); err != nil || loc.String() != name {
			t.Errorf("Load(%q) = %v, %v", name, loc, err)
		}
	}
	if zone.Or("nonsense") != time.UTC {
		t.Error("Or falls back to UTC")
	}
}

// A day shown alone is the State's day: late evening in UTC is already the next day in
// Manila, and still the same day in Santiago.
func TestDateOnAStatesClock(t *testing.T) {
	t.Parallel()
	manila, _ := zone.Load("Asia/Manila")
	santiago, _ := zone.Load("America/Santiago")
	tm := time.Date(2026, 5, 15, 18, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{{time.UTC, "2026-05-15"}, {manila, "2026-05-16"}, {santiago, "2026-05-15"}} {
		if got := zone.Date(tm, tc.loc); got != tc.want {
			t.Errorf("Date in %s = %q, want %q", tc.loc, got, tc.want)
		}
	}
}
