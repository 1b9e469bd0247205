package phrase

import (
	"reflect"
	"testing"
)

func find(t *testing.T, phrases []string, joined string) []Match {
	t.Helper()
	m, err := Compile(phrases)
	if err != nil {
		t.Fatal(err)
	}
	var got []Match
	m.Find(joined, func(x Match) { got = append(got, x) })
	return got
}

func TestFindWholeWordsOnly(t *testing.T) {
	got := find(t, []string{"any desk", "desk", "ms"}, " my any desk is a desktop msft ")
	want := []Match{{0, 4, 12}, {1, 8, 12}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestFindPrefixAndOverlaps(t *testing.T) {
	got := find(t, []string{"infect*", "is infected", "infected"}, " pc is infected ")
	want := []Match{{0, 7, 13}, {1, 4, 15}, {2, 7, 15}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestCompileRefusesBadPhrases(t *testing.T) {
	for _, p := range []string{"", "Upper", "two  spaces", " lead", "pun.ct"} {
		if _, err := Compile([]string{p}); err == nil {
			t.Errorf("Compile(%q) accepted a bad phrase", p)
		}
	}
}
