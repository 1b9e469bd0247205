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
		switch c := s[i]; {
		case c == 0xC2, c == 0xE2, c == '$', c == 'G', c == 'U', c == 'E', c >= '0' && c <= '9':
		default:
			continue // no amount starts here: £ and € begin with 0xC2 and 0xE2
		}
		for _, sy := range symbols {
			if !strings.HasPrefix(s[i:], sy.sym) {
				continue
			}
			j := i + len(sy.sym)
			for j < len(s) && s[j] == ' ' && j-i-len(sy.sym) < 1 {
				j++
			}
			if n, v, ok := readNumber(s, j); ok {
				out = append(out, Amount{Text: s[i:n], Value: v, Currency: sy.cur, Start: i, End: n})
				i = n - 1
			}
			break
		}
		if i < len(s) && s[i] >= '0' && s[i] <= '9' && (i == 0 || !isNumChar(s[i-1])) {
			n, v, ok := readNumber(s, i)
			if !ok {
				continue
			}
			gap := 0
			if n < len(s) && s[n] == ' ' {
				gap = 1
			}
			// Only the next few bytes can hold "pounds": never lower-case
			// the rest of the text (that made long texts quadratic).
			rest := strings.ToLower(s[n+gap : min(len(s), n+gap+7)])
			for _, w := range words {
				if strings.HasPrefix(rest, w.word) {
					end := n + gap + len(w.word)
					out = append(out, Amount{Text: s[i:end], Value: v, Currency: w.cur, Start: i, End: end})
					break
				}
			}
			i = n - 1
		}
	}
	return out
}

func isNumChar(c byte) bool {
	return c >= '0' && c <= '9' || c == ',' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '£' || c == '$'
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
