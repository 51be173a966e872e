package scanner

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/synth"
)

// BenchmarkScan scans a small synthetic account (a twentieth of issue 7's:
// 17 regions, 500 security groups, 50 buckets, ...) over loopback. Without
// latency it measures what a scan costs in CPU on both sides; with 20 ms a
// request it reports wall time over the lower bound calls × latency ÷
// concurrency. The large account is measured by internal/cmd/bench.
//
//	go test ./scanner -run '^$' -bench Scan -benchtime 3x
func BenchmarkScan(b *testing.B) {
	acct := synth.Account(1, synth.Large().Scale(0.05))
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run("latency="+latency.String(), func(b *testing.B) {
			b.ReportAllocs()
			var calls int
			var wall time.Duration
			for b.Loop() {
				// A fresh endpoint each time: its credential report
				// starts unbuilt, as in a first scan.
				hs := httptest.NewServer(emulator.New(acct, emulator.Options{Latency: latency}))
				start := time.Now()
				inv := Scan(context.Background(), testConfig(hs.URL), Options{})
				wall += time.Since(start)
				hs.Close()
				if !inv.Complete() {
					b.Fatalf("scan incomplete: %v", inv.Errors)
				}
				calls = 0
				for _, n := range inv.APICalls {
					calls += n
				}
			}
			b.ReportMetric(float64(calls), "calls/op")
			if latency > 0 {
				bound := time.Duration(calls) * latency / DefaultConcurrency
				b.ReportMetric(wall.Seconds()/float64(b.N)/bound.Seconds(), "wall/bound")
			}
		})
	}
}

// BenchmarkCompact is the compactor's pass over a whole account of about
// 47,000 resources (scale 1), every string copied or shared as a scan does
// it over the course of its collection; it reports the cost per resource.
//
//	go test ./scanner -run '^$' -bench Compact
func BenchmarkCompact(b *testing.B) {
	inv := synth.Account(1, synth.Large())
	resources := synth.Count(inv)
	b.ReportAllocs()
	for b.Loop() {
		newCompactor().finish(inv)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(resources), "ns/resource")
}
