package letterpdf

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"github.com/scamscan/scamscan/claim"
)

// extract reads the text of every page back out of a PDF.
func extract(t *testing.T, b []byte) (text string, pages int) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	var sb strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				sb.WriteString(w.S)
			}
			sb.WriteString("\n")
		}
	}
	return sb.String(), r.NumPage()
}

func TestPDFHoldsTheLetterText(t *testing.T) {
	out := claim.Output{Note: "Section 75: fits: the price was £129.00.", Letters: []string{
		"To: the disputes team, Barclaycard\n\nCardholder: Siân O'Connor\n\n" + strings.Repeat("A long paragraph that must wrap onto further lines of the page, and onto a second page. ", 70),
		"To: Steam\n\nPlease freeze any of this money.",
	}}
	var buf bytes.Buffer
	if err := Write(&buf, out, "Card dispute letter"); err != nil {
		t.Fatal(err)
	}
	text, pages := extract(t, buf.Bytes())
	if pages != 4 {
		t.Errorf("want the note and each letter on their own page, the long letter on 2: 4 pages; got %d", pages)
	}
	if strings.Contains(text, "Page 3") {
		t.Error("pages must be numbered within each letter, not across the document")
	}
	for _, want := range []string{"Read this first", "£129.00", "Barclaycard", "Siân O'Connor", "Please freeze any of this money", "Page 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

func TestEmptyOutputIsAnError(t *testing.T) {
	if err := Write(&bytes.Buffer{}, claim.Output{}, "x"); err == nil {
		t.Error("an empty PDF was written without complaint")
	}
}

// BenchmarkWrite measures one download: a note and two letters as a PDF.
func BenchmarkWrite(b *testing.B) {
	page := strings.Repeat("A line of a letter, long enough to wrap once it reaches the margin of the page. ", 40)
	out := claim.Output{Note: page, Letters: []string{page, page}}
	for b.Loop() {
		if err := Write(io.Discard, out, "x"); err != nil {
			b.Fatal(err)
		}
	}
}
