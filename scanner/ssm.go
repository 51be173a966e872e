package scanner

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/srmscan/srmscan/inventory"
)

// Systems Manager's page and batch limits: DescribeInstanceInformation
// pages by at most 50 nodes, DescribeInstancePatchStates takes at most 50
// instance IDs, ListDocuments pages by at most 50, DescribeDocumentPermission
// by at most 200 accounts.
const (
	ssmInstancePage   = 50
	ssmPatchBatch     = 50
	ssmDocumentPage   = 50
	ssmPermissionPage = 200
)

// collectSSM reads a region's managed nodes with their patch states, the
// documents the account owns with whom each is shared, and the setting that
// allows public sharing. Each page of nodes gets its patch states in a job
// of its own: a page is exactly one DescribeInstancePatchStates batch.
func (s *scan) collectSSM(ctx context.Context, region string) {
	c := s.clients.SSM(region)
	s.spawn(ctx, func(ctx context.Context) { s.collectSSMSetting(ctx, c, region) })
	s.spawn(ctx, func(ctx context.Context) { s.collectSSMDocuments(ctx, c, region) })
	p := ssm.NewDescribeInstanceInformationPaginator(c, &ssm.DescribeInstanceInformationInput{MaxResults: aws.Int32(ssmInstancePage)})
	allPages(ctx, s, "ssm", region, "DescribeInstanceInformation", p, func(page *ssm.DescribeInstanceInformationOutput) {
		nodes := make([]inventory.ManagedInstance, 0, len(page.InstanceInformationList))
		for _, x := range page.InstanceInformationList {
			id := aws.ToString(x.InstanceId)
			m := inventory.ManagedInstance{
				Resource:        inventory.Resource{ARN: inventory.ManagedInstanceARN(s.partition(), region, s.account(), id), AccountID: s.account(), Region: region},
				ID:              id,
				PingStatus:      string(x.PingStatus),
				LastPingAt:      aws.ToTime(x.LastPingDateTime).UTC(),
				AgentVersion:    aws.ToString(x.AgentVersion),
				AgentLatest:     aws.ToBool(x.IsLatestVersion),
				PlatformType:    string(x.PlatformType),
				PlatformName:    aws.ToString(x.PlatformName),
				PlatformVersion: aws.ToString(x.PlatformVersion),
				ResourceType:    string(x.ResourceType),
			}
			if x.AssociationOverview != nil {
				m.AssociationStatus = aws.ToString(x.AssociationOverview.DetailedStatus)
			}
			if m.AssociationStatus == "" {
				m.AssociationStatus = aws.ToString(x.AssociationStatus)
			}
			nodes = append(nodes, m)
		}
		for batch := range slices.Chunk(nodes, ssmPatchBatch) {
			s.spawn(ctx, func(ctx context.Context) { s.collectPatchStates(ctx, c, region, batch) })
		}
	})
}

// collectPatchStates reads the patch state of a batch of nodes. A failure
// is recorded for the whole region rather than for the batch's nodes: the
// checks then say unknown for every node there, which overstates the gap
// but never lets a node pass on a patch state that was not read.
func (s *scan) collectPatchStates(ctx context.Context, c *ssm.Client, region string, nodes []inventory.ManagedInstance) {
	defer s.add(func(inv *inventory.Inventory) { inv.SSM.ManagedInstances = append(inv.SSM.ManagedInstances, nodes...) })
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	states := map[string]*inventory.PatchState{}
	p := ssm.NewDescribeInstancePatchStatesPaginator(c, &ssm.DescribeInstancePatchStatesInput{InstanceIds: ids, MaxResults: aws.Int32(ssmPatchBatch)})
	allPages(ctx, s, "ssm", region, "DescribeInstancePatchStates", p, func(page *ssm.DescribeInstancePatchStatesOutput) {
		for _, x := range page.InstancePatchStates {
			states[aws.ToString(x.InstanceId)] = patchState(x)
		}
	})
	for i := range nodes {
		nodes[i].Patch = states[nodes[i].ID]
	}
}

