package entity

import (
	"net/url"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
	"mvdan.cc/xurls/v2"

	"github.com/scamscan/scamscan/scan/textnorm"
)

// URL is a web address as written, with its registrable domain.
type URL struct {
	Text   string `json:"text"`
	Host   string `json:"host"`
	Domain string `json:"domain"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	// Marks say what is odd (or reassuring) about the domain: lookalike,
	// punycode, shortener, microsoft.
	Marks []string `json:"marks,omitempty"`
}

// Has reports whether u carries the mark.
func (u URL) Has(mark string) bool {
	for _, m := range u.Marks {
		if m == mark {
			return true
		}
	}
	return false
}

var relaxed = xurls.Relaxed()

// URLs finds web addresses and e-mail domains. xurls is slow on long texts,
// so it only ever sees the whitespace-separated words that hold a dot.
func URLs(s string) []URL {
	var out []URL
	for i := 0; i < len(s); {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		if word := s[i:j]; strings.IndexByte(word, '.') >= 0 {
			for _, loc := range relaxed.FindAllStringIndex(word, -1) {
				if u, ok := readURL(word[loc[0]:loc[1]]); ok {
					u.Start, u.End = i+loc[0], i+loc[1]
					out = append(out, u)
				}
			}
		}
		i = j
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '<' || c == '>'
}

func readURL(text string) (URL, bool) {
	raw := text
	if at := strings.LastIndexByte(raw, '@'); at >= 0 && !strings.Contains(raw, "://") {
		raw = raw[at+1:] // an e-mail address: keep its domain
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	pu, err := url.Parse(raw)
	if err != nil || pu.Hostname() == "" {
		return URL{}, false
	}
	host := strings.TrimSuffix(strings.ToLower(pu.Hostname()), ".")
	if _, icann := publicsuffix.PublicSuffix(host); !icann {
		return URL{}, false
	}
	domain, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return URL{}, false
	}
	return URL{Text: text, Host: host, Domain: domain, Marks: domainMarks(host, domain)}, true
}

// microsoftDomains are registrable domains Microsoft uses for its own sites
// and mail (from Microsoft's published lists of its sending and service
// domains). Only these may carry a Microsoft name.
var microsoftDomains = map[string]bool{
	"microsoft.com": true, "microsoftonline.com": true, "live.com": true, "outlook.com": true,
	"office.com": true, "office365.com": true, "microsoft365.com": true, "windows.com": true,
	"windowsupdate.com": true, "bing.com": true, "msn.com": true, "skype.com": true,
	"xbox.com": true, "azure.com": true, "sharepoint.com": true, "aka.ms": true,
	"microsoftstore.com": true, "hotmail.com": true, "msauth.net": true, "msftauth.net": true,
	"windowsazure.com": true, "microsoft.co.uk": true,
}

// shorteners hide where a link goes.
var shorteners = map[string]bool{
	"bit.ly": true, "tinyurl.com": true, "t.co": true, "goo.gl": true, "ow.ly": true,
	"is.gd": true, "buff.ly": true, "rebrand.ly": true, "cutt.ly": true, "shorturl.at": true,
	"rb.gy": true, "tiny.cc": true, "t.ly": true, "s.id": true, "v.gd": true, "bl.ink": true,
}

// brandWords are Microsoft names a look-alike domain borrows.
var brandWords = []string{"microsoft", "micrsoft", "mircosoft", "microsft", "msft", "windows", "office365",
	"outlook", "defender", "msoffice", "microsoft365", "hotmail", "xbox", "onedrive", "sharepoint"}

// IsMicrosoftDomain reports whether a registrable domain is Microsoft's own.
func IsMicrosoftDomain(domain string) bool { return microsoftDomains[domain] }

func domainMarks(host, domain string) []string {
	var marks []string
	if microsoftDomains[domain] {
		return []string{"microsoft"}
	}
	if shorteners[domain] {
		marks = append(marks, "shortener")
	}
	shown := host
	if strings.Contains(host, "xn--") {
		marks = append(marks, "punycode")
		if u, err := idna.ToUnicode(host); err == nil {
			shown = u
		}
	}
	if borrowsBrand(shown) {
		marks = append(marks, "lookalike")
	}
	return marks
}

// borrowsBrand reads a host name the way a person would ("micros0ft",
// "mіcrosoft" with a Cyrillic i, "ms-support") and looks for a Microsoft name.
func borrowsBrand(host string) bool {
	t := textnorm.Normalize(host)
	for _, tok := range t.Tokens {
		if tok.Norm == "ms" || strings.HasPrefix(tok.Norm, "ms") && len(tok.Norm) > 4 && strings.ContainsAny(tok.Norm[2:3], "hrsu") {
			return true // ms-support, mssupport, msrefund, mshelp
		}
		for _, b := range brandWords {
			if strings.Contains(tok.Norm, b) {
				return true
			}
		}
	}
	return false
}
