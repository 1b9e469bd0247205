// Package check is the one call every front end makes: scan a document and
// attach the plan that fits the result. The CLI and the web server render
// what it returns and nothing else.
package check

import (
	"context"

	"github.com/scamscan/scamscan/advice"
	"github.com/scamscan/scamscan/scan"
)

// Report is the full answer for one input, as printed by `scan --json`.
type Report struct {
	// Input names the file the report is about, when there were several.
	Input string `json:"input,omitempty"`
	scan.Result
	Advice []advice.Item `json:"advice"`
}

// Checker holds the compiled catalogue and the plans; it is safe for
// concurrent use.
type Checker struct {
	Engine *scan.Engine
	Plans  *advice.Plans
}

// New loads the embedded catalogue (plus the *.rules files of rulesDir when
// it is not empty) and the embedded plans.
func New(rulesDir string) (*Checker, error) {
	eng, err := scan.New(rulesDir)
	if err != nil {
		return nil, err
	}
	plans, err := advice.Default()
	if err != nil {
		return nil, err
	}
	return &Checker{Engine: eng, Plans: plans}, nil
}

// Check scans one document and plans what to do.
func (c *Checker) Check(ctx context.Context, doc scan.Document) (Report, error) {
	res, err := c.Engine.Scan(ctx, doc)
	if err != nil {
		return Report{}, err
	}
	return Report{Result: res, Advice: c.Plans.For(res)}, nil
}
