package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/internal/testimage"
)

const popupScam = "WINDOWS DEFENDER SECURITY ALERT. Your computer is infected with spyware. Call Microsoft Support now on 0808 157 0412."

var testChecker = sync.OnceValues(func() (*check.Checker, error) { return check.New("") })

// startServer runs the real handler on a free port; logs go to logs.
func startServer(t testing.TB, cfg Config) (base string, logs *bytes.Buffer) {
	t.Helper()
	c, err := testChecker()
	if err != nil {
		t.Fatal(err)
	}
	logs = &bytes.Buffer{}
	var mu sync.Mutex
	cfg.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, logs}, nil))
	h, err := NewServer(c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); h.Close() })
	return "http://" + ln.Addr().String(), logs
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// multipartBody builds a form with a "file" part and other fields.
func multipartBody(t testing.TB, fields map[string]string, file []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", "upload")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(file)
	mw.Close()
	return &b, mw.FormDataContentType()
}

// alertScreenshot is a fake Defender alert, drawn for the tests.
func alertScreenshot(t testing.TB) []byte {
	return testimage.Screen{W: 1100, H: 500, BG: testimage.MSBlue, FG: testimage.White, Lines: []testimage.Line{
		{Text: "Windows Defender Security Alert", Size: 40, Bold: true, Y: 90},
		{Text: "Your computer is infected with spyware.", Size: 30, Y: 190},
		{Text: "Call Microsoft Support on 0808 157 0412", Size: 32, Bold: true, Y: 290},
	}}.Encode(t)
}

func postJSON(t *testing.T, url, body string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

func TestAPIScanMatchesTheCommandLine(t *testing.T) {
	base, logs := startServer(t, DefaultConfig())
	resp, got := postJSON(t, base+"/api/v1/scan", `{"text": "`+popupScam+`", "channel": "popup"}`)
	if resp.StatusCode != 200 || got["verdict"] != "scam" || got["variant"] != "popup" {
		t.Fatalf("status %d: %v", resp.StatusCode, got)
	}
	// The same JSON as `scamscan scan --json`: both come from check.
	c, _ := testChecker()
	reports, err := c.CheckInput(context.Background(), []byte(popupScam), "popup")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(reports[0])
	var wantMap map[string]any
	json.Unmarshal(want, &wantMap)
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(wantMap)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("the API's JSON differs from the command line's:\n%s\n%s", gotJSON, wantJSON)
	}
	if strings.Contains(logs.String(), "spyware") || strings.Contains(logs.String(), "0808") {
		t.Errorf("message text reached the logs:\n%s", logs.String())
	}
}

func TestAPIScanUpload(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	eml, err := os.ReadFile("../testdata/files/email/m365-family-renewal-callback-01.eml")
	if err != nil {
		t.Fatal(err)
	}
	body, contentType := multipartBody(t, nil, eml)
	resp, err := http.Post(base+"/api/v1/scan", contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]any
	json.NewDecoder(resp.Body).Decode(&got)
	if resp.StatusCode != 200 || got["kind"] != "email" || got["verdict"] != "scam" {
		t.Fatalf("status %d: kind %v verdict %v", resp.StatusCode, got["kind"], got["verdict"])
	}
}

func TestAPIErrorsSayWhatToDo(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxBodyBytes = 2000
	base, _ := startServer(t, cfg)
	cases := []struct {
		contentType, body string
		status            int
		code              string
	}{
		{"application/json", `{"text": `, 400, "bad_request"},
		{"application/json", `{"txt": "hello"}`, 400, "bad_request"},
		{"application/json", `{"text": "  "}`, 400, "empty"},
		{"application/json", `{"text": "hi", "channel": "fax"}`, 400, "bad_channel"},
		{"text/plain", `hello`, 415, "unsupported_media_type"},
		{"application/json", `{"text": "` + strings.Repeat("a", 3000) + `"}`, 413, "too_large"},
	}
	for _, c := range cases {
		resp, err := http.Post(base+"/api/v1/scan", c.contentType, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		var e apiError
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != c.status || e.Error.Code != c.code || e.Error.Message == "" || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s %.30q: %d %+v, want %d %s", c.contentType, c.body, resp.StatusCode, e, c.status, c.code)
		}
	}
}

