package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scamscan/scamscan/scan/rules"
)

// Legit is the label of a message the person says was genuine.
const Legit = "legit"

// Feedback is a person's word on a scan's verdict.
type Feedback struct {
	Day time.Time
	// Verdict, Variant and Rules are what the scan said.
	Verdict string
	Variant string
	Rules   []string
	Channel string
	Correct bool
	// Label is what the person says it was: a variant, or Legit.
	Label string
	// SharedText is the message, only when the person chose to share it.
	SharedText string
}

// Name is a short, stable name for a shared message (a hash of its text),
// so exporting twice writes the same file and one text is one file.
func (f Feedback) Name() string {
	sum := sha256.Sum256([]byte(f.SharedText))
	return "feedback-" + hex.EncodeToString(sum[:6])
}

// validate refuses feedback that cannot be right.
func (f Feedback) validate() error {
	switch {
	case !slices.Contains(rules.Verdicts, f.Verdict):
		return fmt.Errorf("%w: verdict %q (use %s)", ErrInvalid, f.Verdict, strings.Join(rules.Verdicts, ", "))
	case f.Label != Legit && !slices.Contains(Variants, f.Label):
		return fmt.Errorf("%w: label %q (use %s or %s)", ErrInvalid, f.Label, Legit, strings.Join(Variants, ", "))
	case len(f.Rules) > 100:
		return fmt.Errorf("%w: more than 100 rules", ErrInvalid)
	}
	return checkChannelAndText(f.Channel, f.SharedText)
}

// AddFeedback records a person's word on a scan.
func (d *DB) AddFeedback(ctx context.Context, f Feedback) error {
	if err := f.validate(); err != nil {
		return err
	}
	if f.Day.IsZero() {
		f.Day = time.Now()
	}
	var shared any
	if f.SharedText != "" {
		shared = f.SharedText
	}
	correct := 0
	if f.Correct {
		correct = 1
	}
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO feedback (day, added, verdict, variant, correct, rules, channel, label, shared_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		day(f.Day), time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z"), f.Verdict, f.Variant, correct, strings.Join(f.Rules, " "), f.Channel, f.Label, shared)
	return d.wrap(err)
}

// SharedFeedback returns the feedback whose text the person shared, oldest
// first, each text once (the latest word on it wins).
func (d *DB) SharedFeedback(ctx context.Context) ([]Feedback, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT day, verdict, variant, correct, rules, channel, label, shared_text
		FROM feedback WHERE shared_text IS NOT NULL ORDER BY day, added`)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []Feedback
	at := map[string]int{}
	for rows.Next() {
		var f Feedback
		var when, ruleList string
		var correct int
		if err := rows.Scan(&when, &f.Verdict, &f.Variant, &correct, &ruleList, &f.Channel, &f.Label, &f.SharedText); err != nil {
			return nil, d.wrap(err)
		}
		f.Day, _ = time.Parse(time.DateOnly, when)
		f.Correct = correct == 1
		f.Rules = strings.Fields(ruleList)
		if i, ok := at[f.SharedText]; ok {
			out[i] = f
			continue
		}
		at[f.SharedText] = len(out)
		out = append(out, f)
	}
	return out, d.wrap(rows.Err())
}
