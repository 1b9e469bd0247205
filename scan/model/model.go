// Package model is scamscan's second opinion: a linear model over the words
// and word pairs of a message and the rules that fired. Rules catch what we
// have seen; scammers rephrase, and victims tell a call in their own words.
// The model is linear so that every score is explained by the words that
// weighed most, which the result quotes as evidence.
//
// The engine bounds what the model may do (see scan.Engine); this package
// only scores. Training lives in package train.
package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/scamscan/scamscan/scan/textnorm"
)

// Version is the model file format this package reads and writes.
const Version = 1

// MaxFileBytes bounds a model file: the shipped one is far smaller.
const MaxFileBytes = 32 << 20

// Input is what the model reads of one message: its normalised words and
// the ids of the rules that fired.
type Input struct {
	Tokens []textnorm.Token
	Rules  []string
}

// Feature names start with their kind: a word, a word pair, or a rule.
const (
	wordPrefix = "w:"
	pairPrefix = "p:"
	rulePrefix = "r:"
)

// number stands for every word made only of digits: "call 0808" and "call
// 0800" are the same sign, and the digits are the person's own.
const number = "#"

// EachFeature calls fn once per feature occurrence of in: every word, every
// pair of neighbouring words, and every rule, with the tokens they cover
// (rules cover none: t0 = t1 = -1). key is only valid during the call. Both
// training and scoring read features through this one function, so they
// always agree.
func EachFeature(in Input, fn func(key []byte, t0, t1 int)) {
	buf := make([]byte, 0, 64)
	for i, tok := range in.Tokens {
		buf = append(append(buf[:0], wordPrefix...), word(tok.Norm)...)
		fn(buf, i, i)
		if i > 0 {
			buf = append(append(append(append(buf[:0], pairPrefix...), word(in.Tokens[i-1].Norm)...), ' '), word(tok.Norm)...)
			fn(buf, i-1, i)
		}
	}
	for _, id := range in.Rules {
		buf = append(append(buf[:0], rulePrefix...), id...)
		fn(buf, -1, -1)
	}
}

func word(norm string) string {
	for i := 0; i < len(norm); i++ {
		if norm[i] < '0' || norm[i] > '9' {
			return norm
		}
	}
	return number
}

// IsRule says whether a feature name is a rule's, not words.
func IsRule(key string) bool { return strings.HasPrefix(key, rulePrefix) }

// Model is a trained model. The zero value is not usable: Load or Train.
type Model struct {
	// Bias and Weights give the raw score: Bias plus the weight of each
	// feature present (once, however often it occurs).
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
	// Calibration turns the raw score z into a probability,
	// 1/(1+exp(-(A*z+B))), fitted on held-back folds.
	Calibration Calibration `json:"calibration"`
	// Suspicious and LikelyScam are the probabilities at which the model
	// may raise a verdict; below Ordinary it may lower likely_scam to
	// suspicious (see scan.Engine for the bounds).
	Suspicious float64 `json:"suspicious"`
	LikelyScam float64 `json:"likely_scam"`
	Ordinary   float64 `json:"ordinary"`
	// Trained says what the model was trained on, for people reading it.
	Trained map[string]int `json:"trained"`
	Version int            `json:"version"`

	index   map[string]int32
	keys    []string
	weights []float64
}

// Calibration is a Platt scaling of the raw score.
type Calibration struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
}

// Probability turns a raw score into a calibrated probability.
func (c Calibration) Probability(z float64) float64 {
	return 1 / (1 + math.Exp(-(c.A*z + c.B)))
}

// Load reads a model file written by Marshal.
func Load(data []byte) (*Model, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("model file is over %d MiB", MaxFileBytes>>20)
	}
	var m Model
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("model file: version %d, this scamscan reads version %d", m.Version, Version)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	m.build()
	return &m, nil
}

