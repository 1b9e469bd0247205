package web

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html/template"
	"image"
	_ "image/jpeg" // pictures the result page can draw on
	_ "image/png"
	"io"
	"net/http"
	"sort"
	"strings"

	_ "golang.org/x/image/webp"

	"github.com/scamscan/scamscan/advice"
	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/claim/wizard"
	"github.com/scamscan/scamscan/intake"
	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/rules"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds each page's template, parsed once at start.
type pages struct{ byName map[string]*template.Template }

// guides are the guide pages, by the last part of their address, with
// their titles.
var guides = []struct{ slug, title string }{
	{"cold-call", "The cold call: \"your computer is infected\""},
	{"pop-up", "The fake warning in your web browser"},
	{"refund", "The fake refund and the fake invoice"},
	{"real-support", "What real Microsoft support looks like"},
	{"on-the-line-now", "A scammer is on the phone or in your computer now"},
	{"money-gone", "If money has gone"},
}

func loadPages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	names := []string{"check", "result", "notfound", "problem", "guides", "claim", "claim-letters", "claim-problem", "trends", "thanks"}
	for _, g := range guides {
		names = append(names, "guide-"+g.slug)
	}
	for _, name := range names {
		t, err := template.ParseFS(templateFS, "templates/layout.html", "templates/form.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.byName[name] = t
	}
	return p, nil
}

// pageData is what every page may show.
type pageData struct {
	Title    string
	CSRF     string
	Channels []string
	Problem  string
	Result   *resultView
	Claim    *claimView
	Trends   *trendsView
	Thanks   *thanksView
}

// renderPage writes a page; it renders to a buffer first so a template
// error gives a clean 500, never half a page.
func (s *server) renderPage(w http.ResponseWriter, status int, name string, data pageData) {
	var buf bytes.Buffer
	if err := s.pages.byName[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("template", "page", name, "error", err.Error())
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// The form's CSRF token is a random nonce and its HMAC, sent both as a
// SameSite=Strict cookie and as a hidden field; a post must carry both,
// equal and signed by this server.
const csrfCookie = "scamscan_csrf"

// csrfToken returns the token the browser already holds when it is ours,
// so a second tab, or a page reached with the browser's Back button,
// still posts; otherwise it makes a new one.
func (s *server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && s.signedByUs(c.Value) {
		return c.Value
	}
	nonce := make([]byte, 16)
	rand.Read(nonce)
	mac := hmac.New(sha256.New, s.csrfKey)
	mac.Write(nonce)
	token := hex.EncodeToString(nonce) + "." + hex.EncodeToString(mac.Sum(nil))
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return token
}

func (s *server) validCSRF(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	form := r.FormValue("csrf")
	return err == nil && form != "" && hmac.Equal([]byte(c.Value), []byte(form)) && s.signedByUs(form)
}

// signedByUs checks a token's HMAC with this server's key.
func (s *server) signedByUs(token string) bool {
	nonceHex, sigHex, ok := strings.Cut(token, ".")
	nonce, err1 := hex.DecodeString(nonceHex)
	sig, err2 := hex.DecodeString(sigHex)
	if !ok || err1 != nil || err2 != nil {
		return false
	}
	mac := hmac.New(sha256.New, s.csrfKey)
	mac.Write(nonce)
	return hmac.Equal(sig, mac.Sum(nil))
}

func (s *server) handleGuides(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, http.StatusOK, "guides", pageData{Title: "Guides"})
}

func (s *server) handleGuide(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("name")
	for _, g := range guides {
		if g.slug == slug {
			s.renderPage(w, http.StatusOK, "guide-"+slug, pageData{Title: g.title})
			return
		}
	}
	s.handleNotFound(w, r)
}

func (s *server) handleCheckPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, http.StatusOK, "check", pageData{Title: "Is this a scam?", CSRF: s.csrfToken(w, r), Channels: rules.Channels})
}

// handleCheckForm takes the form (pasted text or a file), checks it and
// shows the result page.
func (s *server) handleCheckForm(w http.ResponseWriter, r *http.Request) {
	problem := func(status int, msg string) {
		s.renderPage(w, status, "problem", pageData{Title: "We could not check that", Problem: msg, CSRF: s.csrfToken(w, r), Channels: rules.Channels})
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(http.StatusRequestEntityTooLarge, "That is too big for us to check. Paste only the message, or send a smaller file.")
			return
		}
		problem(http.StatusBadRequest, "The form did not arrive whole. Please try again.")
		return
	}
	if !s.validCSRF(r) {
		problem(http.StatusForbidden, "This form has expired. Please paste your message again and press Check.")
		return
	}
	if !s.limits.allow(r) {
		problem(http.StatusTooManyRequests, "You have checked a lot of messages in a short time. Please wait a minute and try again.")
		return
	}
	data := []byte(r.FormValue("text"))
	if file, _, err := r.FormFile("file"); err == nil {
		defer file.Close()
		if b, err := io.ReadAll(file); err == nil && len(b) > 0 {
			data = b
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		problem(http.StatusBadRequest, "There was nothing to check. Paste the message into the box, or choose a file.")
		return
	}
	channel := r.FormValue("channel")
	if channel != "" && !contains(rules.Channels, channel) {
		channel = ""
	}
	reports, err := s.scan(r.Context(), data, channel)
	if err != nil {
		var f *failure
		if errors.As(err, &f) {
			problem(f.status, f.message)
			return
		}
		s.log.Error("scan failed", "error", err.Error())
		problem(http.StatusInternalServerError, "Something went wrong on our side. Please try again.")
		return
	}
	shown := reports[0]
	for _, rep := range reports[1:] { // several messages: show the most worrying
		if scan.Rank(rep.Verdict) > scan.Rank(shown.Verdict) {
			shown = rep
		}
	}
	text := shown.Text
	if text == "" {
		text = string(data)
	}
	view := newResultView(shown, text)
	view.ClaimStart = hidden(wizard.FromResult(shown.Result), "")
	if s.store != nil {
		view.TellUs = newTellUs(shown, text)
	}
	if shown.Kind == intake.KindImage {
		view.Picture = newPictureView(data, shown.Flags)
	}
	s.renderPage(w, http.StatusOK, "result", pageData{Title: "Result", Result: view, CSRF: s.csrfToken(w, r)})
}

