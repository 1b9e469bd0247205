package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/scamscan/scamscan/intake"
)

// answerInBrowser answers the question on screen as a person would: a
// click on a choice, or typing into the field.
func answerInBrowser(t *testing.T, ctx context.Context, answers map[string]string) (id string) {
	t.Helper()
	id, err := chromedp.Run(ctx, chromedp.Value(`input[name=question]`))
	if err != nil {
		t.Fatal(err)
	}
	answer, ok := answers[id]
	if !ok {
		t.Fatalf("no answer scripted for question %q", id)
	}
	radios, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("input[type=radio][name=answer]").length`))
	if err != nil {
		t.Fatal(err)
	}
	if radios > 0 {
		do(t, ctx, chromedp.Click(`input[name=answer][value="`+answer+`"]`))
	} else if answer != "" { // an empty answer leaves what is there, as pressing Next would
		do(t, ctx, chromedp.SetValue("#answer", answer))
	}
	return id
}

// next presses Next (or Back) and waits for the page to move on from the
// question that was showing.
func next(t *testing.T, ctx context.Context, button, from string) {
	t.Helper()
	do(t, ctx,
		chromedp.Click(`button[value=`+button+`]`),
		chromedp.WaitNotPresent(`input[name=question][value="`+from+`"]`),
		chromedp.WaitReady("main"),
	)
}

func TestBrowserClaimWizardToDownloadedPDF(t *testing.T) {
	ctx, axe := browser(t)
	base, _ := startServer(t, DefaultConfig())
	downloads := t.TempDir()
	if _, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	// From a scan result, as a person would arrive.
	pasteAndCheck(t, ctx, base, popupScam+" They had me install AnyDesk.")
	do(t, ctx,
		chromedp.Click(`form[action="/claim"] button`),
		chromedp.WaitReady(`input[name=question]`),
	)
	checkA11y(t, ctx, axe, "claim-choice")

	answers := map[string]string{}
	for k, v := range cardCase {
		answers[k] = v
	}
	// One step forward and one back: the answer must still be chosen.
	from := answerInBrowser(t, ctx, answers)
	next(t, ctx, "next", from)
	checkA11y(t, ctx, axe, "claim-date")
	next(t, ctx, "back", "p1.date")
	if checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[value="credit_card"]').checked`)); err != nil || !checked {
		t.Fatalf("after Back, the first answer is no longer chosen (%v)", err)
	}
	for range 40 {
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("input[name=question]").length`)); n == 0 {
			break
		}
		from := answerInBrowser(t, ctx, answers)
		next(t, ctx, "next", from)
	}
	if h := text(t, ctx, "h1"); h != "Your letters are ready" {
		t.Fatalf("the wizard ended on %q", h)
	}
	if note := text(t, ctx, ".letter"); !strings.Contains(note, "Section 75: may fit") {
		t.Errorf("the note lacks the Section 75 answer: %q", note)
	}
	checkA11y(t, ctx, axe, "claim-letters")

	do(t, ctx, chromedp.Click(`button[value=pdf]`))
	pdf := filepath.Join(downloads, "scamscan-letters.pdf")
	var data []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(pdf); err == nil && len(b) > 0 && strings.Contains(string(b[max(0, len(b)-32):]), "%%EOF") {
			data = b
			break
		}
	}
	if data == nil {
		entries, _ := os.ReadDir(downloads)
		t.Fatalf("no PDF was downloaded; the folder holds %v", entries)
	}
	parts, err := intake.Read(context.Background(), data, intake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(parts[0].Doc.Text), " ")
	for _, want := range []string{"To: the disputes team, Barclaycard", "Card ending: 4417", "Siân Jones", "0808 157 0412", "AnyDesk"} {
		if !strings.Contains(got, want) {
			t.Errorf("the downloaded PDF lacks %q", want)
		}
	}
}
