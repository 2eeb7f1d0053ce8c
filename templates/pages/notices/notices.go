// Package notices renders a person's in-app notifications.
package notices

import "time"

// Row is one notification, already in the reader's words.
type Row struct {
	Text, Href string
	Unread     bool
	At         time.Time
}

// View lists notifications.
type View struct {
	Rows        []Row
	MarkAllHref string
	Unread      int
}
