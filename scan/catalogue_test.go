package scan

import (
	"context"
	"testing"

	"github.com/scamscan/scamscan/scan/rules"
)

func defaultEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New("")
	if err != nil {
		t.Fatalf("loading the embedded catalogue: %v", err)
	}
	return e
}

// TestRuleExamples runs the examples written beside every rule: each
// "fires" text must fire it and each "misses" text must not. Examples that
// are whole files are run by the intake package, which reads files, and
// those that need reports by the check package, which asks the store.
func TestRuleExamples(t *testing.T) {
	e := defaultEngine(t)
	ctx := context.Background()
	check := func(id string, examples []rules.Example, want bool) {
		for _, ex := range examples {
			if ex.File || ex.Reported {
				continue
			}
			res, err := e.Scan(ctx, Document{Text: ex.Text, Channel: ex.Channel})
			if err != nil {
				t.Fatal(err)
			}
			if got := fired(res, id); got != want {
				t.Errorf("%s: rule %s fired=%v on %q, want %v", ex.Pos, id, got, ex.Text, want)
			}
		}
	}
	for _, r := range e.Catalogue().Rules {
		check(r.ID, r.Fires, true)
		check(r.ID, r.Misses, false)
	}
}

func fired(res Result, id string) bool {
	for _, list := range [][]Flag{res.Flags, res.Reassurances} {
		for _, f := range list {
			if f.ID == id {
				return true
			}
		}
	}
	return false
}
