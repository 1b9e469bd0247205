package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scamscan/scamscan/claim"
	"github.com/scamscan/scamscan/claim/letterpdf"
	"github.com/scamscan/scamscan/claim/wizard"
)

// The claim wizard keeps nothing on the server: every answer so far
// travels in the page as a hidden field, and each step posts them all
// back. Going back re-shows an answer; the letters are made afresh from
// the answers for the screen and for each download.

// maxClaimForm bounds a wizard post: a few dozen short answers.
const maxClaimForm = 256 << 10

// statePrefix marks the hidden fields that carry the answers so far.
const statePrefix = "a."

// questionID is the shape of a question's id; other fields are dropped.
var questionID = regexp.MustCompile(`^[a-z0-9_]{1,20}(\.[a-z0-9_]{1,20})?$`)

// claimView is what the wizard's pages show.
type claimView struct {
	State    []hiddenField // the answers so far, except the one being asked
	Step     int           // the question's position, from 0
	Number   int           // the question's position, from 1
	Total    int           // how many questions apply now
	Question wizard.Question
	Value    string // the answer shown in the field
	Error    string
	Output   claim.Output
	Letters  []letterView
}

// letterView is one letter on the page, titled by its "To:" line, or
// by its first line when it has none (the report for the police).
type letterView struct {
	N           int
	Title, Text string
}

type hiddenField struct{ Name, Value string }

// handleClaimStart shows the first question, with no answers yet. (From a
// scan result, the form posts the scan's findings to handleClaim instead.)
func (s *server) handleClaimStart(w http.ResponseWriter, r *http.Request) {
	s.showQuestion(w, r, http.StatusOK, wizard.State{}, 0, "", "")
}

// handleClaim takes one answer and shows the next (or previous) question,
// or the letters once every question is answered.
func (s *server) handleClaim(w http.ResponseWriter, r *http.Request) {
	state, step, err := s.readClaimForm(w, r)
	if errors.Is(err, errExpired) {
		// Nothing is stored, so nothing is at risk: show the same question
		// again with a fresh token rather than lose the answers.
		s.showQuestion(w, r, http.StatusOK, state, step, r.FormValue("answer"), "This page had expired. Your answers are kept: please press Next again")
		return
	}
	if err != nil {
		s.claimProblem(w, err)
		return
	}
	qs := wizard.Questions(state, s.facts)
	step = min(max(step, 0), len(qs))
	// The question the page asked wins over its position, in case the
	// answers before it changed what comes in between.
	for i, q := range qs {
		if q.ID == r.FormValue("question") {
			step = i
		}
	}
	typed := r.FormValue("answer")
	switch r.FormValue("go") {
	case "next":
		if step < len(qs) {
			q := qs[step]
			v, err := wizard.Check(q, typed, claim.Today(time.Now()))
			if err != nil {
				s.showQuestion(w, r, http.StatusUnprocessableEntity, state, step, typed, sentence(err))
				return
			}
			state[q.ID] = v
			step++
		}
	case "back":
		// Keep what was typed if it reads as an answer: going back must not
		// lose it.
		if step < len(qs) {
			if v, err := wizard.Check(qs[step], typed, claim.Today(time.Now())); err == nil && (v != "" || !qs[step].Optional) {
				state[qs[step].ID] = v
			}
		}
		step--
	}
	if step >= len(wizard.Questions(state, s.facts)) {
		if missing, ok := wizard.Unanswered(state, s.facts); ok {
			step = missing
		} else {
			s.showLetters(w, r, state)
			return
		}
	}
	s.showQuestion(w, r, http.StatusOK, state, max(step, 0), "", "")
}

