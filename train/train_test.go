package train

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/scamscan/scamscan/scan/model"
	"github.com/scamscan/scamscan/scan/textnorm"
)

// toyExamples are scams that share a script and ordinary messages that
// share the everyday words, with a little of each in the other.
func toyExamples() []Example {
	var out []Example
	add := func(name, text string, scam, bulk bool, rules ...string) {
		out = append(out, Example{Name: name, Scam: scam, Bulk: bulk, Source: "toy", Input: model.Input{Tokens: textnorm.Normalize(text).Tokens, Rules: rules}})
	}
	scams := []string{"your computer is infected call the technician now", "install anydesk so the technician can fix the infected computer",
		"we refunded too much send the difference in gift cards now", "the technician says buy gift cards to fix it"}
	legit := []string{"lunch on sunday at the garden centre", "the parcel will arrive tomorrow morning",
		"thanks for fixing the gate in the garden", "see you at the school gate at three"}
	for i := range 30 {
		add(fmt.Sprint("s", i), scams[i%len(scams)]+fmt.Sprintf(" ref %d", i), true, false, "urgency")
		add(fmt.Sprint("l", i), legit[i%len(legit)]+fmt.Sprintf(" love %d", i), false, false)
		add(fmt.Sprint("b", i), legit[(i+1)%len(legit)]+" regards", false, true)
	}
	return out
}

func TestTrainingIsReproducibleByteForByte(t *testing.T) {
	a, err := Train(toyExamples(), Defaults)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(toyExamples(), Defaults)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := a.Model.Marshal()
	y, _ := b.Model.Marshal()
	if !bytes.Equal(x, y) {
		t.Fatal("the same examples gave two different model files")
	}
	other := Defaults
	other.Seed++
	c, _ := Train(toyExamples(), other)
	if z, _ := c.Model.Marshal(); bytes.Equal(x, z) {
		t.Error("another seed gave the very same file: is the seed used?")
	}
}

func TestTheModelLearnsTheScriptAndTheEverydayWords(t *testing.T) {
	res, err := Train(toyExamples(), Defaults)
	if err != nil {
		t.Fatal(err)
	}
	m := res.Model
	if m.Weights["w:technician"] <= 0 || m.Weights["p:gift cards"] <= 0 || m.Weights["w:garden"] >= 0 {
		t.Errorf("weights technician %v, gift cards %v, garden %v: want the script's words up and everyday words down",
			m.Weights["w:technician"], m.Weights["p:gift cards"], m.Weights["w:garden"])
	}
	if m.Weights["w:regards"] != 0 {
		t.Error("a word seen only in bulk text became a feature")
	}
	score := func(text string) float64 {
		return m.Score(model.Input{Tokens: textnorm.Normalize(text).Tokens}).Probability
	}
	if s, l := score("the technician wants gift cards"), score("lunch in the garden"); s < 0.5 || l > 0.5 {
		t.Errorf("unseen rephrasings: scam %.3f, ordinary %.3f", s, l)
	}
	for i, ex := range toyExamples() {
		if ex.Bulk {
			continue
		}
		if (res.Probability[i] >= 0.5) != ex.Scam {
			t.Errorf("%s scored %.3f by the fold that did not see it", ex.Name, res.Probability[i])
		}
	}
}

func TestTrainingRefusesTooFewExamples(t *testing.T) {
	if _, err := Train(toyExamples()[:6], Defaults); err == nil || !strings.Contains(err.Error(), "too few") {
		t.Errorf("err = %v, want too few examples", err)
	}
}

func TestPlattFitsSeparatedScoresWithoutRunningAway(t *testing.T) {
	c, err := Platt([]float64{-3, -2, -1, 1, 2, 3}, []bool{false, false, false, true, true, true})
	if err != nil {
		t.Fatal(err)
	}
	if c.A <= 0 || c.A > 10 || c.Probability(3) < 0.7 || c.Probability(-3) > 0.3 {
		t.Errorf("calibration %+v: want a rising curve with some doubt left", c)
	}
	if _, err := Platt([]float64{1, 2}, []bool{true, true}); err == nil {
		t.Error("calibration without legitimate messages succeeded")
	}
}

func TestDescribePrintsHeldBackFigures(t *testing.T) {
	exs := toyExamples()
	res, err := Train(exs, Defaults)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	Describe(io.Writer(&b), exs, res, Defaults)
	for _, want := range []string{"precision 1.000 (30/30), recall 1.000 (30/30)", "0 of 30 ordinary messages", "stated"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
