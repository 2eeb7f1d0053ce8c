// Package layout is the page frame every screen shares: head, header with navigation
// and language switcher, main landmark, footer.
package layout

import (
	"context"
	"time"
)

// Chrome is what the frame shows around a page: who is signed in, where they are,
// what they may reach. The web layer builds it per request and puts it in the context.
type Chrome struct {
	Asset     func(name string) string // fingerprinted static URL
	Path      string                   // the current path, so the language switcher returns here
	SignedIn  bool
	UserName  string
	StateCode string // lower case in URLs
	StateName string
	RoleMsgID string // the person's role in this State, as a message ID
	Nav       []NavItem
	Flash     string // a message shown once after a redirect, already translated
	Refresh   int    // seconds after which the page reloads itself (progress without JavaScript); 0 never
	// Location is the State's clock, on which the page shows every time (its workspace's
	// tenant, or the State of a portal page); nil outside a State means UTC.
	Location *time.Location
	// NoScript leaves out htmx: public portal pages use none, and a first visit on a slow
	// connection should not fetch it.
	NoScript bool
}

// Clock is the zone the page shows times in: the State's, or UTC outside a State.
func (c Chrome) Clock() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// NavItem is one link of the main navigation.
type NavItem struct {
	MsgID   string
	Href    string
	Current bool
	Count   int // a number shown with the link (unread notifications), 0 for none
}

type chromeKey struct{}

// WithChrome stores the frame's data in the request context.
func WithChrome(ctx context.Context, c Chrome) context.Context {
	return context.WithValue(ctx, chromeKey{}, c)
}

// ChromeFrom returns the frame's data (zero value outside a request).
func ChromeFrom(ctx context.Context) Chrome {
	c, _ := ctx.Value(chromeKey{}).(Chrome)
	if c.Asset == nil {
		c.Asset = func(name string) string { return "/static/" + name }
	}
	return c
}
