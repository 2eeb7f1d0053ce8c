package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/notify"
)

// Two server processes on one database act as one: a session started on one is valid
// on the other, and each queued email is delivered exactly once.
func TestTwoServersActAsOne(t *testing.T) {
	t.Parallel()
	var sends atomic.Int64
	sender := senderFunc(func(context.Context, notify.Message) error { sends.Add(1); return nil })
	one := apptest.New(t, apptest.Options{Sender: sender})
	two := apptest.New(t, apptest.Options{Sender: sender, Shared: one.DB})

	st := one.State(t, "XAR", "Arcadia", "en")
	one.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	c := one.Client(t)
	c.Login("admin@arcadia.example")
	if r := c.For(two.URL).Get("/s/xar/"); r.Status != http.StatusOK {
		t.Fatalf("a session started on server one is refused by server two (status %d)", r.Status)
	}

	const emails = 20
	for i := 0; i < emails; i++ {
		r := c.Post("/s/xar/invitations", url.Values{"email": {"p" + strings.Repeat("x", i) + "@example.org"},
			"name": {"Person"}, "role": {"nhri"}, "language": {"en"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("invite %d: status %d", i, r.Status)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var sent int
		if err := one.DB.Owner.QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL`).Scan(&sent); err != nil {
			t.Fatal(err)
		}
		if sent == emails {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d emails delivered", sent, emails)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // let any duplicate delivery show itself
	if n := sends.Load(); n != emails {
		t.Errorf("%d deliveries for %d emails, want exactly one each", n, emails)
	}
	var maxAttempts int
	_ = one.DB.Owner.QueryRow(context.Background(), `SELECT max(attempts) FROM outbox`).Scan(&maxAttempts)
	if maxAttempts != 1 {
		t.Errorf("an email was worked %d times, want 1", maxAttempts)
	}
}

type senderFunc func(context.Context, notify.Message) error

func (f senderFunc) Send(ctx context.Context, m notify.Message) error { return f(ctx, m) }

// With the database gone, /readyz says so and pages answer 503 in the person's
// language; when it returns, the server recovers by itself.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	proxy := newProxy(t)
	app := apptest.New(t, apptest.Options{DatabaseURL: func(appURL string) string {
		u, _ := url.Parse(appURL)
		proxy.target = u.Host
		u.Host = proxy.addr
		return u.String()
	}})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "admin@arcadia.example", false, st.ID, account.RoleNMRFAdmin)
	c := app.Client(t)
	c.Header.Set("Accept-Language", "fr")
	c.Login("admin@arcadia.example")
	if r := c.Get("/readyz"); r.Status != http.StatusOK {
		t.Fatalf("readyz before the outage: %d", r.Status)
	}

	proxy.setDown(true)
	if r := c.Get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz during the outage: %d, want 503", r.Status)
	}
	if r := c.Get("/healthz"); r.Status != http.StatusOK {
		t.Errorf("healthz during the outage: %d, want 200 (the process is alive)", r.Status)
	}
	r := c.Get("/s/xar/")
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, `<html lang="fr"`) {
		t.Errorf("a page during the outage: status %d, want 503 in French", r.Status)
	}

	proxy.setDown(false)
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := c.Get("/s/xar/")
		if r.Status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not recover after the database returned (status %d)", r.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if r := c.Get("/readyz"); r.Status != http.StatusOK {
		t.Errorf("readyz after the outage: %d", r.Status)
	}
}

// proxy forwards TCP to PostgreSQL and can cut every connection, like a network outage.
type proxy struct {
	addr, target string
	ln           net.Listener
	mu           sync.Mutex
	down         bool
	conns        []net.Conn
}

func newProxy(t *testing.T) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), ln: ln}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			in.Close()
			continue
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			in.Close()
			continue
		}
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(out, in); out.Close() }()
		go func() { _, _ = io.Copy(in, out); in.Close() }()
	}
}

func (p *proxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}
