package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/nmrf-platform/nmrf/internal/db"
)

// healthz: the process is alive (no database check, so a load balancer does not kill
// every instance when the database blinks).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz: the database answers and its schema is the one this binary expects.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.readyCheck(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintf(w, "not ready: %v\n", err)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

func (s *Server) checkSchema(ctx context.Context) error {
	have, err := db.SchemaVersion(ctx, s.Pool)
	if err != nil {
		return fmt.Errorf("database unreachable")
	}
	want, err := db.LatestVersion()
	if err != nil {
		return err
	}
	// A newer schema is fine (another instance migrated first); an older one is not.
	if have < want {
		return fmt.Errorf("schema version %d, this binary needs %d", have, want)
	}
	return nil
}
