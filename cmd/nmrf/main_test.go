package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/config"
	"github.com/nmrf-platform/nmrf/internal/dbtest"
)

func setEnv(t *testing.T, d *dbtest.DB) {
	t.Setenv("DATABASE_URL", d.AppURL)
	t.Setenv("MIGRATE_DATABASE_URL", d.OwnerURL)
	t.Setenv("BASE_URL", "http://localhost:8080")
	t.Setenv("SMTP_URL", "")
}

func TestCommands(t *testing.T) {
	d := dbtest.New(t)
	setEnv(t, d)
	ctx := context.Background()
	var out bytes.Buffer

	if err := run(ctx, []string{"migrate", "status"}, nil, &out); err != nil || !strings.Contains(out.String(), "applied") {
		t.Fatalf("migrate status: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"state", "add", "--code", "xar", "--name", "Arcadia", "--language", "fr"}, nil, &out); err != nil {
		t.Fatalf("state add: %v", err)
	}
	err := run(ctx, []string{"state", "add", "--code", "XAR", "--name", "Again"}, nil, &out)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate state add: %v, want an explanation", err)
	}
	err = run(ctx, []string{"user", "add", "--email", "a@example.org", "--name", "A", "--state", "XAR", "--role", "nmrf_admin"},
		strings.NewReader("short\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Errorf("short password: %v", err)
	}
	out.Reset()
	err = run(ctx, []string{"user", "add", "--email", "a@example.org", "--name", "A", "--state", "XAR", "--role", "nmrf_admin"},
		strings.NewReader("a long enough password\n"), &out)
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	err = run(ctx, []string{"user", "add", "--email", "b@example.org", "--name", "B", "--state", "XAR", "--role", "queen"},
		strings.NewReader("a long enough password\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "--role") {
		t.Errorf("unknown role: %v, want it named", err)
	}
	out.Reset()
	if err := run(ctx, []string{"user", "add", "--email", "c@example.org", "--name", "C", "--state", "XAR", "--role", "nhri", "--invite"}, nil, &out); err != nil {
		t.Fatalf("user add --invite: %v", err)
	}
	var n int
	if err := d.Owner.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE recipient = 'c@example.org' AND kind = 'invitation'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("invitation emails: %d (%v), want 1", n, err)
	}
	for i := 0; i < 2; i++ {
		out.Reset()
		if err := run(ctx, []string{"demo"}, nil, &out); err != nil {
			t.Fatalf("demo run %d: %v", i+1, err)
		}
	}
	if !strings.Contains(out.String(), "nmrf.admin@arcadia.example") {
		t.Errorf("demo does not print its sign-ins:\n%s", out.String())
	}
	if err := d.Owner.QueryRow(ctx, `SELECT count(*) FROM tenants`).Scan(&n); err != nil || n != 2 {
		t.Errorf("after two demo loads there are %d States, want 2 (XAR reused, XBO added)", n)
	}
	if err := run(ctx, []string{"nonsense"}, nil, &out); err == nil {
		t.Error("an unknown command succeeded")
	}
}

func TestMissingSettingIsNamed(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("MIGRATE_DATABASE_URL", "postgres://x@127.0.0.1/x")
	err := run(context.Background(), []string{"serve"}, nil, &bytes.Buffer{})
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Name != "DATABASE_URL" {
		t.Fatalf("serve without DATABASE_URL: %v, want a configuration error naming it", err)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	d := dbtest.New(t)
	setEnv(t, d)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("LISTEN_ADDR", addr)
	t.Setenv("SHUTDOWN_TIMEOUT", "5s")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, nil, &bytes.Buffer{}) }()

	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not become ready: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel() // what SIGTERM does through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after the signal, want a clean stop", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within its shutdown bound")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("the server still accepts connections after shutting down")
	}
}
