package scanner

import (
	"context"
	"sync"
	"time"
)

// join runs the reads of one resource as jobs of their own, under the
// scan's one concurrency bound, and calls done when the last has finished.
// A resource read call after call holds a worker for all its round trips,
// which leaves the other workers idle whenever there are fewer such
// resources than workers: at the end of a scan, or in an account with a
// few buckets scanned at a high --concurrency.
//
// Reads may set fields of a shared value, each its own: the join's lock
// orders every read's writes before done.
type join struct {
	s    *scan
	mu   sync.Mutex
	n    int
	done func()
}

// join starts a join. The caller holds it open until close, so reads that
// finish while others are still being spawned cannot call done early.
func (s *scan) join(done func()) *join { return &join{s: s, n: 1, done: done} }

// spawn runs f as a job of the join. f may spawn further reads of the same
// join (a read that depends on another's answer).
func (j *join) spawn(ctx context.Context, f func(ctx context.Context)) {
	j.mu.Lock()
	j.n++
	j.mu.Unlock()
	j.s.spawn(ctx, func(ctx context.Context) {
		f(ctx)
		j.release()
	})
}

// close releases the caller's hold: done runs once every read has finished.
func (j *join) close() { j.release() }

func (j *join) release() {
	j.mu.Lock()
	j.n--
	last := j.n == 0
	j.mu.Unlock()
	if last {
		j.done()
	}
}

// spawnAfter is spawn after a wait. The job waits on a timer, not on a
// worker, so a poll's back-off costs none of the concurrency bound; it
// still counts towards its progress group, which is not done until it
// has run.
func (s *scan) spawnAfter(ctx context.Context, d time.Duration, f func(ctx context.Context)) {
	g, _ := ctx.Value(groupKey{}).(*group)
	if g != nil {
		s.mu.Lock()
		g.pending++
		s.mu.Unlock()
	}
	s.pool.after(d, func(context.Context) {
		f(ctx)
		if g != nil {
			s.release(g)
		}
	})
}

// after queues job once d has passed, or at once when the pool's context
// ends, so a cancelled scan does not sit out a back-off. Until then the job
// counts as pending, so the workers wait for it instead of finishing.
func (p *pool) after(d time.Duration, job func(context.Context)) {
	p.mu.Lock()
	p.pending++
	p.mu.Unlock()
	var (
		once  sync.Once
		mu    sync.Mutex
		timer *time.Timer
		stop  func() bool
	)
	enqueue := func() {
		once.Do(func() {
			mu.Lock()
			timer.Stop()
			stop()
			mu.Unlock()
			p.mu.Lock()
			p.queue = append(p.queue, job)
			p.mu.Unlock()
			p.cond.Signal()
		})
	}
	// Both callbacks run on goroutines of their own, never before the
	// registration below has released mu.
	mu.Lock()
	timer = time.AfterFunc(d, enqueue)
	stop = context.AfterFunc(p.ctx, enqueue)
	mu.Unlock()
}
