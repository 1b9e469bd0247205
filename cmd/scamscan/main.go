// Command scamscan tells whether a message is a Microsoft tech-support scam,
// shows the words that give it away, and says what to do.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitNoSigns = 0 // nothing flagged
	exitOK      = 0 // a command other than scan did its job
	exitFlagged = 1 // something was suspicious or worse (or an evaluation goal failed)
	exitUsage   = 2 // bad usage or an input that could not be read
)

const usage = `scamscan checks a message for the signs of a Microsoft tech-support scam.

Usage:
  scamscan scan [flags] FILE...     check files ("-" reads standard input)
  scamscan serve [flags]            the web pages and the API, on http://localhost:8080
  scamscan claim ROUTE [flags]      write a claim letter or report pack: psr (bank
                                    transfers), card (chargeback, Section 75), report
  scamscan report [flags] VALUE...  record a number, website or remote address as a scam
  scamscan lookup [flags] VALUE...  say how many people reported a number, website or address
  scamscan feedback export DIR      write the messages people shared as a corpus folder
  scamscan rules [--json]           list the red flags the scanner knows
  scamscan eval [flags] [DIR]       measure the scanner on labelled messages
  scamscan train [flags]            retrain the text model from the labelled corpus
  scamscan help                     show this text

Run "scamscan COMMAND --help" for a command's flags.

Reports and feedback are kept in an SQLite file in $XDG_DATA_HOME/scamscan
(or ~/.local/share/scamscan), or in PostgreSQL with --db postgres://...

Exit codes: 0 no known signs, 1 something flagged, 2 bad usage or unreadable input.
`

// errUsage marks a mistake in how the command was called.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	env := &environment{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	switch args[0] {
	case "scan":
		return env.scan(args[1:])
	case "rules":
		return env.rules(args[1:])
	case "serve":
		return env.serve(args[1:])
	case "claim":
		return env.claim(args[1:])
	case "eval":
		return env.eval(args[1:])
	case "train":
		return env.train(args[1:])
	case "report":
		return env.report(args[1:])
	case "lookup":
		return env.lookup(args[1:])
	case "feedback":
		return env.feedback(args[1:])
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitNoSigns
	}
	fmt.Fprintf(stderr, "scamscan: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// environment is what every command may use: no globals, so tests can run
// commands side by side.
type environment struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}
