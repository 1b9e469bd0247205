package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/scamscan/scamscan/check"
	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/web"
)

func (env *environment) serve(args []string) int {
	def := web.DefaultConfig()
	fs := env.newFlags("serve", "serve [flags]  (every flag may also be set by the environment variable named beside it)")
	addr := fs.String("addr", envOr(env.getenv, "SCAMSCAN_ADDR", "localhost:8080"), "address to listen on (env SCAMSCAN_ADDR)")
	maxBytes := fs.Int64("max-bytes", envInt(env.getenv, "SCAMSCAN_MAX_BYTES", def.MaxBodyBytes), "largest request body, in bytes (env SCAMSCAN_MAX_BYTES)")
	perMinute := fs.Float64("rate", float64(envInt(env.getenv, "SCAMSCAN_RATE", int64(def.RatePerMinute))), "scans a minute allowed from one client address (env SCAMSCAN_RATE)")
	burst := fs.Int("burst", int(envInt(env.getenv, "SCAMSCAN_BURST", int64(def.Burst))), "scans one client may make at once before the rate applies (env SCAMSCAN_BURST)")
	logFormat := fs.String("log-format", envOr(env.getenv, "SCAMSCAN_LOG_FORMAT", "text"), "log format: text or json (env SCAMSCAN_LOG_FORMAT); logs never hold message text")
	rulesDir := fs.String("rules", env.getenv("SCAMSCAN_RULES"), "a folder of extra *.rules files (env SCAMSCAN_RULES)")
	db := env.dbFlag(fs)
	minPeople := fs.Int("min-people", int(envInt(env.getenv, "SCAMSCAN_MIN_PEOPLE", check.DefaultMinPeople)), "how many different people must report a number or site before scans warn about it (env SCAMSCAN_MIN_PEOPLE)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || *maxBytes <= 0 || *perMinute <= 0 || *burst <= 0 || *minPeople <= 0 || (*logFormat != "text" && *logFormat != "json") {
		fmt.Fprintln(env.stderr, "scamscan serve: check the flags: limits must be positive and --log-format text or json")
		fs.Usage()
		return exitUsage
	}
	var handler slog.Handler = slog.NewTextHandler(env.stderr, nil)
	if *logFormat == "json" {
		handler = slog.NewJSONHandler(env.stderr, nil)
	}
	log := slog.New(handler)
	checker, err := check.New(*rulesDir)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan serve: the rules could not be loaded:\n%v\n", err)
		return exitUsage
	}
	if checker.OCR == nil {
		log.Warn("tesseract is not installed: screenshots will be refused (apt-get install tesseract-ocr)")
	}
	checker.MinPeople = *minPeople
	cfg := web.DefaultConfig()
	cfg.MaxBodyBytes, cfg.RatePerMinute, cfg.Burst, cfg.Logger = *maxBytes, *perMinute, *burst, log
	// Scans work without the store: one that cannot be opened is logged,
	// and reports are refused until the server is restarted with it.
	if d, dsn, err := env.openStore("serve", *db); err != nil {
		log.Error("running without reports: the store could not be opened", "error", err.Error())
	} else {
		defer d.Close()
		cfg.Store = d
		log.Info("store", "at", store.Describe(dsn))
	}
	h, err := web.NewServer(checker, cfg)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan serve: %v\n", err)
		return exitUsage
	}
	defer h.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(env.stderr, "scamscan serve: cannot listen on %s: %v\n", *addr, err)
		return exitUsage
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      90 * time.Second, // reading a picture may take up to a minute
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	log.Info("listening", "url", "http://"+ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(env.stderr, "scamscan serve: %v\n", err)
		return exitUsage
	case <-env.ctx.Done():
	}
	// Finish what is in flight, then stop.
	log.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Error("shutdown", "error", err.Error())
		return exitUsage
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("serve", "error", err.Error())
	}
	return exitNoSigns
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(getenv func(string) string, key string, def int64) int64 {
	if v, err := strconv.ParseInt(getenv(key), 10, 64); err == nil {
		return v
	}
	return def
}
