package claim

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryFactUsedIsRequiredAndSourced ties the code to the facts table
// both ways: each fact a template or the code reads is in `required` (so a
// facts file without it is refused), and each fact in the table is used
// (so none is kept that no letter says).
func TestEveryFactUsedIsRequiredAndSourced(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	quoted := regexp.MustCompile(`"([a-z0-9_]+)"`)
	used := map[string]bool{}
	sources, _ := filepath.Glob("*.go")
	templates, _ := filepath.Glob("letters/*.tmpl")
	for _, name := range append(sources, templates...) {
		if name == "facts.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`Facts "([a-z0-9_]+)"`).FindAllStringSubmatch(string(b), -1) {
			if _, ok := facts[m[1]]; !ok {
				t.Errorf("%s reads fact %s, which facts.json does not have", name, m[1])
			}
		}
		for _, m := range quoted.FindAllStringSubmatch(string(b), -1) {
			if _, ok := facts[m[1]]; ok {
				used[m[1]] = true
			}
		}
	}
	for id := range facts {
		if !used[id] {
			t.Errorf("fact %s is in facts.json but nothing uses it", id)
		}
		if used[id] && !slices.Contains(required, id) {
			t.Errorf("fact %s is used but not in required, so a facts file without it would be accepted", id)
		}
	}
	for _, id := range required {
		if !used[id] {
			t.Errorf("fact %s is required but nothing uses it", id)
		}
	}
}
