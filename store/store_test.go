package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// postgresEnv names the PostgreSQL server the tests use; .ci/run starts
// one and sets it. Each test gets its own schema there.
const postgresEnv = "SCAMSCAN_TEST_POSTGRES"

// backends opens a fresh store on each backend: SQLite always, PostgreSQL
// when a server is reachable. The same test runs on both.
func backends(t testing.TB) map[string]*DB {
	t.Helper()
	ctx := context.Background()
	out := map[string]*DB{}
	lite, err := Open(ctx, filepath.Join(t.TempDir(), "scamscan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	out["sqlite"] = lite
	if pg := freshPostgres(t); pg != nil {
		out["postgres"] = pg
	}
	return out
}

// freshPostgres opens the store in a new schema of the test server, or
// logs why it skips PostgreSQL.
func freshPostgres(t testing.TB) *DB {
	t.Helper()
	url := os.Getenv(postgresEnv)
	if url == "" {
		t.Logf("PostgreSQL not tested: set %s=postgres://user:password@127.0.0.1/db (.ci/run installs and starts one)", postgresEnv)
		return nil
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
		t.Fatalf("PostgreSQL at %s: %v", postgresEnv, err)
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
	db, err := Open(context.Background(), url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func report(value, reporter string) Report {
	return Report{Kind: Phone, Value: value, Variant: "cold_call", Channel: "call", Region: "england-and-wales",
		Day: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC), Reporter: reporter}
}

func TestReportsCountPeopleNotRepeats(t *testing.T) {
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			for _, who := range []string{"a", "b", "a", "c"} {
				if _, err := db.Add(ctx, report("0808 157 0412", who)); err != nil {
					t.Fatal(err)
				}
			}
			later := report("+44 808 157 0412", "d")
			later.Day = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
			s, err := db.Add(ctx, later)
			if err != nil {
				t.Fatal(err)
			}
			if s.Value != "+448081570412" || s.Reports != 5 || s.People != 4 || s.FirstSeen.Format(time.DateOnly) != "2026-03-03" || s.LastSeen.Format(time.DateOnly) != "2026-04-01" {
				t.Errorf("got %+v: two spellings of one number, 5 reports by 4 people, 3 March to 1 April", s)
			}
			got, err := db.Lookup(ctx, []Sighting{{Kind: Phone, Value: "+448081570412"}, {Kind: Domain, Value: "never-reported.example"}})
			if err != nil || len(got) != 1 || got[0].People != 4 {
				t.Errorf("lookup: %+v, %v", got, err)
			}
		})
	}
}

func TestBadReportsAreRefused(t *testing.T) {
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			for _, r := range []Report{
				{Kind: Phone, Value: "call me", Region: "scotland"},
				{Kind: Domain, Value: "not a site", Region: "scotland"},
				{Kind: "email", Value: "x@example.com", Region: "scotland"},
				{Kind: Phone, Value: "0808 157 0412", Region: "Wales"},
			} {
				if _, err := db.Add(context.Background(), r); !errors.Is(err, ErrInvalid) {
					t.Errorf("%+v: %v, want ErrInvalid", r, err)
				}
			}
		})
	}
}

func TestMigrationsAreRecordedAndRunOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scamscan.db")
	for range 2 {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		names, err := db.Migrations(context.Background())
		db.Close()
		if err != nil || len(names) != 1 || names[0] != "migrations/001_reports.sql" {
			t.Fatalf("migrations %v, %v", names, err)
		}
	}
	for name, db := range backends(t) {
		if names, err := db.Migrations(context.Background()); err != nil || len(names) != 1 {
			t.Errorf("%s: %v %v", name, names, err)
		}
	}
}

// TestConcurrentReportsAreEachCountedOnce fires many reports at once, as
// several servers would, and checks none is lost or counted twice.
func TestConcurrentReportsAreEachCountedOnce(t *testing.T) {
	const writers, each = 16, 25
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make(chan error, writers*each)
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						if _, err := db.Add(context.Background(), report("0808 157 0412", fmt.Sprint(w, "-", i%5))); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			got, err := db.Lookup(context.Background(), []Sighting{{Kind: Phone, Value: "+448081570412"}})
			if err != nil || len(got) != 1 || got[0].Reports != writers*each || got[0].People != writers*5 {
				t.Fatalf("got %+v (%v), want %d reports by %d people", got, err, writers*each, writers*5)
			}
		})
	}
}

func TestReporterKeysRotateMonthly(t *testing.T) {
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			march, april := report("0808 157 0412", "same person"), report("0808 157 0412", "same person")
			april.Day = time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)
			db.Add(ctx, march)
			s, err := db.Add(ctx, april)
			if err != nil || s.People != 2 {
				t.Errorf("a new month's key makes the same person new (unlinkable): %+v %v", s, err)
			}
			var keys int
			db.db.QueryRow(`SELECT COUNT(*) FROM reporter_keys`).Scan(&keys)
			if keys != 1 {
				t.Errorf("%d keys kept; the old month's key must be deleted", keys)
			}
		})
	}
}

// BenchmarkAdd measures report writes on each backend, from parallel
// writers as a busy server would send them.
func BenchmarkAdd(b *testing.B) {
	for name, db := range backends(b) {
		b.Run(name, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					i++
					if _, err := db.Add(context.Background(), report(fmt.Sprintf("0808 157 %04d", i%1000), fmt.Sprint(i))); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkLookup measures what a scan adds: looking up two numbers and
// a domain.
func BenchmarkLookup(b *testing.B) {
	for name, db := range backends(b) {
		for i := range 1000 {
			db.Add(context.Background(), report(fmt.Sprintf("0808 157 %04d", i), "x"))
		}
		want := []Sighting{{Kind: Phone, Value: "+448081570412"}, {Kind: Phone, Value: "+448081579999"}, {Kind: Domain, Value: "ms-help.example"}}
		b.Run(name, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := db.Lookup(context.Background(), want); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
