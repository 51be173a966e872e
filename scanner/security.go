package scanner

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/srmscan/srmscan/inventory"
)

// guardDutyMaxResults is the largest page ListDetectors accepts.
const guardDutyMaxResults = 50

// collectGuardDuty reads one region's detectors. The region's entry is
// added only once the listing is complete: an entry says "these are all
// the detectors", and a region without one reads as unknown, not as a
// region where GuardDuty is off.
func (s *scan) collectGuardDuty(ctx context.Context, region string) {
	c := s.clients.GuardDuty(region)
	g := inventory.GuardDutyRegion{Resource: inventory.Resource{
		ARN:       inventory.ServiceSettingsARN(s.partition(), "guardduty", region, s.account()),
		AccountID: s.account(),
		Region:    region,
	}}
	var ids []string
	p := guardduty.NewListDetectorsPaginator(c, &guardduty.ListDetectorsInput{MaxResults: aws.Int32(guardDutyMaxResults)})
	if !allPages(ctx, s, "guardduty", region, "ListDetectors", p, func(page *guardduty.ListDetectorsOutput) {
		ids = append(ids, page.DetectorIds...)
	}) {
		return
	}
	// An account has at most one detector per region, so these calls are
	// made in turn rather than spawned.
	for _, id := range ids {
		d := inventory.Detector{ID: id}
		out, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			// Named by the region's entry, not the detector: what could
			// not be read is whether GuardDuty is on in the region.
			s.fail("guardduty", region, "GetDetector", g.ARN, err)
		} else {
			d.Status = string(out.Status)
			d.FindingPublishingFrequency = string(out.FindingPublishingFrequency)
			d.CreatedAt = isoTimestamp(aws.ToString(out.CreatedAt))
		}
		g.Detectors = append(g.Detectors, d)
	}
	slices.SortFunc(g.Detectors, func(a, b inventory.Detector) int { return cmp.Compare(a.ID, b.ID) })
	s.add(func(inv *inventory.Inventory) { inv.GuardDuty.Regions = append(inv.GuardDuty.Regions, g) })
}

// collectSecurityHub reads whether the account subscribes to Security Hub
// in one region.
func (s *scan) collectSecurityHub(ctx context.Context, region string) {
	h := inventory.Hub{Resource: inventory.Resource{
		ARN:       inventory.HubARN(s.partition(), region, s.account()),
		AccountID: s.account(),
		Region:    region,
	}}
	out, err := s.clients.SecurityHub(region).DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case err == nil:
		h.Enabled = true
		h.SubscribedAt = isoTimestamp(aws.ToString(out.SubscribedAt))
		h.AutoEnableControls = aws.ToBool(out.AutoEnableControls)
	case hubNotEnabled(err):
	default:
		s.fail("securityhub", region, "DescribeHub", "", err)
		return
	}
	s.add(func(inv *inventory.Inventory) { inv.SecurityHub.Hubs = append(inv.SecurityHub.Hubs, h) })
}

// hubNotEnabled reports whether DescribeHub's error is Security Hub saying
// the account does not subscribe in the region, which is a fact about the
// account, rather than a failure to find out. Security Hub says so with
// InvalidAccessException ("Account ... is not subscribed to AWS Security
// Hub"), or ResourceNotFoundException for a hub that does not exist. The
// same InvalidAccessException type also carries other refusals, so only
// the not-subscribed message counts; an IAM denial is a different code
// (AccessDeniedException) and, like anything else, leaves the state
// unknown.
func hubNotEnabled(err error) bool {
	var notFound *shtypes.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return true
	}
	var invalid *shtypes.InvalidAccessException
	return errors.As(err, &invalid) && strings.Contains(strings.ToLower(invalid.ErrorMessage()), "not subscribed")
}

// collectAccessAnalyzer lists one region's analyzers of every type. The
// listing asks for no page size: Access Analyzer documents no bound for
// one, and a region holds a handful of analyzers at most. As for
// GuardDuty, the region's entry is added only when the listing completed.
func (s *scan) collectAccessAnalyzer(ctx context.Context, region string) {
	a := inventory.AnalyzerRegion{Resource: inventory.Resource{
		ARN:       inventory.ServiceSettingsARN(s.partition(), "access-analyzer", region, s.account()),
		AccountID: s.account(),
		Region:    region,
	}}
	p := accessanalyzer.NewListAnalyzersPaginator(s.clients.AccessAnalyzer(region), &accessanalyzer.ListAnalyzersInput{})
	if !allPages(ctx, s, "access-analyzer", region, "ListAnalyzers", p, func(page *accessanalyzer.ListAnalyzersOutput) {
		for _, an := range page.Analyzers {
			a.Analyzers = append(a.Analyzers, inventory.Analyzer{
				ARN:       aws.ToString(an.Arn),
				Name:      aws.ToString(an.Name),
				Type:      string(an.Type),
				Status:    string(an.Status),
				CreatedAt: utc(an.CreatedAt),
			})
		}
	}) {
		return
	}
	slices.SortFunc(a.Analyzers, func(x, y inventory.Analyzer) int { return cmp.Compare(x.ARN, y.ARN) })
	s.add(func(inv *inventory.Inventory) { inv.AccessAnalyzer.Regions = append(inv.AccessAnalyzer.Regions, a) })
}

// isoTimestamp reads the ISO-8601 strings GuardDuty and Security Hub give
// timestamps as; an unreadable one is left zero rather than guessed.
func isoTimestamp(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// sortSecurity is sortInventory's part for the security services.
func sortSecurity(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.GuardDuty.Regions, func(a, b inventory.GuardDutyRegion) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.SecurityHub.Hubs, func(a, b inventory.Hub) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.AccessAnalyzer.Regions, func(a, b inventory.AnalyzerRegion) int { return byARN(a.Resource, b.Resource) })
}
