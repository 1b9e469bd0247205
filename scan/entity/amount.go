package entity

import (
	"strconv"
	"strings"
)

// Amount is a sum of money as written.
type Amount struct {
	Text     string  `json:"text"`
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
}

var symbols = []struct{ sym, cur string }{
	{"£", "GBP"}, {"$", "USD"}, {"€", "EUR"}, {"GBP", "GBP"}, {"USD", "USD"}, {"EUR", "EUR"},
}

var words = []struct{ word, cur string }{
	{"pounds", "GBP"}, {"pound", "GBP"}, {"quid", "GBP"}, {"dollars", "USD"}, {"euros", "EUR"},
}

// Amounts finds sums written "£299", "£ 4,500.00", "USD 49", "500 pounds".
func Amounts(s string) []Amount {
	var out []Amount
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if i > 0 && isNumChar(s[i-1]) || strings.HasSuffix(s[:i], "£") || strings.HasSuffix(s[:i], "€") {
				continue // inside a word, code or longer number
			}
			n, a, ok := numberThenWord(s, i)
			if ok {
				out = append(out, a)
			}
			i = n - 1
		case c == 0xC2 || c == 0xE2 || c == '$' || c == 'G' || c == 'U' || c == 'E':
			// £ and € begin with 0xC2 and 0xE2.
			if a, ok := symbolThenNumber(s, i); ok {
				out = append(out, a)
				i = a.End - 1
			}
		}
	}
	return out
}

// symbolThenNumber reads "£299" or "USD 49" starting at i.
func symbolThenNumber(s string, i int) (Amount, bool) {
	for _, sy := range symbols {
		if !strings.HasPrefix(s[i:], sy.sym) {
			continue
		}
		j := i + len(sy.sym)
		if j < len(s) && s[j] == ' ' {
			j++ // one space may follow the symbol
		}
		n, v, ok := readNumber(s, j)
		if !ok {
			return Amount{}, false
		}
		return Amount{Text: s[i:n], Value: v, Currency: sy.cur, Start: i, End: n}, true
	}
	return Amount{}, false
}

// numberThenWord reads "500 pounds" starting at i; it returns where the
// number ends either way, so the caller can skip past it.
func numberThenWord(s string, i int) (int, Amount, bool) {
	n, v, ok := readNumber(s, i)
	if !ok {
		return i + 1, Amount{}, false
	}
	gap := 0
	if n < len(s) && s[n] == ' ' {
		gap = 1
	}
	// Only the next few bytes can hold "pounds": never lower-case the rest
	// of the text (that made long texts quadratic).
	rest := strings.ToLower(s[n+gap : min(len(s), n+gap+7)])
	for _, w := range words {
		after := len(w.word)
		if strings.HasPrefix(rest, w.word) && (after == len(rest) || !isLetter(rest[after])) {
			end := n + gap + len(w.word)
			return n, Amount{Text: s[i:end], Value: v, Currency: w.cur, Start: i, End: end}, true
		}
	}
	return n, Amount{}, false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isNumChar: the byte before a number that makes it part of something
// else: a word, a code, a longer number, or a £ or $ read already.
func isNumChar(c byte) bool {
	return c >= '0' && c <= '9' || c == ',' || c == '.' || isLetter(c) || c == '$'
}

// readNumber reads "4,500.00" or "299" from i; it returns the end offset.
func readNumber(s string, i int) (int, float64, bool) {
	var b strings.Builder
	j := i
	for ; j < len(s); j++ {
		c := s[j]
		nextDigit := j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9'
		if c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else if c == ',' && nextDigit && b.Len() > 0 {
			continue // a thousands separator
		} else if c == '.' && nextDigit && !strings.Contains(b.String(), ".") {
			b.WriteByte('.')
		} else {
			break
		}
	}
	if b.Len() == 0 {
		return i, 0, false
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		return i, 0, false
	}
	return j, v, true
}
