package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/store/storetest"
)

// clientFrom sends requests from a given loopback address, so a test can
// be several people.
func clientFrom(ip string) *http.Client {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Transport: &http.Transport{DialContext: dialer.DialContext}}
}

func send(t *testing.T, c *http.Client, method, u, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func storeConfig(db *store.DB) Config {
	cfg := DefaultConfig()
	cfg.Store = db
	cfg.FlushEvery = 20 * time.Millisecond
	return cfg
}

func TestReportLookupAndScanThroughTheAPI(t *testing.T) {
	for name, db := range storetest.Backends(t) {
		t.Run(name, func(t *testing.T) {
			base, logs := startServer(t, storeConfig(db))
			schema := schemas(t, base)
			report := `{"value": "0808 157 0412", "variant": "popup", "channel": "popup", "region": "scotland"}`
			for i, ip := range []string{"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.4"} {
				status, body := send(t, clientFrom(ip), "POST", base+"/api/v1/reports", report)
				if status != http.StatusCreated {
					t.Fatalf("report %d: %d %s", i, status, body)
				}
				conforms(t, schema("Sighting"), "a report's answer", body)
			}
			status, body := send(t, http.DefaultClient, "GET", base+"/api/v1/lookup?phone="+url.QueryEscape("+44 808 157 0412")+"&domain=bbc.co.uk", "")
			conforms(t, schema("Lookup"), "a lookup", body)
			var lookup struct {
				Results []sightingView `json:"results"`
			}
			json.Unmarshal(body, &lookup)
			if status != 200 || len(lookup.Results) != 2 {
				t.Fatalf("lookup: %d %s", status, body)
			}
			if r := lookup.Results[0]; r.Reports != 4 || r.People != 3 || !r.Warns || r.Query != "+44 808 157 0412" || r.FirstSeen.IsZero() {
				t.Errorf("the number: %+v, want 4 reports by 3 people, warning", r)
			}
			if r := lookup.Results[1]; r.Reports != 0 || r.Warns || r.Value != "bbc.co.uk" {
				t.Errorf("a site nobody reported: %+v", r)
			}
			status, body = send(t, http.DefaultClient, "POST", base+"/api/v1/scan", `{"text": "Your computer has a virus. Call 0808 157 0412 now"}`)
			conforms(t, schema("Report"), "a scan using reports", body)
			if status != 200 || !strings.Contains(string(body), `"note":"reported by 3 people since`) || !strings.Contains(string(body), `"reported":{"checked":true`) {
				t.Errorf("the scan must use the reports: %s", body)
			}
			if strings.Contains(logs.String(), "127.0.0.2") || strings.Contains(logs.String(), "0808") {
				t.Errorf("the log holds a reporter's address or a number:\n%s", logs)
			}
		})
	}
}

func TestReportAndFeedbackRefuseBadInput(t *testing.T) {
	base, _ := startServer(t, storeConfig(storetest.SQLite(t)))
	schema := schemas(t, base)
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/api/v1/reports", `{"value": "my neighbour", "region": "scotland"}`, 400},
		{"POST", "/api/v1/reports", `{"value": "0808 157 0412", "region": "wales"}`, 400},
		{"POST", "/api/v1/reports", `{"value": "0808 157 0412", "region": "scotland", "who": "me"}`, 400},
		{"GET", "/api/v1/lookup", "", 400},
		{"GET", "/api/v1/lookup?phone=hello", "", 400},
		{"POST", "/api/v1/feedback", `{"verdict": "scam"}`, 400},
		{"POST", "/api/v1/feedback", `{"verdict": "no_known_signs", "correct": false}`, 400},
		{"POST", "/api/v1/feedback", `{"verdict": "great", "correct": true}`, 400},
	} {
		status, body := send(t, clientFrom("127.0.0.9"), c.method, base+c.path, c.body)
		if status != c.status {
			t.Errorf("%s %s %s: %d %s, want %d", c.method, c.path, c.body, status, body, c.status)
		}
		conforms(t, schema("Error"), "an error", body)
	}
	if status, _ := send(t, http.DefaultClient, "POST", base+"/api/v1/feedback", `{"verdict": "scam", "variant": "popup", "correct": true, "rules": ["fake_alert"]}`); status != http.StatusNoContent {
		t.Errorf("good feedback: %d", status)
	}
	limited := clientFrom("127.0.0.10")
	codes := []int{}
	for range 7 {
		status, _ := send(t, limited, "POST", base+"/api/v1/reports", `{"value": "0808 157 0412", "region": "scotland"}`)
		codes = append(codes, status)
	}
	if codes[0] != 201 || codes[6] != http.StatusTooManyRequests {
		t.Errorf("7 quick reports from one address: %v; the last must be refused", codes)
	}
}

func TestWithoutAStoreReportsSaySoAndScansWork(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	if status, body := send(t, http.DefaultClient, "GET", base+"/api/v1/lookup?phone=08081570412", ""); status != http.StatusNotImplemented || !strings.Contains(string(body), "no_store") {
		t.Errorf("lookup with no store: %d %s", status, body)
	}
	if status, body := send(t, http.DefaultClient, "POST", base+"/api/v1/scan", `{"text": "Call 0808 157 0412"}`); status != 200 || strings.Contains(string(body), `"reported"`) {
		t.Errorf("scan with no store: %d %s", status, body)
	}
}

