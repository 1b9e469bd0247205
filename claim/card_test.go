package claim

import (
	"strings"
	"testing"
	"time"
)

func cardPayment(date string, amount float64, card string) Payment {
	return Payment{Date: date, Amount: amount, Method: "card", Card: card, CardLast4: "4417", FromBank: "Barclaycard",
		PayeeName: "PC HELPDESK LTD", Bought: "a lifetime computer protection plan"}
}

func assessCard(t *testing.T, a Answers) CardAssessment {
	t.Helper()
	facts, _ := loadRules(t)
	res, err := AssessCard(a, facts, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSection75Limits(t *testing.T) {
	cases := []struct {
		name    string
		pay     Payment
		s75     bool
		because string
	}{
		{"credit card, £129", cardPayment("2026-11-10", 129, "credit"), true, ""},
		{"credit card, exactly £100", cardPayment("2026-11-10", 100, "credit"), false, "exactly £100.00"},
		{"credit card, £99.99", cardPayment("2026-11-10", 99.99, "credit"), false, "more than £100.00"},
		{"credit card, £30,000", cardPayment("2026-11-10", 30000, "credit"), true, ""},
		{"credit card, £30,000.01", cardPayment("2026-11-10", 30000.01, "credit"), false, "up to £30,000.00"},
		{"debit card, £129", cardPayment("2026-11-10", 129, "debit"), false, "credit cards only"},
		{"£60 on the card towards a £199 price", func() Payment { p := cardPayment("2026-11-10", 60, "credit"); p.Price = 199; return p }(), true, ""},
		{"seven years ago", cardPayment("2019-11-10", 129, "credit"), false, "within 6 years"},
		{"through PayPal", func() Payment { p := cardPayment("2026-11-10", 129, "credit"); p.PaidThrough = "PayPal"; return p }(), true, "break the link"},
	}
	for _, c := range cases {
		p := assessCard(t, Answers{Payments: []Payment{c.pay}}).Claims[0].Payments[0]
		if p.Section75 != c.s75 || !strings.Contains(p.Section75Why, c.because) {
			t.Errorf("%s: Section 75 %v (%q), want %v (%q)", c.name, p.Section75, p.Section75Why, c.s75, c.because)
		}
	}
}

func TestChargebackWindow(t *testing.T) {
	// 120 days from 26 July 2026 is 23 November 2026, the claim day: still in time.
	p := assessCard(t, Answers{ClaimDate: "2026-11-23", Payments: []Payment{cardPayment("2026-07-26", 129, "debit")}}).Claims[0].Payments[0]
	if !p.ChargebackInTime || p.ChargebackBy.Format(time.DateOnly) != "2026-11-23" || p.ChargebackLate != "" {
		t.Errorf("on the last day: %+v", p)
	}
	p = assessCard(t, Answers{ClaimDate: "2026-11-23", Payments: []Payment{cardPayment("2026-07-25", 129, "debit")}}).Claims[0].Payments[0]
	if p.ChargebackInTime || !strings.Contains(p.ChargebackLate, "ended on 22 November 2026") || !strings.Contains(p.ChargebackLate, "540 days") {
		t.Errorf("a day late: %+v", p)
	}
}

func TestCardClaimsGroupByCardAndLeaveOtherPayments(t *testing.T) {
	other := cardPayment("2026-11-11", 50, "debit")
	other.FromBank, other.CardLast4 = "Nationwide", "0042"
	res := assessCard(t, Answers{Payments: []Payment{cardPayment("2026-11-10", 129, "credit"), other,
		cardPayment("2026-11-12", 250, "credit"), transfer("2026-11-12", 900, "Nationwide")}})
	if len(res.Claims) != 2 || len(res.Claims[0].Payments) != 2 || res.Claims[0].Total() != 379 || !res.Claims[0].Section75 ||
		res.Claims[1].Section75 || res.Claims[1].Total() != 50 {
		t.Errorf("want one claim per card, the transfer left out: %+v", res.Claims)
	}
}

func TestCardAnswersMustSayWhichCard(t *testing.T) {
	facts, _ := loadRules(t)
	bad := cardPayment("2026-11-10", 129, "")
	if _, err := AssessCard(Answers{Payments: []Payment{bad}}, facts, time.Now()); err == nil || !strings.Contains(err.Error(), "credit or a debit card") {
		t.Errorf("a card payment without its kind of card: %v", err)
	}
	bad = cardPayment("2026-11-10", 129, "credit")
	bad.Price = 20
	if _, err := AssessCard(Answers{Payments: []Payment{bad}}, facts, time.Now()); err == nil || !strings.Contains(err.Error(), "cannot be less") {
		t.Errorf("a price below the amount paid: %v", err)
	}
}

// TestCardLetterGolden compares each card note and letter with its golden
// file; run `go test ./claim/ -update` after a deliberate change.
func TestCardLetterGolden(t *testing.T) {
	facts, _ := loadRules(t)
	cases := map[string]Answers{
		"credit-129":  with(mary, func(a *Answers) { a.Payments = []Payment{cardPayment("2026-11-10", 129, "credit")} }),
		"debit":       with(mary, func(a *Answers) { a.Payments = []Payment{cardPayment("2026-11-10", 129, "debit")} }),
		"exactly-100": with(mary, func(a *Answers) { a.Payments = []Payment{cardPayment("2026-11-10", 100, "credit")} }),
		"too-late":    with(mary, func(a *Answers) { a.Payments = []Payment{cardPayment("2026-05-10", 249, "debit")} }),
		"no-card":     with(mary, func(a *Answers) { a.Payments = []Payment{transfer("2026-11-10", 900, "Lloyds")} }),
		"part-payment": with(mary, func(a *Answers) {
			p := cardPayment("2026-11-10", 60, "credit")
			p.Price = 199
			a.Payments = []Payment{p}
		}),
	}
	for name, a := range cases {
		got, err := Card(a, facts, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkGolden(t, "card", name, got.Text())
	}
}

// TestCardLetterSaysWhatMatters checks what a card company must see, so a
// carelessly updated golden file cannot hide its loss.
func TestCardLetterSaysWhatMatters(t *testing.T) {
	credit := readGolden(t, "card", "credit-129")
	for _, want := range []string{"Card ending: 4417", "10 November 2026: £129.00 to PC HELPDESK LTD (the name on my statement), for a lifetime computer protection plan",
		"Claim under section 75 of the Consumer Credit Act 1974, and request for a chargeback", "Please refund £129.00 under section 75",
		"Please also raise a chargeback", "Visa 13.5", "Mastercard 4853", "run until Wednesday 10 March 2027", "misrepresentation", "by Monday 18 January 2027",
		"Financial Ombudsman Service", "Section 75: may fit"} {
		if !strings.Contains(credit, want) {
			t.Errorf("the £129 credit card letter lacks %q", want)
		}
	}
	for name, want := range map[string]string{"debit": "credit cards only", "exactly-100": "exactly £100.00"} {
		got := readGolden(t, "card", name)
		if !strings.Contains(got, "Section 75: does not fit. ") || !strings.Contains(got, want) || !strings.Contains(got, "Request for a chargeback: card") ||
			strings.Contains(got, "Please refund £129.00 under section 75") {
			t.Errorf("%s: should say plainly why Section 75 does not apply, and ask for a chargeback only:\n%s", name, got)
		}
	}
	if got := readGolden(t, "card", "too-late"); !strings.Contains(got, "ended on 7 September 2026") || !strings.Contains(got, "count the time from when I found out") {
		t.Errorf("too late: should say the window has passed and ask anyway:\n%s", got)
	}
	if got := readGolden(t, "card", "no-card"); !strings.Contains(got, "None of the payments was made by card") || strings.Contains(got, "To: the disputes team") {
		t.Errorf("no card payment: should explain, not write a letter:\n%s", got)
	}
}

func TestDebitAndCreditCardsOfOneBankAreSeparateClaims(t *testing.T) {
	credit, debit := cardPayment("2026-11-10", 129, "credit"), cardPayment("2026-11-11", 80, "debit")
	credit.CardLast4, debit.CardLast4 = "", ""
	if res := assessCard(t, Answers{Payments: []Payment{credit, debit}}); len(res.Claims) != 2 {
		t.Errorf("a credit and a debit card must get a letter each: %+v", res.Claims)
	}
}
