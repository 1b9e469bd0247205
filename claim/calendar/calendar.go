// Package calendar counts UK business days: weekdays that are not bank
// holidays, which differ between England and Wales, Scotland and Northern
// Ireland. Claim deadlines ("a decision within 5 business days") are
// counted with it. The holidays are data (bankholidays.json) with their
// source and the years they cover; a date outside those years is an error,
// never a silently wrong answer.
package calendar

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"time"
)

// Regions with their own bank holidays.
const (
	EnglandAndWales = "england-and-wales"
	Scotland        = "scotland"
	NorthernIreland = "northern-ireland"
)

// Calendar knows the bank holidays of each region for a span of years.
type Calendar struct {
	Source, Checked     string
	FirstYear, LastYear int
	holidays            map[string]map[string]bool // region -> "2026-12-25" -> true
}

//go:embed bankholidays.json
var holidaysJSON []byte

// Default is the embedded calendar.
func Default() (*Calendar, error) { return Parse(holidaysJSON) }

// Parse reads a calendar and checks that every date is in its years.
func Parse(data []byte) (*Calendar, error) {
	var raw struct {
		Source    string              `json:"source"`
		Checked   string              `json:"checked"`
		FirstYear int                 `json:"first_year"`
		LastYear  int                 `json:"last_year"`
		Regions   map[string][]string `json:"regions"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("bank holidays: %w", err)
	}
	if raw.Source == "" || raw.FirstYear == 0 || raw.LastYear < raw.FirstYear {
		return nil, fmt.Errorf("bank holidays: need a source and first_year <= last_year")
	}
	c := &Calendar{Source: raw.Source, Checked: raw.Checked, FirstYear: raw.FirstYear, LastYear: raw.LastYear, holidays: map[string]map[string]bool{}}
	for _, region := range []string{EnglandAndWales, Scotland, NorthernIreland} {
		dates, ok := raw.Regions[region]
		if !ok {
			return nil, fmt.Errorf("bank holidays: no dates for %s", region)
		}
		c.holidays[region] = map[string]bool{}
		for _, d := range dates {
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				return nil, fmt.Errorf("bank holidays: %s: %q is not a date (YYYY-MM-DD)", region, d)
			}
			if t.Year() < c.FirstYear || t.Year() > c.LastYear {
				return nil, fmt.Errorf("bank holidays: %s: %s is outside %d to %d", region, d, c.FirstYear, c.LastYear)
			}
			if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
				return nil, fmt.Errorf("bank holidays: %s: %s is a weekend day; list the substitute day instead", region, d)
			}
			c.holidays[region][d] = true
		}
	}
	return c, nil
}

// ErrOutOfRange wraps errors about dates the calendar does not cover.
var ErrOutOfRange = fmt.Errorf("outside the years whose bank holidays are known")

// IsBusinessDay reports whether day is a business day in region.
func (c *Calendar) IsBusinessDay(day time.Time, region string) (bool, error) {
	hol, ok := c.holidays[region]
	if !ok {
		return false, fmt.Errorf("unknown region %q (use %s, %s or %s)", region, EnglandAndWales, Scotland, NorthernIreland)
	}
	if y := day.Year(); y < c.FirstYear || y > c.LastYear {
		return false, fmt.Errorf("%s is %w (%d to %d); the deadline cannot be counted", day.Format("2 January 2006"), ErrOutOfRange, c.FirstYear, c.LastYear)
	}
	if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false, nil
	}
	return !hol[day.Format(time.DateOnly)], nil
}

// AddBusinessDays returns the date n business days after day (day itself
// not counted): the last day of a deadline of n business days from day.
func (c *Calendar) AddBusinessDays(day time.Time, n int, region string) (time.Time, error) {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		ok, err := c.IsBusinessDay(d, region)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}
