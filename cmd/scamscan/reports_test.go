package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamscan/scamscan/evaluate"
	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/store/storetest"
)

// stores names a fresh store on each backend, as --db takes it.
func stores(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": filepath.Join(t.TempDir(), "reports.db")}
	if url := storetest.PostgresURL(t); url != "" {
		out["postgres"] = url
	}
	return out
}

func TestReportThenLookupThenScanWarns(t *testing.T) {
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			code, out, _ := call(t, "", "lookup", "--db", db, "0808 157 0412")
			if code != exitNoSigns || !strings.Contains(out, "nobody has reported it") || !strings.Contains(out, "does not mean it is genuine") {
				t.Fatalf("lookup before any report: exit %d\n%s", code, out)
			}
			for _, who := range []string{"case-1", "case-2", "case-3", "case-3"} {
				code, out, errOut := call(t, "", "report", "--db", db, "--reporter", who, "--variant", "popup", "--region", "scotland", "0808 157 0412")
				if code != exitOK || !strings.HasPrefix(out, "Reported +448081570412.") {
					t.Fatalf("report: exit %d\n%s%s", code, out, errOut)
				}
			}
			code, out, _ = call(t, "", "lookup", "--db", db, "+44 808 157 0412")
			if code != exitFlagged || !strings.Contains(out, "reported by 3 people since") || !strings.Contains(out, "(4 reports)") {
				t.Errorf("lookup after 4 reports by 3 people: exit %d\n%s", code, out)
			}
			code, out, _ = call(t, "", "scan", "--db", db, writeTemp(t, "popup.txt", popupScam))
			if code != exitFlagged || !strings.Contains(out, `"0808 157 0412" (reported by 3 people since`) || !strings.Contains(out, "Other people have reported this as a scam") {
				t.Errorf("scan with the store: exit %d\n%s", code, out)
			}
		})
	}
}

func TestReportRefusesWhatItCannotRead(t *testing.T) {
	db := filepath.Join(t.TempDir(), "reports.db")
	for _, args := range [][]string{
		{"report", "--db", db, "my neighbour"},
		{"report", "--db", db, "--region", "wales", "0808 157 0412"},
		{"report", "--db", db, "--variant", "lottery", "0808 157 0412"},
		{"report", "--db", db},
		{"lookup", "--db", db, "hello"},
	} {
		code, _, errOut := call(t, "", args...)
		if code != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q: want a clear refusal", args, code, errOut)
		}
	}
	if code, _, errOut := call(t, "", "lookup", "--db", "postgres://nobody:secret@127.0.0.1:1/none", "0808 157 0412"); code != exitUsage || !strings.Contains(errOut, "could not be opened") || strings.Contains(errOut, "secret") {
		t.Errorf("unreachable store: exit %d, %q: want a clear error without the password", code, errOut)
	}
}

func TestFeedbackExportMakesACorpusEvalReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	ctx := t.Context()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	shared := map[string]string{"popup": popupScam, "legit": ordinary}
	for _, f := range []store.Feedback{
		{Verdict: "scam", Variant: "popup", Correct: true, Label: "popup", Channel: "popup", SharedText: shared["popup"]},
		{Verdict: "suspicious", Variant: "refund", Label: store.Legit, Channel: "sms", SharedText: shared["legit"]},
		{Verdict: "scam", Variant: "popup", Correct: true, Label: "popup"}, // not shared
	} {
		if err := db.AddFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	dir := filepath.Join(t.TempDir(), "feedback")
	code, out, errOut := call(t, "", "feedback", "export", "--db", path, dir)
	if code != exitOK || !strings.Contains(out, "Wrote 2 messages") || !strings.Contains(out, "1 scams, 1 genuine") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	items, err := evaluate.ReadLabels(filepath.Join(dir, "labels.csv"))
	if err != nil || len(items) != 2 {
		t.Fatalf("eval cannot read the export: %v %+v", err, items)
	}
	for _, it := range items {
		if want := shared[map[string]string{"scam": "popup", "legit": "legit"}[it.Label]]; string(it.Data) != want {
			t.Errorf("%s labelled %s holds %q", it.Name, it.Label, it.Data)
		}
	}
	if code, _, errOut := call(t, "", "feedback", "export", "--db", path, dir); code != exitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("a second export into the same folder: exit %d %q; it must not overwrite the labels", code, errOut)
	}
	f, _ := os.Open(filepath.Join(dir, "labels.csv"))
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	if len(rows) != 3 {
		t.Errorf("labels.csv changed by the refused export: %v", rows)
	}
}
