package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// eksChecks are the customer's duties on EKS. The control plane is a
// container service: AWS runs, patches and scales it, the customer
// chooses its Kubernetes version, who may reach its API, what it logs and
// how it encrypts secrets.
//
// Managed node groups sit on the same line: AWS builds and patches the EKS
// optimised AMIs, the customer must roll its nodes onto them (one
// UpdateNodegroupVersion call), as it must turn on an RDS engine upgrade.
// A node group on its own AMI (AMI type CUSTOM) is the customer's host
// from the OS up, infrastructure like self-managed nodes, and its results
// say so.
var eksChecks = []Check{eksEndpointPublic, eksControlPlaneLogging, eksVersionSupported, eksSecretsEncryption,
	eksNodeGroupVersionSkew, eksNodeGroupAMIOutdated}

func eksHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#" + control
}

func eksClusterResult(c inventory.EKSCluster, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: c.Region, ResourceARN: c.ARN, Message: msg, Evidence: ev}
}

// eksClusterNeeds are the reads every cluster check depends on.
var eksClusterNeeds = []Operation{op("eks", "ListClusters"), op("eks", "DescribeCluster")}

// eksVersion is one Kubernetes minor version's support on EKS.
type eksVersion struct {
	version                string
	endStandard, endExtend time.Time
}

func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// eksVersions is the Amazon EKS Kubernetes release calendar, newest first,
// from https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
// (the table "Amazon EKS Kubernetes release calendar", read in its
// revisions from 2024 to 2026: versions leave it when extended support
// ends, and 1.35 joined it in 2026). Dates are UTC: extended support, and its billing, starts
// on the end-of-standard-support day. Versions older than the table's
// oldest are past standard support; newer ones are within it.
var eksVersions = []eksVersion{
	{"1.35", utcDay(2027, 3, 27), utcDay(2028, 3, 27)},
	{"1.34", utcDay(2026, 12, 2), utcDay(2027, 12, 2)},
	{"1.33", utcDay(2026, 7, 29), utcDay(2027, 7, 29)},
	{"1.32", utcDay(2026, 3, 23), utcDay(2027, 3, 23)},
	{"1.31", utcDay(2025, 11, 26), utcDay(2026, 11, 26)},
	{"1.30", utcDay(2025, 7, 23), utcDay(2026, 7, 23)},
	{"1.29", utcDay(2025, 3, 23), utcDay(2026, 3, 23)},
	{"1.28", utcDay(2024, 11, 26), utcDay(2025, 11, 26)},
	{"1.27", utcDay(2024, 7, 24), utcDay(2025, 7, 24)},
	{"1.26", utcDay(2024, 6, 11), utcDay(2025, 6, 11)},
	{"1.25", utcDay(2024, 5, 1), utcDay(2025, 5, 1)},
	{"1.24", utcDay(2024, 1, 31), utcDay(2025, 1, 31)},
	{"1.23", utcDay(2023, 10, 11), utcDay(2024, 10, 11)},
}

// minorOf reads the minor number of a Kubernetes version ("1.31",
// "1.31.2", "v1.31"); ok is false for anything else.
func minorOf(v string) (minor int, ok bool) {
	parts := strings.Split(strings.TrimPrefix(v, "v"), ".")
	if len(parts) < 2 || parts[0] != "1" {
		return 0, false
	}
	n, err := strconv.Atoi(parts[1])
	return n, err == nil
}

