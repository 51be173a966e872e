package scanner

import (
	"context"
	"sync"
)

// pool runs submitted jobs on a fixed number of workers. Jobs may submit
// more jobs; because a job never waits for the jobs it submits, the bound
// cannot deadlock, and the goroutine count stays at the worker count however
// many buckets or regions there are.
type pool struct {
	ctx     context.Context
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []func(context.Context)
	pending int // queued plus running
	size    int
	workers sync.WaitGroup
}

func newPool(ctx context.Context, size int) *pool {
	p := &pool{ctx: ctx, size: size}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// submit queues a job. Jobs still run after ctx is cancelled: their API
// calls then fail at once, which records what was not collected.
func (p *pool) submit(job func(context.Context)) {
	p.mu.Lock()
	p.queue = append(p.queue, job)
	p.pending++
	p.mu.Unlock()
	p.cond.Signal()
}

func (p *pool) work() {
	defer p.workers.Done()
	for {
		p.mu.Lock()
		for len(p.queue) == 0 && p.pending > 0 {
			p.cond.Wait()
		}
		if p.pending == 0 {
			p.mu.Unlock()
			p.cond.Broadcast()
			return
		}
		job := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.mu.Unlock()

		job(p.ctx)

		p.mu.Lock()
		p.pending--
		p.mu.Unlock()
		p.cond.Broadcast()
	}
}

// wait starts the workers and returns when every submitted job, and every
// job those submitted, has finished. Workers start here rather than in
// newPool so none can see the empty queue of a pool not yet filled and quit.
func (p *pool) wait() {
	for range p.size {
		p.workers.Add(1)
		go p.work()
	}
	p.workers.Wait()
}
