package wizard

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/claim"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func facts(t *testing.T) claim.Facts {
	t.Helper()
	f, err := claim.DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func ids(qs []Question) string {
	var out []string
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return strings.Join(out, " ")
}

func TestQuestionsFollowTheAnswers(t *testing.T) {
	f := facts(t)
	card := ids(Questions(State{"p1.method": "credit_card"}, f))
	if !strings.Contains(card, "p1.card_last4") || strings.Contains(card, "sort_code") || strings.Contains(card, "p1.to_uk_account") {
		t.Errorf("a card payment asks about the card, not the bank account: %s", card)
	}
	transfer := ids(Questions(State{"p1.method": "faster_payment"}, f))
	for _, want := range []string{"p1.to_uk_account", "p1.to_own_account", "claimant", "vulnerable", "sort_code", "account_number"} {
		if !strings.Contains(transfer, want) {
			t.Errorf("a bank transfer must ask %s: %s", want, transfer)
		}
	}
	if strings.Contains(transfer, "vulnerable_why") || !strings.Contains(ids(Questions(State{"p1.method": "chaps", "vulnerable": "yes"}, f)), "vulnerable_why") {
		t.Error("why they were vulnerable is asked only when they say they were")
	}
	two := ids(Questions(State{"p1.method": "gift_card", "p1.more": "yes"}, f))
	if !strings.Contains(two, "p1.codes_given") || !strings.Contains(two, "p2.method") || strings.Contains(two, "p3.method") {
		t.Errorf("another payment adds one payment's questions: %s", two)
	}
}

func TestCheckReadsAnswersAsPeopleTypeThem(t *testing.T) {
	cases := []struct {
		q          Question
		in, want   string
		wantErrHas string
	}{
		{Question{Kind: Date}, "20/11/2026", "2026-11-20", ""},
		{Question{Kind: Date}, "2026-11-20", "2026-11-20", ""},
		{Question{Kind: Date}, "24/11/2026", "", "has not come yet"},
		{Question{Kind: Date}, "next tuesday", "", "like 20/11/2026"},
		{Question{Kind: Money}, "£1,250.5", "1250.50", ""},
		{Question{Kind: Money}, "-3", "", "in pounds"},
		{Question{Kind: Money}, "NaN", "", "in pounds"},
		{Question{Kind: YesNo}, "Y", "yes", ""},
		{Question{Kind: YesNo}, "maybe", "", "yes or no"},
		{Question{Kind: Choice, Choices: Regions}, "2", "scotland", ""},
		{Question{Kind: Choice, Choices: Regions}, "Northern Ireland", "northern-ireland", ""},
		{Question{Kind: Choice, Choices: Regions}, "7", "", "one of the 3"},
		{Question{ID: "sort_code", Kind: Text}, "123456", "12-34-56", ""},
		{Question{ID: "sort_code", Kind: Text}, "12-34-5", "", "6 digits"},
		{Question{ID: "p1.card_last4", Kind: Text, Optional: true}, "44172", "", "last 4 digits"},
		{Question{ID: "name", Kind: Text}, "  ", "", "please answer"},
		{Question{ID: "story.phones", Kind: Text, Optional: true}, "", "", ""},
	}
	for _, c := range cases {
		got, err := Check(c.q, c.in, today)
		if c.wantErrHas != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErrHas) {
				t.Errorf("%q: error %v, want one saying %q", c.in, err, c.wantErrHas)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// script answers every question of a bank transfer and a gift card.
var script = []string{
	"1", "10/11/2026", "4500", "Co-operative Bank", "J Smith", "", "yes", "no", "yes", // a transfer, and another payment
	"5", "20/11/2026", "200", "Steam", "yes", "", "no", // gift cards
	"1", "Microsoft", "020 7946 0321", "", "AnyDesk", "yes", "no", "", // the story
	"21/11/2026", "NFRC2611210001", // reported
	"1", "yes", "I am 84 and live alone", // claimant, vulnerable
	"Mary Evans", "12 Station Road, Leeds", "12-34-56", "12345678", "1",
}

func TestInterviewBuildsTheAnswers(t *testing.T) {
	f := facts(t)
	// A wrong answer is asked again; "back" returns to the question before.
	in := append([]string{"1", "yesterday-ish", "back", "1"}, script[1:]...)
	var out bytes.Buffer
	s, err := Interview(strings.NewReader(strings.Join(in, "\n")+"\n"), &out, f, today)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Sorry: please give the date like 20/11/2026") {
		t.Errorf("a bad date must be explained and asked again:\n%s", out.String())
	}
	a, err := Answers(s, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Payments) != 2 || a.Payments[0].Method != "faster_payment" || a.Payments[0].Amount != 4500 || !a.Payments[0].ToUKAccount ||
		a.Payments[1].Method != "gift_card" || a.Payments[1].Issuer != "Steam" || !a.Payments[1].CodesGiven {
		t.Errorf("payments: %+v", a.Payments)
	}
	if !a.Vulnerable || a.VulnerableWhy != "I am 84 and live alone" || a.SortCode != "12-34-56" || a.Story.RemoteTool != "AnyDesk" ||
		a.Region != "england-and-wales" || a.Story.Phones[0] != "020 7946 0321" || a.CrimeRef != "NFRC2611210001" {
		t.Errorf("answers: %+v", a)
	}
}

func TestInterviewStopsClearlyWhenInputEnds(t *testing.T) {
	_, err := Interview(strings.NewReader("1\n10/11/2026\n"), &bytes.Buffer{}, facts(t), today)
	if !errors.Is(err, ErrStopped) {
		t.Errorf("got %v, want ErrStopped", err)
	}
}

func TestChangedAnswersDropWhatNoLongerApplies(t *testing.T) {
	f := facts(t)
	var out bytes.Buffer
	s, err := Interview(strings.NewReader(strings.Join(script, "\n")+"\n"), &out, f, today)
	if err != nil {
		t.Fatal(err)
	}
	// The person goes back and says the first payment was by debit card.
	s["p1.method"] = "debit_card"
	if _, missing := Unanswered(s, f); !missing {
		t.Fatal("the card's questions must now be asked")
	}
	for _, q := range Questions(s, f) {
		if _, ok := s[q.ID]; !ok {
			s[q.ID] = map[Kind]string{YesNo: "no", Text: "x"}[q.Kind]
		}
	}
	a, err := Answers(s, f)
	if err != nil {
		t.Fatal(err)
	}
	if p := a.Payments[0]; p.Method != "card" || p.Card != "debit" || p.PayeeName != "x" || p.ToUKAccount {
		t.Errorf("the transfer's answers must not leak into the card payment: %+v", p)
	}
	if a.Vulnerable || a.SortCode != "" || a.Claimant != "consumer" {
		t.Errorf("with no transfer left, the transfer-only answers must not be used: %+v", a)
	}
}
