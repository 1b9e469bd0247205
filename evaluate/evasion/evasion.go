// Package evasion rewrites scam messages the ways scammers do to slip past
// filters, so the evaluation can measure how much of a scam the scanner
// still sees once its words change. Each rewrite is deterministic: the same
// message and seed always give the same text.
package evasion

import (
	"hash/fnv"
	"html"
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of rewrite, in the order reports list them.
var Kinds = []string{
	"synonyms", "word_order", "filler", "misspellings",
	"lookalikes", "spacing", "split_numbers", "html_hidden",
}

// Rewrite applies one kind of rewrite to a message, seeded by its name. It
// returns the new message and whether it is an HTML page (html_hidden).
func Rewrite(kind, name, text string) (string, bool) {
	h := fnv.New64a()
	h.Write([]byte(kind + "\x00" + name))
	rng := rand.New(rand.NewPCG(h.Sum64(), 7))
	switch kind {
	case "synonyms":
		return synonyms(text, rng), false
	case "word_order":
		return wordOrder(text, rng), false
	case "filler":
		return filler(text, rng), false
	case "misspellings":
		return eachWord(text, func(w string) string { return misspell(w, rng) }), false
	case "lookalikes":
		return eachWord(text, func(w string) string { return lookalike(w, rng) }), false
	case "spacing":
		return eachWord(text, func(w string) string { return spaceOut(w, rng) }), false
	case "split_numbers":
		return splitNumbers(text, rng), false
	case "html_hidden":
		return hiddenHTML(text, rng), true
	}
	panic("evasion: unknown kind " + kind)
}

var wordRe = regexp.MustCompile(`\p{L}[\p{L}'’]*`)

// eachWord rewrites every word, leaving spaces, digits and punctuation.
func eachWord(text string, f func(string) string) string {
	return wordRe.ReplaceAllStringFunc(text, f)
}

// synonymOf holds the other words a scammer reaches for. Lower case; the
// rewrite keeps a leading capital.
var synonymOf = map[string][]string{
	"computer":     {"machine", "device", "system", "laptop"},
	"pc":           {"machine", "device"},
	"infected":     {"contaminated", "compromised", "damaged"},
	"virus":        {"malware", "threat", "bug", "infection"},
	"viruses":      {"threats", "infections"},
	"hacked":       {"breached", "accessed", "broken into"},
	"hackers":      {"criminals", "attackers", "intruders"},
	"call":         {"ring", "phone", "dial", "contact"},
	"technician":   {"engineer", "specialist", "agent", "expert"},
	"technicians":  {"engineers", "specialists", "agents", "experts"},
	"support":      {"assistance", "help desk", "service"},
	"refund":       {"reimbursement", "repayment", "money back"},
	"refunded":     {"reimbursed", "repaid", "credited"},
	"immediately":  {"right away", "at once", "straight away", "now"},
	"urgent":       {"pressing", "critical", "time-sensitive"},
	"install":      {"download", "put on", "set up"},
	"download":     {"install", "get", "fetch"},
	"security":     {"protection", "safety", "defence"},
	"error":        {"fault", "problem", "issue"},
	"errors":       {"faults", "problems", "issues"},
	"expired":      {"lapsed", "run out", "ended"},
	"licence":      {"registration", "subscription", "key"},
	"license":      {"registration", "subscription", "key"},
	"payment":      {"fee", "charge", "transaction"},
	"pay":          {"settle", "cover", "clear"},
	"money":        {"funds", "cash", "amount"},
	"send":         {"transfer", "forward", "pass"},
	"account":      {"profile", "membership"},
	"blocked":      {"locked", "suspended", "frozen"},
	"warning":      {"alert", "notice", "caution"},
	"alert":        {"warning", "notice", "notification"},
	"cancel":       {"stop", "end", "terminate"},
	"renewal":      {"auto-renewal", "extension", "continuation"},
	"subscription": {"plan", "membership", "service"},
	"gift":         {"store", "voucher", "prepaid"},
	"cards":        {"vouchers", "codes"},
	"bank":         {"banking", "financial"},
	"screen":       {"display", "monitor"},
	"remote":       {"distance", "online"},
	"access":       {"connection", "entry", "control"},
	"microsoft":    {"the Windows company", "Windows"},
	"windows":      {"your operating system", "the system"},
	"department":   {"team", "division", "unit"},
	"customer":     {"client", "user"},
	"stolen":       {"taken", "compromised"},
	"detected":     {"found", "spotted", "identified"},
	"dangerous":    {"harmful", "risky", "malicious"},
	"contact":      {"reach", "get in touch with", "speak to"},
	"number":       {"line", "hotline"},
}

func synonyms(text string, rng *rand.Rand) string {
	return eachWord(text, func(w string) string {
		alts, ok := synonymOf[strings.ToLower(w)]
		if !ok {
			return w
		}
		alt := alts[rng.IntN(len(alts))]
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			a, size := utf8.DecodeRuneInString(alt)
			alt = string(unicode.ToUpper(a)) + alt[size:]
		}
		return alt
	})
}

var sentenceEnd = regexp.MustCompile(`[.!?]+\s+|\n+`)

