// Package wizard asks the claim questions one at a time. The terminal
// (scamscan claim --interactive) and the web pages ask the same questions
// from here, so both build the same answers. The answers so far are a flat
// map of question id to value: easy to carry in a web form, so nothing is
// kept on the server, and going back never loses an answer.
package wizard

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/scamscan/scamscan/claim"
	"github.com/scamscan/scamscan/claim/calendar"
)

// Kind is what sort of answer a question takes.
type Kind string

// The kinds of answer.
const (
	Text     Kind = "text"
	LongText Kind = "longtext"
	Date     Kind = "date"
	Money    Kind = "money"
	YesNo    Kind = "yesno"
	Choice   Kind = "choice"
)

// Question is one step of the wizard.
type Question struct {
	ID       string
	Ask      string
	Hint     string
	Kind     Kind
	Choices  []Option
	Optional bool
}

// Option is one answer to a Choice question.
type Option struct{ Value, Label string }

// State is the answers so far, by question id.
type State map[string]string

// MaxPayments bounds how many payments one claim lists.
const MaxPayments = 12

// payment methods as the wizard offers them; credit_card and debit_card
// become method "card" with the kind of card.
var methods = []Option{
	{"faster_payment", "A bank transfer (online, in an app, by phone or at the branch)"},
	{"chaps", "A CHAPS payment (a large same-day transfer the bank arranged)"},
	{"credit_card", "A credit card"},
	{"debit_card", "A debit card"},
	{"gift_card", "Gift cards or vouchers (Google Play, Steam, Apple, Amazon...)"},
	{"crypto", "Crypto, such as Bitcoin (including a crypto machine in a shop)"},
	{"wire", "A money transfer company, such as Western Union or MoneyGram"},
	{"cash", "Cash"},
	{"cheque", "A cheque"},
}

// Regions are the UK's nations, as people name them.
var Regions = []Option{
	{calendar.EnglandAndWales, "England or Wales"},
	{calendar.Scotland, "Scotland"},
	{calendar.NorthernIreland, "Northern Ireland"},
}

var contacts = []Option{
	{"a phone call", "A phone call"},
	{"a pop-up warning on my computer", "A pop-up or warning on my computer"},
	{"an email", "An email"},
	{"a text message", "A text message"},
	{"a message on social media", "A message on social media"},
}

