// Package web is scamscan's HTTP face: the pages people use to check a
// message, and the JSON API organisations call. It only renders what the
// check package returns. Message text is never logged or stored.
package web

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/claim"
	"github.com/scamscan/scamscan/claim/calendar"
	"github.com/scamscan/scamscan/store"
)

// Config holds the server's limits.
type Config struct {
	// MaxBodyBytes bounds a request body (a pasted message or an upload).
	MaxBodyBytes int64
	// RatePerMinute and Burst limit the scans one client may ask for.
	RatePerMinute float64
	Burst         int
	// ReportsPerMinute and ReportBurst limit the reports and feedback one
	// client may send, so one person cannot flood the list.
	ReportsPerMinute float64
	ReportBurst      int
	Logger           *slog.Logger
	// Store keeps reports, feedback and scan counts, and scans ask it
	// about numbers people reported; without it those routes say the
	// server keeps none.
	Store *store.DB
	// FlushEvery is how often scan counts are written to the store.
	FlushEvery time.Duration
}

// DefaultConfig is what `scamscan serve` uses unless told otherwise.
func DefaultConfig() Config {
	return Config{MaxBodyBytes: 10 << 20, RatePerMinute: 60, Burst: 20, ReportsPerMinute: 10, ReportBurst: 5,
		Logger: slog.Default(), FlushEvery: 10 * time.Second}
}

// server holds what the handlers share.
type server struct {
	checker *check.Checker
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	limits  *clientLimits
	// reportLimits bound reports and feedback, apart from scans.
	reportLimits *clientLimits
	pages        *pages
	// csrfKey signs the form tokens; new at every start.
	csrfKey []byte
	// facts and calendar are what the claim wizard's letters rest on.
	facts    claim.Facts
	calendar *calendar.Calendar
	// store is nil when the server keeps no reports; tally counts scans
	// for it between flushes.
	store *store.DB
	tally store.Tally
}

// Server is the whole site and API. Close it to write the last scan
// counts to the store.
type Server struct {
	http.Handler
	srv  *server
	stop chan struct{}
	done chan struct{}
}

// NewServer returns the whole site and API as one handler.
func NewServer(c *check.Checker, cfg Config) (*Server, error) {
	def := DefaultConfig()
	if cfg.Logger == nil {
		cfg.Logger = def.Logger
	}
	if cfg.ReportsPerMinute <= 0 || cfg.ReportBurst <= 0 {
		cfg.ReportsPerMinute, cfg.ReportBurst = def.ReportsPerMinute, def.ReportBurst
	}
	if cfg.FlushEvery <= 0 {
		cfg.FlushEvery = def.FlushEvery
	}
	pg, err := loadPages()
	if err != nil {
		return nil, err
	}
	facts, err := claim.DefaultFacts()
	if err != nil {
		return nil, err
	}
	cal, err := calendar.Default()
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if cfg.Store != nil {
		// The server's own copy of the checker asks the store; the
		// caller's is left as it was.
		withStore := *c
		withStore.Store = cfg.Store
		c = &withStore
	}
	s := &server{
		checker:      c,
		cfg:          cfg,
		log:          cfg.Logger,
		metrics:      newMetrics(),
		limits:       newClientLimits(rate.Limit(cfg.RatePerMinute/60), cfg.Burst),
		reportLimits: newClientLimits(rate.Limit(cfg.ReportsPerMinute/60), cfg.ReportBurst),
		pages:        pg,
		csrfKey:      key,
		facts:        facts,
		calendar:     cal,
		store:        cfg.Store,
	}
	mux := http.NewServeMux()
	s.routes(mux)
	srv := &Server{Handler: s.recoverPanics(s.logRequests(securityHeaders(mux))), srv: s, stop: make(chan struct{}), done: make(chan struct{})}
	go srv.flushLoop(cfg.FlushEvery)
	return srv, nil
}

// flushLoop writes scan counts to the store now and then, until Close.
func (srv *Server) flushLoop(every time.Duration) {
	defer close(srv.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-srv.stop:
			return
		case <-tick.C:
			srv.flush()
		}
	}
}

func (srv *Server) flush() {
	if srv.srv.store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.srv.tally.Flush(ctx, srv.srv.store); err != nil {
		srv.srv.log.Warn("scan counts not written yet; kept for the next try", "error", err.Error())
	}
}

// Close stops the flushing and writes the counts not yet written.
func (srv *Server) Close() {
	close(srv.stop)
	<-srv.done
	srv.flush()
}

// securityHeaders: no inline script, no framing, no sniffing, no referrer.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logRequests logs method, path, status and time: never a body, a query
// string or a client address.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

// recoverPanics turns a panic into a 500 and a log line, never a crash.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.metrics.errors.WithLabelValues("internal").Inc()
				writeError(w, http.StatusInternalServerError, "internal", "Something went wrong on our side. Please try again.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// clientLimits keeps a token bucket per client address, in memory only,
// and forgets clients idle for ten minutes.
type clientLimits struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	clients map[string]*clientLimit
	swept   time.Time
}

type clientLimit struct {
	lim  *rate.Limiter
	seen time.Time
}

func newClientLimits(limit rate.Limit, burst int) *clientLimits {
	return &clientLimits{limit: limit, burst: burst, clients: map[string]*clientLimit{}, swept: time.Now()}
}

// allow reports whether the client behind r may scan now.
func (l *clientLimits) allow(r *http.Request) bool {
	key, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		key = r.RemoteAddr
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, c := range l.clients {
			if now.Sub(c.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &clientLimit{lim: rate.NewLimiter(l.limit, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	return c.lim.Allow()
}

// metrics are counts and timings only: never message content.
type metrics struct {
	registry *prometheus.Registry
	scans    *prometheus.CounterVec
	latency  prometheus.Histogram
	errors   *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		scans: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scamscan_scans_total", Help: "Scans by verdict and variant.",
		}, []string{"verdict", "variant"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "scamscan_scan_seconds", Help: "Time to read and scan one input.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scamscan_errors_total", Help: "Requests refused or failed, by error code.",
		}, []string{"code"}),
	}
	m.registry.MustRegister(m.scans, m.latency, m.errors)
	return m
}