// wordOrder shuffles the sentences, and within long sentences moves the
// part after the first comma to the front.
func wordOrder(text string, rng *rand.Rand) string {
	var sentences []string
	last := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(text, -1) {
		if s := strings.TrimSpace(text[last:loc[1]]); s != "" {
			sentences = append(sentences, s)
		}
		last = loc[1]
	}
	if s := strings.TrimSpace(text[last:]); s != "" {
		sentences = append(sentences, s)
	}
	rng.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })
	for i, s := range sentences {
		if head, tail, ok := strings.Cut(s, ", "); ok && len(head) > 10 && len(tail) > 10 {
			sentences[i] = strings.TrimRight(tail, ".!?") + ", " + head + "."
		}
	}
	return strings.Join(sentences, " ")
}

// fillers are ordinary words and sentences padded into a scam to make it
// read like everyday text.
var fillers = []string{
	"um,", "you know,", "basically,", "as I said,", "honestly,", "right,",
	"I hope you are keeping well.", "The weather has been lovely this week.",
	"Thanks again for your time today.", "Say hello to the family for me.",
	"We are here to help you anytime.", "Kind regards and best wishes.",
	"Did you see the football on Saturday?", "The shop on the corner is closed on Sundays.",
}

func filler(text string, rng *rand.Rand) string {
	words := strings.Fields(text)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if i > 0 && rng.IntN(6) == 0 {
			b.WriteString(fillers[rng.IntN(len(fillers))])
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// misspell changes some longer words: a swapped, dropped or doubled letter.
func misspell(w string, rng *rand.Rand) string {
	r := []rune(w)
	if len(r) < 5 || rng.IntN(3) != 0 {
		return w
	}
	i := 1 + rng.IntN(len(r)-2)
	switch rng.IntN(3) {
	case 0:
		r[i], r[i+1] = r[i+1], r[i]
	case 1:
		r = append(r[:i], r[i+1:]...)
	default:
		r = append(r[:i+1], r[i:]...)
	}
	return string(r)
}

// lookalikeOf are letters of other scripts that read as Latin ones.
var lookalikeOf = map[rune]rune{
	'a': 'а', 'e': 'е', 'o': 'о', 'c': 'с', 'p': 'р', 'x': 'х', 'y': 'у', 'i': 'і',
	'A': 'А', 'E': 'Е', 'O': 'О', 'C': 'С', 'P': 'Р', 'M': 'М', 'T': 'Т', 'H': 'Н',
}

// lookalike swaps one letter in half the words for a look-alike.
func lookalike(w string, rng *rand.Rand) string {
	if rng.IntN(2) != 0 {
		return w
	}
	r := []rune(w)
	for _, i := range rng.Perm(len(r)) {
		if l, ok := lookalikeOf[r[i]]; ok {
			r[i] = l
			break
		}
	}
	return string(r)
}

// spaceOut writes a third of the longer words with their letters apart.
func spaceOut(w string, rng *rand.Rand) string {
	if utf8.RuneCountInString(w) < 4 || rng.IntN(3) != 0 {
		return w
	}
	sep := []string{" ", ".", "-", "\u200b"}[rng.IntN(4)]
	return strings.Join(strings.Split(w, ""), sep)
}

var digitRun = regexp.MustCompile(`[0-9][0-9 ]{6,}[0-9]`)

// splitNumbers breaks long numbers across lines and spaces, as a scammer
// does to keep a phone number from being read.
func splitNumbers(text string, rng *rand.Rand) string {
	return digitRun.ReplaceAllStringFunc(text, func(n string) string {
		digits := strings.ReplaceAll(n, " ", "")
		var b strings.Builder
		for len(digits) > 0 {
			k := min(len(digits), 2+rng.IntN(3))
			if b.Len() > 0 {
				b.WriteString([]string{"\n", " ", " - ", "\n\n"}[rng.IntN(4)])
			}
			b.WriteString(digits[:k])
			digits = digits[k:]
		}
		return b.String()
	})
}

// hiddenHTML turns the message into a page whose visible words are the
// scam, with ordinary text hidden between them by CSS, and some words cut
// by hidden letters: a filter that reads every word of the page sees
// something else.
func hiddenHTML(text string, rng *rand.Rand) string {
	// Each way to hide text, as the tag that opens it and the one that
	// closes it; the first two are inline, so they may cut a word.
	hide := [][2]string{
		{`<span style="display:none">`, "</span>"}, {`<span hidden>`, "</span>"},
		{`<div style="visibility:hidden">`, "</div>"}, {`<font style="font-size:0">`, "</font>"},
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>Notice</title></head><body><p>")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<br>\n")
		}
		for j, w := range strings.Fields(line) {
			if j > 0 {
				b.WriteByte(' ')
			}
			if rng.IntN(5) == 0 {
				h := hide[rng.IntN(2)]
				if k := len(w) / 2; k > 1 {
					w = html.EscapeString(w[:k]) + h[0] + "qz" + h[1] + html.EscapeString(w[k:])
					b.WriteString(w)
					continue
				}
			}
			b.WriteString(html.EscapeString(w))
			if rng.IntN(8) == 0 {
				h := hide[rng.IntN(len(hide))]
				b.WriteString(" " + h[0] + html.EscapeString(fillers[rng.IntN(len(fillers))]) + h[1])
			}
		}
	}
	b.WriteString("</p></body></html>\n")
	return b.String()
}
