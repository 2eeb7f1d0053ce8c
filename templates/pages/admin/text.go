package admin

import (
	"regexp"
	"strings"
)

func splitLines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }

type textPart struct {
	Text string
	Link bool
}

var urlPattern = regexp.MustCompile(`https?://[^\s]+`)

// linkify splits a line of an email into text and links, so the links an email carries
// (an invitation, a password reset) can be followed from the outbox page.
func linkify(line string) []textPart {
	var parts []textPart
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(line, -1) {
		if m[0] > last {
			parts = append(parts, textPart{Text: line[last:m[0]]})
		}
		parts = append(parts, textPart{Text: line[m[0]:m[1]], Link: true})
		last = m[1]
	}
	if last < len(line) {
		parts = append(parts, textPart{Text: line[last:]})
	}
	return parts
}
