package intake

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/scamscan/scamscan/scan"
)

// link is an <a href> with the words it shows.
type link struct{ shown, href string }

// page is what a person sees of an HTML document, and its links.
type page struct {
	text  string
	links []link
}

// readPage reads a saved web page: its title, visible text and image alt
// texts, any text the page only writes at run time, and the tricks of fake
// alert pages in its code.
func readPage(ctx context.Context, data []byte) (scan.Document, error) {
	p, err := readHTML(data)
	if err != nil {
		return scan.Document{}, err
	}
	var b strings.Builder
	b.WriteString(p.text)
	signals, err := pageTricks(ctx, data)
	if err != nil {
		return scan.Document{}, err
	}
	decoded, decodedSignals, err := decodeHiddenText(data)
	if err != nil {
		return scan.Document{}, err
	}
	if len(decoded) > 0 {
		b.WriteString("\n\n[Text the page writes when it runs, decoded from its code]\n")
		for _, d := range decoded {
			b.WriteString(d)
			b.WriteString("\n")
			if b.Len() > MaxDecoded {
				return scan.Document{}, fmt.Errorf("%w: the text hidden in the page's code is over %d MiB", ErrTooLarge, MaxDecoded>>20)
			}
		}
	}
	signals = append(signals, decodedSignals...)
	channel := "web"
	if len(signals) > 0 {
		channel = "popup" // a page that fights the reader behaves like a pop-up
	}
	return scan.Document{Text: b.String(), Channel: channel, Signals: signals}, nil
}

// readHTML walks the DOM for the text a person sees.
func readHTML(data []byte) (page, error) {
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return page{}, fmt.Errorf("%w: the page could not be read: %v", ErrUnsupported, err)
	}
	var p page
	var b strings.Builder
	var title string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
				if n.DataAtom == atom.Head {
					if t := find(n, atom.Title); t != nil {
						title = textOf(t)
					}
				}
				return
			case atom.Img:
				if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
					fmt.Fprintf(&b, " [picture: %s] ", alt)
				}
			case atom.A:
				if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "#") && !strings.HasPrefix(strings.ToLower(href), "javascript:") {
					p.links = append(p.links, link{shown: strings.TrimSpace(textOf(n)), href: href})
				}
			}
			if hidden(n) {
				return
			}
			if isBlock(n.DataAtom) {
				b.WriteString("\n")
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && isBlock(n.DataAtom) {
			b.WriteString("\n")
		}
	}
	walk(root)
	text := tidy(b.String())
	if title = strings.TrimSpace(title); title != "" {
		text = "Page title: " + oneLine(title) + "\n\n" + text
	}
	p.text = text
	return p, nil
}

// hidden reports elements a person does not see.
func hidden(n *html.Node) bool {
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") || invisibleStyle.MatchString(style)
}

