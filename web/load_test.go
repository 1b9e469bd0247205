package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkAPILoad is the load check: the real server on loopback, many
// clients at once posting corpus messages to /api/v1/scan. It reports
// requests per second and the p50 and p99 latency, and fails on any error.
//
//	go test -run '^$' -bench APILoad -benchtime 5000x ./web/
func BenchmarkAPILoad(b *testing.B) {
	paths, _ := filepath.Glob("../testdata/corpus/*/*.txt")
	if len(paths) == 0 {
		b.Fatal("no corpus")
	}
	var bodies [][]byte
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := json.Marshal(scanRequest{Text: string(text)})
		bodies = append(bodies, body)
	}
	cfg := DefaultConfig()
	cfg.RatePerMinute, cfg.Burst = 1e9, 1e9 // one client here is every client
	base, _ := startServer(b, cfg)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var mu sync.Mutex
	var latencies []time.Duration
	var failures int
	next := 0
	b.SetParallelism(8) // 8 clients per core
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			body := bodies[next%len(bodies)]
			next++
			mu.Unlock()
			start := time.Now()
			resp, err := client.Post(base+"/api/v1/scan", "application/json", bytes.NewReader(body))
			ok := err == nil && resp.StatusCode == 200
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			d := time.Since(start)
			mu.Lock()
			latencies = append(latencies, d)
			if !ok {
				failures++
			}
			mu.Unlock()
		}
	})
	b.StopTimer()
	if failures > 0 {
		b.Fatalf("%d of %d requests failed", failures, len(latencies))
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(latencies))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
