package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's Chromium as a person would, and run
// axe-core on every page. .ci/run installs both; without them the tests
// skip and say how to get them.

func browser(t *testing.T) (context.Context, string) {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed: apt-get install chromium (.ci/run does) to run the browser tests")
	}
	axe := os.Getenv("AXE_CORE_JS")
	if axe == "" {
		axe = "../.cache/npm/node_modules/axe-core/axe.min.js"
	}
	if _, err := os.Stat(axe); err != nil {
		t.Skip("axe-core is not installed: npm install --prefix .cache/npm axe-core (.ci/run does), or set AXE_CORE_JS")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser, with no deadline on it
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, axe
}

// do runs steps and fails the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// axeViolations injects axe-core into the page and returns its violations
// of WCAG 2.2 A and AA, each with the elements that fail.
func axeViolations(t *testing.T, ctx context.Context, axePath string) []string {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](string(src)))
	type violation struct {
		ID    string `json:"id"`
		Nodes []struct {
			Target []string `json:"target"`
		} `json:"nodes"`
	}
	run := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => r.violations)`
	res, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range res {
		b, _ := json.Marshal(v.Nodes)
		out = append(out, v.ID+" "+string(b))
	}
	return out
}

// shoot keeps a full-page screenshot at a width, as a CI artefact.
func shoot(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	dir := os.Getenv("SCAMSCAN_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "ci-artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.EmulateViewport(width, 900))
	// Quality 100 gives a PNG; anything less, a JPEG.
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dpx.png", name, width)), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkA11y runs axe, checks the page needs no sideways scrolling at 320
// px wide or at 200% zoom (a 640 px window scaled twice), and keeps
// screenshots at a phone's and a desktop's width.
func checkA11y(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	if v := axeViolations(t, ctx, axe); len(v) > 0 {
		t.Errorf("%s page: axe found %d violations:\n%s", page, len(v), strings.Join(v, "\n"))
	}
	for _, vp := range []struct {
		width int64
		scale float64
	}{{320, 1}, {640, 2}} {
		do(t, ctx, chromedp.EmulateViewport(vp.width, 800, chromedp.EmulateScale(vp.scale)))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s page scrolls sideways at %d px, scale %g", page, vp.width, vp.scale)
		}
	}
	shoot(t, ctx, page, 390)
	shoot(t, ctx, page, 1280)
}

// pasteAndCheck pastes a message on the check page and waits for the
// result.
func pasteAndCheck(t *testing.T, ctx context.Context, base, message string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("#text"),
		chromedp.SendKeys("#text", message),
		chromedp.Click("button[type=submit]"),
		chromedp.WaitVisible("#verdict-title"),
	)
}

func TestBrowserPasteCheckAndAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	base, _ := startServer(t, DefaultConfig())
	for _, scripts := range []bool{true, false} {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !scripts}); err != nil {
			t.Fatal(err)
		}
		pasteAndCheck(t, ctx, base, popupScam)
		verdict, marked := text(t, ctx, "#verdict-title"), text(t, ctx, ".marked")
		if !strings.HasPrefix(verdict, "This is a scam") || !strings.Contains(marked, "0808 157 0412") {
			t.Errorf("scripts on %v: verdict %q, marked text %q", scripts, verdict, marked)
		}
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	checkA11y(t, ctx, axe, "result") // the page the loop ended on

	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#text"))
	checkA11y(t, ctx, axe, "check")

	do(t, ctx, chromedp.Navigate(base+"/nothing-here"), chromedp.WaitVisible("h1"))
	checkA11y(t, ctx, axe, "not-found")

	do(t, ctx, chromedp.Navigate(base+"/guides"), chromedp.WaitVisible("h1"))
	checkA11y(t, ctx, axe, "guides")
	for _, g := range guides {
		do(t, ctx, chromedp.Navigate(base+"/guides/"+g.slug), chromedp.WaitVisible("h1"))
		checkA11y(t, ctx, axe, "guide-"+g.slug)
	}

	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#text"),
		chromedp.Click("button[type=submit]"), chromedp.WaitVisible(".problem"))
	checkA11y(t, ctx, axe, "problem")
}

func TestBrowserUploadScreenshot(t *testing.T) {
	ctx, axe := browser(t)
	c, _ := testChecker()
	if c.OCR == nil {
		t.Skip("tesseract is not installed: apt-get install tesseract-ocr (.ci/run does) to run this test")
	}
	base, _ := startServer(t, DefaultConfig())
	png := filepath.Join(t.TempDir(), "alert.png")
	if err := os.WriteFile(png, alertScreenshot(t), 0o644); err != nil {
		t.Fatal(err)
	}
	upload(t, ctx, base, png, ".picture svg")
	checkA11y(t, ctx, axe, "result-screenshot")
}

// upload gives a file through the check form, as a person would, and
// waits for sel on the page that answers.
func upload(t *testing.T, ctx context.Context, base, path, sel string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("#file"),
		chromedp.SetUploadFiles("#file", []string{path}),
		chromedp.Click("button[type=submit]"),
		chromedp.WaitVisible(sel),
	)
}

func TestBrowserUploadFile(t *testing.T) {
	ctx, _ := browser(t)
	base, _ := startServer(t, DefaultConfig())
	eml, err := filepath.Abs("../testdata/files/email/defender-alert-punycode-link-05.eml")
	if err != nil {
		t.Fatal(err)
	}
	upload(t, ctx, base, eml, "#verdict-title")
	if v := text(t, ctx, "#verdict-title"); !strings.HasPrefix(v, "This is a scam") && !strings.HasPrefix(v, "This is very likely a scam") {
		t.Errorf("an uploaded scam email: %q", v)
	}
}

// TestAxeFindsProblems shows the accessibility check can fail: a page with
// an unlabelled field and a picture without words must give violations.
func TestAxeFindsProblems(t *testing.T) {
	ctx, axe := browser(t)
	do(t, ctx, chromedp.Navigate(`data:text/html,<html><body><img src="x.png"><input type="text"></body></html>`), chromedp.WaitReady("body"))
	if v := axeViolations(t, ctx, axe); len(v) < 2 {
		t.Fatalf("axe found %d violations on a page built to fail: %v", len(v), v)
	}
}
