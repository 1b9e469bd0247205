// Package scan is the scanning engine: it reads a document's text, finds the
// red flags of the rule catalogue with the words that fired them, and gives
// a verdict, a variant and a calibrated probability.
package scan

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/scamscan/scamscan/scan/entity"
	"github.com/scamscan/scamscan/scan/model"
	"github.com/scamscan/scamscan/scan/phrase"
	"github.com/scamscan/scamscan/scan/rules"
	"github.com/scamscan/scamscan/scan/textnorm"
)

// MaxTextBytes bounds the text of one document. Scans are linear in the
// text, but a person never needs more than this to show us a message.
const MaxTextBytes = 2 << 20

// ErrTooLarge is returned for a document over MaxTextBytes.
var ErrTooLarge = fmt.Errorf("the text is larger than %d MiB; paste only the message", MaxTextBytes>>20)

// maxEvidence bounds the spans listed for one flag.
const maxEvidence = 8

// Engine is a compiled catalogue. It is safe for concurrent use.
type Engine struct {
	cat     *rules.Catalogue
	matcher *phrase.Matcher
	// patterns[p] lists the concepts (and values) phrase p stands for.
	patterns [][]conceptRef
	concepts map[string]int
	// entityConcepts are the concepts whose hits are entities.
	entityConcepts []int
	// ruleIndex finds a rule's place in the catalogue, for rule(id).
	ruleIndex map[string]int
	// nodes are the compiled conditions; when[i] is rule i's root node.
	nodes []node
	when  []int
	// memoSlot[node] is where a shared node's value is kept, or -1.
	memoSlot  []int
	memoSlots int
	// model is the second opinion on the words; nil for rules alone.
	model *model.Model
	// pool keeps per-message scratch space between scans.
	pool sync.Pool
}

type conceptRef struct {
	concept int
	value   string
}

// New compiles the embedded catalogue, plus the *.rules files of extraDir
// when it is not empty, with the embedded text model.
func New(extraDir string) (*Engine, error) {
	cat, err := rules.LoadFS(DefaultRules(), extraDir)
	if err != nil {
		return nil, err
	}
	e, err := Compile(cat)
	if err != nil {
		return nil, err
	}
	if e.model, err = model.Embedded(); err != nil {
		return nil, err
	}
	return e, nil
}

// UseModel sets the text model, or nil for rules alone. Call it before
// the engine's first scan: it is not safe alongside scans.
func (e *Engine) UseModel(m *model.Model) { e.model = m }

// DefaultRules is the embedded catalogue.
func DefaultRules() fs.FS { return catalogueFS }

// Compile builds the one-pass matcher for a catalogue, with no text model.
func Compile(cat *rules.Catalogue) (*Engine, error) {
	e := &Engine{cat: cat, concepts: map[string]int{}, ruleIndex: map[string]int{}}
	for i, r := range cat.Rules {
		e.ruleIndex[r.ID] = i
	}
	index := map[string]int{}
	var phrases []string
	for ci, con := range cat.Concepts {
		e.concepts[con.Name] = ci
		if con.Entity != "" {
			e.entityConcepts = append(e.entityConcepts, ci)
		}
		for _, p := range con.Phrases {
			pi, ok := index[p.Text]
			if !ok {
				pi = len(phrases)
				index[p.Text] = pi
				phrases = append(phrases, p.Text)
				e.patterns = append(e.patterns, nil)
			}
			// "team viewer" and its joined form "teamviewer" can
			// normalise alike: one reference per concept and value.
			if ref := (conceptRef{ci, p.Value}); !slices.Contains(e.patterns[pi], ref) {
				e.patterns[pi] = append(e.patterns[pi], ref)
			}
		}
	}
	m, err := phrase.Compile(phrases)
	if err != nil {
		return nil, err
	}
	e.matcher = m
	shared := map[string]int{}
	for _, r := range cat.Rules {
		e.when = append(e.when, e.compileCond(r.When, shared))
	}
	e.assignMemoSlots()
	return e, nil
}

// Catalogue returns the rules the engine runs.
func (e *Engine) Catalogue() *rules.Catalogue { return e.cat }

// hit is one place in the text that satisfied part of a condition.
type hit struct {
	start, end int // bytes of the original text
	t0, t1     int // first and last token, inclusive
	value      string
	// inherited marks a hit that came through rule(id): it is that rule's
	// evidence, quoted again only when a flag has no words of its own.
	inherited bool
	// inFile marks a signal's hit: start and end are offsets in the
	// original file, value is the file's bytes there, and there are no
	// words of the text (t0 and t1 are far from every word).
	inFile bool
}

