package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/intake"
)

const popupScam = "WINDOWS DEFENDER SECURITY ALERT\nYour computer is infected with spyware. Do not shut down.\nCall Microsoft Support now on 0808 157 0412 (toll free)."
const ordinary = "Hi Gran, see you on Sunday for lunch. Tom"

// call runs the command as a user would, with no terminal attached.
func call(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{}
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScanFileShowsVerdictEvidenceAndPlan(t *testing.T) {
	code, out, _ := call(t, "", "scan", writeTemp(t, "popup.txt", popupScam))
	if code != exitFlagged {
		t.Fatalf("exit %d, want %d", code, exitFlagged)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "This is a scam") {
		t.Errorf("first line %q: the verdict must come first", lines[0])
	}
	if strings.Contains(out, "100%") || !strings.Contains(out, "over 99% likely a scam") {
		t.Errorf("the probability must not claim certainty:\n%s", lines[2])
	}
	for _, want := range []string{"Kind: Pop-up", "Red flags", `"0808 157 0412"`, "Why: ", "Do this now", "Do not call the number", "If any of this has happened", "If you paid by card", "Report it"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to something that is not a terminal")
	}
}

func TestScanStandardInputWithNoSigns(t *testing.T) {
	code, out, _ := call(t, ordinary, "scan", "-")
	if code != exitNoSigns {
		t.Fatalf("exit %d, want 0", code)
	}
	if !strings.HasPrefix(out, "We found no known signs") || strings.Contains(strings.ToLower(out), " safe") {
		t.Errorf("output %q", out)
	}
}

func TestScanColourOnRequest(t *testing.T) {
	_, out, _ := call(t, popupScam, "scan", "--colour", "always", "-")
	if !strings.Contains(out, "\x1b[1;31m") {
		t.Error("--colour always wrote no colour")
	}
}

func TestScanJSONBatchKeepsGoingPastABadInput(t *testing.T) {
	scam := writeTemp(t, "scam.txt", popupScam)
	plain := writeTemp(t, "plain.txt", ordinary)
	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, errOut := call(t, "", "scan", "--json", scam, missing, plain)
	if code != exitUsage {
		t.Errorf("exit %d, want %d when an input could not be read", code, exitUsage)
	}
	if !strings.Contains(errOut, "missing.txt: no such file") {
		t.Errorf("stderr %q does not name the missing input", errOut)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per input", len(lines))
	}
	if lines[0]["input"] != scam || lines[0]["verdict"] != "scam" || lines[0]["variant"] != "popup" {
		t.Errorf("first line %v", lines[0])
	}
	if lines[1]["input"] != missing || lines[1]["error"] == nil {
		t.Errorf("second line %v", lines[1])
	}
	if lines[2]["verdict"] != "no_known_signs" {
		t.Errorf("third line %v", lines[2])
	}
	// Lists are lists even when empty, so other programs need no null checks.
	if fl, ok := lines[2]["flags"].([]any); !ok || len(fl) != 0 {
		t.Errorf("flags of a clean message = %v, want []", lines[2]["flags"])
	}
	if ph, ok := lines[2]["entities"].(map[string]any)["phones"].([]any); !ok || len(ph) != 0 {
		t.Errorf("phones of a clean message = %v, want []", lines[2]["entities"])
	}
	flags := lines[0]["flags"].([]any)
	ev := flags[0].(map[string]any)["evidence"].([]any)[0].(map[string]any)
	start, end := int(ev["start"].(float64)), int(ev["end"].(float64))
	if popupScam[start:end] != ev["text"] {
		t.Errorf("evidence offsets [%d,%d) do not point at %q in the input", start, end, ev["text"])
	}
	for _, key := range []string{"probability", "entities", "advice", "summary"} {
		if _, ok := lines[0][key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
}

func TestScanRefusesBadUsageAndInputs(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"no command", nil, "", "Usage:"},
		{"unknown command", []string{"scna"}, "", `unknown command "scna"`},
		{"no input", []string{"scan"}, "", "name a file to check"},
		{"bad channel", []string{"scan", "--channel", "fax", "-"}, "x", `unknown channel "fax"`},
		{"binary", []string{"scan", "-"}, "PK\x03\x04\x00\x00binary", "standard input: not a kind of file scamscan reads: it does not look like text"},
		{"too large", []string{"scan", "--max-bytes", "10", "-"}, "this is more than ten bytes", "larger than 10 bytes"},
		{"folder", []string{"scan", os.TempDir()}, "", "this is a folder"},
	}
	for _, c := range cases {
		code, _, errOut := call(t, c.stdin, c.args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", c.name, code, errOut, c.want)
		}
	}
}

func TestRulesListsTheCatalogue(t *testing.T) {
	code, out, _ := call(t, "", "rules")
	if code != 0 || !strings.Contains(out, "warning_with_phone_number") || !strings.Contains(out, "remote_tool_request") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	_, out, _ = call(t, "", "rules", "--json")
	var list []ruleInfo
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) < 20 {
		t.Fatalf("rules --json: %v, %d rules", err, len(list))
	}
}

func TestBadRulesFolderIsRefusedWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := "[rule broken]\ntitle = t\nwhy = w\nweight = 2\nvariants = popup\nwhen = near(brand_microsoft)\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.rules"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := call(t, popupScam, "scan", "--rules", dir, "-")
	if code != exitUsage || !strings.Contains(errOut, "mine.rules:6:") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestEvalReportsOnALabelledFolder(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a.txt": popupScam, "b.txt": ordinary} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	labels := "file,label,variant,channel\na.txt,scam,popup,popup\nb.txt,legit,none,sms\n"
	if err := os.WriteFile(filepath.Join(dir, "labels.csv"), []byte(labels), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := call(t, "", "eval", dir)
	if code != 0 || !strings.Contains(out, "popup           1 of    1") || !strings.Contains(out, "Goals met") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// A legit message called a scam fails the goals.
	if err := os.WriteFile(filepath.Join(dir, "labels.csv"), []byte(strings.Replace(labels, "a.txt,scam,popup", "a.txt,legit,none", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = call(t, "", "eval", dir)
	if code != exitFlagged || !strings.Contains(out, "False alarms (1)") || !strings.Contains(out, "a.txt") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestScanEmailAndMboxFiles(t *testing.T) {
	eml := "../../testdata/files/email/m365-family-renewal-callback-01.eml"
	code, out, _ := call(t, "", "scan", eml)
	if code != exitFlagged || !strings.Contains(out, "Read as: an email") || !strings.Contains(out, `in the file: "From: `) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	_, out, _ = call(t, "", "scan", "--json", eml)
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	text, _ := rep["text"].(string)
	if rep["kind"] != "email" || !strings.Contains(text, "Subject: ") {
		t.Errorf("kind %v, text %q", rep["kind"], text)
	}
	data, err := os.ReadFile(eml)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep["flags"].([]any) {
		for _, e := range f.(map[string]any)["evidence"].([]any) {
			ev := e.(map[string]any)
			start, end := int(ev["start"].(float64)), int(ev["end"].(float64))
			within := text
			if ev["source"] == "file" {
				within = string(data)
			}
			if within[start:end] != ev["text"] {
				t.Errorf("evidence %q is not at [%d,%d) of the %v", ev["text"], start, end, ev["source"])
			}
		}
	}
	_, out, _ = call(t, "", "scan", "--json", "../../testdata/files/email/several.mbox")
	if n := strings.Count(out, `"input":"../../testdata/files/email/several.mbox: message `); n != 3 {
		t.Errorf("the mbox gave %d named reports, want 3:\n%s", n, out)
	}
}

func TestClaimPSRWritesTheLetter(t *testing.T) {
	answers := `{"name": "Mary Evans", "sort_code": "12-34-56", "account_number": "12345678", "claimant": "consumer", "region": "scotland", "claim_date": "2026-11-27",
	 "payments": [{"date": "2026-11-20", "amount": 1250.5, "method": "faster_payment", "from_bank": "TSB", "to_uk_account": true}]}`
	code, out, _ := call(t, answers, "claim", "psr", "--answers", "-")
	if code != 0 || !strings.Contains(out, "To: the fraud team, TSB") || !strings.Contains(out, "by Monday 7 December 2026") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, _, errOut := call(t, `{"nme": "x"}`, "claim", "psr", "--answers", "-")
	if code != exitUsage || !strings.Contains(errOut, `standard input: the answers are not valid: json: unknown field "nme"`) {
		t.Fatalf("bad answers: exit %d, %q", code, errOut)
	}
	if code, _, errOut := call(t, "", "claim", "card"); code != exitUsage || !strings.Contains(errOut, "--answers FILE or --interactive") {
		t.Fatalf("a route without answers must say what it needs: %q", errOut)
	}
	if code, _, errOut := call(t, "", "claim", "refund"); code != exitUsage || !strings.Contains(errOut, "report   the report pack") {
		t.Fatalf("an unknown route must list the routes: %q", errOut)
	}
}

// pdfText reads a PDF back with the same reader scamscan uses for email
// attachments.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := intake.Read(context.Background(), b, intake.Options{})
	if err != nil || parts[0].Kind != intake.KindPDF {
		t.Fatalf("%s does not read as a PDF: %v", path, err)
	}
	return parts[0].Doc.Text
}

func TestClaimCardAndReportWritePDFs(t *testing.T) {
	answers := writeTemp(t, "case.json", `{"name": "Siân Jones", "address": "3 Mill Lane, Cardiff", "region": "england-and-wales", "claim_date": "2026-11-23",
	 "payments": [{"date": "2026-11-10", "amount": 129, "method": "card", "card": "credit", "card_last4": "4417", "from_bank": "Barclaycard", "payee_name": "PC HELPDESK LTD"},
	              {"date": "2026-11-12", "amount": 300, "method": "gift_card", "issuer": "Google Play", "codes_given": true}],
	 "story": {"contacted_by": "a pop-up warning on my computer", "claimed": "Microsoft", "remote_tool": "AnyDesk"}}`)
	for route, want := range map[string][]string{
		"card":   {"Read this first", "Section 75: may fit", "To: the disputes team, Barclaycard", "Siân Jones", "£129.00"},
		"report": {"- Google Play: report to the police first", "uninstall AnyDesk", "What happened: my report to Report Fraud", "To: Google Play", "£300.00"},
	} {
		pdf := filepath.Join(t.TempDir(), route+".pdf")
		code, out, errOut := call(t, "", "claim", route, "--answers", answers, "--pdf", pdf)
		if code != 0 || !strings.Contains(errOut, "Wrote "+pdf) {
			t.Fatalf("%s: exit %d: %s", route, code, errOut)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF lacks %q:\n%s", route, w, text)
			}
			if w != "Read this first" && !strings.Contains(out, w) {
				t.Errorf("%s: the text lacks %q", route, w)
			}
		}
	}
}

func TestClaimInteractiveAsksOneQuestionAtATime(t *testing.T) {
	today := time.Now().UTC().AddDate(0, 0, -3).Format("02/01/2006")
	answers := []string{"3", today, "129", "Barclaycard", "4417", "PC HELPDESK LTD", "a security plan", "", "", "no",
		"2", "Microsoft", "", "", "", "no", "no", "", "", "Ann Lee", "1 High Street, Perth", "2"}
	code, out, errOut := call(t, strings.Join(answers, "\n")+"\n", "claim", "card", "--interactive")
	if code != 0 || !strings.Contains(errOut, "1. How did you pay them?") || !strings.Contains(errOut, "Which bank or company gave you the card?") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	if !strings.Contains(out, "To: the disputes team, Barclaycard") || !strings.Contains(out, "Card ending: 4417") || strings.Contains(out, "How did you pay") {
		t.Errorf("the letter goes to standard output, the questions do not:\n%s", out)
	}
	code, _, errOut = call(t, "3\n", "claim", "card", "--interactive")
	if code != exitUsage || !strings.Contains(errOut, "stopped before the last question") {
		t.Errorf("answers ending early: exit %d, %q", code, errOut)
	}
}

// TestClaimAnswersExampleWorks runs the documented example through every
// route, so the documentation cannot drift from the format.
func TestClaimAnswersExampleWorks(t *testing.T) {
	doc, err := os.ReadFile("../../docs/claim-answers.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/claim-answers.md has no JSON example")
	}
	path := writeTemp(t, "example.json", example)
	for route, want := range map[string]string{"psr": "To: the fraud team, Co-operative Bank", "card": "To: the disputes team, Barclaycard", "report": "To: Google Play"} {
		if code, out, errOut := call(t, "", "claim", route, "--answers", path); code != 0 || !strings.Contains(out, want) {
			t.Errorf("claim %s with the documented example: exit %d, %s\n%s", route, code, errOut, out)
		}
	}
}
