package evaluate

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/scamscan/scamscan/evaluate/evasion"
	"github.com/scamscan/scamscan/scan"
)

// Tally counts how many of a set reached a verdict.
type Tally struct {
	N int
	// Caught are at likely_scam or above; Flagged at suspicious or above.
	Caught, Flagged int
}

func (t *Tally) add(verdict string) {
	t.N++
	if scan.Rank(verdict) >= scan.Rank(scan.LikelyScam) {
		t.Caught++
	}
	if scan.Rank(verdict) >= scan.Rank(scan.Suspicious) {
		t.Flagged++
	}
}

// Row is one line of the comparison: the same messages under rules alone
// and under rules plus the model.
type Row struct {
	Set   string // "test", "evasion", "holdout", or a ham collection
	Name  string // a variant, a kind of rewrite, "legit" ...
	Scams bool   // a row of scams (recall) or of ordinary messages (false alarms)
	Rules Tally
	Model Tally
}

// Comparison is the evaluation the model is judged by.
type Comparison struct{ Rows []Row }

// CompareInput is what Compare measures.
type CompareInput struct {
	// Test is the corpus test split; Holdout the set never tuned on.
	Test, Holdout []Item
	// Evade are the scams to rewrite every evasion way: the test split's
	// plain-text scams (the rewrites work on words, not on files).
	Evade []Item
	// Ham maps collections of ordinary messages to their held-back part.
	Ham      map[string][]Item
	HamNames []string
}

// Compare scans every message with rules alone and with the model, and
// rewrites each scam of in.Evade every evasion way.
func Compare(ctx context.Context, in CompareInput, rules, withModel Scanner) (Comparison, error) {
	var c Comparison
	// row gives a row's index, adding the row when new. An index, not a
	// pointer: adding rows moves them.
	row := func(set, name string, scams bool) int {
		for i := range c.Rows {
			if c.Rows[i].Set == set && c.Rows[i].Name == name {
				return i
			}
		}
		c.Rows = append(c.Rows, Row{Set: set, Name: name, Scams: scams})
		return len(c.Rows) - 1
	}
	both := func(it Item, rows ...int) error {
		a, err := rules(ctx, it)
		if err != nil {
			return fmt.Errorf("%s: %w", it.Name, err)
		}
		b, err := withModel(ctx, it)
		if err != nil {
			return fmt.Errorf("%s: %w", it.Name, err)
		}
		for _, i := range rows {
			c.Rows[i].Rules.add(a.Verdict)
			c.Rows[i].Model.add(b.Verdict)
		}
		return nil
	}
	labelled := func(set string, items []Item) error {
		for _, it := range sorted(items) {
			var err error
			if it.Label == LabelScam {
				err = both(it, row(set, it.Variant, true), row(set, "all scams", true))
			} else {
				err = both(it, row(set, "legit", false))
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := labelled("test", in.Test); err != nil {
		return c, err
	}
	for _, kind := range evasion.Kinds {
		for _, it := range sorted(in.Evade) {
			text, page := evasion.Rewrite(kind, it.Name, string(it.Data))
			rewritten := it
			rewritten.Data = []byte(text)
			if page {
				rewritten.Name += ".html"
			}
			if err := both(rewritten, row("evasion", kind, true), row("evasion", "all rewrites", true)); err != nil {
				return c, err
			}
		}
	}
	if err := labelled("holdout", in.Holdout); err != nil {
		return c, err
	}
	for _, name := range in.HamNames {
		for _, it := range in.Ham[name] {
			if err := both(it, row(name, "ordinary", false)); err != nil {
				return c, err
			}
		}
	}
	// Within a set, the totals come after the rows they add up.
	order := map[string]int{}
	for _, r := range c.Rows {
		if _, ok := order[r.Set]; !ok {
			order[r.Set] = len(order)
		}
	}
	slices.SortStableFunc(c.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(order[a.Set], order[b.Set]), cmp.Compare(isTotal(a.Name), isTotal(b.Name)))
	})
	return c, nil
}

func isTotal(name string) int {
	switch name {
	case "all scams", "all rewrites":
		return 1
	case "legit":
		return 2
	}
	return 0
}

// sorted orders items by variant, then name, so reports read the same
// every run.
func sorted(items []Item) []Item {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b Item) int {
		if c := strings.Compare(a.Variant, b.Variant); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// HamLimit is the most ordinary messages per thousand that may reach
// likely_scam in a public collection.
const HamLimit = 1.0

// Write prints the comparison as a table: for each set, rules alone and
// rules plus the model side by side, with what the columns count said once.
func (c Comparison) Write(w io.Writer) {
	line := func(format string, a ...any) {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf(format, a...), " "))
	}
	set, scams := "", false
	for _, r := range c.Rows {
		if r.Set != set || r.Scams != scams {
			if r.Set != set {
				line("\n%s", setTitle(r.Set))
			}
			set, scams = r.Set, r.Scams
			if scams {
				line("  Scams: caught = likely_scam or scam; flagged = suspicious or above")
				line("  %-16s %-31s %-31s", "", "rules alone", "rules + model")
				line("  %-16s %-15s %-15s %-15s %-15s", "", "caught", "flagged", "caught", "flagged")
			} else {
				line("  Ordinary messages: false alarms = likely_scam or above; flagged = suspicious or above")
				line("  %-16s %-31s %-31s", "", "rules alone", "rules + model")
				line("  %-16s %-22s %-8s %-22s %-8s", "", "false alarms", "flagged", "false alarms", "flagged")
			}
		}
		if scams {
			line("  %-16s %-15s %-15s %-15s %-15s", r.Name,
				share(r.Rules.Caught, r.Rules.N), share(r.Rules.Flagged, r.Rules.N),
				share(r.Model.Caught, r.Model.N), share(r.Model.Flagged, r.Model.N))
			continue
		}
		line("  %-16s %-22s %-8d %-22s %-8d", fmt.Sprintf("%s n=%d", r.Name, r.Rules.N),
			alarms(r.Rules), r.Rules.Flagged, alarms(r.Model), r.Model.Flagged)
	}
}

