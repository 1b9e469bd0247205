package model

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/scamscan/scamscan/scan/textnorm"
)

func input(text string, rules ...string) Input {
	return Input{Tokens: textnorm.Normalize(text).Tokens, Rules: rules}
}

func TestFeaturesAreWordsPairsAndRules(t *testing.T) {
	var got []string
	EachFeature(input("Call 0808 now", "urgency"), func(key []byte, t0, t1 int) {
		got = append(got, string(key))
	})
	want := "w:call w:# p:call # w:now p:# now r:urgency"
	if strings.Join(got, " ") != want {
		t.Errorf("features = %q, want %q", strings.Join(got, " "), want)
	}
}

const small = `{"bias": -2, "weights": {"w:anydesk": 1.5, "p:gift cards": 2, "w:garden": -3, "r:urgency": 0.5},
 "calibration": {"a": 1, "b": 0}, "ordinary": 0.02, "suspicious": 0.5, "likely_scam": 0.9, "trained": {}, "version": 1}`

func TestScoreCountsEachFeatureOnce(t *testing.T) {
	m, err := Load([]byte(small))
	if err != nil {
		t.Fatal(err)
	}
	once := m.Score(input("install anydesk"))
	many := m.Score(input("install anydesk anydesk anydesk anydesk"))
	if once.Raw != -0.5 || many.Raw != once.Raw {
		t.Errorf("raw scores %v and %v, want -0.5 for both: repeating a word must not push the score", once.Raw, many.Raw)
	}
	if s := m.Score(input("buy gift cards", "urgency")); s.Raw != 0.5 || s.Probability < 0.62 || s.Probability > 0.63 {
		t.Errorf("gift cards with urgency: %+v, want raw 0.5 and probability 0.62", s)
	}
}

func TestWordsLeaveOutTheBiasAndTheRules(t *testing.T) {
	m, _ := Load([]byte(small))
	for _, c := range []struct {
		text  string
		rules []string
		words float64
	}{
		{"nothing the model knows", nil, 0},
		{"nothing the model knows", []string{"urgency"}, 0},
		{"see you in the garden", nil, -3},
		{"install anydesk in the garden", []string{"urgency"}, -1.5},
	} {
		if s := m.Score(input(c.text, c.rules...)); s.Words != c.words {
			t.Errorf("%q with rules %v: words %v, want %v", c.text, c.rules, s.Words, c.words)
		}
	}
}

func TestTopPhrasesPointAtTheirWords(t *testing.T) {
	m, _ := Load([]byte(small))
	text := "In the garden, buy gift cards and install AnyDesk"
	in := input(text, "urgency")
	s := m.Score(in)
	up := s.TopPhrases(5, true)
	if len(up) != 2 || up[0].Feature != "p:gift cards" || up[1].Feature != "w:anydesk" {
		t.Fatalf("top phrases up = %+v, want gift cards then anydesk (rules are not phrases)", up)
	}
	if got := text[in.Tokens[up[0].T0].Start:in.Tokens[up[0].T1].End]; got != "gift cards" {
		t.Errorf("span of the top phrase = %q", got)
	}
	down := s.TopPhrases(5, false)
	if len(down) != 1 || down[0].Feature != "w:garden" {
		t.Errorf("top phrases down = %+v, want garden", down)
	}
}

func TestLoadRefusesBrokenModels(t *testing.T) {
	for name, text := range map[string]string{
		"not json":                "weights",
		"old version":             strings.Replace(small, `"version": 1`, `"version": 0`, 1),
		"unknown field":           strings.Replace(small, `"bias"`, `"bais": 1, "bias"`, 1),
		"falling calibration":     strings.Replace(small, `"a": 1`, `"a": -1`, 1),
		"thresholds out of order": strings.Replace(small, `"suspicious": 0.5`, `"suspicious": 0.95`, 1),
	} {
		if _, err := Load([]byte(text)); err == nil {
			t.Errorf("%s: loaded, want an error", name)
		}
	}
}

func TestMarshalIsStable(t *testing.T) {
	m, _ := Load([]byte(small))
	a, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := again.Marshal()
	if !bytes.Equal(a, b) {
		t.Error("a model written, read and written again changed")
	}
	if !bytes.Contains(a, []byte("\"p:gift cards\": 2,\n\t\t\"r:urgency\": 0.5")) {
		t.Errorf("features not one per line in sorted order:\n%s", a)
	}
}

func TestTheEmbeddedModelLoads(t *testing.T) {
	m, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Weights) < 1000 || m.Trained["corpus scam"] == 0 {
		t.Errorf("embedded model has %d features, trained on %v: was it trained?", len(m.Weights), m.Trained)
	}
}

// FuzzLoad: any bytes give a model or an error, never a panic, and a
// model that loads scores text.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(data)
		if err != nil {
			return
		}
		s := m.Score(input("call 0808 157 0412 and install anydesk", "urgency"))
		if s.Probability < 0 || s.Probability > 1 {
			t.Fatalf("probability %v", s.Probability)
		}
	})
}

func TestTopPhrasesKeepTheHeaviestInOrder(t *testing.T) {
	weights := map[string]float64{}
	var words []string
	for i := 1; i <= 12; i++ {
		w := fmt.Sprintf("word%c", 'a'+i-1)
		words = append(words, w)
		weights["w:"+w] = float64(i % 7) // weights 1..6, 0 and again 1..5: ties to break by name
		weights["w:not"+w] = -float64(i)
	}
	m := &Model{Weights: weights, Calibration: Calibration{A: 1}, Suspicious: 0.5, LikelyScam: 0.9, Version: 1}
	m.build()
	text := strings.Join(words, " ") + " not" + strings.Join(words, " not")
	s := m.Score(input(text))
	reversed := slices.Clone(words)
	slices.Reverse(reversed)
	// Ties keep name order whichever of the two comes first.
	for _, order := range [][]string{words, reversed} {
		var up []string
		for _, c := range m.Score(input(strings.Join(order, " "))).TopPhrases(20, true) {
			up = append(up, fmt.Sprintf("%s=%g", c.Feature, c.Weight))
		}
		want := "w:wordf=6 w:worde=5 w:wordl=5 w:wordd=4 w:wordk=4 w:wordc=3 w:wordj=3 w:wordb=2"
		if strings.Join(up, " ") != want {
			t.Errorf("heaviest up = %s\nwant          %s", strings.Join(up, " "), want)
		}
	}
	if down := s.TopPhrases(3, false); len(down) != 3 || down[0].Feature != "w:notwordl" || down[2].Feature != "w:notwordj" {
		t.Errorf("heaviest down = %+v", down)
	}
}

// Score lends each call its own scratch bits: many goroutines scoring at
// once must each get what one gets alone (run with -race).
func TestScoringAtOnceGivesWhatScoringAloneGives(t *testing.T) {
	m, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Hello sir, I am calling from Microsoft technical department, your computer is sending us errors.",
		"See you in the garden on Sunday, bring the kids.",
		"Your refund of £399 was paid by mistake, please send back the difference in Google Play gift cards.",
		"call call call call now now now 0808 157 0412",
	}
	want := make([]Score, len(texts))
	for i, text := range texts {
		want[i] = m.Score(input(text, "urgency"))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 50; round++ {
				i := (g + round) % len(texts)
				if got := m.Score(input(texts[i], "urgency")); got != want[i] {
					errs <- fmt.Sprintf("%q: raw %v at once, %v alone", texts[i], got.Raw, want[i].Raw)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
