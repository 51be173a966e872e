package scanner

import "context"

// listPager is what every SDK paginator offers, whatever its service; Opt
// is its client's options type.
type listPager[O, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*Opt)) (O, error)
}

// allPages hands every page of a listing to read, like eachPage for any
// service, and reports whether the listing was read to its end. On a
// failed page it records the failure against the region and stops; what
// the earlier pages gave has been read, and the error marks the whole
// listing as incomplete.
func allPages[O, Opt any](ctx context.Context, s *scan, service, region, op string, p listPager[O, Opt], read func(O)) bool {
	return resourcePages(ctx, s, service, region, op, "", p, read)
}

// resourcePages is allPages for a listing of one resource's parts (a load
// balancer's listeners): a failure names the resource, so only what
// depends on it becomes unknown.
func resourcePages[O, Opt any](ctx context.Context, s *scan, service, region, op, resourceARN string, p listPager[O, Opt], read func(O)) bool {
	seen := pageTokens{}
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			s.fail(service, region, op, resourceARN, err)
			return false
		}
		read(out)
		if err := seen.check(out); err != nil {
			s.fail(service, region, op, resourceARN, err)
			return false
		}
	}
	return true
}
