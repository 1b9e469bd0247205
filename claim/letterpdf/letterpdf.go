// Package letterpdf lays out a claim tool's output as a PDF to print or
// send: the note for the person on its own page, then each letter on its
// own pages. It uses the Go fonts, which cover £, € and accented names.
package letterpdf

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/scamscan/scamscan/claim"
)

// Page layout, in millimetres and points.
const (
	margin     = 20.0
	fontSize   = 11.0
	lineHeight = 5.5
)

// Write writes out as a PDF. title names the document in the reader's
// window ("Card dispute letter").
func Write(w io.Writer, out claim.Output, title string) error {
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetTitle(title, true)
	doc.SetCreator("scamscan", true)
	doc.AddUTF8FontFromBytes("go", "", goregular.TTF)
	doc.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	doc.SetMargins(margin, margin, margin)
	doc.SetAutoPageBreak(true, margin)
	// Pages are numbered within each letter, since each is sent on its
	// own: a bank should not read "page 4" on the first page it gets.
	firstPage := 1
	doc.SetFooterFunc(func() {
		doc.SetY(-margin + 5)
		doc.SetFont("go", "", 9)
		doc.CellFormat(0, 5, fmt.Sprintf("Page %d", doc.PageNo()-firstPage+1), "", 0, "C", false, 0, "")
	})
	if note := strings.TrimSpace(out.Note); note != "" {
		doc.AddPage()
		firstPage = doc.PageNo()
		doc.SetFont("go", "B", fontSize+2)
		doc.MultiCell(0, lineHeight+1, "Read this first (this page is for you, not for sending)", "", "L", false)
		doc.Ln(lineHeight)
		body(doc, note)
	}
	for _, letter := range out.Letters {
		doc.AddPage()
		firstPage = doc.PageNo()
		body(doc, strings.TrimSpace(letter))
	}
	if doc.PageCount() == 0 {
		return fmt.Errorf("there is nothing to put in the PDF")
	}
	return doc.Output(w)
}

// body writes text line by line, wrapping long lines; a blank line keeps
// its space so paragraphs stay apart.
func body(doc *fpdf.Fpdf, text string) {
	doc.SetFont("go", "", fontSize)
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			doc.Ln(lineHeight)
			continue
		}
		doc.MultiCell(0, lineHeight, line, "", "L", false)
	}
}
