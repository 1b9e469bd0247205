package check

import (
	"context"
	"fmt"
	"time"

	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/entity"
	"github.com/scamscan/scamscan/store"
)

// Sightings is what a scan asks of the shared store; *store.DB has it.
type Sightings interface {
	Lookup(ctx context.Context, wanted []store.Sighting) ([]store.Sighting, error)
}

// Reported is what people reported of the message's numbers, websites and
// remote-access addresses.
type Reported struct {
	// Checked is false when the store did not answer in time: the scan
	// went on without it, and Note says so.
	Checked bool `json:"checked"`
	// Note says in plain words what the reports add, or that they could not
	// be checked.
	Note string `json:"note,omitempty"`
	// Sightings are the values reported by enough people to count.
	Sightings []store.Sighting `json:"sightings"`
}

// Defaults for asking the store.
const (
	// DefaultStoreTimeout is how long a scan waits for the store. A
	// lookup takes well under a millisecond; a store slower than this is
	// in trouble, and the person should not wait for it.
	DefaultStoreTimeout = 300 * time.Millisecond
	// DefaultMinPeople is how many different people must report a value
	// before it counts against a message: one person cannot do it alone.
	DefaultMinPeople = 3
)

const notChecked = "We could not check the list of numbers and websites other people reported, so this result does not use it. Everything else was checked."

// Mention is a number, website or remote address in a message's text
// that people may report: Value is as the store keeps it, Text as written.
type Mention struct {
	Kind, Value, Text string
	Start, End        int
}

// Mentions finds what the store may know of, in the order written. Public
// help lines, Microsoft's own sites and link shorteners are left out:
// nobody should report them.
func Mentions(text string) []Mention {
	var out []Mention
	for _, p := range entity.Phones(text) {
		if p.E164 != "" && p.Service == "" {
			out = append(out, Mention{store.Phone, p.E164, p.Text, p.Start, p.End})
		}
	}
	for _, u := range entity.URLs(text) {
		if store.Reportable(u) {
			out = append(out, Mention{store.Domain, u.Domain, u.Text, u.Start, u.End})
		}
	}
	for _, r := range entity.RemoteIDs(text) {
		out = append(out, Mention{store.RemoteID, r.Value, r.Text, r.Start, r.End})
	}
	return out
}

// Distinct keeps the first mention of each value.
func Distinct(ms []Mention) []Mention {
	var out []Mention
	seen := map[[2]string]bool{}
	for _, m := range ms {
		if k := [2]string{m.Kind, m.Value}; !seen[k] {
			seen[k] = true
			out = append(out, m)
		}
	}
	return out
}

// consult asks the store about the document's mentions, within the
// timeout, and returns the document with a signal on each mention enough
// people reported.
func (c *Checker) consult(ctx context.Context, doc scan.Document) (scan.Document, *Reported, []reportedSpan) {
	rep := &Reported{Checked: true, Sightings: []store.Sighting{}}
	if len(doc.Text) > scan.MaxTextBytes {
		return doc, rep, nil // the scan refuses it
	}
	found := Mentions(doc.Text)
	if len(found) == 0 {
		return doc, rep, nil
	}
	wanted := make([]store.Sighting, 0, len(found))
	for _, m := range Distinct(found) {
		wanted = append(wanted, store.Sighting{Kind: m.Kind, Value: m.Value})
	}
	ctx, cancel := context.WithTimeout(ctx, c.storeTimeout())
	defer cancel()
	got, err := c.Store.Lookup(ctx, wanted)
	if err != nil {
		return doc, &Reported{Note: notChecked, Sightings: []store.Sighting{}}, nil
	}
	counts := map[[2]string]store.Sighting{}
	for _, s := range got {
		if s.People >= c.minPeople() {
			counts[[2]string{s.Kind, s.Value}] = s
			rep.Sightings = append(rep.Sightings, s)
		}
	}
	var marked []reportedSpan
	signals := append([]scan.Signal(nil), doc.Signals...)
	for _, m := range found {
		if s, ok := counts[[2]string{m.Kind, m.Value}]; ok {
			marked = append(marked, reportedSpan{m.Start, m.End, SightingNote(s)})
			signals = append(signals, scan.Signal{Kind: "reported", Name: m.Kind, Start: m.Start, End: m.End, InText: true, Text: doc.Text[m.Start:m.End]})
		}
	}
	if len(marked) > 0 {
		rep.Note = fmt.Sprintf("%d numbers or websites in this message were reported as scams by other people.", len(rep.Sightings))
		if len(rep.Sightings) == 1 {
			rep.Note = fmt.Sprintf("%s in this message was %s.", rep.Sightings[0].Value, SightingNote(rep.Sightings[0]))
		}
	}
	doc.Signals = signals
	return doc, rep, marked
}

// reportedSpan is a reported mention's place in the text, and its count
// in words.
type reportedSpan struct {
	start, end int
	note       string
}

// SightingNote says a sighting in words: "reported by 12 people since
// 3 March 2026, last on 20 November 2026".
func SightingNote(s store.Sighting) string {
	note := fmt.Sprintf("reported by %s since %s", Count(s.People, "person", "people"), s.FirstSeen.Format("2 January 2006"))
	if !s.LastSeen.Equal(s.FirstSeen.Time) {
		note += ", last on " + s.LastSeen.Format("2 January 2006")
	}
	return note
}

// Count says "1 person" or "3 people".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// annotate puts each reported mention's count beside its evidence.
func annotate(res *scan.Result, marked []reportedSpan) {
	for fi := range res.Flags {
		for ei, ev := range res.Flags[fi].Evidence {
			for _, m := range marked {
				if ev.Source == "" && ev.Start == m.start && ev.End == m.end {
					res.Flags[fi].Evidence[ei].Note = m.note
				}
			}
		}
	}
}

func (c *Checker) storeTimeout() time.Duration {
	if c.StoreTimeout > 0 {
		return c.StoreTimeout
	}
	return DefaultStoreTimeout
}

func (c *Checker) minPeople() int {
	if c.MinPeople > 0 {
		return c.MinPeople
	}
	return DefaultMinPeople
}
