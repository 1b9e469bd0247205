package intake

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"

	"github.com/scamscan/scamscan/scan"
)

// maxPDFPages bounds the pages read from one PDF: callback invoices are a
// page or two.
const maxPDFPages = 50

// maxPDFInflated bounds what a PDF's compressed streams may unpack to, all
// together: a small file can hold a stream that inflates a thousandfold.
const maxPDFInflated = 64 << 20

// readPDF reads a PDF's text, as a person would read the invoice.
func readPDF(ctx context.Context, data []byte) (scan.Document, error) {
	text, err := pdfText(ctx, data)
	if err != nil {
		return scan.Document{}, err
	}
	return scan.Document{Text: text}, nil
}

// pdfText extracts the text of each page, within the input's deadline,
// after checking what the file unpacks to.
func pdfText(ctx context.Context, data []byte) (string, error) {
	if err := checkInflation(data); err != nil {
		return "", err
	}
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		text, err := extractPDF(data)
		done <- result{text, err}
	}()
	select {
	case r := <-done:
		return r.text, r.err
	case <-ctx.Done():
		return "", fmt.Errorf("reading the PDF took too long: %w", ctx.Err())
	}
}

// checkInflation unpacks every compressed stream of the file, counting
// bytes, and refuses a file whose streams add up past maxPDFInflated.
func checkInflation(data []byte) error {
	total := int64(0)
	for rest := data; ; {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			return nil
		}
		body := rest[i+len("stream"):]
		body = bytes.TrimPrefix(bytes.TrimPrefix(body, []byte("\r")), []byte("\n"))
		end := bytes.Index(body, []byte("endstream"))
		if end < 0 {
			end = len(body)
		}
		if zr, err := zlib.NewReader(bytes.NewReader(body[:end])); err == nil {
			n, _ := io.Copy(io.Discard, io.LimitReader(zr, maxPDFInflated-total+1))
			total += n
			if total > maxPDFInflated {
				return fmt.Errorf("%w: the PDF unpacks to more than %d MiB", ErrTooLarge, maxPDFInflated>>20)
			}
		}
		rest = body[end:]
	}
}

// extractPDF reads the pages' text. The PDF reader may panic on a broken
// file; that becomes an error here, never a crash.
func extractPDF(data []byte) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: the PDF is damaged (%v)", ErrUnsupported, r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: the PDF could not be read: %v", ErrUnsupported, err)
	}
	n := r.NumPage()
	if n > maxPDFPages {
		return "", fmt.Errorf("%w: the PDF has %d pages; scamscan reads at most %d", ErrTooLarge, n, maxPDFPages)
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		page := r.Page(i)
		if page.V.IsNull() {
			continue
		}
		t, err := page.GetPlainText(nil)
		if err != nil {
			return "", fmt.Errorf("%w: page %d of the PDF could not be read: %v", ErrUnsupported, i, err)
		}
		b.WriteString(t)
		b.WriteString("\n")
		if b.Len() > MaxDecoded {
			return "", fmt.Errorf("%w: the text in the PDF is over %d MiB", ErrTooLarge, MaxDecoded>>20)
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", fmt.Errorf("%w: the PDF has no text in it (it may be a scanned picture)", ErrUnsupported)
	}
	return b.String(), nil
}
