// Package check is the one call every front end makes: read what the person
// has, scan it, and attach the plan that fits the result. The CLI and the
// web server render what it returns and nothing else.
package check

import (
	"context"
	"time"

	"github.com/scamscan/scamscan/advice"
	"github.com/scamscan/scamscan/intake"
	"github.com/scamscan/scamscan/scan"
)

// Report is the full answer for one document, as printed by `scan --json`.
type Report struct {
	// Input names what the report is about, when there were several
	// inputs or the input held several messages.
	Input string `json:"input,omitempty"`
	// Kind is what the input was: text, email, page, image or pdf.
	Kind string `json:"kind"`
	// Text is the text read out of a file that was not plain text; the
	// flags' evidence spans point into it (unless their source is "file").
	Text string `json:"text,omitempty"`
	scan.Result
	// Reported is what other people reported of the message's numbers,
	// websites and remote addresses; absent when no store is set.
	Reported *Reported     `json:"reported,omitempty"`
	Advice   []advice.Item `json:"advice"`
}

// Checker holds the compiled catalogue, the plans and the OCR; it is safe
// for concurrent use.
type Checker struct {
	Engine *scan.Engine
	Plans  *advice.Plans
	// OCR reads pictures; nil when tesseract is not installed.
	OCR intake.OCR
	// Timeout bounds the reading of one input (OCR above all).
	Timeout time.Duration
	// Store, when set, is asked whether other people reported the
	// message's numbers, websites and remote addresses.
	Store Sightings
	// StoreTimeout bounds that question (DefaultStoreTimeout when zero):
	// a slow store must not slow the scan.
	StoreTimeout time.Duration
	// MinPeople is how many people must have reported a value before it
	// counts (DefaultMinPeople when zero).
	MinPeople int
}

// New loads the embedded catalogue (plus the *.rules files of rulesDir when
// it is not empty), the embedded plans, and tesseract when it is installed.
func New(rulesDir string) (*Checker, error) {
	eng, err := scan.New(rulesDir)
	if err != nil {
		return nil, err
	}
	plans, err := advice.Default()
	if err != nil {
		return nil, err
	}
	c := &Checker{Engine: eng, Plans: plans, Timeout: 60 * time.Second}
	if t, err := intake.NewTesseract(); err == nil {
		c.OCR = t
	}
	return c, nil
}

// Check scans one document, with what other people reported when a store
// is set, and plans what to do.
func (c *Checker) Check(ctx context.Context, doc scan.Document) (Report, error) {
	var reported *Reported
	var marked []reportedSpan
	if c.Store != nil {
		doc, reported, marked = c.consult(ctx, doc)
	}
	res, err := c.Engine.Scan(ctx, doc)
	if err != nil {
		return Report{}, err
	}
	annotate(&res, marked)
	return Report{Kind: intake.KindText, Result: res, Reported: reported, Advice: c.Plans.For(res)}, nil
}

// CheckInput reads an input of any kind (what it is comes from its bytes)
// and checks each document in it. channel is the person's hint, or "".
func (c *Checker) CheckInput(ctx context.Context, data []byte, channel string) ([]Report, error) {
	parts, err := intake.Read(ctx, data, intake.Options{Channel: channel, OCR: c.OCR, Timeout: c.Timeout})
	if err != nil {
		return nil, err
	}
	reports := make([]Report, 0, len(parts))
	for _, p := range parts {
		rep, err := c.Check(ctx, p.Doc)
		if err != nil {
			return nil, err
		}
		rep.Kind = p.Kind
		rep.Input = p.Name
		if p.Kind != intake.KindText {
			rep.Text = p.Doc.Text
		}
		reports = append(reports, rep)
	}
	return reports, nil
}
