package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// beanstalkChecks are the customer's duties on Elastic Beanstalk, a
// container service: AWS builds, patches and retires the platforms (OS,
// language runtime, web server), the customer chooses a platform, whether
// its patches are applied (managed platform updates), and how the
// environment reports health and ships logs.
var beanstalkChecks = []Check{beanstalkManagedUpdates, beanstalkPlatformSupported, beanstalkEnhancedHealth, beanstalkLogStreaming}

func beanstalkHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticbeanstalk-controls.html#" + control
}

func environmentResult(e inventory.BeanstalkEnvironment, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: e.Region, ResourceARN: e.ARN, Message: msg, Evidence: ev}
}

func environmentName(e inventory.BeanstalkEnvironment) string {
	return "environment " + e.Name + " (" + e.ApplicationName + ")"
}

// beanstalkSettingsNeeds are the reads of the checks on an environment's
// option settings.
var beanstalkSettingsNeeds = []Operation{op("elasticbeanstalk", "DescribeEnvironments"), op("elasticbeanstalk", "DescribeConfigurationSettings")}

var beanstalkManagedUpdates = Check{
	ID:            "elasticbeanstalk-managed-updates",
	Title:         "Elastic Beanstalk environment does not apply platform updates",
	Description:   "AWS patches Elastic Beanstalk platforms (the OS, the language runtime, the web server) by releasing new platform versions; an environment takes them only through managed platform updates, in a weekly maintenance window, or when someone updates it by hand. With managed updates off, the environment's instances keep the platform version they were launched with, and every fix released since. Turning them on is the customer's half of patch management.",
	Severity:      High,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "elasticbeanstalk",
	ServiceModel:  Container,
	ResourceType:  "AWS::ElasticBeanstalk::Environment",
	Remediation: Remediation{
		Text:    "Turn managed platform updates on with update level minor (or at least patch) and a weekly maintenance window; managed updates need enhanced health reporting.",
		Console: "Elastic Beanstalk > Environments > the environment > Configuration > Updates, monitoring, and logging > Edit: Managed platform updates: Activated, Update level: Minor and patch > Apply.",
		CLI:     "aws elasticbeanstalk update-environment --environment-name <environment> --option-settings Namespace=aws:elasticbeanstalk:managedactions,OptionName=ManagedActionsEnabled,Value=true Namespace=aws:elasticbeanstalk:managedactions,OptionName=PreferredStartTime,Value=Sun:10:00 Namespace=aws:elasticbeanstalk:managedactions:platformupdate,OptionName=UpdateLevel,Value=minor",
	},
	References: []string{"https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environment-platform-update-managed.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/elastic-beanstalk-managed-updates-enabled.html", beanstalkHub("elasticbeanstalk-2")},
	Needs: beanstalkSettingsNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, e := range inv.ElasticBeanstalk.Environments {
			ev := map[string]any{"managed_actions_enabled": e.ManagedActions}
			if e.UpdateLevel != "" {
				ev["update_level"] = e.UpdateLevel
			}
			if e.ManagedActions {
				out = append(out, environmentResult(e, Pass, fmt.Sprintf("%s applies managed platform updates (level %s)", environmentName(e), orNone(e.UpdateLevel)), ev))
			} else {
				out = append(out, environmentResult(e, Fail, environmentName(e)+" has managed platform updates off: platform patches wait for a manual update", ev))
			}
		}
		return out
	},
}

var beanstalkPlatformSupported = Check{
	ID:            "elasticbeanstalk-platform-supported",
	Title:         "Elastic Beanstalk environment runs a deprecated or retired platform",
	Description:   "Elastic Beanstalk deprecates a platform branch when its OS or language version nears the end of its support, and retires it 90 days or more later; a retired branch gets no more platform versions, so no more security fixes, and managed updates cannot move an environment off it (they stay within the branch). Moving to a supported branch is the customer's half of patch management. Platform versions outside branches (custom platforms, legacy Amazon Linux AMI platforms) have no lifecycle state; their verdict is unknown.",
	Severity:      High,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "elasticbeanstalk",
	ServiceModel:  Container,
	ResourceType:  "AWS::ElasticBeanstalk::Environment",
	Remediation: Remediation{
		Text:    "Move the environment to a supported platform branch: test the application on it in a cloned environment, then swap CNAMEs (blue/green), or update the environment's platform in place.",
		Console: "Elastic Beanstalk > Environments > the environment > Actions > Change platform version (within a branch), or create a new environment on a supported branch and Swap environment domain.",
		CLI:     "aws elasticbeanstalk update-environment --environment-name <environment> --platform-arn <supported-platform-arn>",
	},
	References: []string{"https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/platforms-support-policy.html",
		"https://docs.aws.amazon.com/elasticbeanstalk/latest/platforms/platforms-retiring.html"},
	Needs: []Operation{op("elasticbeanstalk", "DescribeEnvironments"), op("elasticbeanstalk", "DescribePlatformVersion")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		platforms := map[string]inventory.BeanstalkPlatform{}
		for _, p := range inv.ElasticBeanstalk.Platforms {
			platforms[p.Region+"/"+p.ARN] = p
		}
		var out []Result
		for _, e := range inv.ElasticBeanstalk.Environments {
			ev := map[string]any{"platform_arn": e.PlatformARN}
			if e.SolutionStack != "" {
				ev["solution_stack"] = e.SolutionStack
			}
			p, ok := platforms[e.Region+"/"+e.PlatformARN]
			if !ok {
				r := environmentResult(e, Unknown, environmentName(e)+"'s platform version was not read", ev)
				// The platform's read failed once for every environment on it.
				for _, fe := range inv.Errors {
					if fe.Service == "elasticbeanstalk" && fe.Operation == "DescribePlatformVersion" && fe.Region == e.Region && fe.ResourceARN == e.PlatformARN {
						r = unknownFrom(r, fe)
						break
					}
				}
				out = append(out, r)
				continue
			}
			ev["branch"] = p.BranchName
			ev["branch_lifecycle_state"] = p.BranchLifecycleState
			if p.LifecycleState != "" {
				ev["lifecycle_state"] = p.LifecycleState
			}
			state := p.BranchLifecycleState
			for _, s := range []string{p.BranchLifecycleState, p.LifecycleState} {
				if strings.EqualFold(s, "Deprecated") || strings.EqualFold(s, "Retired") {
					state = s
				}
			}
			switch {
			case strings.EqualFold(state, "Deprecated") || strings.EqualFold(state, "Retired"):
				out = append(out, environmentResult(e, Fail, fmt.Sprintf("%s runs %s %s, on a %s platform branch", environmentName(e), p.Name, p.Version, strings.ToLower(state)), ev))
			case state == "":
				out = append(out, environmentResult(e, Unknown, fmt.Sprintf("%s runs %s %s, which belongs to no platform branch and has no lifecycle state", environmentName(e), p.Name, p.Version), ev))
			default:
				out = append(out, environmentResult(e, Pass, fmt.Sprintf("%s runs %s %s, on a %s platform branch", environmentName(e), p.Name, p.Version, strings.ToLower(state)), ev))
			}
		}
		return out
	},
}

