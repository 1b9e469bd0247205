package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scamscan/scamscan/store"
)

// syncBuffer is a buffer the server may write while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `scamscan serve` on a free port with env as its
// environment, and returns its address, its log and a stop function that
// returns the exit code.
func startServe(t *testing.T, env map[string]string, args ...string) (base string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &syncBuffer{}
	exit := make(chan int, 1)
	go func() {
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...)
		exit <- run(ctx, args, strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return env[k] })
	}()
	urlRe := regexp.MustCompile(`"url":"(http://127\.0\.0\.1:\d+)"`)
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRe.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("the server did not say where it listens:\n%s", stderr.String())
	}
	return base, stderr, func() int {
		cancel() // as SIGTERM does
		select {
		case code := <-exit:
			return code
		case <-time.After(35 * time.Second):
			t.Fatal("the server did not stop")
			return -1
		}
	}
}

// TestServeStartsAnswersAndStopsGracefully also checks the store is made
// in the documented place and a scan's count is written at shutdown.
func TestServeStartsAnswersAndStopsGracefully(t *testing.T) {
	data := t.TempDir()
	base, stderr, stop := startServe(t, map[string]string{"XDG_DATA_HOME": data})
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Post(base+"/api/v1/scan", "application/json", strings.NewReader(`{"text": "Call Microsoft on 0808 157 0412, your PC has a virus"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("scan: %v %v", resp, err)
	}
	resp.Body.Close()
	if code := stop(); code != 0 {
		t.Fatalf("exit %d after a graceful shutdown:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Error("no shutdown in the log")
	}
	db, err := store.Open(context.Background(), filepath.Join(data, "scamscan", "scamscan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tr, err := db.Trends(context.Background(), time.Now(), 1, 1)
	total := 0
	for _, n := range tr.Weeks[0].Scans {
		total += n
	}
	if err != nil || total != 1 {
		t.Errorf("scans counted in the store after shutdown: %d (%v), want 1", total, err)
	}
}

func TestServeRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"serve", "--log-format", "xml"}, {"serve", "--rate", "0"}, {"serve", "extra"}} {
		if code, _, _ := call(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestServeWithoutItsStoreStillScans(t *testing.T) {
	base, stderr, stop := startServe(t, nil, "--db", "postgres://nobody:secret@127.0.0.1:1/none")
	defer stop()
	resp, err := http.Post(base+"/api/v1/scan", "application/json", strings.NewReader(`{"text": "Call 0808 157 0412, your PC has a virus"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("scan: %v %v", resp, err)
	}
	resp.Body.Close()
	if log := stderr.String(); !strings.Contains(log, "running without reports") || strings.Contains(log, "secret") {
		t.Errorf("the log must say the store is missing, without its password:\n%s", log)
	}
}
