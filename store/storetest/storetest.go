// Package storetest opens fresh stores for tests: an SQLite file always,
// and PostgreSQL when the server named by SCAMSCAN_TEST_POSTGRES answers,
// so every package can run the same test on both backends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamscan/scamscan/store"
)

// PostgresEnv names the PostgreSQL server the tests use; .ci/run starts
// one and sets it.
const PostgresEnv = "SCAMSCAN_TEST_POSTGRES"

// Backends opens a fresh store on each backend, closed when the test ends.
func Backends(t testing.TB) map[string]*store.DB {
	t.Helper()
	out := map[string]*store.DB{"sqlite": SQLite(t)}
	if db, _ := Postgres(t); db != nil {
		out["postgres"] = db
	}
	return out
}

// Postgres opens a fresh store in a new schema on the test server, closed
// when the test ends, with the URL that reaches it; nil and "" when no
// server is set (PostgresURL logs how to set one).
func Postgres(t testing.TB) (*store.DB, string) {
	t.Helper()
	url := PostgresURL(t)
	if url == "" {
		return nil, ""
	}
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, url
}

// SQLite opens a fresh SQLite store in the test's temporary folder.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "scamscan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresURL makes a new, empty schema on the test server and returns a
// URL that works in it (dropped when the test ends), or "" after logging
// how to enable PostgreSQL tests.
func PostgresURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(PostgresEnv)
	if url == "" {
		t.Logf("PostgreSQL not tested: set %s=postgres://user:password@127.0.0.1/db (.ci/run installs and starts one)", PostgresEnv)
		return ""
	}
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", url); err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	sep := "?"
	if strings.ContainsRune(url, '?') {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}