// Questions lists the questions that apply given the answers so far, in
// the order they are asked. Answering can change what comes after (a card
// payment asks about the card; "another payment?" adds a payment).
func Questions(s State, facts claim.Facts) []Question {
	var qs []Question
	transfer := false
	for i := 1; i <= MaxPayments; i++ {
		qs = append(qs, paymentQuestions(i, s)...)
		switch s[key(i, "method")] {
		case "faster_payment", "chaps":
			transfer = true
		}
		if i == MaxPayments || s[key(i, "more")] != "yes" {
			break
		}
	}
	qs = append(qs,
		Question{ID: "story.contacted_by", Ask: "How did they first reach you?", Kind: Choice, Choices: contacts},
		Question{ID: "story.claimed", Ask: "Who did they say they were?", Hint: "For example: Microsoft, BT, your bank, Amazon.", Kind: Text},
		Question{ID: "story.phones", Ask: "Which phone numbers did they use?", Hint: "Separate several with commas. Leave it empty if there were none.", Kind: Text, Optional: true},
		Question{ID: "story.sites", Ask: "Which web sites did they send you to?", Hint: "Separate several with commas. Leave it empty if there were none.", Kind: Text, Optional: true},
		Question{ID: "story.remote_tool", Ask: "Did they get you to install a program that let them control your computer? If so, which?", Hint: "For example AnyDesk, TeamViewer, UltraViewer or Quick Assist. Leave it empty if not.", Kind: Text, Optional: true},
		Question{ID: "story.over_refund", Ask: "Did they say they had paid you too much by mistake, and ask you to send the difference back?", Kind: YesNo},
		Question{ID: "story.gave_details", Ask: "Did you give them any passwords, bank or card details, or codes sent to your phone?", Kind: YesNo},
		Question{ID: "story.details", Ask: "Is there anything else the letter should say about what happened?", Hint: "In your own words. Leave it empty if not.", Kind: LongText, Optional: true},
		Question{ID: "reported_on", Ask: "On what day did you report it to the police or Report Fraud?", Hint: "Leave it empty if you have not reported it yet.", Kind: Date, Optional: true},
	)
	if s["reported_on"] != "" {
		qs = append(qs, Question{ID: "crime_reference", Ask: "What is the crime reference number?", Hint: "Leave it empty if you do not have one yet.", Kind: Text, Optional: true})
	}
	if transfer {
		qs = append(qs,
			Question{ID: "claimant", Ask: "Who made the bank transfers?", Kind: Choice, Choices: []Option{
				{"consumer", "I did, or someone in my family, for ourselves"},
				{"micro_enterprise", fmt.Sprintf("A small business (fewer than %d staff)", facts.Int("micro_enterprise_staff"))},
				{"charity", "A small charity"},
				{"company", "A larger business or organisation"},
			}},
			Question{ID: "vulnerable", Ask: "When it happened, was anything making it harder for you to protect yourself?", Hint: "For example illness, grief, age, disability, money worries or stress. Saying so means the bank may not take off an excess.", Kind: YesNo},
		)
		if s["vulnerable"] == "yes" {
			qs = append(qs, Question{ID: "vulnerable_why", Ask: "What was it? The letter will say this in your words.", Kind: LongText, Optional: true})
		}
	}
	qs = append(qs,
		Question{ID: "name", Ask: "What is your full name?", Hint: "As your bank knows it.", Kind: Text},
		Question{ID: "address", Ask: "What is your address?", Kind: LongText},
	)
	if transfer {
		qs = append(qs,
			Question{ID: "sort_code", Ask: "What is the sort code of the account the money left?", Hint: "Six digits, such as 12-34-56. It is on your bank card.", Kind: Text},
			Question{ID: "account_number", Ask: "What is the account number?", Hint: "Eight digits. It is on your bank card.", Kind: Text},
		)
	}
	return append(qs, Question{ID: "region", Ask: "Where do you live?", Hint: "Bank holidays and who you report to differ across the UK.", Kind: Choice, Choices: Regions})
}

// paymentQuestions are the questions about payment i (from 1).
func paymentQuestions(i int, s State) []Question {
	nth := ""
	if i > 1 {
		nth = fmt.Sprintf(" (payment %d)", i)
	}
	qs := []Question{
		{ID: key(i, "method"), Ask: "How did you pay them" + nth + "?", Kind: Choice, Choices: methods},
		{ID: key(i, "date"), Ask: "On what day did you pay" + nth + "?", Kind: Date},
		{ID: key(i, "amount"), Ask: "How much was it" + nth + "?", Hint: "In pounds, such as 249.99.", Kind: Money},
	}
	switch s[key(i, "method")] {
	case "faster_payment", "chaps":
		qs = append(qs,
			Question{ID: key(i, "from_bank"), Ask: "Which bank did the money leave from?", Kind: Text},
			Question{ID: key(i, "payee_name"), Ask: "What name was on the account you paid?", Hint: "Leave it empty if you do not know.", Kind: Text, Optional: true},
			Question{ID: key(i, "payee_bank"), Ask: "Which bank was that account with?", Hint: "Leave it empty if you do not know.", Kind: Text, Optional: true},
			Question{ID: key(i, "to_uk_account"), Ask: "Was the account you paid in the UK?", Hint: "If they gave you a sort code, it was.", Kind: YesNo},
			Question{ID: key(i, "to_own_account"), Ask: "Was it an account in your own name, such as a crypto account they helped you open?", Kind: YesNo},
		)
	case "credit_card", "debit_card":
		qs = append(qs,
			Question{ID: key(i, "from_bank"), Ask: "Which bank or company gave you the card?", Hint: "Its name is on the card.", Kind: Text},
			Question{ID: key(i, "card_last4"), Ask: "What are the last 4 digits of the card number?", Kind: Text, Optional: true},
			Question{ID: key(i, "statement_name"), Ask: "What name does your statement show for this payment?", Kind: Text, Optional: true},
			Question{ID: key(i, "bought"), Ask: "What did they say you were paying for?", Hint: "For example: a computer protection plan, a repair, a licence.", Kind: Text, Optional: true},
		)
		if s[key(i, "method")] == "credit_card" { // Section 75 looks at the full price, and at who took the money
			qs = append(qs,
				Question{ID: key(i, "price"), Ask: "If the full price was more than you paid on this card, what was it?", Hint: "Leave it empty if you paid it all on this card.", Kind: Money, Optional: true},
				Question{ID: key(i, "paid_through"), Ask: "Did the payment go through PayPal or a similar service? If so, which?", Hint: "Leave it empty if you paid the seller directly.", Kind: Text, Optional: true},
			)
		}
	case "gift_card", "crypto", "wire":
		issuer := map[string]string{"gift_card": "Which company's gift cards were they?", "crypto": "Where did you buy or send the crypto?", "wire": "Which company did you send the money with?"}
		qs = append(qs, Question{ID: key(i, "issuer"), Ask: issuer[s[key(i, "method")]], Kind: Text})
		if s[key(i, "method")] == "gift_card" {
			qs = append(qs, Question{ID: key(i, "codes_given"), Ask: "Did you give them the codes from the cards?", Kind: YesNo})
		}
		qs = append(qs, Question{ID: key(i, "reference"), Ask: "Any card numbers, transfer reference or wallet address?", Hint: "Leave it empty if you do not have them to hand.", Kind: Text, Optional: true})
	}
	if i < MaxPayments {
		qs = append(qs, Question{ID: key(i, "more"), Ask: "Did you pay them again, another time or another way?", Kind: YesNo})
	}
	return qs
}

