package scan

import (
	"math"

	"github.com/scamscan/scamscan/scan/model"
)

// Ids of the flags the text model gives.
const (
	ModelFlagID     = "reads_like_scam_script"
	ModelOrdinaryID = "reads_like_ordinary_writing"
)

// modelPhrases is how many of the model's heaviest phrases a flag quotes.
const modelPhrases = 5

// secondOpinion asks the text model about the message and lets it move
// the verdict, within bounds that keep every verdict explained:
//   - on its own it can only raise no_known_signs to suspicious;
//   - it can reach likely_scam only when at least one rule fired too;
//   - it never gives scam, which needs strong rules, and never lowers it;
//   - it never raises a verdict past a cap a rule set (a warning about
//     scams stays suspicious), and it may lower a scam a cap brought down
//     to likely_scam as it lowers any likely_scam;
//   - it can lower likely_scam to suspicious when the words read as
//     ordinary (the probability is under the model's Ordinary and the
//     words pull it down), unless rules it never learnt a weight for
//     make likely_scam by themselves: a page that locks the screen fires
//     rules no text it trained on could, and the model has no say on them.
//     The red flags stay; the verdict says "be careful" rather than "very
//     likely a scam".
//
// When it moves the verdict it returns the flag that says why, quoting the
// phrases that weighed most: a red flag when it raised the verdict, a
// reassurance when it lowered it. A score with no phrase to quote moves
// nothing. It sets the result's probability to the model's.
func (e *Engine) secondOpinion(m *message, res *Result, ceiling string) (raised, lowered *Flag) {
	sc := e.model.Score(m.modelInput(e))
	res.Probability = math.Round(sc.Probability*1e3) / 1e3
	p := sc.Probability
	target := res.Verdict
	switch {
	case p >= e.model.LikelyScam && len(res.Flags) > 0 && Rank(target) < Rank(LikelyScam):
		target = LikelyScam
	case p >= e.model.Suspicious && Rank(target) < Rank(Suspicious):
		target = Suspicious
	case p < e.model.Ordinary && sc.Words < 0 && e.unlearntScore(res.Flags) < e.cat.Settings.LikelyScam && target == LikelyScam:
		target = Suspicious
	}
	if Rank(target) > Rank(ceiling) {
		target = ceiling
	}
	if target == res.Verdict {
		return nil, nil
	}
	up := Rank(target) > Rank(res.Verdict)
	top := sc.TopPhrases(modelPhrases, up)
	if len(top) == 0 {
		return nil, nil
	}
	hits := make([]hit, len(top))
	for i, c := range top {
		hits[i] = hit{start: m.text.Tokens[c.T0].Start, end: m.text.Tokens[c.T1].End, t0: c.T0, t1: c.T1}
	}
	res.Verdict = target
	if up {
		return &Flag{
			ID:    ModelFlagID,
			Title: "Reads like a tech-support scam script",
			Why: "These words are common in the scam messages we have studied and rare in ordinary ones. " +
				"No single rule names them, so take this as a warning sign, not proof.",
			Evidence: evidence(m.doc, hits),
		}, nil
	}
	return nil, &Flag{
		ID:    ModelOrdinaryID,
		Title: "Reads like everyday writing, not a scam script",
		Why: "Taken together, the words read like ordinary messages far more than the scams we have studied. " +
			"The red flags above still stand: check them before you trust it.",
		Evidence: evidence(m.doc, hits),
	}
}

// unlearntScore is the rules' score of the red flags the model has no
// weight for: rules it never met in training.
func (e *Engine) unlearntScore(flags []Flag) float64 {
	score := 0.0
	for _, f := range flags {
		if !e.model.Knows(model.RuleFeature(f.ID)) {
			score += f.Weight
		}
	}
	return score
}
