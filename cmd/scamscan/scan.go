package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/intake"
	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/rules"
)

// newFlags makes a flag set that prints its help to stderr.
func (env *environment) newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: scamscan %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func (env *environment) scan(args []string) int {
	fs := env.newFlags("scan", "scan [flags] FILE... (\"-\" reads standard input)")
	asJSON := fs.Bool("json", false, "print one JSON object per input, one per line")
	channel := fs.String("channel", "", "where the message came from: "+strings.Join(rules.Channels, ", "))
	rulesDir := fs.String("rules", env.getenv("SCAMSCAN_RULES"), "a folder of extra *.rules files (env SCAMSCAN_RULES)")
	maxBytes := fs.Int("max-bytes", intake.MaxInput, "the largest file to read, in bytes (the text in it may be at most 2 MiB)")
	colour := fs.String("colour", "auto", "colour in text output: auto (only on a terminal), always, never")
	db := env.dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *channel != "" && !contains(rules.Channels, *channel) {
		fmt.Fprintf(env.stderr, "scamscan scan: unknown channel %q: use one of %s\n", *channel, strings.Join(rules.Channels, ", "))
		return exitUsage
	}
	if *maxBytes <= 0 || *maxBytes > intake.MaxInput {
		fmt.Fprintf(env.stderr, "scamscan scan: --max-bytes must be from 1 to %d\n", intake.MaxInput)
		return exitUsage
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		fmt.Fprintln(env.stderr, "scamscan scan: name a file to check, or - to read standard input")
		fs.Usage()
		return exitUsage
	}
	checker, err := check.New(*rulesDir)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan scan: the rules could not be loaded:\n%v\n", err)
		return exitUsage
	}
	// Reports people made are used when there is a store; the scan goes
	// on without them when it cannot be opened.
	if d, err := env.existingStore(*db); err != nil {
		fmt.Fprintf(env.stderr, "%v\nThe scan goes on without the reports.\n", err)
	} else if d != nil {
		defer d.Close()
		checker.Store = d
	}
	useColour := *colour == "always" || *colour == "auto" && isTerminal(env.stdout) && env.getenv("NO_COLOR") == "" && env.getenv("TERM") != "dumb"
	code := exitNoSigns
	for _, in := range inputs {
		reports, err := env.checkInput(checker, in, *channel, *maxBytes)
		if err != nil {
			code = exitUsage
			env.printError(in, err, *asJSON)
			continue
		}
		for _, rep := range reports {
			rep.Input = inputName(in, rep.Input, len(inputs) > 1 || len(reports) > 1)
			if *asJSON {
				if err := json.NewEncoder(env.stdout).Encode(rep); err != nil {
					fmt.Fprintf(env.stderr, "scamscan scan: %v\n", err)
					return exitUsage
				}
			} else {
				if rep.Input != "" {
					fmt.Fprintf(env.stdout, "== %s\n", rep.Input)
				}
				writeText(env.stdout, rep, useColour)
			}
			if code == exitNoSigns && rep.Verdict != scan.NoKnownSigns {
				code = exitFlagged
			}
		}
	}
	return code
}

// inputName names a report: the input, and the message within it.
func inputName(input, part string, needed bool) string {
	switch {
	case !needed:
		return ""
	case part == "":
		return input
	}
	return input + ": " + part
}

// checkInput reads one named input and checks what is in it.
func (env *environment) checkInput(c *check.Checker, name, channel string, maxBytes int) ([]check.Report, error) {
	var r io.Reader
	if name == "-" {
		r = env.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.IsDir() {
			return nil, errors.New("this is a folder, not a file")
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(maxBytes)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBytes {
		return nil, fmt.Errorf("larger than %d bytes: give only the message", maxBytes)
	}
	return c.CheckInput(env.ctx, data, channel)
}

// printError reports an input that could not be checked, naming it; in a
// JSON batch it is a line of its own so the other lines stay usable.
func (env *environment) printError(in string, err error, asJSON bool) {
	if errors.Is(err, os.ErrNotExist) {
		err = errors.New("no such file")
	}
	if in == "-" {
		in = "standard input"
	}
	if asJSON {
		json.NewEncoder(env.stdout).Encode(map[string]string{"input": in, "error": err.Error()})
	}
	fmt.Fprintf(env.stderr, "scamscan scan: %s: %v\n", in, err)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