var eksEndpointPublic = Check{
	ID:           "eks-cluster-endpoint-public",
	Title:        "EKS cluster API endpoint is open to the internet",
	Description:  "With public access on and 0.0.0.0/0 among the allowed sources (the default when none are set), anyone on the internet can reach the cluster's Kubernetes API server; only authentication stands between it and a leaked token, a misconfigured RBAC binding or an API server vulnerability. AWS runs the endpoint; who may reach it is the customer's network choice. A public endpoint limited to named CIDR ranges, or a private endpoint, passes.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "eks",
	ServiceModel: Container,
	ResourceType: "AWS::EKS::Cluster",
	Remediation: Remediation{
		Text:    "Turn private endpoint access on and public access off, reaching the API from inside the VPC (or over a VPN or Direct Connect); if public access must stay, limit it to the CIDR ranges of your offices and CI.",
		Console: "EKS > Clusters > the cluster > Networking > Manage endpoint access: Private, or Public and private with the allowed CIDR blocks listed > Save changes.",
		CLI:     "aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true",
	},
	References: []string{"https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/eks-endpoint-no-public-access.html", eksHub("eks-1")},
	Needs: eksClusterNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.EKS.Clusters {
			ev := map[string]any{"endpoint_public_access": c.EndpointPublicAccess, "endpoint_private_access": c.EndpointPrivateAccess}
			if !c.EndpointPublicAccess {
				out = append(out, eksClusterResult(c, Pass, "cluster "+c.Name+"'s API endpoint is private: it answers only inside its VPC", ev))
				continue
			}
			cidrs := c.PublicAccessCIDRs
			if len(cidrs) == 0 {
				// EKS gives 0.0.0.0/0 when no source was set.
				cidrs = []string{"0.0.0.0/0"}
			}
			ev["public_access_cidrs"] = cidrs
			open := slices.ContainsFunc(cidrs, func(s string) bool { return s == "0.0.0.0/0" || s == "::/0" })
			if open {
				out = append(out, eksClusterResult(c, Fail, "cluster "+c.Name+"'s API endpoint answers anyone on the internet (public access from 0.0.0.0/0)", ev))
			} else {
				out = append(out, eksClusterResult(c, Pass, "cluster "+c.Name+"'s public API endpoint answers only "+strings.Join(cidrs, ", "), ev))
			}
		}
		return out
	},
}

// eksRequiredLogs are the control-plane logs that say who did what in the
// Kubernetes API: audit records each request, authenticator which IAM
// identity it was mapped to.
var eksRequiredLogs = []string{"audit", "authenticator"}

var eksControlPlaneLogging = Check{
	ID:            "eks-cluster-control-plane-logging",
	Title:         "EKS cluster does not log API audit and authentication",
	Description:   "EKS sends control-plane logs to CloudWatch Logs only for the log types turned on, and none is by default. Without the audit log no record says which requests the API server served, and without the authenticator log none says which IAM principal stood behind a Kubernetes user; an incident in the cluster can then not be traced. AWS runs the control plane and its logging; turning the logs on is the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "eks",
	ServiceModel:  Container,
	ResourceType:  "AWS::EKS::Cluster",
	Remediation: Remediation{
		Text:    "Turn on at least the audit and authenticator control-plane log types (api, controllerManager and scheduler help troubleshooting), and set a retention on the /aws/eks/<cluster>/cluster log group.",
		Console: "EKS > Clusters > the cluster > Observability > Control plane logging > Manage logging: turn on Audit and Authenticator > Save changes.",
		CLI:     "aws eks update-cluster-config --name <cluster> --logging '{\"clusterLogging\":[{\"types\":[\"audit\",\"authenticator\"],\"enabled\":true}]}'",
	},
	References: []string{"https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html", eksHub("eks-8")},
	Needs:      eksClusterNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.EKS.Clusters {
			var missing []string
			for _, t := range eksRequiredLogs {
				if !slices.Contains(c.LogTypes, t) {
					missing = append(missing, t)
				}
			}
			ev := map[string]any{"enabled_log_types": nonNil(c.LogTypes), "missing_log_types": nonNil(missing)}
			if len(missing) == 0 {
				out = append(out, eksClusterResult(c, Pass, "cluster "+c.Name+" logs "+strings.Join(c.LogTypes, ", "), ev))
				continue
			}
			on := "no control-plane log type"
			if len(c.LogTypes) > 0 {
				on = "only " + strings.Join(c.LogTypes, ", ")
			}
			out = append(out, eksClusterResult(c, Fail, fmt.Sprintf("cluster %s does not log %s: it logs %s", c.Name, strings.Join(missing, " or "), on), ev))
		}
		return out
	},
}

// nonNil keeps an empty list a list in the evidence's JSON.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

