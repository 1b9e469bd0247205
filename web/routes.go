package web

import (
	"io/fs"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route of the site and the API in one place.
func (s *server) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", s.handleCheckPage)
	mux.HandleFunc("POST /check", s.handleCheckForm)
	mux.HandleFunc("GET /claim", s.handleClaimStart)
	mux.HandleFunc("POST /claim", s.handleClaim)
	mux.HandleFunc("POST /claim/download", s.handleClaimDownload)
	mux.HandleFunc("GET /guides", s.handleGuides)
	mux.HandleFunc("GET /guides/{name}", s.handleGuide)
	mux.HandleFunc("POST /report", s.handleReportForm)
	mux.HandleFunc("POST /feedback", s.handleFeedbackForm)
	mux.HandleFunc("GET /trends", s.handleTrends)
	mux.HandleFunc("GET /trends.csv", s.handleTrendsCSV)
	mux.HandleFunc("POST /api/v1/scan", s.handleAPIScan)
	mux.HandleFunc("POST /api/v1/reports", s.handleAPIReport)
	mux.HandleFunc("GET /api/v1/lookup", s.handleAPILookup)
	mux.HandleFunc("POST /api/v1/feedback", s.handleAPIFeedback)
	mux.HandleFunc("GET /api/openapi.json", handleOpenAPI)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/", s.handleNotFound)
}