func TestAPIRateLimit(t *testing.T) {
	cfg := DefaultConfig()
	cfg.RatePerMinute, cfg.Burst = 1, 3
	base, _ := startServer(t, cfg)
	var last int
	for i := 0; i < 5; i++ {
		resp, _ := postJSON(t, base+"/api/v1/scan", `{"text": "hello"}`)
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("the sixth quick scan got %d, want 429", last)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	postJSON(t, base+"/api/v1/scan", `{"text": "`+popupScam+`"}`)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`scamscan_scans_total{variant="popup",verdict="scam"} 1`, "scamscan_scan_seconds_bucket"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(string(body), "spyware") {
		t.Error("message text in the metrics")
	}
}

// formClient fetches the check page and returns a client with its cookie
// and the form's CSRF token.
func formClient(t *testing.T, base string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return formClientWith(t, &http.Client{Jar: jar}, base)
}

// formClientWith fetches the check page with client.
func formClientWith(t *testing.T, client *http.Client, base string) (*http.Client, string) {
	t.Helper()
	resp, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("the page lacks the %s header", h)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || bytes.Contains(page, []byte("<script")) {
		t.Error("the page must carry no script and forbid framing")
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the form")
	}
	return client, string(m[1])
}

func TestCheckPageShowsVerdictHighlightsAndPlan(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	client, token := formClient(t, base)
	text := popupScam + " <script>alert('x')</script>"
	resp, err := client.PostForm(base+"/check", url.Values{"csrf": {token}, "text": {text}, "channel": {"popup"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(page)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d:\n%s", resp.StatusCode, s)
	}
	for _, want := range []string{"This is a scam: a fake Windows or Microsoft security warning.", "<mark>0808 157 0412<sup>", "What gives it away", "Do this now", "Has anything happened yet?", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"} {
		if !strings.Contains(s, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	if strings.Contains(s, "<script>alert") {
		t.Error("the person's <script> was not escaped")
	}
}

func TestCheckFormRefusesWithoutCSRF(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	resp, err := http.PostForm(base+"/check", url.Values{"text": {popupScam}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(page), "This form has expired") {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	resp, _ := http.Get(base + "/api/v2/nothing")
	if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("API 404: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = http.Get(base + "/nothing")
	if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page 404: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestGuidesAreServed(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	resp, err := http.Get(base + "/guides")
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, g := range guides {
		if !strings.Contains(string(index), `href="/guides/`+g.slug+`"`) {
			t.Errorf("the guides page does not link to %s", g.slug)
		}
		resp, err := http.Get(base + "/guides/" + g.slug)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(page), "Where these facts come from") {
			t.Errorf("/guides/%s: %d, or no sources", g.slug, resp.StatusCode)
		}
	}
	if resp, _ := http.Get(base + "/guides/nothing"); resp.StatusCode != 404 {
		t.Errorf("an unknown guide gave %d", resp.StatusCode)
	}
}

// TestCheckPageDrawsBoxesOnAScreenshot: a screenshot comes back with the
// flags' words outlined on it, numbered as in the list.
func TestCheckPageDrawsBoxesOnAScreenshot(t *testing.T) {
	c, _ := testChecker()
	if c.OCR == nil {
		t.Skip("tesseract is not installed: apt-get install tesseract-ocr (.ci/run does) to run this test")
	}
	base, _ := startServer(t, DefaultConfig())
	client, token := formClient(t, base)
	body, contentType := multipartBody(t, map[string]string{"csrf": token}, alertScreenshot(t))
	resp, err := client.Post(base+"/check", contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(page)
	for _, want := range []string{"This is a scam", `<svg viewBox="0 0 1100 500"`, `href="data:image/png;base64,`, `<rect class="box"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the result page for a screenshot lacks %q", want)
		}
	}
}
