// Command bench scans a large synthetic account served on loopback with a
// per-request latency, and prints how the scan compares with what the
// account requires: wall time against the concurrency-limited lower bound
// (total calls × latency ÷ concurrency), API calls per operation against
// the minimum that collects the same data, and peak memory.
//
//	go run ./internal/cmd/bench                        # issue 7's account, 20 ms, default concurrency
//	go run ./internal/cmd/bench -scale 0.1 -latency 5ms -concurrency 32
//
// The endpoint runs in a child process (this program, re-run with -serve),
// so the memory measured is the scanner's own: collection, evaluation and
// the JSON report. -inprocess serves from this process instead, for
// profiling both sides together.
//
// It is a developer tool, not part of srmscan: see BENCHMARKS.md.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/report"
	"github.com/srmscan/srmscan/scanner"
)

// flags are shared by the benchmark and its endpoint child.
type flags struct {
	seed        uint64
	scale       float64
	latency     time.Duration
	concurrency int
	serve       bool
	inprocess   bool
	cpuprofile  string
	memprofile  string
	throttle    float64
	errors      float64
	unimpl      string
	// accounts > 0 benchmarks an organization (org.go).
	accounts int
	inFlight int
	// srmscan, when set, is the binary benchOrg and benchBinary run.
	srmscan    string
	binary     bool
	gomemlimit string
	gogc       string
}

