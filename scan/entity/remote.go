package entity

import (
	"regexp"
	"strings"
)

// RemoteID is a remote-access tool's address as written ("AnyDesk ID
// 123 456 789"): the scammer's own, when a script asks the person to
// connect to it, or the one a victim was told to read out.
type RemoteID struct {
	Text string `json:"text"`
	// Value is the tool and the digits, as "anydesk:123456789".
	Value string `json:"value"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// remoteIDPattern: a tool's name, a few words such as "ID is", then 6 to 12
// digits, perhaps grouped with spaces or dashes. Go's regexp runs in linear
// time, so a long text cannot make it slow.
var remoteIDPattern = regexp.MustCompile(`(?i)\b(any ?desk|team ?viewer|rust ?desk|ultra ?viewer|supremo)\b[\s:#.\-]*(?:(?:id|address|code|number|no|session|connection|is|was|my|our|the|your)\b[\s:#.\-]*){0,4}(\d(?:[ \-]?\d){5,11})\b`)

// RemoteIDs finds remote-access addresses named with their tool.
func RemoteIDs(s string) []RemoteID {
	var out []RemoteID
	for _, m := range remoteIDPattern.FindAllStringSubmatchIndex(s, -1) {
		if ps := Phones(s[m[4]:m[5]]); len(ps) > 0 && ps[0].E164 != "" && ps[0].UK {
			continue // "TeamViewer, our number is 0808 157 0412": a phone
		}
		tool := strings.ToLower(strings.ReplaceAll(s[m[2]:m[3]], " ", ""))
		digits := strings.NewReplacer(" ", "", "-", "").Replace(s[m[4]:m[5]])
		out = append(out, RemoteID{Text: s[m[0]:m[1]], Value: tool + ":" + digits, Start: m[0], End: m[1]})
	}
	return out
}
