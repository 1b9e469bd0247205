package check

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/rules"
	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/store/storetest"
)

func newChecker(t *testing.T, db Sightings) *Checker {
	t.Helper()
	c, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	c.Store = db
	return c
}

// reportAll has n different people report every number, site and remote
// address in text, on 3 March 2026.
func reportAll(t *testing.T, db *store.DB, text string, n int) {
	t.Helper()
	for _, m := range Mentions(text) {
		for who := range n {
			r := store.Report{Kind: m.Kind, Value: m.Value, Variant: "popup", Region: "scotland",
				Day: time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC), Reporter: fmt.Sprint("person ", who)}
			if _, err := db.Add(context.Background(), r); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func flagged(rep Report, id string) *scan.Flag {
	for i, f := range rep.Flags {
		if f.ID == id {
			return &rep.Flags[i]
		}
	}
	return nil
}

// TestReportedRuleExamples runs the catalogue's [reported] examples with
// every value in them reported by enough people.
func TestReportedRuleExamples(t *testing.T) {
	ran := 0
	for _, r := range newChecker(t, nil).Engine.Catalogue().Rules {
		for want, examples := range map[bool][]string{true: examplesOf(r.Fires), false: examplesOf(r.Misses)} {
			for _, text := range examples {
				db := storetest.SQLite(t)
				reportAll(t, db, text, DefaultMinPeople)
				rep, err := newChecker(t, db).Check(context.Background(), scan.Document{Text: text})
				if err != nil {
					t.Fatal(err)
				}
				if got := flagged(rep, r.ID) != nil; got != want {
					t.Errorf("rule %s fired=%v on %q with its values reported, want %v", r.ID, got, text, want)
				}
				ran++
			}
		}
	}
	if ran == 0 {
		t.Fatal("no [reported] examples in the catalogue")
	}
}

// examplesOf lists the texts of the [reported] examples.
func examplesOf(examples []rules.Example) []string {
	var out []string
	for _, ex := range examples {
		if ex.Reported {
			out = append(out, ex.Text)
		}
	}
	return out
}

const reportedPopup = "Your computer has a virus. Call 0808 157 0412 now"

func TestReportsRaiseTheVerdictAndSayHowManyPeople(t *testing.T) {
	for name, db := range storetest.Backends(t) {
		t.Run(name, func(t *testing.T) {
			c := newChecker(t, db)
			ctx := context.Background()
			before, err := c.Check(ctx, scan.Document{Text: reportedPopup})
			if err != nil {
				t.Fatal(err)
			}
			if flagged(before, "reported_by_people") != nil || !before.Reported.Checked || len(before.Reported.Sightings) != 0 {
				t.Fatalf("before any report: %+v", before.Reported)
			}
			reportAll(t, db, reportedPopup, 2)
			if two, _ := c.Check(ctx, scan.Document{Text: reportedPopup}); flagged(two, "reported_by_people") != nil {
				t.Errorf("two people are fewer than %d, yet the number counted", DefaultMinPeople)
			}
			reportAll(t, db, reportedPopup, 12)
			after, err := c.Check(ctx, scan.Document{Text: reportedPopup})
			if err != nil {
				t.Fatal(err)
			}
			f := flagged(after, "reported_by_people")
			if f == nil {
				t.Fatalf("reported by 12 people, but no flag: %+v", after.Flags)
			}
			ev := f.Evidence[0]
			if ev.Text != "0808 157 0412" || ev.Note != "reported by 12 people since 3 March 2026" {
				t.Errorf("evidence %+v: want the number, with its count and first date", ev)
			}
			if scan.Rank(after.Verdict) <= scan.Rank(before.Verdict) {
				t.Errorf("verdict %s with reports, %s without: reports should raise it", after.Verdict, before.Verdict)
			}
			if len(after.Reported.Sightings) != 1 || !strings.Contains(after.Reported.Note, "reported by 12 people") {
				t.Errorf("reported %+v", after.Reported)
			}
		})
	}
}

func TestAStoreThatIsDownDoesNotStopTheScan(t *testing.T) {
	db := storetest.SQLite(t)
	reportAll(t, db, reportedPopup, 5)
	db.Close()
	rep, err := newChecker(t, db).Check(context.Background(), scan.Document{Text: reportedPopup})
	if err != nil {
		t.Fatalf("the scan failed with the store: %v", err)
	}
	if rep.Reported.Checked || rep.Reported.Note != notChecked || flagged(rep, "reported_by_people") != nil {
		t.Errorf("reported %+v: want it marked as not checked", rep.Reported)
	}
	without, _ := newChecker(t, nil).Check(context.Background(), scan.Document{Text: reportedPopup})
	if rep.Verdict != without.Verdict || without.Reported != nil {
		t.Errorf("verdict %s with a store that is down, %s with none", rep.Verdict, without.Verdict)
	}
}

// TestASlowStoreIsNotWaitedFor holds a lock on PostgreSQL's sightings
// table, so lookups queue behind it, and checks the scan answers after the
// timeout, without the reports.
func TestASlowStoreIsNotWaitedFor(t *testing.T) {
	db, url := storetest.Postgres(t)
	if db == nil {
		t.Skip("needs PostgreSQL to hold a lock")
	}
	reportAll(t, db, reportedPopup, 5)
	locker, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	tx, err := locker.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`LOCK TABLE sightings IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	c := newChecker(t, db)
	c.StoreTimeout = 200 * time.Millisecond
	done := make(chan Report, 1)
	go func() {
		rep, err := c.Check(context.Background(), scan.Document{Text: reportedPopup})
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	select {
	case rep := <-done:
		if rep.Reported.Checked || flagged(rep, "reported_by_people") != nil {
			t.Errorf("reported %+v: a store that did not answer in time must be marked not checked", rep.Reported)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the scan waited for a locked store")
	}
}

// BenchmarkCheck measures what asking the store adds to a scan of a
// message with a number in it.
func BenchmarkCheck(b *testing.B) {
	c, err := New("")
	if err != nil {
		b.Fatal(err)
	}
	doc := scan.Document{Text: reportedPopup}
	run := func(b *testing.B, with Sightings) {
		checker := *c
		checker.Store = with
		for b.Loop() {
			if _, err := checker.Check(context.Background(), doc); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("no-store", func(b *testing.B) { run(b, nil) })
	for name, db := range storetest.Backends(b) {
		b.Run(name, func(b *testing.B) { run(b, db) })
	}
}
