package web

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/store"
)

// maxLookups bounds the values one lookup may ask about.
const maxLookups = 20

// maxReportBody bounds a report or feedback body: a shared message and a
// little more.
const maxReportBody = store.MaxSharedText + 4<<10

// sightingView is a sighting as the API shows it.
type sightingView struct {
	// Query is the value as asked, in a lookup.
	Query string `json:"query,omitempty"`
	store.Sighting
	// Warns says whether enough people reported it for scans to use it.
	Warns bool   `json:"warns"`
	Note  string `json:"note,omitempty"`
}

func (s *server) sightingView(sg store.Sighting) sightingView {
	v := sightingView{Sighting: sg, Warns: sg.People >= s.minPeople()}
	if sg.Reports > 0 {
		v.Note = check.SightingNote(sg)
	}
	return v
}

func (s *server) minPeople() int {
	if s.checker.MinPeople > 0 {
		return s.checker.MinPeople
	}
	return check.DefaultMinPeople
}

// clientAddress tells reporters apart; the store keeps only a keyed hash
// of it, and never logs it.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// storeFailure maps the store's errors to the API's.
func storeFailure(err error) error {
	switch {
	case errors.Is(err, store.ErrInvalid):
		return fail(http.StatusBadRequest, "bad_request", "%v", err)
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return fail(http.StatusServiceUnavailable, "store_unavailable", "Reports cannot be reached just now. Scans still work. Please try again in a few minutes.")
	}
	return err
}

var errNoStore = fail(http.StatusNotImplemented, "no_store", "This server keeps no reports: it was started without a store.")

// reportRequest is the JSON body of POST /api/v1/reports.
type reportRequest struct {
	Kind       string `json:"kind"`
	Value      string `json:"value"`
	Variant    string `json:"variant"`
	Channel    string `json:"channel"`
	Region     string `json:"region"`
	SharedText string `json:"shared_text"`
}

// allowReport takes one report from the client's allowance.
func (s *server) allowReport(r *http.Request) error {
	if s.store == nil {
		return errNoStore
	}
	if !s.reportLimits.allow(r) {
		return fail(http.StatusTooManyRequests, "rate_limited", "Too many reports from this address: at most %g a minute. Wait a little and try again.", s.cfg.ReportsPerMinute)
	}
	return nil
}

// addReport records one report from the client behind r; the caller has
// taken it from the client's allowance.
func (s *server) addReport(r *http.Request, req reportRequest) (store.Sighting, error) {
	if req.Kind == "" {
		kind, _, err := store.Guess(req.Value)
		if err != nil {
			return store.Sighting{}, storeFailure(err)
		}
		req.Kind = kind
	}
	sg, err := s.store.Add(r.Context(), store.Report{Kind: req.Kind, Value: req.Value, Variant: req.Variant, Channel: req.Channel,
		Region: req.Region, Reporter: clientAddress(r), SharedText: req.SharedText})
	return sg, storeFailure(err)
}

// decodeJSON reads a JSON body of at most limit bytes into v, refusing
// unknown fields.
func (s *server) decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fail(http.StatusRequestEntityTooLarge, "too_large", "the request is larger than %d bytes", limit)
		}
		return fail(http.StatusBadRequest, "bad_request", "the body is not the JSON this route takes (see /api/openapi.json): %v", err)
	}
	return nil
}

// handleAPIReport: POST /api/v1/reports.
func (s *server) handleAPIReport(w http.ResponseWriter, r *http.Request) {
	var req reportRequest
	if err := s.decodeJSON(w, r, maxReportBody, &req); err != nil {
		s.refuse(w, err)
		return
	}
	if err := s.allowReport(r); err != nil {
		s.refuse(w, err)
		return
	}
	sg, err := s.addReport(r, req)
	if err != nil {
		s.refuse(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.sightingView(sg))
}

// handleAPILookup: GET /api/v1/lookup?phone=...&domain=...&remote_id=...
func (s *server) handleAPILookup(w http.ResponseWriter, r *http.Request) {
	if s.store == nil {
		s.refuse(w, errNoStore)
		return
	}
	if !s.limits.allow(r) {
		s.refuse(w, fail(http.StatusTooManyRequests, "rate_limited", "Too many requests from this address: at most %g a minute.", s.cfg.RatePerMinute))
		return
	}
	q := r.URL.Query()
	var queries []string
	var wanted []store.Sighting
	for _, kind := range store.Kinds {
		for _, value := range q[kind] {
			norm, err := store.Normalise(kind, value)
			if err != nil {
				s.refuse(w, storeFailure(err))
				return
			}
			queries = append(queries, value)
			wanted = append(wanted, store.Sighting{Kind: kind, Value: norm})
		}
	}
	if len(wanted) == 0 || len(wanted) > maxLookups {
		s.refuse(w, fail(http.StatusBadRequest, "bad_request", "give from 1 to %d values as phone=, domain= or remote_id=", maxLookups))
		return
	}
	got, err := s.store.Lookup(r.Context(), wanted)
	if err != nil {
		s.refuse(w, storeFailure(err))
		return
	}
	views := make([]sightingView, len(got))
	for i, sg := range got {
		views[i] = s.sightingView(sg)
		views[i].Query = queries[i]
	}
	writeJSON(w, http.StatusOK, map[string]any{"min_people": s.minPeople(), "results": views})
}

// feedbackRequest is the JSON body of POST /api/v1/feedback.
type feedbackRequest struct {
	Verdict    string   `json:"verdict"`
	Variant    string   `json:"variant"`
	Rules      []string `json:"rules"`
	Channel    string   `json:"channel"`
	Correct    *bool    `json:"correct"`
	Label      string   `json:"label"`
	SharedText string   `json:"shared_text"`
}

// feedbackLabel works out what a message was from the person's word on
// the scan: a right warning keeps the scan's variant, a right "no signs"
// or a wrong warning means it was genuine. A wrong "no signs" says it was
// a scam, but not which (ok is false).
func feedbackLabel(verdict, variant string, correct bool) (label string, ok bool) {
	warned := verdict != "no_known_signs"
	switch {
	case correct != warned:
		return store.Legit, true
	case !correct:
		return "", false
	case slices.Contains(store.Variants, variant):
		return variant, true
	}
	return "other_scam", true
}

// addFeedback records a person's word on a scan.
func (s *server) addFeedback(r *http.Request, req feedbackRequest) error {
	if err := s.allowReport(r); err != nil {
		return err
	}
	if req.Correct == nil {
		return fail(http.StatusBadRequest, "bad_request", "\"correct\" must be true or false: was the scan right?")
	}
	if req.Label == "" {
		label, ok := feedbackLabel(req.Verdict, req.Variant, *req.Correct)
		if !ok {
			return fail(http.StatusBadRequest, "bad_request", "say which scam it was in \"label\" (%s)", strings.Join(store.Variants, ", "))
		}
		req.Label = label
	}
	return storeFailure(s.store.AddFeedback(r.Context(), store.Feedback{Verdict: req.Verdict, Variant: req.Variant, Rules: req.Rules,
		Channel: req.Channel, Correct: *req.Correct, Label: req.Label, SharedText: req.SharedText}))
}

// handleAPIFeedback: POST /api/v1/feedback.
func (s *server) handleAPIFeedback(w http.ResponseWriter, r *http.Request) {
	var req feedbackRequest
	if err := s.decodeJSON(w, r, maxReportBody, &req); err != nil {
		s.refuse(w, err)
		return
	}
	if err := s.addFeedback(r, req); err != nil {
		s.refuse(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
