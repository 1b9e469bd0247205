package intake

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/jhillyerd/enmime/v2"
	"golang.org/x/net/publicsuffix"

	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/entity"
	"github.com/scamscan/scamscan/scan/textnorm"
)

// The header lines shown at the top of an email's text, in this order.
var shownHeaders = []string{"From", "Reply-To", "To", "Date", "Subject"}

// readEmail reads one RFC 5322 message: the headers a person sees, the body
// (text, or the visible text of an HTML-only mail), the text of PDF
// attachments, and the signals of its headers and links.
func readEmail(ctx context.Context, data []byte) (scan.Document, error) {
	env, err := enmime.ReadEnvelope(bytes.NewReader(data))
	if err != nil {
		return scan.Document{}, fmt.Errorf("%w: the email could not be read: %v", ErrUnsupported, err)
	}
	var b strings.Builder
	for _, h := range shownHeaders {
		if v := strings.TrimSpace(env.GetHeader(h)); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", h, oneLine(v))
		}
	}
	b.WriteString("\n")
	body := env.Text
	var links []link
	if env.HTML != "" {
		page, err := readHTML([]byte(env.HTML))
		if err == nil {
			links = page.links
			if strings.TrimSpace(body) == "" {
				body = page.text
			}
		}
	}
	b.WriteString(strings.TrimSpace(body))
	b.WriteString("\n")
	for _, att := range append(env.Attachments, env.Inlines...) {
		if att.ContentType != "application/pdf" && !strings.HasSuffix(strings.ToLower(att.FileName), ".pdf") {
			continue
		}
		text, err := pdfText(ctx, att.Content)
		if err != nil {
			fmt.Fprintf(&b, "\n[Attached PDF %q could not be read: %v]\n", att.FileName, err)
			continue
		}
		fmt.Fprintf(&b, "\n[Attached PDF %q]\n%s\n", att.FileName, strings.TrimSpace(text))
		if b.Len() > MaxDecoded {
			return scan.Document{}, fmt.Errorf("%w: the text in its attachments is over %d MiB", ErrTooLarge, MaxDecoded>>20)
		}
	}
	doc := scan.Document{Channel: "email"}
	doc.Signals = headerSignals(env, data)
	text, linkSignals := appendLinks(b.String(), links)
	doc.Text = text
	doc.Signals = append(doc.Signals, linkSignals...)
	return doc, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// headerSignals finds what the headers give away, each pointing at its
// header line in the original file.
func headerSignals(env *enmime.Envelope, data []byte) []scan.Signal {
	var out []scan.Signal
	add := func(name, header string) {
		if start, end, ok := headerLineSpan(data, header); ok {
			out = append(out, scan.Signal{Kind: "email", Name: name, Start: start, End: end, Text: string(data[start:end])})
		}
	}
	from := firstAddress(env, "From")
	fromDomain := ""
	if from != nil {
		fromDomain = registrable(from.Address)
	}
	// A Microsoft name as the sender is impersonation; in the subject it
	// may only be the topic ("Windows 11 migration"), so it counts less.
	if fromDomain != "" && !entity.IsMicrosoftDomain(fromDomain) {
		switch {
		case namesMicrosoft(from.Name, true):
			add("from_brand_not_microsoft", "From")
		case namesMicrosoft(env.GetHeader("Subject"), false):
			add("subject_brand_not_microsoft", "Subject")
		}
	}
	// A mailing list sends every member's post with its own bounce and
	// reply addresses: that is how lists work, not a sign of anything.
	if header := mailingListHeader(env); header != "" {
		add("mailing_list", header)
	} else {
		if rt := firstAddress(env, "Reply-To"); rt != nil && fromDomain != "" && registrable(rt.Address) != "" && registrable(rt.Address) != fromDomain {
			add("reply_to_differs", "Reply-To")
		}
		// Return-Path is not an address list to enmime; "<>" means no bounces.
		if rp, err := mail.ParseAddress(env.GetHeader("Return-Path")); err == nil && fromDomain != "" && registrable(rp.Address) != "" && registrable(rp.Address) != fromDomain {
			add("return_path_differs", "Return-Path")
		}
	}
	for _, ar := range env.GetHeaderValues("Authentication-Results") {
		if authFailed.MatchString(ar) {
			add("auth_failed", "Authentication-Results")
			break
		}
	}
	return out
}

