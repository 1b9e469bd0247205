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

// TestServeStartsAnswersAndStopsGracefully also checks the store is made
// in the documented place and a scan's count is written at shutdown.
func TestServeStartsAnswersAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	exit := make(chan int, 1)
	data := t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": data}
	go func() {
		exit <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, strings.NewReader(""), &bytes.Buffer{}, &stderr, func(k string) string { return env[k] })
	}()
	urlRe := regexp.MustCompile(`"url":"(http://127\.0\.0\.1:\d+)"`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRe.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("the server did not say where it listens:\n%s", stderr.String())
	}
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
	cancel() // as SIGTERM does
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d after a graceful shutdown:\n%s", code, stderr.String())
		}
	case <-time.After(35 * time.Second):
		t.Fatal("the server did not stop")
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