// farAway is the token position of a signal: no word is near it.
const farAway = -1 << 40

// value is what a condition evaluates to: whether it holds, and where.
type value struct {
	ok   bool
	hits []hit
}

// message is everything found in one document before the rules run. Its
// slices and map are scratch space, kept in a pool between scans: nothing in
// a Result points into them.
type message struct {
	doc      Document
	text     *textnorm.Text
	concepts [][]hit
	entities map[entityKey][]hit // {phone, ""}, {phone, freephone}, {remote_tool, anydesk} ...
	found    Entities
	fired    []value // by rule index
	// memo holds the values of shared condition nodes once worked out.
	memo []value
	done []bool
	// Scratch for bucketing phrase hits by concept.
	all     []conceptHit
	counts  []int
	next    []int
	backing []hit
}

type conceptHit struct {
	concept int
	h       hit
}

// newMessage takes scratch space from the pool, sized for this engine.
func (e *Engine) newMessage(doc Document) *message {
	m, _ := e.pool.Get().(*message)
	if m == nil {
		m = &message{
			entities: map[entityKey][]hit{},
			fired:    make([]value, len(e.cat.Rules)),
			memo:     make([]value, e.memoSlots),
			done:     make([]bool, e.memoSlots),
			concepts: make([][]hit, len(e.cat.Concepts)),
			counts:   make([]int, len(e.cat.Concepts)+1),
			next:     make([]int, len(e.cat.Concepts)+1),
			text:     &textnorm.Text{},
		}
	}
	m.doc = doc
	return m
}

// release clears the message and puts it back in the pool.
func (e *Engine) release(m *message) {
	for k, hs := range m.entities {
		m.entities[k] = hs[:0]
	}
	clear(m.fired)
	clear(m.memo)
	clear(m.done)
	clear(m.counts)
	m.all = m.all[:0]
	m.found = Entities{}
	m.doc = Document{}
	if cap(m.backing) > 1<<16 || len(m.entities) > 256 || m.text.Size() > 16<<20 {
		return // a very large message: let its memory go
	}
	e.pool.Put(m)
}

