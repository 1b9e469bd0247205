// Package claim helps a victim get money back: which route fits how they
// paid, whether they are still in time, and the letter to send. Every
// figure it uses comes from facts.json, with its source and the date it
// was last checked, so a reviewer can update one without reading code.
package claim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Fact is one checked fact.
type Fact struct {
	ID      string `json:"id"`
	Value   string `json:"value"`
	Text    string `json:"text"`
	Source  string `json:"source"`
	Checked string `json:"checked"`
}

// Facts are the facts by id.
type Facts map[string]Fact

//go:embed facts.json
var factsJSON []byte

// required are the facts the code reads; a facts file without one of them,
// or with one unsourced, is refused at start.
var required = []string{
	"advice_direct_scotland", "call_159", "card_final_response_weeks", "chargeback_days", "chargeback_reason_mastercard",
	"chargeback_reason_visa", "chargeback_visa_max_days", "charity_income", "cifas", "complaint_final_response_business_days",
	"issuer_amazon", "issuer_apple", "issuer_google_play", "issuer_steam", "micro_enterprise_staff", "microsoft_after",
	"microsoft_no_calls", "microsoft_report", "ombudsman_months", "police_scotland", "psr_cap", "psr_claim_window_months",
	"psr_decision_business_days", "psr_max_excess", "psr_start", "psr_stop_clock_business_days", "recovery_unlikely",
	"report_email", "report_fraud", "report_text_7726", "s75_law", "s75_max", "s75_min_exclusive", "s75_part_payment",
	"s75_third_party", "s75_unsettled", "s75_years",
}

// DefaultFacts reads the embedded facts.
func DefaultFacts() (Facts, error) { return ParseFacts(factsJSON) }

// ParseFacts reads and checks a facts file.
func ParseFacts(data []byte) (Facts, error) {
	var raw struct {
		Facts []Fact `json:"facts"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("facts: %w", err)
	}
	f := Facts{}
	for _, x := range raw.Facts {
		if x.ID == "" || x.Value == "" || x.Text == "" || x.Source == "" || x.Checked == "" {
			return nil, fmt.Errorf("facts: %q needs an id, a value, a text, a source and a checked date", x.ID)
		}
		f[x.ID] = x
	}
	for _, id := range required {
		if _, ok := f[id]; !ok {
			return nil, fmt.Errorf("facts: %q is missing", id)
		}
	}
	for _, id := range []string{"psr_cap", "psr_decision_business_days", "psr_stop_clock_business_days", "psr_claim_window_months", "psr_max_excess",
		"s75_min_exclusive", "s75_max", "s75_years", "chargeback_days", "chargeback_visa_max_days", "card_final_response_weeks",
		"complaint_final_response_business_days", "ombudsman_months", "micro_enterprise_staff", "charity_income"} {
		if _, err := strconv.Atoi(f[id].Value); err != nil {
			return nil, fmt.Errorf("facts: %q must be a whole number, not %q", id, f[id].Value)
		}
	}
	if _, err := time.Parse(time.DateOnly, f["psr_start"].Value); err != nil {
		return nil, fmt.Errorf("facts: psr_start must be a date (YYYY-MM-DD)")
	}
	return f, nil
}

// Int is a fact that is a whole number (checked at parse time).
func (f Facts) Int(id string) int {
	n, _ := strconv.Atoi(f[id].Value)
	return n
}

// Date is a fact that is a date (checked at parse time).
func (f Facts) Date(id string) time.Time {
	t, _ := time.Parse(time.DateOnly, f[id].Value)
	return t
}
