package scanner

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/srmscan/srmscan/inventory"
)

// trailSet decides which region's job reads each trail, so every trail is
// read once. Every region lists the multi-region trails homed elsewhere
// (as shadow trails), so a trail is normally read by its home region's
// job, and the other regions leave it be; but when the home region is not
// scanned, or its listing fails, a region that saw the trail reads it, so
// a multi-region trail is collected as long as any region could list it.
type trailSet struct {
	mu      sync.Mutex
	scanned map[string]bool // regions with a job
	listed  map[string]bool // regions whose listing succeeded
	failed  map[string]bool // regions whose listing failed
	claimed map[string]bool // trail ARNs being read
	// deferred are shadow trails seen before their home region's listing
	// ended, by home region: its job reads them if its listing fails.
	deferred map[string][]inventory.Trail
}

func newTrailSet(regions []string) *trailSet {
	t := &trailSet{scanned: map[string]bool{}, listed: map[string]bool{}, failed: map[string]bool{},
		claimed: map[string]bool{}, deferred: map[string][]inventory.Trail{}}
	for _, r := range regions {
		t.scanned[r] = true
	}
	return t
}

// take reports whether region's job, which listed tr, reads it.
func (t *trailSet) take(region string, tr inventory.Trail) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	home := tr.Region
	switch {
	case t.claimed[tr.ARN] || t.listed[home] && home != region:
		return false
	case home == region || !t.scanned[home] || t.failed[home]:
		t.claimed[tr.ARN] = true
		return true
	}
	t.deferred[home] = append(t.deferred[home], tr)
	return false
}

// listingDone records how region's listing ended. After a failure it
// returns the trails homed in region that other regions saw, for region's
// job to read.
func (t *trailSet) listingDone(region string, ok bool) []inventory.Trail {
	t.mu.Lock()
	defer t.mu.Unlock()
	deferred := t.deferred[region]
	delete(t.deferred, region)
	if ok {
		t.listed[region] = true
		return nil
	}
	t.failed[region] = true
	var out []inventory.Trail
	for _, tr := range deferred {
		if !t.claimed[tr.ARN] {
			t.claimed[tr.ARN] = true
			out = append(out, tr)
		}
	}
	return out
}

// collectCloudTrail lists the trails that log region and reads the ones
// trails gives it (see trailSet) in their home region, which answers for
// them by name and ARN alike. DescribeTrails is not paginated.
func (s *scan) collectCloudTrail(ctx context.Context, region string, trails *trailSet) {
	out, err := s.clients.CloudTrail(region).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		s.fail("cloudtrail", region, "DescribeTrails", "", err)
		for _, t := range trails.listingDone(region, false) {
			s.spawn(ctx, func(ctx context.Context) { s.collectTrail(ctx, t) })
		}
		return
	}
	for _, t := range out.TrailList {
		trail := s.trail(region, t)
		if trail.ARN != "" && trails.take(region, trail) {
			s.spawn(ctx, func(ctx context.Context) { s.collectTrail(ctx, trail) })
		}
	}
	trails.listingDone(region, true)
}

// trail reads a listed trail's configuration.
func (s *scan) trail(region string, t types.Trail) inventory.Trail {
	arn := aws.ToString(t.TrailARN)
	return inventory.Trail{
		// Organization trails live in the management account; their ARN,
		// not the scanned account, says whose they are.
		Resource:                   inventory.Resource{ARN: arn, AccountID: cmp.Or(arnAccount(arn), s.account()), Region: cmp.Or(aws.ToString(t.HomeRegion), region)},
		Name:                       aws.ToString(t.Name),
		MultiRegion:                aws.ToBool(t.IsMultiRegionTrail),
		Organization:               aws.ToBool(t.IsOrganizationTrail),
		IncludeGlobalServiceEvents: aws.ToBool(t.IncludeGlobalServiceEvents),
		LogFileValidation:          aws.ToBool(t.LogFileValidationEnabled),
		S3BucketName:               aws.ToString(t.S3BucketName),
		S3KeyPrefix:                aws.ToString(t.S3KeyPrefix),
		KMSKeyID:                   aws.ToString(t.KmsKeyId),
		CloudWatchLogsLogGroupARN:  aws.ToString(t.CloudWatchLogsLogGroupArn),
	}
}

