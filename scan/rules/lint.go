package rules

import (
	"fmt"
	"strings"
)

// lint checks the catalogue as a whole: names that resolve, rules that say
// why they matter and carry their own tests, thresholds in order.
func (c *Catalogue) lint() ErrorList {
	var errs ErrorList
	fail := func(pos Pos, format string, args ...any) {
		errs = append(errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	}
	concepts := map[string]*Concept{}
	for _, con := range c.Concepts {
		if prev, dup := concepts[con.Name]; dup {
			fail(con.Pos, "concept %q is already defined at %s", con.Name, prev.Pos)
		}
		concepts[con.Name] = con
		if len(con.Phrases) == 0 {
			fail(con.Pos, "concept %q has no phrases", con.Name)
		}
	}
	kinds := c.entityKinds()
	used := map[string]bool{}
	seen := map[string]*Rule{}
	for _, r := range c.Rules {
		if prev, dup := seen[r.ID]; dup {
			fail(r.Pos, "rule %q is already defined at %s", r.ID, prev.Pos)
		}
		switch {
		case r.Title == "":
			fail(r.Pos, "rule %q has no title", r.ID)
		case r.Why == "":
			fail(r.Pos, "rule %q has no why: say what the sign means for the reader", r.ID)
		case r.When == nil:
			fail(r.Pos, "rule %q has no when", r.ID)
		case r.Weight == 0 && r.Cap == "":
			fail(r.Pos, "rule %q has no weight and no cap: it would do nothing", r.ID)
		case r.Weight != 0 && r.Cap != "":
			fail(r.Pos, "rule %q has both a weight and a cap: a cap rule only limits the verdict; split it in two", r.ID)
		case r.Weight > 0 && r.Variants == nil:
			fail(r.Pos, "rule %q has no variants (name them, or write variants = any)", r.ID)
		case len(r.Fires) == 0:
			fail(r.Pos, "rule %q has no fires example: show it firing", r.ID)
		case len(r.Misses) == 0:
			fail(r.Pos, "rule %q has no misses example: show a near miss that does not fire", r.ID)
		}
		if r.When != nil {
			walk(r.When, func(e Expr) {
				switch e := e.(type) {
				case *Ref:
					used[e.Name] = true
					if concepts[e.Name] == nil {
						fail(r.Pos, "rule %q: unknown concept %q", r.ID, e.Name)
					}
				case *Call:
					if e.Fn == "entity" {
						kind, _ := CutKind(e.Names[0])
						used["entity:"+kind] = true
					}
					c.lintCall(r, e, kinds, seen, fail)
				}
			})
		}
		seen[r.ID] = r
	}
	for _, con := range c.Concepts {
		if !used[con.Name] && !(con.Entity != "" && used["entity:"+con.Entity]) {
			fail(con.Pos, "concept %q is not used by any rule", con.Name)
		}
	}
	s := c.Settings
	if s.Suspicious == 0 || s.LikelyScam == 0 || s.Scam == 0 || s.Slope == 0 {
		fail(s.Pos, "[settings] needs suspicious, likely_scam, scam and calibration")
	} else if !(s.Suspicious < s.LikelyScam && s.LikelyScam < s.Scam) {
		fail(s.Pos, "thresholds must rise: suspicious < likely_scam < scam")
	}
	return errs
}

func (c *Catalogue) lintCall(r *Rule, e *Call, kinds map[string]map[string]bool, earlier map[string]*Rule, fail func(Pos, string, ...any)) {
	switch e.Fn {
	case "entity":
		kind, sub, hasSub := strings.Cut(e.Names[0], ":")
		subs, ok := kinds[kind]
		if !ok {
			fail(r.Pos, "rule %q: unknown entity kind %q", r.ID, kind)
		} else if hasSub && !subs[sub] {
			fail(r.Pos, "rule %q: entity %q has no sub-kind %q", r.ID, kind, sub)
		}
	case "channel":
		for _, ch := range e.Names {
			if indexOf(Channels, ch) < 0 {
				fail(r.Pos, "rule %q: unknown channel %q", r.ID, ch)
			}
		}
	case "rule":
		if earlier[e.Names[0]] == nil {
			fail(r.Pos, "rule %q: rule(%s) must name a rule defined before it", r.ID, e.Names[0])
		}
	}
}

// CutKind splits "phone:freephone" into its kind and sub-kind.
func CutKind(s string) (kind, sub string) {
	kind, sub, _ = strings.Cut(s, ":")
	return kind, sub
}

// walk calls fn on e and every condition inside it.
func walk(e Expr, fn func(Expr)) {
	fn(e)
	if c, ok := e.(*Call); ok {
		for _, a := range c.Args {
			walk(a, fn)
		}
	}
}
