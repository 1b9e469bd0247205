package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/rules"
	"github.com/scamscan/scamscan/store"
)

// dbFlag adds --db, read from SCAMSCAN_DB, to a command's flags.
func (env *environment) dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", env.getenv("SCAMSCAN_DB"), "the store: an SQLite file, or a postgres:// URL (env SCAMSCAN_DB; default "+env.defaultDBShown()+")")
}

func (env *environment) defaultDBShown() string {
	if p, err := store.DefaultPath(env.getenv); err == nil {
		return p
	}
	return "$XDG_DATA_HOME/scamscan/scamscan.db"
}

// openStore opens the store --db names, or the default file, and says
// which it opened.
func (env *environment) openStore(name, flagValue string) (db *store.DB, dsn string, err error) {
	dsn = flagValue
	if dsn == "" {
		if dsn, err = store.DefaultPath(env.getenv); err != nil {
			return nil, "", err
		}
	}
	// A database that does not answer must not hang the command.
	ctx, cancel := context.WithTimeout(env.ctx, 10*time.Second)
	defer cancel()
	if db, err = store.Open(ctx, dsn); err != nil {
		return nil, "", fmt.Errorf("scamscan %s: the store at %s could not be opened: %w", name, store.Describe(dsn), err)
	}
	return db, dsn, nil
}

// storeOrSay opens the store for a command that needs it, or says why it
// cannot (and returns nil).
func (env *environment) storeOrSay(name, flagValue string) *store.DB {
	db, _, err := env.openStore(name, flagValue)
	if err != nil {
		fmt.Fprintln(env.stderr, err)
	}
	return db
}

// existingStore opens the store for a scan only when one was named or the
// default file exists: a scan never creates one.
func (env *environment) existingStore(flagValue string) (*store.DB, error) {
	if flagValue == "" {
		p, err := store.DefaultPath(env.getenv)
		if err != nil {
			return nil, nil
		}
		if _, err := os.Stat(p); err != nil {
			return nil, nil
		}
	}
	db, _, err := env.openStore("scan", flagValue)
	return db, err
}

// report records numbers, sites or remote addresses as scams.
func (env *environment) report(args []string) int {
	fs := env.newFlags("report", "report [flags] NUMBER|WEBSITE|REMOTE-ADDRESS...\n\nRecords each as used in a scam, so later scans warn about it. Only a hash of --reporter is kept.")
	db := env.dbFlag(fs)
	kind := fs.String("kind", "", "what the values are: "+strings.Join(store.Kinds, ", ")+" (default: worked out from each value)")
	variant := fs.String("variant", "", "which scam: "+strings.Join(store.Variants, ", "))
	channel := fs.String("channel", "", "how it came: "+strings.Join(rules.Channels, ", "))
	region := fs.String("region", "england-and-wales", "where the person lives: "+strings.Join(store.Regions, ", "))
	reporter := fs.String("reporter", defaultReporter(), "who is reporting (a case number, say), so repeats count once; only a keyed hash is stored")
	share := fs.String("share", "", "a file holding the message, to share for improving the scanner (left out unless given)")
	asJSON := fs.Bool("json", false, "print what the store now knows as JSON, one object per line")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.stderr, "scamscan report: name a number, website or remote address to report")
		fs.Usage()
		return exitUsage
	}
	var shared string
	if *share != "" {
		data, err := os.ReadFile(*share)
		if err != nil {
			fmt.Fprintf(env.stderr, "scamscan report: %v\n", err)
			return exitUsage
		}
		shared = string(data)
	}
	d := env.storeOrSay("report", *db)
	if d == nil {
		return exitUsage
	}
	defer d.Close()
	code := exitOK
	for _, value := range fs.Args() {
		k := *kind
		if k == "" {
			var err error
			if k, _, err = store.Guess(value); err != nil {
				fmt.Fprintf(env.stderr, "scamscan report: %v\n", err)
				code = exitUsage
				continue
			}
		}
		s, err := d.Add(env.ctx, store.Report{Kind: k, Value: value, Variant: *variant, Channel: *channel, Region: *region, Reporter: *reporter, SharedText: shared})
		if err != nil {
			fmt.Fprintf(env.stderr, "scamscan report: %s: %v\n", value, err)
			code = exitUsage
			continue
		}
		if *asJSON {
			json.NewEncoder(env.stdout).Encode(s)
			continue
		}
		fmt.Fprintf(env.stdout, "Reported %s. It is now %s (%s).\n", s.Value, check.SightingNote(s), check.Count(s.Reports, "report", "reports"))
	}
	return code
}

