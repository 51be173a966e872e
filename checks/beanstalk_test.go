package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

const (
	ebPlatformARN = "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.3.0"
	env1ARN       = "arn:aws:elasticbeanstalk:us-east-1:111122223333:environment/app/env1"
	ebAll         = ":elasticbeanstalk:us-east-1:111122223333:*"
)

// environment adds a well-configured environment of application "app" in
// us-east-1, and its supported platform, after set has changed them.
func environment(name string, set func(e *inventory.BeanstalkEnvironment, p *inventory.BeanstalkPlatform)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		e := inventory.BeanstalkEnvironment{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, ApplicationName: "app",
			PlatformARN: ebPlatformARN, ManagedActions: true, UpdateLevel: "minor", HealthReporting: "enhanced", StreamLogs: true}
		p := inventory.BeanstalkPlatform{Resource: inventory.Resource{ARN: ebPlatformARN, Region: "us-east-1"},
			Name: "Python 3.11 running on 64bit Amazon Linux 2023", Version: "4.3.0", BranchName: "Python 3.11 running on 64bit Amazon Linux 2023",
			BranchLifecycleState: "Supported", LifecycleState: "Recommended"}
		if set != nil {
			set(&e, &p)
		}
		inv.ElasticBeanstalk.Environments = append(inv.ElasticBeanstalk.Environments, e)
		if p.ARN != "" {
			inv.ElasticBeanstalk.Platforms = append(inv.ElasticBeanstalk.Platforms, p)
		}
	}
}

// settingsUnread is an environment whose DescribeConfigurationSettings
// failed: its settings are zero.
var settingsUnread = both(environment("env1", func(e *inventory.BeanstalkEnvironment, _ *inventory.BeanstalkPlatform) {
	e.ManagedActions, e.UpdateLevel, e.HealthReporting, e.StreamLogs = false, "", "", false
}), denied("elasticbeanstalk", "us-east-1", "DescribeConfigurationSettings", env1ARN))

func TestBeanstalkManagedUpdates(t *testing.T) {
	runCases(t, beanstalkManagedUpdates, []statusCase{
		{"on", environment("env1", nil), map[string]Status{"/app/env1": Pass}},
		{"off", environment("env1", func(e *inventory.BeanstalkEnvironment, _ *inventory.BeanstalkPlatform) { e.ManagedActions = false }),
			map[string]Status{"/app/env1": Fail}},
		{"settings unreadable", settingsUnread, map[string]Status{"/app/env1": Unknown}},
		{"listing denied", denied("elasticbeanstalk", "us-east-1", "DescribeEnvironments", ""), map[string]Status{ebAll: Unknown}},
	})
}

func TestBeanstalkPlatformSupported(t *testing.T) {
	state := func(branch, version string) func(*inventory.Inventory) {
		return environment("env1", func(_ *inventory.BeanstalkEnvironment, p *inventory.BeanstalkPlatform) {
			p.BranchLifecycleState, p.LifecycleState = branch, version
		})
	}
	runCases(t, beanstalkPlatformSupported, []statusCase{
		{"supported branch, recommended version", state("Supported", "Recommended"), map[string]Status{"/app/env1": Pass}},
		{"supported branch, older version", state("Supported", ""), map[string]Status{"/app/env1": Pass}},
		{"beta branch", state("Beta", ""), map[string]Status{"/app/env1": Pass}},
		{"deprecated branch", state("Deprecated", ""), map[string]Status{"/app/env1": Fail}},
		{"retired branch", state("Retired", ""), map[string]Status{"/app/env1": Fail}},
		{"retired version", state("Supported", "Retired"), map[string]Status{"/app/env1": Fail}},
		{"no branch (custom or legacy platform)", state("", ""), map[string]Status{"/app/env1": Unknown}},
		{"platform not read", both(environment("env1", func(_ *inventory.BeanstalkEnvironment, p *inventory.BeanstalkPlatform) { p.ARN = "" }),
			denied("elasticbeanstalk", "us-east-1", "DescribePlatformVersion", ebPlatformARN)), map[string]Status{"/app/env1": Unknown}},
		{"listing denied", denied("elasticbeanstalk", "us-east-1", "DescribeEnvironments", ""), map[string]Status{ebAll: Unknown}},
	})
	fs := Run(account(both(environment("env1", func(_ *inventory.BeanstalkEnvironment, p *inventory.BeanstalkPlatform) { p.ARN = "" }),
		denied("elasticbeanstalk", "us-east-1", "DescribePlatformVersion", ebPlatformARN))), []Check{beanstalkPlatformSupported}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["failed_operation"] != "elasticbeanstalk:DescribePlatformVersion" {
		t.Errorf("an environment whose platform could not be read must name the failed call: %+v", fs)
	}
}

func TestBeanstalkEnhancedHealth(t *testing.T) {
	runCases(t, beanstalkEnhancedHealth, []statusCase{
		{"enhanced", environment("env1", nil), map[string]Status{"/app/env1": Pass}},
		{"basic", environment("env1", func(e *inventory.BeanstalkEnvironment, _ *inventory.BeanstalkPlatform) { e.HealthReporting = "basic" }),
			map[string]Status{"/app/env1": Fail}},
		{"settings unreadable", settingsUnread, map[string]Status{"/app/env1": Unknown}},
		{"listing denied", denied("elasticbeanstalk", "us-east-1", "DescribeEnvironments", ""), map[string]Status{ebAll: Unknown}},
	})
}

func TestBeanstalkLogStreaming(t *testing.T) {
	runCases(t, beanstalkLogStreaming, []statusCase{
		{"streamed", environment("env1", nil), map[string]Status{"/app/env1": Pass}},
		{"not streamed", environment("env1", func(e *inventory.BeanstalkEnvironment, _ *inventory.BeanstalkPlatform) { e.StreamLogs = false }),
			map[string]Status{"/app/env1": Fail}},
		{"settings unreadable", settingsUnread, map[string]Status{"/app/env1": Unknown}},
		{"listing denied", denied("elasticbeanstalk", "us-east-1", "DescribeEnvironments", ""), map[string]Status{ebAll: Unknown}},
	})
}
