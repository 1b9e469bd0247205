package claim

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

// Payment is one payment to the scammer, as the person describes it.
type Payment struct {
	Date         string  `json:"date"`   // YYYY-MM-DD
	Amount       float64 `json:"amount"` // in pounds
	Method       string  `json:"method"` // faster_payment, chaps, card, gift_card, crypto, wire, cash, cheque
	FromBank     string  `json:"from_bank"`
	PayeeName    string  `json:"payee_name,omitempty"`
	PayeeBank    string  `json:"payee_bank,omitempty"`
	ToUKAccount  bool    `json:"to_uk_account"`
	ToOwnAccount bool    `json:"to_own_account"`

	// For card payments (FromBank is then the card company).
	Card        string  `json:"card,omitempty"`         // credit or debit
	CardLast4   string  `json:"card_last4,omitempty"`   // the last 4 digits of the card
	Price       float64 `json:"price,omitempty"`        // the full price of what was "bought", when more than Amount was asked
	Bought      string  `json:"bought,omitempty"`       // what they said it was, in the person's words
	PaidThrough string  `json:"paid_through,omitempty"` // a service between the card and the seller, such as PayPal

	// For gift cards, crypto and wire transfers.
	Issuer     string `json:"issuer,omitempty"`    // the company: Steam, Google Play, Apple, Amazon, an exchange, Western Union
	CodesGiven bool   `json:"codes_given"`         // whether the card codes were read out or sent to them
	Reference  string `json:"reference,omitempty"` // card serial numbers, a transfer reference or a wallet address
}

// Answers are what the person tells the claim tool (documented with an
// example in docs/claim-answers.md).
type Answers struct {
	Name          string `json:"name"`
	Address       string `json:"address"`
	SortCode      string `json:"sort_code"`
	AccountNumber string `json:"account_number"`
	// Claimant is consumer, micro_enterprise or charity; anything else is
	// not covered.
	Claimant   string `json:"claimant"`
	Vulnerable bool   `json:"vulnerable"`
	// VulnerableWhy says, in the person's words, what made them vulnerable.
	VulnerableWhy string    `json:"vulnerable_why,omitempty"`
	Region        string    `json:"region"`     // england-and-wales, scotland, northern-ireland
	ClaimDate     string    `json:"claim_date"` // YYYY-MM-DD; empty means today
	Payments      []Payment `json:"payments"`
	Story         Story     `json:"story"`
	ReportedOn    string    `json:"reported_on,omitempty"` // YYYY-MM-DD
	CrimeRef      string    `json:"crime_reference,omitempty"`
}

// Story is what happened, in order; the scan can fill most of it.
type Story struct {
	ContactedBy string   `json:"contacted_by"` // "a phone call", "a pop-up on my computer"
	Claimed     string   `json:"claimed"`      // who they said they were
	Phones      []string `json:"phones,omitempty"`
	Sites       []string `json:"sites,omitempty"`
	RemoteTool  string   `json:"remote_tool,omitempty"`
	OverRefund  bool     `json:"over_refund"`
	GaveDetails bool     `json:"gave_details"`      // passwords, bank or card details, or codes sent by text
	Details     string   `json:"details,omitempty"` // anything else, in the person's words
}

func (p Payment) amount() float64 { return p.Amount }

// PSRPayment is a payment with whether reimbursement covers it, and why not.
type PSRPayment struct {
	Payment
	Covered bool
	Why     string // why it is not covered, in plain words
}

// BankClaim is the claim to one sending bank: the cap is per bank.
type BankClaim struct {
	Bank       string
	Payments   []PSRPayment
	Covered    float64 // the covered payments added up
	Claimable  float64 // Covered, up to the cap
	Capped     bool
	MaxExcess  float64 // what the bank may take off (0 for a vulnerable customer)
	DecisionBy time.Time
}

// PSRAssessment says whether an APP reimbursement claim fits, and what to
// ask each bank for.
type PSRAssessment struct {
	Eligible bool
	// Why lists the reasons a claim does not fit (empty when it does).
	Why      []string
	Banks    []BankClaim
	ClaimBy  time.Time // 13 months after the last covered payment
	LastPaid time.Time
}

