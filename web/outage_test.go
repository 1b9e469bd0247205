package web

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/store/storetest"
)

// Commands that stop and start the PostgreSQL server the tests use. They
// stop the whole server, so .ci/run runs this test on its own, after the
// others.
const (
	stopEnv  = "SCAMSCAN_TEST_PG_STOP"
	startEnv = "SCAMSCAN_TEST_PG_START"
)

// TestPostgresOutage stops the real database while the server runs:
// scans must go on (saying the reports were not checked), reports must
// fail with a clear error, and once the database is back everything
// works again with nothing lost, scan counts included.
func TestPostgresOutage(t *testing.T) {
	stop, start := os.Getenv(stopEnv), os.Getenv(startEnv)
	if stop == "" || start == "" {
		t.Skipf("set %s and %s to shell commands that stop and start PostgreSQL (.ci/run does) to run the outage test", stopEnv, startEnv)
	}
	db, _ := storetest.Postgres(t)
	if db == nil {
		t.Skip("no PostgreSQL")
	}
	cfg := storeConfig(db)
	cfg.ReportsPerMinute, cfg.ReportBurst = 600, 100
	base, _ := startServer(t, cfg)
	scanText := `{"text": "Your computer has a virus. Call 0808 157 0412 now"}`
	report := `{"value": "0808 157 0412", "variant": "popup", "region": "scotland"}`
	run := func(command string) {
		t.Helper()
		if out, err := exec.Command("sh", "-c", command).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", command, err, out)
		}
	}
	if status, body := send(t, http.DefaultClient, "POST", base+"/api/v1/reports", report); status != http.StatusCreated {
		t.Fatalf("report before the outage: %d %s", status, body)
	}

	run(stop)
	restarted := false
	defer func() {
		if !restarted {
			run(start)
		}
	}()
	began := time.Now()
	status, body := send(t, http.DefaultClient, "POST", base+"/api/v1/scan", scanText)
	if status != 200 || !strings.Contains(string(body), `"checked":false`) || !strings.Contains(string(body), `"verdict"`) {
		t.Errorf("scan during the outage: %d %s", status, body)
	}
	t.Logf("a scan during the outage took %v", time.Since(began))
	status, body = send(t, http.DefaultClient, "POST", base+"/api/v1/reports", report)
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), "store_unavailable") {
		t.Errorf("report during the outage: %d %s, want 503 store_unavailable", status, body)
	}
	if status, _ := send(t, http.DefaultClient, "GET", base+"/trends", ""); status != http.StatusServiceUnavailable {
		t.Errorf("trends during the outage: %d, want 503", status)
	}
	time.Sleep(3 * cfg.FlushEvery) // a flush fails; its counts must be kept

	run(start)
	restarted = true
	var back bool
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if status, _ = send(t, http.DefaultClient, "POST", base+"/api/v1/reports", report); status == http.StatusCreated {
			back = true
			break
		}
	}
	if !back {
		t.Fatalf("reports still fail a minute after the database came back: %d", status)
	}
	status, body = send(t, http.DefaultClient, "POST", base+"/api/v1/scan", scanText)
	if status != 200 || !strings.Contains(string(body), `"checked":true`) {
		t.Errorf("scan after the outage: %d %s", status, body)
	}
	got, err := db.Lookup(context.Background(), []store.Sighting{{Kind: store.Phone, Value: "+448081570412"}})
	if err != nil || len(got) != 1 || got[0].Reports != 2 {
		t.Errorf("after the outage: %+v %v, want the 2 reports made while it was up", got, err)
	}
	var scans int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && scans != 2; time.Sleep(50 * time.Millisecond) {
		tr, err := db.Trends(context.Background(), time.Now(), 1, 1)
		if err != nil {
			continue
		}
		scans = 0
		for _, n := range tr.Weeks[0].Scans {
			scans += n
		}
	}
	if scans != 2 {
		t.Errorf("%d scans counted, want 2: the one during the outage must be kept and written later", scans)
	}
}
