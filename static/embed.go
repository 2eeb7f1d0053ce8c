// Package static embeds the app's CSS and JavaScript and serves them under
// content-fingerprinted URLs.
//
// Because each URL contains a hash of the file's bytes, a changed file gets a
// new URL, so browsers may cache every response for a year without ever
// seeing a stale copy. Everything (hashes, gzip copies) is computed once at
// start-up; serving a request is a map lookup and a write.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// files is the only package-level state: the bytes compiled into the binary.
//
//go:embed app.css htmx.min.js
var files embed.FS

// prefix is the URL path under which the handler is mounted.
const prefix = "/static/"

// asset is one embedded file, ready to serve.
type asset struct {
	contentType string
	hash        string // first 10 hex chars of the SHA-256 of raw
	raw         []byte
	gz          []byte // gzip of raw, built once so requests never compress
}

// Assets holds every embedded file, indexed both by its plain name (for
// building URLs in templates) and by its fingerprinted name (for serving).
type Assets struct {
	byName   map[string]*asset // "app.css" -> asset
	byHashed map[string]*asset // "app.3f2a9c0d1e.css" -> asset
	hashed   map[string]string // "app.css" -> "app.3f2a9c0d1e.css"
}

// New reads every embedded file, fingerprints it and precomputes its gzip
// copy. Call it once at start-up and share the result.
func New() (*Assets, error) {
	a := &Assets{
		byName:   map[string]*asset{},
		byHashed: map[string]*asset{},
		hashed:   map[string]string{},
	}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(raw)
		hash := hex.EncodeToString(sum[:])[:10]

		gz, err := gzipBytes(raw)
		if err != nil {
			return fmt.Errorf("static: gzip %s: %w", name, err)
		}

		ext := path.Ext(name)
		ct := mime.TypeByExtension(ext) // Go's built-in table covers .css and .js
		if ct == "" {
			ct = http.DetectContentType(raw)
		}

		as := &asset{contentType: ct, hash: hash, raw: raw, gz: gz}
		hashedName := strings.TrimSuffix(name, ext) + "." + hash + ext
		a.byName[name] = as
		a.byHashed[hashedName] = as
		a.hashed[name] = hashedName
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	// Best compression costs nothing at request time: it happens once.
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Path returns the fingerprinted URL of an embedded file, for use in
// templates: "app.css" -> "/static/app.3f2a9c0d1e.css". An unknown name
// yields "/static/"+name rather than a panic, so a typo shows up as a 404 in
// the browser instead of taking the page down.
func (a *Assets) Path(name string) string {
	if h, ok := a.hashed[name]; ok {
		return prefix + h
	}
	return prefix + name
}

// TotalGzipBytes is the sum of the gzip sizes of all assets: what a first
// visit downloads in CSS and JavaScript.
func (a *Assets) TotalGzipBytes() int {
	n := 0
	for _, as := range a.byName {
		n += len(as.gz)
	}
	return n
}

// Handler serves "/static/<name>.<hash>.<ext>". It reads the full
// r.URL.Path (which must start with /static/), so it can be mounted with
// r.Handle("/static/*", assets.Handler()) in chi without StripPrefix.
// Only the current fingerprint is served: an unknown, unhashed or stale-hash
// name is a 404, so an old page can never be paired with a new file under a
// URL that promises immutability.
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, prefix)
		as := a.byHashed[name]
		if !ok || as == nil {
			http.NotFound(w, r)
			return
		}

		h := w.Header()
		h.Set("Content-Type", as.contentType)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("X-Content-Type-Options", "nosniff")
		// The body depends on Accept-Encoding, so caches must key on it.
		h.Add("Vary", "Accept-Encoding")

		body, etag := as.raw, `"`+as.hash+`"`
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			// A strong ETag must differ between encodings of the same file.
			body, etag = as.gz, `"`+as.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)

		// ServeContent handles If-None-Match (304), Range, HEAD and
		// Content-Length for us. A zero modtime omits Last-Modified: the
		// ETag is the validator.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip,
// honouring an explicit "q=0" refusal (RFC 9110 §12.5.3).
func acceptsGzip(header string) bool {
	gzipQ, starQ := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzipQ = q
		case "*":
			starQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}
