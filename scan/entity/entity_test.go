package entity

import (
	"strings"
	"testing"
	"time"
)

func TestPhonesInTheWaysPeopleWriteThem(t *testing.T) {
	cases := []struct {
		in, text, e164, typ string
	}{
		{"Call 0808 157 0412 now", "0808 157 0412", "+448081570412", "freephone"},
		{"ring +44 (0) 20 7946 0321.", "+44 (0) 20 7946 0321", "+442079460321", "fixed"},
		{"number 0808 157 O412 ok", "0808 157 O412", "+448081570412", "freephone"},
		{"O8O8 157 0412", "O8O8 157 0412", "+448081570412", "freephone"},
		{"0 8 0 8 1 5 7 0 4 1 2", "0 8 0 8 1 5 7 0 4 1 2", "+448081570412", "freephone"},
		{"text 07700 900123", "07700 900123", "+447700900123", "mobile"},
		{"Toll free +1 (844) 555-0134", "+1 (844) 555-0134", "+18445550134", "freephone"},
		{"call 0808 157\n0412 today", "0808 157\n0412", "+448081570412", "freephone"},
		{"08081570412", "08081570412", "+448081570412", "freephone"},
		{"team on Q808 157 @455 to cancel", "Q808 157 @455", "+448081570455", "freephone"}, // as tesseract read it
		{"ring O2O 7946 O3l2", "O2O 7946 O3l2", "+442079460312", "fixed"},
	}
	for _, c := range cases {
		got := Phones(c.in)
		if len(got) != 1 {
			t.Errorf("Phones(%q) found %d numbers, want 1: %+v", c.in, len(got), got)
			continue
		}
		p := got[0]
		if p.Text != c.text || p.E164 != c.e164 || p.Type != c.typ || c.in[p.Start:p.End] != p.Text {
			t.Errorf("Phones(%q) = %+v, want %q %s %s", c.in, p, c.text, c.e164, c.typ)
		}
	}
}

func TestPhonesIgnoresNumbersThatAreNotPhones(t *testing.T) {
	for _, in := range []string{
		"on 15/6/2012 at 10.30", "error 0x80070643", "order 1234567", "£4,500.00",
		"sort code 12-34-56", "case 88231", "KB5034441",
	} {
		if got := Phones(in); len(got) != 0 {
			t.Errorf("Phones(%q) = %+v, want none", in, got)
		}
	}
}

// TestPhonesLongDigitRunsStayCheap: a long run of digits once made the
// search for a number in it cubic (4 KB took 9 s).
func TestPhonesLongDigitRunsStayCheap(t *testing.T) {
	start := time.Now()
	Phones(strings.Repeat("1 ", 1<<20))
	Phones(strings.Repeat("0", 1<<20))
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("2 MiB of digits took %v", d)
	}
	got := Phones(strings.Repeat("9 ", 40) + "call 0808 157 0412")
	if len(got) != 1 || got[0].E164 != "+448081570412" {
		t.Fatalf("the number after the digits: %+v", got)
	}
}

func TestPhonesNamesPublicHelpLines(t *testing.T) {
	got := Phones("Report Fraud on 0300 123 2040")
	if len(got) != 1 || got[0].Service != "Report Fraud" {
		t.Fatalf("got %+v", got)
	}
}

func TestURLsMarkLookalikes(t *testing.T) {
	cases := []struct {
		in, domain string
		marks      []string
	}{
		{"go to www.micros0ft-helpdesk.com now", "micros0ft-helpdesk.com", []string{"lookalike"}},
		{"visit windows-defender-alert.support/fix", "windows-defender-alert.support", []string{"lookalike"}},
		{"see https://support.microsoft.com/help", "microsoft.com", []string{"microsoft"}},
		{"see https://learn.microsoft.com", "microsoft.com", []string{"microsoft"}},
		{"bit.ly/3xYz", "bit.ly", []string{"shortener"}},
		{"http://xn--mcrosoft-thh.com/", "xn--mcrosoft-thh.com", []string{"punycode", "lookalike"}},
		{"email help@ms-refund-desk.co", "ms-refund-desk.co", []string{"lookalike"}},
		{"www.bbc.co.uk", "bbc.co.uk", nil},
		{"https://alert-9931.z13.web.core.windows.net/", "z13.web.core.windows.net", []string{"lookalike"}}, // shared hosting, not Microsoft's
		{"https://defender-help.github.io/x", "defender-help.github.io", []string{"lookalike"}},
		{"http://www.outlooksecure.com/", "outlooksecure.com", []string{"lookalike"}},
		// Everyday words that are also Microsoft names, with no word of
		// support or alarm beside them: a newsletter, a glazier, a car.
		{"http://windowsdaily.lockergnome.com/", "lockergnome.com", nil},
		{"http://outlook.4team.biz/?fr=gnome", "4team.biz", nil},
		{"www.leeds-windows-and-doors.co.uk", "leeds-windows-and-doors.co.uk", nil},
		{"defender-parts.co.uk", "defender-parts.co.uk", nil},
	}
	for _, c := range cases {
		got := URLs(c.in)
		if len(got) != 1 {
			t.Errorf("URLs(%q) = %+v, want one", c.in, got)
			continue
		}
		u := got[0]
		if u.Domain != c.domain || len(u.Marks) != len(c.marks) || c.in[u.Start:u.End] != u.Text {
			t.Errorf("URLs(%q) = %+v, want %s %v", c.in, u, c.domain, c.marks)
			continue
		}
		for i := range c.marks {
			if u.Marks[i] != c.marks[i] {
				t.Errorf("URLs(%q) marks %v, want %v", c.in, u.Marks, c.marks)
			}
		}
	}
}

