package claim

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// CardPayment is a card payment with the routes that fit it.
type CardPayment struct {
	Payment
	Price float64 // the price of the "service": Payment.Price, or the amount when no price was given

	ChargebackBy     time.Time // the end of the usual chargeback window
	ChargebackInTime bool
	// ChargebackLate says what can still be tried once the usual window
	// has passed (empty while in time).
	ChargebackLate string

	Section75 bool
	// Section75Why says plainly why Section 75 does not apply, or what
	// could weaken it when it does.
	Section75Why string
}

// CardClaim is the dispute to one card company.
type CardClaim struct {
	Issuer   string
	Last4    string
	Payments []CardPayment
	// Section75 is true when any payment can be claimed under Section 75:
	// the letter then asks for both routes.
	Section75 bool
	FinalBy   time.Time // when the card company's final response is due
}

// CardAssessment is what the card route gives: one claim per card.
type CardAssessment struct {
	Claims []CardClaim
}

// AssessCard works out the chargeback and Section 75 routes for each card
// payment in the answers. Other payments are left to the other routes.
func AssessCard(a Answers, facts Facts, today time.Time) (CardAssessment, error) {
	var res CardAssessment
	claimDate, err := claimDay(a, today)
	if err != nil {
		return res, err
	}
	byCard := map[string]*CardClaim{}
	var order []string
	for i, p := range a.Payments {
		if p.Method != "card" {
			continue
		}
		date, err := checkPayment(i, p)
		if err != nil {
			return res, err
		}
		if p.Card != "credit" && p.Card != "debit" {
			return res, fmt.Errorf("payment %d: say whether the card was a credit or a debit card (card: credit or debit)", i+1)
		}
		if p.Price != 0 && (p.Price < p.Amount || !(p.Price <= maxAmount)) {
			return res, fmt.Errorf("payment %d: the price (%s) cannot be less than the amount paid on the card (%s)", i+1, pounds(p.Price), pounds(p.Amount))
		}
		cp := assessCardPayment(p, date, claimDate, facts)
		key := strings.ToLower(strings.TrimSpace(p.FromBank)) + "\x00" + p.Card + "\x00" + p.CardLast4
		c := byCard[key]
		if c == nil {
			c = &CardClaim{Issuer: p.FromBank, Last4: p.CardLast4, FinalBy: claimDate.AddDate(0, 0, 7*facts.Int("card_final_response_weeks"))}
			byCard[key] = c
			order = append(order, key)
		}
		c.Payments = append(c.Payments, cp)
		c.Section75 = c.Section75 || cp.Section75
	}
	sort.Strings(order)
	for _, k := range order {
		res.Claims = append(res.Claims, *byCard[k])
	}
	return res, nil
}

// assessCardPayment applies the chargeback window and the Section 75 tests.
func assessCardPayment(p Payment, date, claimDate time.Time, facts Facts) CardPayment {
	// Prices are compared in whole pence, as they are printed.
	cp := CardPayment{Payment: p, Price: math.Round(max(p.Price, p.Amount)*100) / 100}
	cp.ChargebackBy = date.AddDate(0, 0, facts.Int("chargeback_days"))
	cp.ChargebackInTime = !claimDate.After(cp.ChargebackBy)
	if !cp.ChargebackInTime {
		cp.ChargebackLate = fmt.Sprintf("The usual %d days for a chargeback ended on %s. Ask anyway: the days can count from when you found out it was a scam, up to %d days for Visa cards.",
			facts.Int("chargeback_days"), cp.ChargebackBy.Format("2 January 2006"), facts.Int("chargeback_visa_max_days"))
	}
	low, high := float64(facts.Int("s75_min_exclusive")), float64(facts.Int("s75_max"))
	years := facts.Int("s75_years")
	switch {
	case p.Card != "credit":
		cp.Section75Why = "Section 75 covers credit cards only, so it does not apply to a debit card. The chargeback is the route for this payment."
	case cp.Price == low:
		cp.Section75Why = fmt.Sprintf("The price was exactly %s. Section 75 needs a price of more than %s, so it does not apply; the chargeback still does.", pounds(cp.Price), pounds(low))
	case cp.Price < low:
		cp.Section75Why = fmt.Sprintf("The price was %s. Section 75 needs a price of more than %s, so it does not apply; the chargeback still does.", pounds(cp.Price), pounds(low))
	case cp.Price > high:
		cp.Section75Why = fmt.Sprintf("The price was %s. Section 75 covers prices up to %s, so it does not apply; the chargeback still does.", pounds(cp.Price), pounds(high))
	case claimDate.After(date.AddDate(years, 0, 0)):
		cp.Section75Why = fmt.Sprintf("Section 75 claims must be made within %d years, and this payment was on %s.", years, date.Format("2 January 2006"))
	default:
		cp.Section75 = true
		if p.PaidThrough != "" {
			cp.Section75Why = fmt.Sprintf("You paid through %s. %s Claim anyway, beside the chargeback.", p.PaidThrough, facts["s75_third_party"].Text)
		}
	}
	return cp
}

// maxAmount bounds one payment, so a typing slip cannot fill a letter
// with an absurd figure.
const maxAmount = 10_000_000

// checkPayment checks what every payment needs: a date and an amount.
func checkPayment(i int, p Payment) (time.Time, error) {
	date, err := time.Parse(time.DateOnly, p.Date)
	if err != nil {
		return date, fmt.Errorf("payment %d: date %q is not a date (YYYY-MM-DD)", i+1, p.Date)
	}
	if !(p.Amount > 0) || p.Amount > maxAmount { // !(x > 0) also refuses NaN
		return date, fmt.Errorf("payment %d: the amount must be more than 0 and at most %s", i+1, pounds(maxAmount))
	}
	return date, nil
}

// Total is what was paid on the card, added up.
func (c CardClaim) Total() float64 {
	return total(c.Payments, func(CardPayment) bool { return true })
}

// Section75Total is what was paid on the card for the payments Section 75
// covers.
func (c CardClaim) Section75Total() float64 {
	return total(c.Payments, func(p CardPayment) bool { return p.Section75 })
}

// total adds up the amounts of the payments that pass keep.
func total[P interface{ amount() float64 }](payments []P, keep func(P) bool) float64 {
	var t float64
	for _, p := range payments {
		if keep(p) {
			t += p.amount()
		}
	}
	return t
}

// Bought is what the seller said it was selling, from the first payment
// that says.
func (c CardClaim) Bought() string {
	for _, p := range c.Payments {
		if p.Bought != "" {
			return p.Bought
		}
	}
	return ""
}
