package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// Expr is a parsed condition.
type Expr interface{ String() string }

// Ref names a concept.
type Ref struct{ Name string }

// Call is a function of the condition language: all, any, not, near,
// atleast, many, entity, channel or rule. Args holds sub-conditions; N holds
// the number of near, atleast and many; Names holds the plain names of entity,
// channel and rule.
type Call struct {
	Fn    string
	Args  []Expr
	N     int
	Names []string
}

func (r *Ref) String() string { return r.Name }

func (c *Call) String() string {
	var parts []string
	if c.Fn == "atleast" || c.Fn == "many" {
		parts = append(parts, strconv.Itoa(c.N))
	}
	for _, a := range c.Args {
		parts = append(parts, a.String())
	}
	parts = append(parts, c.Names...)
	if c.Fn == "near" {
		parts = append(parts, strconv.Itoa(c.N))
	}
	return c.Fn + "(" + strings.Join(parts, ", ") + ")"
}

// ParseExpr reads a condition.
func ParseExpr(s string) (Expr, error) {
	p := &exprParser{toks: lexExpr(s)}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q after the condition", p.toks[p.i])
	}
	return e, nil
}

func lexExpr(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')' || c == ',':
			toks = append(toks, s[i:i+1])
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t(),", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}

type exprParser struct {
	toks []string
	i    int
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *exprParser) take(want string) error {
	if p.peek() != want {
		got := p.peek()
		if got == "" {
			got = "the end of the line"
		}
		return fmt.Errorf("expected %q, found %q", want, got)
	}
	p.i++
	return nil
}

func (p *exprParser) name() (string, error) {
	t := p.peek()
	if t == "" || !isName(t) {
		return "", fmt.Errorf("expected a name, found %q", t)
	}
	p.i++
	return t, nil
}

func (p *exprParser) number() (int, error) {
	t := p.peek()
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || n > 1000 {
		return 0, fmt.Errorf("expected a whole number from 0 to 1000, found %q", t)
	}
	p.i++
	return n, nil
}

func isName(t string) bool {
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == ':') {
			return false
		}
	}
	return t != ""
}

var arity = map[string][2]int{ // least and most sub-conditions
	"all": {1, 100}, "any": {1, 100}, "not": {1, 1}, "near": {2, 2}, "atleast": {1, 100}, "many": {1, 1},
}

func (p *exprParser) expr() (Expr, error) {
	name, err := p.name()
	if err != nil {
		return nil, err
	}
	if p.peek() != "(" {
		return &Ref{Name: name}, nil
	}
	p.i++
	c := &Call{Fn: name}
	switch name {
	case "entity", "channel", "rule":
		for {
			n, err := p.name()
			if err != nil {
				return nil, err
			}
			c.Names = append(c.Names, n)
			if p.peek() != "," {
				break
			}
			p.i++
		}
		if name != "channel" && len(c.Names) != 1 {
			return nil, fmt.Errorf("%s() takes one name", name)
		}
		return c, p.take(")")
	case "all", "any", "not", "near", "atleast", "many":
	default:
		return nil, fmt.Errorf("unknown function %q (use all, any, not, near, atleast, many, entity, channel, rule)", name)
	}
	if name == "atleast" || name == "many" {
		if c.N, err = p.number(); err != nil {
			return nil, err
		}
		if err := p.take(","); err != nil {
			return nil, err
		}
	}
	for {
		if name == "near" && len(c.Args) == 2 {
			if c.N, err = p.number(); err != nil {
				return nil, err
			}
			break
		}
		a, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, a)
		if p.peek() != "," {
			break
		}
		p.i++
	}
	if lim := arity[name]; len(c.Args) < lim[0] || len(c.Args) > lim[1] {
		return nil, fmt.Errorf("%s() has %d conditions", name, len(c.Args))
	}
	if name == "near" && c.N == 0 {
		return nil, fmt.Errorf("near(a, b, N) needs N of at least 1, the most words between them")
	}
	if name == "many" && c.N < 1 {
		return nil, fmt.Errorf("many(N, a) needs N of at least 1")
	}
	if name == "atleast" && (c.N < 1 || c.N > len(c.Args)) {
		return nil, fmt.Errorf("atleast(%d, ...) has %d conditions", c.N, len(c.Args))
	}
	return c, p.take(")")
}
