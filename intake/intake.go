// Package intake turns what a person actually has (the bytes of a text, an
// email file, a saved page, a screenshot, a PDF) into documents the engine
// can scan: the text a person would read, plus the signals the file shows
// that a person would not see (a sender that does not match, a page that
// locks the keyboard). What a file is comes from its bytes, not its name.
package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/scamscan/scamscan/scan"
)

// Kinds of input.
const (
	KindText  = "text"
	KindEmail = "email"
	KindMbox  = "mbox"
	KindPage  = "page"
	KindImage = "image"
	KindPDF   = "pdf"
)

// Limits on what one input may hold. Everything decoded from a file counts
// against MaxDecoded, so a small file cannot unpack into a huge one.
const (
	MaxInput    = 25 << 20 // bytes read from one file
	MaxDecoded  = scan.MaxTextBytes
	MaxMessages = 500 // messages read from one mbox
)

// ErrTooLarge is wrapped by errors about inputs or decoded content over the
// limits.
var ErrTooLarge = errors.New("too large")

// ErrUnsupported is wrapped by errors about inputs scamscan cannot read.
var ErrUnsupported = errors.New("not a kind of file scamscan reads")

// Options tune reading.
type Options struct {
	// Channel is the person's hint (call, sms, email, popup, chat, web); it
	// wins over what the shape of the text suggests.
	Channel string
	// OCR reads text from pictures; nil means pictures are refused.
	OCR OCR
	// Timeout bounds the work on one input (OCR above all).
	Timeout time.Duration
}

// Part is one document read from an input, with a name when the input held
// several (the messages of an mbox).
type Part struct {
	Name string
	Kind string
	Doc  scan.Document
}

// Read turns one input into documents.
func Read(ctx context.Context, data []byte, opt Options) ([]Part, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("%w: the file is over %d MiB", ErrTooLarge, MaxInput>>20)
	}
	if opt.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Timeout)
		defer cancel()
	}
	kind := Detect(data)
	var parts []Part
	var err error
	if kind == KindMbox {
		parts, err = readMbox(ctx, data)
	} else {
		var doc scan.Document
		doc, err = readOne(ctx, kind, data, opt)
		parts = []Part{{Kind: kind, Doc: doc}}
	}
	if err != nil {
		return nil, err
	}
	for i := range parts {
		if len(parts[i].Doc.Text) > MaxDecoded {
			return nil, fmt.Errorf("%w: the text in it is over %d MiB", ErrTooLarge, MaxDecoded>>20)
		}
		if opt.Channel != "" {
			parts[i].Doc.Channel = opt.Channel
		}
	}
	return parts, nil
}

// readOne reads an input that holds one document.
func readOne(ctx context.Context, kind string, data []byte, opt Options) (scan.Document, error) {
	switch kind {
	case KindEmail:
		return readEmail(ctx, data)
	case KindPage:
		return readPage(ctx, data)
	case KindImage:
		return readImage(ctx, data, opt.OCR)
	case KindPDF:
		return readPDF(ctx, data)
	}
	return readText(data)
}

// Detect says what the bytes are.
func Detect(data []byte) string {
	head := data[:min(len(data), 4096)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")),
		bytes.HasPrefix(head, []byte("\xff\xd8\xff")),
		len(head) >= 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP")):
		return KindImage
	case bytes.HasPrefix(head, []byte("From ")) && looksLikeHeaders(afterLine(head)):
		return KindMbox
	case looksLikeHeaders(head):
		return KindEmail
	case looksLikeHTML(head):
		return KindPage
	}
	return KindText
}

func afterLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return nil
}

// looksLikeHeaders: the first lines are "Name: value" mail headers, with at
// least two of the ones every saved email has.
func looksLikeHeaders(b []byte) bool {
	known := 0
	for _, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			break // end of the header block
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // a folded header line
		}
		name, _, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || bytes.ContainsAny(name, " \t") {
			return false
		}
		switch string(bytes.ToLower(name)) {
		case "from", "to", "subject", "date", "received", "return-path", "message-id", "mime-version", "content-type", "delivered-to":
			known++
		}
	}
	return known >= 2
}

func looksLikeHTML(b []byte) bool {
	low := bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<script", "<!--"} {
		if bytes.HasPrefix(low, []byte(p)) {
			return true
		}
	}
	return bytes.Contains(low, []byte("<html")) && bytes.Contains(low, []byte("</"))
}

// readText checks that plain text is text, and reads its shape.
func readText(data []byte) (scan.Document, error) {
	if !looksLikeText(data) {
		return scan.Document{}, fmt.Errorf("%w: it does not look like text, an email, a web page, a picture or a PDF", ErrUnsupported)
	}
	text := string(data)
	return scan.Document{Text: text, Channel: Shape(text)}, nil
}

// looksLikeText refuses binary files: NUL bytes or much invalid UTF-8.
func looksLikeText(b []byte) bool {
	if len(b) > 8000 {
		b = b[:8000]
	}
	bad := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == 0 {
			return false
		}
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		b = b[size:]
	}
	return bad < 16
}
