package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scamscan/scamscan/evaluate"
	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/train"
)

// folders is a flag that may be given more than once.
type folders []string

func (f *folders) String() string     { return strings.Join(*f, ",") }
func (f *folders) Set(v string) error { *f = append(*f, v); return nil }

// Default places of the training data, from the project's root.
const (
	defaultCorpus       = "testdata/corpus"
	defaultSMS          = "../shared/corpora/uci-sms/SMSSpamCollection"
	defaultSpamAssassin = ".cache/spamassassin"
	defaultModelFile    = "scan/model/trained.json"
)

func (env *environment) train(args []string) int {
	fs := env.newFlags("train", "train [flags]  (run from the project's root; writes the model built into scamscan)")
	var src evaluate.Sources
	fs.StringVar(&src.Corpus, "corpus", defaultCorpus, "the labelled corpus (a folder with labels.csv); its test split is never used")
	fs.StringVar(&src.SMS, "sms", defaultSMS, `the UCI SMS Spam Collection, for ordinary texts ("" to leave out)`)
	fs.StringVar(&src.SpamAssassin, "spamassassin", defaultSpamAssassin, `the SpamAssassin ham fetched by scripts/fetch-spamassassin ("" to leave out)`)
	var add folders
	fs.Var(&add, "add", "a further labelled folder to learn from, such as `scamscan feedback export` writes (may be repeated)")
	out := fs.String("out", defaultModelFile, "where to write the model")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(env.stderr, "scamscan train: takes no arguments, only flags")
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(env.stderr, "scamscan train: %v\n", err)
		return exitUsage
	}
	started := time.Now()
	sets, err := src.Load()
	if err != nil {
		return fail(err)
	}
	eng, err := scan.New("")
	if err != nil {
		return fail(err)
	}
	eng.UseModel(nil) // the model's input is words and rules, not an older model
	var examples []train.Example
	read := func(items []evaluate.Item, source string, bulk bool) error {
		exs, err := train.Read(env.ctx, eng, items, source, bulk)
		examples = append(examples, exs...)
		return err
	}
	if err := read(sets.CorpusTrain, "corpus", false); err != nil {
		return fail(err)
	}
	for _, dir := range add {
		items, err := evaluate.ReadLabels(filepath.Join(dir, "labels.csv"))
		if err != nil {
			return fail(err)
		}
		if err := read(items, "added", false); err != nil {
			return fail(err)
		}
	}
	for _, name := range sets.HamNames {
		if err := read(sets.HamTrain[name], name, true); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(env.stdout, "Read %d messages in %.1fs:", len(examples), time.Since(started).Seconds())
	counts := map[string]int{}
	for _, ex := range examples {
		counts[ex.Source]++
	}
	for _, name := range append([]string{"corpus", "added"}, sets.HamNames...) {
		if counts[name] > 0 {
			fmt.Fprintf(env.stdout, " %s %d", name, counts[name])
		}
	}
	fmt.Fprintln(env.stdout)
	opt := train.Defaults
	res, err := train.Train(examples, opt)
	if err != nil {
		return fail(err)
	}
	train.Describe(env.stdout, examples, res, opt)
	data, err := res.Model.Marshal()
	if err != nil {
		return fail(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fail(err)
	}
	fmt.Fprintf(env.stdout, "Wrote %s: %d features, %d bytes, sha256 %x, in %.1fs in all\n", *out, len(res.Model.Weights), len(data), sha256.Sum256(data), time.Since(started).Seconds())
	if *out == defaultModelFile {
		fmt.Fprintln(env.stdout, "Rebuild scamscan to use it (it is built into the binary).")
	}
	return exitOK
}
