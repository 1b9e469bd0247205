// Package entity finds the things in a message that a person or a bank acts
// on: phone numbers, web addresses and their domains, and sums of money.
// Each comes with its byte span in the original text.
package entity

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone is a telephone number as written, and what it is.
type Phone struct {
	Text string `json:"text"`
	E164 string `json:"e164"`
	Type string `json:"type"`
	UK   bool   `json:"uk"`
	// Service names a well-known public help line ("Report Fraud"); such a
	// number in a message is advice, not a scammer's number.
	Service string `json:"service,omitempty"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Phones finds telephone numbers. The phonenumbers module has no text
// matcher, so we find number-shaped runs ourselves (allowing the letter O for
// a zero, "+44 (0)", dots, dashes, spaced-out digits and one line break).
// UK numbers are read by Ofcom's numbering plan directly: phonenumbers spent
// about 100 µs on each (its regular expressions), more than the rest of a
// scan. It still reads foreign numbers.
func Phones(s string) []Phone {
	var out []Phone
	for i := 0; i < len(s); {
		if c := s[i]; !(isDigit(c) || c == '+' || c == '(' || lookalikeDigit[c] != 0) || !startsNumber(s, i) {
			i++
			continue
		}
		end, groups := numberRun(s, i)
		if p, ok := bestNumber(s, groups); ok {
			out = append(out, p)
		}
		i = end
	}
	return out
}

// group is a run of digits (or digit look-alikes) with its span.
type group struct{ start, end int }

// lookalikeDigit maps the characters people and OCR put for a digit: O for
// 0 ("O8O8"), and tesseract's Q, D and @ for 0 and l, I and | for 1.
// It is a table, not a map: it is read for every letter of the text.
var lookalikeDigit = func() (t [256]byte) {
	for _, c := range "OoQD@" {
		t[c] = '0'
	}
	for _, c := range "lI|" {
		t[c] = '1'
	}
	return t
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isDigitLike: a digit, or a look-alike next to a digit ("157 O412").
func isDigitLike(s string, i int) bool {
	c := s[i]
	if isDigit(c) {
		return true
	}
	if lookalikeDigit[c] != 0 {
		prev := i > 0 && isDigit(s[i-1])
		next := i+1 < len(s) && (isDigit(s[i+1]) || lookalikeDigit[s[i+1]] != 0 && i+2 < len(s) && isDigit(s[i+2]))
		return prev || next
	}
	return false
}

func startsNumber(s string, i int) bool {
	if i > 0 {
		p := s[i-1]
		if p >= 'a' && p <= 'z' || p >= 'A' && p <= 'Z' || p >= '0' && p <= '9' || p == '_' {
			return false
		}
	}
	if s[i] == '+' || s[i] == '(' {
		return i+1 < len(s) && isDigitLike(s, i+1)
	}
	return isDigitLike(s, i)
}

// maxRunDigits ends a run: no phone number has more digits, and a bounded
// run keeps the search for the number in it small (a long string of digits
// made it cubic).
const maxRunDigits = 16

// numberRun reads digit groups joined by short separators, from i.
func numberRun(s string, i int) (end int, groups []group) {
	newlines, digits := 0, 0
	j := i
	for j < len(s) {
		if isDigitLike(s, j) {
			k := j
			for k < len(s) && isDigitLike(s, k) {
				k++
			}
			if digits += k - j; digits > maxRunDigits {
				if len(groups) == 0 {
					end = k // one long block of digits: a code, not a phone
				}
				break
			}
			groups = append(groups, group{j, k})
			j = k
			end = k
			continue
		}
		// Separators: at most three in a row, one line break in the whole run.
		k, seps := j, 0
		for k < len(s) && seps < 4 && strings.IndexByte(" -.()+\t\n\r/", s[k]) >= 0 {
			if s[k] == '\n' {
				newlines++
			}
			if s[k] == '/' && (k+1 >= len(s) || s[k+1] != ' ') {
				break // dates like 15/6/2012 are not numbers
			}
			k++
			seps++
		}
		if k == j || seps >= 4 || newlines > 1 || k >= len(s) || !isDigitLike(s, k) {
			break
		}
		j = k
	}
	if end == 0 {
		end = i + 1
	}
	return end, groups
}

// bestNumber tries the whole run, then the run without its last groups, then
// without its first, and keeps the first reading that is a possible number.
func bestNumber(s string, groups []group) (Phone, bool) {
	for drop := 0; drop < len(groups); drop++ {
		if p, ok := parseGroups(s, groups[:len(groups)-drop]); ok {
			return p, true
		}
	}
	if len(groups) > 2 {
		return bestNumber(s, groups[1:])
	}
	return Phone{}, false
}

func parseGroups(s string, groups []group) (Phone, bool) {
	n := 0
	for _, g := range groups {
		n += g.end - g.start
	}
	if n < 10 || n > 14 { // +44 and a trunk zero make 13; nothing longer is a phone
		return Phone{}, false
	}
	start, end := groups[0].start, groups[len(groups)-1].end
	var digits strings.Builder
	for _, g := range groups {
		for k := g.start; k < g.end; k++ {
			c := s[k]
			if d := lookalikeDigit[c]; d != 0 {
				c = d
			}
			digits.WriteByte(c)
		}
	}
	d := digits.String()
	plus := start > 0 && s[start-1] == '+' || start > 1 && s[start-2] == '+' && s[start-1] == '('
	if plus {
		start = strings.LastIndexByte(s[:start], '+')
	}
	// "+44 (0) 20 ..." carries a trunk zero that must go.
	if strings.HasPrefix(d, "440") && plus {
		d = "44" + d[3:]
	}
	if len(d) < 10 || len(d) > 13 {
		return Phone{}, false
	}
	var e164, typ string
	var uk bool
	switch {
	case plus && strings.HasPrefix(d, "44"):
		e164, typ, uk = readUK(d[2:])
	case !plus && d[0] == '0':
		e164, typ, uk = readUK(d[1:])
	case plus:
		e164, typ = readForeign("+"+d, "ZZ")
	case len(d) == 11 && d[0] == '1' && usShaped(groups):
		e164, typ = readForeign("+"+d, "US") // 1-844-555-0134
	}
	if e164 == "" {
		return Phone{}, false
	}
	return Phone{
		Text:    s[start:end],
		E164:    e164,
		Type:    typ,
		UK:      uk,
		Service: publicServices[e164],
		Start:   start,
		End:     end,
	}, true
}

// usShaped: "1" then a three-digit area code, as in 1-844-555-0134 or
// 1 (844) 555 0134; anything else is not worth the slow foreign parser.
func usShaped(groups []group) bool {
	return len(groups) >= 3 && groups[0].end-groups[0].start == 1 && groups[1].end-groups[1].start == 3
}

// readUK reads a UK national significant number (the digits after the 0)
// by Ofcom's numbering plan: its length and what its leading digits are for.
func readUK(nsn string) (e164, typ string, ok bool) {
	if len(nsn) != 9 && len(nsn) != 10 {
		return "", "", false
	}
	typ = ukTypeByPrefix(nsn)
	if typ == "" {
		return "", "", false
	}
	return "+44" + nsn, typ, true
}

// readForeign lets phonenumbers parse and classify a number from elsewhere.
func readForeign(number, region string) (e164, typ string) {
	num, err := phonenumbers.Parse(number, region)
	if err != nil {
		return "", ""
	}
	t := phonenumbers.GetNumberType(num) // UNKNOWN when not a valid number
	if t == phonenumbers.UNKNOWN {
		return "", ""
	}
	e164 = phonenumbers.Format(num, phonenumbers.E164)
	// The parser drops a written trunk zero ("+49 0201 ..."); a number it
	// leaves shorter than parseGroups reads would not read back as itself,
	// so one number could be kept under two names.
	if n := len(e164) - 1; n < 10 || n > 13 {
		return "", ""
	}
	return e164, typeName(t)
}

// publicServices are help lines that warnings and advice quote (sources:
// reportfraud.police.uk, advicedirect.scot, ageuk.org.uk, citizensadvice.org.uk).
var publicServices = map[string]string{
	"+443001232040": "Report Fraud",
	"+448081646000": "Advice Direct Scotland",
	"+448006781602": "Age UK Advice Line",
	"+448082231133": "Citizens Advice consumer helpline",
}

func typeName(t phonenumbers.PhoneNumberType) string {
	switch t {
	case phonenumbers.FIXED_LINE, phonenumbers.FIXED_LINE_OR_MOBILE:
		return "fixed"
	case phonenumbers.MOBILE:
		return "mobile"
	case phonenumbers.TOLL_FREE:
		return "freephone"
	case phonenumbers.PREMIUM_RATE:
		return "premium"
	case phonenumbers.SHARED_COST:
		return "shared_cost"
	case phonenumbers.VOIP:
		return "voip"
	case phonenumbers.PERSONAL_NUMBER:
		return "personal"
	case phonenumbers.UAN:
		return "uan"
	}
	return "other"
}

// ukTypeByPrefix names what a UK number is for from its leading digits
// (Ofcom, the UK National Telephone Numbering Plan); "" when no number
// starts that way.
func ukTypeByPrefix(nsn string) string {
	switch {
	case nsn[0] == '1', nsn[0] == '2':
		return "fixed"
	case nsn[0] == '3':
		return "uan" // 03: non-geographic, charged as a geographic call
	case strings.HasPrefix(nsn, "56"):
		return "voip"
	case strings.HasPrefix(nsn, "70"):
		return "personal"
	case strings.HasPrefix(nsn, "76") && !strings.HasPrefix(nsn, "7624"):
		return "other" // pagers
	case nsn[0] == '7':
		return "mobile"
	case strings.HasPrefix(nsn, "800"), strings.HasPrefix(nsn, "808"), strings.HasPrefix(nsn, "500"):
		return "freephone"
	case strings.HasPrefix(nsn, "84"), strings.HasPrefix(nsn, "87"):
		return "shared_cost"
	case nsn[0] == '9':
		return "premium"
	case strings.HasPrefix(nsn, "55"):
		return "other" // corporate numbers
	}
	return ""
}
