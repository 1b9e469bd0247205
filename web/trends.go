package web

import (
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/scamscan/scamscan/store"
)

// trendWeeks is how many weeks the trends page shows.
const trendWeeks = 12

// series is one variant as the charts name it.
type series struct{ key, name string }

// scanSeries and reportSeries are what each chart stacks, bottom first.
var (
	scanSeries   = []series{{"cold_call", "Cold calls"}, {"popup", "Pop-ups"}, {"refund", "Refunds"}, {"other_scam", "Other scams"}, {"none", "No signs found"}}
	reportSeries = []series{{"cold_call", "Cold calls"}, {"popup", "Pop-ups"}, {"refund", "Refunds"}, {"other_scam", "Other scams"}, {store.NotSaid, "Kind not said"}}
)

// trendsView is the trends page: two charts with their tables, and the
// top lists.
type trendsView struct {
	Charts    []chartView
	Top       []topView
	MinPeople int
	Month     string
}

type legendItem struct{ Class, Name string }

// chartView is a stacked bar chart drawn as SVG on the server, with the
// same numbers as a table for screen readers.
type chartView struct {
	ID, Title, Summary string
	W, H               int
	PlotLeft, PlotEnd  int
	Legend             []legendItem
	Bars               []barView
	Ticks              []tickView
	Labels             []tickView
	Header             []string
	Rows               []tableRow
}

type barView struct {
	X, Y, W, H int
	Class      string
	Title      string
}

type tickView struct {
	X, Y int
	Text string
}

type tableRow struct {
	Week   string
	Counts []int
	Total  int
}

type topView struct {
	Title string
	Kind  string
	Items []store.Top
}

// Chart geometry, in SVG units.
const (
	chartW, chartH   = 640, 260
	chartLeft        = 44
	chartTop         = 12
	chartBottom      = 36
	chartPlotH       = chartH - chartTop - chartBottom
	chartPlotW       = chartW - chartLeft - 8
	chartGap         = 6
	chartLabelsEvery = 2
)

// newChart lays out one stacked bar per week.
func newChart(id, title string, seriesNames []series, weeks []store.Week, counts func(store.Week) map[string]int) chartView {
	c := chartView{ID: id, Title: title, W: chartW, H: chartH, PlotLeft: chartLeft, PlotEnd: chartLeft + chartPlotW, Header: []string{"Week starting"}}
	for _, s := range seriesNames {
		c.Header = append(c.Header, s.name)
		c.Legend = append(c.Legend, legendItem{"s-" + s.key, s.name})
	}
	c.Header = append(c.Header, "Total")
	most, total := 0, 0
	for _, w := range weeks {
		row := tableRow{Week: w.Start.Format("2 Jan 2006")}
		for _, s := range seriesNames {
			n := counts(w)[s.key]
			row.Counts = append(row.Counts, n)
			row.Total += n
		}
		most = max(most, row.Total)
		total += row.Total
		c.Rows = append(c.Rows, row)
	}
	top := niceCeiling(most)
	slot := chartPlotW / max(1, len(weeks))
	for i, row := range c.Rows {
		x := chartLeft + i*slot + chartGap/2
		y := chartTop + chartPlotH
		for j, n := range row.Counts {
			if n == 0 {
				continue
			}
			h := n * chartPlotH / top
			if h < 1 {
				h = 1
			}
			y -= h
			c.Bars = append(c.Bars, barView{X: x, Y: y, W: slot - chartGap, H: h, Class: "s-" + seriesNames[j].key,
				Title: fmt.Sprintf("%s, week of %s: %d", seriesNames[j].name, row.Week, n)})
		}
		if i%chartLabelsEvery == 0 {
			c.Labels = append(c.Labels, tickView{X: x + (slot-chartGap)/2, Y: chartH - chartBottom + 18, Text: weeks[i].Start.Format("2 Jan")})
		}
	}
	for _, v := range []int{0, top / 2, top} {
		c.Ticks = append(c.Ticks, tickView{X: chartLeft - 6, Y: chartTop + chartPlotH - v*chartPlotH/top, Text: strconv.Itoa(v)})
	}
	c.Summary = fmt.Sprintf("%d in the last %d weeks; the busiest week had %d.", total, len(weeks), most)
	return c
}

