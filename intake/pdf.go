package intake

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"

	"github.com/scamscan/scamscan/scan"
)

// maxPDFPages bounds the pages read from one PDF: callback invoices are a
// page or two.
const maxPDFPages = 50

// readPDF reads a PDF's text, as a person would read the invoice.
func readPDF(data []byte) (scan.Document, error) {
	text, err := pdfText(data)
	if err != nil {
		return scan.Document{}, err
	}
	return scan.Document{Text: text}, nil
}

// pdfText extracts the text of each page. The PDF reader may panic on a
// broken file; that becomes an error here, never a crash.
func pdfText(data []byte) (text string, err error) {
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
