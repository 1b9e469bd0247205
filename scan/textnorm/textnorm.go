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
	// tokOf[p] is the token at byte p of Joined (for a space, the token
	// after it), so a phrase match finds its words without a search.
	tokOf []int32
	// spans and buf are scratch kept for NormalizeInto.
	spans []span
	buf   []byte
}

// span is where a token lies in the joined buffer and in the original.
type span struct{ ns, ne, start, end int }

// TokenAt returns the index of the token that covers byte pos of Joined, or
// of the token that starts right after pos when pos is a space (the last
// token for the final space).
func (t *Text) TokenAt(pos int) int { return int(t.tokOf[pos]) }

// indexTokens fills tokOf from starts.
func (t *Text) indexTokens() {
	t.tokOf = t.tokOf[:0]
	for k, st := range t.starts {
		for len(t.tokOf) < st+len(t.Tokens[k].Norm) {
			t.tokOf = append(t.tokOf, int32(k))
		}
	}
	for len(t.tokOf) < len(t.Joined) {
		t.tokOf = append(t.tokOf, int32(max(len(t.Tokens)-1, 0)))
	}
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
func Normalize(s string) *Text { return NormalizeInto(&Text{}, s) }

// NormalizeInto is Normalize reusing the slices of dst, which it returns
// filled. It builds the joined text in one buffer and cuts every token's
// Norm out of it, so a message costs a few allocations, not one per word.
func NormalizeInto(dst *Text, s string) *Text {
	spans := dst.spans[:0]
	buf := append(dst.buf[:0], ' ')
	tokStart := -1 // offset in buf of the word being read
	wordStart, wordEnd := 0, 0
	flush := func() {
		if tokStart < 0 {
			return
		}
		foldDigits(buf[tokStart:])
		spans = append(spans, span{tokStart, len(buf), wordStart, wordEnd})
		buf = append(buf, ' ')
		tokStart = -1
	}
	addRune := func(r rune, i, size int) {
		if tokStart < 0 {
			tokStart, wordStart = len(buf), i
		}
		buf = utf8.AppendRune(buf, r)
		wordEnd = i + size
	}
	var folded [8]rune
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // the common case: plain ASCII
			if asciiWord[c] != 0 {
				// Copy the whole run of ASCII letters and digits at once.
				if tokStart < 0 {
					tokStart, wordStart = len(buf), i
				}
				for ; i < len(s) && asciiWord[s[i]] != 0; i++ {
					buf = append(buf, asciiWord[s[i]])
				}
				wordEnd = i
				continue
			}
			switch {
			case c == '\'' && tokStart >= 0 && i+1 < len(s) && isLetterOrDigit(s[i+1:]):
				// "don't" reads as "dont"; a quote after a word ends it.
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isInvisible(r):
			// Zero-width characters join the letters either side of them.
		case r == '’' && tokStart >= 0 && i+size < len(s) && isLetterOrDigit(s[i+size:]):
		default:
			parts := foldRune(r, folded[:0])
			for _, f := range parts {
				switch {
				case isWordRune(f):
					addRune(f, i, size)
				case len(parts) == 1:
					flush()
				}
				// Inside one character's expansion ("½" is "1⁄2") a
				// separator does not split the word: tokens never share a
				// character of the original.
			}
		}
		i += size
	}
	flush()
	joined := string(buf)
	t := dst
	t.spans, t.buf, t.Joined = spans, buf, joined
	t.Tokens, t.starts = t.Tokens[:0], t.starts[:0]
	for _, sp := range spans {
		t.Tokens = append(t.Tokens, Token{Norm: joined[sp.ns:sp.ne], Start: sp.start, End: sp.end})
		t.starts = append(t.starts, sp.ns)
	}
	if hasSpelledOut(s, t.Tokens) {
		t.rejoin(mergeSpelledOut(s, t.Tokens))
	}
	t.indexTokens()
	return t
}

// asciiWord maps ASCII letters and digits to their folded byte, and every
// other byte to 0.
var asciiWord = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

func isLetterOrDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Size is roughly how many bytes the text's slices hold, so a pool can
// let a very large one go.
func (t *Text) Size() int { return cap(t.buf) + cap(t.tokOf)*4 + cap(t.Tokens)*40 + cap(t.spans)*32 }

// rejoin rebuilds Joined and the token offsets of t after tokens were
// merged; t itself changes, so whoever holds it sees the merged tokens.
func (t *Text) rejoin(toks []Token) {
	var b strings.Builder
	b.WriteByte(' ')
	t.starts = t.starts[:0]
	for _, tok := range toks {
		t.starts = append(t.starts, b.Len())
		b.WriteString(tok.Norm)
		b.WriteByte(' ')
	}
	t.Tokens, t.Joined = toks, b.String()
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
var leet = [10]byte{'o', 'i', 0, 'e', 'a', 's', 0, 't', 0, 0}

// foldDigits reads digits as letters in a word that begins and ends with a
// letter ("m1crosoft", "micr0soft"), but leaves codes and numbers alone.
func foldDigits(w []byte) {
	if len(w) < 3 || isDigit(w[0]) || isDigit(w[len(w)-1]) {
		return
	}
	for i, c := range w {
		if isDigit(c) && leet[c-'0'] != 0 {
			w[i] = leet[c-'0']
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasSpelledOut is the cheap test for mergeSpelledOut: four one-character
// tokens in a row.
func hasSpelledOut(s string, toks []Token) bool {
	run := 0
	for i, tok := range toks {
		single := utf8.RuneCountInString(tok.Norm) == 1
		if single && (run == 0 || tok.Start-toks[i-1].End <= 2) {
			run++
			if run >= 4 {
				return true
			}
		} else if single {
			run = 1
		} else {
			run = 0
		}
	}
	return false
}

// mergeSpelledOut joins runs of four or more one-character tokens that are
// separated by at most two characters ("M i c r o s o f t", "0 8 0 8").
func mergeSpelledOut(s string, toks []Token) []Token {
	out := toks[:0]
	for i := 0; i < len(toks); {
		j := i
		for j+1 < len(toks) && utf8.RuneCountInString(toks[j].Norm) == 1 &&
			utf8.RuneCountInString(toks[j+1].Norm) == 1 && toks[j+1].Start >= toks[j].End && toks[j+1].Start-toks[j].End <= 2 &&
			!strings.ContainsAny(s[toks[j].End:toks[j+1].Start], "\n\r") {
			j++
		}
		if j-i+1 >= 4 {
			var b strings.Builder
			for k := i; k <= j; k++ {
				b.WriteString(toks[k].Norm)
			}
			w := []byte(b.String())
			foldDigits(w)
			out = append(out, Token{Norm: string(w), Start: toks[i].Start, End: toks[j].End})
			i = j + 1
			continue
		}
		out = append(out, toks[i])
		i++
	}
	return out
}
