package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusTexts reads every message of the labelled corpus.
func corpusTexts(b *testing.B) ([]string, int) {
	paths, err := filepath.Glob("../testdata/corpus/*/*.txt")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no corpus: %v", err)
	}
	var texts []string
	total := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		total += len(data)
	}
	return texts, total
}

// BenchmarkScanCorpus scans the whole corpus once per iteration, with every
// rule on, with the text model and with rules alone. MB/s is plain text
// per core; msgs/s and allocs are per message.
func BenchmarkScanCorpus(b *testing.B) {
	b.Run("rules+model", func(b *testing.B) { benchmarkCorpus(b, true) })
	b.Run("rules", func(b *testing.B) { benchmarkCorpus(b, false) })
}

func benchmarkCorpus(b *testing.B, withModel bool) {
	e, err := New("")
	if err != nil {
		b.Fatal(err)
	}
	if !withModel {
		e.UseModel(nil)
	}
	texts, total := corpusTexts(b)
	ctx := context.Background()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			if _, err := e.Scan(ctx, Document{Text: t}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(b.N*len(texts)), "msgs")
}

// BenchmarkCompile measures start-up: loading and compiling the catalogue.
func BenchmarkCompile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanLongText scans the whole corpus joined into one document:
// throughput per byte, without the fixed cost of each small message.
func BenchmarkScanLongText(b *testing.B) {
	e, err := New("")
	if err != nil {
		b.Fatal(err)
	}
	texts, total := corpusTexts(b)
	var sb strings.Builder
	for _, t := range texts {
		sb.WriteString(t)
		sb.WriteString("\n\n")
	}
	doc := Document{Text: sb.String()}
	ctx := context.Background()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Scan(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}
