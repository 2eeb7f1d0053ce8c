// Package config reads the server's settings from environment variables, once, and
// validates them so that a bad setting stops start-up with one line naming it.
package config

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting the binary reads. It is built once in main and passed down.
type Config struct {
	DatabaseURL        string        // DATABASE_URL: the app role (subject to row-level security)
	MigrateDatabaseURL string        // MIGRATE_DATABASE_URL: the owner role that runs migrations
	ListenAddr         string        // LISTEN_ADDR, default ":8080"
	BaseURL            *url.URL      // BASE_URL, default http://localhost:8080; https turns on Secure cookies
	SMTPURL            *url.URL      // SMTP_URL, optional: smtp://user:pass@host:587 or smtps://…
	MailFrom           string        // MAIL_FROM, default "NMRF <no-reply@localhost>"
	SessionIdle        time.Duration // SESSION_IDLE_TIMEOUT, default 30m
	SessionLifetime    time.Duration // SESSION_LIFETIME, default 12h
	ShutdownTimeout    time.Duration // SHUTDOWN_TIMEOUT, default 20s
	LogLevel           string        // LOG_LEVEL: debug, info (default), warn, error
	ClientIPHeader     string        // CLIENT_IP_HEADER: set only behind a proxy that overwrites it, e.g. X-Real-IP
}

// Error names the setting that is wrong; main prints it as the single line before exiting.
type Error struct {
	Name, Problem string
}

func (e *Error) Error() string { return fmt.Sprintf("configuration: %s %s", e.Name, e.Problem) }

// Need says which settings a sub-command requires.
type Need struct {
	Database bool // DATABASE_URL
	Migrate  bool // MIGRATE_DATABASE_URL
}

// Load reads the environment through getenv (os.Getenv in main, a map in tests).
func Load(getenv func(string) string, need Need) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := &Config{
		DatabaseURL:        strings.TrimSpace(getenv("DATABASE_URL")),
		MigrateDatabaseURL: strings.TrimSpace(getenv("MIGRATE_DATABASE_URL")),
		ListenAddr:         orDefault(getenv("LISTEN_ADDR"), ":8080"),
		MailFrom:           orDefault(getenv("MAIL_FROM"), "NMRF <no-reply@localhost>"),
		LogLevel:           orDefault(getenv("LOG_LEVEL"), "info"),
		ClientIPHeader:     strings.TrimSpace(getenv("CLIENT_IP_HEADER")),
	}
	if need.Database {
		if err := checkPostgresURL("DATABASE_URL", c.DatabaseURL); err != nil {
			return nil, err
		}
	}
	if need.Migrate {
		if err := checkPostgresURL("MIGRATE_DATABASE_URL", c.MigrateDatabaseURL); err != nil {
			return nil, err
		}
	}
	base, err := url.Parse(orDefault(getenv("BASE_URL"), "http://localhost:8080"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, &Error{"BASE_URL", "must be an absolute http or https URL, e.g. https://nmrf.example.org"}
	}
	base.Path = strings.TrimSuffix(base.Path, "/")
	c.BaseURL = base

	if s := strings.TrimSpace(getenv("SMTP_URL")); s != "" {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return nil, &Error{"SMTP_URL", "must look like smtp://user:password@host:587 or smtps://host:465"}
		}
		c.SMTPURL = u
	}
	durations := []struct {
		name string
		dst  *time.Duration
		def  time.Duration
	}{
		{"SESSION_IDLE_TIMEOUT", &c.SessionIdle, 30 * time.Minute},
		{"SESSION_LIFETIME", &c.SessionLifetime, 12 * time.Hour},
		{"SHUTDOWN_TIMEOUT", &c.ShutdownTimeout, 20 * time.Second},
	}
	for _, d := range durations {
		v := strings.TrimSpace(getenv(d.name))
		if v == "" {
			*d.dst = d.def
			continue
		}
		parsed, err := time.ParseDuration(v)
		if err != nil || parsed <= 0 {
			return nil, &Error{d.name, "must be a positive duration such as 30m or 12h"}
		}
		*d.dst = parsed
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return nil, &Error{"LOG_LEVEL", "must be one of debug, info, warn, error"}
	}
	return c, nil
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c *Config) SecureCookies() bool { return c.BaseURL.Scheme == "https" }

// SMTPPort returns the SMTP port, defaulting by scheme.
func (c *Config) SMTPPort() int {
	if c.SMTPURL == nil {
		return 0
	}
	if p, err := strconv.Atoi(c.SMTPURL.Port()); err == nil {
		return p
	}
	if c.SMTPURL.Scheme == "smtps" {
		return 465
	}
	return 587
}

func checkPostgresURL(name, v string) error {
	if v == "" {
		return &Error{name, "is not set (a PostgreSQL URL such as postgres://user:password@host:5432/nmrf)"}
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return &Error{name, "must be a postgres:// URL"}
	}
	return nil
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}
