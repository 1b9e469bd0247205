package claim

import (
	"fmt"
	"strings"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

// IssuerContact is a company to tell at once about money sent as gift
// cards, crypto or a wire transfer, with what it says to do.
type IssuerContact struct {
	Name     string
	Advice   string
	Payments []Payment
}

// Unsent is true when every payment is a gift card whose codes the
// scammers do not have yet: the card can still be saved.
func (c IssuerContact) Unsent() bool {
	for _, p := range c.Payments {
		if p.Method != "gift_card" || p.CodesGiven {
			return false
		}
	}
	return true
}

// untraceable are the ways of paying that no reimbursement rule covers:
// the report pack is the route for them.
var untraceable = map[string]bool{"gift_card": true, "crypto": true, "wire": true}

// Report writes the report pack: what to do now and in what order, what to
// have ready, the honest chance of recovery, the security checklist for
// anyone who gave remote access or details, and filled-in texts for the
// police and for each company the money went through.
func Report(a Answers, facts Facts, today time.Time) (Output, error) {
	base, err := newLetterData(a, facts, today)
	if err != nil {
		return Output{}, err
	}
	data := struct {
		letterData
		Police   string // who to report to, for the person's nation
		Scotland bool
		Issuers  []IssuerContact
		Issuer   IssuerContact // the one a message is being written to
		Total    float64
		Security bool
	}{letterData: base, Police: "Report Fraud", Scotland: a.Region == calendar.Scotland, Security: a.Story.RemoteTool != "" || a.Story.GaveDetails}
	if data.Scotland {
		data.Police = "Police Scotland"
	}
	byName := map[string]int{}
	for i, p := range a.Payments {
		if _, err := checkPayment(i, p); err != nil {
			return Output{}, err
		}
		if !untraceable[p.Method] {
			continue
		}
		name := p.Issuer
		if name == "" {
			name = map[string]string{"gift_card": "the gift card company", "crypto": "the crypto exchange or machine company", "wire": "the money transfer company"}[p.Method]
		}
		j, ok := byName[strings.ToLower(name)]
		if !ok {
			j = len(data.Issuers)
			byName[strings.ToLower(name)] = j
			data.Issuers = append(data.Issuers, IssuerContact{Name: name, Advice: issuerAdvice(name, p.Method, facts)})
		}
		data.Issuers[j].Payments = append(data.Issuers[j].Payments, p)
	}
	data.Total = total(a.Payments, func(Payment) bool { return true })
	var out Output
	if out.Note, err = execute("report-note.tmpl", data); err != nil {
		return Output{}, err
	}
	police, err := execute("report-police.tmpl", data)
	if err != nil {
		return Output{}, err
	}
	out.Letters = append(out.Letters, police)
	for _, is := range data.Issuers {
		data.Issuer = is
		msg, err := execute("report-issuer.tmpl", data)
		if err != nil {
			return Output{}, err
		}
		out.Letters = append(out.Letters, msg)
	}
	return out, nil
}

// issuerAdvice is what a company says to do, from the facts where they
// name it, or the general step for its kind of payment.
func issuerAdvice(name, method string, facts Facts) string {
	n := strings.ToLower(name)
	for _, known := range []struct{ word, fact string }{
		{"steam", "issuer_steam"}, {"google", "issuer_google_play"}, {"apple", "issuer_apple"}, {"itunes", "issuer_apple"}, {"amazon", "issuer_amazon"},
	} {
		if strings.Contains(n, known.word) {
			return facts[known.fact].Text
		}
	}
	switch method {
	case "crypto":
		return fmt.Sprintf("%s: call or write at once, give the wallet address you sent to, and ask them to freeze it.", name)
	case "wire":
		return fmt.Sprintf("%s: call at once. If the money has not been collected yet, ask them to stop it.", name)
	}
	return fmt.Sprintf("%s: call the number on the back of the card or the receipt at once, and ask them to freeze the card.", name)
}

// paidBy says how a payment was made, for the police report.
func paidBy(p Payment) string {
	switch p.Method {
	case "faster_payment", "chaps":
		s := "by bank transfer from my " + p.FromBank + " account"
		if p.PayeeName != "" {
			s += " to " + p.PayeeName
		}
		return s
	case "card":
		return fmt.Sprintf("on my %s card (%s)", p.Card, p.FromBank)
	case "gift_card":
		return "in " + strings.TrimSpace(p.Issuer+" gift cards")
	case "crypto":
		return "in crypto" + prefixed(" through ", p.Issuer)
	case "wire":
		return "by wire transfer" + prefixed(" through ", p.Issuer)
	case "cash":
		return "in cash"
	case "cheque":
		return "by cheque"
	}
	return "by " + p.Method
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
