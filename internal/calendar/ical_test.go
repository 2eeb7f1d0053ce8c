package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const goldenName = "Ministry of Justice, Arcadia; deadlines"

func goldenEvents() []Event {
	stamp := time.Date(2026, 5, 10, 8, 30, 0, 0, time.UTC)
	return []Event{
		{
			UID:         "nmrf-1-action-7-due",
			Summary:     "Due: Reform the code of criminal procedure; consult the bar, the judiciary and civil society",
			Description: "Bring pre-trial detention in line with the Covenant.\nReport on it\\ with evidence.\r\nSee 118.23, 118.24",
			Date:        time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
			URL:         "https://nmrf.example.org/s/XAR/plan/actions/7",
			Stamp:       stamp,
		},
		{
			UID:     "nmrf-1-milestone-12",
			Summary: "معلم: مشروع قانون بشأن العنف ضد المرأة إلى البرلمان (إصلاح قانون الإجراءات الجنائية)",
			Date:    time.Date(2026, 3, 31, 23, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)),
			Stamp:   stamp,
		},
		{
			UID:     "nmrf-1-deadline-3",
			Summary: "普遍定期审议中期报告：提交关于第四轮普遍定期审议所获建议执行情况的自愿中期报告",
			Date:    time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC),
			Stamp:   stamp,
		},
	}
}

// golden is the feed as RFC 5545 wants it: commas, semicolons, backslashes and line
// breaks escaped, lines folded at 75 octets (the Arabic and Chinese summaries fold
// between characters, never inside one), the event day taken in the date's own zone.
var golden = strings.Join([]string{
	`BEGIN:VCALENDAR`,
	`VERSION:2.0`,
	`PRODID:-//nmrf-platform//NMRF recommendations follow-up//EN`,
	`CALSCALE:GREGORIAN`,
	`METHOD:PUBLISH`,
	`X-WR-CALNAME:Ministry of Justice\, Arcadia\; deadlines`,
	`NAME:Ministry of Justice\, Arcadia\; deadlines`,
	`REFRESH-INTERVAL;VALUE=DURATION:PT6H`,
	`X-PUBLISHED-TTL:PT6H`,
	`BEGIN:VEVENT`,
	`UID:nmrf-1-action-7-due`,
	`DTSTAMP:20260510T083000Z`,
	`DTSTART;VALUE=DATE:20260630`,
	`DTEND;VALUE=DATE:20260701`,
	`SUMMARY:Due: Reform the code of criminal procedure\; consult the bar\, the `,
	` judiciary and civil society`,
	`DESCRIPTION:Bring pre-trial detention in line with the Covenant.\nReport on`,
	`  it\\ with evidence.\nSee 118.23\, 118.24`,
	`URL:https://nmrf.example.org/s/XAR/plan/actions/7`,
	`TRANSP:TRANSPARENT`,
	`END:VEVENT`,
	`BEGIN:VEVENT`,
	`UID:nmrf-1-milestone-12`,
	`DTSTAMP:20260510T083000Z`,
	`DTSTART;VALUE=DATE:20260331`,
	`DTEND;VALUE=DATE:20260401`,
	`SUMMARY:معلم: مشروع قانون بشأن العنف ضد المرأ`,
	` ة إلى البرلمان (إصلاح قانون الإجراءات ال`,
	` جنائية)`,
	`TRANSP:TRANSPARENT`,
	`END:VEVENT`,
	`BEGIN:VEVENT`,
	`UID:nmrf-1-deadline-3`,
	`DTSTAMP:20260510T083000Z`,
	`DTSTART;VALUE=DATE:20261115`,
	`DTEND;VALUE=DATE:20261116`,
	`SUMMARY:普遍定期审议中期报告：提交关于第四轮普遍定期`,
	` 审议所获建议执行情况的自愿中期报告`,
	`TRANSP:TRANSPARENT`,
	`END:VEVENT`,
	`END:VCALENDAR`,
	``,
}, "\r\n")

func TestWriteGolden(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := Write(&b, goldenName, goldenEvents()); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != golden {
		gl, wl := strings.Split(got, "\r\n"), strings.Split(golden, "\r\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
			}
		}
	}
}

// Whatever the text, every physical line is at most 75 octets of valid UTF-8 ending in
// CRLF, and unfolding gives back the escaped value.
func TestWriteFoldsEveryLine(t *testing.T) {
	t.Parallel()
	for _, summary := range []string{
		strings.Repeat("a", 74),
		strings.Repeat("a", 200),
		strings.Repeat("é", 100),
		strings.Repeat("€", 100),
		strings.Repeat("😀", 60),
		"x" + strings.Repeat("普", 50),
		"tab\there, bell\x07 gone, invalid \xff byte",
	} {
		var b bytes.Buffer
		if err := Write(&b, "Feed", []Event{{UID: "u", Summary: summary, Date: time.Now()}}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") ||
			strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\r") {
			t.Errorf("%q: lines do not all end in CRLF", summary)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("line of %d octets (valid UTF-8: %v): %q", len(l), utf8.ValidString(l), l)
			}
		}
		unfolded := strings.ReplaceAll(out, "\r\n ", "")
		want := "SUMMARY:" + escapeText(summary) + "\r\n"
		if !strings.Contains(unfolded, want) {
			t.Errorf("unfolded feed lacks %q", want)
		}
	}
	if got := escapeText("tab\there, bell\x07 gone, invalid \xff byte"); got != "tab\there\\, bell gone\\, invalid \uFFFD byte" {
		t.Errorf("escapeText = %q", got)
	}
}
