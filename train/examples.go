package train

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/scamscan/scamscan/evaluate"
	"github.com/scamscan/scamscan/intake"
	"github.com/scamscan/scamscan/scan"
)

// Read turns labelled items into examples: each item is read as the scan
// would read it (an email's text, a page's visible words), and an mbox
// gives one example per message. It works on every core and keeps the
// items' order, so the result is the same on every run.
func Read(ctx context.Context, eng *scan.Engine, items []evaluate.Item, source string, bulk bool) ([]Example, error) {
	parts := make([][]Example, len(items))
	errs := make([]error, len(items))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				parts[i], errs[i] = readOne(ctx, eng, items[i], source, bulk)
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Example
	for i := range items {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", items[i].Name, errs[i])
		}
		out = append(out, parts[i]...)
	}
	return out, nil
}

func readOne(ctx context.Context, eng *scan.Engine, it evaluate.Item, source string, bulk bool) ([]Example, error) {
	docs, err := intake.Read(ctx, it.Data, intake.Options{Channel: it.Channel})
	if err != nil {
		return nil, err
	}
	out := make([]Example, len(docs))
	for i, p := range docs {
		out[i] = Example{Name: it.Name, Scam: it.Label == evaluate.LabelScam, Input: eng.ModelInput(p.Doc), Source: source, Bulk: bulk}
	}
	return out, nil
}
