package claim

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

// Output is what a claim tool gives the person: a note for them (what
// fits, the dates, what does not and why) and the texts to send.
type Output struct {
	Note    string
	Letters []string
}

// separator goes between the note and the letters in plain text.
var separator = "\n" + strings.Repeat("-", 72) + "\n\n"

// Text is the whole output as plain text: the note, then each letter.
func (o Output) Text() string {
	var parts []string
	for _, p := range append([]string{o.Note}, o.Letters...) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p+"\n")
		}
	}
	return strings.Join(parts, separator)
}

//go:embed letters/*.tmpl
var letterFiles embed.FS

var letterFuncs = template.FuncMap{
	"date":   func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	"pounds": pounds,
	"day": func(s string) string {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return s
		}
		return t.Format("2 January 2006")
	},
	"method": func(m string) string {
		return map[string]string{"faster_payment": "Faster Payment", "chaps": "CHAPS"}[m]
	},
	"join":   func(list []string) string { return strings.Join(list, ", ") },
	"fact":   func(f Facts, id string) string { return f[id].Text },
	"value":  func(f Facts, id string) string { return f[id].Value },
	"int":    func(f Facts, id string) int { return f.Int(id) },
	"paidBy": paidBy,
}

var letters = template.Must(template.New("").Funcs(letterFuncs).Option("missingkey=error").ParseFS(letterFiles, "letters/*.tmpl"))

// pounds writes 4500 as £4,500.00.
func pounds(v float64) string {
	whole := int64(v)
	pence := int64((v-float64(whole))*100 + 0.5)
	if pence == 100 {
		whole, pence = whole+1, 0
	}
	return fmt.Sprintf("£%s.%02d", thousands(int(whole)), pence)
}

// execute fills one letter template.
func execute(name string, data any) (string, error) {
	var out bytes.Buffer
	if err := letters.ExecuteTemplate(&out, name, data); err != nil {
		return "", err
	}
	return out.String(), nil
}

// letterData is what every letter template reads.
type letterData struct {
	Answers
	Facts Facts
	Today time.Time
}

func newLetterData(a Answers, facts Facts, today time.Time) (letterData, error) {
	switch a.Region {
	case calendar.EnglandAndWales, calendar.Scotland, calendar.NorthernIreland:
	default:
		return letterData{}, fmt.Errorf("region %q: use %s, %s or %s (it decides who to report to and which bank holidays count)",
			a.Region, calendar.EnglandAndWales, calendar.Scotland, calendar.NorthernIreland)
	}
	day, err := claimDay(a, today)
	return letterData{Answers: a, Facts: facts, Today: day}, err
}

// PSR writes one reimbursement claim letter per sending bank when the claim
// fits, or a plain explanation of why it does not and what to do instead.
func PSR(a Answers, facts Facts, cal *calendar.Calendar, today time.Time) (Output, error) {
	base, err := newLetterData(a, facts, today)
	if err != nil {
		return Output{}, err
	}
	res, err := AssessPSR(a, facts, cal, today)
	if err != nil {
		return Output{}, err
	}
	data := struct {
		letterData
		Bank       BankClaim
		Assessment PSRAssessment
		FinalBy    time.Time // the final response to a complaint, counted from the decision date
		Cap        float64   // the most one sending bank must pay back
	}{letterData: base, Assessment: res, Cap: float64(facts.Int("psr_cap"))}
	if !res.Eligible {
		note, err := execute("psr-not-covered.tmpl", data)
		return Output{Note: note}, err
	}
	var out Output
	for _, b := range res.Banks {
		if b.Claimable == 0 {
			continue
		}
		data.Bank = b
		data.FinalBy, err = cal.AddBusinessDays(b.DecisionBy, facts.Int("complaint_final_response_business_days"), a.Region)
		if err != nil {
			return Output{}, err
		}
		letter, err := execute("psr.tmpl", data)
		if err != nil {
			return Output{}, err
		}
		out.Letters = append(out.Letters, letter)
	}
	return out, nil
}

// Card writes a note on what fits each card payment (chargeback, Section
// 75, and why not), and one dispute letter per card.
func Card(a Answers, facts Facts, today time.Time) (Output, error) {
	base, err := newLetterData(a, facts, today)
	if err != nil {
		return Output{}, err
	}
	res, err := AssessCard(a, facts, today)
	if err != nil {
		return Output{}, err
	}
	data := struct {
		letterData
		Assessment CardAssessment
		Claim      CardClaim
		Low, High  float64 // the Section 75 price limits
		// ClaimedMicrosoft: Microsoft's own word on unsolicited contact
		// argues the case only when the scammers used its name.
		ClaimedMicrosoft bool
	}{letterData: base, Assessment: res, Low: float64(facts.Int("s75_min_exclusive")), High: float64(facts.Int("s75_max")),
		ClaimedMicrosoft: strings.Contains(strings.ToLower(a.Story.Claimed), "microsoft")}
	var out Output
	if out.Note, err = execute("card-note.tmpl", data); err != nil {
		return Output{}, err
	}
	for _, c := range res.Claims {
		data.Claim = c
		letter, err := execute("card.tmpl", data)
		if err != nil {
			return Output{}, err
		}
		out.Letters = append(out.Letters, letter)
	}
	return out, nil
}

// All writes everything that fits the payments, for the web wizard: the
// reimbursement claim when there are bank transfers, the card disputes when
// there are card payments, and the report pack, which everyone needs.
func All(a Answers, facts Facts, cal *calendar.Calendar, today time.Time) (Output, error) {
	var transfers, cards bool
	for _, p := range a.Payments {
		transfers = transfers || p.Method == "faster_payment" || p.Method == "chaps"
		cards = cards || p.Method == "card"
	}
	var parts []Output
	if transfers {
		o, err := PSR(a, facts, cal, today)
		if err != nil {
			return Output{}, err
		}
		parts = append(parts, o)
	}
	if cards {
		o, err := Card(a, facts, today)
		if err != nil {
			return Output{}, err
		}
		parts = append(parts, o)
	}
	o, err := Report(a, facts, today)
	if err != nil {
		return Output{}, err
	}
	var all Output
	var notes []string
	for _, p := range append(parts, o) {
		if n := strings.TrimSpace(p.Note); n != "" {
			notes = append(notes, n)
		}
		all.Letters = append(all.Letters, p.Letters...)
	}
	all.Note = strings.Join(notes, "\n\n\n")
	return all, nil
}