// invisibleStyle matches text drawn too small or too faint to see, which
// pads a page with words for filters while the person sees none of them.
var invisibleStyle = regexp.MustCompile(`(^|;)(font-size:0(\.0+)?(px|pt|em|rem|%)?|opacity:0(\.0+)?)(;|!|$)`)

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Tr,
		atom.Table, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Button, atom.Title, atom.Ul, atom.Ol, atom.Form, atom.Blockquote:
		return true
	}
	return false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func find(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// tidy trims each line and keeps at most one blank line in a row.
func tidy(s string) string {
	var out []string
	blank := true
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, line)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// trick is a fake-alert-page behaviour and how its code looks. Tricks are
// matched on the raw page, so each signal points at its code. The
// patterns start with a literal, so each is a quick pass over the page.
type trick struct {
	name string
	// needs are words the code cannot lack: a page without any of them is
	// skipped with a fast search instead of a regular expression.
	needs []string
	code  *regexp.Regexp
	// inLoop: the call counts only with a loop (setInterval, while, for)
	// in the few hundred bytes before it.
	inLoop bool
}

var tricks = []trick{
	{name: "fullscreen", needs: []string{"ullscreen", "ullScreen"}, code: regexp.MustCompile(`(?i)\b(request|webkitRequest|mozRequest|msRequest)Full[Ss]creen\s*\(`)},
	{name: "keyboard_lock", needs: []string{"keyboard"}, code: regexp.MustCompile(`\bkeyboard\s*\.\s*lock\s*\(`)},
	{name: "pointer_lock", needs: []string{"PointerLock"}, code: regexp.MustCompile(`\brequestPointerLock\s*\(`)},
	{name: "beforeunload", needs: []string{"eforeunload"}, code: regexp.MustCompile(`(?i)\bonbeforeunload\b|["']beforeunload["']`)},
	{name: "dialog_loop", needs: []string{"alert", "confirm", "prompt"}, code: regexp.MustCompile(`\b(alert|confirm|prompt)\s*\(`), inLoop: true},
	{name: "history_flood", needs: []string{"history"}, code: regexp.MustCompile(`\bhistory\s*\.\s*(pushState|replaceState)\s*\(`), inLoop: true},
	{name: "window_open_loop", needs: []string{"window"}, code: regexp.MustCompile(`\bwindow\s*\.\s*open\s*\(`), inLoop: true},
	{name: "autoplay_audio", needs: []string{"udio"}, code: regexp.MustCompile(`(?i)<audio\b[^>]*\bautoplay|\bnew\s+Audio\s*\(`)},
	{name: "hidden_cursor", needs: []string{"cursor"}, code: regexp.MustCompile(`(?i)\bcursor\s*:\s*none\b`)},
	{name: "blocked_keys", needs: []string{"keyCode", "which", "key", "ctrlKey", "altKey"}, code: regexp.MustCompile(`\b(keyCode|which)\s*===?\s*(27|122|123|17|18)\b|\bkey\s*===?\s*["'](Escape|F11|F12|Alt|Control)["']|\b(ctrlKey|altKey)\b`)},
	{name: "fake_progress", needs: []string{"setInterval"}, code: regexp.MustCompile(`\bsetInterval\s*\(`)},
}

// loopWords start a loop; progressWords show a bar being filled.
var (
	loopWords     = regexp.MustCompile(`\b(setInterval|while\s*\(|for\s*\()`)
	progressWords = regexp.MustCompile(`\.style\.width|progress|\+\+|%`)
)

// preventDefault must be near a key check for the keys to count as blocked.
var preventDefault = regexp.MustCompile(`preventDefault\s*\(|returnValue\s*=\s*false|return\s+false`)

// scanWords are the words of a fake scan.
var scanWords = regexp.MustCompile(`(?i)\b(scanning|scan complete|quick scan|infected|threats? found|virus(es)? found)\b`)

// pageTricks finds each trick once, at its first place in the code.
func pageTricks(ctx context.Context, data []byte) ([]scan.Signal, error) {
	var out []scan.Signal
	playsSound := bytes.Contains(data, []byte(".play("))
	for _, t := range tricks {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading the page took too long: %w", err)
		}
		if !containsAny(data, t.needs) || t.name == "fake_progress" && !scanWords.Match(data) {
			continue
		}
		// Look at the matches one by one, up to 50, and stop at the first
		// that counts.
		for n, from := 0, 0; n < 50; n++ {
			loc := t.code.FindIndex(data[from:])
			if loc == nil {
				break
			}
			start, end := from+loc[0], from+loc[1]
			from = end
			switch {
			case t.inLoop:
				before := data[max(0, start-300):start]
				l := loopWords.FindAllIndex(before, -1)
				if l == nil {
					continue
				}
				start = start - len(before) + l[len(l)-1][0] // show the loop too
			case t.name == "blocked_keys":
				if !preventDefault.Match(data[max(0, start-400):min(len(data), end+400)]) {
					continue
				}
			case t.name == "fake_progress":
				if !progressWords.Match(data[end:min(len(data), end+400)]) {
					continue
				}
			case t.name == "autoplay_audio":
				// new Audio(...) makes sound only with a .play() somewhere.
				if bytes.EqualFold(data[start:min(len(data), start+3)], []byte("new")) && !playsSound {
					continue
				}
			}
			out = append(out, scan.Signal{Kind: "page", Name: t.name, Start: start, End: end, Text: string(data[start:end])})
			break
		}
	}
	return out, nil
}

