package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/srmscan/srmscan/inventory"
)

// collectConfig reads a region's AWS Config recorders and their status.
// Neither call is paginated: a region has one customer-managed recorder
// and a few service-linked ones at most. Recorders are kept when their
// status cannot be read, the failure marking them all.
func (s *scan) collectConfig(ctx context.Context, region string) {
	c := s.clients.Config(region)
	out, err := c.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		s.fail("config", region, "DescribeConfigurationRecorders", "", err)
		return
	}
	var recs []inventory.ConfigRecorder
	for _, r := range out.ConfigurationRecorders {
		name := aws.ToString(r.Name)
		rec := inventory.ConfigRecorder{
			Resource: inventory.Resource{
				ARN:       aws.ToString(r.Arn),
				AccountID: s.account(),
				Region:    region,
			},
			Name:             name,
			RoleARN:          aws.ToString(r.RoleARN),
			ServicePrincipal: aws.ToString(r.ServicePrincipal),
		}
		if rec.ARN == "" {
			// Config gave no ARN before 2024, and some emulators still do not.
			rec.ARN = inventory.ConfigRecorderARN(s.partition(), region, s.account(), name)
		}
		if g := r.RecordingGroup; g != nil {
			rec.AllSupported = g.AllSupported
			rec.IncludeGlobalResourceTypes = g.IncludeGlobalResourceTypes
			rec.ResourceTypes = resourceTypes(g.ResourceTypes)
			if e := g.ExclusionByResourceTypes; e != nil {
				rec.ExcludedResourceTypes = resourceTypes(e.ResourceTypes)
			}
			if st := g.RecordingStrategy; st != nil {
				rec.RecordingStrategy = string(st.UseOnly)
			}
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		// Most regions of most accounts have no recorder: no status to read.
		return
	}

	status, err := c.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil {
		s.fail("config", region, "DescribeConfigurationRecorderStatus", "", err)
	} else {
		for i := range recs {
			rec := &recs[i]
			for _, st := range status.ConfigurationRecordersStatus {
				// Names are unique among a region's customer-managed
				// recorders, and service-linked ones differ by principal.
				if aws.ToString(st.Arn) == rec.ARN || (aws.ToString(st.Name) == rec.Name && aws.ToString(st.ServicePrincipal) == rec.ServicePrincipal) {
					rec.Recording = st.Recording
					rec.LastStatus = string(st.LastStatus)
					rec.LastErrorCode = aws.ToString(st.LastErrorCode)
					break
				}
			}
		}
	}
	s.add(func(inv *inventory.Inventory) { inv.Config.Recorders = append(inv.Config.Recorders, recs...) })
}

func resourceTypes(ts []types.ResourceType) []string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t))
	}
	return out
}