// listHeaders are set by list managers (RFC 2919 and 2369, and the older
// Mailing-List) and name the list. List-Unsubscribe is not among them:
// every newsletter, and many scams, carry one.
var listHeaders = []string{"List-Id", "List-Post", "List-Owner", "List-Subscribe", "List-Archive", "List-Help", "Mailing-List", "X-Mailing-List"}

// mailingListHeader says which header shows a list manager passed the
// email on, or "" when none does.
func mailingListHeader(env *enmime.Envelope) string {
	for _, h := range listHeaders {
		if env.GetHeader(h) != "" {
			return h
		}
	}
	if strings.EqualFold(strings.TrimSpace(env.GetHeader("Precedence")), "list") {
		return "Precedence"
	}
	return ""
}

// authFailed matches a failed check; "none" (no signature) is not a failure.
var authFailed = regexp.MustCompile(`(?i)\b(spf=(fail|softfail)|dkim=fail|dmarc=fail)\b`)

func firstAddress(env *enmime.Envelope, header string) *mail.Address {
	list, err := env.AddressList(header)
	if err != nil || len(list) == 0 {
		return nil
	}
	return list[0]
}

// registrable is the registrable domain of an address or host, or "".
func registrable(addressOrHost string) string {
	host := addressOrHost
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	host = strings.ToLower(strings.Trim(host, "<>. "))
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}

// microsoftNames are the names an impersonator puts in a sender's name.
var microsoftNames = map[string]bool{
	"microsoft": true, "office365": true,
	"msft": true, "xbox": true, "onedrive": true, "hotmail": true, "microsoft365": true,
}

// namesMicrosoft reads s as a person would (look-alike letters folded) and
// reports whether it names Microsoft. With asSender, "Windows" alone is a
// topic (a newsletter about it, a glazier's name) and only "Windows
// Security" and the like claim to be Microsoft; in a subject, any mention
// counts.
func namesMicrosoft(s string, asSender bool) bool {
	t := textnorm.Normalize(s)
	for i, tok := range t.Tokens {
		if microsoftNames[tok.Norm] || !asSender && slices.Contains(entity.EverydayBrandWords, tok.Norm) || tok.Norm == "office" && i+1 < len(t.Tokens) && t.Tokens[i+1].Norm == "365" {
			return true
		}
	}
	return asSender && entity.BorrowsEverydayName(t.Joined)
}

// headerLineSpan finds a header's line (with its folded continuation lines)
// in the header block of the original message.
func headerLineSpan(data []byte, name string) (int, int, bool) {
	blockEnd := bytes.Index(data, []byte("\n\n"))
	if crlf := bytes.Index(data, []byte("\r\n\r\n")); crlf >= 0 && (blockEnd < 0 || crlf < blockEnd) {
		blockEnd = crlf
	}
	if blockEnd < 0 {
		blockEnd = len(data)
	}
	lower := bytes.ToLower(data[:blockEnd])
	key := []byte(strings.ToLower(name) + ":")
	for pos := 0; pos < len(lower); {
		if bytes.HasPrefix(lower[pos:], key) {
			end := pos
			for {
				nl := bytes.IndexByte(data[end:blockEnd], '\n')
				if nl < 0 {
					end = blockEnd
					break
				}
				end += nl + 1
				if end >= blockEnd || (data[end] != ' ' && data[end] != '\t') {
					break
				}
			}
			return pos, len(bytes.TrimRight(data[pos:end], "\r\n")) + pos, true
		}
		nl := bytes.IndexByte(lower[pos:], '\n')
		if nl < 0 {
			break
		}
		pos += nl + 1
	}
	return 0, 0, false
}