// collectTrail reads a trail's status and event selectors. A trail whose
// reads fail is kept, with the failures naming it: its configuration is
// still known.
func (s *scan) collectTrail(ctx context.Context, t inventory.Trail) {
	c := s.clients.CloudTrail(t.Region)
	if out, err := c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(t.ARN)}); err != nil {
		s.fail("cloudtrail", t.Region, "GetTrailStatus", t.ARN, err)
	} else {
		t.IsLogging = aws.ToBool(out.IsLogging)
		t.LatestDeliveryError = aws.ToString(out.LatestDeliveryError)
	}
	if out, err := c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(t.ARN)}); err != nil {
		s.fail("cloudtrail", t.Region, "GetEventSelectors", t.ARN, err)
	} else {
		t.EventSelectors = eventSelectors(out.EventSelectors)
		t.AdvancedEventSelectors = advancedSelectors(out.AdvancedEventSelectors)
	}
	s.add(func(inv *inventory.Inventory) { inv.CloudTrail.Trails = append(inv.CloudTrail.Trails, t) })
}

// eventSelectors keeps CloudTrail's order: selectors and their values are
// the customer's list, and their order is how the console shows them.
func eventSelectors(sels []types.EventSelector) []inventory.EventSelector {
	var out []inventory.EventSelector
	for _, e := range sels {
		sel := inventory.EventSelector{
			ReadWriteType: string(e.ReadWriteType),
			// CloudTrail's default for a selector that does not say.
			IncludeManagementEvents:       e.IncludeManagementEvents == nil || *e.IncludeManagementEvents,
			ExcludeManagementEventSources: nonEmpty(e.ExcludeManagementEventSources),
		}
		for _, d := range e.DataResources {
			sel.DataResources = append(sel.DataResources, inventory.DataResource{Type: aws.ToString(d.Type), Values: nonEmpty(d.Values)})
		}
		out = append(out, sel)
	}
	return out
}

func advancedSelectors(sels []types.AdvancedEventSelector) []inventory.AdvancedEventSelector {
	var out []inventory.AdvancedEventSelector
	for _, a := range sels {
		sel := inventory.AdvancedEventSelector{Name: aws.ToString(a.Name)}
		for _, f := range a.FieldSelectors {
			sel.FieldSelectors = append(sel.FieldSelectors, inventory.FieldSelector{
				Field:         aws.ToString(f.Field),
				Equals:        nonEmpty(f.Equals),
				StartsWith:    nonEmpty(f.StartsWith),
				EndsWith:      nonEmpty(f.EndsWith),
				NotEquals:     nonEmpty(f.NotEquals),
				NotStartsWith: nonEmpty(f.NotStartsWith),
				NotEndsWith:   nonEmpty(f.NotEndsWith),
			})
		}
		out = append(out, sel)
	}
	return out
}

// nonEmpty makes an empty list nil, as an account description leaves it.
func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// arnAccount returns the account field of an ARN, "" when it has none.
func arnAccount(arn string) string {
	f := strings.SplitN(arn, ":", 6)
	if len(f) < 6 {
		return ""
	}
	return f[4]
}

// sortLogging orders the CloudTrail, Config, KMS and DynamoDB lists as
// sortInventory does the rest.
func sortLogging(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.CloudTrail.Trails, func(a, b inventory.Trail) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.Config.Recorders, func(a, b inventory.ConfigRecorder) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.KMS.Keys, func(a, b inventory.Key) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.DynamoDB.Tables, func(a, b inventory.Table) int { return byARN(a.Resource, b.Resource) })
}
