package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func scanText(t testing.TB, e *Engine, text, channel string) Result {
	t.Helper()
	res, err := e.Scan(context.Background(), Document{Text: text, Channel: channel})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestEvidencePointsAtTheWordsAsWritten(t *testing.T) {
	e := defaultEngine(t)
	text := "WINDOWS DEFENDER ALERT!! Your PC is infected with spyware. Call M\u0456cro\u200bsoft support now on 0808 157 O412."
	res := scanText(t, e, text, "")
	if res.Verdict != Scam || res.Variant != Popup {
		t.Fatalf("verdict %s %s, want scam popup", res.Verdict, res.Variant)
	}
	var sawPhone bool
	for _, f := range res.Flags {
		for _, ev := range f.Evidence {
			if text[ev.Start:ev.End] != ev.Text {
				t.Errorf("%s: evidence %q does not match the input at [%d,%d)", f.ID, ev.Text, ev.Start, ev.End)
			}
			sawPhone = sawPhone || ev.Text == "0808 157 O412"
		}
	}
	if !sawPhone {
		t.Error("the phone number as written (with a letter O) is not quoted as evidence")
	}
	if len(res.Entities.Phones) != 1 || res.Entities.Phones[0].E164 != "+448081570412" {
		t.Errorf("phones = %+v", res.Entities.Phones)
	}
}

// TestSpelledOutWordsKeepEntitiesInPlace: "M i c r o s o f t" merges into
// one word; the phone number after it must still sit near "call".
func TestSpelledOutWordsKeepEntitiesInPlace(t *testing.T) {
	e := defaultEngine(t)
	for i := 0; i < 3; i++ { // the pooled scratch space must not keep old tokens
		res := scanText(t, e, "W i n d o w s  D e f e n d e r  alert: your PC is infected. Call M i c r o s o f t support on 0808 157 0412.", "popup")
		if !fired(res, "warning_with_phone_number") {
			t.Fatalf("round %d: the warning with a phone number did not fire: %v", i, res.Flags)
		}
	}
}

func TestEachMentionIsListedOnce(t *testing.T) {
	res := scanText(t, defaultEngine(t), "Install Team Viewer, then buy a Google Play gift card.", "")
	en := res.Entities
	if len(en.RemoteTools) != 1 || en.RemoteTools[0].Name != "TeamViewer" {
		t.Errorf("remote tools %+v", en.RemoteTools)
	}
	if len(en.PaymentRoutes) != 1 || en.PaymentRoutes[0].Text != "Google Play gift card" {
		t.Errorf("payment routes %+v", en.PaymentRoutes)
	}
}

func TestPlainMessageHasNoKnownSigns(t *testing.T) {
	res := scanText(t, defaultEngine(t), "Hi Gran, see you on Sunday for lunch. Love, Tom", "sms")
	if res.Verdict != NoKnownSigns || res.Variant != None || len(res.Flags) != 0 {
		t.Fatalf("got %s %s %v", res.Verdict, res.Variant, res.Flags)
	}
	if strings.Contains(strings.ToLower(res.Summary), "safe") {
		t.Errorf("summary says safe: %q", res.Summary)
	}
}

func TestScamVerdictNeedsAStrongFlag(t *testing.T) {
	e := defaultEngine(t)
	// Many weak signs, none strong: infection, errors, data loss, urgency.
	res := scanText(t, e, "Your computer has viruses and errors. All your photos will be deleted. Act now, today, immediately.", "")
	if res.Verdict == Scam {
		t.Fatalf("weak signs alone gave a scam verdict: %+v", res.Flags)
	}
	for _, f := range res.Flags {
		if e.Catalogue().Rule(f.ID).Strong {
			t.Fatalf("test text fired a strong rule %s; pick weaker words", f.ID)
		}
	}
}

func TestWarningsAreNotCalledScams(t *testing.T) {
	e := defaultEngine(t)
	warnings := []string{
		"Scam warning from Hillside Neighbourhood Watch: if someone rings saying they are from Microsoft and your computer has a virus, hang up. Microsoft will never call you. Never install AnyDesk for a stranger.",
		"Your bank will never ask you to move money to a safe account, buy gift cards or share a one-time code. Fraudsters pretending to be us may say your account is at risk. If in doubt, call 159.",
	}
	for _, w := range warnings {
		if res := scanText(t, e, w, ""); Rank(res.Verdict) > Rank(Suspicious) {
			t.Errorf("warning called %s: %q", res.Verdict, w)
		}
	}
}

// TestSeedDocumentsAreNotScams reads the two documents the product grew
// from when they are beside the project (they are not ours to copy in).
func TestSeedDocumentsAreNotScams(t *testing.T) {
	paths, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(paths) == 0 {
		t.Skip("../../shared/seeds not found: the seed documents are checked where the shared folder is beside the project")
	}
	e := defaultEngine(t)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if res := scanText(t, e, string(data), ""); Rank(res.Verdict) > Rank(Suspicious) {
			t.Errorf("%s: %s (score %.1f), want at most suspicious", p, res.Verdict, res.Score)
		}
	}
}

