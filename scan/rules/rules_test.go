package rules

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const goodFile = `
[settings]
suspicious = 2
likely_scam = 5
scam = 8
calibration = 1 3

[concept brand]
phrases = microsoft | micro soft

[concept tool]
entity = remote_tool
value AnyDesk = anydesk | any desk

[rule install_tool]
title = Asks you to install a tool
why = It gives them control.
weight = 3
variants = cold_call
when = near(brand, entity(remote_tool:anydesk), 5)
fires = Microsoft says install AnyDesk
misses = AnyDesk is a company
`

func TestParseGoodFile(t *testing.T) {
	cat, err := Parse("good.rules", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	r := cat.Rule("install_tool")
	if r == nil || r.Weight != 3 || r.When.String() != "near(brand, entity(remote_tool:anydesk), 5)" {
		t.Fatalf("rule = %+v", r)
	}
	var phrases []string
	for _, p := range cat.Concepts[0].Phrases {
		phrases = append(phrases, p.Text)
	}
	if got := strings.Join(phrases, "|"); got != "microsoft|micro soft|microsoft" {
		t.Fatalf("phrases = %s (a two-word phrase is also matched written as one)", got)
	}
}

// TestParseRefusesMistakesWithFileAndLine breaks the good file in one
// place at a time and checks the message names that place.
func TestParseRefusesMistakesWithFileAndLine(t *testing.T) {
	cases := []struct {
		from, to, want string
	}{
		{"weight = 3", "weight = heavy", "bad.rules:18: weight \"heavy\""},
		{"when = near(brand, entity(remote_tool:anydesk), 5)", "when = near(brand, nowhere, 5)", "bad.rules:15: rule \"install_tool\": unknown concept \"nowhere\""},
		{"when = near(brand, entity(remote_tool:anydesk), 5)", "when = near(brand, entity(remote_tool:anydesk)", "bad.rules:20: when: near(a, b, N) needs N"},
		{"when = near(brand, entity(remote_tool:anydesk), 5)", "when = nearby(brand)", "bad.rules:20: when: unknown function \"nearby\""},
		{"when = near(brand, entity(remote_tool:anydesk), 5)", "when = entity(telegram)", "unknown entity kind \"telegram\""},
		{"variants = cold_call", "variants = cold_cal", "bad.rules:19: unknown variant \"cold_cal\""},
		{"fires = Microsoft says install AnyDesk\n", "", "has no fires example"},
		{"misses = AnyDesk is a company\n", "", "has no misses example"},
		{"why = It gives them control.\n", "", "has no why"},
		{"[concept brand]", "[concept Brand!]", "bad.rules:8: concept name \"Brand!\""},
		{"[concept brand]", "[thing brand]", "bad.rules:8: unknown section"},
		{"phrases = microsoft | micro soft", "phrases = microsoft | | soft", "bad.rules:9: empty phrase"},
		{"scam = 8", "scam = 4", "thresholds must rise"},
		{"title = Asks you to install a tool", "title = Asks\nnonsense", "bad.rules:17: expected key = value"},
		{"[concept tool]", "[concept brand]", "concept \"brand\" is already defined at bad.rules:8"},
		{"weight = 3", "weight = 3\ncap = suspicious", "has both a weight and a cap"},
	}
	for _, c := range cases {
		broken := strings.Replace(goodFile, c.from, c.to, 1)
		_, err := Parse("bad.rules", []byte(broken))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q -> %q: error %v, want it to contain %q", c.from, c.to, err, c.want)
		}
	}
}

func TestLoadFSRefusesAnUnusedConcept(t *testing.T) {
	fsys := fstest.MapFS{"a.rules": {Data: []byte(goodFile + "\n[concept spare]\nphrases = spare\n")}}
	_, err := LoadFS(fsys, "")
	if err == nil || !strings.Contains(err.Error(), "a.rules:24: concept \"spare\" is not used") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadFSAddsAFolderOfRules(t *testing.T) {
	dir := t.TempDir()
	extra := "[rule extra]\ntitle = t\nwhy = w\nweight = 1\nvariants = popup\nwhen = brand\nfires = microsoft\nmisses = apple\n"
	writeFile(t, dir+"/extra.rules", extra)
	cat, err := LoadFS(fstest.MapFS{"a.rules": {Data: []byte(goodFile)}}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Rule("extra") == nil {
		t.Fatal("the extra folder's rule was not loaded")
	}
	writeFile(t, dir+"/extra.rules", strings.Replace(extra, "when = brand", "when = brand(", 1))
	if _, err := LoadFS(fstest.MapFS{"a.rules": {Data: []byte(goodFile)}}, dir); err == nil || !strings.Contains(err.Error(), "extra.rules:6:") {
		t.Fatalf("err = %v, want it to name extra.rules:6", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Add([]byte("[rule x]\nwhen = all(any(a, b), not(c), near(a, b, 3), atleast(1, a), many(2, a))\n"))
	f.Add([]byte("[concept a]\nphrases = a* | b c d\n[settings]\ncalibration = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, err := Parse("fuzz.rules", data)
		if err == nil && cat == nil {
			t.Fatal("no catalogue and no error")
		}
	})
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
