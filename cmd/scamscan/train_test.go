package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Training twice on the same corpus writes the same model file, and says
// how the model did on messages it had not seen.
func TestTrainWritesTheSameModelTwice(t *testing.T) {
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		out := filepath.Join(dir, "model.json")
		code, stdout, stderr := call(t, "", "train", "--corpus", "../../testdata/corpus", "--sms", "", "--spamassassin", "", "--out", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"Cross-validated (5 folds", "precision", "Calibration on held-back folds", "Wrote " + out} {
			if !strings.Contains(stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, stdout)
			}
		}
		var err error
		if files[i], err = os.ReadFile(out); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two runs on the same corpus wrote different models")
	}
}

func TestTrainExplainsMissingData(t *testing.T) {
	code, _, stderr := call(t, "", "train", "--corpus", "../../testdata/corpus", "--sms", "", "--spamassassin", t.TempDir(), "--out", filepath.Join(t.TempDir(), "m.json"))
	if code != exitUsage || !strings.Contains(stderr, "scripts/fetch-spamassassin") {
		t.Errorf("exit %d, %q: want a pointer to the fetch script", code, stderr)
	}
}
