package store

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Trends are what the trends page draws: scans and reports per week by
// variant, and the numbers, sites and remote addresses most reported this
// month.
type Trends struct {
	Weeks []Week
	// Top lists, per kind, the most reported values this month, each
	// reported by at least MinPeople people.
	Top       map[string][]Top
	MinPeople int
	Month     time.Time // the first day of this month
}

// Week is one week's counts by variant; Start is its Monday.
type Week struct {
	Start   time.Time
	Scans   map[string]int
	Reports map[string]int
}

// Top is one value's reports this month, and its distinct reporters.
type Top struct {
	Kind    string `json:"kind"`
	Value   string `json:"value"`
	Reports int    `json:"reports"`
	People  int    `json:"people"`
}

// topPerKind bounds each top list.
const topPerKind = 10

// monday is the start (UTC) of the week holding t.
func monday(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Trends gathers the last weeks weeks up to now. Values reported by fewer
// than minPeople people are left out of the top lists, so one person
// cannot put a number there.
func (d *DB) Trends(ctx context.Context, now time.Time, weeks, minPeople int) (Trends, error) {
	first := monday(now).AddDate(0, 0, -7*(weeks-1))
	tr := Trends{MinPeople: minPeople, Top: map[string][]Top{}}
	now = now.UTC()
	tr.Month = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	index := map[time.Time]int{}
	for i := range weeks {
		start := first.AddDate(0, 0, 7*i)
		index[start] = i
		tr.Weeks = append(tr.Weeks, Week{Start: start, Scans: map[string]int{}, Reports: map[string]int{}})
	}
	count := func(query string, into func(*Week) map[string]int) error {
		rows, err := d.db.QueryContext(ctx, d.q(query), day(first))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var when, variant string
			var n int
			if err := rows.Scan(&when, &variant, &n); err != nil {
				return err
			}
			t, err := time.Parse(time.DateOnly, when)
			if i, ok := index[monday(t)]; ok && err == nil {
				into(&tr.Weeks[i])[variant] += n
			}
		}
		return rows.Err()
	}
	if err := count(`SELECT day, variant, scans FROM scan_counts WHERE day >= ?`, func(w *Week) map[string]int { return w.Scans }); err != nil {
		return Trends{}, d.wrap(err)
	}
	if err := count(`SELECT day, variant, COUNT(*) FROM report_log WHERE day >= ? GROUP BY day, variant`, func(w *Week) map[string]int { return w.Reports }); err != nil {
		return Trends{}, d.wrap(err)
	}
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT l.kind, l.value, COUNT(*),
		(SELECT COUNT(*) FROM reporters r WHERE r.kind = l.kind AND r.value = l.value)
		FROM report_log l WHERE l.day >= ? GROUP BY l.kind, l.value`), day(tr.Month))
	if err != nil {
		return Trends{}, d.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Top
		if err := rows.Scan(&t.Kind, &t.Value, &t.Reports, &t.People); err != nil {
			return Trends{}, d.wrap(err)
		}
		if t.People >= minPeople {
			tr.Top[t.Kind] = append(tr.Top[t.Kind], t)
		}
	}
	if err := rows.Err(); err != nil {
		return Trends{}, d.wrap(err)
	}
	for kind, list := range tr.Top {
		sort.Slice(list, func(i, j int) bool {
			if list[i].Reports != list[j].Reports {
				return list[i].Reports > list[j].Reports
			}
			return list[i].Value < list[j].Value
		})
		tr.Top[kind] = list[:min(len(list), topPerKind)]
	}
	return tr, nil
}

// CountScans adds n scans of a variant on a day, for trends.
func (d *DB) CountScans(ctx context.Context, at time.Time, variant string, n int) error {
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO scan_counts (day, variant, scans) VALUES (?, ?, ?)
		ON CONFLICT (day, variant) DO UPDATE SET scans = scan_counts.scans + excluded.scans`), day(at), variant, n)
	return d.wrap(err)
}

// Tally counts scans in memory and writes them in batches: a busy server
// would otherwise write to the store once per scan. It is safe for
// concurrent use.
type Tally struct {
	mu     sync.Mutex
	counts map[tallyKey]int
}

type tallyKey struct {
	day     time.Time
	variant string
}

// Add counts one scan.
func (t *Tally) Add(at time.Time, variant string) {
	u := at.UTC()
	k := tallyKey{time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC), variant}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counts == nil {
		t.counts = map[tallyKey]int{}
	}
	t.counts[k]++
}

// Flush writes the counts so far. Counts that could not be written are
// kept for the next flush, so a store that is down loses none.
func (t *Tally) Flush(ctx context.Context, d *DB) error {
	t.mu.Lock()
	pending := t.counts
	t.counts = nil
	t.mu.Unlock()
	var firstErr error
	for k, n := range pending {
		if err := d.CountScans(ctx, k.day, k.variant, n); err != nil {
			firstErr = err
			t.mu.Lock()
			if t.counts == nil {
				t.counts = map[tallyKey]int{}
			}
			t.counts[k] += n
			t.mu.Unlock()
		}
	}
	return firstErr
}