func key(i int, field string) string { return fmt.Sprintf("p%d.%s", i, field) }

// Check reads an answer to q as typed, and returns it in the stored form
// (dates as YYYY-MM-DD, money as 1250.50, yes or no, a choice's value), or
// a message saying what is wrong, in words for the person.
func Check(q Question, input string, today time.Time) (string, error) {
	input = strings.TrimSpace(input)
	if input == "" {
		if q.Optional {
			return "", nil
		}
		return "", fmt.Errorf("please answer this question")
	}
	if len(input) > 2000 {
		return "", fmt.Errorf("please keep this shorter: at most 2,000 characters")
	}
	switch q.Kind {
	case Date:
		d, ok := parseDate(input)
		if !ok {
			return "", fmt.Errorf("please give the date like 20/11/2026")
		}
		if d.After(today) {
			return "", fmt.Errorf("that day has not come yet; please check the date")
		}
		if d.Year() < 2000 {
			return "", fmt.Errorf("please check the year")
		}
		return d.Format(time.DateOnly), nil
	case Money:
		v, err := strconv.ParseFloat(strings.NewReplacer("£", "", ",", "", " ", "").Replace(input), 64)
		if err != nil || !(v > 0) || v > 10_000_000 { // !(v > 0) also refuses NaN
			return "", fmt.Errorf("please give the amount in pounds, like 249.99")
		}
		return strconv.FormatFloat(v, 'f', 2, 64), nil
	case YesNo:
		switch strings.ToLower(input) {
		case "yes", "y":
			return "yes", nil
		case "no", "n":
			return "no", nil
		}
		return "", fmt.Errorf("please answer yes or no")
	case Choice:
		for n, o := range q.Choices {
			if input == o.Value || input == strconv.Itoa(n+1) || strings.EqualFold(input, o.Label) {
				return o.Value, nil
			}
		}
		return "", fmt.Errorf("please pick one of the %d answers", len(q.Choices))
	}
	if q.ID == "sort_code" {
		digits := strings.NewReplacer("-", "", " ", "").Replace(input)
		if len(digits) != 6 || strings.Trim(digits, "0123456789") != "" {
			return "", fmt.Errorf("a sort code is 6 digits, like 12-34-56")
		}
		return digits[0:2] + "-" + digits[2:4] + "-" + digits[4:6], nil
	}
	if q.ID == "account_number" {
		digits := strings.ReplaceAll(input, " ", "")
		if len(digits) < 6 || len(digits) > 10 || strings.Trim(digits, "0123456789") != "" {
			return "", fmt.Errorf("an account number is usually 8 digits")
		}
		return digits, nil
	}
	if strings.HasSuffix(q.ID, ".card_last4") && (len(input) != 4 || strings.Trim(input, "0123456789") != "") {
		return "", fmt.Errorf("please give just the last 4 digits")
	}
	return input, nil
}