func setTitle(set string) string {
	switch set {
	case "test":
		return "Test split of the corpus (never trained on): recall per variant, and false alarms"
	case "evasion":
		return "Evasion set (each test-split scam rewritten the ways scammers do): recall per rewrite"
	case "holdout":
		return "Held-out set (written by someone who never saw the rules; figures only)"
	}
	return "Public collection " + set + " (the half training did not use)"
}

// share prints "n/d pp.p%".
func share(n, d int) string {
	return fmt.Sprintf("%d/%d %5.1f%%", n, d, pct(n, d))
}

// alarms prints the false alarms at likely_scam or above, and per 1000.
func alarms(t Tally) string {
	return fmt.Sprintf("%d (%.2f/1000)", t.Caught, perThousand(t.Caught, t.N))
}

func perThousand(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 1000 * float64(n) / float64(d)
}

// Unmet lists the goals the model is held to that the figures miss: on
// the test split and the evasion set it must catch more scams than rules
// alone and fewer on no row; no legitimate test message may reach
// likely_scam; and at most HamLimit per thousand ordinary messages may.
func (c Comparison) Unmet() []string {
	var out []string
	for _, r := range c.Rows {
		switch {
		case r.Set == "holdout":
			continue
		case r.Scams && r.Model.Caught < r.Rules.Caught:
			out = append(out, fmt.Sprintf("%s %s: the model lowered recall (%d to %d)", r.Set, r.Name, r.Rules.Caught, r.Model.Caught))
		case r.Scams && (r.Name == "all scams" || r.Name == "all rewrites") && r.Model.Caught+r.Model.Flagged <= r.Rules.Caught+r.Rules.Flagged:
			out = append(out, fmt.Sprintf("%s: the model did not raise recall", r.Set))
		case !r.Scams && r.Set == "test" && r.Model.Caught > 0:
			out = append(out, fmt.Sprintf("test split: %d legitimate messages at likely_scam or above", r.Model.Caught))
		case !r.Scams && r.Set != "test" && perThousand(r.Model.Caught, r.Model.N) > HamLimit:
			out = append(out, fmt.Sprintf("%s: %.2f per 1000 ordinary messages at likely_scam or above", r.Set, perThousand(r.Model.Caught, r.Model.N)))
		}
	}
	return out
}
