package wizard

import (
	"slices"
	"strings"

	"github.com/scamscan/scamscan/scan"
)

// FromResult starts the answers with what a scan already knows: how they
// made contact, the numbers, sites and remote-access tool the message
// names, and whether it told the over-refund story. The person still sees
// and can change each answer.
func FromResult(r scan.Result) State {
	s := State{}
	if scan.Rank(r.Verdict) < scan.Rank(scan.Suspicious) {
		return s
	}
	s["story.claimed"] = "Microsoft"
	contact := map[string]string{"call": "a phone call", "popup": "a pop-up warning on my computer", "email": "an email", "sms": "a text message"}
	if c := contact[r.Channel]; c != "" {
		s["story.contacted_by"] = c
	} else if c := contact[map[string]string{scan.ColdCall: "call", scan.Popup: "popup"}[r.Variant]]; c != "" {
		s["story.contacted_by"] = c
	}
	var phones, sites []string
	for _, p := range r.Entities.Phones {
		if p.Service == "" && !slices.Contains(phones, p.Text) {
			phones = append(phones, p.Text)
		}
	}
	for _, d := range r.Entities.Domains {
		if !d.Microsoft && !slices.Contains(sites, d.Domain) {
			sites = append(sites, d.Domain)
		}
	}
	if len(phones) > 0 {
		s["story.phones"] = strings.Join(phones, ", ")
	}
	if len(sites) > 0 {
		s["story.sites"] = strings.Join(sites, ", ")
	}
	if len(r.Entities.RemoteTools) > 0 {
		s["story.remote_tool"] = r.Entities.RemoteTools[0].Name
	}
	if r.Variant == scan.Refund {
		s["story.over_refund"] = "yes"
	}
	return s
}
