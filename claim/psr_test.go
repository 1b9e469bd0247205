package claim

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

// loadRules reads the embedded facts and bank holidays.
func loadRules(t testing.TB) (Facts, *calendar.Calendar) {
	t.Helper()
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.Default()
	if err != nil {
		t.Fatal(err)
	}
	return facts, cal
}

func assess(t *testing.T, a Answers) PSRAssessment {
	t.Helper()
	facts, cal := loadRules(t)
	if a.Region == "" {
		a.Region = calendar.EnglandAndWales
	}
	if a.Claimant == "" {
		a.Claimant = "consumer"
	}
	res, err := AssessPSR(a, facts, cal, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func transfer(date string, amount float64, bank string) Payment {
	return Payment{Date: date, Amount: amount, Method: "faster_payment", FromBank: bank, ToUKAccount: true}
}

func TestPSREligible(t *testing.T) {
	res := assess(t, Answers{Payments: []Payment{transfer("2026-11-10", 4500, "Co-operative Bank")}})
	if !res.Eligible || len(res.Banks) != 1 {
		t.Fatalf("%+v", res)
	}
	b := res.Banks[0]
	if b.Claimable != 4500 || b.MaxExcess != 100 || b.Capped {
		t.Errorf("bank claim %+v", b)
	}
	// Claim made Monday 23 November 2026: 5 business days is Monday 30th.
	if got := b.DecisionBy.Format(time.DateOnly); got != "2026-11-30" {
		t.Errorf("decision by %s, want 2026-11-30", got)
	}
	if got := res.ClaimBy.Format(time.DateOnly); got != "2027-12-10" {
		t.Errorf("claim by %s, want 13 months after the last payment, 2027-12-10", got)
	}
}

func TestPSRNotCovered(t *testing.T) {
	cases := []struct {
		name    string
		answers Answers
		why     string
	}{
		{"too late", Answers{ClaimDate: "2026-11-23", Payments: []Payment{transfer("2025-10-01", 900, "Lloyds")}}, "within 13 months"},
		{"before 7 October 2024", Answers{Payments: []Payment{transfer("2024-10-06", 900, "Lloyds")}}, "None of the payments"},
		{"international", Answers{Payments: []Payment{{Date: "2026-11-01", Amount: 900, Method: "faster_payment", FromBank: "Lloyds"}}}, "None of the payments"},
		{"own account", Answers{Payments: []Payment{{Date: "2026-11-01", Amount: 900, Method: "faster_payment", FromBank: "Lloyds", ToUKAccount: true, ToOwnAccount: true}}}, "None of the payments"},
		{"a card payment", Answers{Payments: []Payment{{Date: "2026-11-01", Amount: 129, Method: "card", FromBank: "Lloyds", ToUKAccount: true}}}, "None of the payments"},
		{"a large company", Answers{Claimant: "company", Payments: []Payment{transfer("2026-11-01", 900, "Lloyds")}}, "micro-enterprises (fewer than 10 staff)"},
	}
	for _, c := range cases {
		res := assess(t, c.answers)
		if res.Eligible || !strings.Contains(strings.Join(res.Why, " "), c.why) {
			t.Errorf("%s: eligible %v, why %q, want %q", c.name, res.Eligible, res.Why, c.why)
		}
	}
	res := assess(t, Answers{ClaimDate: "2024-11-01", Payments: []Payment{transfer("2024-10-06", 900, "Lloyds"), transfer("2024-10-07", 500, "Lloyds")}})
	p := res.Banks[0].Payments
	if !res.Eligible || p[0].Covered || !strings.Contains(p[0].Why, "before 7 October 2024") || !p[1].Covered || res.Banks[0].Claimable != 500 {
		t.Errorf("a payment the day before the start and one on it: %+v", res.Banks[0])
	}
}

func TestPSRVulnerablePaysNoExcess(t *testing.T) {
	res := assess(t, Answers{Vulnerable: true, Payments: []Payment{transfer("2026-11-10", 300, "Nationwide")}})
	if res.Banks[0].MaxExcess != 0 {
		t.Errorf("a vulnerable customer may be charged an excess of %v", res.Banks[0].MaxExcess)
	}
}

func TestPSRSeveralPaymentsAndBanksCapPerBank(t *testing.T) {
	res := assess(t, Answers{Region: calendar.Scotland, ClaimDate: "2026-11-27", Payments: []Payment{
		transfer("2026-09-01", 60000, "Bank A"),
		{Date: "2026-09-02", Amount: 40000, Method: "chaps", FromBank: "Bank A", ToUKAccount: true},
		transfer("2026-09-03", 2000, "Bank B"),
		{Date: "2026-09-04", Amount: 500, Method: "gift_card", FromBank: "Bank B"},
	}})
	if !res.Eligible || len(res.Banks) != 2 {
		t.Fatalf("%+v", res)
	}
	a, b := res.Banks[0], res.Banks[1]
	if a.Covered != 100000 || a.Claimable != 85000 || !a.Capped {
		t.Errorf("bank A: %+v: the cap is £85,000 per sending bank", a)
	}
	if b.Covered != 2000 || b.Claimable != 2000 || b.Capped || b.Payments[1].Covered {
		t.Errorf("bank B: %+v", b)
	}
	// Claim on Friday 27 November 2026 in Scotland: St Andrew's Day (Monday
	// 30th) is not a business day, so the fifth is Monday 7 December; in
	// England it would be Friday 4 December.
	if got := a.DecisionBy.Format(time.DateOnly); got != "2026-12-07" {
		t.Errorf("decision by %s, want 2026-12-07", got)
	}
}

func TestFactsAreSourcedAndComplete(t *testing.T) {
	if _, err := DefaultFacts(); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseFacts([]byte(`{"facts": [{"id": "psr_cap", "value": "85000", "text": "t", "source": "", "checked": "2026-11"}]}`)); err == nil || !strings.Contains(err.Error(), "a source") {
		t.Errorf("a fact without its source was accepted: %v", err)
	}
	if _, err := ParseFacts([]byte(`{"facts": [{"id": "psr_cap", "value": "85000", "text": "t", "source": "s", "checked": "2026-11"}]}`)); err == nil {
		t.Error("a facts file missing most facts was accepted")
	}
}

func TestOneBankHoweverItIsTyped(t *testing.T) {
	res := assess(t, Answers{Payments: []Payment{transfer("2026-11-01", 60000, "Barclays"), transfer("2026-11-02", 60000, " barclays")}})
	if len(res.Banks) != 1 || res.Banks[0].Claimable != 85000 || !res.Banks[0].Capped {
		t.Errorf("two spellings of one bank must share one cap: %+v", res.Banks)
	}
}

func TestAnswersThatCannotBeRight(t *testing.T) {
	facts, cal := loadRules(t)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	nan := transfer("2026-11-01", math.NaN(), "Lloyds")
	if _, err := AssessPSR(Answers{Claimant: "consumer", Region: calendar.EnglandAndWales, Payments: []Payment{nan}}, facts, cal, today); err == nil {
		t.Error("an amount that is not a number was accepted")
	}
	gift := Answers{Region: "Scotland", Payments: []Payment{{Date: "2026-11-01", Amount: 50, Method: "gift_card"}}}
	if _, err := Report(gift, facts, today); err == nil || !strings.Contains(err.Error(), "use england-and-wales, scotland or northern-ireland") {
		t.Errorf("an unknown region must be refused, not sent to the wrong police: %v", err)
	}
}

func TestTodayIsTheUKDate(t *testing.T) {
	// 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time);
	// in winter, UTC and London agree.
	if got := Today(time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)); got.Format(time.DateOnly) != "2026-07-01" {
		t.Errorf("summer: %s", got)
	}
	if got := Today(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)); got.Format(time.DateOnly) != "2026-12-31" {
		t.Errorf("winter: %s", got)
	}
}
