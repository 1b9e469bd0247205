package wizard

import (
	"testing"

	"github.com/scamscan/scamscan/claim"
)

// FuzzCheck: no typed answer makes Check panic, and an answer it accepts
// reads back as itself, since what is stored in the page is read again
// on every later step.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"20/11/2026", "2026-02-30", "£1,250.5", "1e308", "NaN", "yes", "3", "12-34-56", "4417", "", " \x00"} {
		f.Add(s)
	}
	facts, err := claim.DefaultFacts()
	if err != nil {
		f.Fatal(err)
	}
	qs := Questions(State{"p1.method": "faster_payment", "vulnerable": "yes", "reported_on": "2026-11-01"}, facts)
	f.Fuzz(func(t *testing.T, input string) {
		for _, q := range qs {
			v, err := Check(q, input, today)
			if err != nil || v == "" {
				continue
			}
			if again, err := Check(q, v, today); err != nil || again != v {
				t.Fatalf("%s: %q was stored as %q, which reads back as %q (%v)", q.ID, input, v, again, err)
			}
		}
	})
}
