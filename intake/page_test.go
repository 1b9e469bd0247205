package intake

import (
	"context"
	"encoding/base64"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/scan"
)

// trapPage has every trick of a fake alert page, each in its own statement.
var trapPage = `<!DOCTYPE html><html><head><title>Security Alert!!</title>
<style>body { cursor: none; }</style></head><body>
<h1>Windows Defender Security Center</h1>
<p>Your computer has been blocked. Call Microsoft Support on 0808 157 0412.</p>
<p style="display:none">Secret SEO words 0808 157 0999</p>
<div hidden>more hidden words</div>
<span style="font-size: 0px">tiny padding words</span><span style="opacity:0">faint padding words</span>
<p style="font-size:0.9em; opacity:0.8">Small print a person reads.</p>
<img src="shield.png" alt="Microsoft Defender warning shield">
<audio autoplay loop src="alarm.mp3"></audio>
<script>
document.documentElement.requestFullscreen();
navigator.keyboard.lock();
document.body.requestPointerLock();
window.onbeforeunload = function () { return "Are you sure?"; };
setInterval(function () { alert("Your PC is infected"); }, 3000);
for (var i = 0; i < 500; i++) { history.pushState({}, "", "#" + i); }
while (true) { window.open("alert.html"); }
document.addEventListener("keydown", function (e) { if (e.keyCode === 27 || e.ctrlKey) { e.preventDefault(); } });
var p = 0; setInterval(function () { bar.style.width = (p++) + "%"; }, 40);
document.write(atob("` + base64.StdEncoding.EncodeToString([]byte("<p>Scanning complete: 5 infected files. Call +44 20 7946 0321 now</p>")) + `"));
el.innerHTML = unescape('%44%6F%20%6E%6F%74%20%72%65%73%74%61%72%74%20%79%6F%75%72%20%50%43');
</script></body></html>`