func TestURLsIgnoresPlainWords(t *testing.T) {
	for _, in := range []string{"I was fine. Then it rang.", "file.txt", "e.g. this", "version 2.1"} {
		if got := URLs(in); len(got) != 0 {
			t.Errorf("URLs(%q) = %+v, want none", in, got)
		}
	}
}

func TestAmounts(t *testing.T) {
	cases := []struct {
		in, text string
		value    float64
		cur      string
	}{
		{"3 years for £299", "£299", 299, "GBP"},
		{"send £4,500.00 back", "£4,500.00", 4500, "GBP"},
		{"only $ 49.99", "$ 49.99", 49.99, "USD"},
		{"about 500 pounds", "500 pounds", 500, "GBP"},
		{"€20", "€20", 20, "EUR"},
	}
	for _, c := range cases {
		got := Amounts(c.in)
		if len(got) != 1 || got[0].Text != c.text || got[0].Value != c.value || got[0].Currency != c.cur {
			t.Errorf("Amounts(%q) = %+v, want %s %v %s", c.in, got, c.text, c.value, c.cur)
		}
	}
	if got := Amounts("I am 75 years old, have 2 cats and read 10 quidditch books"); len(got) != 0 {
		t.Errorf("found amounts in plain numbers: %+v", got)
	}
}

func FuzzEntities(f *testing.F) {
	for _, s := range []string{"0808 157 O412", "+44 (0) 20 7946 0321", "www.micros0ft.com", "£4,500.00", "http://xn--e1a.com", "++((00", "0.0.0.0.0", "AnyDesk ID: 123 456 789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Every entity's span must hold exactly its text.
		span := func(what string, start, end int, text string, e any) {
			if start < 0 || end > len(s) || start > end || s[start:end] != text {
				t.Fatalf("%s span wrong: %+v", what, e)
			}
		}
		for _, p := range Phones(s) {
			span("phone", p.Start, p.End, p.Text, p)
			// A number's E.164 form must read back as itself, so reports
			// of it written two ways are kept together.
			if again := Phones(p.E164); len(again) != 1 || again[0].E164 != p.E164 {
				t.Fatalf("%q read as %s, which reads back as %+v", p.Text, p.E164, again)
			}
		}
		for _, u := range URLs(s) {
			span("url", u.Start, u.End, u.Text, u)
		}
		for _, a := range Amounts(s) {
			span("amount", a.Start, a.End, a.Text, a)
		}
		for _, r := range RemoteIDs(s) {
			span("remote ID", r.Start, r.End, r.Text, r)
		}
	})
}

func TestMicrosoftsOwnUKMailDomainsAreNotLookalikes(t *testing.T) {
	for _, in := range []string{"from account-security-noreply@hotmail.co.uk", "me@live.co.uk"} {
		got := URLs(in)
		if len(got) != 1 || !got[0].Has("microsoft") || got[0].Has("lookalike") {
			t.Errorf("URLs(%q) = %+v, want Microsoft's own domain", in, got)
		}
	}
}

func TestRemoteIDsNamedWithTheirTool(t *testing.T) {
	for text, want := range map[string]string{
		"Open AnyDesk and read me the number, my ID is 123 456 789 ok": "",
		"Connect to AnyDesk ID: 123 456 789 now":                       "anydesk:123456789",
		"team viewer id is 1-234-567-890":                              "teamviewer:1234567890",
		"my RustDesk address 987654321":                                "rustdesk:987654321",
		"Install AnyDesk and call 0800 123 4567":                       "",
		"Open TeamViewer. Our number is 0808 157 0412":                 "",
		"AnyDesk 12345": "",
	} {
		got := RemoteIDs(text)
		switch {
		case want == "" && len(got) != 0:
			t.Errorf("%q: found %+v, want none", text, got)
		case want != "" && (len(got) != 1 || got[0].Value != want):
			t.Errorf("%q: found %+v, want %s", text, got, want)
		}
	}
}
