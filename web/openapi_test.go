package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemas compiles the components of the served OpenAPI description.
func schemas(t *testing.T, base string) func(name string) *jsonschema.Schema {
	t.Helper()
	resp, err := http.Get(base + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := jsonschema.UnmarshalJSON(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if doc.(map[string]any)["openapi"] != "3.1.0" {
		t.Fatal("not an OpenAPI 3.1 description")
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("https://scamscan.local/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	return func(name string) *jsonschema.Schema {
		s, err := c.Compile("https://scamscan.local/openapi.json#/components/schemas/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// conforms checks a real response body against a schema.
func conforms(t *testing.T, s *jsonschema.Schema, what string, body []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not match the OpenAPI description:\n%v", what, err)
	}
}

func get(t *testing.T, method, url, contentType string, body io.Reader) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

func TestResponsesMatchTheOpenAPIDescription(t *testing.T) {
	base, _ := startServer(t, DefaultConfig())
	schema := schemas(t, base)
	report, errs, ready := schema("Report"), schema("Error"), schema("Ready")

	conforms(t, report, "a text scan", get(t, "POST", base+"/api/v1/scan", "application/json", strings.NewReader(`{"text": "`+popupScam+`", "channel": "popup"}`)))
	conforms(t, report, "a clean text", get(t, "POST", base+"/api/v1/scan", "application/json", strings.NewReader(`{"text": "See you Sunday"}`)))

	upload := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		body, contentType := multipartBody(t, nil, data)
		return get(t, "POST", base+"/api/v1/scan", contentType, body)
	}
	conforms(t, report, "an email scan", upload("../testdata/files/email/defender-alert-punycode-link-05.eml"))
	conforms(t, report, "a page scan", upload("../testdata/files/pages/scam-defender-fullscreen-keylock-01.html"))
	var list []json.RawMessage
	if err := json.Unmarshal(upload("../testdata/files/email/several.mbox"), &list); err != nil || len(list) != 3 {
		t.Fatalf("an mbox gives a list of three reports: %v", err)
	}
	for _, r := range list {
		conforms(t, report, "a report of an mbox", r)
	}
	conforms(t, errs, "a 415", get(t, "POST", base+"/api/v1/scan", "text/plain", strings.NewReader("hi")))
	conforms(t, errs, "a 400", get(t, "POST", base+"/api/v1/scan", "application/json", strings.NewReader("{")))
	conforms(t, errs, "a 404", get(t, "GET", base+"/api/v1/nothing", "", nil))
	conforms(t, ready, "readyz", get(t, "GET", base+"/readyz", "", nil))
}