func main() {
	var f flags
	flag.Uint64Var(&f.seed, "seed", 1, "seed of the synthetic account")
	flag.Float64Var(&f.scale, "scale", 1, "size of the account as a multiple of issue 7's (10,000 security groups, ...)")
	flag.DurationVar(&f.latency, "latency", 20*time.Millisecond, "delay the endpoint adds to every request, standing for AWS's round trip")
	flag.IntVar(&f.concurrency, "concurrency", scanner.DefaultConcurrency, "the scan's --concurrency")
	flag.Float64Var(&f.throttle, "throttle-rate", 0, "fraction of requests the endpoint answers with its service's throttling error")
	flag.Float64Var(&f.errors, "error-rate", 0, "fraction of requests the endpoint answers with a 500")
	flag.StringVar(&f.unimpl, "unimplemented", "", "a service the endpoint answers as if it did not implement it (a 500 with an HTML page), in every region: e.g. kms")
	flag.BoolVar(&f.inprocess, "inprocess", false, "serve the account from this process (memory then counts the endpoint too)")
	flag.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile of this process to the file")
	flag.StringVar(&f.memprofile, "memprofile", "", "write a heap profile of this process, taken after the scan, to the file")
	flag.BoolVar(&f.serve, "serve", false, "internal: be the endpoint; print its URL, serve until standard input closes, then print what it saw")
	flag.IntVar(&f.accounts, "accounts", 0, "scan an organization of this many copies of the synthetic account instead of one (see org.go)")
	flag.IntVar(&f.inFlight, "accounts-in-flight", scanner.DefaultAccountsInFlight, "with -accounts: accounts collected at once")
	flag.StringVar(&f.srmscan, "srmscan", "", "with -accounts or -binary: the srmscan binary to run (default: built from this tree), e.g. an older build to compare")
	flag.StringVar(&f.gomemlimit, "gomemlimit", "", "with -accounts or -binary: GOMEMLIMIT for the srmscan process alone (e.g. 200MiB)")
	flag.StringVar(&f.gogc, "gogc", "", "with -accounts or -binary: GOGC for the srmscan process alone (e.g. 100, Go's default, which srmscan otherwise sets to 50)")
	flag.BoolVar(&f.binary, "binary", false, "scan the single account with the srmscan binary as its own process (see binary.go) instead of in this one")
	flag.Parse()
	if f.concurrency < 1 || f.scale <= 0 {
		fmt.Fprintln(os.Stderr, "bench: -concurrency must be at least 1 and -scale above 0")
		os.Exit(2)
	}
	var err error
	switch {
	case f.serve:
		err = serve(f)
	case f.accounts > 0:
		err = benchOrg(f)
	case f.binary:
		err = benchBinary(f)
	default:
		err = bench(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// seen is what the endpoint reports once the scan is over.
type seen struct {
	Regions   int                      `json:"regions"`
	Resources int                      `json:"resources"`
	Calls     map[string]int           `json:"calls"`
	Minimum   map[string]synth.Minimum `json:"minimum"`
	PeakRSS   int64                    `json:"peak_rss"`
}

// endpoint serves the synthetic account and, when the scan is done, says
// what it received.
type endpoint struct {
	url    string
	finish func() (seen, error)
}

// serve is the child: the emulator on a free loopback port.
func serve(f flags) error {
	start := startEndpoint
	if f.accounts > 0 {
		start = startOrgEndpoint
	}
	ep, err := start(f)
	if err != nil {
		return err
	}
	fmt.Println(ep.url)
	// The parent closes our standard input when its scan is done (or
	// when it dies), which is the one signal that works everywhere.
	_, _ = io.Copy(io.Discard, os.Stdin)
	s, err := ep.finish()
	if err != nil {
		return err
	}
	s.PeakRSS = peakRSS("self")
	return json.NewEncoder(os.Stdout).Encode(s)
}

func startEndpoint(f flags) (*endpoint, error) {
	acct := synth.Account(f.seed, synth.Large().Scale(f.scale))
	minimum := synth.MinimumCalls(acct)
	resources := synth.Count(acct)
	opts := emulator.Options{Latency: f.latency, ThrottleRate: f.throttle, ServerErrorRate: f.errors, Seed: f.seed}
	if f.unimpl != "" {
		opts.Unimplemented = []emulator.Rule{{Service: f.unimpl}}
	}
	srv := emulator.New(acct, opts)
	url, stop, err := listen(srv)
	if err != nil {
		return nil, err
	}
	return &endpoint{
		url: url,
		finish: func() (seen, error) {
			stop()
			calls := map[string]int{}
			for _, c := range srv.Calls() {
				calls[sdkServiceID(c.Service)+":"+c.Operation]++
			}
			return seen{Regions: len(acct.Regions), Resources: resources, Calls: calls, Minimum: minimum}, nil
		},
	}, nil
}

// listen serves h on a free loopback port.
func listen(h http.Handler) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = hs.Close() }, nil
}

// scanConfig is the SDK configuration of a scan of the endpoint at url,
// with srmscan's retries and fixed, fake credentials.
func scanConfig(url string) aws.Config {
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIASRMSCANBENCH0000", "bench-secret-not-a-real-key", ""),
		BaseEndpoint: aws.String(url),
	}
	scanner.ConfigureRetries(&cfg, scanner.RetryOptions{})
	return cfg
}

// sdkServiceID names an emulator service as the SDK, and so the report's
// api_calls, does.
func sdkServiceID(s string) string {
	if id, ok := scanner.SDKServiceID(s); ok {
		return id
	}
	// A service added to the emulator but not to the scanner shows as a
	// mismatch.
	return "emulator " + s
}

// child starts this program as the endpoint.
func child(f flags) (*endpoint, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-serve", "-seed", fmt.Sprint(f.seed), "-scale", fmt.Sprint(f.scale), "-latency", f.latency.String(),
		"-throttle-rate", fmt.Sprint(f.throttle), "-error-rate", fmt.Sprint(f.errors), "-unimplemented", f.unimpl, "-accounts", fmt.Sprint(f.accounts))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("endpoint did not start: %w", err)
	}
	return &endpoint{
		url: strings.TrimSpace(line),
		finish: func() (seen, error) {
			_ = stdin.Close()
			var s seen
			err := json.NewDecoder(r).Decode(&s)
			if werr := cmd.Wait(); err == nil {
				err = werr
			}
			return s, err
		},
	}, nil
}

