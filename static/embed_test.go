package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// server mounts the handler the way the app does (prefix not stripped) and
// returns a client that does not silently add or undo gzip, so tests see
// exactly what goes over the wire.
func server(t *testing.T) (*Assets, *httptest.Server, *http.Client) {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, a.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	t.Cleanup(client.CloseIdleConnections)
	return a, srv, client
}

func get(t *testing.T, c *http.Client, url string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

var assetCases = []struct {
	name, urlPattern, contentType string
}{
	{"app.css", `^/static/app\.[0-9a-f]{10}\.css$`, "text/css"},
	{"htmx.min.js", `^/static/htmx\.min\.[0-9a-f]{10}\.js$`, "text/javascript"},
}

func TestFingerprintedURLServesFileImmutable(t *testing.T) {
	a, srv, c := server(t)
	for _, tc := range assetCases {
		t.Run(tc.name, func(t *testing.T) {
			p := a.Path(tc.name)
			if !regexp.MustCompile(tc.urlPattern).MatchString(p) {
				t.Fatalf("Path(%q) = %q, want match %s", tc.name, p, tc.urlPattern)
			}
			want, err := files.ReadFile(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			resp, body := get(t, c, srv.URL+p, map[string]string{"Accept-Encoding": "identity"})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control = %q", got)
			}
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tc.contentType) {
				t.Errorf("Content-Type = %q, want %s", got, tc.contentType)
			}
			if resp.Header.Get("ETag") == "" {
				t.Error("missing ETag")
			}
			if got := resp.Header.Get("Vary"); !strings.Contains(got, "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			if got := resp.Header.Get("Content-Encoding"); got != "" {
				t.Errorf("Content-Encoding = %q for identity request", got)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("body differs from embedded file (%d vs %d bytes)", len(body), len(want))
			}
		})
	}
}

func TestGzipWhenAccepted(t *testing.T) {
	a, srv, c := server(t)
	for _, tc := range assetCases {
		t.Run(tc.name, func(t *testing.T) {
			want, _ := files.ReadFile(tc.name)
			resp, body := get(t, c, srv.URL+a.Path(tc.name), map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", got)
			}
			if got := resp.Header.Get("Vary"); !strings.Contains(got, "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			if len(body) >= len(want) {
				t.Errorf("gzip body %d bytes not smaller than raw %d", len(body), len(want))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gzip.NewReader: %v", err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("decompress: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Error("decompressed body differs from embedded file")
			}
		})
	}

	// An explicit q=0 is a refusal and must be honoured.
	resp, _ := get(t, c, srv.URL+a.Path("app.css"), map[string]string{"Accept-Encoding": "gzip;q=0, deflate"})
	if got := resp.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("gzip;q=0: Content-Encoding = %q, want none", got)
	}
}

func TestConditionalGetReturns304(t *testing.T) {
	a, srv, c := server(t)
	url := srv.URL + a.Path("app.css")
	for _, ae := range []string{"identity", "gzip"} {
		resp, _ := get(t, c, url, map[string]string{"Accept-Encoding": ae})
		etag := resp.Header.Get("ETag")
		resp, body := get(t, c, url, map[string]string{"Accept-Encoding": ae, "If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s: If-None-Match %s: status %d, %d body bytes; want 304, empty", ae, etag, resp.StatusCode, len(body))
		}
	}
}

func TestUnknownOrStaleNameIs404(t *testing.T) {
	a, srv, c := server(t)
	current := a.Path("app.css")
	stale := regexp.MustCompile(`\.[0-9a-f]{10}\.`).ReplaceAllString(current, ".0000000000.")
	if stale == current {
		t.Fatal("could not build a stale name")
	}
	for _, p := range []string{
		stale,
		"/static/app.css", // unhashed: would defeat the immutable promise
		"/static/nope.1234567890.js",
		"/static/",
	} {
		resp, _ := get(t, c, srv.URL+p, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
		if cc := resp.Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: 404 must not be cached as immutable (Cache-Control %q)", p, cc)
		}
	}
}

func TestPathOfUnknownNameFallsBack(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Path("missing.css"); got != "/static/missing.css" {
		t.Errorf("Path(missing.css) = %q", got)
	}
}

func TestPageWeightBudget(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	const budget = 60 * 1024 // CSS+JS on a first visit, gzipped
	got := a.TotalGzipBytes()
	if got > budget {
		t.Errorf("TotalGzipBytes = %d, over the %d-byte budget", got, budget)
	}
	t.Logf("CSS+JS gzipped: %d bytes (budget %d)", got, budget)
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                        false,
		"identity":                false,
		"gzip":                    true,
		"GZIP":                    true,
		"gzip, deflate, br, zstd": true,
		"br;q=1.0, gzip;q=0.5":    true,
		"gzip;q=0":                false,
		"gzip; q=0.0":             false,
		"x-gzip":                  true,
		"*":                       true,
		"*;q=0":                   false,
		"gzip;q=0, *":             false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
