package evaluate

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"

	"github.com/scamscan/scamscan/scan"
)

// The fixed splits. A message's part comes from a hash of its name, so it
// never changes, and a message added later falls into one part for good.
const (
	// CorpusTestOneIn: one labelled message in five is in the test split,
	// which training never sees.
	CorpusTestOneIn = 5
	// HamTestOneIn: half of the public ordinary messages are kept for
	// measuring false alarms; training may use the other half.
	HamTestOneIn = 2
)

// InTestPart says whether the message named name is in the part kept for
// testing, one in oneIn.
func InTestPart(name string, oneIn uint32) bool {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()%oneIn == 0
}

// Part keeps the items in the test part (test true) or the rest.
func Part(items []Item, oneIn uint32, test bool) []Item {
	var out []Item
	for _, it := range items {
		if InTestPart(it.Name, oneIn) == test {
			out = append(out, it)
		}
	}
	return out
}

// SpamAssassinHam are the folders of ordinary email in the SpamAssassin
// public corpus, as scripts/fetch-spamassassin lays them out. Hard ham is
// kept apart: it is the ordinary mail that looks most like spam.
var SpamAssassinHam = []string{"easy-ham-1", "easy-ham-2", "hard-ham-1"}

// ReadSpamAssassin reads one folder of the corpus: JSON files, each an
// email in its "text". Every one is labelled legit.
func ReadSpamAssassin(dir, group string) ([]Item, error) {
	names, err := filepath.Glob(filepath.Join(dir, group, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no emails in %s: run scripts/fetch-spamassassin", filepath.Join(dir, group))
	}
	sort.Strings(names)
	items := make([]Item, 0, len(names))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var msg struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(data, &msg); err != nil || msg.Text == "" {
			return nil, fmt.Errorf("%s: not an email of the SpamAssassin corpus (%v)", name, err)
		}
		items = append(items, Item{Name: group + "/" + filepath.Base(name), Label: LabelLegit, Variant: scan.None, Channel: "email", Data: []byte(msg.Text)})
	}
	return items, nil
}

// Sources say where the messages for training and evaluation live.
type Sources struct {
	// Corpus is a folder with labels.csv: our labelled messages.
	Corpus string
	// SMS is the UCI SMS Spam Collection file; "" leaves it out. Only its
	// ham is used: its spam is not the scams we look for.
	SMS string
	// SpamAssassin is the folder scripts/fetch-spamassassin fills; ""
	// leaves it out.
	SpamAssassin string
}

// Sets are the sources cut into their fixed parts.
type Sets struct {
	CorpusTrain, CorpusTest []Item
	// Ham maps a collection ("uci", "easy-ham-1" ...) to its ordinary
	// messages, for training (HamTrain) and for measuring (HamTest).
	HamTrain, HamTest map[string][]Item
	// HamNames lists the collections in a fixed order.
	HamNames []string
}

// Load reads every source and cuts it into its parts.
func (s Sources) Load() (Sets, error) {
	sets := Sets{HamTrain: map[string][]Item{}, HamTest: map[string][]Item{}}
	items, err := ReadLabels(filepath.Join(s.Corpus, "labels.csv"))
	if err != nil {
		return Sets{}, err
	}
	sets.CorpusTrain = Part(items, CorpusTestOneIn, false)
	sets.CorpusTest = Part(items, CorpusTestOneIn, true)
	addHam := func(name string, items []Item) {
		var ham []Item
		for _, it := range items {
			if it.Label == LabelLegit {
				ham = append(ham, it)
			}
		}
		sets.HamNames = append(sets.HamNames, name)
		sets.HamTrain[name] = Part(ham, HamTestOneIn, false)
		sets.HamTest[name] = Part(ham, HamTestOneIn, true)
	}
	if s.SMS != "" {
		items, err := ReadSMSCollection(s.SMS)
		if err != nil {
			return Sets{}, err
		}
		addHam("uci-sms", items)
	}
	if s.SpamAssassin != "" {
		for _, group := range SpamAssassinHam {
			items, err := ReadSpamAssassin(s.SpamAssassin, group)
			if err != nil {
				return Sets{}, err
			}
			addHam("spamassassin-"+group, items)
		}
	}
	return sets, nil
}
