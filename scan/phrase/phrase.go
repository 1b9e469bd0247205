// Package phrase finds every catalogue phrase in a normalised text in one
// pass, with an Aho-Corasick automaton. Go's regexp would need about 10 ms
// for a few dozen alternations over a page of text; the automaton reads each
// byte once whatever the number of phrases.
package phrase

import (
	"fmt"
	"strings"
)

// Matcher is a compiled set of phrases. It is safe for concurrent use.
type Matcher struct {
	// next[state*classes+class] is the state after reading a byte of class,
	// stored as ^state (negative) when patterns end there: the hot loop then
	// needs one load per byte.
	next []int32
	// out[state] lists the patterns that end at state (via failure links too).
	out [][]int32
	// patLen[p] is the byte length of pattern p as framed for matching.
	patLen []int
}

// Match is one phrase found in the text.
type Match struct {
	// Pattern is the index of the phrase as it was given to Compile.
	Pattern int
	// Start and End are byte offsets into the joined text, covering the
	// words of the phrase without the framing spaces.
	Start, End int
}

const classes = 38 // a-z, 0-9, space, everything else

// classOf maps a byte to its class: 0-25 a-z, 26-35 0-9, 36 space, 37 other.
var classOf = func() (t [256]uint8) {
	for b := 0; b < 256; b++ {
		switch {
		case b >= 'a' && b <= 'z':
			t[b] = uint8(b - 'a')
		case b >= '0' && b <= '9':
			t[b] = uint8(26 + b - '0')
		case b == ' ':
			t[b] = 36
		default:
			t[b] = 37
		}
	}
	return t
}()

func class(b byte) int { return int(classOf[b]) }

// Compile builds a matcher. Each phrase is words of [a-z0-9] separated by
// single spaces; a final '*' makes the last word a prefix ("infect*" matches
// "infected" and "infection"). Patterns are matched on whole words only.
func Compile(phrases []string) (*Matcher, error) {
	m := &Matcher{patLen: make([]int, len(phrases))}
	type node struct {
		children [classes]int32
		fail     int32
		out      []int32
	}
	nodes := []node{{}}
	for p, ph := range phrases {
		framed, err := frame(ph)
		if err != nil {
			return nil, fmt.Errorf("phrase %q: %w", ph, err)
		}
		m.patLen[p] = len(framed)
		cur := int32(0)
		for i := 0; i < len(framed); i++ {
			c := class(framed[i])
			if nodes[cur].children[c] == 0 {
				nodes = append(nodes, node{})
				nodes[cur].children[c] = int32(len(nodes) - 1)
			}
			cur = nodes[cur].children[c]
		}
		nodes[cur].out = append(nodes[cur].out, int32(p))
	}
	// Breadth-first: fill failure links and turn the trie into a full DFA.
	queue := make([]int32, 0, len(nodes))
	for c := 0; c < classes; c++ {
		if child := nodes[0].children[c]; child != 0 {
			queue = append(queue, child)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := 0; c < classes; c++ {
			child := nodes[s].children[c]
			if child == 0 {
				nodes[s].children[c] = nodes[f].children[c]
				continue
			}
			nodes[child].fail = nodes[f].children[c]
			queue = append(queue, child)
		}
	}
	// Number the states breadth-first: the shallow states, where the
	// automaton spends most of its time, then sit together in memory.
	order := make([]int32, 0, len(nodes))
	renum := make([]int32, len(nodes))
	order = append(order, 0)
	seen := make([]bool, len(nodes))
	seen[0] = true
	for i := 0; i < len(order); i++ {
		for _, c := range nodes[order[i]].children {
			if !seen[c] {
				seen[c] = true
				order = append(order, c)
			}
		}
	}
	for newID, old := range order {
		renum[old] = int32(newID)
	}
	m.next = make([]int32, len(order)*classes)
	m.out = make([][]int32, len(order))
	for newID, old := range order {
		for c, child := range nodes[old].children {
			m.next[newID*classes+c] = renum[child]
			if len(nodes[child].out) > 0 {
				m.next[newID*classes+c] = ^renum[child]
			}
		}
		m.out[newID] = nodes[old].out
	}
	return m, nil
}

// frame checks a phrase and wraps it in the spaces that keep matches to
// whole words: " any desk " or, for a prefix, " infect".
func frame(ph string) (string, error) {
	prefix := strings.HasSuffix(ph, "*")
	ph = strings.TrimSuffix(ph, "*")
	if ph == "" {
		return "", fmt.Errorf("empty")
	}
	for i := 0; i < len(ph); i++ {
		c := ph[i]
		if class(c) == 37 || c == ' ' && (i == 0 || i == len(ph)-1 || ph[i-1] == ' ') {
			return "", fmt.Errorf("must be lower-case words of a-z and 0-9 separated by single spaces")
		}
	}
	if prefix {
		return " " + ph, nil
	}
	return " " + ph + " ", nil
}

// Find calls fn for every phrase occurrence in joined, a text framed as
// textnorm.Text.Joined is. Overlapping occurrences are all reported.
func (m *Matcher) Find(joined string, fn func(Match)) {
	state := int32(0)
	for i := 0; i < len(joined); i++ {
		state = m.next[int(state)*classes+int(classOf[joined[i]])]
		if state >= 0 {
			continue
		}
		state = ^state
		for _, p := range m.out[state] {
			start := i + 1 - m.patLen[p] + 1 // skip the leading space
			end := i + 1
			if joined[i] == ' ' {
				end-- // drop the trailing space
			}
			fn(Match{Pattern: int(p), Start: start, End: end})
		}
	}
}
