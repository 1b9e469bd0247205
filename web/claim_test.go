package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/intake"
)

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// formFields reads the hidden fields of the form posting to action.
func formFields(t *testing.T, page, action string) url.Values {
	t.Helper()
	start := strings.Index(page, `action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form posting to %s in:\n%s", action, page)
	}
	form := page[start:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(form, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

func post(t *testing.T, client *http.Client, u string, v url.Values) (int, string, http.Header) {
	t.Helper()
	resp, err := client.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// answerAll walks the wizard from page, answering each question from
// answers (by question id), until the letters page.
func answerAll(t *testing.T, client *http.Client, base, page string, answers map[string]string) string {
	t.Helper()
	for range 60 {
		if strings.Contains(page, "Your letters are ready") {
			return page
		}
		v := formFields(t, page, "/claim")
		id := v.Get("question")
		answer, ok := answers[id]
		if !ok {
			t.Fatalf("no answer scripted for question %q:\n%s", id, page)
		}
		v.Set("answer", answer)
		v.Set("go", "next")
		var status int
		status, page, _ = post(t, client, base+"/claim", v)
		if status != http.StatusOK {
			t.Fatalf("question %s, answer %q: status %d:\n%s", id, answer, status, page)
		}
	}
	t.Fatal("the wizard did not end")
	return ""
}

var cardCase = map[string]string{
	"p1.method": "credit_card", "p1.date": time.Now().AddDate(0, 0, -5).Format(time.DateOnly), "p1.amount": "129", "p1.from_bank": "Barclaycard",
	"p1.card_last4": "4417", "p1.statement_name": "PC HELPDESK LTD", "p1.bought": "a computer protection plan", "p1.price": "", "p1.paid_through": "", "p1.more": "no",
	"story.contacted_by": "a pop-up warning on my computer", "story.claimed": "Microsoft", "story.phones": "", "story.sites": "",
	"story.remote_tool": "AnyDesk", "story.over_refund": "no", "story.gave_details": "yes", "story.details": "", "reported_on": "",
	"name": "Siân Jones", "address": "3 Mill Lane, Cardiff", "region": "england-and-wales",
}

func TestClaimWizardWalksToLettersAndDownloads(t *testing.T) {
	base, logs := startServer(t, DefaultConfig())
	client, _ := formClient(t, base)
	resp, err := client.Get(base + "/claim")
	if err != nil {
		t.Fatal(err)
	}
	first, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(first), "Question 1 of") || !strings.Contains(string(first), "Nothing is stored") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("first question:\n%s", first)
	}
	letters := answerAll(t, client, base, string(first), cardCase)
	for _, want := range []string{"Read this first", "Section 75: may fit", "Letter 1: to the disputes team, Barclaycard", "Card ending: 4417",
		"Siân Jones", "Your report pack", "uninstall AnyDesk", "Download as PDF"} {
		if !strings.Contains(letters, want) {
			t.Errorf("the letters page lacks %q", want)
		}
	}
	v := formFields(t, letters, "/claim/download")
	v.Set("format", "txt")
	status, text, h := post(t, client, base+"/claim/download", v)
	if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "scamscan-letters.txt") || !strings.Contains(text, "To: the disputes team, Barclaycard") {
		t.Fatalf("text download: %d %v\n%s", status, h, text)
	}
	v.Set("format", "pdf")
	status, pdf, h := post(t, client, base+"/claim/download", v)
	if status != 200 || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF download: %d %v", status, h)
	}
	parts, err := intake.Read(context.Background(), []byte(pdf), intake.Options{})
	if err != nil || !strings.Contains(strings.Join(strings.Fields(parts[0].Doc.Text), " "), "To: the disputes team, Barclaycard") {
		t.Errorf("the PDF does not read back with the letter: %v", err)
	}
	if strings.Contains(logs.String(), "Barclaycard") || strings.Contains(logs.String(), "Siân") {
		t.Error("the answers reached the log")
	}
}

func TestClaimWizardBackKeepsAnswersAndExplainsMistakes(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	client, _ := formClient(t, base)
	resp, err := client.Get(base + "/claim")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	v := formFields(t, string(page), "/claim")
	v.Set("answer", "debit_card")
	v.Set("go", "next")
	_, second, _ := post(t, client, base+"/claim", v)
	v = formFields(t, second, "/claim")
	v.Set("answer", "the other week")
	v.Set("go", "next")
	status, again, _ := post(t, client, base+"/claim", v)
	if status != http.StatusUnprocessableEntity || !strings.Contains(again, "Please give the date like 20/11/2026.") || !strings.Contains(again, `value="the other week"`) {
		t.Fatalf("a wrong date: status %d, want the question again with the reason and what was typed:\n%s", status, again)
	}
	v = formFields(t, again, "/claim")
	v.Set("answer", "2026-11-02")
	v.Set("go", "back")
	_, back, _ := post(t, client, base+"/claim", v)
	if !strings.Contains(back, "How did you pay them?") || !regexp.MustCompile(`value="debit_card" checked`).MatchString(back) {
		t.Fatalf("going back must show the first answer still chosen:\n%s", back)
	}
	v = formFields(t, back, "/claim")
	if v.Get("a.p1.date") != "2026-11-02" {
		t.Errorf("the date typed before going back was lost: %v", v)
	}
	v.Set("answer", "debit_card")
	v.Set("go", "next")
	_, forward, _ := post(t, client, base+"/claim", v)
	if !strings.Contains(forward, `value="2026-11-02"`) {
		t.Errorf("going forward again must show the date given before:\n%s", forward)
	}
}

func TestClaimWizardStartsFromTheScanResult(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	client, token := formClient(t, base)
	status, result, _ := post(t, client, base+"/check", url.Values{"csrf": {token}, "text": {popupScam + " Download AnyDesk so we can fix it."}})
	if status != 200 || !strings.Contains(result, "Get my letters") {
		t.Fatalf("the result page must offer the letters: %d", status)
	}
	v := formFields(t, result, "/claim")
	if v.Get("a.story.phones") != "0808 157 0412" || v.Get("a.story.remote_tool") != "AnyDesk" || v.Get("a.story.claimed") != "Microsoft" {
		t.Fatalf("the scan's findings must start the answers: %v", v)
	}
	_, first, _ := post(t, client, base+"/claim", v)
	letters := answerAll(t, client, base, first, map[string]string{
		"p1.method": "gift_card", "p1.date": time.Now().AddDate(0, 0, -1).Format(time.DateOnly), "p1.amount": "300", "p1.issuer": "Steam",
		"p1.codes_given": "yes", "p1.reference": "", "p1.more": "no",
		"story.contacted_by": "a pop-up warning on my computer", "story.claimed": "Microsoft", "story.phones": "0808 157 0412", "story.sites": "",
		"story.remote_tool": "AnyDesk", "story.over_refund": "no", "story.gave_details": "no", "story.details": "", "reported_on": "",
		"name": "Ann Lee", "address": "1 High Street, Perth", "region": "scotland",
	})
	for _, want := range []string{"0808 157 0412", "report to Police Scotland", "- Steam: ", "in Steam gift cards"} {
		if !strings.Contains(letters, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
}

func TestClaimWizardRefusesWithoutCSRF(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	status, page, _ := post(t, http.DefaultClient, base+"/claim", url.Values{"a.name": {"x"}, "go": {"next"}})
	if status != http.StatusOK || !strings.Contains(page, "This page had expired. Your answers are kept") {
		t.Fatalf("status %d", status)
	}
	if status, _, _ := post(t, http.DefaultClient, base+"/claim", url.Values{"step": {"-7"}, "go": {"back"}}); status != http.StatusOK {
		t.Errorf("a step out of range must show a question, not fail: status %d", status)
	}
	if v := formFields(t, page, "/claim"); v.Get("a.name") != "x" || v.Get("csrf") == "" {
		t.Errorf("the answers must survive an expired token, with a new token to go on: %v", v)
	}
	// A second tab (or the browser's Back button) posts an older page:
	// the token stays the same while the cookie is ours.
	client, first := formClient(t, base)
	_, second := formClient(t, base)
	if _, again := formClientWith(t, client, base); again != first || second == "" {
		t.Error("a browser that holds a valid token must keep it across pages")
	}
	status, _, _ = post(t, http.DefaultClient, base+"/claim/download", url.Values{"format": {"pdf"}})
	if status != http.StatusForbidden {
		t.Fatalf("a download without the token: status %d", status)
	}
}
