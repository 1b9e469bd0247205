package claim

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database
)

// london is where the UK's calendar days turn over. The tzdata import
// embeds the zone, so a machine without it still counts days right.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}()

// Today is the UK date at the instant now, as midnight UTC: just after
// midnight in summer, the UK is already on the next day.
func Today(now time.Time) time.Time {
	y, m, d := now.In(london).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// claimDay is the day the claim is made: the answers' claim_date, or today.
func claimDay(a Answers, today time.Time) (time.Time, error) {
	if a.ClaimDate == "" {
		return time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	d, err := time.Parse(time.DateOnly, a.ClaimDate)
	if err != nil {
		return d, fmt.Errorf("claim_date %q is not a date (YYYY-MM-DD)", a.ClaimDate)
	}
	return d, nil
}
