package intake

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seedFiles adds the test files matching pattern as fuzz seeds.
func seedFiles(f *testing.F, pattern string) {
	paths, _ := filepath.Glob(pattern)
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// checkParts is what every decoder must hold to, whatever the input:
// no panic (the fuzzer catches those), text within the limit, and every
// signal's span inside what it points into.
func checkParts(t *testing.T, data []byte, parts []Part) {
	for _, p := range parts {
		if len(p.Doc.Text) > MaxDecoded {
			t.Fatalf("text of %d bytes is over the limit", len(p.Doc.Text))
		}
		for _, s := range p.Doc.Signals {
			within := data
			if s.InText {
				within = []byte(p.Doc.Text)
			}
			if s.Start < 0 || s.End > len(within) || s.Start > s.End || string(within[s.Start:s.End]) != s.Text {
				t.Fatalf("signal %s has a bad span [%d,%d)", s.Name, s.Start, s.End)
			}
		}
	}
}

func fuzzRead(t *testing.T, data []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	parts, err := Read(ctx, data, Options{})
	if err == nil {
		checkParts(t, data, parts)
	}
}

func FuzzEmail(f *testing.F) {
	seedFiles(f, "../testdata/files/email/*.eml")
	seedFiles(f, "../testdata/files/email/*.mbox")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readEmail(context.Background(), data)
		if err == nil {
			checkParts(t, data, []Part{{Doc: doc}})
		}
		fuzzRead(t, data)
	})
}

func FuzzPage(f *testing.F) {
	seedFiles(f, "../testdata/files/pages/*.html")
	f.Add([]byte(trapPage))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readPage(context.Background(), data)
		if err == nil {
			checkParts(t, data, []Part{{Doc: doc}})
		}
	})
}

func FuzzPDF(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Add(invoicePDF(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		pdfText(context.Background(), data) // an error is fine; a panic or a hang is not
	})
}

func FuzzPicture(f *testing.F) {
	f.Add(bombPNG())
	f.Add([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPVP8 \x04\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// No OCR: this fuzzes the size checks and decoders, not tesseract.
		readImage(context.Background(), data, nil)
	})
}

func FuzzShapeAndTSV(f *testing.F) {
	f.Add("Caller: hello\nMe: hi\n", "5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t95\tCall\n")
	f.Fuzz(func(t *testing.T, text, tsv string) {
		Shape(text)
		parseTSV([]byte(tsv))
	})
}
