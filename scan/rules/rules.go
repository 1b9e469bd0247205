// Package rules reads the catalogue of red flags. Rules are data, not code:
// a fraud analyst adds next week's script as a few lines in a .rules file
// (embedded defaults, plus an optional folder) without a rebuild. A file with
// a mistake is refused as a whole, with file:line and what is wrong.
//
// A file is a list of sections. Lines starting with '#' are comments.
//
//	[concept remote_tool]          a named list of phrases
//	entity = remote_tool           optional: hits become entities of this kind
//	value AnyDesk = anydesk | any desk
//	phrases = remote access | remote desktop
//
//	[rule remote_tool_request]     a red flag
//	title = Asks you to install a remote-access tool
//	why = Once it is installed the caller controls your computer.
//	weight = 4                     negative: lowers the score when no strong flag fired
//	strong = true                  a sign that proves a scam: a "scam" verdict
//	                               needs one (and the score to reach [settings] scam)
//	cap = suspicious               when it fires, the verdict is at most this
//	variants = cold_call refund      (or "any": a sign of every kind, no vote)
//	when = near(install, entity(remote_tool), 6)
//	fires = Please install AnyDesk now       (at least one; each must fire)
//	misses = I use AnyDesk at work           (at least one; none may fire)
//
//	[settings]
//	suspicious = 2                  score thresholds for the verdicts
//	likely_scam = 5
//	scam = 9
//	calibration = 0.9 4.5           slope and midpoint of the probability curve
//
// Conditions: a concept name; all(a, b, ...); any(a, b, ...); not(a);
// near(a, b, N) (within N words); atleast(N, a, b, ...) (N of them hold);
// many(N, a) (a holds in N different places); entity(kind) or
// entity(kind:sub); channel(call, sms, ...); rule(id) (an earlier rule).
package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Variants a rule may point to.
var Variants = []string{"cold_call", "popup", "refund", "other_scam"}

// Channels a message may come from.
var Channels = []string{"call", "sms", "email", "popup", "chat", "web"}

// Verdicts in rising order of concern.
var Verdicts = []string{"no_known_signs", "suspicious", "likely_scam", "scam"}

// Concept is a named set of phrases.
type Concept struct {
	Name string
	// Entity, when set, turns each hit into an entity of this kind.
	Entity string
	// Phrases maps each normalised phrase to the value it stands for
	// ("any desk" -> "AnyDesk"); the value is empty for plain phrases.
	Phrases []Phrase
	Pos     Pos
}

// Phrase is one way of writing a concept.
type Phrase struct {
	Text  string
	Value string
	Pos   Pos
}

// Rule is one red flag (or, with a negative weight or a cap, a sign that
// lowers concern).
type Rule struct {
	ID       string
	Title    string
	Why      string
	Weight   float64
	Strong   bool
	Cap      string
	Variants []string
	When     Expr
	Fires    []Example
	Misses   []Example
	Pos      Pos
}

// Example is a test text written beside a rule. "[call] text" gives it a
// channel; "[file] bytes" makes it a whole file (an email, a page) that is
// read as a file before it is scanned; "[reported] text" is scanned with
// every number, site and remote address in it reported by enough people.
// "\n" stands for a line break.
type Example struct {
	Text     string
	Channel  string
	File     bool
	Reported bool
	Pos      Pos
}

// Settings are the catalogue-wide scoring numbers.
type Settings struct {
	Suspicious, LikelyScam, Scam float64
	// Slope and Midpoint shape probability = 1/(1+exp(-Slope*(score-Midpoint))).
	Slope, Midpoint float64
	Pos             Pos
}

// Catalogue is every concept and rule, in file order.
type Catalogue struct {
	Concepts []*Concept
	Rules    []*Rule
	Settings Settings
}

// Pos is where something was written.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Error is a mistake in a rule file, at a place.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is every mistake found, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Rule returns the rule with the given id, or nil.
func (c *Catalogue) Rule(id string) *Rule {
	for _, r := range c.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// EntityKinds lists the kinds of entity the engine finds itself, with their
// sub-kinds; concepts with an entity line add theirs.
var EntityKinds = map[string][]string{
	"phone":  {"freephone", "mobile", "premium", "fixed", "shared_cost", "voip", "personal", "uan", "other", "uk", "foreign", "service", "unknown"},
	"url":    nil,
	"domain": {"lookalike", "punycode", "shortener", "microsoft"},
	"amount": {"gbp", "usd", "eur", "over100"},
	// Signals that intake finds in files (see scan.Signal).
	"email": {"from_brand_not_microsoft", "subject_brand_not_microsoft", "reply_to_differs", "return_path_differs", "auth_failed", "mailing_list",
		"link_text_mismatch", "link_lookalike", "link_shortener", "link_punycode"},
	"page": {"fullscreen", "keyboard_lock", "pointer_lock", "beforeunload", "dialog_loop", "history_flood",
		"window_open_loop", "autoplay_audio", "hidden_cursor", "blocked_keys", "fake_progress", "decoded_text"},
	// Numbers, sites and remote addresses that several people reported
	// (the check package asks the shared store).
	"reported": {"phone", "domain", "remote_id"},
}

func (c *Catalogue) entityKinds() map[string]map[string]bool {
	kinds := map[string]map[string]bool{}
	for k, subs := range EntityKinds {
		kinds[k] = map[string]bool{}
		for _, s := range subs {
			kinds[k][s] = true
		}
	}
	for _, con := range c.Concepts {
		if con.Entity == "" {
			continue
		}
		if kinds[con.Entity] == nil {
			kinds[con.Entity] = map[string]bool{}
		}
		for _, p := range con.Phrases {
			if p.Value != "" {
				kinds[con.Entity][SubKind(p.Value)] = true
			}
		}
	}
	return kinds
}

// SubKind is how a concept value is named in entity(kind:sub): "Google Play
// gift card" -> "google_play_gift_card".
func SubKind(value string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(value)), " ", "_")
}

// SortedConceptNames is for messages and the catalogue listing.
func (c *Catalogue) SortedConceptNames() []string {
	names := make([]string, len(c.Concepts))
	for i, con := range c.Concepts {
		names[i] = con.Name
	}
	sort.Strings(names)
	return names
}