// niceCeiling rounds a chart's top up to an even 1, 2 or 5 times a power
// of ten (2, 10, 20, 50, 100 ...), so the axis and its middle read easily.
func niceCeiling(n int) int {
	if n <= 1 {
		return 2
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p >= n && (m*p)%2 == 0 {
				return m * p
			}
		}
	}
}

func (s *server) trends(r *http.Request) (store.Trends, error) {
	if s.store == nil {
		return store.Trends{}, errNoStore
	}
	tr, err := s.store.Trends(r.Context(), time.Now(), trendWeeks, s.minPeople())
	return tr, storeFailure(err)
}

// handleTrends draws the trends page.
func (s *server) handleTrends(w http.ResponseWriter, r *http.Request) {
	tr, err := s.trends(r)
	if err != nil {
		msg := "The trends cannot be shown just now. Checking messages still works."
		if errors.Is(err, errNoStore) {
			msg = "This server keeps no reports, so it has no trends to show."
		}
		s.renderPage(w, http.StatusServiceUnavailable, "problem", pageData{Title: "We cannot show the trends", Problem: msg, CSRF: s.csrfToken(w, r)})
		return
	}
	v := &trendsView{MinPeople: tr.MinPeople, Month: tr.Month.Format("January 2006")}
	v.Charts = []chartView{
		newChart("scans", "Messages checked, by what they looked like, per week", scanSeries, tr.Weeks, func(w store.Week) map[string]int { return w.Scans }),
		newChart("reports", "Numbers and websites reported, by kind of scam, per week", reportSeries, tr.Weeks, func(w store.Week) map[string]int { return w.Reports }),
	}
	for _, k := range []struct{ kind, title string }{
		{store.Phone, "Phone numbers reported most this month"},
		{store.Domain, "Websites reported most this month"},
		{store.RemoteID, "Remote-access addresses reported most this month"},
	} {
		v.Top = append(v.Top, topView{Title: k.title, Kind: k.kind, Items: tr.Top[k.kind]})
	}
	s.renderPage(w, http.StatusOK, "trends", pageData{Title: "Trends", Trends: v})
}

// handleTrendsCSV gives the trends as CSV: ?table=weeks (the default)
// or ?table=top.
func (s *server) handleTrendsCSV(w http.ResponseWriter, r *http.Request) {
	table := r.URL.Query().Get("table")
	if table != "" && table != "weeks" && table != "top" {
		s.refuse(w, fail(http.StatusBadRequest, "bad_request", "table must be weeks or top"))
		return
	}
	tr, err := s.trends(r)
	if err != nil {
		s.refuse(w, err)
		return
	}
	rows := [][]string{{"week_start", "series", "variant", "count"}}
	if table == "top" {
		rows = [][]string{{"month", "kind", "value", "reports", "people"}}
		for _, kind := range store.Kinds {
			for _, t := range tr.Top[kind] {
				rows = append(rows, []string{tr.Month.Format("2006-01"), t.Kind, t.Value, strconv.Itoa(t.Reports), strconv.Itoa(t.People)})
			}
		}
	} else {
		table = "weeks"
		for _, wk := range tr.Weeks {
			for _, sn := range scanSeries {
				rows = append(rows, []string{wk.Start.Format(time.DateOnly), "scans", sn.key, strconv.Itoa(wk.Scans[sn.key])})
			}
			for _, sn := range reportSeries {
				rows = append(rows, []string{wk.Start.Format(time.DateOnly), "reports", sn.key, strconv.Itoa(wk.Reports[sn.key])})
			}
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="scamscan-trends-`+table+`.csv"`)
	csv.NewWriter(w).WriteAll(rows)
}
