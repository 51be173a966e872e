package checks

import (
	"testing"

	"github.com/srmscan/srmscan/internal/synth"
)

// BenchmarkRun100k evaluates the whole catalogue over a synthetic account
// of about 100,000 resources (issue 7's large account, scaled up), which is
// what one `srmscan scan` of a very large account asks of the checks.
//
//	go test ./checks -run '^$' -bench Run100k -benchtime 3x
func BenchmarkRun100k(b *testing.B) {
	sz := synth.Large()
	inv := synth.Account(1, sz.Scale(100000/float64(synth.Count(synth.Account(1, sz)))))
	list, cfg := All(), DefaultConfig()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Run(inv, list, cfg))
	}
	b.ReportMetric(float64(synth.Count(inv)), "resources")
	b.ReportMetric(float64(n), "findings")
}
