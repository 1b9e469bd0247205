// Package evaluate measures the engine on labelled messages: recall per
// variant and channel, false alarms, a confusion table, calibration, and the
// list of every miss and false alarm, so a rule change can be judged by
// numbers rather than by feel.
package evaluate

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scamscan/scamscan/scan"
)

// Labels.
const (
	LabelScam  = "scam"
	LabelLegit = "legit"
)

// Item is one labelled message.
type Item struct {
	Name    string // file name, or "line N" for a collection
	Label   string
	Variant string
	Channel string
	// Data is the message as stored: text, or an email, page or picture.
	Data []byte
}

// Outcome is what the engine said about an item.
type Outcome struct {
	Item
	Result scan.Result
}

// ReadLabels reads a labels file (file,label,variant,channel with a header
// line) and the messages it names, relative to the file's folder.
func ReadLabels(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "file,label,variant,channel" {
		return nil, fmt.Errorf("%s:1: the first line must be file,label,variant,channel", path)
	}
	dir := filepath.Dir(path)
	items := make([]Item, 0, len(rows)-1)
	for i, row := range rows[1:] {
		it := Item{Name: row[0], Label: row[1], Variant: row[2], Channel: row[3]}
		if it.Label != LabelScam && it.Label != LabelLegit {
			return nil, fmt.Errorf("%s:%d: label %q must be scam or legit", path, i+2, it.Label)
		}
		data, err := os.ReadFile(filepath.Join(dir, it.Name))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+2, err)
		}
		it.Data = data
		items = append(items, it)
	}
	return items, nil
}

// ReadSMSCollection reads the UCI SMS Spam Collection: label<TAB>text lines,
// label ham or spam. Ham is labelled legit; spam is labelled scam with the
// variant other_scam (it is mostly prize draws, not tech-support scams).
func ReadSMSCollection(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var items []Item
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		label, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok || (label != "ham" && label != "spam") {
			return nil, fmt.Errorf("%s:%d: expected ham or spam, a tab, then the text", path, line)
		}
		it := Item{Name: fmt.Sprintf("line %d", line), Label: LabelLegit, Variant: scan.None, Channel: "sms", Data: []byte(text)}
		if label == "spam" {
			it.Label, it.Variant = LabelScam, scan.OtherScam
		}
		items = append(items, it)
	}
	return items, sc.Err()
}

// Scanner checks one item; the command line reads files of every kind.
type Scanner func(ctx context.Context, it Item) (scan.Result, error)

// Run scans every item.
func Run(ctx context.Context, items []Item, check Scanner) ([]Outcome, error) {
	outs := make([]Outcome, 0, len(items))
	for _, it := range items {
		res, err := check(ctx, it)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", it.Name, err)
		}
		outs = append(outs, Outcome{Item: it, Result: res})
	}
	return outs, nil
}

// flagged is the bar for "caught": likely_scam or scam.
func flagged(o Outcome) bool { return scan.Rank(o.Result.Verdict) >= scan.Rank(scan.LikelyScam) }

// Summary holds the measured figures.
type Summary struct {
	Scams, Legit int
	// Found counts scams at likely_scam or above, per variant and channel.
	FoundByVariant, TotalByVariant map[string]int
	FoundByChannel, TotalByChannel map[string]int
	// FalseAlarms are legit messages at likely_scam or above.
	FalseAlarms     int
	LegitSuspicious int
	VariantRight    int
	Confusion       map[string]map[string]int // label -> verdict -> count
	Misses, Alarms  []Outcome
	// Wary are legit messages at suspicious.
	Wary []Outcome
}

// Summarise counts what the outcomes show.
func Summarise(outs []Outcome) Summary {
	s := Summary{
		FoundByVariant: map[string]int{}, TotalByVariant: map[string]int{},
		FoundByChannel: map[string]int{}, TotalByChannel: map[string]int{},
		Confusion: map[string]map[string]int{LabelScam: {}, LabelLegit: {}},
	}
	for _, o := range outs {
		s.Confusion[o.Label][o.Result.Verdict]++
		if o.Label == LabelLegit {
			s.Legit++
			switch {
			case flagged(o):
				s.FalseAlarms++
				s.Alarms = append(s.Alarms, o)
			case o.Result.Verdict == scan.Suspicious:
				s.LegitSuspicious++
				s.Wary = append(s.Wary, o)
			}
			continue
		}
		s.Scams++
		s.TotalByVariant[o.Variant]++
		s.TotalByChannel[o.Channel]++
		if flagged(o) {
			s.FoundByVariant[o.Variant]++
			s.FoundByChannel[o.Channel]++
			if o.Result.Variant == o.Variant {
				s.VariantRight++
			}
		} else {
			s.Misses = append(s.Misses, o)
		}
	}
	return s
}

// GoalsMet reports whether every scam of the three variants was caught and
// no legitimate message was called a scam.
func (s Summary) GoalsMet() bool {
	for _, v := range []string{scan.ColdCall, scan.Popup, scan.Refund} {
		if s.FoundByVariant[v] < s.TotalByVariant[v] {
			return false
		}
	}
	return s.FalseAlarms == 0
}

// Options choose what Write lists by name.
type Options struct {
	// ListMisses lists every scam not caught; off for generic spam, which
	// is not what we look for.
	ListMisses bool
	// ListWary lists the legitimate messages at suspicious.
	ListWary bool
}