// AssessPSR works out the APP reimbursement claim for the answers.
func AssessPSR(a Answers, facts Facts, cal *calendar.Calendar, today time.Time) (PSRAssessment, error) {
	var res PSRAssessment
	claimDate, err := claimDay(a, today)
	if err != nil {
		return res, err
	}
	if len(a.Payments) == 0 {
		return res, fmt.Errorf("list at least one payment")
	}
	switch a.Claimant {
	case "consumer", "micro_enterprise", "charity":
	default:
		res.Why = append(res.Why, fmt.Sprintf("Reimbursement covers people, micro-enterprises (fewer than %d staff) and charities with an income under £%s, not %q.",
			facts.Int("micro_enterprise_staff"), thousands(facts.Int("charity_income")), a.Claimant))
	}
	start := facts.Date("psr_start")
	byBank := map[string]*BankClaim{}
	for i, p := range a.Payments {
		date, err := checkPayment(i, p)
		if err != nil {
			return res, err
		}
		pp := PSRPayment{Payment: p, Covered: true}
		switch {
		case p.Method != "faster_payment" && p.Method != "chaps":
			pp.Covered, pp.Why = false, "not a bank transfer (Faster Payment or CHAPS): "+otherRoute(p.Method)
		case date.Before(start):
			pp.Covered, pp.Why = false, "made before "+start.Format("2 January 2006")+", when reimbursement began"
		case !p.ToUKAccount:
			pp.Covered, pp.Why = false, "sent to an account outside the UK: international payments are not covered"
		case p.ToOwnAccount:
			pp.Covered, pp.Why = false, "sent to an account in your own name (for example your own crypto account): not covered"
		}
		if pp.Covered && date.After(res.LastPaid) {
			res.LastPaid = date
		}
		// The cap is per sending bank: "Barclays" and "barclays " are one.
		key := strings.ToLower(strings.TrimSpace(p.FromBank))
		bc := byBank[key]
		if bc == nil {
			bc = &BankClaim{Bank: strings.TrimSpace(p.FromBank)}
			byBank[key] = bc
		}
		bc.Payments = append(bc.Payments, pp)
		if pp.Covered {
			bc.Covered += p.Amount
		}
	}
	if res.LastPaid.IsZero() {
		res.Why = append(res.Why, "None of the payments is a UK bank transfer that reimbursement covers.")
	} else {
		res.ClaimBy = res.LastPaid.AddDate(0, facts.Int("psr_claim_window_months"), 0)
		if claimDate.After(res.ClaimBy) {
			res.Why = append(res.Why, fmt.Sprintf("Claims must be made within %d months of the last payment, so by %s.",
				facts.Int("psr_claim_window_months"), res.ClaimBy.Format("2 January 2006")))
		}
	}
	decision, err := cal.AddBusinessDays(claimDate, facts.Int("psr_decision_business_days"), a.Region)
	if err != nil {
		return res, err
	}
	limit := float64(facts.Int("psr_cap"))
	for _, bc := range byBank {
		bc.Claimable = min(bc.Covered, limit)
		bc.Capped = bc.Covered > limit
		if !a.Vulnerable {
			bc.MaxExcess = float64(facts.Int("psr_max_excess"))
		}
		bc.DecisionBy = decision
		res.Banks = append(res.Banks, *bc)
	}
	sort.Slice(res.Banks, func(i, j int) bool { return res.Banks[i].Bank < res.Banks[j].Bank })
	res.Eligible = len(res.Why) == 0
	return res, nil
}

// otherRoute says where a payment that is not a bank transfer goes instead.
func otherRoute(method string) string {
	switch method {
	case "card":
		return "card payments go through a chargeback or Section 75 claim instead"
	case "gift_card", "crypto", "wire":
		return "report it to Report Fraud (or Police Scotland) and to the company at once"
	case "cash", "cheque":
		return "cash and cheques are not covered; report it to the police"
	}
	return fmt.Sprintf("%q payments are not covered", method)
}

// thousands writes 1000000 as 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