func containsAny(data []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(data, []byte(w)) {
			return true
		}
	}
	return false
}

// Text hidden in code: atob("base64"), unescape("%57%69"), "\x57\x69" and
// "\u0057" escapes, and String.fromCharCode(87, 105).
var (
	atobCall     = regexp.MustCompile(`\batob\s*\(\s*["']([A-Za-z0-9+/=\s]{16,})["']\s*\)`)
	unescapeCall = regexp.MustCompile(`\b(unescape|decodeURIComponent|decodeURI)\s*\(\s*["']((?:%[0-9A-Fa-f]{2}|[^"'%]){8,})["']\s*\)`)
	escapedStr   = regexp.MustCompile(`["']((?:\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}){8,})["']`)
	charCodes    = regexp.MustCompile(`\bString\.fromCharCode\s*\(\s*((?:\d{1,5}\s*,\s*){7,}\d{1,5})\s*\)`)
)

// decodeHiddenText decodes what can be decoded without running the page;
// decoded HTML is read for its visible text. More than MaxDecoded bytes
// of decoded text is an error.
func decodeHiddenText(data []byte) ([]string, []scan.Signal, error) {
	var texts []string
	var signals []scan.Signal
	total := 0
	add := func(loc []int, decoded string) {
		total += len(decoded)
		if decoded = strings.TrimSpace(decoded); decoded == "" || total > MaxDecoded {
			return
		}
		if strings.Contains(decoded, "<") {
			if p, err := readHTML([]byte(decoded)); err == nil {
				decoded = p.text
			}
		}
		texts = append(texts, decoded)
		snippet := data[loc[0]:min(loc[1], loc[0]+200)]
		signals = append(signals, scan.Signal{Kind: "page", Name: "decoded_text", Start: loc[0], End: loc[0] + len(snippet), Text: string(snippet)})
	}
	if !containsAny(data, []string{"atob", "unescape", "decodeURI", `\x`, `\u`, "fromCharCode"}) {
		return nil, nil, nil
	}
	for _, m := range atobCall.FindAllSubmatchIndex(data, 50) {
		raw := strings.Join(strings.Fields(string(data[m[2]:m[3]])), "")
		if dec, err := base64.StdEncoding.DecodeString(raw); err == nil {
			add(m, string(dec))
		}
	}
	for _, m := range unescapeCall.FindAllSubmatchIndex(data, 50) {
		if dec, err := url.PathUnescape(string(data[m[4]:m[5]])); err == nil {
			add(m, dec)
		}
	}
	for _, m := range escapedStr.FindAllSubmatchIndex(data, 50) {
		if dec, err := strconv.Unquote(`"` + string(data[m[2]:m[3]]) + `"`); err == nil {
			add(m, dec)
		}
	}
	for _, m := range charCodes.FindAllSubmatchIndex(data, 50) {
		var b strings.Builder
		for _, n := range strings.Split(string(data[m[2]:m[3]]), ",") {
			if v, err := strconv.Atoi(strings.TrimSpace(n)); err == nil && v > 0 && v < 0x110000 {
				b.WriteRune(rune(v))
			}
		}
		add(m, b.String())
	}
	if total > MaxDecoded {
		return nil, nil, fmt.Errorf("%w: the text hidden in the page's code is over %d MiB", ErrTooLarge, MaxDecoded>>20)
	}
	return texts, signals, nil
}
