package scan

import (
	"context"
	"testing"
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
// are whole files are run by the intake package, which reads files.
func TestRuleExamples(t *testing.T) {
	e := defaultEngine(t)
	ctx := context.Background()
	for _, r := range e.Catalogue().Rules {
		for _, ex := range r.Fires {
			if ex.File {
				continue
			}
			res, err := e.Scan(ctx, Document{Text: ex.Text, Channel: ex.Channel})
			if err != nil {
				t.Fatal(err)
			}
			if !fired(res, r.ID) {
				t.Errorf("%s: rule %s does not fire on %q", ex.Pos, r.ID, ex.Text)
			}
		}
		for _, ex := range r.Misses {
			if ex.File {
				continue
			}
			res, err := e.Scan(ctx, Document{Text: ex.Text, Channel: ex.Channel})
			if err != nil {
				t.Fatal(err)
			}
			if fired(res, r.ID) {
				t.Errorf("%s: rule %s fires on its near miss %q", ex.Pos, r.ID, ex.Text)
			}
		}
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
