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
	"sync"

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
	// scratch lends Score a bit per feature to count each once: a bitset
	// lent and cleared costs far less than a map made per message.
	scratch *sync.Pool
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
	words := (len(keys) + 63) / 64
	m.scratch = &sync.Pool{New: func() any { return &scratch{bits: make([]uint64, words)} }}
}

// Marshal writes the model as JSON, one feature per line in sorted order,
// so the same model is always the same bytes and a retrain reads as a diff.
func (m *Model) Marshal() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	return json.MarshalIndent(m, "", "\t")
}

// Knows says whether the model has a weight for the feature: whether it
// met it often enough in training to learn one.
func (m *Model) Knows(key string) bool {
	_, ok := m.index[key]
	return ok
}

// RuleFeature is the feature of the rule with the given id.
func RuleFeature(id string) string { return rulePrefix + id }

// Contribution is one feature present in a message, with its weight and
// the first place it occurs.
type Contribution struct {
	Feature string
	Weight  float64
	// T0 and T1 are its first and last token; -1 for a rule.
	T0, T1 int
}

// MaxPhrases is how many of the heaviest phrases each way a Score keeps
// to explain itself: enough for any flag, and no list of every feature
// built for each message.
const MaxPhrases = 8

// Score is the model's reading of one message.
type Score struct {
	// Raw is Bias plus the weights of the features present.
	Raw float64
	// Probability is Raw calibrated.
	Probability float64
	// Words is what the words and pairs added to Raw, without the bias
	// and the rules: below zero, the words themselves lean ordinary.
	Words float64
	// up and down keep the word features that pushed hardest towards a
	// scam and away from one.
	up, down heaviest
}

// heaviest keeps the contributions heaviest in one direction, heaviest
// first, ties in the order of their names.
type heaviest struct {
	n int
	c [MaxPhrases]Contribution
}

// offer keeps c if it is among the heaviest; sign is 1 for weights
// towards a scam, -1 for weights away from one.
func (h *heaviest) offer(c Contribution, sign float64) {
	heavier := func(a, b Contribution) bool {
		return a.Weight*sign > b.Weight*sign || (a.Weight == b.Weight && a.Feature < b.Feature)
	}
	i := h.n
	for i > 0 && heavier(c, h.c[i-1]) {
		i--
	}
	if i == MaxPhrases {
		return
	}
	if h.n < MaxPhrases {
		h.n++
	}
	copy(h.c[i+1:h.n], h.c[i:h.n-1])
	h.c[i] = c
}

// scratch is what Score borrows to count each feature once: a bit per
// feature, and which bits it set so it can clear them.
type scratch struct {
	bits []uint64
	set  []int32
}

// Score reads one message. Each feature counts once, however often it
// occurs, so repeating a phrase cannot push the score.
func (m *Model) Score(in Input) Score {
	s := Score{Raw: m.Bias}
	sc := m.scratch.Get().(*scratch)
	EachFeature(in, func(key []byte, t0, t1 int) {
		i, ok := m.index[string(key)]
		if !ok || sc.bits[i>>6]&(1<<(i&63)) != 0 {
			return
		}
		sc.bits[i>>6] |= 1 << (i & 63)
		sc.set = append(sc.set, i)
		w := m.weights[i]
		s.Raw += w
		if t0 < 0 {
			return // a rule: it counts, but it is not the person's words
		}
		s.Words += w
		c := Contribution{Feature: m.keys[i], Weight: w, T0: t0, T1: t1}
		switch {
		case w > 0:
			s.up.offer(c, 1)
		case w < 0:
			s.down.offer(c, -1)
		}
	})
	for _, i := range sc.set {
		sc.bits[i>>6] = 0
	}
	sc.set = sc.set[:0]
	m.scratch.Put(sc)
	s.Probability = m.Calibration.Probability(s.Raw)
	return s
}

// TopPhrases are the word features that pushed the score most, at most n
// (and at most MaxPhrases), strongest first: towards a scam when up is
// true, away from one when not. They are what the result quotes as the
// model's evidence.
func (s Score) TopPhrases(n int, up bool) []Contribution {
	h := s.down
	if up {
		h = s.up
	}
	return slices.Clone(h.c[:min(n, h.n)])
}
