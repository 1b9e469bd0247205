package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/scamscan/scamscan/scan/textnorm"
)

// MaxFileSize bounds one rule file; a larger one is refused unread.
const MaxFileSize = 1 << 20

// LoadFS reads every *.rules file of fsys (in name order), then every
// *.rules file of extraDir when it is not empty, and checks the whole
// catalogue. Rules of a later file may refer to concepts of an earlier one.
func LoadFS(fsys fs.FS, extraDir string) (*Catalogue, error) {
	cat := &Catalogue{}
	var errs ErrorList
	names, err := fs.Glob(fsys, "*.rules")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		errs = append(errs, parseInto(cat, n, data)...)
	}
	if extraDir != "" {
		extra, err := filepath.Glob(filepath.Join(extraDir, "*.rules"))
		if err != nil {
			return nil, err
		}
		if len(extra) == 0 {
			return nil, fmt.Errorf("%s: no .rules files in this folder", extraDir)
		}
		sort.Strings(extra)
		for _, n := range extra {
			info, err := os.Stat(n)
			if err != nil {
				return nil, err
			}
			if info.Size() > MaxFileSize {
				return nil, fmt.Errorf("%s: larger than %d bytes", n, MaxFileSize)
			}
			data, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			errs = append(errs, parseInto(cat, n, data)...)
		}
	}
	if len(errs) == 0 {
		errs = cat.lint()
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return cat, nil
}

