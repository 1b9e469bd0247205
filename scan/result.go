package scan

import (
	"strings"

	"github.com/scamscan/scamscan/scan/entity"
)

// Verdicts, in rising order of concern. There is deliberately no "safe":
// finding no known signs is not proof that a message is genuine.
const (
	NoKnownSigns = "no_known_signs"
	Suspicious   = "suspicious"
	LikelyScam   = "likely_scam"
	Scam         = "scam"
)

// Variants of the scam.
const (
	ColdCall  = "cold_call"
	Popup     = "popup"
	Refund    = "refund"
	OtherScam = "other_scam"
	None      = "none"
)

// Document is what a person gave us, already turned into text.
type Document struct {
	// Text is what a person would read: the message as given, or the text
	// read out of an email, a page or a picture. Evidence offsets point
	// into it unless marked as pointing into the file.
	Text string
	// Channel is where it came from when known: call, sms, email, popup,
	// chat or web. Empty means unknown.
	Channel string
	// Signals are what a file shows beyond its text: a sender that does not
	// match, a page that locks the keyboard.
	Signals []Signal
	// Words are the words read from a picture, with their boxes.
	Words []Word
}

// Signal is one finding about a file, with the code or header line that
// shows it. Rules see it as entity(Kind:Name).
type Signal struct {
	Kind string // email or page
	Name string // from_brand_not_microsoft, fullscreen ...
	// Start and End are byte offsets in the original file, or in the
	// document's Text when InText is set.
	Start, End int
	InText     bool
	// Text is the bytes at [Start, End), as written.
	Text string
}

// Word is a word read from a picture: its span in Text and its box.
type Word struct {
	Start, End int
	Box        Box
}

// Box is a rectangle on a picture, in pixels from the top left.
type Box struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// Result is the engine's answer for one document.
type Result struct {
	Verdict     string  `json:"verdict"`
	Probability float64 `json:"probability"`
	Variant     string  `json:"variant"`
	// Summary is the verdict as one plain sentence.
	Summary string  `json:"summary"`
	Score   float64 `json:"score"`
	Channel string  `json:"channel,omitempty"`
	// Flags are the red flags that fired, strongest first.
	Flags []Flag `json:"flags"`
	// Reassurances are signs that lowered concern (a warning about scams,
	// support the person asked for).
	Reassurances []Flag   `json:"reassurances"`
	Entities     Entities `json:"entities"`
}

// Flag is one rule that fired, with the words that fired it.
type Flag struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Why      string     `json:"why"`
	Weight   float64    `json:"weight"`
	Evidence []Evidence `json:"evidence"`
}

// Quotes are the flag's words as written, each once (compared without
// case), in order: what a person is shown.
func (f Flag) Quotes() []string {
	var out []string
	seen := map[string]bool{}
	for _, ev := range f.Evidence {
		q := strings.Join(strings.Fields(ev.Text), " ")
		if key := strings.ToLower(q); q != "" && !seen[key] {
			seen[key] = true
			out = append(out, q)
		}
	}
	return out
}

// Evidence is a span of what the person gave: Text == text[Start:End] of
// the document's text, or of the original file when Source is "file".
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Source is "file" when Start and End are offsets in the original file
	// (an email header line, a page's script) rather than in its text.
	Source string `json:"source,omitempty"`
	// Box is where the words are on a picture.
	Box *Box `json:"box,omitempty"`
	// Note is what we know of these words beyond the message: how many
	// people reported this number, and since when.
	Note string `json:"note,omitempty"`
}

// Entities are the things in the message a person or a bank acts on.
type Entities struct {
	Phones        []entity.Phone  `json:"phones"`
	URLs          []entity.URL    `json:"urls"`
	Domains       []Domain        `json:"domains"`
	RemoteTools   []Named         `json:"remote_tools"`
	PaymentRoutes []Named         `json:"payment_routes"`
	Amounts       []entity.Amount `json:"amounts"`
}

// Domain is a registrable domain met in the message, once each.
type Domain struct {
	Domain    string `json:"domain"`
	Lookalike bool   `json:"lookalike_of_microsoft"`
	Punycode  bool   `json:"punycode,omitempty"`
	Shortener bool   `json:"shortener,omitempty"`
	Microsoft bool   `json:"microsoft,omitempty"`
}

// Named is a named thing the catalogue recognises (AnyDesk, gift cards).
type Named struct {
	Name  string `json:"name"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Rank orders verdicts: 0 for no_known_signs up to 3 for scam.
func Rank(verdict string) int {
	switch verdict {
	case Suspicious:
		return 1
	case LikelyScam:
		return 2
	case Scam:
		return 3
	}
	return 0
}