func patchState(x types.InstancePatchState) *inventory.PatchState {
	p := &inventory.PatchState{
		BaselineID:             aws.ToString(x.BaselineId),
		PatchGroup:             aws.ToString(x.PatchGroup),
		Operation:              string(x.Operation),
		Installed:              x.InstalledCount,
		InstalledPendingReboot: aws.ToInt32(x.InstalledPendingRebootCount),
		InstalledRejected:      aws.ToInt32(x.InstalledRejectedCount),
		Missing:                x.MissingCount,
		Failed:                 x.FailedCount,
		NotApplicable:          x.NotApplicableCount,
		CriticalNonCompliant:   aws.ToInt32(x.CriticalNonCompliantCount),
		SecurityNonCompliant:   aws.ToInt32(x.SecurityNonCompliantCount),
	}
	if x.OperationStartTime != nil {
		p.OperationStartTime = x.OperationStartTime.UTC()
	}
	if x.OperationEndTime != nil {
		p.OperationEndTime = x.OperationEndTime.UTC()
	}
	return p
}

// collectSSMSetting reads whether the account may share documents
// publicly. The region's entry is kept even when the read failed: it
// records that Systems Manager was collected there, and the failure makes
// the setting unknown.
func (s *scan) collectSSMSetting(ctx context.Context, c *ssm.Client, region string) {
	r := inventory.SSMRegion{Resource: inventory.Resource{
		ARN:       inventory.SSMSettingARN(s.partition(), region, s.account(), inventory.DocumentPublicSharingSetting),
		AccountID: s.account(), Region: region,
	}}
	defer s.add(func(inv *inventory.Inventory) { inv.SSM.Regions = append(inv.SSM.Regions, r) })
	out, err := c.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: aws.String(inventory.DocumentPublicSharingSetting)})
	if err != nil {
		s.fail("ssm", region, "GetServiceSetting", r.ARN, err)
		return
	}
	if out.ServiceSetting != nil {
		r.DocumentPublicSharing = aws.ToString(out.ServiceSetting.SettingValue)
	}
}

// collectSSMDocuments lists the documents the account owns (AWS's own and
// those others share with it are not the account's to secure) and reads
// each one's sharing in a job of its own.
func (s *scan) collectSSMDocuments(ctx context.Context, c *ssm.Client, region string) {
	p := ssm.NewListDocumentsPaginator(c, &ssm.ListDocumentsInput{
		Filters:    []types.DocumentKeyValuesFilter{{Key: aws.String("Owner"), Values: []string{"Self"}}},
		MaxResults: aws.Int32(ssmDocumentPage),
	})
	allPages(ctx, s, "ssm", region, "ListDocuments", p, func(page *ssm.ListDocumentsOutput) {
		for _, x := range page.DocumentIdentifiers {
			name := aws.ToString(x.Name)
			d := inventory.SSMDocument{
				Resource:       inventory.Resource{ARN: inventory.SSMDocumentARN(s.partition(), region, s.account(), name), AccountID: s.account(), Region: region},
				Name:           name,
				DocumentType:   string(x.DocumentType),
				DocumentFormat: string(x.DocumentFormat),
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectDocumentPermission(ctx, c, d) })
		}
	})
}

// collectDocumentPermission reads whom a document is shared with. The SDK
// has no paginator for it; a document shared with more than 200 accounts
// takes more than one page.
func (s *scan) collectDocumentPermission(ctx context.Context, c *ssm.Client, d inventory.SSMDocument) {
	defer s.add(func(inv *inventory.Inventory) { inv.SSM.Documents = append(inv.SSM.Documents, d) })
	in := &ssm.DescribeDocumentPermissionInput{Name: aws.String(d.Name), PermissionType: types.DocumentPermissionTypeShare, MaxResults: aws.Int32(ssmPermissionPage)}
	seen := map[string]bool{}
	for {
		out, err := c.DescribeDocumentPermission(ctx, in)
		if err != nil {
			s.fail("ssm", d.Region, "DescribeDocumentPermission", d.ARN, err)
			return
		}
		d.SharedWith = append(d.SharedWith, out.AccountIds...)
		next := aws.ToString(out.NextToken)
		if next == "" || seen[next] {
			break
		}
		seen[next] = true
		in.NextToken = aws.String(next)
	}
	slices.Sort(d.SharedWith)
}

// sortSSM orders the Systems Manager lists as sortInventory does the rest.
func sortSSM(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.SSM.Regions, func(a, b inventory.SSMRegion) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.SSM.ManagedInstances, func(a, b inventory.ManagedInstance) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.SSM.Documents, func(a, b inventory.SSMDocument) int { return byARN(a.Resource, b.Resource) })
}
