package evaluate

import (
	"context"
	"strings"
	"testing"

	"github.com/scamscan/scamscan/evaluate/evasion"
	"github.com/scamscan/scamscan/scan"
)

// verdictBy scans by a word in the message: every message that holds
// word gets verdict, the rest no_known_signs.
func verdictBy(word, verdict string) Scanner {
	return func(_ context.Context, it Item) (scan.Result, error) {
		if strings.Contains(strings.ToLower(string(it.Data)), word) {
			return scan.Result{Verdict: verdict}, nil
		}
		return scan.Result{Verdict: scan.NoKnownSigns}, nil
	}
}

func compareInput() CompareInput {
	scams := []Item{
		{Name: "a.txt", Label: LabelScam, Variant: scan.ColdCall, Data: []byte("Call the technician now about the virus")},
		{Name: "b.txt", Label: LabelScam, Variant: scan.Refund, Data: []byte("We refunded too much, send gift cards")},
	}
	return CompareInput{
		Test:     append(scams, Item{Name: "c.txt", Label: LabelLegit, Variant: scan.None, Data: []byte("Lunch on Sunday at eleven?")}),
		Evade:    scams,
		Ham:      map[string][]Item{"sms": {{Name: "line 1", Label: LabelLegit, Data: []byte("see you at the gate")}}},
		HamNames: []string{"sms"},
	}
}

func row(t *testing.T, c Comparison, set, name string) Row {
	t.Helper()
	for _, r := range c.Rows {
		if r.Set == set && r.Name == name {
			return r
		}
	}
	t.Fatalf("no row %s %s in %+v", set, name, c.Rows)
	return Row{}
}

func TestCompareCountsBothEnginesOnEverySet(t *testing.T) {
	c, err := Compare(context.Background(), compareInput(), verdictBy("technician", scan.LikelyScam), verdictBy("e", scan.LikelyScam))
	if err != nil {
		t.Fatal(err)
	}
	if r := row(t, c, "test", "all scams"); r.Rules.Caught != 1 || r.Model.Caught != 2 || r.Rules.N != 2 {
		t.Errorf("test split scams: %+v", r)
	}
	if r := row(t, c, "evasion", "all rewrites"); r.Rules.N != 2*len(evasion.Kinds) {
		t.Errorf("evasion set: %d rewrites, want %d", r.Rules.N, 2*len(evasion.Kinds))
	}
	// "see you at the gate" holds an e: the second scanner calls it a scam.
	if r := row(t, c, "sms", "ordinary"); r.Model.Caught != 1 || r.Rules.Caught != 0 {
		t.Errorf("ordinary messages: %+v", r)
	}
	unmet := strings.Join(c.Unmet(), "\n")
	for _, want := range []string{"test split: 1 legitimate", "sms: 1000.00 per 1000"} {
		if !strings.Contains(unmet, want) {
			t.Errorf("unmet goals %q lack %q", unmet, want)
		}
	}
	var out strings.Builder
	c.Write(&out)
	if !strings.Contains(out.String(), "2/2 100.0%") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestCompareHoldsTheModelToRaiseRecallAndLowerItNowhere(t *testing.T) {
	same := verdictBy("technician", scan.LikelyScam)
	c, err := Compare(context.Background(), compareInput(), same, same)
	if err != nil {
		t.Fatal(err)
	}
	if unmet := strings.Join(c.Unmet(), "\n"); !strings.Contains(unmet, "test: the model did not raise recall") {
		t.Errorf("a model that changes nothing passed: %q", unmet)
	}
	c, _ = Compare(context.Background(), compareInput(), same, verdictBy("refunded", scan.LikelyScam))
	if unmet := strings.Join(c.Unmet(), "\n"); !strings.Contains(unmet, "test cold_call: the model lowered recall (1 to 0)") {
		t.Errorf("a model that lost a scam passed: %q", unmet)
	}
}