// handleClaimDownload sends the letters as a PDF or as plain text.
func (s *server) handleClaimDownload(w http.ResponseWriter, r *http.Request) {
	state, _, err := s.readClaimForm(w, r)
	if err != nil {
		s.claimProblem(w, err)
		return
	}
	if !s.limits.allow(r) {
		s.claimProblem(w, fail(http.StatusTooManyRequests, "rate_limited", "You have asked for a lot of letters in a short time. Please wait a minute and try again."))
		return
	}
	out, err := s.claimOutput(state)
	if err != nil {
		s.claimProblem(w, fail(http.StatusUnprocessableEntity, "bad_answers", "%s", sentence(err)))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch r.FormValue("format") {
	case "pdf":
		var buf bytes.Buffer
		if err := letterpdf.Write(&buf, out, "Your scamscan letters"); err != nil {
			s.log.Error("claim pdf", "error", err.Error())
			s.claimProblem(w, fail(http.StatusInternalServerError, "internal", "Something went wrong on our side while making the PDF. Please try again, or download the text instead."))
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="scamscan-letters.pdf"`)
		w.Write(buf.Bytes())
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="scamscan-letters.txt"`)
		w.Write([]byte(out.Text()))
	}
}

// errExpired: the form's token is missing or not ours (the server has
// restarted since the page was made, say).
var errExpired = fail(http.StatusForbidden, "expired", "This page has expired, so we could not use your answers. Please start again.")

// readClaimForm reads a wizard post: the answers so far and the step. It
// returns them even when the token is not valid (with errExpired), so the
// wizard can ask again without losing them; other errors are *failure.
func (s *server) readClaimForm(w http.ResponseWriter, r *http.Request) (wizard.State, int, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxClaimForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, 0, fail(http.StatusRequestEntityTooLarge, "too_large", "Your answers are too long for us to use. Please shorten the longest ones and try again.")
		}
		return nil, 0, fail(http.StatusBadRequest, "bad_form", "The form did not arrive whole. Please try again.")
	}
	state := wizard.State{}
	for k, v := range r.PostForm {
		if id, ok := strings.CutPrefix(k, statePrefix); ok && len(v) > 0 && questionID.MatchString(id) {
			state[id] = v[0]
		}
	}
	step, _ := strconv.Atoi(r.FormValue("step"))
	if !s.validCSRF(r) {
		return state, step, errExpired
	}
	return state, step, nil
}

func (s *server) claimOutput(state wizard.State) (claim.Output, error) {
	a, err := wizard.Answers(state, s.facts)
	if err != nil {
		return claim.Output{}, err
	}
	return claim.All(a, s.facts, s.calendar, claim.Today(time.Now()))
}

func (s *server) showQuestion(w http.ResponseWriter, r *http.Request, status int, state wizard.State, step int, typed, problem string) {
	qs := wizard.Questions(state, s.facts)
	step = min(max(step, 0), len(qs)-1) // the step comes from the page: any number may arrive
	q := qs[step]
	value, ok := state[q.ID]
	if !ok || problem != "" {
		value = typed
	}
	v := &claimView{State: hidden(state, q.ID), Step: step, Number: step + 1, Total: len(qs), Question: q, Value: value, Error: problem}
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, status, "claim", pageData{Title: "Get your money back: question " + strconv.Itoa(step+1), CSRF: s.csrfToken(w, r), Claim: v})
}

func (s *server) showLetters(w http.ResponseWriter, r *http.Request, state wizard.State) {
	out, err := s.claimOutput(state)
	if err != nil {
		s.claimProblem(w, fail(http.StatusUnprocessableEntity, "bad_answers", "%s", sentence(err)))
		return
	}
	qs := wizard.Questions(state, s.facts)
	v := &claimView{State: hidden(state, ""), Step: len(qs) - 1, Total: len(qs), Output: out}
	for i, text := range out.Letters {
		lines := strings.Split(strings.TrimSpace(text), "\n")
		title := fmt.Sprintf("Letter %d: %s", i+1, lines[0])
		for _, line := range lines {
			if to, ok := strings.CutPrefix(line, "To: "); ok {
				title = fmt.Sprintf("Letter %d: to %s", i+1, to)
				break
			}
		}
		v.Letters = append(v.Letters, letterView{N: i + 1, Title: title, Text: strings.TrimSpace(text)})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, http.StatusOK, "claim-letters", pageData{Title: "Your letters", CSRF: s.csrfToken(w, r), Claim: v})
}

// claimProblem shows why the letters could not be made; err is a
// *failure with the status and the words for the person.
func (s *server) claimProblem(w http.ResponseWriter, err error) {
	f := fail(http.StatusInternalServerError, "internal", "Something went wrong on our side. Please try again.")
	errors.As(err, &f)
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, f.status, "claim-problem", pageData{Title: "We could not make your letters", Problem: f.message})
}

// hidden lists the answers as hidden fields, leaving out the one being
// asked (its field is on the page).
func hidden(state wizard.State, except string) []hiddenField {
	var out []hiddenField
	for k, v := range state {
		if k != except {
			out = append(out, hiddenField{statePrefix + k, v})
		}
	}
	slices.SortFunc(out, func(a, b hiddenField) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// sentence writes an error as a sentence for a person.
func sentence(err error) string {
	msg := err.Error()
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}