// Parse reads one rule file on its own and checks it.
func Parse(name string, data []byte) (*Catalogue, error) {
	cat := &Catalogue{}
	errs := parseInto(cat, name, data)
	if len(errs) == 0 {
		errs = cat.lint()
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return cat, nil
}

// parseInto adds the sections of one file to cat.
func parseInto(cat *Catalogue, file string, data []byte) ErrorList {
	var errs ErrorList
	fail := func(line int, format string, args ...any) {
		errs = append(errs, &Error{Pos: Pos{file, line}, Msg: fmt.Sprintf(format, args...)})
	}
	if len(data) > MaxFileSize {
		fail(1, "larger than %d bytes", MaxFileSize)
		return errs
	}
	var (
		concept *Concept
		rule    *Rule
		inSet   bool
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), MaxFileSize)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		pos := Pos{file, line}
		if strings.HasPrefix(text, "[") {
			concept, rule, inSet = nil, nil, false
			if !strings.HasSuffix(text, "]") {
				fail(line, "a section header must end with ]")
				continue
			}
			kind, name, _ := strings.Cut(strings.TrimSpace(text[1:len(text)-1]), " ")
			name = strings.TrimSpace(name)
			switch {
			case kind == "settings" && name == "":
				inSet = true
				cat.Settings.Pos = pos
			case kind == "concept" || kind == "rule":
				if !isIdent(name) {
					fail(line, "%s name %q must be lower-case letters, digits and _", kind, name)
					continue
				}
				if kind == "concept" {
					concept = &Concept{Name: name, Pos: pos}
					cat.Concepts = append(cat.Concepts, concept)
				} else {
					rule = &Rule{ID: name, Pos: pos}
					cat.Rules = append(cat.Rules, rule)
				}
			default:
				fail(line, "unknown section %q (use [concept NAME], [rule ID] or [settings])", text)
			}
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		if !ok {
			fail(line, "expected key = value")
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		var err error
		switch {
		case concept != nil:
			err = concept.set(key, value, pos)
		case rule != nil:
			err = rule.set(key, value, pos)
		case inSet:
			err = cat.Settings.set(key, value)
		default:
			err = fmt.Errorf("%q outside any section", key)
		}
		if err != nil {
			fail(line, "%v", err)
		}
	}
	if err := sc.Err(); err != nil {
		fail(line+1, "%v", err)
	}
	return errs
}

func isIdent(s string) bool {
	return s != "" && isName(s) && !strings.Contains(s, ":")
}

func (c *Concept) set(key, value string, pos Pos) error {
	switch {
	case key == "entity":
		if !isIdent(value) {
			return fmt.Errorf("entity kind %q must be lower-case letters and _", value)
		}
		c.Entity = value
	case key == "phrases":
		return c.addPhrases(value, "", pos)
	case strings.HasPrefix(key, "value "):
		v := strings.TrimSpace(strings.TrimPrefix(key, "value "))
		if v == "" {
			return fmt.Errorf("value needs a name: value AnyDesk = anydesk | any desk")
		}
		return c.addPhrases(value, v, pos)
	default:
		return fmt.Errorf("unknown concept key %q (use phrases, value NAME, entity)", key)
	}
	return nil
}

// addPhrases splits "a | b c | d*" and normalises each the way message text
// is normalised. A phrase of two or three words is also added written as one
// ("team viewer" -> "teamviewer").
func (c *Concept) addPhrases(list, value string, pos Pos) error {
	for _, raw := range strings.Split(list, "|") {
		raw = strings.TrimSpace(raw)
		prefix := strings.HasSuffix(raw, "*")
		p := textnorm.Phrase(strings.TrimSuffix(raw, "*"))
		if p == "" {
			return fmt.Errorf("empty phrase in %q", list)
		}
		forms := []string{p}
		if n := strings.Count(p, " "); n >= 1 && n <= 2 {
			forms = append(forms, strings.ReplaceAll(p, " ", ""))
		}
		for _, f := range forms {
			if prefix {
				f += "*"
			}
			c.Phrases = append(c.Phrases, Phrase{Text: f, Value: value, Pos: pos})
		}
	}
	return nil
}

func (r *Rule) set(key, value string, pos Pos) error {
	var err error
	switch key {
	case "title":
		r.Title = value
	case "why":
		r.Why = value
	case "weight":
		r.Weight, err = strconv.ParseFloat(value, 64)
		if err != nil || r.Weight < -20 || r.Weight > 20 {
			return fmt.Errorf("weight %q must be a number from -20 to 20", value)
		}
	case "strong":
		r.Strong, err = strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("strong must be true or false")
		}
	case "cap":
		if indexOf(Verdicts, value) < 0 || value == "scam" {
			return fmt.Errorf("cap %q must be no_known_signs, suspicious or likely_scam", value)
		}
		r.Cap = value
	case "variants":
		if value == "any" {
			r.Variants = []string{} // a sign of every kind: it does not vote
			return nil
		}
		for _, v := range strings.Fields(value) {
			if indexOf(Variants, v) < 0 {
				return fmt.Errorf("unknown variant %q (use %s)", v, strings.Join(Variants, ", "))
			}
			r.Variants = append(r.Variants, v)
		}
	case "when":
		if r.When != nil {
			return fmt.Errorf("a rule has one when; combine conditions with all() or any()")
		}
		r.When, err = ParseExpr(value)
		if err != nil {
			return fmt.Errorf("when: %v", err)
		}
	case "fires", "misses":
		ex := Example{Text: value, Pos: pos}
		// "[call] text" gives the example a channel.
		if strings.HasPrefix(value, "[") {
			if tag, rest, ok := strings.Cut(value[1:], "]"); ok && (indexOf(Channels, tag) >= 0 || tag == "file" || tag == "reported") {
				ex.Text = strings.TrimSpace(rest)
				switch tag {
				case "file":
					ex.File = true
				case "reported":
					ex.Reported = true
				default:
					ex.Channel = tag
				}
			}
		}
		ex.Text = strings.ReplaceAll(ex.Text, `\n`, "\n")
		if key == "fires" {
			r.Fires = append(r.Fires, ex)
		} else {
			r.Misses = append(r.Misses, ex)
		}
	default:
		return fmt.Errorf("unknown rule key %q (use title, why, weight, strong, cap, variants, when, fires, misses)", key)
	}
	return nil
}

func (s *Settings) set(key, value string) error {
	switch key {
	case "suspicious", "likely_scam", "scam":
		v, err := strconv.ParseFloat(value, 64)
		if err != nil || v <= 0 {
			return fmt.Errorf("%s threshold %q must be a positive number", key, value)
		}
		switch key {
		case "suspicious":
			s.Suspicious = v
		case "likely_scam":
			s.LikelyScam = v
		default:
			s.Scam = v
		}
	case "calibration":
		f := strings.Fields(value)
		if len(f) != 2 {
			return fmt.Errorf("calibration takes two numbers: slope and midpoint")
		}
		var err1, err2 error
		s.Slope, err1 = strconv.ParseFloat(f[0], 64)
		s.Midpoint, err2 = strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil || s.Slope <= 0 {
			return fmt.Errorf("calibration %q: slope must be a positive number, midpoint a number", value)
		}
	default:
		return fmt.Errorf("unknown setting %q (use suspicious, likely_scam, scam, calibration)", key)
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
