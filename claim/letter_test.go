package claim

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden letters in testdata/ from the current output")

var mary = Answers{
	Name: "Mary Evans", Address: "12 Station Road, Leeds LS1 4AB",
	SortCode: "12-34-56", AccountNumber: "12345678",
	Claimant: "consumer", Region: calendar.EnglandAndWales, ClaimDate: "2026-11-23",
	Story: Story{ContactedBy: "a phone call", Claimed: "the Microsoft refund department",
		Phones: []string{"+44 20 7946 0321"}, Sites: []string{"ms-refund-desk.co"}, RemoteTool: "AnyDesk", OverRefund: true},
	ReportedOn: "2026-11-21", CrimeRef: "NFRC2611210001",
}

func with(a Answers, change func(*Answers)) Answers {
	a.Payments = append([]Payment(nil), a.Payments...)
	change(&a)
	return a
}

// TestPSRLetterGolden compares each letter with its golden file; run
// `go test ./claim/ -update` after a deliberate change, and read the diff.
func TestPSRLetterGolden(t *testing.T) {
	facts, cal := loadRules(t)
	pay := transfer("2026-11-10", 4500, "Co-operative Bank")
	pay.PayeeName, pay.PayeeBank = "J Smith", "Metro Bank"
	cases := map[string]Answers{
		"eligible":        with(mary, func(a *Answers) { a.Payments = []Payment{pay} }),
		"too-late":        with(mary, func(a *Answers) { a.Payments = []Payment{transfer("2025-09-01", 900, "Lloyds")} }),
		"before-oct-2024": with(mary, func(a *Answers) { a.Payments = []Payment{transfer("2024-10-01", 900, "Lloyds")} }),
		"international": with(mary, func(a *Answers) {
			a.Payments = []Payment{{Date: "2026-11-10", Amount: 900, Method: "faster_payment", FromBank: "Lloyds"}}
		}),
		"own-account": with(mary, func(a *Answers) {
			a.Payments = []Payment{{Date: "2026-11-10", Amount: 900, Method: "faster_payment", FromBank: "Lloyds", ToUKAccount: true, ToOwnAccount: true}}
		}),
		"vulnerable": with(mary, func(a *Answers) {
			a.Vulnerable, a.VulnerableWhy, a.Payments = true, "I am 84 and was recently bereaved", []Payment{pay}
		}),
		"several-banks": with(mary, func(a *Answers) {
			a.Payments = []Payment{pay, {Date: "2026-11-11", Amount: 90000, Method: "chaps", FromBank: "Nationwide", ToUKAccount: true, PayeeName: "JS Trading"},
				{Date: "2026-11-12", Amount: 300, Method: "gift_card", FromBank: "Co-operative Bank"}}
		}),
	}
	for name, a := range cases {
		got, err := PSR(a, facts, cal, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkGolden(t, "psr", name, got.Text())
	}
}

// checkGolden compares got with testdata/dir/name.golden, or rewrites the
// file with -update.
func checkGolden(t *testing.T, dir, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", dir, name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%s: %v (run go test ./claim/ -update to create it)", name, err)
	}
	if got != string(want) {
		t.Errorf("%s: the text differs from %s:\n%s", name, golden, got)
	}
}

// readGolden reads a golden file for the checks of what must be in it.
func readGolden(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", dir, name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPSRLetterSaysWhatMatters checks the facts a bank must see, so a
// golden file updated without care cannot hide their loss.
func TestPSRLetterSaysWhatMatters(t *testing.T) {
	read := func(name string) string { return readGolden(t, "psr", name) }
	eligible := read("eligible")
	for _, want := range []string{"Sort code: 12-34-56", "10 November 2026: £4,500.00 by Faster Payment to J Smith (Metro Bank)",
		"within 5 business days of this claim, that is by Monday 30 November 2026", "AnyDesk", "refunded me too much",
		"crime reference number is NFRC2611210001", "Financial Ombudsman Service", "excess of up to £100"} {
		if !strings.Contains(eligible, want) {
			t.Errorf("the eligible letter lacks %q", want)
		}
	}
	if v := read("vulnerable"); !strings.Contains(v, "you may not apply an excess") || strings.Contains(v, "excess of up to £100") {
		t.Error("the vulnerable letter must rule out the excess and the standard of caution")
	}
	several := read("several-banks")
	if strings.Count(several, "To: the fraud team") != 2 || !strings.Contains(several, "Please reimburse £85,000.00 (the most one bank must pay back on one claim is £85,000.00)") ||
		!strings.Contains(several, "Not part of this claim: 12 November 2026, £300.00") {
		t.Errorf("several banks: one letter each, the cap per bank, the gift card left out:\n%s", several)
	}
	for name, want := range map[string]string{"too-late": "within 13 months", "before-oct-2024": "before 7 October 2024", "international": "outside the UK", "own-account": "your own name"} {
		if got := read(name); !strings.Contains(got, "does not fit") || !strings.Contains(got, want) || strings.Contains(got, "To: the fraud team") {
			t.Errorf("%s: should explain, not write a claim letter:\n%s", name, got)
		}
	}
}

// TestLettersTakeFiguresFromFacts fails when a template writes a number
// itself: every amount, limit and time limit must come from facts.json,
// where it has a source and a checked date.
func TestLettersTakeFiguresFromFacts(t *testing.T) {
	files, err := letterFiles.ReadDir("letters")
	if err != nil {
		t.Fatal(err)
	}
	action := regexp.MustCompile(`\{\{[^}]*\}\}`)
	for _, f := range files {
		b, err := letterFiles.ReadFile("letters/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer("Section 75", "", "section 75", "").Replace(action.ReplaceAllString(string(b), ""))
		if i := strings.IndexAny(text, "0123456789£"); i >= 0 {
			t.Errorf("%s writes a figure itself, near %q: take it from facts.json", f.Name(), text[max(0, i-30):min(len(text), i+30)])
		}
	}
}
