package intake

import (
	"context"
	"testing"

	"github.com/scamscan/scamscan/scan"
)

// TestFileRuleExamples runs the rule examples that are whole files (marked
// [file] in the catalogue): read as files, each "fires" example must fire
// its rule and each "misses" example must not.
func TestFileRuleExamples(t *testing.T) {
	eng, err := scan.New("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ran := 0
	for _, r := range eng.Catalogue().Rules {
		check := func(text string, want bool, pos string) {
			parts, err := Read(ctx, []byte(text), Options{})
			if err != nil {
				t.Errorf("%s: %v", pos, err)
				return
			}
			res, err := eng.Scan(ctx, parts[0].Doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := firedIn(res, r.ID); got != want {
				t.Errorf("%s: rule %s fired=%v on the file example, want %v (read as %s)", pos, r.ID, got, want, parts[0].Kind)
			}
			ran++
		}
		for _, ex := range r.Fires {
			if ex.File {
				check(ex.Text, true, ex.Pos.String())
			}
		}
		for _, ex := range r.Misses {
			if ex.File {
				check(ex.Text, false, ex.Pos.String())
			}
		}
	}
	if ran == 0 {
		t.Fatal("no file examples in the catalogue")
	}
}

func firedIn(res scan.Result, id string) bool {
	for _, list := range [][]scan.Flag{res.Flags, res.Reassurances} {
		for _, f := range list {
			if f.ID == id {
				return true
			}
		}
	}
	return false
}
