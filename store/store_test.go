package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/store/storetest"
)

func backends(t testing.TB) map[string]*store.DB { return storetest.Backends(t) }

func report(value, reporter string) store.Report {
	return store.Report{Kind: store.Phone, Value: value, Variant: "cold_call", Channel: "call", Region: "england-and-wales",
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
			got, err := db.Lookup(ctx, []store.Sighting{{Kind: store.Phone, Value: "+448081570412"}, {Kind: store.Domain, Value: "never-reported.example"}})
			if err != nil || len(got) != 2 || got[0].People != 4 || got[1].Reports != 0 || got[1].Value != "never-reported.example" {
				t.Errorf("lookup: %+v, %v: want the number's 4 people, then the site with no reports", got, err)
			}
		})
	}
}

func TestBadReportsAreRefused(t *testing.T) {
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			for _, r := range []store.Report{
				{Kind: store.Phone, Value: "call me", Region: "scotland"},
				{Kind: store.Domain, Value: "not a site", Region: "scotland"},
				{Kind: "email", Value: "x@example.com", Region: "scotland"},
				{Kind: store.Phone, Value: "0808 157 0412", Region: "Wales"},
				{Kind: store.Phone, Value: "0808 157 0412", Region: "scotland", Variant: "lottery"},
				{Kind: store.Phone, Value: "0808 157 0412", Region: "scotland", Channel: "pigeon"},
				{Kind: store.RemoteID, Value: "anydesk", Region: "scotland"},
			} {
				if _, err := db.Add(context.Background(), r); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("%+v: %v, want ErrInvalid", r, err)
				}
			}
		})
	}
}

func TestMigrationsAreRecordedAndRunOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scamscan.db")
	for range 2 {
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		names, err := db.Migrations(context.Background())
		db.Close()
		if err != nil || len(names) != 2 || names[0] != "migrations/001_reports.sql" || names[1] != "migrations/002_feedback_context.sql" {
			t.Fatalf("migrations %v, %v", names, err)
		}
	}
	for name, db := range backends(t) {
		if names, err := db.Migrations(context.Background()); err != nil || len(names) != 2 {
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
			got, err := db.Lookup(context.Background(), []store.Sighting{{Kind: store.Phone, Value: "+448081570412"}})
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
			if keys := store.ReporterKeys(db); keys != 1 {
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
		want := []store.Sighting{{Kind: store.Phone, Value: "+448081570412"}, {Kind: store.Phone, Value: "+448081579999"}, {Kind: store.Domain, Value: "ms-help.example"}}
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
