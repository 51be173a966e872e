package inventory

import (
	"fmt"
	"time"
)

// ElasticBeanstalk holds the Elastic Beanstalk environments of every
// scanned region and the platform versions they run. Elastic Beanstalk is
// a container service: AWS builds and patches the platforms, the customer
// chooses one, whether managed updates apply its patches, and how the
// environment reports health and logs.
type ElasticBeanstalk struct {
	Environments []BeanstalkEnvironment `json:"environments"`
	// Platforms are the platform versions the environments run, each
	// read once per region.
	Platforms []BeanstalkPlatform `json:"platforms,omitempty"`
}

// BeanstalkEnvironment is an environment as DescribeEnvironments lists
// it, with the settings DescribeConfigurationSettings gives; when that
// failed the settings are zero.
type BeanstalkEnvironment struct {
	Resource
	Name            string    `json:"name"`
	ID              string    `json:"id,omitempty"`
	ApplicationName string    `json:"application_name"`
	SolutionStack   string    `json:"solution_stack,omitempty"`
	PlatformARN     string    `json:"platform_arn,omitempty"`
	Status          string    `json:"status,omitempty"`
	Health          string    `json:"health,omitempty"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	// ManagedActions is aws:elasticbeanstalk:managedactions
	// ManagedActionsEnabled: whether platform updates are applied in the
	// weekly maintenance window.
	ManagedActions bool `json:"managed_actions"`
	// UpdateLevel is aws:elasticbeanstalk:managedactions:platformupdate
	// UpdateLevel, "minor" or "patch".
	UpdateLevel string `json:"update_level,omitempty"`
	// HealthReporting is aws:elasticbeanstalk:healthreporting:system
	// SystemType, "basic" or "enhanced".
	HealthReporting string `json:"health_reporting,omitempty"`
	// StreamLogs is aws:elasticbeanstalk:cloudwatch:logs StreamLogs:
	// whether instance logs go to CloudWatch Logs.
	StreamLogs bool `json:"stream_logs"`
}

// BeanstalkPlatform is a platform version as DescribePlatformVersion
// gives it.
type BeanstalkPlatform struct {
	Resource
	Name       string `json:"name,omitempty"`
	Version    string `json:"version,omitempty"`
	BranchName string `json:"branch_name,omitempty"`
	// BranchLifecycleState is "Beta", "Supported", "Deprecated" or
	// "Retired"; empty for platforms outside branches (custom and legacy
	// ones).
	BranchLifecycleState string `json:"branch_lifecycle_state,omitempty"`
	// LifecycleState is "Recommended" for the newest version of its
	// branch, empty otherwise.
	LifecycleState string `json:"lifecycle_state,omitempty"`
	// Status is "Ready", "Failed", "Deleted", ...
	Status string `json:"status,omitempty"`
}

// BeanstalkEnvironmentARN builds an environment's ARN.
func BeanstalkEnvironmentARN(partition, region, account, application, name string) string {
	return fmt.Sprintf("arn:%s:elasticbeanstalk:%s:%s:environment/%s/%s", orAWS(partition), region, account, application, name)
}

// normalizeBeanstalk fills the ARNs and accounts of Elastic Beanstalk
// environments, as Normalize does for the others. Platform ARNs are
// AWS's own and always given.
func (inv *Inventory) normalizeBeanstalk(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.ElasticBeanstalk.Environments {
		x := &inv.ElasticBeanstalk.Environments[i]
		fill(&x.Resource, BeanstalkEnvironmentARN(p, x.Region, acct, x.ApplicationName, x.Name))
	}
}
