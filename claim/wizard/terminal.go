package wizard

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scamscan/scamscan/claim"
)

// ErrStopped is returned when the input ends before the last question.
var ErrStopped = errors.New("the answers stopped before the last question, so no letter was written")

// Interview asks the questions on a terminal, one at a time. "back" goes
// to the previous question; Enter keeps an answer already given.
func Interview(in io.Reader, out io.Writer, facts claim.Facts, today time.Time) (State, error) {
	s := State{}
	lines := bufio.NewScanner(in)
	fmt.Fprintln(out, `Answer each question and press Enter. Type "back" to go to the previous question.`)
	for pos := 0; ; {
		qs := Questions(s, facts)
		if pos >= len(qs) {
			return s, nil
		}
		q := qs[pos]
		fmt.Fprintf(out, "\n%d. %s\n", pos+1, q.Ask)
		if q.Hint != "" {
			fmt.Fprintf(out, "   %s\n", q.Hint)
		}
		for n, o := range q.Choices {
			fmt.Fprintf(out, "   %d  %s\n", n+1, o.Label)
		}
		switch q.Kind {
		case YesNo:
			fmt.Fprintln(out, "   (yes or no)")
		case Date:
			fmt.Fprintln(out, "   (a date, like 20/11/2026)")
		}
		old, answered := s[q.ID]
		if answered && old != "" {
			fmt.Fprintf(out, "   Your answer was %q; press Enter to keep it.\n", old)
		}
		fmt.Fprint(out, "> ")
		if !lines.Scan() {
			if err := lines.Err(); err != nil {
				return s, err
			}
			return s, ErrStopped
		}
		input := strings.TrimSpace(lines.Text())
		switch {
		case strings.EqualFold(input, "back"):
			pos = max(0, pos-1)
			continue
		case input == "" && answered && old != "":
			pos++
			continue
		}
		v, err := Check(q, input, today)
		if err != nil {
			fmt.Fprintf(out, "   Sorry: %v.\n", err)
			continue
		}
		s[q.ID] = v
		pos++
	}
}