var eksVersionSupported = Check{
	ID:            "eks-cluster-version-supported",
	Title:         "EKS cluster runs a Kubernetes version past standard support",
	Description:   "EKS gives a Kubernetes minor version 14 months of standard support and then 12 of extended support, at six times the hourly price, after which it upgrades the control plane itself. AWS patches the control plane of a supported version; choosing the version, and upgrading before the upstream community stops fixing it, is the customer's half of patch management. Judged against the EKS release calendar written into srmscan, on the day the scan ran.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "eks",
	ServiceModel:  Container,
	ResourceType:  "AWS::EKS::Cluster",
	Remediation: Remediation{
		Text:    "Upgrade the control plane one minor version at a time to a version in standard support, after checking removed APIs and add-on compatibility (EKS upgrade insights); then upgrade the node groups and add-ons.",
		Console: "EKS > Clusters > the cluster > Upgrade now: choose the next Kubernetes version > Update.",
		CLI:     "aws eks update-cluster-version --name <cluster> --kubernetes-version <next-minor-version>",
	},
	References: []string{"https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html",
		"https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html", eksHub("eks-2")},
	Needs: eksClusterNeeds,
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, c := range inv.EKS.Clusters {
			ev := map[string]any{"version": c.Version}
			minor, ok := minorOf(c.Version)
			if !ok {
				out = append(out, eksClusterResult(c, Unknown, fmt.Sprintf("cluster %s's Kubernetes version %q was not read or is not one srmscan knows", c.Name, c.Version), ev))
				continue
			}
			newest, _ := minorOf(eksVersions[0].version)
			oldest := eksVersions[len(eksVersions)-1]
			oldestMinor, _ := minorOf(oldest.version)
			i := slices.IndexFunc(eksVersions, func(v eksVersion) bool { m, _ := minorOf(v.version); return m == minor })
			switch {
			case minor > newest:
				out = append(out, eksClusterResult(c, Pass, fmt.Sprintf("cluster %s runs Kubernetes %s, newer than srmscan's release calendar, so in standard support", c.Name, c.Version), ev))
			case minor < oldestMinor:
				ev["end_of_standard_support"] = "before " + oldest.endStandard.Format(time.DateOnly)
				out = append(out, eksClusterResult(c, Fail, fmt.Sprintf("cluster %s runs Kubernetes %s, older than %s, whose standard support ended on %s",
					c.Name, c.Version, oldest.version, oldest.endStandard.Format(time.DateOnly)), ev))
			default:
				v := eksVersions[i]
				ev["end_of_standard_support"] = v.endStandard.Format(time.DateOnly)
				ev["end_of_extended_support"] = v.endExtend.Format(time.DateOnly)
				switch {
				case cfg.Now.Before(v.endStandard):
					out = append(out, eksClusterResult(c, Pass, fmt.Sprintf("cluster %s runs Kubernetes %s, in standard support until %s", c.Name, c.Version, v.endStandard.Format(time.DateOnly)), ev))
				case cfg.Now.Before(v.endExtend):
					ev["extended_support"] = true
					out = append(out, eksClusterResult(c, Fail, fmt.Sprintf("cluster %s runs Kubernetes %s, past standard support since %s: in extended support until %s, then EKS upgrades it",
						c.Name, c.Version, v.endStandard.Format(time.DateOnly), v.endExtend.Format(time.DateOnly)), ev))
				default:
					out = append(out, eksClusterResult(c, Fail, fmt.Sprintf("cluster %s runs Kubernetes %s, past extended support since %s: EKS will upgrade it on a date of its choosing",
						c.Name, c.Version, v.endExtend.Format(time.DateOnly)), ev))
				}
			}
		}
		return out
	},
}

