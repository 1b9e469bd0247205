package claim

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

//go:embed letters/psr.tmpl
var psrTemplate string

//go:embed letters/psr-not-covered.tmpl
var psrNotCoveredTemplate string

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
	"join": func(list []string) string { return strings.Join(list, ", ") },
	"fact": func(f Facts, id string) string { return f[id].Text },
	"int":  func(f Facts, id string) int { return f.Int(id) },
}

var (
	psrLetter     = template.Must(template.New("psr").Funcs(letterFuncs).Parse(psrTemplate))
	psrNotCovered = template.Must(template.New("no").Funcs(letterFuncs).Parse(psrNotCoveredTemplate))
)

// pounds writes 4500 as £4,500.00.
func pounds(v float64) string {
	whole := int64(v)
	pence := int64((v-float64(whole))*100 + 0.5)
	if pence == 100 {
		whole, pence = whole+1, 0
	}
	return fmt.Sprintf("£%s.%02d", thousands(int(whole)), pence)
}

// letterData is what the letter templates read.
type letterData struct {
	Answers
	Bank       BankClaim
	Assessment PSRAssessment
	Facts      Facts
	Today      time.Time
	FinalBy    time.Time // the final response to a complaint, counted from the decision date
	Cap        float64   // the most one sending bank must pay back
}

// PSRLetters writes one letter per sending bank when the claim fits, or
// a plain explanation of why it does not and what to do instead.
func PSRLetters(a Answers, facts Facts, cal *calendar.Calendar, today time.Time) (string, error) {
	res, err := AssessPSR(a, facts, cal, today)
	if err != nil {
		return "", err
	}
	if a.ClaimDate != "" {
		today, _ = time.Parse(time.DateOnly, a.ClaimDate)
	}
	var out bytes.Buffer
	data := letterData{Answers: a, Assessment: res, Facts: facts, Today: today, Cap: float64(facts.Int("psr_cap"))}
	if !res.Eligible {
		if err := psrNotCovered.Execute(&out, data); err != nil {
			return "", err
		}
		return out.String(), nil
	}
	for i, b := range res.Banks {
		if b.Claimable == 0 {
			continue
		}
		if i > 0 {
			out.WriteString("\n" + strings.Repeat("-", 72) + "\n\n")
		}
		data.Bank = b
		data.FinalBy, err = cal.AddBusinessDays(b.DecisionBy, facts.Int("complaint_final_response_business_days"), a.Region)
		if err != nil {
			return "", err
		}
		if err := psrLetter.Execute(&out, data); err != nil {
			return "", err
		}
	}
	return out.String(), nil
}
