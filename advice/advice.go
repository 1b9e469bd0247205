// Package advice turns a scan result into a plan: what to do now, what to do
// if something has happened (they got in, you gave a password, you paid),
// and where to report. Plans are data (plans.json) with
// the sources of their facts, so a reviewer can update them without code.
package advice

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/scamscan/scamscan/scan"
)

// Sections of a plan, in the order a person reads them.
const (
	Now      = "now"
	Happened = "happened"
	Report   = "report"
)

// Item is one part of the plan.
type Item struct {
	ID      string   `json:"id"`
	Section string   `json:"section"`
	Title   string   `json:"title"`
	Steps   []string `json:"steps"`
	Sources []string `json:"sources,omitempty"`
	When    when     `json:"-"`
}

// when says which results an item is for; empty lists do not restrict.
// What has happened is the person's to say, so those items are offered
// whenever something was flagged, not guessed from the text.
type when struct {
	MinVerdict string   `json:"min_verdict"`
	Verdicts   []string `json:"verdicts"`
	Variants   []string `json:"variants"`
}

// Plans is the whole set of advice.
type Plans struct {
	Checked string
	Items   []Item
}

//go:embed plans.json
var plansJSON []byte

// Default returns the embedded plans.
func Default() (*Plans, error) { return Parse(plansJSON) }

// Parse reads plans from JSON and checks them.
func Parse(data []byte) (*Plans, error) {
	var raw struct {
		Checked string `json:"checked"`
		Plans   []struct {
			Item
			When when `json:"when"`
		} `json:"plans"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("advice plans: %w", err)
	}
	p := &Plans{Checked: raw.Checked}
	seen := map[string]bool{}
	for _, r := range raw.Plans {
		it := r.Item
		it.When = r.When
		switch {
		case it.ID == "" || seen[it.ID]:
			return nil, fmt.Errorf("advice plans: missing or repeated id %q", it.ID)
		case it.Section != Now && it.Section != Happened && it.Section != Report:
			return nil, fmt.Errorf("advice plan %s: unknown section %q", it.ID, it.Section)
		case it.Title == "" || len(it.Steps) == 0:
			return nil, fmt.Errorf("advice plan %s: needs a title and steps", it.ID)
		case it.When.MinVerdict != "" && scan.Rank(it.When.MinVerdict) == 0 && it.When.MinVerdict != scan.NoKnownSigns:
			return nil, fmt.Errorf("advice plan %s: unknown verdict %q", it.ID, it.When.MinVerdict)
		}
		seen[it.ID] = true
		p.Items = append(p.Items, it)
	}
	return p, nil
}

// For chooses the plan for a result, in section order.
func (p *Plans) For(res scan.Result) []Item {
	out := []Item{}
	for _, section := range []string{Now, Happened, Report} {
		for _, it := range p.Items {
			if it.Section == section && it.When.matches(res) {
				out = append(out, it)
			}
		}
	}
	return out
}

func (w when) matches(res scan.Result) bool {
	if w.MinVerdict != "" && scan.Rank(res.Verdict) < scan.Rank(w.MinVerdict) {
		return false
	}
	if len(w.Verdicts) > 0 && !contains(w.Verdicts, res.Verdict) {
		return false
	}
	return len(w.Variants) == 0 || contains(w.Variants, res.Variant)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
