package intake

import (
	"regexp"
	"strings"
)

// Shapes of pasted text, and the channel each means. A transcript has
// speaker labels or timestamps; a chat export has "date, time - name:" or
// "[date, time] name:" lines; a forwarded email has its header block.
var (
	timestampLine = regexp.MustCompile(`(?m)^\s*\[?\(?\d{1,2}:\d{2}(:\d{2})?\]?\)?\s`)
	speakerLine   = regexp.MustCompile(`(?m)^\s*(\[[^\]]{1,12}\]\s*)?(caller|me|agent|scammer|customer|operator|speaker ?\d|mum|dad|him|her|man|woman|technician|tech|victim|rep|support|q|a)\s*[:\-–]\s`)
	chatExport    = regexp.MustCompile(`(?m)^\[?\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}(:\d{2})?\]?( [ap]m)?\]? ?(- )?[^:\n]{1,40}: `)
	forwarded     = regexp.MustCompile(`(?im)^(-+ ?forwarded message ?-+|begin forwarded message:|-+ ?original message ?-+)\s*$`)
	headerLine    = regexp.MustCompile(`(?im)^(from|sent|to|subject|date):\s+\S`)
)

// Shape says which channel a pasted text's shape points to, or "" when it
// has no telling shape.
func Shape(text string) string {
	head := text[:min(len(text), 8000)]
	switch {
	case chatExport.MatchString(head) && len(chatExport.FindAllStringIndex(head, 3)) >= 2:
		return "chat"
	case forwarded.MatchString(head), len(headerLine.FindAllStringIndex(head, 4)) >= 3:
		return "email"
	case len(speakerLine.FindAllStringIndex(strings.ToLower(head), 3)) >= 2,
		len(timestampLine.FindAllStringIndex(head, 3)) >= 3:
		return "call"
	}
	return ""
}
