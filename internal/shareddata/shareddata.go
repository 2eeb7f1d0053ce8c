// Package shareddata finds the real recommendation files kept next to the project (the
// folder ../shared/data seen from the repository root). They are never copied into the
// project; tests that need them skip when the folder is absent.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data folder, or skips the test with a message saying why: a
// checkout without the folder beside it still tests everything else.
func Dir(t testing.TB) string {
	t.Helper()
	if dir, ok := find(); ok {
		return dir
	}
	t.Skip("skipping: ../shared/data (next to the repository) is absent; these tests read the real recommendation files kept there")
	return ""
}

// Path joins parts under the shared data folder, skipping the test when it is absent.
func Path(t testing.TB, parts ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, parts...)...)
}

func find() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			data := filepath.Join(dir, "..", "shared", "data")
			if st, err := os.Stat(data); err == nil && st.IsDir() {
				return data, true
			}
			return "", false
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}
