package train

import (
	"fmt"
	"io"

	"github.com/scamscan/scamscan/evaluate"
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
	var probs []float64
	var scams []bool
	for i, ex := range examples {
		if !ex.Bulk {
			probs = append(probs, r.Probability[i])
			scams = append(scams, ex.Scam)
		}
	}
	evaluate.WriteCalibrationBins(w, probs, scams, 10)
}

func ratio(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f (%d/%d)", float64(a)/float64(b), a, b)
}
