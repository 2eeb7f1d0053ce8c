// Package calendar publishes the plan's dates as iCalendar (RFC 5545) feeds, so focal
// points and staff see their actions' due dates, milestones and the mechanisms'
// deadlines in the calendar they already use. A feed is a secret, revocable link.
package calendar

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one all-day entry in a feed.
type Event struct {
	UID         string // stable for the same event, so a calendar updates it instead of adding another
	Summary     string
	Description string
	Date        time.Time // the day; its clock time and zone are ignored
	URL         string
	// Stamp is when the event was last written (DTSTAMP); the time of writing when zero.
	Stamp time.Time
}

// prodID names this software in every feed (RFC 5545 §3.7.3).
const prodID = "-//nmrf-platform//NMRF recommendations follow-up//EN"

// refresh is how often calendars should fetch the feed again (RFC 7986 and the
// older X-PUBLISHED-TTL that Outlook reads).
const refresh = "PT6H"

// Write writes a complete VCALENDAR with one VEVENT per event: CRLF line ends, TEXT
// values escaped, lines folded at 75 octets without splitting a UTF-8 character.
func Write(w io.Writer, calName string, events []Event) error {
	cw := contentWriter{w: bufio.NewWriter(w)}
	cw.line("BEGIN:VCALENDAR")
	cw.line("VERSION:2.0")
	cw.line("PRODID:" + prodID)
	cw.line("CALSCALE:GREGORIAN")
	cw.line("METHOD:PUBLISH")
	cw.line("X-WR-CALNAME:" + escapeText(calName))
	cw.line("NAME:" + escapeText(calName))
	cw.line("REFRESH-INTERVAL;VALUE=DURATION:" + refresh)
	cw.line("X-PUBLISHED-TTL:" + refresh)
	now := time.Now()
	for _, e := range events {
		stamp := e.Stamp
		if stamp.IsZero() {
			stamp = now
		}
		day := time.Date(e.Date.Year(), e.Date.Month(), e.Date.Day(), 0, 0, 0, 0, time.UTC)
		cw.line("BEGIN:VEVENT")
		cw.line("UID:" + escapeText(e.UID))
		cw.line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		cw.line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
		cw.line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
		cw.line("SUMMARY:" + escapeText(e.Summary))
		if e.Description != "" {
			cw.line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.URL != "" {
			cw.line("URL:" + stripControls(e.URL))
		}
		// A deadline is a reminder, not a meeting: it never shows the person as busy.
		cw.line("TRANSP:TRANSPARENT")
		cw.line("END:VEVENT")
	}
	cw.line("END:VCALENDAR")
	if cw.err != nil {
		return cw.err
	}
	return cw.w.Flush()
}

// contentWriter writes content lines and keeps the first error.
type contentWriter struct {
	w   *bufio.Writer
	err error
}

// maxOctets is the longest a content line may be, CRLF excluded (RFC 5545 §3.1).
const maxOctets = 75

// line writes one content line, folded: after 75 octets a CRLF and a space, the space
// counting towards the next line's 75.
func (c *contentWriter) line(s string) {
	if c.err != nil {
		return
	}
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.write(s[:cut])
		c.write("\r\n ")
		s = s[cut:]
		limit = maxOctets - 1
	}
	c.write(s)
	c.write("\r\n")
}

func (c *contentWriter) write(s string) {
	if c.err == nil {
		_, c.err = c.w.WriteString(s)
	}
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and
// line breaks; other control characters are not allowed in TEXT and are dropped.
func escapeText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n', '\r':
			b.WriteString(`\n`)
		default:
			if r == '\t' || !isControl(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
