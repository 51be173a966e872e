package main

import (
	"bufio"
	"os"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// peakRSS reads a process's peak resident set (VmHWM) from /proc, where
// Linux keeps it: pid is a number or "self". Zero when it cannot be read.
func peakRSS(pid string) int64 {
	f, err := os.Open("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// heapWatch samples the bytes of live and not yet swept heap objects.
// RSS alone would hide how much of the peak is the heap and how much the
// runtime's slack, and which phase of the scan it came from.
type heapWatch struct {
	mu   sync.Mutex
	peak int64
	stop chan struct{}
	done chan struct{}
}

// watchHeap starts sampling every 5 ms.
func watchHeap() *heapWatch {
	h := &heapWatch{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.read()
			}
		}
	}()
	return h
}

func (h *heapWatch) read() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	h.mu.Lock()
	h.peak = max(h.peak, int64(sample[0].Value.Uint64()))
	h.mu.Unlock()
}

// phase returns the largest sample since the last call and starts over.
func (h *heapWatch) phase() int64 {
	h.read()
	h.mu.Lock()
	defer h.mu.Unlock()
	p := h.peak
	h.peak = 0
	return p
}

// close stops sampling.
func (h *heapWatch) close() {
	close(h.stop)
	<-h.done
}

// sortKeys orders "Service:Operation" keys by service, then operation.
func sortKeys(keys []string) { slices.Sort(keys) }