func (m *Model) check() error {
	// Bounded, not only finite: sums of huge weights could overflow.
	finite := func(x float64) bool { return math.Abs(x) <= 1e3 }
	if !finite(m.Bias) || !finite(m.Calibration.A) || !finite(m.Calibration.B) {
		return errors.New("a number is not between -1000 and 1000")
	}
	if m.Calibration.A <= 0 {
		return errors.New("calibration must rise with the score")
	}
	if !(m.Ordinary >= 0 && m.Ordinary < m.Suspicious && m.Suspicious <= m.LikelyScam && m.LikelyScam < 1) {
		return fmt.Errorf("thresholds must satisfy 0 <= ordinary (%g) < suspicious (%g) <= likely_scam (%g) < 1", m.Ordinary, m.Suspicious, m.LikelyScam)
	}
	for k, w := range m.Weights {
		if !finite(w) {
			return fmt.Errorf("weight of %q is not between -1000 and 1000", k)
		}
	}
	return nil
}

// build makes the lookup index: features in sorted order, weights beside.
func (m *Model) build() {
	keys := make([]string, 0, len(m.Weights))
	for k := range m.Weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	m.index = make(map[string]int32, len(keys))
	m.keys = keys
	m.weights = make([]float64, len(keys))
	for i, k := range keys {
		m.index[k] = int32(i)
		m.weights[i] = m.Weights[k]
	}
}

// Marshal writes the model as JSON, one feature per line in sorted order,
// so the same model is always the same bytes and a retrain reads as a diff.
func (m *Model) Marshal() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	return json.MarshalIndent(m, "", "\t")
}

// Weight is a feature's weight, 0 for a feature the model does not know.
func (m *Model) Weight(key string) float64 { return m.Weights[key] }

// Contribution is one feature present in a message, with its weight and
// the first place it occurs.
type Contribution struct {
	Feature string
	Weight  float64
	// T0 and T1 are its first and last token; -1 for a rule.
	T0, T1 int
}

// Score is the model's reading of one message.
type Score struct {
	// Raw is Bias plus the weights of the features present.
	Raw float64
	// Probability is Raw calibrated.
	Probability float64
	// Words is what the words and pairs added to Raw, without the bias
	// and the rules: below zero, the words themselves read as ordinary;
	// a message with few words known to the model scores low on the bias
	// alone.
	Words float64
	// Found lists each feature present once, at its first occurrence, in
	// the order met.
	Found []Contribution
}

// Score reads one message. Each feature counts once, however often it
// occurs, so repeating a phrase cannot push the score.
func (m *Model) Score(in Input) Score {
	s := Score{Raw: m.Bias}
	seen := map[int32]bool{}
	EachFeature(in, func(key []byte, t0, t1 int) {
		i, ok := m.index[string(key)]
		if !ok || seen[i] {
			return
		}
		seen[i] = true
		s.Raw += m.weights[i]
		if t0 >= 0 {
			s.Words += m.weights[i]
		}
		s.Found = append(s.Found, Contribution{Feature: m.keys[i], Weight: m.weights[i], T0: t0, T1: t1})
	})
	s.Probability = m.Calibration.Probability(s.Raw)
	return s
}

// TopPhrases are the word features that pushed the score most, at most n,
// strongest first: towards a scam when up is true, away from one when not.
// They are what the result quotes as the model's evidence.
func (s Score) TopPhrases(n int, up bool) []Contribution {
	sign := 1.0
	if !up {
		sign = -1
	}
	var words []Contribution
	for _, c := range s.Found {
		if c.Weight*sign > 0 && !IsRule(c.Feature) {
			words = append(words, c)
		}
	}
	slices.SortStableFunc(words, func(a, b Contribution) int {
		switch {
		case a.Weight*sign > b.Weight*sign:
			return -1
		case a.Weight*sign < b.Weight*sign:
			return 1
		}
		return strings.Compare(a.Feature, b.Feature)
	})
	if len(words) > n {
		words = words[:n]
	}
	return words
}
