package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scamscan/scamscan/store"
	"github.com/scamscan/scamscan/store/storetest"
)

// seedWeeks fills the store with twelve weeks of reports and scans, so
// the charts have something to draw.
func seedWeeks(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	variants := []string{"cold_call", "popup", "refund", "other_scam"}
	for week := range trendWeeks {
		day := now.AddDate(0, 0, -7*week)
		for i := range 3 + (week*7)%11 {
			v := variants[(i+week)%len(variants)]
			if err := db.CountScans(ctx, day, v, 2+i%3); err != nil {
				t.Fatal(err)
			}
			r := store.Report{Kind: store.Phone, Value: fmt.Sprintf("0808 157 %04d", i%4), Variant: v, Region: "england-and-wales", Day: day, Reporter: fmt.Sprint("seed ", week, i)}
			if _, err := db.Add(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		db.CountScans(ctx, day, "none", 5)
	}
}

func TestBrowserReportThenTrends(t *testing.T) {
	ctx, axe := browser(t)
	db := storetest.SQLite(t)
	seedWeeks(t, db)
	base, _ := startServer(t, storeConfig(db))
	pasteAndCheck(t, ctx, base, popupScam)
	do(t, ctx, chromedp.WaitVisible("#warn-title"))
	checkA11y(t, ctx, axe, "result-with-report-forms")
	do(t, ctx,
		chromedp.Click(`input[name="value"]`),
		chromedp.SetValue("#region", "scotland"),
		chromedp.Click(`form[action="/report"] button[type=submit]`),
		chromedp.WaitVisible("h1"),
	)
	if got := text(t, ctx, "main ul"); got == "" || !contains([]string{"+448081570412: reported by 1 person since " + time.Now().Format("2 January 2006") + "."}, got) {
		t.Errorf("after reporting from the browser: %q", got)
	}
	checkA11y(t, ctx, axe, "report-thanks")
	do(t, ctx, chromedp.Navigate(base+"/trends"), chromedp.WaitVisible("#scans-title"))
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure.chart rect").length`))
	if err != nil {
		t.Fatal(err)
	}
	if bars < trendWeeks {
		t.Errorf("the charts draw %d bars for %d weeks of data", bars, trendWeeks)
	}
	checkA11y(t, ctx, axe, "trends")
}
