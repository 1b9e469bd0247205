package web

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/intake"
	"github.com/scamscan/scamscan/scan"
	"github.com/scamscan/scamscan/scan/rules"
)

// apiError is the body of every error the API returns.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, message
	writeJSON(w, status, e)
}

// failure is an error with the status and code the API answers with.
type failure struct {
	status        int
	code, message string
}

func (f *failure) Error() string { return f.message }

func fail(status int, code, format string, args ...any) *failure {
	return &failure{status, code, fmt.Sprintf(format, args...)}
}

// scanRequest is the JSON form of a scan request.
type scanRequest struct {
	Text    string `json:"text"`
	Channel string `json:"channel"`
}

// handleAPIScan takes JSON {"text", "channel"} or a multipart upload
// ("file", optional "channel") and answers with the reports, as
// `scamscan scan --json` prints them: one object, or for an mbox a list.
func (s *server) handleAPIScan(w http.ResponseWriter, r *http.Request) {
	if !s.limits.allow(r) {
		s.refuse(w, fail(http.StatusTooManyRequests, "rate_limited", "Too many scans from this address: at most %g a minute. Wait a little and try again.", s.cfg.RatePerMinute))
		return
	}
	data, channel, err := s.readScanRequest(w, r)
	if err != nil {
		s.refuse(w, err)
		return
	}
	reports, err := s.scan(r.Context(), data, channel)
	if err != nil {
		s.refuse(w, err)
		return
	}
	if len(reports) == 1 {
		writeJSON(w, http.StatusOK, reports[0])
		return
	}
	writeJSON(w, http.StatusOK, reports)
}

// refuse answers with the error's status and code, and counts it.
func (s *server) refuse(w http.ResponseWriter, err error) {
	var f *failure
	if !errors.As(err, &f) {
		f = fail(http.StatusInternalServerError, "internal", "Something went wrong on our side. Please try again.")
		s.log.Error("scan failed", "error", err.Error())
	}
	s.metrics.errors.WithLabelValues(f.code).Inc()
	writeError(w, f.status, f.code, f.message)
}

// readScanRequest reads the message and the channel from a JSON or
// multipart body, within the size limit.
func (s *server) readScanRequest(w http.ResponseWriter, r *http.Request) ([]byte, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var data []byte
	var channel string
	switch mediaType {
	case "application/json":
		var req scanRequest
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return nil, "", s.bodyError(err, "the body is not valid JSON of the form {\"text\": \"...\", \"channel\": \"...\"}: %v")
		}
		if strings.TrimSpace(req.Text) == "" {
			return nil, "", fail(http.StatusBadRequest, "empty", "\"text\" is empty: give the message to check")
		}
		data, channel = []byte(req.Text), req.Channel
	case "multipart/form-data":
		file, _, err := r.FormFile("file")
		if err != nil {
			return nil, "", s.bodyError(err, "a multipart request needs a \"file\" part: %v")
		}
		defer file.Close()
		if data, err = io.ReadAll(file); err != nil {
			return nil, "", s.bodyError(err, "the file could not be read: %v")
		}
		channel = r.FormValue("channel")
	default:
		return nil, "", fail(http.StatusUnsupportedMediaType, "unsupported_media_type",
			"send application/json ({\"text\": ..., \"channel\": ...}) or multipart/form-data with a \"file\" part, not %q", mediaType)
	}
	if channel != "" && !contains(rules.Channels, channel) {
		return nil, "", fail(http.StatusBadRequest, "bad_channel", "unknown channel %q: use one of %s, or leave it out", channel, strings.Join(rules.Channels, ", "))
	}
	return data, channel, nil
}

// bodyError tells a body over the limit from other bad bodies.
func (s *server) bodyError(err error, format string) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fail(http.StatusRequestEntityTooLarge, "too_large", "the request is larger than %d bytes", s.cfg.MaxBodyBytes)
	}
	return fail(http.StatusBadRequest, "bad_request", format, err)
}

// scan reads and checks an input, timing it, and maps intake's errors to
// the API's.
func (s *server) scan(ctx context.Context, data []byte, channel string) ([]check.Report, error) {
	start := time.Now()
	reports, err := s.checker.CheckInput(ctx, data, channel)
	s.metrics.latency.Observe(time.Since(start).Seconds())
	switch {
	case errors.Is(err, intake.ErrTooLarge), errors.Is(err, scan.ErrTooLarge):
		return nil, fail(http.StatusRequestEntityTooLarge, "too_large", "%v", err)
	case errors.Is(err, intake.ErrNoOCR):
		return nil, fail(http.StatusUnprocessableEntity, "ocr_unavailable", "this server cannot read pictures: tesseract is not installed on it")
	case errors.Is(err, intake.ErrUnsupported):
		return nil, fail(http.StatusUnsupportedMediaType, "unsupported_file", "%v", err)
	case err != nil:
		return nil, err
	}
	for _, rep := range reports {
		s.metrics.scans.WithLabelValues(rep.Verdict, rep.Variant).Inc()
		if s.store != nil {
			s.tally.Add(start, rep.Variant)
		}
	}
	return reports, nil
}

//go:embed openapi.json
var openAPI []byte

// handleOpenAPI serves the API's OpenAPI 3.1 description.
func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}

func (s *server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady says the catalogue is loaded, and whether pictures can be read.
func (s *server) handleReady(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"status":   "ready",
		"rules":    len(s.checker.Engine.Catalogue().Rules),
		"pictures": s.checker.OCR != nil,
	})
}

func (s *server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, http.StatusNotFound, "not_found", "no such API route: see /api/openapi.json")
		return
	}
	s.renderPage(w, http.StatusNotFound, "notfound", pageData{Title: "Page not found"})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
