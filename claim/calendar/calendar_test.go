package calendar

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddBusinessDays(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, from string
		n          int
		region     string
		want       string
	}{
		{"an ordinary week", "2026-11-16", 5, EnglandAndWales, "2026-11-23"},
		{"over a weekend", "2026-11-20", 1, EnglandAndWales, "2026-11-23"},
		// Christmas 2026: Friday 25th, Boxing Day moves to Monday 28th, then New Year.
		{"Christmas", "2026-12-23", 5, EnglandAndWales, "2027-01-04"},
		// Easter 2026: Good Friday 3 April everywhere; Easter Monday not in Scotland.
		{"Easter, England", "2026-04-02", 1, EnglandAndWales, "2026-04-07"},
		{"Easter, Scotland", "2026-04-02", 1, Scotland, "2026-04-06"},
		// Regional days.
		{"2 January, Scotland", "2025-12-31", 1, Scotland, "2026-01-05"},
		{"2 January, England", "2025-12-31", 1, EnglandAndWales, "2026-01-02"},
		{"St Andrew's Day, Scotland", "2026-11-27", 1, Scotland, "2026-12-01"},
		{"St Patrick's Day, Northern Ireland", "2026-03-16", 1, NorthernIreland, "2026-03-18"},
		{"Battle of the Boyne, Northern Ireland", "2026-07-10", 1, NorthernIreland, "2026-07-14"},
		{"Battle of the Boyne, England", "2026-07-10", 1, EnglandAndWales, "2026-07-13"},
		{"summer, Scotland (first Monday of August)", "2026-07-31", 1, Scotland, "2026-08-04"},
		{"summer, England (last Monday of August)", "2026-08-28", 1, EnglandAndWales, "2026-09-01"},
	}
	for _, tc := range cases {
		got, err := c.AddBusinessDays(date(tc.from), tc.n, tc.region)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.Format(time.DateOnly) != tc.want {
			t.Errorf("%s: %d business days after %s = %s, want %s", tc.name, tc.n, tc.from, got.Format(time.DateOnly), tc.want)
		}
	}
}

func TestOutsideTheKnownYearsFailsClearly(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddBusinessDays(date("2027-12-30"), 5, EnglandAndWales)
	if !errors.Is(err, ErrOutOfRange) || !strings.Contains(err.Error(), "2024 to 2027") {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.IsBusinessDay(date("2026-01-05"), "wales"); err == nil {
		t.Fatal("an unknown region was accepted")
	}
}

func TestParseRefusesBadData(t *testing.T) {
	for _, bad := range []string{
		`{"source": "x", "first_year": 2026, "last_year": 2026, "regions": {"england-and-wales": ["2026-13-01"], "scotland": [], "northern-ireland": []}}`,
		`{"source": "x", "first_year": 2026, "last_year": 2026, "regions": {"england-and-wales": ["2027-01-01"], "scotland": [], "northern-ireland": []}}`,
		`{"source": "x", "first_year": 2026, "last_year": 2026, "regions": {"england-and-wales": ["2026-12-26"], "scotland": [], "northern-ireland": []}}`,
		`{"source": "x", "first_year": 2026, "last_year": 2026, "regions": {"england-and-wales": []}}`,
		`{"first_year": 2026, "last_year": 2026}`,
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// TestDataMatchesTheRules derives each year's holidays from the rules that
// make them (Easter, first and last Mondays, weekend substitutes) and
// compares them with the data, to catch a mistyped date. A one-off holiday
// (a coronation, a jubilee) would be added here as well as to the data.
func TestDataMatchesTheRules(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for year := c.FirstYear; year <= c.LastYear; year++ {
		easter := easterSunday(year)
		common := []time.Time{easter.AddDate(0, 0, -2), firstMonday(year, time.May), lastMonday(year, time.May)}
		ew := append(common, newYear(year), easter.AddDate(0, 0, 1), lastMonday(year, time.August))
		ew = append(ew, christmas(year)...)
		sc := append(common, newYear(year), secondJanuary(year), firstMonday(year, time.August), substitute(date(fmt.Sprintf("%d-11-30", year))))
		sc = append(sc, christmas(year)...)
		ni := append(ew, substitute(date(fmt.Sprintf("%d-03-17", year))), substitute(date(fmt.Sprintf("%d-07-12", year))))
		for region, want := range map[string][]time.Time{EnglandAndWales: ew, Scotland: sc, NorthernIreland: ni} {
			got := 0
			for _, d := range want {
				if !c.holidays[region][d.Format(time.DateOnly)] {
					t.Errorf("%s %d: %s is missing from the data", region, year, d.Format(time.DateOnly))
				}
			}
			for d := range c.holidays[region] {
				if strings.HasPrefix(d, fmt.Sprint(year)) {
					got++
				}
			}
			if got != len(want) {
				t.Errorf("%s %d: the data has %d holidays, the rules give %d", region, year, got, len(want))
			}
		}
	}
}

// easterSunday by the anonymous Gregorian algorithm.
func easterSunday(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

func firstMonday(y int, m time.Month) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func lastMonday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// substitute moves a weekend holiday to the next Monday.
func substitute(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

func newYear(y int) time.Time { return substitute(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) }

// secondJanuary follows New Year: if New Year's substitute takes Monday,
// 2 January's moves on.
func secondJanuary(y int) time.Time {
	d := time.Date(y, 1, 2, 0, 0, 0, 0, time.UTC)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || d.Equal(newYear(y)) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// christmas gives Christmas Day and Boxing Day, each moved off a weekend
// and off the other.
func christmas(y int) []time.Time {
	xmas := substitute(time.Date(y, 12, 25, 0, 0, 0, 0, time.UTC))
	boxing := time.Date(y, 12, 26, 0, 0, 0, 0, time.UTC)
	for boxing.Weekday() == time.Saturday || boxing.Weekday() == time.Sunday || boxing.Equal(xmas) {
		boxing = boxing.AddDate(0, 0, 1)
	}
	return []time.Time{xmas, boxing}
}
