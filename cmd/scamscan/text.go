package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/scamscan/scamscan/advice"
	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/scan"
)

// ANSI colours, used only on a terminal.
const (
	red    = "\x1b[1;31m"
	yellow = "\x1b[1;33m"
	green  = "\x1b[1;32m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

var variantNames = map[string]string{
	scan.ColdCall:  "Cold call: someone rang saying they were Microsoft",
	scan.Popup:     "Pop-up: a fake security warning in the web browser",
	scan.Refund:    "Refund: a fake refund or invoice, set up to take your money",
	scan.OtherScam: "Another kind of scam",
}

// writeText prints a report for a person: the verdict first, then why, then
// what to do.
func writeText(w io.Writer, rep check.Report, colour bool) {
	paint := func(c, s string) string {
		if !colour {
			return s
		}
		return c + s + reset
	}
	verdictColour := map[string]string{scan.Scam: red, scan.LikelyScam: red, scan.Suspicious: yellow, scan.NoKnownSigns: green}[rep.Verdict]
	fmt.Fprintln(w, paint(verdictColour, rep.Summary))
	if name, ok := variantNames[rep.Variant]; ok {
		fmt.Fprintf(w, "Kind: %s\n", name)
	}
	fmt.Fprintf(w, "Verdict: %s (%s)\n", rep.Verdict, chance(rep.Probability))
	if read, ok := readAs[rep.Kind]; ok {
		fmt.Fprintf(w, "Read as: %s\n", read)
	}
	if len(rep.Flags) > 0 {
		fmt.Fprintf(w, "\n%s\n", paint(bold, "Red flags"))
		for _, f := range rep.Flags {
			writeFlag(w, f, paint)
		}
	}
	if rep.Reported != nil && !rep.Reported.Checked {
		fmt.Fprintf(w, "\nNote: %s\n", rep.Reported.Note)
	}
	if len(rep.Reassurances) > 0 {
		fmt.Fprintf(w, "\n%s\n", paint(bold, "Signs that lowered concern"))
		for _, f := range rep.Reassurances {
			writeFlag(w, f, paint)
		}
	}
	titles := map[string]string{advice.Now: "Do this now", advice.Happened: "If any of this has happened", advice.Report: "Report it"}
	section := ""
	for _, it := range rep.Advice {
		if it.Section != section {
			section = it.Section
			fmt.Fprintf(w, "\n%s\n", paint(bold, titles[section]))
		}
		fmt.Fprintf(w, "  %s\n", it.Title)
		for i, s := range it.Steps {
			fmt.Fprintf(w, "    %d. %s\n", i+1, s)
		}
	}
	fmt.Fprintln(w)
}

func writeFlag(w io.Writer, f scan.Flag, paint func(string, string) string) {
	fmt.Fprintf(w, "- %s\n", f.Title)
	// Quotes from the file itself (a header line, a page's code) say so,
	// and a number other people reported says how many.
	fromFile := map[string]bool{}
	notes := map[string]string{}
	for _, ev := range f.Evidence {
		q := strings.Join(strings.Fields(ev.Text), " ")
		if ev.Source == "file" {
			fromFile[q] = true
		}
		if ev.Note != "" {
			notes[q] = ev.Note
		}
	}
	var quotes []string
	for _, q := range f.Quotes() {
		shown := `"` + oneLine(q) + `"`
		if fromFile[q] {
			shown = "in the file: " + shown
		}
		if n := notes[q]; n != "" {
			shown += " (" + n + ")"
		}
		quotes = append(quotes, shown)
	}
	if len(quotes) > 0 {
		fmt.Fprintf(w, "    Words: %s\n", paint(yellow, strings.Join(quotes, ", ")))
	}
	fmt.Fprintf(w, "    Why: %s\n", f.Why)
}

// readAs says what a file was read as, for inputs that were not plain text.
var readAs = map[string]string{
	"email": "an email (its headers, text, links and PDF attachments)",
	"page":  "a saved web page (what it shows, and what its code does)",
	"image": "a picture (its words read by tesseract)",
	"pdf":   "a PDF document",
}

// chance says the probability as a person reads it; never 0% or 100%,
// which would claim a certainty the scanner does not have.
func chance(p float64) string {
	switch {
	case p >= 0.99:
		return "over 99% likely a scam"
	case p < 0.01:
		return "under 1% likely a scam"
	}
	return fmt.Sprintf("%.0f%% likely a scam", p*100)
}

// oneLine keeps a quote on one line and short.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return s
}
