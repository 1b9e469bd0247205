// Package train fits scamscan's text model: L2-regularised logistic
// regression by stochastic gradient descent, with a fixed seed and sorted
// features so the same examples always give the same model, byte for byte.
// It also cross-validates, so the figures it prints come from messages each
// fold's model did not see, and it calibrates the probability on them.
package train

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/scamscan/scamscan/scan/model"
)

// Example is one labelled message, already read into model input.
type Example struct {
	Name  string
	Scam  bool
	Input model.Input
	// Source says where it came from ("corpus", "uci", "spamassassin"...).
	Source string
	// Bulk marks ordinary text taken in bulk (a public ham collection):
	// it teaches which words are common, but its words do not enter the
	// vocabulary, and its weight is shared out so that it does not drown
	// our labelled messages. Bulk examples are never used to calibrate:
	// the probability is meant for messages like those people bring us.
	Bulk bool
}

// Options tune the fit. The zero value is not usable: start from Defaults.
type Options struct {
	Seed   uint64
	Folds  int
	Epochs int
	// Rate is the first step size; it falls as 1/(1+t/RateDecay).
	Rate      float64
	RateDecay float64
	// L2 pulls every weight towards zero, so no single word rules.
	L2 float64
	// MinDocs is how many labelled (not bulk) messages a word or pair must
	// appear in to become a feature.
	MinDocs int
	// BulkWeight is the total weight of the bulk examples, as a multiple
	// of the total weight of the labelled legitimate ones.
	BulkWeight float64
	// Ordinary, Suspicious and LikelyScam are the thresholds written into
	// the model.
	Ordinary, Suspicious, LikelyScam float64
}

// Defaults are the options `scamscan train` uses.
var Defaults = Options{
	Seed: 20261122, Folds: 5, Epochs: 30, Rate: 0.1, RateDecay: 20000,
	L2: 1e-4, MinDocs: 2, BulkWeight: 2, Ordinary: 0.2, Suspicious: 0.5, LikelyScam: 0.9,
}

// fitted is a model in training: weights by feature index.
type fitted struct {
	features []string
	index    map[string]int32
	weights  []float64
	bias     float64
}

