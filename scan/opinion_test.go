package scan

import (
	"context"
	"slices"
	"testing"

	"github.com/scamscan/scamscan/scan/model"
)

// withToyModel is the default rules with a model that knows two words,
// "zorgle" a scammer's word and "garden" an ordinary one, and the rules
// the tests' scams fire.
func withToyModel(t *testing.T) *Engine {
	return withModel(t, `{"w:zorgle": 10, "w:garden": -20, "r:claims_infection": 0.5, "r:claims_microsoft_contact": 0.5,
	 "r:remote_tool_request": 0.5, "r:remote_access_given_to_caller": 0.5}`)
}

// withModel is the default rules with a model of the given weights.
func withModel(t *testing.T, weights string) *Engine {
	t.Helper()
	m, err := model.Load([]byte(`{"bias": -3, "weights": ` + weights + `,
	 "calibration": {"a": 1, "b": 0}, "ordinary": 0.2, "suspicious": 0.5, "likely_scam": 0.9, "trained": {}, "version": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	e := defaultEngine(t)
	e.UseModel(m)
	return e
}

func flagIDs(fs []Flag) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

func TestTheModelMovesVerdictsOnlyWithinItsBounds(t *testing.T) {
	e := withToyModel(t)
	const (
		infection  = "Your computer has a virus. "                                                                                // claims_infection: suspicious
		microsoft  = "I had a call from Microsoft saying my computer has a virus and they wanted to fix it. "                     // likely_scam, no strong rule
		remoteTool = "Microsoft called. My computer has a virus. They asked me to install AnyDesk and pay £199 with gift cards. " // scam
	)
	for _, c := range []struct {
		name, text, verdict string
		flag, calm          bool
	}{
		{"model alone raises no signs to suspicious", "The zorgle is ready for you.", Suspicious, true, false},
		{"model alone never reaches likely_scam, however sure", "zorgle zorgle. The zorgle is ready.", Suspicious, true, false},
		{"nothing to say about ordinary words", "The parcel is ready for you.", NoKnownSigns, false, false},
		{"with a rule it reaches likely_scam", infection + "The zorgle is ready.", LikelyScam, true, false},
		{"it never gives scam", microsoft + "The zorgle is ready.", LikelyScam, false, false},
		{"it never lowers scam", remoteTool + "See you in the garden.", Scam, false, false},
		{"it lowers likely_scam when sure the words are ordinary", microsoft + "See you in the garden.", Suspicious, false, true},
		{"it does not lower suspicious", infection + "See you in the garden.", Suspicious, false, false},
	} {
		res := scanText(t, e, c.text, "")
		if res.Verdict != c.verdict {
			t.Errorf("%s: verdict %s (p=%.3f, flags %v), want %s", c.name, res.Verdict, res.Probability, flagIDs(res.Flags), c.verdict)
		}
		if got := slices.Contains(flagIDs(res.Flags), ModelFlagID); got != c.flag {
			t.Errorf("%s: model flag present %v, want %v", c.name, got, c.flag)
		}
		if got := slices.Contains(flagIDs(res.Reassurances), ModelOrdinaryID); got != c.calm {
			t.Errorf("%s: model reassurance present %v, want %v", c.name, got, c.calm)
		}
		for _, f := range append(res.Flags, res.Reassurances...) {
			if f.ID != ModelFlagID && f.ID != ModelOrdinaryID {
				continue
			}
			if len(f.Evidence) == 0 {
				t.Errorf("%s: %s quotes nothing", c.name, f.ID)
			}
			for _, ev := range f.Evidence {
				if c.text[ev.Start:ev.End] != ev.Text || (ev.Text != "zorgle" && ev.Text != "garden") {
					t.Errorf("%s: %s quotes %q at [%d,%d)", c.name, f.ID, ev.Text, ev.Start, ev.End)
				}
			}
		}
	}
}

func TestTheModelLowersOnlyOverRulesItLearnt(t *testing.T) {
	// claims_microsoft_contact makes likely_scam by itself, and the model
	// never met it in training: it has no say, however ordinary the words.
	e := withModel(t, `{"w:garden": -20, "r:claims_infection": 0.5}`)
	res := scanText(t, e, "I had a call from Microsoft saying my computer has a virus and they wanted to fix it. See you in the garden.", "")
	if res.Verdict != LikelyScam || slices.Contains(flagIDs(res.Reassurances), ModelOrdinaryID) {
		t.Errorf("%s (p=%.3f, reassurances %v), want likely_scam", res.Verdict, res.Probability, flagIDs(res.Reassurances))
	}
}

func TestTheModelFlagComesLastAndNamesNoKind(t *testing.T) {
	res := scanText(t, withToyModel(t), "Your computer has a virus. The zorgle is ready.", "")
	if ids := flagIDs(res.Flags); ids[len(ids)-1] != ModelFlagID || res.Variant == None {
		t.Errorf("flags %v, variant %s: want the rules' flags, then the model's, and the rules' kind of scam", ids, res.Variant)
	}
	alone := scanText(t, withToyModel(t), "The zorgle is ready.", "")
	if alone.Variant != OtherScam {
		t.Errorf("model alone: variant %s, want other_scam (the model does not tell kinds apart)", alone.Variant)
	}
}

func TestRulesAloneKeepTheirProbability(t *testing.T) {
	e := defaultEngine(t)
	e.UseModel(nil)
	res := scanText(t, e, "The zorgle is ready for you.", "")
	if res.Verdict != NoKnownSigns || res.Probability > 0.1 || len(res.Flags) != 0 {
		t.Errorf("rules alone on plain words: %s p=%.3f flags %v", res.Verdict, res.Probability, flagIDs(res.Flags))
	}
}

func TestTheModelKeepsToTheCapsRulesSet(t *testing.T) {
	e := withToyModel(t)
	// A warning about scams is capped at suspicious; however sure the
	// model is, it may not raise it past that.
	warning := "Your laptop is ready. The so-called Microsoft technician had installed AnyDesk; we removed it. " +
		"If anyone rings offering a refund, it's not us. Any questions, call the shop on 0117 496 0233. zorgle zorgle."
	if res := scanText(t, e, warning, ""); res.Verdict != Suspicious || slices.Contains(flagIDs(res.Flags), ModelFlagID) {
		t.Errorf("warning about scams: %s, flags %v; want suspicious, without the model's flag", res.Verdict, flagIDs(res.Flags))
	}
	// Strong rules in a mailing list's email are capped at likely_scam;
	// the model may lower that as it lowers any likely_scam.
	const scamWords = "Microsoft called. My computer has a virus. They asked me to install AnyDesk and pay £199 with gift cards. "
	list := []Signal{{Kind: "email", Name: "mailing_list", Start: 0, End: 34, Text: "List-Id: <gardeners.lists.example>"}}
	for _, c := range []struct {
		name    string
		text    string
		signals []Signal
		verdict string
	}{
		{"strong rules, no list", scamWords + "See you in the garden.", nil, Scam},
		{"strong rules in a list's email", scamWords + "Thanks.", list, LikelyScam},
		{"strong rules in a list's email, ordinary words", scamWords + "See you in the garden.", list, Suspicious},
	} {
		res, err := e.Scan(context.Background(), Document{Text: c.text, Channel: "email", Signals: c.signals})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != c.verdict {
			t.Errorf("%s: %s (reassurances %v), want %s", c.name, res.Verdict, flagIDs(res.Reassurances), c.verdict)
		}
		if capped := slices.Contains(flagIDs(res.Reassurances), "sent_through_a_mailing_list"); capped != (c.signals != nil) {
			t.Errorf("%s: mailing-list reassurance shown %v", c.name, capped)
		}
	}
}
