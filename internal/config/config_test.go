package config

import (
	"errors"
	"strings"
	"testing"
)

func TestLoadNamesTheBadSetting(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"DATABASE_URL":         "postgres://nmrf_app:x@127.0.0.1:5432/nmrf",
		"MIGRATE_DATABASE_URL": "postgres://nmrf_owner:x@127.0.0.1:5432/nmrf",
	}
	cases := []struct {
		name, key, value, wantName string
	}{
		{"missing database", "DATABASE_URL", "", "DATABASE_URL"},
		{"not postgres", "DATABASE_URL", "mysql://x", "DATABASE_URL"},
		{"bad base url", "BASE_URL", "localhost", "BASE_URL"},
		{"bad smtp", "SMTP_URL", "http://mail", "SMTP_URL"},
		{"bad idle", "SESSION_IDLE_TIMEOUT", "soon", "SESSION_IDLE_TIMEOUT"},
		{"bad log level", "LOG_LEVEL", "loud", "LOG_LEVEL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range good {
				env[k] = v
			}
			env[tc.key] = tc.value
			_, err := Load(func(k string) string { return env[k] }, Need{Database: true, Migrate: true})
			var ce *Error
			if !errors.As(err, &ce) || ce.Name != tc.wantName {
				t.Fatalf("Load() error = %v, want one naming %s", err, tc.wantName)
			}
			if !strings.Contains(err.Error(), tc.wantName) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should be one line naming %s", err, tc.wantName)
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(func(k string) string {
		if k == "DATABASE_URL" {
			return "postgres://a@h/db"
		}
		if k == "BASE_URL" {
			return "https://nmrf.example.org/"
		}
		return ""
	}, Need{Database: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != ":8080" || !c.SecureCookies() || c.BaseURL.String() != "https://nmrf.example.org" {
		t.Errorf("unexpected defaults: %+v", c)
	}
}