var eksSecretsEncryption = Check{
	ID:           "eks-cluster-secrets-encryption",
	Title:        "EKS cluster does not envelope-encrypt Kubernetes secrets with KMS",
	Description:  "EKS encrypts the etcd volumes at rest, but with envelope encryption a KMS key of the customer's also encrypts each Kubernetes secret, so reading secrets out of etcd or a backup of it takes that key too, and every use of the key is in CloudTrail. Clusters created on Kubernetes 1.28 or later have AWS-owned-key envelope encryption by default; naming a customer key remains the customer's choice.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "eks",
	ServiceModel: Container,
	ResourceType: "AWS::EKS::Cluster",
	Remediation: Remediation{
		Text:    "Associate a symmetric KMS key for secrets encryption (it cannot be removed afterwards), then rewrite existing secrets so they are encrypted with it.",
		Console: "EKS > Clusters > the cluster > Overview > Secrets encryption > Enable: choose the KMS key > Enable.",
		CLI:     "aws eks associate-encryption-config --cluster-name <cluster> --encryption-config '[{\"resources\":[\"secrets\"],\"provider\":{\"keyArn\":\"<kms-key-arn>\"}}]'",
	},
	References: []string{"https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html", eksHub("eks-3")},
	Needs:      eksClusterNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.EKS.Clusters {
			if c.SecretsKeyARN != "" {
				out = append(out, eksClusterResult(c, Pass, "cluster "+c.Name+" encrypts its secrets with KMS key "+c.SecretsKeyARN, map[string]any{"secrets_key_arn": c.SecretsKeyARN}))
			} else {
				out = append(out, eksClusterResult(c, Fail, "cluster "+c.Name+" names no KMS key for its Kubernetes secrets", map[string]any{"secrets_key_arn": ""}))
			}
		}
		return out
	},
}

// eksNodeGroupNeeds are the reads the node group checks depend on. A
// failed ListNodegroups is recorded against its cluster; nodeGroupsUnread
// turns it into a result on the cluster.
var eksNodeGroupNeeds = []Operation{op("eks", "ListClusters"), op("eks", "ListNodegroups"), op("eks", "DescribeNodegroup")}

// nodeGroupsUnread gives a result on every cluster whose node groups could
// not be listed; Run makes it unknown, naming the failed call.
func nodeGroupsUnread(inv *inventory.Inventory) []Result {
	var out []Result
	for _, e := range inv.Errors {
		if e.Service == "eks" && e.Operation == "ListNodegroups" && e.ResourceARN != "" {
			out = append(out, Result{Status: Unknown, Region: e.Region, ResourceARN: e.ResourceARN, ResourceType: "AWS::EKS::Cluster",
				Message: "the cluster's managed node groups could not be listed"})
		}
	}
	return out
}

func nodeGroupResult(g inventory.NodeGroup, st Status, msg string, ev map[string]any) Result {
	r := Result{Status: st, Region: g.Region, ResourceARN: g.ARN, Message: msg, Evidence: ev}
	if g.AMIType == "CUSTOM" {
		r.ServiceModel = Infrastructure
	}
	return r
}

var eksNodeGroupVersionSkew = Check{
	ID:            "eks-nodegroup-version-skew",
	Title:         "EKS managed node group runs an older Kubernetes version than its cluster",
	Description:   "Upgrading a cluster's control plane leaves its managed node groups on the version they had: their kubelets, and the AMI they run, stay behind until the customer updates each group. EKS recommends the same version on nodes and control plane; Kubernetes supports nodes at most three minor versions behind. AWS publishes the updated AMIs; rolling the nodes onto them is the customer's half of patch management. A node group on a custom AMI is placed under the infrastructure model: the customer builds its OS as well.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "eks",
	ServiceModel:  Container,
	ResourceType:  "AWS::EKS::Nodegroup",
	Remediation: Remediation{
		Text:    "Update the node group to the cluster's Kubernetes version (and the latest AMI release for it); EKS replaces the nodes in a rolling update that respects pod disruption budgets.",
		Console: "EKS > Clusters > the cluster > Compute > Node groups > the node group > Update now: Update node group version > Update.",
		CLI:     "aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <node-group>",
	},
	References: []string{"https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html",
		"https://kubernetes.io/releases/version-skew-policy/"},
	Needs: append([]Operation{op("eks", "DescribeCluster")}, eksNodeGroupNeeds...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		clusters := map[string]inventory.EKSCluster{}
		for _, c := range inv.EKS.Clusters {
			clusters[c.Region+"/"+c.Name] = c
		}
		out := nodeGroupsUnread(inv)
		for _, g := range inv.EKS.NodeGroups {
			c := clusters[g.Region+"/"+g.ClusterName]
			ev := map[string]any{"cluster": g.ClusterName, "version": g.Version, "cluster_version": c.Version, "ami_type": g.AMIType}
			cm, ok1 := minorOf(c.Version)
			gm, ok2 := minorOf(g.Version)
			if !ok1 || !ok2 {
				out = append(out, nodeGroupResult(g, Unknown, fmt.Sprintf("node group %s or its cluster %s has no Kubernetes version srmscan could read", g.Name, g.ClusterName), ev))
				continue
			}
			if gm >= cm {
				out = append(out, nodeGroupResult(g, Pass, fmt.Sprintf("node group %s runs Kubernetes %s, as its cluster %s does", g.Name, g.Version, g.ClusterName), ev))
				continue
			}
			ev["minor_versions_behind"] = cm - gm
			out = append(out, nodeGroupResult(g, Fail, fmt.Sprintf("node group %s runs Kubernetes %s, %d minor version(s) behind its cluster %s (%s)",
				g.Name, g.Version, cm-gm, g.ClusterName, c.Version), ev))
		}
		return out
	},
}

