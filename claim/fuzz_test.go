package claim

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzAnswers: no answers file makes the claim tools panic; each either
// writes its text or says what is wrong.
func FuzzAnswers(f *testing.F) {
	f.Add(`{"claimant": "consumer", "region": "england-and-wales", "payments": [{"date": "2026-11-10", "amount": 129, "method": "card", "card": "credit"}]}`)
	f.Add(`{"payments": [{"date": "2026-11-10", "amount": 1e308, "method": "faster_payment", "to_uk_account": true}], "region": "scotland"}`)
	f.Add(`{"claim_date": "2031-01-01", "payments": [{"date": "1999-12-31", "amount": 0.001, "method": "gift_card"}]}`)
	facts, cal := loadRules(f)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data string) {
		var a Answers
		if json.Unmarshal([]byte(data), &a) != nil {
			return
		}
		if out, err := All(a, facts, cal, today); err == nil && out.Text() == "" {
			t.Fatal("no error and nothing written")
		}
	})
}
