package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/scamscan/scamscan/scan"
)

// ruleInfo is one line of the catalogue listing.
type ruleInfo struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Why      string   `json:"why"`
	Weight   float64  `json:"weight"`
	Strong   bool     `json:"strong,omitempty"`
	Cap      string   `json:"cap,omitempty"`
	Variants []string `json:"variants"`
	Where    string   `json:"where"`
}

func (env *environment) rules(args []string) int {
	fs := env.newFlags("rules", "rules [flags]")
	asJSON := fs.Bool("json", false, "print the catalogue as JSON")
	rulesDir := fs.String("rules", env.getenv("SCAMSCAN_RULES"), "a folder of extra *.rules files (env SCAMSCAN_RULES)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "scamscan rules: unexpected %q\n", fs.Arg(0))
		return exitUsage
	}
	eng, err := scan.New(*rulesDir)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan rules: the rules could not be loaded:\n%v\n", err)
		return exitUsage
	}
	var list []ruleInfo
	for _, r := range eng.Catalogue().Rules {
		v := r.Variants
		if v == nil {
			v = []string{}
		}
		list = append(list, ruleInfo{r.ID, r.Title, r.Why, r.Weight, r.Strong, r.Cap, v, r.Pos.String()})
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(list)
		return exitNoSigns
	}
	fmt.Fprintf(env.stdout, "%-32s %6s  %-28s %s\n", "ID", "WEIGHT", "VARIANTS", "TITLE")
	for _, r := range list {
		w := fmt.Sprintf("%g", r.Weight)
		if r.Strong {
			w += "!"
		}
		if r.Cap != "" {
			w = "cap"
		}
		variants := strings.Join(r.Variants, ",")
		if variants == "" && r.Weight > 0 {
			variants = "any"
		}
		fmt.Fprintf(env.stdout, "%-32s %6s  %-28s %s\n", r.ID, w, variants, r.Title)
	}
	fmt.Fprintln(env.stdout, "\n! strong: can make a \"scam\" verdict. Negative weights lower concern when nothing strong fired; cap limits the verdict.")
	return exitNoSigns
}
