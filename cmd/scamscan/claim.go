package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/scamscan/scamscan/claim"
	"github.com/scamscan/scamscan/claim/calendar"
	"github.com/scamscan/scamscan/claim/letterpdf"
	"github.com/scamscan/scamscan/claim/wizard"
)

// claimRoutes are the claim tools, with what each writes.
var claimRoutes = map[string]string{
	"psr":    "the claim to your bank for bank transfers (the PSR reimbursement rules)",
	"card":   "the chargeback and Section 75 letter for card payments",
	"report": "the report pack: who to tell, what to have ready, the security checklist",
}

const claimUsage = `Usage: scamscan claim ROUTE (--answers FILE | --interactive) [--pdf FILE]

Routes:
  psr      %s
  card     %s
  report   %s

The answers file is described, with an example, in docs/claim-answers.md.
`

func (env *environment) claim(args []string) int {
	if len(args) == 0 || claimRoutes[args[0]] == "" {
		fmt.Fprintf(env.stderr, claimUsage, claimRoutes["psr"], claimRoutes["card"], claimRoutes["report"])
		return exitUsage
	}
	route := args[0]
	fs := env.newFlags("claim "+route, "claim "+route+" (--answers FILE | --interactive) [--pdf FILE]\n\nWrites "+claimRoutes[route]+".")
	answersFile := fs.String("answers", "", "the answers, as JSON (the format: docs/claim-answers.md; \"-\" reads standard input)")
	interactive := fs.Bool("interactive", false, "ask the questions one at a time instead")
	pdfFile := fs.String("pdf", "", "also write the letters as a PDF to this file")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if (*answersFile == "") == !*interactive || fs.NArg() > 0 {
		fmt.Fprintln(env.stderr, "scamscan claim: give either --answers FILE or --interactive")
		fs.Usage()
		return exitUsage
	}
	facts, err := claim.DefaultFacts()
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan claim: %v\n", err)
		return exitUsage
	}
	cal, err := calendar.Default()
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan claim: %v\n", err)
		return exitUsage
	}
	now := claim.Today(time.Now())
	var a claim.Answers
	name := *answersFile
	if *interactive {
		name = "your answers"
		state, err := wizard.Interview(env.stdin, env.stderr, facts, now)
		if err == nil {
			a, err = wizard.Answers(state, facts)
		}
		if err != nil {
			fmt.Fprintf(env.stderr, "\nscamscan claim: %v\n", err)
			return exitUsage
		}
	} else if a, err = env.readAnswers(*answersFile); err != nil {
		fmt.Fprintf(env.stderr, "scamscan claim: %v (see docs/claim-answers.md)\n", err)
		return exitUsage
	}
	var out claim.Output
	switch route {
	case "psr":
		out, err = claim.PSR(a, facts, cal, now)
	case "card":
		out, err = claim.Card(a, facts, now)
	case "report":
		out, err = claim.Report(a, facts, now)
	}
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan claim: %s: %v\n", name, err)
		return exitUsage
	}
	if *pdfFile != "" {
		var buf bytes.Buffer
		if err := letterpdf.Write(&buf, out, "scamscan: "+claimRoutes[route]); err != nil {
			fmt.Fprintf(env.stderr, "scamscan claim: %v\n", err)
			return exitUsage
		}
		if err := os.WriteFile(*pdfFile, buf.Bytes(), 0o600); err != nil {
			fmt.Fprintf(env.stderr, "scamscan claim: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(env.stderr, "Wrote %s.\n", *pdfFile)
	}
	fmt.Fprint(env.stdout, out.Text())
	return exitOK
}

// readAnswers reads an answers file, refusing unknown fields so a typo is
// not silently ignored.
func (env *environment) readAnswers(path string) (claim.Answers, error) {
	var a claim.Answers
	var r io.Reader = env.stdin
	name := "standard input"
	if path != "-" {
		name = path
		f, err := os.Open(path)
		if err != nil {
			return a, err
		}
		defer f.Close()
		r = f
	}
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return a, fmt.Errorf("%s: the answers are not valid: %w", name, err)
	}
	return a, nil
}