// releaseDateRE finds the build date in an EKS optimised AMI release
// version: "1.31.2-20241121" (Amazon Linux) or "2024.11.21"-style
// (Windows). Bottlerocket's ("1.26.2-360b7a38") carries none.
var releaseDateRE = regexp.MustCompile(`(?:^|-)(\d{4})\.?(\d{2})\.?(\d{2})$`)

// releaseDate reads the build date of an AMI release version.
func releaseDate(release string) (time.Time, bool) {
	m := releaseDateRE.FindStringSubmatch(release)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", m[1]+m[2]+m[3])
	return t, err == nil
}

var eksNodeGroupAMIOutdated = Check{
	ID:            "eks-nodegroup-ami-outdated",
	Title:         "EKS managed node group runs an old AMI release",
	Description:   "AWS rebuilds the EKS optimised AMIs every few weeks with the OS's and the container runtime's security fixes, but a managed node group keeps the release it was last updated to until the customer updates it. A release older than the allowed image age (default 180 days, as for EC2 instances) means months of unapplied OS patches on every node. Judged from the build date in the node group's release version, which Amazon Linux and Windows releases carry; Bottlerocket releases carry none, and node groups on a custom AMI are judged as EC2 instances by ec2-instance-ami-age.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "eks",
	ServiceModel:  Container,
	ResourceType:  "AWS::EKS::Nodegroup",
	Remediation: Remediation{
		Text:    "Update the node group to the latest AMI release for its Kubernetes version, and schedule such updates (for example monthly, from an EventBridge rule on new releases).",
		Console: "EKS > Clusters > the cluster > Compute > Node groups > the node group > Update now: Update AMI version > Update.",
		CLI:     "aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <node-group>",
	},
	References: []string{"https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html",
		"https://docs.aws.amazon.com/eks/latest/userguide/eks-linux-ami-versions.html"},
	Needs: eksNodeGroupNeeds,
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		out := nodeGroupsUnread(inv)
		for _, g := range inv.EKS.NodeGroups {
			if g.AMIType == "CUSTOM" {
				continue
			}
			ev := map[string]any{"cluster": g.ClusterName, "release_version": g.ReleaseVersion, "ami_type": g.AMIType, "max_age_days": cfg.MaxAMIAgeDays}
			if len(g.HealthIssues) > 0 {
				ev["health_issues"] = g.HealthIssues
			}
			built, ok := releaseDate(g.ReleaseVersion)
			if !ok {
				if g.ReleaseVersion == "" {
					out = append(out, nodeGroupResult(g, Unknown, "node group "+g.Name+"'s AMI release was not read", ev))
				}
				continue
			}
			age := daysBetween(built, cfg.Now)
			ev["age_days"] = age
			if age > cfg.MaxAMIAgeDays {
				out = append(out, nodeGroupResult(g, Fail, fmt.Sprintf("node group %s runs AMI release %s, built %d days ago (more than %d)", g.Name, g.ReleaseVersion, age, cfg.MaxAMIAgeDays), ev))
			} else {
				out = append(out, nodeGroupResult(g, Pass, fmt.Sprintf("node group %s runs AMI release %s, built %d days ago", g.Name, g.ReleaseVersion, age), ev))
			}
		}
		return out
	},
}
