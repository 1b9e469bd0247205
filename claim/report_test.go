package claim

import (
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

func giftCards(date string, amount float64, issuer string, given bool) Payment {
	return Payment{Date: date, Amount: amount, Method: "gift_card", Issuer: issuer, CodesGiven: given, Reference: "X7K2-99PQ-4LMN"}
}

// TestReportGolden compares each report pack with its golden file; run
// `go test ./claim/ -update` after a deliberate change.
func TestReportGolden(t *testing.T) {
	facts, _ := loadRules(t)
	cases := map[string]Answers{
		"gift-cards": with(mary, func(a *Answers) {
			a.Payments = []Payment{giftCards("2026-11-20", 500, "Google Play", true), giftCards("2026-11-20", 200, "Steam", true)}
		}),
		"gift-cards-not-sent": with(mary, func(a *Answers) {
			a.Story.RemoteTool, a.Payments = "", []Payment{giftCards("2026-11-22", 300, "Apple", false)}
		}),
		"crypto-scotland": with(mary, func(a *Answers) {
			a.Region, a.Story.GaveDetails = calendar.Scotland, true
			a.Payments = []Payment{{Date: "2026-11-18", Amount: 2500, Method: "crypto", Issuer: "a Bitcoin machine in a shop", Reference: "bc1qexample"},
				transfer("2026-11-19", 1200, "Lloyds")}
		}),
	}
	for name, a := range cases {
		got, err := Report(a, facts, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkGolden(t, "report", name, got.Text())
	}
}

// TestReportSaysWhatMatters checks the report pack's steps, so a carelessly
// updated golden file cannot hide their loss.
func TestReportSaysWhatMatters(t *testing.T) {
	gift := readGolden(t, "report", "gift-cards")
	for _, want := range []string{"- Google Play: report to the police first", "- Steam: if you have not given the codes away",
		"report to Report Fraud at reportfraud.police.uk", "0300 123 2040", "rarely recovered", "To: Google Play", "To: Steam", "£500.00 in Google Play gift cards (reference: X7K2-99PQ-4LMN); I gave them the codes",
		"Total: £700.00", "uninstall AnyDesk", "Cifas Protective Registration costs £30", "7726", "report@phishing.gov.uk", "microsoft.com/reportascam",
		"crime reference number is NFRC2611210001"} {
		if !strings.Contains(gift, want) {
			t.Errorf("the gift card pack lacks %q", want)
		}
	}
	if strings.Contains(gift, "Police Scotland") {
		t.Error("a person in England was sent to Police Scotland")
	}
	notSent := readGolden(t, "report", "gift-cards-not-sent")
	if !strings.Contains(notSent, "Do not give anyone the codes from the Apple cards") || strings.Contains(notSent, "Protect your computer") {
		t.Errorf("codes not given, no remote access: save the card, no security checklist:\n%s", notSent)
	}
	scot := readGolden(t, "report", "crypto-scotland")
	for _, want := range []string{"report to Police Scotland on 101", "0808 164 6000", "in crypto through a Bitcoin machine in a shop (reference: bc1qexample)",
		"by bank transfer from my Lloyds account", "Total: £3,700.00", "Change your passwords from another device"} {
		if !strings.Contains(scot, want) {
			t.Errorf("the Scottish crypto pack lacks %q", want)
		}
	}
	if got := paidBy(Payment{Method: "gift_card"}); got != "in gift cards" {
		t.Errorf("gift cards of no named company: %q", got)
	}
	if strings.Contains(scot, "report to Report Fraud") {
		t.Error("a person in Scotland was sent to Report Fraud")
	}
}
