package intake

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/scamscan/scamscan/scan"
)

func read1(t *testing.T, data string) Part {
	t.Helper()
	parts, err := Read(context.Background(), []byte(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 {
		t.Fatalf("%d parts, want 1", len(parts))
	}
	return parts[0]
}

func signal(doc scan.Document, name string) (scan.Signal, bool) {
	for _, s := range doc.Signals {
		if s.Name == name {
			return s, true
		}
	}
	return scan.Signal{}, false
}

const scamHeaders = "Return-Path: <bounce@bulk-sender.example>\r\n" +
	"Authentication-Results: mx.mail.example; spf=softfail smtp.mailfrom=bulk-sender.example; dkim=none; dmarc=fail header.from=ms-renewals.example\r\n" +
	"From: =?UTF-8?B?TWljcm9zb2Z0IEJpbGxpbmc=?= <billing@ms-renewals.example>\r\n" +
	"Reply-To: refunds@other-desk.example\r\n" +
	"To: mary@example.co.uk\r\n" +
	"Subject: =?utf-8?Q?Your_Microsoft_365_renewal_=E2=80=93_order_#4471?=\r\n" +
	"Date: Mon, 2 Nov 2026 09:00:00 +0000\r\n" +
	"MIME-Version: 1.0\r\n"

func TestEmailQuotedPrintableAndHeaderSignals(t *testing.T) {
	eml := scamHeaders +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Your subscription was renewed for =C2=A3349.99. If you didn=E2=80=99t authorise this, cal=\r\n" +
		"l our billing team on 0808 157 0455 to cancel.\r\n"
	p := read1(t, eml)
	if p.Kind != KindEmail || p.Doc.Channel != "email" {
		t.Fatalf("kind %s channel %s", p.Kind, p.Doc.Channel)
	}
	for _, want := range []string{"From: Microsoft Billing <billing@ms-renewals.example>", "Subject: Your Microsoft 365 renewal – order #4471", "£349.99", "didn’t authorise this, call our billing team on 0808 157 0455"} {
		if !strings.Contains(p.Doc.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, p.Doc.Text)
		}
	}
	for name, line := range map[string]string{
		"from_brand_not_microsoft": "From: =?UTF-8?B?TWljcm9zb2Z0IEJpbGxpbmc=?= <billing@ms-renewals.example>",
		"reply_to_differs":         "Reply-To: refunds@other-desk.example",
		"return_path_differs":      "Return-Path: <bounce@bulk-sender.example>",
		"auth_failed":              "Authentication-Results: mx.mail.example; spf=softfail",
	} {
		s, ok := signal(p.Doc, name)
		if !ok {
			t.Errorf("no %s signal", name)
			continue
		}
		if eml[s.Start:s.End] != s.Text || !strings.HasPrefix(s.Text, line) {
			t.Errorf("%s points at %q, want the header line %q of the original", name, eml[s.Start:s.End], line)
		}
	}
	res := scanDoc(t, p.Doc)
	if res.Verdict != scan.Scam || res.Variant != scan.Refund {
		t.Errorf("verdict %s %s, want scam refund", res.Verdict, res.Variant)
	}
}

func TestEmailBase64Latin1AndHTMLOnly(t *testing.T) {
	latin1 := base64.StdEncoding.EncodeToString([]byte("Pay \xa3299 for 3 years of protection.\n"))
	eml := "From: Shop <orders@shop.example>\r\nTo: a@b.example\r\nSubject: Order\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n" + latin1 + "\r\n"
	if p := read1(t, eml); !strings.Contains(p.Doc.Text, "Pay £299 for 3 years") {
		t.Errorf("base64 Latin-1 body not decoded: %q", p.Doc.Text)
	}
	html := "From: Microsoft account team <account-security-noreply@accountprotection.microsoft.com>\r\nTo: a@b.example\r\nSubject: Security alert\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n" +
		"Authentication-Results: mx.example; spf=pass; dkim=pass; dmarc=pass\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<html><body><p>We noticed a new sign-in.</p><p style=\"display:none\">hidden tracking words</p>" +
		"<p>Review it at <a href=\"https://account.microsoft.com/activity\">account.microsoft.com/activity</a></p></body></html>\r\n"
	p := read1(t, html)
	if !strings.Contains(p.Doc.Text, "We noticed a new sign-in.") || len(p.Doc.Signals) != 0 {
		t.Errorf("HTML-only mail: text %q, signals %+v", p.Doc.Text, p.Doc.Signals)
	}
	if res := scanDoc(t, p.Doc); res.Verdict != scan.NoKnownSigns {
		t.Errorf("a genuine Microsoft alert came out %s: %+v", res.Verdict, res.Flags)
	}
}

func TestEmailLinkThatShowsOneSiteAndGoesToAnother(t *testing.T) {
	eml := "From: Billing <billing@shop.example>\r\nTo: a@b.example\r\nSubject: Invoice\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPay at https://account.microsoft.com/billing\r\n" +
		"--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Pay at <a href=\"http://xn--mcrosoft-thh.com/billing\">https://account.microsoft.com/billing</a></p>\r\n--b1--\r\n"
	p := read1(t, eml)
	if !strings.Contains(p.Doc.Text, "Pay at https://account.microsoft.com/billing") {
		t.Errorf("multipart/alternative should show the text part: %q", p.Doc.Text)
	}
	for _, name := range []string{"link_text_mismatch", "link_punycode", "link_lookalike"} {
		s, ok := signal(p.Doc, name)
		if !ok || !s.InText || p.Doc.Text[s.Start:s.End] != "https://account.microsoft.com/billing -> http://xn--mcrosoft-thh.com/billing" {
			t.Errorf("%s: %+v", name, s)
		}
	}
}

// invoicePDF makes a one-page callback invoice.
func invoicePDF(t testing.TB) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Cell(0, 10, "INVOICE 55821 - Norton 360 Deluxe auto-renewal")
	pdf.Ln(10)
	pdf.Cell(0, 10, "Amount charged: GBP 349.99")
	pdf.Ln(10)
	pdf.Cell(0, 10, "If you did not authorise this payment call 0808 157 0433 to cancel.")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEmailWithPDFInvoiceAttachment(t *testing.T) {
	att := base64.StdEncoding.EncodeToString(invoicePDF(t))
	eml := "From: Accounts <accounts@norton-billing.example>\r\nTo: a@b.example\r\nSubject: Your invoice\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n" +
		"--m\r\nContent-Type: text/plain\r\n\r\nPlease find your invoice attached.\r\n" +
		"--m\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		att + "\r\n--m--\r\n"
	p := read1(t, eml)
	if !strings.Contains(p.Doc.Text, `[Attached PDF "invoice.pdf"]`) || !strings.Contains(p.Doc.Text, "0808 157 0433") {
		t.Fatalf("the PDF's text is not in the email's text:\n%s", p.Doc.Text)
	}
	res := scanDoc(t, p.Doc)
	if !firedIn(res, "callback_invoice") || scan.Rank(res.Verdict) < scan.Rank(scan.LikelyScam) {
		t.Errorf("a callback invoice hidden in a PDF: %s, flags %v", res.Verdict, res.Flags)
	}
}

func TestPDFOnItsOwnAndBroken(t *testing.T) {
	p := read1(t, string(invoicePDF(t)))
	if p.Kind != KindPDF || !strings.Contains(p.Doc.Text, "call 0808 157 0433 to cancel") {
		t.Fatalf("kind %s text %q", p.Kind, p.Doc.Text)
	}
	_, err := Read(context.Background(), []byte("%PDF-1.4\n1 0 obj broken"), Options{})
	if err == nil {
		t.Fatal("a broken PDF was read")
	}
}

func TestMboxSplitsMessagesAndKeepsOffsets(t *testing.T) {
	msg1 := "From: Windows Defender <alerts@defender-alerts.example>\nTo: a@b.example\nSubject: Virus found\nDate: Mon, 2 Nov 2026 09:00:00 +0000\n\nYour PC is infected. Call 0808 157 0412.\n>From here on, act fast.\n"
	msg2 := "From: Tom <tom@family.example>\nTo: a@b.example\nSubject: Lunch\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\nSee you Sunday.\n"
	mbox := "From alerts@defender-alerts.example Mon Nov  2 09:00:00 2026\n" + msg1 + "\nFrom tom@family.example Mon Nov  2 10:00:00 2026\n" + msg2
	parts, err := Read(context.Background(), []byte(mbox), Options{})
	if err != nil || len(parts) != 2 {
		t.Fatalf("%d parts, err %v", len(parts), err)
	}
	if !strings.Contains(parts[0].Doc.Text, "From here on") || parts[1].Name != "message 2" {
		t.Errorf("parts %+v", parts)
	}
	s, ok := signal(parts[0].Doc, "from_brand_not_microsoft")
	if !ok || mbox[s.Start:s.End] != "From: Windows Defender <alerts@defender-alerts.example>" {
		t.Errorf("the signal must point into the mbox file: %+v", s)
	}
}

var testEngine = sync.OnceValues(func() (*scan.Engine, error) { return scan.New("") })

func scanDoc(t *testing.T, doc scan.Document) scan.Result {
	t.Helper()
	eng, err := testEngine()
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Scan(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPDFThatUnpacksTooFar: a small file whose stream inflates a hundredfold
// past the limit is refused before the PDF reader unpacks it.
func TestPDFThatUnpacksTooFar(t *testing.T) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, maxPDFInflated+1<<20))
	zw.Close()
	bomb := fmt.Sprintf("%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n", z.Len(), z.Bytes())
	if len(bomb) > 1<<20 {
		t.Fatalf("the test file should be small, is %d bytes", len(bomb))
	}
	_, err := Read(context.Background(), []byte(bomb), Options{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "unpacks to more than 64 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestEmailFromAMailingList(t *testing.T) {
	const head = "From: Ann <ann@home-example.co.uk>\r\nTo: gardeners@lists-example.org\r\nSubject: Re: tomatoes\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n" +
		"Reply-To: gardeners@lists-example.org\r\n"
	for _, h := range []string{"List-Id: <gardeners.lists-example.org>", "List-Post: <mailto:gardeners@lists-example.org>",
		"List-Owner: <mailto:owner@lists-example.org>", "List-Subscribe: <mailto:join@lists-example.org>",
		"List-Archive: <https://lists-example.org/gardeners>", "List-Help: <mailto:help@lists-example.org>",
		"Mailing-List: list gardeners@lists-example.org", "X-Mailing-List: gardeners@lists-example.org", "Precedence: list"} {
		p := read1(t, head+h+"\r\n\r\nMine are ripe too.\r\n")
		s, ok := signal(p.Doc, "mailing_list")
		if !ok || s.Text != h {
			t.Errorf("%s: mailing_list signal %+v", h, s)
		}
		if _, ok := signal(p.Doc, "reply_to_differs"); ok {
			t.Errorf("%s: a list's own reply address counted as a red flag", h)
		}
	}
	for _, h := range []string{"List-Unsubscribe: <mailto:stop@lists-example.org>", "Precedence: bulk"} {
		p := read1(t, head+h+"\r\n\r\nMine are ripe too.\r\n")
		if _, ok := signal(p.Doc, "mailing_list"); ok {
			t.Errorf("%s alone (every newsletter, and many scams, carry it) read as a mailing list", h)
		}
		if _, ok := signal(p.Doc, "reply_to_differs"); !ok {
			t.Errorf("%s alone: the reply address going elsewhere was not flagged", h)
		}
	}
}