// parseDate reads 20/11/2026, 20-11-2026 or 2026-11-20.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2/1/2006", "2-1-2006", "2.1.2006", "2 January 2006", "2 Jan 2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// Unanswered returns the first question that applies and has no answer
// yet (optional questions count as answered once seen), or false when
// every question is answered.
func Unanswered(s State, facts claim.Facts) (int, bool) {
	for i, q := range Questions(s, facts) {
		if _, seen := s[q.ID]; !seen {
			return i, true
		}
	}
	return 0, false
}

// Answers turns the state into the claim tools' answers. Answers to
// questions that no longer apply (the person went back and changed their
// mind) are left out.
func Answers(s State, facts claim.Facts) (claim.Answers, error) {
	if i, missing := Unanswered(s, facts); missing {
		return claim.Answers{}, fmt.Errorf("question %d is not answered yet", i+1)
	}
	s = applicable(s, facts)
	a := claim.Answers{
		Name: s["name"], Address: s["address"], SortCode: s["sort_code"], AccountNumber: s["account_number"],
		Claimant: s["claimant"], Vulnerable: s["vulnerable"] == "yes", Region: s["region"],
		ReportedOn: s["reported_on"], CrimeRef: s["crime_reference"],
		Story: claim.Story{
			ContactedBy: s["story.contacted_by"], Claimed: s["story.claimed"],
			Phones: list(s["story.phones"]), Sites: list(s["story.sites"]), RemoteTool: s["story.remote_tool"],
			OverRefund: s["story.over_refund"] == "yes", GaveDetails: s["story.gave_details"] == "yes", Details: s["story.details"],
		},
	}
	if a.Vulnerable {
		a.VulnerableWhy = s["vulnerable_why"]
	}
	if a.Claimant == "" {
		a.Claimant = "consumer"
	}
	for i := 1; i <= MaxPayments; i++ {
		method := s[key(i, "method")]
		amount, _ := strconv.ParseFloat(s[key(i, "amount")], 64)
		p := claim.Payment{Date: s[key(i, "date")], Amount: amount, Method: method, FromBank: s[key(i, "from_bank")]}
		switch method {
		case "faster_payment", "chaps":
			p.PayeeName, p.PayeeBank = s[key(i, "payee_name")], s[key(i, "payee_bank")]
			p.ToUKAccount, p.ToOwnAccount = s[key(i, "to_uk_account")] == "yes", s[key(i, "to_own_account")] == "yes"
		case "credit_card", "debit_card":
			p.Method, p.Card = "card", strings.TrimSuffix(method, "_card")
			p.CardLast4, p.PayeeName, p.Bought = s[key(i, "card_last4")], s[key(i, "statement_name")], s[key(i, "bought")]
			if price, _ := strconv.ParseFloat(s[key(i, "price")], 64); price > amount { // a smaller "full price" is a slip: the amount stands
				p.Price = price
			}
			p.PaidThrough = s[key(i, "paid_through")]
		case "gift_card", "crypto", "wire":
			p.Issuer, p.CodesGiven, p.Reference = s[key(i, "issuer")], s[key(i, "codes_given")] == "yes", s[key(i, "reference")]
		}
		a.Payments = append(a.Payments, p)
		if s[key(i, "more")] != "yes" {
			break
		}
	}
	return a, nil
}

// applicable keeps the answers to the questions that apply now.
func applicable(s State, facts claim.Facts) State {
	out := State{}
	for _, q := range Questions(s, facts) {
		if v, ok := s[q.ID]; ok {
			out[q.ID] = v
		}
	}
	return out
}

// list splits "a, b" into its parts.
func list(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
