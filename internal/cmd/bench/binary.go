package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A run of the srmscan binary against the endpoint.
type binaryRun struct {
	version   string
	wall      time.Duration
	calls     int
	errors    int
	findings  int
	reportMiB float64
	// peakRSS is the kernel's high-water mark for the process (rusage).
	peakRSS int64
	// peakLive and peakHeap are the largest live heap after a collection
	// and the largest heap a collection started at, from gctrace.
	peakLive, peakHeap int64
	exit               int
}

// runSrmscan runs `srmscan scan` against url with args added, writing
// report.json only, and reads what it did from the report's head.
func runSrmscan(f flags, url string, args ...string) (*binaryRun, error) {
	exe := f.srmscan
	dir, err := os.MkdirTemp("", "srmscan-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if exe == "" {
		exe = filepath.Join(dir, "srmscan")
		build := exec.Command("go", "build", "-o", exe, "./cmd/srmscan")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building srmscan (run from the repository's root, or pass -srmscan): %w", err)
		}
	}
	out := filepath.Join(dir, "report")
	cmd := exec.Command(exe, append([]string{"scan", "--endpoint-url", url, "--out", out, "--format", "json", "--quiet",
		"--fail-on", "none", "--allow-incomplete", "--concurrency", fmt.Sprint(f.concurrency)}, args...)...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIASRMSCANBENCH0000", "AWS_SECRET_ACCESS_KEY=bench-secret-not-a-real-key",
		"AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"GODEBUG=gctrace=1", "TMPDIR="+dir)
	if f.gomemlimit != "" {
		cmd.Env = append(cmd.Env, "GOMEMLIMIT="+f.gomemlimit)
	}
	if f.gogc != "" {
		cmd.Env = append(cmd.Env, "GOGC="+f.gogc)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	r := &binaryRun{}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var tail []string
	gc := regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB`)
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := gc.FindStringSubmatch(line); m != nil && strings.HasPrefix(line, "gc ") {
			start, _ := strconv.ParseInt(m[1], 10, 64)
			live, _ := strconv.ParseInt(m[3], 10, 64)
			r.peakHeap, r.peakLive = max(r.peakHeap, start<<20), max(r.peakLive, live<<20)
			continue
		}
		if tail = append(tail, line); len(tail) > 10 {
			tail = tail[1:]
		}
	}
	err = cmd.Wait()
	r.wall = time.Since(begin)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		r.exit = exit.ExitCode()
	} else if err != nil {
		return nil, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakRSS = ru.Maxrss << 10
	}
	if r.exit != 0 {
		return nil, fmt.Errorf("srmscan exited %d:\n%s", r.exit, strings.Join(tail, "\n"))
	}
	path := filepath.Join(out, "report.json")
	if fi, err := os.Stat(path); err == nil {
		r.reportMiB = float64(fi.Size()) / (1 << 20)
	}
	if err := r.readHead(path); err != nil {
		return nil, err
	}
	return r, nil
}

// readHead reads the report's tool, scan and summary, stopping before
// the findings, which for an organization are gigabytes.
func (r *binaryRun) readHead(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	dec := json.NewDecoder(bufio.NewReader(file))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case "tool":
			var v struct{ Version string }
			err = dec.Decode(&v)
			r.version = v.Version
		case "scan":
			var v struct {
				APICalls         map[string]int    `json:"api_calls"`
				CollectionErrors []json.RawMessage `json:"collection_errors"`
			}
			err = dec.Decode(&v)
			for _, n := range v.APICalls {
				r.calls += n
			}
			r.errors = len(v.CollectionErrors)
		case "summary":
			var v struct{ Total int }
			err = dec.Decode(&v)
			r.findings = v.Total
		case "findings":
			return nil
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *binaryRun) print(w io.Writer, f flags) {
	bound := time.Duration(float64(r.calls) * float64(f.latency) / float64(f.concurrency))
	fmt.Fprintf(w, "wall time (scan, evaluation, report) %8.2f s\n", r.wall.Seconds())
	fmt.Fprintf(w, "lower bound                          %8.2f s   (%d calls × %s ÷ %d)\n", bound.Seconds(), r.calls, f.latency, f.concurrency)
	if bound > 0 {
		fmt.Fprintf(w, "wall / lower bound                   %8.3f\n", r.wall.Seconds()/bound.Seconds())
	}
	fmt.Fprintf(w, "collection errors                    %8d\n", r.errors)
	fmt.Fprintf(w, "findings                             %8d   (report.json %.1f MiB)\n", r.findings, r.reportMiB)
	fmt.Fprintf(w, "peak RSS, srmscan                    %8.1f MiB\n", mib(r.peakRSS))
	fmt.Fprintf(w, "peak Go heap, srmscan                %8.1f MiB live after a GC, %.1f MiB at a GC's start (gctrace)\n", mib(r.peakLive), mib(r.peakHeap))
}

// benchBinary scans the single synthetic account with the srmscan binary:
// the whole scan's memory, binary and SDK included, as a user's process.
func benchBinary(f flags) error {
	ep, err := child(f)
	if err != nil {
		return err
	}
	run, err := runSrmscan(f, ep.url)
	s, ferr := ep.finish()
	if err != nil {
		return err
	}
	if ferr != nil {
		return fmt.Errorf("reading the endpoint's count: %w", ferr)
	}
	fmt.Printf("synthetic account: scale %g, %d resources over %d regions\n", f.scale, s.Resources, s.Regions)
	fmt.Printf("srmscan %s scan, its own process; latency %s, concurrency %d\n\n", run.version, f.latency, f.concurrency)
	run.print(os.Stdout, f)
	return nil
}