func TestAStoreThatIsDownFailsReportsClearlyButNotScans(t *testing.T) {
	db := storetest.SQLite(t)
	base, _ := startServer(t, storeConfig(db))
	db.Close()
	status, body := send(t, http.DefaultClient, "POST", base+"/api/v1/scan", `{"text": "Your computer has a virus. Call 0808 157 0412 now"}`)
	if status != 200 || !strings.Contains(string(body), `"checked":false`) {
		t.Errorf("scan with the store down: %d %s", status, body)
	}
	status, body = send(t, http.DefaultClient, "POST", base+"/api/v1/reports", `{"value": "0808 157 0412", "region": "scotland"}`)
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), "store_unavailable") || !strings.Contains(string(body), "Scans still work") {
		t.Errorf("report with the store down: %d %s", status, body)
	}
}

func TestResultPageFormsReportAndGiveFeedback(t *testing.T) {
	db := storetest.SQLite(t)
	base, logs := startServer(t, storeConfig(db))
	client, token := formClient(t, base)
	message := "Your computer has a virus. Call 0808 157 0412 now or go to www.ms-fix-help.com"
	status, result, _ := post(t, client, base+"/check", url.Values{"csrf": {token}, "text": {message}})
	if status != 200 || !strings.Contains(result, "Warn other people") || !strings.Contains(result, "Was this check right?") {
		t.Fatalf("the result page must offer both forms: %d", status)
	}
	for _, want := range []string{`value="phone:&#43;448081570412"`, `value="domain:ms-fix-help.com"`} {
		if !strings.Contains(result, want) {
			t.Errorf("the report form lacks %s", want)
		}
	}
	v := formFields(t, result, "/report")
	v["value"] = []string{"phone:+448081570412", "domain:ms-fix-help.com"}
	v.Set("region", "northern-ireland")
	status, page, _ := post(t, client, base+"/report", v)
	if status != 200 || !strings.Contains(page, "448081570412: reported by 1 person since") || !strings.Contains(page, "ms-fix-help.com: reported by 1 person") {
		t.Errorf("after reporting: %d\n%s", status, page)
	}
	// A message we found nothing in can still be reported.
	_, calm, _ := post(t, client, base+"/check", url.Values{"csrf": {token}, "text": {"Hi, ring me back on 07700 900123 when you can"}})
	c := formFields(t, calm, "/report")
	c.Set("value", "phone:+447700900123")
	c.Set("region", "elsewhere")
	if status, page, _ := post(t, client, base+"/report", c); status != 200 || !strings.Contains(page, "447700900123: reported by 1 person") {
		t.Errorf("reporting a number from a message with no signs: %d\n%s", status, page)
	}
	f := formFields(t, result, "/feedback")
	f.Set("correct", "yes")
	f.Set("share", "yes")
	if status, page, _ := post(t, client, base+"/feedback", f); status != 200 || !strings.Contains(page, "Thank you for telling us") {
		t.Errorf("feedback: %d\n%s", status, page)
	}
	shared, err := db.SharedFeedback(context.Background())
	if err != nil || len(shared) != 1 || shared[0].SharedText != message || shared[0].Label != "popup" || len(shared[0].Rules) == 0 {
		t.Errorf("shared feedback %+v %v: want the message, labelled popup, with its rules", shared, err)
	}
	f.Del("csrf")
	if status, _, _ := post(t, client, base+"/feedback", f); status != http.StatusForbidden {
		t.Errorf("feedback without the token: %d, want 403", status)
	}
	if strings.Contains(logs.String(), "virus") {
		t.Error("the log holds the message")
	}
}

func TestTrendsPageDrawsChartsTablesAndCSV(t *testing.T) {
	for name, db := range storetest.Backends(t) {
		t.Run(name, func(t *testing.T) {
			base, _ := startServer(t, storeConfig(db))
			for i := range 4 {
				send(t, clientFrom(fmt.Sprintf("127.0.1.%d", i+1)), "POST", base+"/api/v1/reports", `{"value": "0808 157 0412", "variant": "cold_call", "region": "scotland"}`)
				send(t, http.DefaultClient, "POST", base+"/api/v1/scan", `{"text": "Windows Defender alert: your computer is infected. Call Microsoft support now on 0808 157 0412"}`)
			}
			var page string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				_, b := send(t, http.DefaultClient, "GET", base+"/trends", "")
				if page = string(b); strings.Contains(page, "<td>4</td>") {
					break
				}
			}
			for _, want := range []string{"<svg", `class="s-cold_call"`, "<title>Cold calls, week of", `448081570412</th><td>4</td><td>4</td>`, "Messages checked"} {
				if !strings.Contains(page, want) {
					t.Errorf("the trends page lacks %q", want)
				}
			}
			_, b := send(t, http.DefaultClient, "GET", base+"/trends.csv", "")
			rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
			if err != nil || len(rows) != 1+trendWeeks*(len(scanSeries)+len(reportSeries)) {
				t.Fatalf("weekly CSV: %d rows, %v", len(rows), err)
			}
			last := rows[len(rows)-len(reportSeries):]
			if last[0][1] != "reports" || last[0][2] != "cold_call" || last[0][3] != "4" {
				t.Errorf("this week's cold-call reports in the CSV: %v", last[0])
			}
			_, b = send(t, http.DefaultClient, "GET", base+"/trends.csv?table=top", "")
			if !strings.Contains(string(b), "phone,+448081570412,4,4") {
				t.Errorf("top CSV:\n%s", b)
			}
		})
	}
}
