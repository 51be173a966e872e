package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// recorder adds region's customer-managed recorder, recording every type,
// after set has changed it.
func recorder(region string, set func(r *inventory.ConfigRecorder)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		r := inventory.ConfigRecorder{Resource: inventory.Resource{Region: region}, Name: "default",
			AllSupported: true, Recording: true, LastStatus: "SUCCESS"}
		if set != nil {
			set(&r)
		}
		inv.Config.Recorders = append(inv.Config.Recorders, r)
	}
}

func withGlobal(r *inventory.ConfigRecorder) { r.IncludeGlobalResourceTypes = true }

const (
	euw1Config = ":config:eu-west-1:111122223333:recorders"
	use1Config = ":config:us-east-1:111122223333:recorders"
)

func TestConfigRecorderAllRegions(t *testing.T) {
	two := regions("eu-west-1", "us-east-1")
	runCases(t, configRecorderAllRegions, []statusCase{
		{"everything everywhere", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", withGlobal)),
			map[string]Status{euw1Config: Pass, use1Config: Pass}},
		{"global types in one region, as AWS advises", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", nil)),
			map[string]Status{euw1Config: Pass, use1Config: Pass}},
		{"global types nowhere", both(two, recorder("eu-west-1", nil), recorder("us-east-1", nil)),
			map[string]Status{euw1Config: Fail, use1Config: Fail}},
		{"global types in a region that is stopped do not count", both(two, recorder("eu-west-1", func(r *inventory.ConfigRecorder) {
			withGlobal(r)
			r.Recording = false
		}), recorder("us-east-1", nil)), map[string]Status{euw1Config: Fail, use1Config: Fail}},
		{"no recorder in one region", both(two, recorder("eu-west-1", withGlobal)), map[string]Status{euw1Config: Pass, use1Config: Fail}},
		{"some types only", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", func(r *inventory.ConfigRecorder) {
			r.AllSupported, r.RecordingStrategy, r.ResourceTypes = false, "INCLUSION_BY_RESOURCE_TYPES", []string{"AWS::EC2::Instance"}
		})), map[string]Status{euw1Config: Pass, use1Config: Fail}},
		{"all but some types", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", func(r *inventory.ConfigRecorder) {
			r.RecordingStrategy, r.ExcludedResourceTypes = "EXCLUSION_BY_RESOURCE_TYPES", []string{"AWS::EC2::Volume"}
		})), map[string]Status{euw1Config: Pass, use1Config: Fail}},
		{"stopped", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", func(r *inventory.ConfigRecorder) { r.Recording = false })),
			map[string]Status{euw1Config: Pass, use1Config: Fail}},
		{"failing", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", func(r *inventory.ConfigRecorder) { r.LastStatus, r.LastErrorCode = "FAILURE", "AccessDenied" })),
			map[string]Status{euw1Config: Pass, use1Config: Fail}},
		{"a service-linked recorder is not the customer's", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", func(r *inventory.ConfigRecorder) {
			r.Name, r.ServicePrincipal = "AWSConfigurationRecorderForX", "x.amazonaws.com"
		})), map[string]Status{euw1Config: Pass, use1Config: Fail}},
		{"status unreadable", both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", withGlobal), denied("config", "us-east-1", "DescribeConfigurationRecorderStatus", "")),
			map[string]Status{euw1Config: Pass, use1Config: Unknown, ":config:us-east-1:111122223333:*": Unknown}},
		// The region that could not be read may record the global types.
		{"global types nowhere seen, a region unread", both(two, recorder("us-east-1", nil), denied("config", "eu-west-1", "DescribeConfigurationRecorders", "")),
			map[string]Status{euw1Config: Unknown, use1Config: Unknown, ":config:eu-west-1:111122223333:*": Unknown}},
	})
	fs := Run(account(both(two, recorder("eu-west-1", withGlobal), recorder("us-east-1", func(r *inventory.ConfigRecorder) {
		r.RecordingStrategy, r.ExcludedResourceTypes, r.Recording = "EXCLUSION_BY_RESOURCE_TYPES", []string{"AWS::EC2::Volume"}, false
	}))), []Check{configRecorderAllRegions}, DefaultConfig())
	if len(fs) != 2 || !strings.Contains(fs[1].Message, "leaves out AWS::EC2::Volume, and is stopped") {
		t.Errorf("findings = %+v", fs)
	}
}
