package evasion_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scamscan/scamscan/evaluate/evasion"
	"github.com/scamscan/scamscan/intake"
)

const scam = "Your computer is infected. Call Microsoft support immediately on 0808 157 0412, " +
	"and install AnyDesk so the technician can fix it. Pay for the licence with gift cards."

func TestEveryRewriteChangesTheTextTheSameWayEachTime(t *testing.T) {
	seen := map[string]string{}
	for _, kind := range evasion.Kinds {
		got, _ := evasion.Rewrite(kind, "a.txt", scam)
		again, _ := evasion.Rewrite(kind, "a.txt", scam)
		if got == scam {
			t.Errorf("%s left the message as it was", kind)
		}
		if got != again {
			t.Errorf("%s gave two different texts for one message", kind)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%s and %s gave the same text", kind, other)
		}
		seen[got] = kind
	}
}

func TestRewritesDoWhatTheySay(t *testing.T) {
	rw := func(kind string) string { s, _ := evasion.Rewrite(kind, "a.txt", scam); return s }
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	if s := rw("split_numbers"); strings.Contains(s, "0808 157 0412") || digits(s) != "08081570412" {
		t.Errorf("split_numbers: %q, want the number's digits kept, in pieces", s)
	}
	if s := rw("lookalikes"); !strings.ContainsAny(s, "аеосрхуіАЕОСРМТН") {
		t.Errorf("lookalikes: %q has no letter of another script", s)
	}
	if s := rw("synonyms"); strings.Contains(s, "computer is infected") {
		t.Errorf("synonyms: %q kept the words", s)
	}
	if s := rw("filler"); len(strings.Fields(s)) <= len(strings.Fields(scam)) {
		t.Errorf("filler: %q is no longer", s)
	}
}

// The hidden-text page must read, to a person, as the scam and nothing
// else: the browser hides the padding, and so does our page reader.
func TestHiddenTextIsHiddenFromThePerson(t *testing.T) {
	page, isPage := evasion.Rewrite("html_hidden", "a.txt", scam)
	if !isPage || !strings.Contains(page, "display:none") {
		t.Fatalf("html_hidden gave %q, want a page with hidden text", page)
	}
	parts, err := intake.Read(context.Background(), []byte(page), intake.Options{})
	if err != nil || len(parts) != 1 {
		t.Fatalf("reading the page: %v", err)
	}
	shown := strings.Join(strings.Fields(parts[0].Doc.Text), " ")
	if !strings.Contains(shown, "Call Microsoft support") || strings.Contains(shown, "qz") {
		t.Errorf("the page reads %q, want the scam's words whole and no hidden letters", shown)
	}
}