// Write prints the report.
func Write(w io.Writer, title string, outs []Outcome, opt Options) Summary {
	s := Summarise(outs)
	fmt.Fprintf(w, "%s: %d messages (%d scam, %d legit)\n\n", title, len(outs), s.Scams, s.Legit)
	if s.Scams > 0 {
		fmt.Fprintln(w, "Scams caught (likely_scam or scam), by variant:")
		writeRates(w, s.FoundByVariant, s.TotalByVariant)
		fmt.Fprintln(w, "By channel:")
		writeRates(w, s.FoundByChannel, s.TotalByChannel)
		found := 0
		for _, n := range s.FoundByVariant {
			found += n
		}
		fmt.Fprintf(w, "Variant named right on %d of %d scams caught\n\n", s.VariantRight, found)
	}
	if s.Legit > 0 {
		fmt.Fprintf(w, "False alarms (legit at likely_scam or scam): %d of %d (%.2f%%)\n", s.FalseAlarms, s.Legit, pct(s.FalseAlarms, s.Legit))
		fmt.Fprintf(w, "Legit at suspicious: %d of %d (%.2f%%)\n\n", s.LegitSuspicious, s.Legit, pct(s.LegitSuspicious, s.Legit))
	}
	fmt.Fprintln(w, "Verdict by label:")
	fmt.Fprintf(w, "  %-6s", "")
	for _, v := range scan.Verdicts() {
		fmt.Fprintf(w, " %15s", v)
	}
	fmt.Fprintln(w)
	for _, l := range []string{LabelScam, LabelLegit} {
		fmt.Fprintf(w, "  %-6s", l)
		for _, v := range scan.Verdicts() {
			fmt.Fprintf(w, " %15d", s.Confusion[l][v])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	writeCalibration(w, outs)
	if opt.ListMisses {
		writeList(w, "Missed scams", s.Misses)
	}
	writeList(w, "False alarms", s.Alarms)
	if opt.ListWary {
		writeList(w, "Legit at suspicious", s.Wary)
	}
	return s
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

func writeRates(w io.Writer, found, total map[string]int) {
	keys := make([]string, 0, len(total))
	for k := range total {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-12s %4d of %4d  %6.1f%%\n", k, found[k], total[k], pct(found[k], total[k]))
	}
}

// writeCalibration compares the probability we state with how often a
// message given that probability really was a scam.
func writeCalibration(w io.Writer, outs []Outcome) {
	probs := make([]float64, len(outs))
	scams := make([]bool, len(outs))
	for i, o := range outs {
		probs[i], scams[i] = o.Result.Probability, o.Label == LabelScam
	}
	fmt.Fprintln(w, "Calibration (stated probability vs share that were scams):")
	WriteCalibrationBins(w, probs, scams, 5)
	slope, mid := FitCalibration(outs)
	fmt.Fprintf(w, "  best fit for [settings] calibration: %.2f %.2f\n\n", slope, mid)
}

func writeList(w io.Writer, title string, outs []Outcome) {
	if len(outs) == 0 {
		return
	}
	fmt.Fprintf(w, "%s (%d):\n", title, len(outs))
	for _, o := range outs {
		ids := make([]string, len(o.Result.Flags))
		for i, f := range o.Result.Flags {
			ids[i] = f.ID
		}
		fmt.Fprintf(w, "  %s [%s %s] -> %s %s, score %.1f: %s\n", o.Name, o.Label, o.Variant,
			o.Result.Verdict, o.Result.Variant, o.Result.Score, strings.Join(ids, " "))
	}
	fmt.Fprintln(w)
}

// WriteCalibrationBins prints, for each of bins equal bands of stated
// probability, how many messages fell in it, the mean stated and the share
// that really were scams.
func WriteCalibrationBins(w io.Writer, probs []float64, scam []bool, bins int) {
	n := make([]int, bins)
	scams := make([]int, bins)
	sum := make([]float64, bins)
	for i, p := range probs {
		b := min(int(p*float64(bins)), bins-1)
		n[b]++
		sum[b] += p
		if scam[i] {
			scams[b]++
		}
	}
	for b := range bins {
		if n[b] == 0 {
			continue
		}
		fmt.Fprintf(w, "  %.1f-%.1f  n=%4d  stated %.2f  observed %.2f\n",
			float64(b)/float64(bins), float64(b+1)/float64(bins), n[b], sum[b]/float64(n[b]), float64(scams[b])/float64(n[b]))
	}
}

// FitCalibration fits probability = 1/(1+exp(-slope*(score-mid))) to the
// labels by the least log loss over a grid (slope 0.1 to 5, midpoint 0 to
// 15), refined around the best point. A grid cannot diverge when scores
// separate the labels completely, as they should on our own corpus; the
// bounded slope then keeps some doubt.
func FitCalibration(outs []Outcome) (slope, mid float64) {
	loss := func(a, m float64) float64 {
		l := 0.0
		for _, o := range outs {
			p := 1 / (1 + math.Exp(-a*(o.Result.Score-m)))
			p = math.Min(math.Max(p, 1e-6), 1-1e-6)
			if o.Label == LabelScam {
				l -= math.Log(p)
			} else {
				l -= math.Log(1 - p)
			}
		}
		return l
	}
	search := func(a0, a1, m0, m1, step float64) {
		best := math.Inf(1)
		if slope > 0 {
			best = loss(slope, mid)
		}
		for a := a0; a <= a1+1e-9; a += step {
			for m := m0; m <= m1+1e-9; m += step {
				if a <= 0 {
					continue
				}
				if l := loss(a, m); l < best {
					best, slope, mid = l, a, m
				}
			}
		}
	}
	search(0.1, 5, 0, 15, 0.1)
	search(slope-0.1, slope+0.1, mid-0.1, mid+0.1, 0.01)
	return math.Round(slope*100) / 100, math.Round(mid*100) / 100
}
