package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for DecodeConfig
	_ "image/png"
	"os/exec"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp"

	"github.com/scamscan/scamscan/scan"
)

// Limits on pictures, checked from the header before anything is decoded,
// so a decompression bomb fails at once.
const (
	maxSide   = 12000
	maxPixels = 50_000_000
)

// OCR reads the words of a picture.
type OCR interface {
	Words(ctx context.Context, img []byte) ([]OCRWord, error)
}

// OCRWord is one word read from a picture, with the line it belongs to.
type OCRWord struct {
	Text string
	Box  scan.Box
	// Line numbers the lines of the picture in reading order.
	Line int
}

// ErrNoOCR is returned for a picture when the tesseract program is missing.
var ErrNoOCR = errors.New("reading pictures needs the tesseract program, which is not installed: install it with 'apt-get install tesseract-ocr' (Debian, Ubuntu) or 'brew install tesseract' (macOS)")

// readImage checks the picture's size, reads its words and lays them out
// as lines of text, each word keeping its box.
func readImage(ctx context.Context, data []byte, ocr OCR) (scan.Document, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return scan.Document{}, fmt.Errorf("%w: the picture could not be read: %v", ErrUnsupported, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxSide || cfg.Height > maxSide || cfg.Width*cfg.Height > maxPixels {
		return scan.Document{}, fmt.Errorf("%w: the %s picture is %d × %d pixels; scamscan reads pictures up to %d pixels a side and %d million pixels",
			ErrTooLarge, format, cfg.Width, cfg.Height, maxSide, maxPixels/1_000_000)
	}
	if ocr == nil {
		return scan.Document{}, ErrNoOCR
	}
	words, err := ocr.Words(ctx, data)
	if err != nil {
		return scan.Document{}, err
	}
	var b strings.Builder
	doc := scan.Document{}
	for i, w := range words {
		if i > 0 {
			if w.Line != words[i-1].Line {
				b.WriteString("\n")
			} else {
				b.WriteString(" ")
			}
		}
		start := b.Len()
		b.WriteString(w.Text)
		doc.Words = append(doc.Words, scan.Word{Start: start, End: b.Len(), Box: w.Box})
	}
	doc.Text = b.String()
	return doc, nil
}

// Tesseract runs the tesseract program, one process per picture.
type Tesseract struct {
	// Path is the program; "" finds tesseract on the PATH.
	Path string
}

// NewTesseract finds the tesseract program, or returns ErrNoOCR.
func NewTesseract() (*Tesseract, error) {
	p, err := exec.LookPath("tesseract")
	if err != nil {
		return nil, ErrNoOCR
	}
	return &Tesseract{Path: p}, nil
}

// Words runs "tesseract stdin stdout tsv" and reads each word with its box.
// The context's deadline stops a slow run.
func (t *Tesseract) Words(ctx context.Context, img []byte) ([]OCRWord, error) {
	cmd := exec.CommandContext(ctx, t.Path, "stdin", "stdout", "--psm", "3", "tsv")
	cmd.Stdin = bytes.NewReader(img)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("reading the picture took too long: %w", ctx.Err())
		}
		return nil, fmt.Errorf("tesseract could not read the picture: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return parseTSV(out.Bytes())
}

// parseTSV reads tesseract's TSV: level, page, block, paragraph, line, word,
// left, top, width, height, confidence, text; words are level 5.
func parseTSV(data []byte) ([]OCRWord, error) {
	var words []OCRWord
	lineIDs := map[string]int{}
	for i, row := range strings.Split(string(data), "\n") {
		f := strings.Split(strings.TrimRight(row, "\r"), "\t")
		if i == 0 || len(f) < 12 || f[0] != "5" {
			continue
		}
		text := strings.TrimSpace(f[11])
		if text == "" {
			continue
		}
		var n [4]int
		for k := range n {
			v, err := strconv.Atoi(f[6+k])
			if err != nil {
				return nil, fmt.Errorf("tesseract gave an unreadable box on row %d", i+1)
			}
			n[k] = v
		}
		key := f[1] + "." + f[2] + "." + f[3] + "." + f[4]
		if _, ok := lineIDs[key]; !ok {
			lineIDs[key] = len(lineIDs)
		}
		words = append(words, OCRWord{Text: text, Box: scan.Box{X: n[0], Y: n[1], W: n[2], H: n[3]}, Line: lineIDs[key]})
	}
	return words, nil
}