var beanstalkEnhancedHealth = Check{
	ID:            "elasticbeanstalk-enhanced-health",
	Title:         "Elastic Beanstalk environment has enhanced health reporting off",
	Description:   "Basic health reporting judges an environment by its load balancer's health checks alone; enhanced health reporting has an agent on each instance report requests, latency, load and deployment state, so failing instances and failed deployments show before users notice, and managed platform updates require it. AWS runs the health service; turning it on is the customer's configuration.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "elasticbeanstalk",
	ServiceModel:  Container,
	ResourceType:  "AWS::ElasticBeanstalk::Environment",
	Remediation: Remediation{
		Text:    "Set the health reporting system to enhanced (the instance profile needs the AWSElasticBeanstalkEnhancedHealth permissions, which the default profile has).",
		Console: "Elastic Beanstalk > Environments > the environment > Configuration > Updates, monitoring, and logging > Edit: Health reporting System: Enhanced > Apply.",
		CLI:     "aws elasticbeanstalk update-environment --environment-name <environment> --option-settings Namespace=aws:elasticbeanstalk:healthreporting:system,OptionName=SystemType,Value=enhanced",
	},
	References: []string{"https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/health-enhanced.html", beanstalkHub("elasticbeanstalk-1")},
	Needs:      beanstalkSettingsNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, e := range inv.ElasticBeanstalk.Environments {
			ev := map[string]any{"system_type": orNone(e.HealthReporting)}
			if strings.EqualFold(e.HealthReporting, "enhanced") {
				out = append(out, environmentResult(e, Pass, environmentName(e)+" has enhanced health reporting", ev))
			} else {
				out = append(out, environmentResult(e, Fail, fmt.Sprintf("%s reports health as %s, not enhanced", environmentName(e), orNone(e.HealthReporting)), ev))
			}
		}
		return out
	},
}

var beanstalkLogStreaming = Check{
	ID:            "elasticbeanstalk-logs-to-cloudwatch",
	Title:         "Elastic Beanstalk environment does not stream logs to CloudWatch",
	Description:   "Without log streaming an environment's instance and application logs live only on its instances, which Auto Scaling replaces and managed updates rebuild: the logs of an incident are gone with the instance. Streaming them to CloudWatch Logs keeps them, with the retention the customer sets. AWS provides the streaming; turning it on is the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "elasticbeanstalk",
	ServiceModel:  Container,
	ResourceType:  "AWS::ElasticBeanstalk::Environment",
	Remediation: Remediation{
		Text:    "Turn instance log streaming to CloudWatch Logs on, with a retention that meets your log-keeping policy.",
		Console: "Elastic Beanstalk > Environments > the environment > Configuration > Updates, monitoring, and logging > Edit: Instance log streaming to CloudWatch Logs: Activated, Retention > Apply.",
		CLI:     "aws elasticbeanstalk update-environment --environment-name <environment> --option-settings Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=StreamLogs,Value=true Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=RetentionInDays,Value=90",
	},
	References: []string{"https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.cloudwatchlogs.html", beanstalkHub("elasticbeanstalk-3")},
	Needs:      beanstalkSettingsNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, e := range inv.ElasticBeanstalk.Environments {
			ev := map[string]any{"stream_logs": e.StreamLogs}
			if e.StreamLogs {
				out = append(out, environmentResult(e, Pass, environmentName(e)+" streams its logs to CloudWatch Logs", ev))
			} else {
				out = append(out, environmentResult(e, Fail, environmentName(e)+" keeps its logs on its instances only", ev))
			}
		}
		return out
	},
}
