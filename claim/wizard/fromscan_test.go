package wizard

import (
	"context"
	"testing"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/scan"
)

func TestFromResultFillsWhatTheScanFound(t *testing.T) {
	c, err := check.New("")
	if err != nil {
		t.Fatal(err)
	}
	result := func(text string) scan.Result {
		rep, err := c.Check(context.Background(), scan.Document{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Result
	}
	scam := result("Microsoft Refund Department: we refunded you £1,500 too much by mistake. Install AnyDesk and call 0808 157 0412 or visit ms-refund-desk.co.uk to send back the difference in Google Play cards.")
	s := FromResult(scam)
	for k, want := range map[string]string{"story.claimed": "Microsoft", "story.phones": "0808 157 0412", "story.remote_tool": "AnyDesk", "story.over_refund": "yes", "story.sites": "ms-refund-desk.co.uk"} {
		if s[k] != want {
			t.Errorf("%s = %q, want %q (result %s, %s)", k, s[k], want, scam.Verdict, scam.Variant)
		}
	}
	if s := FromResult(result("Hi Gran, the plumber is coming on Tuesday at 10. Call me on 07700 900123 if that is a problem.")); len(s) != 0 {
		t.Errorf("a message with no signs must start the wizard empty, not with %v", s)
	}
}