func bench(f flags) error {
	if f.cpuprofile != "" {
		out, err := os.Create(f.cpuprofile)
		if err != nil {
			return err
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	var ep *endpoint
	var err error
	if f.inprocess {
		ep, err = startEndpoint(f)
	} else {
		ep, err = child(f)
	}
	if err != nil {
		return err
	}
	ready := time.Since(start)

	cfg := scanConfig(ep.url)
	fl := &flight{}
	cfg.APIOptions = append(cfg.APIOptions, fl.middleware)
	heap := watchHeap()
	defer heap.close()
	begin := time.Now()
	inv := scanner.Scan(context.Background(), cfg, scanner.Options{
		Concurrency: f.concurrency,
		Now:         func() time.Time { return synth.Now.Add(time.Since(begin)) },
	})
	wall := time.Since(begin)
	heapScan := heap.phase()

	// Evaluated and written as scan does: each check's findings spilled
	// to disk as they come, the report streamed from there.
	t := time.Now()
	b, err := report.NewBuilder(report.Tool{Name: "srmscan", Version: "bench"}, "")
	if err != nil {
		return err
	}
	if err := checks.Each(inv, checks.All(), checks.DefaultConfig(), b.Add); err != nil {
		return err
	}
	rep, err := b.Single(inv)
	if err != nil {
		return err
	}
	defer rep.Close()
	evalTime := time.Since(t)
	heapEval := heap.phase()
	t = time.Now()
	cw := &countWriter{}
	if err := report.JSON(cw, rep); err != nil {
		return err
	}
	reportTime := time.Since(t)
	heapReport := heap.phase()

	if f.memprofile != "" {
		out, err := os.Create(f.memprofile)
		if err != nil {
			return err
		}
		runtime.GC()
		err = pprof.WriteHeapProfile(out)
		out.Close()
		if err != nil {
			return err
		}
	}
	s, err := ep.finish()
	if err != nil {
		return fmt.Errorf("reading the endpoint's count: %w", err)
	}

	w := os.Stdout
	where := "a child process"
	if f.inprocess {
		where = "this process"
	}
	fmt.Fprintf(w, "synthetic account: seed %d, scale %g: %d regions, %d resources (endpoint ready in %s, in %s)\n",
		f.seed, f.scale, s.Regions, s.Resources, ready.Round(time.Millisecond), where)
	fmt.Fprintf(w, "latency %s per request, concurrency %d, %d CPUs", f.latency, f.concurrency, runtime.NumCPU())
	if f.throttle > 0 || f.errors > 0 {
		fmt.Fprintf(w, "; %g of requests throttled, %g answered 500", f.throttle, f.errors)
	}
	if f.unimpl != "" {
		fmt.Fprintf(w, "; %s not implemented (500, HTML)", f.unimpl)
	}
	fmt.Fprint(w, "\n\n")

	total := 0
	for _, n := range inv.APICalls {
		total += n
	}
	bound := time.Duration(float64(total) * float64(f.latency) / float64(f.concurrency))
	fmt.Fprintf(w, "scan wall time      %8.2f s\n", wall.Seconds())
	fmt.Fprintf(w, "lower bound         %8.2f s   (%d calls × %s ÷ %d)\n", bound.Seconds(), total, f.latency, f.concurrency)
	if bound > 0 {
		fmt.Fprintf(w, "wall / lower bound  %8.3f\n", wall.Seconds()/bound.Seconds())
	}
	if fl.n > 0 {
		mean := fl.busy / time.Duration(fl.n)
		fmt.Fprintf(w, "  mean call         %8.1f ms  (× %.3f the latency; longest %.0f ms)\n",
			float64(mean)/float64(time.Millisecond), float64(mean)/float64(f.latency), float64(fl.longest)/float64(time.Millisecond))
		fmt.Fprintf(w, "  mean in flight    %8.2f     (of %d; at most %d at once)\n",
			fl.busy.Seconds()/wall.Seconds(), f.concurrency, fl.peak)
	}
	fmt.Fprintf(w, "collection errors   %8d\n", len(inv.Errors))
	for i, e := range inv.Errors {
		if i == 5 {
			fmt.Fprintf(w, "  ... and %d more\n", len(inv.Errors)-5)
			break
		}
		fmt.Fprintf(w, "  %s\n", e.Error())
	}
	fmt.Fprintln(w)
	printCalls(w, inv.APICalls, s, fl.opBusy)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "check evaluation    %8.3f s   (%d checks, %d findings)\n", evalTime.Seconds(), len(checks.All()), rep.FindingCount())
	fmt.Fprintf(w, "JSON report         %8.3f s   (%.1f MiB)\n", reportTime.Seconds(), float64(cw.n)/(1<<20))
	fmt.Fprintf(w, "peak RSS, scanner   %8.1f MiB (VmHWM: collection, evaluation and report%s)\n", mib(peakRSS("self")), map[bool]string{true: ", and the endpoint"}[f.inprocess])
	fmt.Fprintf(w, "peak Go heap        %8.1f MiB collecting, %.1f MiB evaluating, %.1f MiB writing the report (live objects, sampled every 5 ms)\n",
		mib(heapScan), mib(heapEval), mib(heapReport))
	if !f.inprocess {
		fmt.Fprintf(w, "peak RSS, endpoint  %8.1f MiB\n", mib(s.PeakRSS))
	}
	return nil
}

// printCalls prints the calls per operation next to the minimum, and
// whether the report's count agrees with what the endpoint received.
func printCalls(w io.Writer, calls map[string]int, s seen, busy map[string]time.Duration) {
	keys := map[string]bool{}
	for k := range calls {
		keys[k] = true
	}
	for k := range s.Minimum {
		keys[k] = true
	}
	var ordered []string
	for k := range keys {
		ordered = append(ordered, k)
	}
	sortKeys(ordered)
	fmt.Fprintf(w, "%-44s %7s %7s %6s %9s\n", "operation (api_calls)", "calls", "minimum", "ratio", "mean ms")
	var got, want, unmodelled int
	worst := 0.0
	for _, k := range ordered {
		n := calls[k]
		mean := "-"
		if n > 0 {
			mean = fmt.Sprintf("%.1f", float64(busy[k])/float64(n)/float64(time.Millisecond))
		}
		m, ok := s.Minimum[k]
		if !ok {
			unmodelled += n
			fmt.Fprintf(w, "%-44s %7d %7s %6s %9s\n", k, n, "-", "-", mean)
			continue
		}
		got += n
		want += m.Calls
		ratio := "-"
		if m.Calls > 0 {
			r := float64(n) / float64(m.Calls)
			worst = max(worst, r)
			ratio = fmt.Sprintf("%.2f", r)
		}
		fmt.Fprintf(w, "%-44s %7d %7d %6s %9s\n", k, n, m.Calls, ratio, mean)
	}
	fmt.Fprintf(w, "%-44s %7d %7d %6.3f   (worst operation %.2f)\n", "total (modelled operations)", got, want, float64(got)/float64(max(want, 1)), worst)
	if unmodelled > 0 {
		fmt.Fprintf(w, "%-44s %7d\n", "calls of operations without a model", unmodelled)
	}
	var diff []string
	for k := range keys {
		if calls[k] != s.Calls[k] {
			diff = append(diff, fmt.Sprintf("%s: report %d, endpoint %d", k, calls[k], s.Calls[k]))
		}
	}
	for k, n := range s.Calls {
		if _, ok := keys[k]; !ok {
			diff = append(diff, fmt.Sprintf("%s: report 0, endpoint %d", k, n))
		}
	}
	if len(diff) == 0 {
		fmt.Fprintln(w, "api_calls agrees with the requests the endpoint received, per operation")
	} else {
		sortKeys(diff)
		fmt.Fprintf(w, "api_calls disagrees with the endpoint: %s\n", strings.Join(diff, "; "))
	}
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func mib(b int64) float64 { return float64(b) / (1 << 20) }
