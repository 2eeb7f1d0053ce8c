package web

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
)

// openAPIDocument is the open-data API's machine-readable description (OpenAPI 3.1),
// written by hand beside the handlers it describes; openapi_test.go holds it to the
// router and to the records the API returns.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPI serves the description. It changes only with the binary, so clients may keep
// it for an hour and revalidate with its ETag.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	sum := sha256.Sum256(openAPIDocument)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDocument)
	return nil
}