// appendLinks lists the links of an HTML mail after its text, as a person
// would see them on hovering: the words shown, and where the link goes. It
// returns signals for the links that deceive, pointing at their lines.
func appendLinks(text string, links []link) (string, []scan.Signal) {
	var b strings.Builder
	b.WriteString(text)
	var out []scan.Signal
	listed := map[string]bool{}
	for _, l := range links {
		target := registrable(hostOf(l.href))
		if target == "" || listed[l.shown+"\x00"+l.href] {
			continue
		}
		listed[l.shown+"\x00"+l.href] = true
		if len(listed) == 1 {
			b.WriteString("\n[Links in this email: the words shown, then where each link really goes]\n")
		}
		start := b.Len()
		fmt.Fprintf(&b, "%s -> %s\n", oneLine(l.shown), l.href)
		end := b.Len() - 1
		line := b.String()[start:end]
		flag := func(name string) {
			out = append(out, scan.Signal{Kind: "email", Name: name, Start: start, End: end, InText: true, Text: line})
		}
		// Mailing services send every link through their own counter, so a
		// shop's link often goes elsewhere first. Showing Microsoft's own
		// address and going elsewhere is the deceit we look for.
		shown := registrable(hostOf(l.shown))
		if entity.IsMicrosoftDomain(shown) && shown != target {
			flag("link_text_mismatch")
		}
		// A look-alike or punycode address the link shows is in the text
		// for all to see, and the rules on addresses find it there; one
		// hidden behind words such as "click here" is a deceit of its own.
		// A picture's link is left to the rules on addresses: newsletters'
		// advert pictures link to products whose names borrow Microsoft's.
		hidden := strings.TrimSpace(l.shown) != "" && shown != target
		if u := entity.URLs(l.href); len(u) == 1 {
			for _, m := range u[0].Marks {
				switch {
				case m == "shortener":
					flag("link_shortener")
				case m == "lookalike" && hidden:
					flag("link_lookalike")
				case m == "punycode" && hidden:
					flag("link_punycode")
				}
			}
		}
	}
	return b.String(), out
}

// hostOf reads the host of a URL or of a bare domain as shown in a link.
func hostOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	} else if strings.ContainsAny(s, " \t") || !strings.Contains(s, ".") {
		return "" // shown words, not an address
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	return s
}

// readMbox splits an mbox into its messages and reads each; signals point
// into the mbox file.
func readMbox(ctx context.Context, data []byte) ([]Part, error) {
	var parts []Part
	starts := mboxStarts(data)
	if len(starts) > MaxMessages {
		return nil, fmt.Errorf("%w: the mbox holds %d messages; scamscan reads at most %d", ErrTooLarge, len(starts), MaxMessages)
	}
	for i, st := range starts {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading the mbox took too long: %w", err)
		}
		end := len(data)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		body := afterLine(data[st:end]) // drop the "From " separator line
		offset := end - len(body)
		// Unescaping ">From " lines in bodies leaves the headers, where
		// signals point, where they were.
		msg := bytes.ReplaceAll(body, []byte("\n>From "), []byte("\nFrom "))
		doc, err := readEmail(ctx, msg)
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i+1, err)
		}
		for k := range doc.Signals {
			if !doc.Signals[k].InText {
				doc.Signals[k].Start += offset
				doc.Signals[k].End += offset
			}
		}
		parts = append(parts, Part{Name: fmt.Sprintf("message %d", i+1), Kind: KindEmail, Doc: doc})
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: the mbox holds no messages", ErrUnsupported)
	}
	return parts, nil
}

// mboxStarts finds the "From " lines that begin messages.
func mboxStarts(data []byte) []int {
	var starts []int
	for pos := 0; pos < len(data); {
		if bytes.HasPrefix(data[pos:], []byte("From ")) && (pos == 0 || data[pos-1] == '\n') {
			starts = append(starts, pos)
		}
		nl := bytes.IndexByte(data[pos:], '\n')
		if nl < 0 {
			break
		}
		pos += nl + 1
	}
	return starts
}
