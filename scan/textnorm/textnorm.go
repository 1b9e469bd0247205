// Package textnorm turns a message into lower-case word tokens that a phrase
// matcher can compare, while remembering where each token came from in the
// original bytes. Scammers write "M1crosoft", "Mіcrosoft" (with a Cyrillic
// letter), "Any-Desk" and hide zero-width characters inside words; victims
// type in capitals. Every one of those must read the same as the plain word,
// and evidence must still point at what the person actually typed.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word of the normalised text.
type Token struct {
	// Norm is the folded form: lower case, Latin letters, no marks.
	Norm string
	// Start and End are byte offsets of the word in the original input.
	Start, End int
}

// Text is a tokenised message.
type Text struct {
	Tokens []Token
	// Joined is " tok1 tok2 ... tokN ": every token framed by single spaces,
	// so a phrase " any desk " can only match whole words.
	Joined string
	// starts[i] is the byte offset in Joined where token i begins.
	starts []int
}

// TokenAt returns the index of the token that covers byte pos of Joined, or
// of the token that starts right after pos when pos is a space.
func (t *Text) TokenAt(pos int) int {
	lo, hi := 0, len(t.starts)
	for lo < hi {
		mid := (lo + hi) / 2
		if t.starts[mid] <= pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	// lo is the first token starting after pos.
	if lo > 0 && pos < t.starts[lo-1]+len(t.Tokens[lo-1].Norm) {
		return lo - 1
	}
	if lo >= len(t.Tokens) {
		return len(t.Tokens) - 1
	}
	return lo
}

// TokenIndexAtByte returns the index of the first token that ends after the
// original byte offset off; len(Tokens) when none does.
func (t *Text) TokenIndexAtByte(off int) int {
	lo, hi := 0, len(t.Tokens)
	for lo < hi {
		mid := (lo + hi) / 2
		if t.Tokens[mid].End <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Phrase normalises a catalogue phrase the same way as message text, and
// returns its words joined by single spaces.
func Phrase(s string) string {
	t := Normalize(s)
	words := make([]string, len(t.Tokens))
	for i, tok := range t.Tokens {
		words[i] = tok.Norm
	}
	return strings.Join(words, " ")
}

// Normalize splits s into folded word tokens.
func Normalize(s string) *Text {
	t := &Text{Tokens: make([]Token, 0, len(s)/5+1)}
	var word []rune // folded runes of the word being read
	wordStart := -1
	wordEnd := 0
	flush := func() {
		if wordStart >= 0 && len(word) > 0 {
			t.Tokens = append(t.Tokens, Token{Norm: foldWord(word), Start: wordStart, End: wordEnd})
		}
		word = word[:0]
		wordStart = -1
	}
	var buf [8]rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isInvisible(r) {
			// Zero-width characters join the letters either side of them.
			i += size
			continue
		}
		if (r == '\'' || r == '’') && wordStart >= 0 && i+size < len(s) {
			// "don't" reads as "dont"; a quote after a word ends it.
			if next, _ := utf8.DecodeRuneInString(s[i+size:]); unicode.IsLetter(next) || unicode.IsDigit(next) {
				i += size
				continue
			}
		}
		for _, f := range foldRune(r, buf[:0]) {
			if isWordRune(f) {
				if wordStart < 0 {
					wordStart = i
				}
				word = append(word, f)
				wordEnd = i + size
			} else {
				flush()
			}
		}
		i += size
	}
	flush()
	t.Tokens = mergeSpelledOut(s, t.Tokens)
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	t.starts = make([]int, len(t.Tokens))
	for i, tok := range t.Tokens {
		t.starts[i] = b.Len()
		b.WriteString(tok.Norm)
		b.WriteByte(' ')
	}
	t.Joined = b.String()
	return t
}

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') ||
		r >= utf8.RuneSelf && unicode.IsLetter(r)
}

// isInvisible reports characters that render as nothing: zero-width spaces
// and joiners, the soft hyphen, the byte-order mark and other format marks.
func isInvisible(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r)
}

// foldRune appends the folded form of r to dst: lower case, compatibility
// forms decomposed (full-width letters, ligatures), accents dropped and
// look-alike letters from other scripts replaced by their Latin twins.
func foldRune(r rune, dst []rune) []rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, r)
	}
	if l, ok := lookalike[r]; ok {
		return append(dst, l)
	}
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		d = unicode.ToLower(d)
		if l, ok := lookalike[d]; ok {
			d = l
		}
		dst = append(dst, d)
	}
	return dst
}

// leet maps the digits that stand in for letters inside a word.
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't'}

// foldWord reads digits as letters in a word that begins and ends with a
// letter ("m1crosoft", "micr0soft"), but leaves codes and numbers alone.
func foldWord(w []rune) string {
	if len(w) >= 3 && !unicode.IsDigit(w[0]) && !unicode.IsDigit(w[len(w)-1]) {
		for i, r := range w {
			if l, ok := leet[r]; ok {
				w[i] = l
			}
		}
	}
	return string(w)
}

// mergeSpelledOut joins runs of four or more one-character tokens that are
// separated by at most two characters ("M i c r o s o f t", "0 8 0 8").
func mergeSpelledOut(s string, toks []Token) []Token {
	out := toks[:0]
	for i := 0; i < len(toks); {
		j := i
		for j+1 < len(toks) && utf8.RuneCountInString(toks[j].Norm) == 1 &&
			utf8.RuneCountInString(toks[j+1].Norm) == 1 && toks[j+1].Start-toks[j].End <= 2 &&
			!strings.ContainsAny(s[toks[j].End:toks[j+1].Start], "\n\r") {
			j++
		}
		if j-i+1 >= 4 {
			var b strings.Builder
			for k := i; k <= j; k++ {
				b.WriteString(toks[k].Norm)
			}
			out = append(out, Token{Norm: foldWord([]rune(b.String())), Start: toks[i].Start, End: toks[j].End})
			i = j + 1
			continue
		}
		out = append(out, toks[i])
		i++
	}
	return out
}
