package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/scamscan/scamscan/claim"
	"github.com/scamscan/scamscan/claim/calendar"
)

func (env *environment) claim(args []string) int {
	if len(args) == 0 || args[0] != "psr" {
		fmt.Fprintln(env.stderr, "Usage: scamscan claim psr --answers FILE   (card and report letters are not built yet)")
		return exitUsage
	}
	fs := env.newFlags("claim psr", "claim psr --answers FILE  (the format: docs/claim-answers.md; \"-\" reads standard input)")
	answersFile := fs.String("answers", "", "the answers, as JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if *answersFile == "" || fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	var r io.Reader = env.stdin
	name := "standard input"
	if *answersFile != "-" {
		name = *answersFile
		f, err := os.Open(*answersFile)
		if err != nil {
			fmt.Fprintf(env.stderr, "scamscan claim: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		r = f
	}
	var a claim.Answers
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		fmt.Fprintf(env.stderr, "scamscan claim: %s: the answers are not valid: %v (see docs/claim-answers.md)\n", name, err)
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
	letter, err := claim.PSRLetters(a, facts, cal, time.Now().UTC())
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan claim: %s: %v\n", name, err)
		return exitUsage
	}
	fmt.Fprint(env.stdout, letter)
	return exitNoSigns
}