// resultView is a report arranged for the result page.
type resultView struct {
	check.Report
	Tone     string // scam, likely, careful, none: the colour and icon
	Icon     string
	Marked   []segment
	Now      []advice.Item
	Happened []advice.Item
	ReportIt []advice.Item
	// Picture is the person's screenshot with the flags' words boxed,
	// when they gave one.
	Picture *pictureView
	// ClaimStart is what the scan knows for the claim wizard, carried as
	// hidden fields so nothing is stored.
	ClaimStart []hiddenField
	// TellUs feeds the report and feedback forms; nil when the server
	// keeps no reports.
	TellUs *tellUs
}

// pictureView draws boxes on a picture: an SVG holding the picture (as a
// data URL, so nothing is stored) and a numbered rectangle per quote.
type pictureView struct {
	Src   template.URL
	W, H  int
	Boxes []boxView
}

type boxView struct {
	X, Y, W, H, Flag int
}

// newPictureView is nil unless data is a PNG, JPEG or WebP picture.
func newPictureView(data []byte, flags []scan.Flag) *pictureView {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg" && format != "webp") {
		return nil
	}
	p := &pictureView{
		// The bytes were just decoded as this format: the URL is ours, not
		// the person's text, so it may be trusted as a URL.
		Src: template.URL("data:image/" + format + ";base64," + base64.StdEncoding.EncodeToString(data)),
		W:   cfg.Width, H: cfg.Height,
	}
	for n, f := range flags {
		for _, ev := range f.Evidence {
			if ev.Box != nil {
				p.Boxes = append(p.Boxes, boxView{ev.Box.X - 4, ev.Box.Y - 4, ev.Box.W + 8, ev.Box.H + 8, n + 1})
			}
		}
	}
	return p
}

// markedFlags is how many flags have their words marked in the text.
const markedFlags = 5

// segment is a run of the person's text, marked with the number of the
// first red flag that quotes it (0 when none does).
type segment struct {
	Text string
	Flag int
}

func newResultView(rep check.Report, text string) *resultView {
	v := &resultView{Report: rep}
	switch rep.Verdict {
	case scan.Scam, scan.LikelyScam:
		v.Tone, v.Icon = "danger", "⚠"
	case scan.Suspicious:
		v.Tone, v.Icon = "careful", "!"
	default:
		v.Tone, v.Icon = "none", "ℹ"
	}
	for _, it := range rep.Advice {
		switch it.Section {
		case advice.Now:
			v.Now = append(v.Now, it)
		case advice.Happened:
			v.Happened = append(v.Happened, it)
		default:
			v.ReportIt = append(v.ReportIt, it)
		}
	}
	// Only the strongest flags' words are marked in the text (flags come
	// strongest first), so the main signs stand out; all are listed below.
	v.Marked = markText(text, rep.Flags[:min(len(rep.Flags), markedFlags)])
	return v
}

// markText cuts the text at every evidence boundary and marks each piece
// with the first flag quoting it. The template escapes every piece, so a
// message holding <script> shows as text.
func markText(text string, flags []scan.Flag) []segment {
	cuts := map[int]bool{0: true, len(text): true}
	for _, f := range flags {
		for _, ev := range f.Evidence {
			if ev.Source == "" && ev.End <= len(text) {
				cuts[ev.Start], cuts[ev.End] = true, true
			}
		}
	}
	points := make([]int, 0, len(cuts))
	for p := range cuts {
		points = append(points, p)
	}
	sort.Ints(points)
	var out []segment
	for i := 0; i+1 < len(points); i++ {
		a, b := points[i], points[i+1]
		flag := 0
		for n, f := range flags {
			for _, ev := range f.Evidence {
				if ev.Source == "" && ev.Start <= a && b <= ev.End {
					flag = n + 1
					break
				}
			}
			if flag != 0 {
				break
			}
		}
		out = append(out, segment{Text: text[a:b], Flag: flag})
	}
	return out
}