// Scan checks one document.
func (e *Engine) Scan(ctx context.Context, doc Document) (Result, error) {
	if len(doc.Text) > MaxTextBytes {
		return Result{}, ErrTooLarge
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	m := e.read(doc)
	defer e.release(m)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return e.judge(m), nil
}

// ModelInput is what the text model reads of a document: its words and the
// rules that fire. Training reads documents through it, so it sees exactly
// what a scan would show the model.
func (e *Engine) ModelInput(doc Document) model.Input {
	m := e.read(doc)
	defer e.release(m)
	e.fire(m)
	in := m.modelInput(e)
	in.Tokens = slices.Clone(in.Tokens) // the message's own go back to the pool
	return in
}

func (m *message) modelInput(e *Engine) model.Input {
	in := model.Input{Tokens: m.text.Tokens}
	for i, v := range m.fired {
		if v.ok {
			in.Rules = append(in.Rules, e.cat.Rules[i].ID)
		}
	}
	return in
}

// fire works out every rule.
func (e *Engine) fire(m *message) {
	for i := range e.cat.Rules {
		m.fired[i] = m.eval(e, e.when[i])
	}
}

// read normalises the text, matches every phrase and finds the entities.
func (e *Engine) read(doc Document) *message {
	m := e.newMessage(doc)
	t := textnorm.NormalizeInto(m.text, doc.Text)
	// Collect every (concept, hit) pair in one slice, then bucket them by
	// concept in one backing array rather than one growing slice each.
	counts := m.counts
	e.matcher.Find(t.Joined, func(pm phrase.Match) {
		t0, t1 := t.TokenAt(pm.Start), t.TokenAt(pm.End-1)
		h := hit{start: t.Tokens[t0].Start, end: t.Tokens[t1].End, t0: t0, t1: t1}
		for _, ref := range e.patterns[pm.Pattern] {
			h.value = ref.value
			m.all = append(m.all, conceptHit{ref.concept, h})
			counts[ref.concept+1]++
		}
	})
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	if cap(m.backing) < len(m.all) {
		m.backing = make([]hit, len(m.all))
	}
	backing := m.backing[:len(m.all)]
	copy(m.next, counts)
	for _, f := range m.all {
		backing[m.next[f.concept]] = f.h
		m.next[f.concept]++
	}
	for c := range m.concepts {
		m.concepts[c] = backing[counts[c]:counts[c+1]:counts[c+1]]
	}
	m.findEntities(e)
	return m
}

// tokenSpan gives the tokens that cover bytes [start, end) of the original.
func (m *message) tokenSpan(start, end int) (int, int) {
	n := len(m.text.Tokens)
	if n == 0 {
		return 0, 0
	}
	t0 := min(m.text.TokenIndexAtByte(start), n-1)
	t1 := max(min(m.text.TokenIndexAtByte(end-1), n-1), t0)
	return t0, t1
}

// addEntity records an entity under its kind and each of its sub-kinds, so
// that entity(phone) and entity(phone:freephone) both find it.
func (m *message) addEntity(kind string, subs []string, start, end int, val string) {
	t0, t1 := m.tokenSpan(start, end)
	h := hit{start: start, end: end, t0: t0, t1: t1, value: val}
	m.entities[entityKey{kind, ""}] = append(m.entities[entityKey{kind, ""}], h)
	for _, sub := range subs {
		if sub != "" {
			k := entityKey{kind, sub}
			m.entities[k] = append(m.entities[k], h)
		}
	}
}

func (m *message) findEntities(e *Engine) {
	s := m.doc.Text
	m.found.Phones = entity.Phones(s)
	for _, p := range m.found.Phones {
		where, known := "foreign", "unknown"
		if p.UK {
			where = "uk"
		}
		if p.Service != "" {
			known = "service"
		}
		m.addEntity("phone", []string{p.Type, where, known}, p.Start, p.End, p.E164)
	}
	m.found.URLs = entity.URLs(s)
	seen := map[string]bool{}
	for _, u := range m.found.URLs {
		m.addEntity("url", nil, u.Start, u.End, u.Domain)
		m.addEntity("domain", u.Marks, u.Start, u.End, u.Domain)
		if !seen[u.Domain] {
			seen[u.Domain] = true
			m.found.Domains = append(m.found.Domains, Domain{
				Domain: u.Domain, Lookalike: u.Has("lookalike"), Punycode: u.Has("punycode"),
				Shortener: u.Has("shortener"), Microsoft: u.Has("microsoft"),
			})
		}
	}
	m.found.Amounts = entity.Amounts(s)
	for _, a := range m.found.Amounts {
		subs := []string{strings.ToLower(a.Currency)}
		if a.Value > 100 {
			subs = append(subs, "over100")
		}
		m.addEntity("amount", subs, a.Start, a.End, "")
	}
	for _, sg := range m.doc.Signals {
		if sg.InText {
			m.addEntity(sg.Kind, []string{sg.Name}, sg.Start, sg.End, sg.Text)
			continue
		}
		h := hit{start: sg.Start, end: sg.End, t0: farAway, t1: farAway, value: sg.Text, inFile: true}
		for _, k := range []entityKey{{sg.Kind, ""}, {sg.Kind, sg.Name}} {
			m.entities[k] = append(m.entities[k], h)
		}
	}
	for _, ci := range e.entityConcepts {
		con := e.cat.Concepts[ci]
		for _, h := range m.concepts[ci] {
			m.addEntity(con.Entity, []string{rules.SubKind(h.value)}, h.start, h.end, h.value)
			named := Named{Name: h.value, Text: s[h.start:h.end], Start: h.start, End: h.end}
			switch con.Entity {
			case "remote_tool":
				m.found.RemoteTools = addNamed(m.found.RemoteTools, named, s)
			case "payment":
				m.found.PaymentRoutes = addNamed(m.found.PaymentRoutes, named, s)
			}
		}
	}
}

// addNamed lists a named entity once per place: mentions of one kind that
// overlap ("Google Play gift" and "gift card" in "Google Play gift card")
// are one mention, named after the longer.
func addNamed(list []Named, n Named, text string) []Named {
	for i, have := range list {
		if have.Start < n.End && n.Start < have.End {
			if n.End-n.Start > have.End-have.Start {
				have.Name = n.Name
			}
			have.Start, have.End = min(have.Start, n.Start), max(have.End, n.End)
			have.Text = text[have.Start:have.End]
			list[i] = have
			return list
		}
	}
	return append(list, n)
}

// concat joins two lists of hits, reusing one of them when the other is
// empty: most conditions hold in one place or none.
func concat(a, b []hit) []hit {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	out := make([]hit, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}

// near keeps the pairs of hits of a and b with at most n words between them.
// b is sorted by position so each hit of a looks only at the hits of b
// within reach: long texts stay linear rather than quadratic.
func near(a, b value, n int) value {
	if !a.ok || !b.ok {
		return value{}
	}
	bs := b.hits
	byStart := func(x, y hit) int { return x.t0 - y.t0 }
	if !slices.IsSortedFunc(bs, byStart) {
		bs = slices.Clone(bs)
		slices.SortFunc(bs, byStart)
	}
	longest := 0
	for _, h := range bs {
		longest = max(longest, h.t1-h.t0)
	}
	var out value
	usedB := make([]bool, len(bs))
	for _, ha := range a.hits {
		matched := false
		from := sort.Search(len(bs), func(i int) bool { return bs[i].t0 >= ha.t0-n-1-longest })
		for j := from; j < len(bs) && bs[j].t0 <= ha.t1+n+1; j++ {
			if gap(ha, bs[j]) <= n {
				matched = true
				if !usedB[j] {
					usedB[j] = true
					out.hits = append(out.hits, bs[j])
				}
			}
		}
		if matched {
			out.hits = append(out.hits, ha)
		}
	}
	out.ok = len(out.hits) > 0
	return out
}

// gap counts the words between two hits. Hits that share a word are not
// "near" each other: they are one thing read two ways.
func gap(a, b hit) int {
	switch {
	case a.t1 < b.t0:
		return b.t0 - a.t1 - 1
	case b.t1 < a.t0:
		return a.t0 - b.t1 - 1
	}
	return math.MaxInt
}

// judge runs the rules and turns what fired into a verdict.
func (e *Engine) judge(m *message) Result {
	res := Result{Channel: m.doc.Channel, Entities: m.found}
	var lowers, caps []Flag
	capRank := Rank(Scam)
	strong := false
	e.fire(m)
	for i, r := range e.cat.Rules {
		v := m.fired[i]
		if !v.ok {
			continue
		}
		f := Flag{ID: r.ID, Title: r.Title, Why: r.Why, Weight: r.Weight, Evidence: evidence(m.doc, ownHits(v.hits))}
		switch {
		case r.Cap != "":
			caps = append(caps, f)
			capRank = min(capRank, Rank(r.Cap))
		case r.Weight < 0:
			lowers = append(lowers, f)
		default:
			res.Flags = append(res.Flags, f)
			res.Score += r.Weight
			strong = strong || r.Strong
		}
	}
	if !strong {
		// Reassuring signs count only when nothing strong fired.
		for _, f := range lowers {
			res.Score += f.Weight
		}
		res.Reassurances = append(res.Reassurances, lowers...)
	}
	res.Reassurances = append(res.Reassurances, caps...)
	res.Score = math.Max(0, res.Score)
	s := e.cat.Settings
	switch {
	case res.Score >= s.Scam && strong:
		res.Verdict = Scam
	case res.Score >= s.LikelyScam:
		res.Verdict = LikelyScam
	case res.Score >= s.Suspicious:
		res.Verdict = Suspicious
	default:
		res.Verdict = NoKnownSigns
	}
	if Rank(res.Verdict) > capRank {
		res.Verdict = Verdicts()[capRank]
		// The score drops to the floor of the capped verdict, and the
		// rules' probability with it: most capped texts are warnings, not
		// scams. The model, when there is one, gives its own.
		res.Score = []float64{0, s.Suspicious, s.LikelyScam}[capRank]
	}
	var raised *Flag
	if e.model != nil {
		// The model judges the capped verdict and may not raise it past
		// the cap.
		var lowered *Flag
		if raised, lowered = e.secondOpinion(m, &res, Verdicts()[capRank]); lowered != nil {
			res.Reassurances = append(res.Reassurances, *lowered)
		}
	}
	if e.model == nil {
		res.Probability = math.Round(1e3/(1+math.Exp(-s.Slope*(res.Score-s.Midpoint)))) / 1e3
	}
	res.Variant = e.variant(res)
	sort.SliceStable(res.Flags, func(i, j int) bool { return res.Flags[i].Weight > res.Flags[j].Weight })
	if raised != nil {
		res.Flags = append(res.Flags, *raised) // it adds no score: it comes last
	}
	res.Summary = Summary(res.Verdict, res.Variant)
	res.Entities.emptyNotNull()
	if res.Flags == nil {
		res.Flags = []Flag{}
	}
	if res.Reassurances == nil {
		res.Reassurances = []Flag{}
	}
	return res
}

// emptyNotNull gives every list a value, so JSON readers always get a
// list, never null.
func (en *Entities) emptyNotNull() {
	if en.Phones == nil {
		en.Phones = []entity.Phone{}
	}
	if en.URLs == nil {
		en.URLs = []entity.URL{}
	}
	if en.Domains == nil {
		en.Domains = []Domain{}
	}
	if en.RemoteTools == nil {
		en.RemoteTools = []Named{}
	}
	if en.PaymentRoutes == nil {
		en.PaymentRoutes = []Named{}
	}
	if en.Amounts == nil {
		en.Amounts = []entity.Amount{}
	}
}

// Verdicts lists the verdicts in rising order of concern.
func Verdicts() []string { return []string{NoKnownSigns, Suspicious, LikelyScam, Scam} }

// variant picks the scam variant the flags point to most.
func (e *Engine) variant(res Result) string {
	if res.Verdict == NoKnownSigns {
		return None
	}
	score := map[string]float64{}
	for _, f := range res.Flags {
		i, ok := e.ruleIndex[f.ID]
		if !ok {
			continue // the model's flag names no kind
		}
		for _, v := range e.cat.Rules[i].Variants {
			score[v] += f.Weight
		}
	}
	best, bestScore := OtherScam, 0.0
	// On a tie the more specific story wins: a refund or a pop-up usually
	// also shows the signs of a cold call.
	for _, v := range []string{Refund, Popup, ColdCall, OtherScam} {
		if score[v] > bestScore {
			best, bestScore = v, score[v]
		}
	}
	return best
}

// ownHits keeps the hits a rule found itself, or all of them when every
// hit was inherited from the rules it builds on.
func ownHits(hs []hit) []hit {
	own := make([]hit, 0, len(hs))
	for _, h := range hs {
		if !h.inherited {
			own = append(own, h)
		}
	}
	if len(own) == 0 {
		return hs
	}
	return own
}

// evidence turns hits into sorted, merged spans: of the text first, then
// of the file; on a picture each span of the text carries its box.
func evidence(doc Document, hits []hit) []Evidence {
	spans := make([]Evidence, 0, len(hits))
	var inFile []Evidence
	for _, h := range hits {
		if h.inFile {
			inFile = append(inFile, Evidence{Start: h.start, End: h.end, Text: h.value, Source: "file"})
			continue
		}
		spans = append(spans, Evidence{Start: h.start, End: h.end})
	}
	merged := mergeSpans(spans)
	for i := range merged {
		merged[i].Text = doc.Text[merged[i].Start:merged[i].End]
		merged[i].Box = boxOf(doc.Words, merged[i].Start, merged[i].End)
	}
	// Text and file spans are capped apart, so a header line or a page's
	// code is never pushed out by quotes of the text.
	if len(merged) > maxEvidence {
		merged = merged[:maxEvidence]
	}
	fileSpans := mergeSpans(inFile)
	if len(fileSpans) > maxEvidence {
		fileSpans = fileSpans[:maxEvidence]
	}
	return append(merged, fileSpans...)
}

// mergeSpans sorts spans and joins the ones that overlap.
func mergeSpans(spans []Evidence) []Evidence {
	if len(spans) == 0 {
		return []Evidence{}
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp.Start <= last.End {
			last.End = max(last.End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// boxOf is the smallest box around the words of [start, end), or nil.
func boxOf(words []Word, start, end int) *Box {
	var b *Box
	for _, w := range words {
		if w.End <= start || w.Start >= end {
			continue
		}
		if b == nil {
			wb := w.Box
			b = &wb
			continue
		}
		x1, y1 := max(b.X+b.W, w.Box.X+w.Box.W), max(b.Y+b.H, w.Box.Y+w.Box.H)
		b.X, b.Y = min(b.X, w.Box.X), min(b.Y, w.Box.Y)
		b.W, b.H = x1-b.X, y1-b.Y
	}
	return b
}

// Summary says the verdict in one plain sentence.
func Summary(verdict, variant string) string {
	kind := map[string]string{
		ColdCall:  "a fake Microsoft support call",
		Popup:     "a fake Windows or Microsoft security warning",
		Refund:    "a fake refund, set up to take your money",
		OtherScam: "a scam",
	}[variant]
	switch verdict {
	case Scam:
		return "This is a scam: " + kind + "."
	case LikelyScam:
		return "This is very likely a scam: " + kind + "."
	case Suspicious:
		return "This has some signs of a scam. Be careful, and do not call any number or install anything it gives you."
	}
	return "We found no known signs of a scam. That does not prove it is genuine: if in doubt, ask someone you trust."
}