func TestTooLargeIsRefused(t *testing.T) {
	_, err := defaultEngine(t).Scan(context.Background(), Document{Text: strings.Repeat("a", MaxTextBytes+1)})
	if err != ErrTooLarge {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelledScanStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := defaultEngine(t).Scan(ctx, Document{Text: "hello"}); err == nil {
		t.Fatal("a cancelled scan returned no error")
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"Call Microsoft 0808 157 0412 now, your PC is infected",
		"M\u0456crosoft any desk £299 www.micros0ft.com",
		"\xff\xfe\x00", "", "0 8 0 8 1 5 7", "refunded too much send the difference",
	} {
		f.Add(s)
	}
	e := defaultEngine(f)
	f.Fuzz(func(t *testing.T, s string) {
		res := scanText(t, e, s, "")
		if Rank(res.Verdict) >= Rank(LikelyScam) && len(res.Flags) == 0 {
			t.Fatal("a scam verdict with no red flag")
		}
		for _, n := range append(res.Entities.RemoteTools, res.Entities.PaymentRoutes...) {
			if n.Start < 0 || n.End > len(s) || s[n.Start:n.End] != n.Text {
				t.Fatalf("entity %+v is not at its span", n)
			}
		}
		for _, fl := range res.Flags {
			for _, ev := range fl.Evidence {
				if ev.Start < 0 || ev.End > len(s) || ev.Start >= ev.End || s[ev.Start:ev.End] != ev.Text {
					t.Fatalf("%s: bad evidence %+v", fl.ID, ev)
				}
				if utf8.ValidString(s) && !utf8.ValidString(ev.Text) {
					t.Fatalf("%s: evidence splits a character: %q", fl.ID, ev.Text)
				}
			}
		}
	})
}

// TestFlagsQuoteTheirOwnWords: a rule built on other rules quotes its own
// words, and falls back to theirs only when it has none.
func TestFlagsQuoteTheirOwnWords(t *testing.T) {
	text := "A man rang saying he was from Microsoft. He told me to install AnyDesk, then to log in to my online banking."
	res := scanText(t, defaultEngine(t), text, "call")
	quotes := map[string][]string{}
	for _, f := range res.Flags {
		for _, ev := range f.Evidence {
			quotes[f.ID] = append(quotes[f.ID], ev.Text)
		}
	}
	banking := strings.Join(quotes["open_online_banking"], "|")
	if !strings.Contains(banking, "online banking") || strings.Contains(banking, "Microsoft") {
		t.Errorf("open_online_banking quotes %q: want its own words, not the caller's claim", banking)
	}
	if len(quotes["remote_access_given_to_caller"]) == 0 {
		t.Error("a rule made only of other rules quotes nothing; it should fall back to their words")
	}
}
