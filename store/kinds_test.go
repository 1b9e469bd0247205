package store_test

import (
	"errors"
	"testing"

	"github.com/scamscan/scamscan/store"
)

func TestGuessTellsNumbersSitesAndRemoteAddressesApart(t *testing.T) {
	for value, want := range map[string][2]string{
		"0808 157 0412":                   {store.Phone, "+448081570412"},
		"https://www.ms-alert-help.com/x": {store.Domain, "ms-alert-help.com"},
		"AnyDesk 123 456 789":             {store.RemoteID, "anydesk:123456789"},
		"anydesk:123456789":               {store.RemoteID, "anydesk:123456789"},
	} {
		kind, got, err := store.Guess(value)
		if err != nil || kind != want[0] || got != want[1] {
			t.Errorf("Guess(%q) = %s %s %v, want %v", value, kind, got, err, want)
		}
	}
	if _, _, err := store.Guess("my neighbour"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Guess of plain words: %v, want ErrInvalid", err)
	}
}

// FuzzGuess feeds any text to the value reader: it must not panic, and a
// value it accepts must read back as itself, so one number or site is
// always kept under one name.
func FuzzGuess(f *testing.F) {
	for _, s := range []string{"0808 157 0412", "+44 (0) 20 7946 0321", "https://www.ms-alert-help.com/x", "AnyDesk ID: 123 456 789", "anydesk:123456789", "xn--e1a.com", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		kind, got, err := store.Guess(value)
		if err != nil {
			return
		}
		again, err := store.Normalise(kind, got)
		if err != nil || again != got {
			t.Fatalf("%q read as %s %q, which reads back as %q (%v)", value, kind, got, again, err)
		}
	})
}