// vocabulary lists, sorted, the features that appear in at least MinDocs
// labelled examples, and every rule seen.
func vocabulary(examples []Example, minDocs int) []string {
	docs := map[string]int{}
	seen := map[string]bool{}
	for _, ex := range examples {
		if ex.Bulk {
			continue
		}
		clear(seen)
		model.EachFeature(ex.Input, func(key []byte, _, _ int) {
			if k := string(key); !seen[k] {
				seen[k] = true
				docs[k]++
			}
		})
	}
	var out []string
	for k, n := range docs {
		if n >= minDocs || model.IsRule(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// encode turns each example into the sorted indices of its features.
func encode(examples []Example, index map[string]int32) [][]int32 {
	out := make([][]int32, len(examples))
	for i, ex := range examples {
		var x []int32
		model.EachFeature(ex.Input, func(key []byte, _, _ int) {
			if j, ok := index[string(key)]; ok {
				x = append(x, j)
			}
		})
		sort.Slice(x, func(a, b int) bool { return x[a] < x[b] })
		out[i] = dedupe(x)
	}
	return out
}

func dedupe(x []int32) []int32 {
	if len(x) == 0 {
		return x
	}
	out := x[:1]
	for _, v := range x[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// sampleWeights balances the three groups: scams, labelled legitimate
// messages, and bulk ordinary text. Scams and labelled legitimate messages
// weigh alike in total; bulk weighs BulkWeight times the labelled legit.
func sampleWeights(examples []Example, opt Options) []float64 {
	var scams, legit, bulk float64
	for _, ex := range examples {
		switch {
		case ex.Scam:
			scams++
		case ex.Bulk:
			bulk++
		default:
			legit++
		}
	}
	w := make([]float64, len(examples))
	for i, ex := range examples {
		switch {
		case ex.Scam:
			w[i] = legit / scams
		case ex.Bulk:
			w[i] = opt.BulkWeight * legit / bulk
		default:
			w[i] = 1
		}
	}
	return w
}

// fit runs SGD over the examples in a seeded order.
func fit(examples []Example, opt Options) fitted {
	features := vocabulary(examples, opt.MinDocs)
	f := fitted{features: features, index: make(map[string]int32, len(features)), weights: make([]float64, len(features))}
	for i, k := range features {
		f.index[k] = int32(i)
	}
	xs := encode(examples, f.index)
	sw := sampleWeights(examples, opt)
	rng := rand.New(rand.NewPCG(opt.Seed, uint64(len(examples))))
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	t := 0.0
	for range opt.Epochs {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			z := f.raw(xs[i])
			y := 0.0
			if examples[i].Scam {
				y = 1
			}
			g := (sigmoid(z) - y) * sw[i]
			rate := opt.Rate / (1 + t/opt.RateDecay)
			t++
			for _, j := range xs[i] {
				f.weights[j] -= rate * (g + opt.L2*f.weights[j])
			}
			f.bias -= rate * g
		}
	}
	return f
}

// raw is the score of an encoded example: the bias plus its weights.
func (f fitted) raw(x []int32) float64 {
	z := f.bias
	for _, j := range x {
		z += f.weights[j]
	}
	return z
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Folds gives each example its fold, 0..k-1, from a seeded shuffle that
// keeps scams, labelled legit and bulk evenly spread.
func Folds(examples []Example, k int, seed uint64) []int {
	fold := make([]int, len(examples))
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, group := range [][]int{indices(examples, func(e Example) bool { return e.Scam }),
		indices(examples, func(e Example) bool { return !e.Scam && !e.Bulk }),
		indices(examples, func(e Example) bool { return !e.Scam && e.Bulk })} {
		rng.Shuffle(len(group), func(a, b int) { group[a], group[b] = group[b], group[a] })
		for n, i := range group {
			fold[i] = n % k
		}
	}
	return fold
}

func indices(examples []Example, keep func(Example) bool) []int {
	var out []int
	for i, ex := range examples {
		if keep(ex) {
			out = append(out, i)
		}
	}
	return out
}

// Result is a trained model with the figures that describe it.
type Result struct {
	Model *model.Model
	// Held are the raw scores of every example from the fold model that
	// did not see it, and Probability the same calibrated.
	Held        []float64
	Probability []float64
}

// Train cross-validates, fits the calibration on the held-back scores of
// the labelled examples, then fits the final model on everything.
func Train(examples []Example, opt Options) (Result, error) {
	var scams, legit int
	for _, ex := range examples {
		if ex.Scam {
			scams++
		} else if !ex.Bulk {
			legit++
		}
	}
	if scams < opt.Folds || legit < opt.Folds {
		return Result{}, fmt.Errorf("too few examples to train: %d scams and %d labelled legitimate messages (need %d of each)", scams, legit, opt.Folds)
	}
	fold := Folds(examples, opt.Folds, opt.Seed)
	held := make([]float64, len(examples))
	for k := range opt.Folds {
		var in, out []int
		for i := range examples {
			if fold[i] == k {
				out = append(out, i)
			} else {
				in = append(in, i)
			}
		}
		f := fit(pick(examples, in), opt)
		for n, x := range encode(pick(examples, out), f.index) {
			held[out[n]] = f.raw(x)
		}
	}
	var zs []float64
	var ys []bool
	for i, ex := range examples {
		if !ex.Bulk {
			zs = append(zs, held[i])
			ys = append(ys, ex.Scam)
		}
	}
	cal, err := Platt(zs, ys)
	if err != nil {
		return Result{}, err
	}
	f := fit(examples, opt)
	m := &model.Model{
		Bias:        round(f.bias),
		Weights:     map[string]float64{},
		Calibration: model.Calibration{A: round(cal.A), B: round(cal.B)},
		Ordinary:    opt.Ordinary,
		Suspicious:  opt.Suspicious,
		LikelyScam:  opt.LikelyScam,
		Trained:     map[string]int{},
		Version:     model.Version,
	}
	for i, k := range f.features {
		if w := round(f.weights[i]); w != 0 {
			m.Weights[k] = w
		}
	}
	for _, ex := range examples {
		label := "legit"
		if ex.Scam {
			label = "scam"
		}
		m.Trained[ex.Source+" "+label]++
	}
	data, err := m.Marshal()
	if err != nil {
		return Result{}, err
	}
	if m, err = model.Load(data); err != nil { // the model as it will be read
		return Result{}, err
	}
	probs := make([]float64, len(held))
	for i, z := range held {
		probs[i] = cal.Probability(z)
	}
	return Result{Model: m, Held: held, Probability: probs}, nil
}

// round keeps four decimals: enough for the score, and the file stays the
// same on machines whose floating point differs in the last bits.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func pick(examples []Example, idx []int) []Example {
	out := make([]Example, len(idx))
	for n, i := range idx {
		out[n] = examples[i]
	}
	return out
}

// Platt fits p = 1/(1+exp(-(A z + B))) to labelled scores by Newton's
// method, with Platt's smoothed targets so that a perfectly separated set
// does not send A to infinity.
func Platt(zs []float64, scam []bool) (model.Calibration, error) {
	var pos, neg float64
	for _, s := range scam {
		if s {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return model.Calibration{}, errors.New("calibration needs both scams and legitimate messages")
	}
	hi, lo := (pos+1)/(pos+2), 1/(neg+2)
	target := func(i int) float64 {
		if scam[i] {
			return hi
		}
		return lo
	}
	loss := func(a, b float64) float64 {
		l := 0.0
		for i, z := range zs {
			// log(1+exp(x)) - t*x, written to stay finite for large x.
			x := a*z + b
			l += math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) - target(i)*x
		}
		return l
	}
	a, b := 0.0, 0.0
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i, z := range zs {
			p := sigmoid(a*z + b)
			d := p - target(i)
			ga += d * z
			gb += d
			v := math.Max(p*(1-p), 1e-12)
			haa += v * z * z
			hab += v * z
			hbb += v
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		// Newton's step can overshoot where the curve is flat: halve it
		// until the loss falls.
		step, before := 1.0, loss(a, b)
		for step > 1e-6 && loss(a-step*da, b-step*db) > before {
			step /= 2
		}
		a, b = a-step*da, b-step*db
		if math.Abs(step*da) < 1e-10 && math.Abs(step*db) < 1e-10 {
			break
		}
	}
	if !(a > 0) || math.IsInf(a, 0) || math.IsNaN(b) {
		return model.Calibration{}, fmt.Errorf("calibration did not settle (a=%g, b=%g): the held-back scores do not separate scams from legitimate messages", a, b)
	}
	return model.Calibration{A: a, B: b}, nil
}
