package scan

import (
	"fmt"

	"github.com/scamscan/scamscan/scan/rules"
)

// node is one condition of the compiled catalogue. Rules repeat the same
// sub-conditions ("Microsoft, Windows or Defender"); identical ones share a
// node, and a message works each node out once.
type node struct {
	fn       string // concept, all, any, atleast, many, not, near, entity, channel, rule
	args     []int
	n        int
	concept  int
	entity   entityKey
	channels []string
	rule     int
}

// entityKey names a kind of entity and, optionally, a sub-kind.
type entityKey struct{ kind, sub string }

// compileCond turns a parsed condition into nodes, sharing identical ones
// through index (keyed by the condition's text).
func (e *Engine) compileCond(x rules.Expr, index map[string]int) int {
	key := x.String()
	if id, ok := index[key]; ok {
		return id
	}
	var nd node
	switch x := x.(type) {
	case *rules.Ref:
		nd = node{fn: "concept", concept: e.concepts[x.Name]}
	case *rules.Call:
		nd = node{fn: x.Fn, n: x.N}
		for _, a := range x.Args {
			nd.args = append(nd.args, e.compileCond(a, index))
		}
		switch x.Fn {
		case "entity":
			kind, sub := rules.CutKind(x.Names[0])
			nd.entity = entityKey{kind, sub}
		case "channel":
			nd.channels = x.Names
		case "rule":
			nd.rule = e.ruleIndex[x.Names[0]]
		}
	default:
		panic(fmt.Sprintf("scan: unknown condition %T", x))
	}
	e.nodes = append(e.nodes, nd)
	index[key] = len(e.nodes) - 1
	return len(e.nodes) - 1
}

// eval works out node id for the message; a node that several conditions
// share is worked out once and remembered.
func (m *message) eval(e *Engine, id int) value {
	slot := e.memoSlot[id]
	if slot < 0 {
		return m.evalNode(e, &e.nodes[id])
	}
	if m.done[slot] {
		return m.memo[slot]
	}
	v := m.evalNode(e, &e.nodes[id])
	m.memo[slot], m.done[slot] = v, true
	return v
}

// assignMemoSlots gives a memo slot to every node used in more than one
// place; the others are worked out where they stand.
func (e *Engine) assignMemoSlots() {
	uses := make([]int, len(e.nodes))
	for _, nd := range e.nodes {
		for _, a := range nd.args {
			uses[a]++
		}
	}
	for _, w := range e.when {
		uses[w]++
	}
	e.memoSlot = make([]int, len(e.nodes))
	e.memoSlots = 0
	for id, n := range uses {
		e.memoSlot[id] = -1
		if n > 1 {
			e.memoSlot[id] = e.memoSlots
			e.memoSlots++
		}
	}
}

func (m *message) evalNode(e *Engine, nd *node) value {
	switch nd.fn {
	case "concept":
		hs := m.concepts[nd.concept]
		return value{ok: len(hs) > 0, hits: hs}
	case "all":
		out := value{ok: true}
		for _, a := range nd.args {
			v := m.eval(e, a)
			if !v.ok {
				return value{}
			}
			out.hits = concat(out.hits, v.hits)
		}
		return out
	case "any", "atleast":
		need := max(nd.n, 1)
		var out value
		n := 0
		for _, a := range nd.args {
			if v := m.eval(e, a); v.ok {
				n++
				out.hits = concat(out.hits, v.hits)
			}
		}
		if n < need {
			return value{}
		}
		out.ok = true
		return out
	case "many":
		v := m.eval(e, nd.args[0])
		starts := map[int]bool{}
		for _, h := range v.hits {
			starts[h.start] = true
		}
		if len(starts) < nd.n {
			return value{}
		}
		return v
	case "not":
		return value{ok: !m.eval(e, nd.args[0]).ok}
	case "near":
		return near(m.eval(e, nd.args[0]), m.eval(e, nd.args[1]), nd.n)
	case "entity":
		hs := m.entities[nd.entity]
		return value{ok: len(hs) > 0, hits: hs}
	case "channel":
		for _, ch := range nd.channels {
			if ch == m.doc.Channel {
				return value{ok: true}
			}
		}
		return value{}
	case "rule":
		v := m.fired[nd.rule]
		inherited := make([]hit, len(v.hits))
		for i, h := range v.hits {
			h.inherited = true
			inherited[i] = h
		}
		return value{ok: v.ok, hits: inherited}
	}
	panic("scan: condition " + nd.fn + " passed the linter but has no meaning")
}
