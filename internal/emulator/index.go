package emulator

import (
	"sync"

	"github.com/srmscan/srmscan/inventory"
)

// index finds the resources that per-resource requests name. A scan asks
// about each bucket nine times and about each snapshot and image once;
// finding them by scanning the whole account made serving a large
// account quadratic. The account never changes, so it is built once.
type index struct {
	once      sync.Once
	buckets   map[string]*inventory.Bucket
	snapshots map[regionID]*inventory.Snapshot
	images    map[regionID]*inventory.Image

	functions     named[inventory.Function]
	repositories  named[inventory.Repository]
	loadBalancers named[inventory.LoadBalancer]
	classic       named[inventory.ClassicLoadBalancer]
	secrets       named[inventory.Secret]
}

type regionID struct{ region, id string }

func (s *Server) lookup() *index {
	x := &s.index
	x.once.Do(func() {
		a := s.acct
		x.buckets = make(map[string]*inventory.Bucket, len(a.S3.Buckets))
		for i := range a.S3.Buckets {
			b := &a.S3.Buckets[i]
			if _, dup := x.buckets[b.Name]; !dup {
				x.buckets[b.Name] = b
			}
		}
		x.snapshots = make(map[regionID]*inventory.Snapshot, len(a.EC2.Snapshots))
		for i := range a.EC2.Snapshots {
			sn := &a.EC2.Snapshots[i]
			if k := (regionID{sn.Region, sn.ID}); x.snapshots[k] == nil {
				x.snapshots[k] = sn
			}
		}
		x.images = make(map[regionID]*inventory.Image, len(a.EC2.Images))
		for i := range a.EC2.Images {
			im := &a.EC2.Images[i]
			if k := (regionID{im.Region, im.ID}); x.images[k] == nil {
				x.images[k] = im
			}
		}
	})
	return x
}

// named indexes one of the account's resource lists by region and key,
// built on the first request that needs it: a scan asks about every
// function, repository, load balancer and secret, and filtering and
// sorting the region's list for each of them made serving quadratic. keys
// gives a resource's region and the names it is asked for by (a secret
// answers to its ARN and its name); the first resource under a key wins,
// as a scan of the list would find it.
type named[T any] struct {
	once sync.Once
	m    map[regionID]*T
}

func (n *named[T]) get(items []T, keys func(*T) (region string, ids []string), region, id string) *T {
	n.once.Do(func() {
		n.m = make(map[regionID]*T, len(items))
		for i := range items {
			r, ids := keys(&items[i])
			for _, k := range ids {
				if n.m[regionID{r, k}] == nil {
					n.m[regionID{r, k}] = &items[i]
				}
			}
		}
	})
	return n.m[regionID{region, id}]
}
