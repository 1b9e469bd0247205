package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/evaluate"
	"github.com/scamscan/scamscan/scan"
)

func (env *environment) eval(args []string) int {
	fs := env.newFlags("eval", "eval [flags] [DIR]  (DIR holds labels.csv; default testdata/corpus)")
	labels := fs.String("labels", "", "a labels file (file,label,variant,channel); default DIR/labels.csv")
	sms := fs.String("sms", "", "instead, a UCI SMS Spam Collection file: no ham may reach likely_scam")
	rulesDir := fs.String("rules", env.getenv("SCAMSCAN_RULES"), "a folder of extra *.rules files (env SCAMSCAN_RULES)")
	noChannel := fs.Bool("no-channel", false, "do not tell the scanner each message's channel")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(env.stderr, "scamscan eval: give at most one folder")
		return exitUsage
	}
	checker, err := check.New(*rulesDir)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan eval: the rules could not be loaded:\n%v\n", err)
		return exitUsage
	}
	var items []evaluate.Item
	var title string
	if *sms != "" {
		items, err = evaluate.ReadSMSCollection(*sms)
		title = "SMS collection " + *sms
	} else {
		path := *labels
		if path == "" {
			dir := "testdata/corpus"
			if fs.NArg() == 1 {
				dir = fs.Arg(0)
			}
			path = filepath.Join(dir, "labels.csv")
		}
		items, err = evaluate.ReadLabels(path)
		title = "Corpus " + path
	}
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan eval: %v\n", err)
		return exitUsage
	}
	scanItem := func(ctx context.Context, it evaluate.Item) (scan.Result, error) {
		channel := it.Channel
		if *noChannel {
			channel = ""
		}
		reports, err := checker.CheckInput(ctx, it.Data, channel)
		if err != nil {
			return scan.Result{}, err
		}
		worst := reports[0].Result // an mbox counts as its most worrying message
		for _, r := range reports[1:] {
			if scan.Rank(r.Verdict) > scan.Rank(worst.Verdict) {
				worst = r.Result
			}
		}
		return worst, nil
	}
	outs, err := evaluate.Run(env.ctx, items, scanItem)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan eval: %v\n", err)
		return exitUsage
	}
	s := evaluate.Write(env.stdout, title, outs, evaluate.Options{ListMisses: *sms == "", ListWary: *sms != ""})
	if *sms != "" {
		// Generic spam is not our target; only the ham is held to a goal.
		if s.FalseAlarms > 0 {
			fmt.Fprintf(env.stdout, "GOAL NOT MET: %d ordinary messages reached likely_scam or scam\n", s.FalseAlarms)
			return exitFlagged
		}
		fmt.Fprintln(env.stdout, "Goal met: no ordinary message reached likely_scam or scam")
		return exitNoSigns
	}
	if !s.GoalsMet() {
		fmt.Fprintln(env.stdout, "GOALS NOT MET: every cold_call, popup and refund scam must reach likely_scam, and no legit message may")
		return exitFlagged
	}
	fmt.Fprintln(env.stdout, "Goals met: every cold_call, popup and refund scam caught; no legit message at likely_scam or above")
	return exitNoSigns
}