// defaultReporter tells this user on this machine apart from others.
func defaultReporter() string {
	host, _ := os.Hostname()
	name := "someone"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return name + "@" + host
}

// lookup says what the store knows of numbers, sites or remote addresses.
func (env *environment) lookup(args []string) int {
	fs := env.newFlags("lookup", "lookup [flags] NUMBER|WEBSITE|REMOTE-ADDRESS...\n\nExit codes: 0 none reported, 1 at least one reported, 2 bad usage or the store could not be read.")
	db := env.dbFlag(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per value, one per line")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.stderr, "scamscan lookup: name a number, website or remote address to look up")
		fs.Usage()
		return exitUsage
	}
	d := env.storeOrSay("lookup", *db)
	if d == nil {
		return exitUsage
	}
	defer d.Close()
	code := exitNoSigns
	var wanted []store.Sighting
	for _, value := range fs.Args() {
		kind, norm, err := store.Guess(value)
		if err != nil {
			fmt.Fprintf(env.stderr, "scamscan lookup: %v\n", err)
			code = exitUsage
			continue
		}
		wanted = append(wanted, store.Sighting{Kind: kind, Value: norm})
	}
	got, err := d.Lookup(env.ctx, wanted)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan lookup: %v\n", err)
		return exitUsage
	}
	for _, s := range got {
		norm := s.Value
		if s.Reports > 0 && code == exitNoSigns {
			code = exitFlagged
		}
		switch {
		case *asJSON:
			json.NewEncoder(env.stdout).Encode(s)
		case s.Reports == 0:
			fmt.Fprintf(env.stdout, "%s: nobody has reported it here. That does not mean it is genuine: scammers change numbers and sites often.\n", norm)
		default:
			fmt.Fprintf(env.stdout, "%s: %s (%s).\n", norm, check.SightingNote(s), check.Count(s.Reports, "report", "reports"))
		}
	}
	return code
}

// feedback runs the feedback subcommands.
func (env *environment) feedback(args []string) int {
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprintln(env.stderr, "Usage: scamscan feedback export [--db DB] DIR\n\nWrites the messages people shared with their feedback, as a corpus folder for scamscan eval.")
		return exitUsage
	}
	fs := env.newFlags("feedback export", "feedback export [flags] DIR\n\nWrites each shared message as a file, with labels.csv giving the label the person gave, for scamscan eval.")
	db := env.dbFlag(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.stderr, "scamscan feedback export: name one folder to write to")
		fs.Usage()
		return exitUsage
	}
	d := env.storeOrSay("feedback export", *db)
	if d == nil {
		return exitUsage
	}
	defer d.Close()
	list, err := d.SharedFeedback(env.ctx)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan feedback export: %v\n", err)
		return exitUsage
	}
	scams, err := exportFeedback(fs.Arg(0), list)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan feedback export: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(env.stdout, "Wrote %d messages to %s: %d scams, %d genuine.\n", len(list), fs.Arg(0), scams, len(list)-scams)
	return exitOK
}

// exportFeedback writes a corpus folder: one file per message and a
// labels.csv in the form scamscan eval reads. It will not overwrite an
// earlier export's labels.
func exportFeedback(dir string, list []store.Feedback) (scams int, err error) {
	labelsPath := filepath.Join(dir, "labels.csv")
	if _, err := os.Stat(labelsPath); err == nil {
		return 0, fmt.Errorf("%s already exists: export to a new folder", labelsPath)
	} else if !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, err
	}
	rows := [][]string{{"file", "label", "variant", "channel"}}
	for _, f := range list {
		name := f.Name() + ".txt"
		// People's messages: readable by this user only.
		if err := os.WriteFile(filepath.Join(dir, name), []byte(f.SharedText), 0o600); err != nil {
			return 0, err
		}
		label, variant := "scam", f.Label
		if f.Label == store.Legit {
			label, variant = "legit", scan.None
		} else {
			scams++
		}
		rows = append(rows, []string{name, label, variant, f.Channel})
	}
	out, err := os.Create(labelsPath)
	if err != nil {
		return 0, err
	}
	w := csv.NewWriter(out)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		out.Close()
		return 0, err
	}
	return scams, out.Close()
}