func TestPageTextIsWhatAPersonSees(t *testing.T) {
	p := read1(t, trapPage)
	if p.Kind != KindPage || p.Doc.Channel != "popup" {
		t.Fatalf("kind %s channel %s", p.Kind, p.Doc.Channel)
	}
	for _, want := range []string{"Page title: Security Alert!!", "Windows Defender Security Center", "Call Microsoft Support on 0808 157 0412", "[picture: Microsoft Defender warning shield]",
		"Scanning complete: 5 infected files. Call +44 20 7946 0321 now", "Do not restart your PC", "Small print a person reads."} {
		if !strings.Contains(p.Doc.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Secret SEO words", "more hidden words", "tiny padding", "faint padding", "requestFullscreen", "cursor"} {
		if strings.Contains(p.Doc.Text, unwanted) {
			t.Errorf("text holds %q, which a person does not see", unwanted)
		}
	}
}

func TestPageTricksPointAtTheirCode(t *testing.T) {
	p := read1(t, trapPage)
	want := map[string]string{
		"fullscreen":       "requestFullscreen(",
		"keyboard_lock":    "keyboard.lock(",
		"pointer_lock":     "requestPointerLock(",
		"beforeunload":     "onbeforeunload",
		"dialog_loop":      "alert(",
		"history_flood":    "history.pushState(",
		"window_open_loop": "window.open(",
		"autoplay_audio":   "<audio autoplay",
		"hidden_cursor":    "cursor: none",
		"blocked_keys":     "keyCode === 27",
		"fake_progress":    "setInterval",
		"decoded_text":     "atob(",
	}
	for name, code := range want {
		s, ok := signal(p.Doc, name)
		if !ok {
			t.Errorf("no %s signal", name)
			continue
		}
		if trapPage[s.Start:s.End] != s.Text || !strings.Contains(s.Text, code) {
			t.Errorf("%s points at %q, want code containing %q", name, s.Text, code)
		}
	}
	res := scanDoc(t, p.Doc)
	if res.Verdict != scan.Scam || res.Variant != scan.Popup || !firedIn(res, "page_tricks_with_a_warning") {
		t.Errorf("trap page: %s %s %v", res.Verdict, res.Variant, res.Flags)
	}
}

func TestPageVideoWithFullScreenButtonIsNotAScam(t *testing.T) {
	data, err := os.ReadFile("../testdata/files/pages/legit-video-site-fullscreen-button-14.html")
	if err != nil {
		t.Fatal(err)
	}
	p := read1(t, string(data))
	if _, ok := signal(p.Doc, "fullscreen"); !ok {
		t.Fatal("the page's full-screen button was not noticed")
	}
	if res := scanDoc(t, p.Doc); scan.Rank(res.Verdict) > scan.Rank(scan.Suspicious) {
		t.Errorf("a video site with a full-screen button came out %s: %v", res.Verdict, res.Flags)
	}
}

func TestPageTextOnlyInCodeIsDecoded(t *testing.T) {
	data, err := os.ReadFile("../testdata/files/pages/scam-bsod-hex-escaped-09.html")
	if err != nil {
		t.Fatal(err)
	}
	p := read1(t, string(data))
	if !strings.Contains(p.Doc.Text, "[Text the page writes when it runs") {
		t.Fatalf("the escaped text was not decoded:\n%s", p.Doc.Text)
	}
	if res := scanDoc(t, p.Doc); res.Verdict != scan.Scam {
		t.Errorf("verdict %s: %v", res.Verdict, res.Flags)
	}
}

func TestDetectLooksAtBytesNotNames(t *testing.T) {
	cases := map[string]string{
		"%PDF-1.7\n...":                KindPDF,
		"\x89PNG\r\n\x1a\n....":        KindImage,
		"\xff\xd8\xff\xe0....":         KindImage,
		"RIFF\x00\x00\x00\x00WEBPVP8 ": KindImage,
		"From a@b Mon Jan  1 00:00:00 2026\nFrom: a@b\nSubject: x\n\nhi": KindMbox,
		"Received: from x\nFrom: a@b\nSubject: x\n\nhi":                  KindEmail,
		"<!DOCTYPE html><html><body>hi</body></html>":                    KindPage,
		"  <script>alert(1)</script>":                                    KindPage,
		"From: my notes about the call\nHe said he was from Microsoft":   KindText,
		"Hello, this is plain text.":                                     KindText,
	}
	for data, want := range cases {
		if got := Detect([]byte(data)); got != want {
			t.Errorf("Detect(%q) = %s, want %s", data[:min(len(data), 30)], got, want)
		}
	}
}

func TestShapeOfPastedText(t *testing.T) {
	cases := map[string]string{
		"Caller: hello madam\nMe: who is this?\nCaller: Windows technical department":                "call",
		"[00:01:12] Speaker 1: hello\n[00:01:15] Speaker 2: hi\n[00:01:20] Speaker 1: your computer": "call",
		"12/03/2026, 14:02 - Tom: hi gran\n12/03/2026, 14:03 - Gran: hello love\n":                   "chat",
		"[12/03/2026, 14:02:11] Support: download anydesk\n[12/03/2026, 14:03:40] Me: ok\n":          "chat",
		"---------- Forwarded message ---------\nFrom: Microsoft <a@b.example>\nSubject: renewal\n":  "email",
		"He rang at ten and said my computer had a virus.":                                           "",
	}
	for text, want := range cases {
		if got := Shape(text); got != want {
			t.Errorf("Shape(%q) = %q, want %q", text[:30], got, want)
		}
	}
}

func TestLimits(t *testing.T) {
	if _, err := Read(t.Context(), make([]byte, MaxInput+1), Options{}); err == nil || !strings.Contains(err.Error(), "over 25 MiB") {
		t.Errorf("an oversized file: %v", err)
	}
	huge := "<html><body><script>document.write(atob(\"" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("A", MaxDecoded+10))) + "\"))</script></body></html>"
	if _, err := Read(t.Context(), []byte(huge), Options{}); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("a page whose hidden text unpacks past the limit: %v", err)
	}
}

// TestLargePageIsReadInBoundedTime: the trick patterns once took 3.6 s a
// MiB; a page at the 25 MiB limit must not take minutes.
func TestLargePageIsReadInBoundedTime(t *testing.T) {
	chunk := "<script>var x = 1; alert('hi'); history.pushState({}, '', '#'); window.open('a'); setInterval(f, 9);</script><p>Hello there, nothing to see.</p>\n"
	page := "<html><body>" + strings.Repeat(chunk, (8<<20)/len(chunk)) + "</body></html>"
	start := time.Now()
	if _, err := Read(context.Background(), []byte(page), Options{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("8 MiB of page took %v", d)
	}
}
