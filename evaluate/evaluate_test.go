package evaluate

import (
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamscan/scamscan/scan"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadLabels(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", "hello")
	p := write(t, dir, "labels.csv", "file,label,variant,channel\na.txt,legit,none,sms\n")
	items, err := ReadLabels(p)
	if err != nil || len(items) != 1 || string(items[0].Data) != "hello" || items[0].Channel != "sms" {
		t.Fatalf("items %+v, err %v", items, err)
	}
	for content, want := range map[string]string{
		"name,kind\n": "labels.csv:1: the first line must be",
		"file,label,variant,channel\na.txt,maybe,none,sms\n":   "labels.csv:2: label \"maybe\"",
		"file,label,variant,channel\nb.txt,scam,popup,popup\n": "labels.csv:2: open",
	} {
		write(t, dir, "labels.csv", content)
		if _, err := ReadLabels(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", content, err, want)
		}
	}
}

func TestReadSMSCollection(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "sms", "ham\tSee you at 6\nspam\tWIN a prize now\n")
	items, err := ReadSMSCollection(p)
	if err != nil || len(items) != 2 || items[0].Label != LabelLegit || items[1].Label != LabelScam || items[1].Variant != scan.OtherScam {
		t.Fatalf("items %+v, err %v", items, err)
	}
	write(t, dir, "sms", "ham\tok\nnot a line\n")
	if _, err := ReadSMSCollection(p); err == nil || !strings.Contains(err.Error(), "sms:2:") {
		t.Fatalf("err %v", err)
	}
}

func outcome(label, variant, verdict string, score float64) Outcome {
	return Outcome{Item: Item{Name: label + verdict, Label: label, Variant: variant, Channel: "sms"},
		Result: scan.Result{Verdict: verdict, Variant: variant, Score: score}}
}

func TestSummariseCountsMissesAndFalseAlarms(t *testing.T) {
	s := Summarise([]Outcome{
		outcome(LabelScam, scan.Popup, scan.Scam, 10),
		outcome(LabelScam, scan.Popup, scan.Suspicious, 3),
		outcome(LabelLegit, scan.None, scan.LikelyScam, 6),
		outcome(LabelLegit, scan.None, scan.Suspicious, 2),
	})
	if s.FoundByVariant[scan.Popup] != 1 || s.TotalByVariant[scan.Popup] != 2 || s.FalseAlarms != 1 || s.LegitSuspicious != 1 || len(s.Misses) != 1 {
		t.Fatalf("summary %+v", s)
	}
	if s.GoalsMet() {
		t.Fatal("goals met with a miss and a false alarm")
	}
}

func TestFitCalibrationRecoversACurve(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var outs []Outcome
	for i := 0; i < 2000; i++ {
		score := rng.Float64() * 10
		p := 1 / (1 + math.Exp(-0.8*(score-4)))
		label := LabelLegit
		if rng.Float64() < p {
			label = LabelScam
		}
		outs = append(outs, outcome(label, scan.None, scan.Suspicious, score))
	}
	slope, mid := FitCalibration(outs)
	if math.Abs(slope-0.8) > 0.15 || math.Abs(mid-4) > 0.4 {
		t.Fatalf("fit slope %.2f mid %.2f, want about 0.8 and 4", slope, mid)
	}
}
