package textnorm

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func words(t *Text) string {
	out := make([]string, len(t.Tokens))
	for i, tok := range t.Tokens {
		out[i] = tok.Norm
	}
	return strings.Join(out, " ")
}

func TestNormalizeReadsDisguisedWords(t *testing.T) {
	cases := []struct{ in, want string }{
		{"MICROSOFT Support", "microsoft support"},
		{"M1crosoft and Micr0soft", "microsoft and microsoft"},
		{"M\u0456crosoft", "microsoft"},                // Cyrillic і
		{"\u041c\u0456cr\u043es\u043eft", "microsoft"}, // Cyrillic М, і, о
		{"Micro\u200bsoft", "microsoft"},               // zero-width space
		{"Any\u00adDesk", "anydesk"},                   // soft hyphen
		{"Any-Desk", "any desk"},
		{"don't tell", "dont tell"},
		{"M i c r o s o f t", "microsoft"},
		{"Ｍｉｃｒｏｓｏｆｔ", "microsoft"}, // full-width
		{"café", "cafe"},
		{"0800 157 0412", "0800 157 0412"}, // numbers stay numbers
		{"win10 covid19 3years", "win10 covid19 3years"},
	}
	for _, c := range cases {
		if got := words(Normalize(c.in)); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokensPointAtOriginalBytes(t *testing.T) {
	in := "Hello, M\u0456cro\u200bsoft calling!"
	text := Normalize(in)
	var found bool
	for _, tok := range text.Tokens {
		if tok.Norm == "microsoft" {
			found = true
			if got := in[tok.Start:tok.End]; got != "M\u0456cro\u200bsoft" {
				t.Errorf("span = %q, want the word as written", got)
			}
		}
	}
	if !found {
		t.Fatal("microsoft not found")
	}
}

func TestJoinedFramesEveryToken(t *testing.T) {
	text := Normalize("Call  us NOW")
	if text.Joined != " call us now " {
		t.Fatalf("Joined = %q", text.Joined)
	}
	for i := range text.Tokens {
		pos := strings.Index(text.Joined, " "+text.Tokens[i].Norm+" ") + 1
		if got := text.TokenAt(pos); got != i {
			t.Errorf("TokenAt(%d) = %d, want %d", pos, got, i)
		}
	}
}

func TestPhraseMatchesNormalize(t *testing.T) {
	if got := Phrase("Any-Desk  SUPPORT"); got != "any desk support" {
		t.Fatalf("Phrase = %q", got)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"M1crosoft", "M\u0456crosoft", "a\u200bb", "M i c r o", "\xff\xfe", "don't", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := Normalize(s)
		prevEnd := 0
		for _, tok := range text.Tokens {
			if tok.Start < prevEnd || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("bad span [%d,%d) after %d in %q", tok.Start, tok.End, prevEnd, s)
			}
			if tok.Norm == "" || strings.Contains(tok.Norm, " ") || !utf8.ValidString(tok.Norm) {
				t.Fatalf("bad token %q", tok.Norm)
			}
			prevEnd = tok.End
		}
	})
}
