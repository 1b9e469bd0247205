package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/claim/wizard"
	"github.com/scamscan/scamscan/store"
)

// thanksView is the page after a report or feedback from the site.
type thanksView struct {
	Heading string
	Lines   []string
	Notes   []string
}

// regionChoices are the regions the report form offers: the claim
// wizard's nations, and somewhere else.
var regionChoices = slices.Concat(wizard.Regions, []wizard.Option{{Value: store.Elsewhere, Label: "Somewhere else"}})

// tellUs is what the result page needs for its report and feedback forms.
type tellUs struct {
	Reportable []check.Mention
	Regions    []wizard.Option
	Rules      string
	Text       string
}

func newTellUs(rep check.Report, text string) *tellUs {
	ids := make([]string, 0, len(rep.Flags))
	for _, f := range rep.Flags {
		ids = append(ids, f.ID)
	}
	return &tellUs{Reportable: check.Distinct(check.Mentions(text)), Regions: regionChoices, Rules: strings.Join(ids, " "), Text: text}
}

// readForm parses a site form and checks its token and the client's
// report limit; it shows the problem page itself and says false on any
// failure.
func (s *server) readForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	problem := func(status int, msg string) {
		s.renderPage(w, status, "problem", pageData{Title: "We could not save that", Problem: msg, CSRF: s.csrfToken(w, r)})
	}
	if err := r.ParseForm(); err != nil {
		problem(http.StatusBadRequest, "The form did not arrive whole. Please go back and try again.")
		return false
	}
	if !s.validCSRF(r) {
		problem(http.StatusForbidden, "This form has expired. Please check the message again, then send the form.")
		return false
	}
	return true
}

// formProblem shows a report or feedback failure in plain words.
func (s *server) formProblem(w http.ResponseWriter, r *http.Request, err error) {
	var f *failure
	if !errors.As(err, &f) {
		s.log.Error("saving a report", "error", err.Error())
		f = fail(http.StatusInternalServerError, "internal", "Something went wrong on our side. Please try again.")
	}
	msg := f.message
	switch f.code {
	case "store_unavailable":
		msg = "We could not save this just now. Please try again in a few minutes. Checking messages still works."
	case "rate_limited":
		msg = "You have sent a lot of reports in a short time. Please wait a minute and try again."
	}
	s.renderPage(w, f.status, "problem", pageData{Title: "We could not save that", Problem: msg, CSRF: s.csrfToken(w, r)})
}

// handleReportForm takes the result page's "warn other people" form.
func (s *server) handleReportForm(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	values := r.Form["value"]
	if len(values) == 0 {
		s.formProblem(w, r, fail(http.StatusBadRequest, "bad_request", "Tick at least one number or website to report."))
		return
	}
	if len(values) > maxLookups {
		values = values[:maxLookups]
	}
	// One form is one report from the person, however many values it holds.
	if err := s.allowReport(r); err != nil {
		s.formProblem(w, r, err)
		return
	}
	v := &thanksView{Heading: "Thank you for reporting"}
	shared := sharedText(r, v)
	for i, kv := range values {
		kind, value, _ := strings.Cut(kv, ":")
		req := reportRequest{Kind: kind, Value: value, Variant: r.FormValue("variant"), Channel: r.FormValue("channel"), Region: r.FormValue("region")}
		if i == 0 {
			req.SharedText = shared // the message once, not once per number
		}
		sg, err := s.addReport(r, req)
		if err != nil {
			s.formProblem(w, r, err)
			return
		}
		v.Lines = append(v.Lines, sg.Value+": "+check.SightingNote(sg)+".")
	}
	v.Notes = append(v.Notes, "When "+check.Count(s.minPeople(), "person", "people")+" or more report the same number or website, everyone who checks a message with it here is warned.")
	s.renderPage(w, http.StatusOK, "thanks", pageData{Title: "Thank you", Thanks: v})
}

// sharedText is the message when the person ticked "share" and it is not
// too long to keep; the thanks page says which.
func sharedText(r *http.Request, v *thanksView) string {
	if r.FormValue("share") != "yes" {
		return ""
	}
	text := r.FormValue("text")
	if len(text) > store.MaxSharedText {
		v.Notes = append(v.Notes, "Your message was too long for us to keep, so it was not shared.")
		return ""
	}
	v.Notes = append(v.Notes, "Your message was shared to help improve the scanner. Thank you.")
	return text
}

// handleFeedbackForm takes the result page's "was this right?" form.
func (s *server) handleFeedbackForm(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	answer := r.FormValue("correct")
	if answer != "yes" && answer != "no" {
		s.formProblem(w, r, fail(http.StatusBadRequest, "bad_request", "Choose yes or no: was the check right?"))
		return
	}
	correct := answer == "yes"
	v := &thanksView{Heading: "Thank you for telling us"}
	req := feedbackRequest{Verdict: r.FormValue("verdict"), Variant: r.FormValue("variant"), Rules: strings.Fields(r.FormValue("rules")),
		Channel: r.FormValue("channel"), Correct: &correct, SharedText: sharedText(r, v)}
	// A missed scam's kind is not known from the form: "another scam".
	if _, ok := feedbackLabel(req.Verdict, req.Variant, correct); !ok {
		req.Label = "other_scam"
	}
	if err := s.addFeedback(r, req); err != nil {
		s.formProblem(w, r, err)
		return
	}
	if !correct {
		v.Notes = append([]string{"We are sorry we got this wrong. Your answer helps us find what the scanner misses."}, v.Notes...)
	}
	s.renderPage(w, http.StatusOK, "thanks", pageData{Title: "Thank you", Thanks: v})
}
