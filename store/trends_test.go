package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scamscan/scamscan/store"
)

func TestTrendsCountByWeekAndListOnlyNumbersManyReported(t *testing.T) {
	now := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC) // a Sunday
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			add := func(value, who, variant string, at time.Time) {
				r := report(value, who)
				r.Variant, r.Day = variant, at
				if _, err := db.Add(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			for _, who := range []string{"a", "b", "c"} {
				add("0808 157 0412", who, "cold_call", now)
			}
			add("0808 157 9999", "a", "cold_call", now)                                       // one person: not listed
			add("0808 157 0412", "d", "popup", now.AddDate(0, 0, -7))                         // the week before
			add("0808 157 0412", "e", "popup", time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)) // last month
			var tally store.Tally
			for range 5 {
				tally.Add(now, "popup")
			}
			tally.Add(now.AddDate(0, 0, -6), "none") // Monday of this week
			if err := tally.Flush(ctx, db); err != nil {
				t.Fatal(err)
			}
			tr, err := db.Trends(ctx, now, 4, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Weeks) != 4 || tr.Weeks[3].Start.Format(time.DateOnly) != "2026-11-16" {
				t.Fatalf("weeks %+v: want 4 ending with the week of Monday 16 November", tr.Weeks)
			}
			last, before := tr.Weeks[3], tr.Weeks[2]
			if last.Reports["cold_call"] != 4 || before.Reports["popup"] != 1 || last.Scans["popup"] != 5 || last.Scans["none"] != 1 {
				t.Errorf("this week %+v, the week before %+v", last, before)
			}
			phones := tr.Top[store.Phone]
			if len(phones) != 1 || phones[0].Value != "+448081570412" || phones[0].Reports != 4 || phones[0].People != 5 {
				t.Errorf("top numbers %+v: want only +448081570412, 4 reports this month, 5 people in all", phones)
			}
		})
	}
}

func TestTallyKeepsCountsTheStoreCouldNotTake(t *testing.T) {
	db := backends(t)["sqlite"]
	var tally store.Tally
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	tally.Add(at, "popup")
	tally.Add(at, "popup")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := tally.Flush(ctx, db); err == nil {
		t.Fatal("a flush that could not write said nothing")
	}
	if err := tally.Flush(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	tr, err := db.Trends(context.Background(), at, 1, 1)
	if err != nil || tr.Weeks[0].Scans["popup"] != 2 {
		t.Errorf("after a failed flush and a good one: %+v %v, want 2 popup scans", tr.Weeks, err)
	}
}

func TestSharedFeedbackKeepsOnlyWhatWasShared(t *testing.T) {
	for name, db := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			for _, f := range []store.Feedback{
				{Verdict: "scam", Variant: "popup", Correct: true, Label: "popup", Channel: "popup", Rules: []string{"fake_alert", "call_now"}, SharedText: "Windows Defender alert call 0808 157 0412"},
				{Verdict: "likely_scam", Variant: "refund", Correct: false, Label: store.Legit},
				{Verdict: "suspicious", Variant: "refund", Correct: false, Label: store.Legit, SharedText: "Your refund from the council"},
				{Verdict: "suspicious", Variant: "refund", Correct: true, Label: "refund", SharedText: "Your refund from the council"},
			} {
				if err := db.AddFeedback(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.SharedFeedback(ctx)
			if err != nil || len(got) != 2 {
				t.Fatalf("%+v %v: want the two shared texts once each", got, err)
			}
			if got[0].Label != "popup" || len(got[0].Rules) != 2 || got[0].Channel != "popup" {
				t.Errorf("first %+v", got[0])
			}
			if got[1].Label != "refund" {
				t.Errorf("the later word on a text wins: %+v", got[1])
			}
			for _, bad := range []store.Feedback{
				{Verdict: "fine", Label: store.Legit},
				{Verdict: "scam", Label: "spam"},
				{Verdict: "scam", Label: store.Legit, Channel: "fax"},
			} {
				if err := db.AddFeedback(ctx, bad); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("%+v: %v, want ErrInvalid", bad, err)
				}
			}
		})
	}
}
