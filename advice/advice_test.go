package advice

import (
	"strings"
	"testing"

	"github.com/scamscan/scamscan/scan"
)

func ids(items []Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return strings.Join(out, " ")
}

func TestPlanFitsTheResult(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		res            scan.Result
		want, unwanted string
	}{
		{scan.Result{Verdict: scan.Scam, Variant: scan.Popup}, "close_the_page cut_remote_access secure_accounts paid_bank_transfer paid_card paid_gift_cards_or_crypto report", "hang_up"},
		{scan.Result{Verdict: scan.LikelyScam, Variant: scan.Refund}, "hang_up refuse_the_refund cut_remote_access", "close_the_page"},
		{scan.Result{Verdict: scan.Suspicious, Variant: scan.ColdCall}, "hang_up check_first cut_remote_access", "no_signs"},
		{scan.Result{Verdict: scan.NoKnownSigns, Variant: scan.None}, "no_signs", "report"},
	}
	for _, c := range cases {
		got := ids(p.For(c.res))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s %s: plan %q, want it to contain %q", c.res.Verdict, c.res.Variant, got, c.want)
		}
		if strings.Contains(got, c.unwanted) {
			t.Errorf("%s %s: plan %q should not contain %q", c.res.Verdict, c.res.Variant, got, c.unwanted)
		}
	}
}

// TestPlansUseTheCheckedFacts guards against the seed's outdated figures.
func TestPlansUseTheCheckedFacts(t *testing.T) {
	all := string(plansJSON)
	for _, stale := range []string{"£25", "Action Fraud at", "action-fraud"} {
		if strings.Contains(all, stale) {
			t.Errorf("plans still say %q", stale)
		}
	}
	for _, fact := range []string{"0300 123 2040", "7726", "report@phishing.gov.uk", "£85,000", "7 October 2024", "13 months", "120-day", "£30 for two years", "microsoft.com/reportascam", "159"} {
		if !strings.Contains(all, fact) {
			t.Errorf("plans lack the fact %q", fact)
		}
	}
}

func TestParseRefusesBadPlans(t *testing.T) {
	for _, bad := range []string{
		`{"plans":[{"id":"a","section":"later","title":"t","steps":["s"]}]}`,
		`{"plans":[{"id":"a","section":"now","title":"t","steps":[]}]}`,
		`{"plans":[{"id":"a","section":"now","title":"t","steps":["s"]},{"id":"a","section":"now","title":"t","steps":["s"]}]}`,
		`{"plans":[`,
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
