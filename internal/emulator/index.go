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
