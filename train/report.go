package train

import (
	"fmt"
	"io"
)

// Describe prints what cross-validation says of the model: precision and
// recall at its thresholds on the labelled messages, false alarms on the
// bulk ordinary text, and the calibration, all from held-back folds.
func Describe(w io.Writer, examples []Example, r Result, opt Options) {
	fmt.Fprintf(w, "Cross-validated (%d folds; each message scored by a model that did not see it):\n", opt.Folds)
	for _, t := range []struct {
		name string
		at   float64
	}{{"suspicious", r.Model.Suspicious}, {"likely_scam", r.Model.LikelyScam}} {
		var tp, fp, fn, bulkFP, bulk int
		for i, ex := range examples {
			hit := r.Probability[i] >= t.at
			switch {
			case ex.Bulk:
				bulk++
				if hit {
					bulkFP++
				}
			case ex.Scam && hit:
				tp++
			case ex.Scam:
				fn++
			case hit:
				fp++
			}
		}
		fmt.Fprintf(w, "  p >= %.2f (%s): precision %s, recall %s on labelled messages; %d of %d ordinary messages above it\n",
			t.at, t.name, ratio(tp, tp+fp), ratio(tp, tp+fn), bulkFP, bulk)
	}
	fmt.Fprintln(w, "Calibration on held-back folds, labelled messages (stated probability vs share that were scams):")
	const bins = 10
	var n, scams [bins]int
	var sum [bins]float64
	for i, ex := range examples {
		if ex.Bulk {
			continue
		}
		b := min(int(r.Probability[i]*bins), bins-1)
		n[b]++
		sum[b] += r.Probability[i]
		if ex.Scam {
			scams[b]++
		}
	}
	for b := range bins {
		if n[b] == 0 {
			continue
		}
		fmt.Fprintf(w, "  %.1f-%.1f  n=%4d  stated %.2f  observed %.2f\n", float64(b)/bins, float64(b+1)/bins, n[b], sum[b]/float64(n[b]), float64(scams[b])/float64(n[b]))
	}
}

func ratio(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f (%d/%d)", float64(a)/float64(b), a, b)
}
