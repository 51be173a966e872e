package checks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ecsChecks are the customer's duties on Amazon ECS. ECS sits in the
// container model: AWS runs the control plane; what the containers may do
// on their hosts, what they are given and how they are reached are the
// customer's. Where a task runs moves the line further, per resource (see
// ecsPlacement): on Fargate AWS also runs and patches the hosts
// (abstracted); on EC2 container instances the customer patches them, and
// the hosts themselves are infrastructure (ecs-container-instance-agent-
// outdated).
var ecsChecks = []Check{
	ecsPrivileged, ecsHostNamespaces, ecsRunAsRoot, ecsWritableRoot,
	ecsEnvironmentSecrets, ecsNoLogging, ecsServicePublicIP, ecsAgentOutdated,
}

func ecsHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#" + control
}

const ecsTaskDefinitionDoc = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html"

// ecsPlacement says where each ECS service and task definition sits on
// the responsibility line, and why.
type ecsPlacement struct {
	clusters map[string]inventory.ECSCluster   // by region/name
	taskDefs map[string][]inventory.ECSService // services by task definition ARN
}

func newECSPlacement(inv *inventory.Inventory) ecsPlacement {
	p := ecsPlacement{clusters: map[string]inventory.ECSCluster{}, taskDefs: map[string][]inventory.ECSService{}}
	for _, c := range inv.ECS.Clusters {
		p.clusters[c.Region+"/"+c.Name] = c
	}
	for _, s := range inv.ECS.Services {
		if s.TaskDefinition != "" {
			p.taskDefs[s.TaskDefinition] = append(p.taskDefs[s.TaskDefinition], s)
		}
	}
	return p
}

func ecsFargateProvider(name string) bool { return name == "FARGATE" || name == "FARGATE_SPOT" }

// service places a service by its launch type, else by its capacity
// provider strategy, else by its cluster's default strategy. A strategy
// is abstracted only when every provider in it is Fargate's: one Auto
// Scaling group provider puts tasks on hosts the customer patches. A
// service that names none of these runs on EC2, as ECS then launches it.
func (p ecsPlacement) service(s inventory.ECSService) (ServiceModel, string) {
	switch s.LaunchType {
	case "FARGATE":
		return Abstracted, "launch type FARGATE"
	case "EC2", "EXTERNAL":
		return Container, "launch type " + s.LaunchType
	}
	strategy, whose := s.CapacityProviderStrategy, "its capacity provider strategy"
	if len(strategy) == 0 {
		strategy, whose = p.clusters[s.Region+"/"+s.Cluster].DefaultStrategy, "cluster "+s.Cluster+"'s default capacity provider strategy"
	}
	if len(strategy) == 0 {
		return Container, "no launch type or capacity provider strategy: ECS launches it on EC2"
	}
	var names []string
	for _, i := range strategy {
		names = append(names, i.Provider)
	}
	if !slices.ContainsFunc(names, func(n string) bool { return !ecsFargateProvider(n) }) {
		return Abstracted, whose + " (" + strings.Join(names, ", ") + ") is Fargate only"
	}
	return Container, whose + " (" + strings.Join(names, ", ") + ") includes EC2 capacity"
}

// taskDefinition places a revision by the services that run it: on
// Fargate only, abstracted; if any runs it on EC2, container, since the
// flaw then reaches hosts the customer patches. A revision no service
// runs is placed by what it requires: FARGATE alone is abstracted; EC2,
// EXTERNAL, both EC2 and FARGATE, or nothing (ECS then validates it for
// EC2) is container, since RunTask may place it on EC2 hosts.
func (p ecsPlacement) taskDefinition(td inventory.TaskDefinition) (ServiceModel, string) {
	if svcs := p.taskDefs[td.ARN]; len(svcs) > 0 {
		var names []string
		model := Abstracted
		for _, s := range svcs {
			names = append(names, s.Name)
			if m, _ := p.service(s); m == Container {
				model = Container
			}
		}
		if model == Abstracted {
			return Abstracted, "run on Fargate by service " + strings.Join(names, ", ")
		}
		return Container, "run on EC2 capacity by a service among " + strings.Join(names, ", ")
	}
	if td.RequiresOnly("FARGATE") {
		return Abstracted, "requires FARGATE only"
	}
	if len(td.RequiresCompatibilities) == 0 {
		return Container, "no required compatibility: ECS validates it for EC2"
	}
	return Container, "requires " + strings.Join(td.RequiresCompatibilities, " and ") + ": it can run on EC2 hosts"
}

// ecsEachTaskDefinition judges every task definition whose containers were
// read with judge, placing it on the line; one whose containers are not
// known is unknown (Run also makes it so when its read failed).
func ecsEachTaskDefinition(inv *inventory.Inventory, judge func(td inventory.TaskDefinition) (Status, string, map[string]any)) []Result {
	p := newECSPlacement(inv)
	var out []Result
	for _, td := range inv.ECS.TaskDefinitions {
		model, why := p.taskDefinition(td)
		name := fmt.Sprintf("task definition %s:%d", td.Family, td.Revision)
		r := Result{Region: td.Region, ResourceARN: td.ARN, ServiceModel: model}
		if len(td.Containers) == 0 {
			r.Status, r.Message = Unknown, name+"'s container definitions were not read"
			out = append(out, r)
			continue
		}
		st, msg, ev := judge(td)
		if st == "" {
			continue
		}
		if ev == nil {
			ev = map[string]any{}
		}
		ev["placement"] = why
		r.Status, r.Message, r.Evidence = st, name+" "+msg, ev
		out = append(out, r)
	}
	return out
}

// ecsContainersWhere names the containers of td for which bad holds.
func ecsContainersWhere(td inventory.TaskDefinition, bad func(c inventory.ECSContainerDefinition) bool) []string {
	var names []string
	for _, c := range td.Containers {
		if bad(c) {
			names = append(names, c.Name)
		}
	}
	return names
}

var ecsTaskDefNeeds = []Operation{op("ecs", "ListTaskDefinitions"), op("ecs", "DescribeTaskDefinition")}

var ecsPrivileged = Check{
	ID:            "ecs-task-definition-privileged",
	Title:         "Task definition runs a privileged container",
	Description:   "A privileged container is root on its host: it sees the host's devices and can load kernel modules, so one compromised container owns the container instance and every task on it. ECS allows it on EC2 and external instances only (Fargate refuses it). AWS runs the orchestration; what a task may do on its host is the customer's configuration. Every ACTIVE revision is judged: any of them can still be launched.",
	Severity:      High,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecs",
	ServiceModel:  Container,
	ResourceType:  "AWS::ECS::TaskDefinition",
	Remediation: Remediation{
		Text:    "Register a new revision with privileged false (or left out) on every container, granting only the Linux capabilities it needs (linuxParameters.capabilities.add); move services to it and deregister the privileged revisions.",
		Console: "ECS > Task definitions > the family > the revision > Create new revision > each container: clear Privileged > Create; then update the services and deregister the old revision.",
		CLI:     "aws ecs register-task-definition --cli-input-json file://taskdef-without-privileged.json && aws ecs deregister-task-definition --task-definition <family>:<revision>",
	},
	References: []string{ecsTaskDefinitionDoc + "#container_definition_security", "https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-nonprivileged.html", ecsHub("ecs-4")},
	Needs:      ecsTaskDefNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return ecsEachTaskDefinition(inv, func(td inventory.TaskDefinition) (Status, string, map[string]any) {
			if bad := ecsContainersWhere(td, func(c inventory.ECSContainerDefinition) bool { return c.Privileged }); len(bad) > 0 {
				return Fail, "runs privileged container(s) " + strings.Join(bad, ", "), map[string]any{"privileged_containers": bad}
			}
			return Pass, "runs no privileged container", map[string]any{"privileged_containers": []string{}}
		})
	},
}

var ecsHostNamespaces = Check{
	ID:            "ecs-task-definition-host-namespaces",
	Title:         "Task definition shares the host's network or process namespace",
	Description:   "With network mode host a task's containers use the host's network stack: they reach the instance metadata service and every port on the host, and bypass the task-level security groups of awsvpc. With PID mode host they see, and as root can signal or trace, every process on the host, other tasks' included. Both are possible on EC2 and external instances only. AWS runs the orchestration; how far a task reaches into its host is the customer's configuration. Security Hub ECS.1 fails host networking only with a non-privileged root container; srmscan fails host networking itself.",
	Severity:      High,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecs",
	ServiceModel:  Container,
	ResourceType:  "AWS::ECS::TaskDefinition",
	Remediation: Remediation{
		Text:    "Register a new revision with network mode awsvpc (or bridge) and no pidMode (or task), move services to it and deregister the old revisions.",
		Console: "ECS > Task definitions > the family > the revision > Create new revision > Network mode: awsvpc; PID mode: none > Create; then update the services and deregister the old revision.",
		CLI:     "aws ecs register-task-definition --cli-input-json file://taskdef-awsvpc.json && aws ecs deregister-task-definition --task-definition <family>:<revision>",
	},
	References: []string{ecsTaskDefinitionDoc + "#network_mode", ecsTaskDefinitionDoc + "#other_task_definition_params",
		"https://docs.aws.amazon.com/config/latest/developerguide/ecs-task-definition-pid-mode-check.html", ecsHub("ecs-1"), ecsHub("ecs-3")},
	Needs: ecsTaskDefNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return ecsEachTaskDefinition(inv, func(td inventory.TaskDefinition) (Status, string, map[string]any) {
			ev := map[string]any{"network_mode": td.NetworkMode, "pid_mode": td.PIDMode}
			var shared []string
			if td.NetworkMode == "host" {
				shared = append(shared, "network (network mode host)")
			}
			if td.PIDMode == "host" {
				shared = append(shared, "process (PID mode host)")
			}
			if len(shared) > 0 {
				return Fail, "shares the host's " + strings.Join(shared, " and ") + " namespace", ev
			}
			return Pass, "shares neither the host's network nor its process namespace", ev
		})
	},
}

// ecsRootUser reports whether a container runs as root (Linux) or as the
// administrator (Windows). An empty user is the image's, which is root
// unless the image says otherwise; the task definition then does not
// ensure anything, so it counts as root, as AWS Config and Security Hub
// read it.
func ecsRootUser(td inventory.TaskDefinition, c inventory.ECSContainerDefinition) bool {
	if td.Windows() {
		return c.User == "" || strings.EqualFold(c.User, "ContainerAdministrator")
	}
	user, _, _ := strings.Cut(c.User, ":")
	return user == "" || user == "root" || user == "0"
}

var ecsRunAsRoot = Check{
	ID:            "ecs-task-definition-root-user",
	Title:         "Task definition runs a container as root",
	Description:   "A container whose user is root (or UID 0), or names no user and so runs as its image's (root for most images), turns any code execution in it into root inside the container: a step from the host on EC2 through a kernel or runtime flaw, and full control over the task's files, credentials and network everywhere. Windows containers are judged the same way against ContainerAdministrator. AWS runs the orchestration; the user a container runs as is the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecs",
	ServiceModel:  Container,
	ResourceType:  "AWS::ECS::TaskDefinition",
	Remediation: Remediation{
		Text:    "Set user on every container to a non-root user or UID (the image must allow it: own its writable paths by that user), register the revision, move services to it and deregister the old revisions.",
		Console: "ECS > Task definitions > the family > the revision > Create new revision > each container > Docker configuration > User: e.g. 1000 > Create.",
		CLI:     "aws ecs register-task-definition --cli-input-json file://taskdef-with-user.json",
	},
	References: []string{ecsTaskDefinitionDoc + "#container_definition_security",
		"https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html#ct-ecs-pr-3-description", ecsHub("ecs-1")},
	Needs: ecsTaskDefNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return ecsEachTaskDefinition(inv, func(td inventory.TaskDefinition) (Status, string, map[string]any) {
			bad := ecsContainersWhere(td, func(c inventory.ECSContainerDefinition) bool { return ecsRootUser(td, c) })
			if len(bad) > 0 {
				return Fail, "runs container(s) " + strings.Join(bad, ", ") + " as root (or as its image's user, none being set)", map[string]any{"root_containers": bad}
			}
			return Pass, "runs every container as a named non-root user", map[string]any{"root_containers": []string{}}
		})
	},
}

var ecsWritableRoot = Check{
	ID:            "ecs-task-definition-writable-root",
	Title:         "Task definition lets a container write to its root file system",
	Description:   "Without readonlyRootFilesystem a container can change its own binaries and configuration, so an intruder can persist and tamper unseen for as long as the task runs. Read-only roots with volumes for what must be written close that. Windows containers cannot have a read-only root, so Windows task definitions are not judged. AWS runs the orchestration; the container's file system settings are the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecs",
	ServiceModel:  Container,
	ResourceType:  "AWS::ECS::TaskDefinition",
	Remediation: Remediation{
		Text:    "Set readonlyRootFilesystem to true on every container, mounting a volume (or a tmpfs on EC2) where the application must write, then register the revision and move services to it.",
		Console: "ECS > Task definitions > the family > the revision > Create new revision > each container > Storage: Read only root file system > Create.",
		CLI:     "aws ecs register-task-definition --cli-input-json file://taskdef-readonly-root.json",
	},
	References: []string{ecsTaskDefinitionDoc + "#container_definition_storage",
		"https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html", ecsHub("ecs-5")},
	Needs: ecsTaskDefNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return ecsEachTaskDefinition(inv, func(td inventory.TaskDefinition) (Status, string, map[string]any) {
			if td.Windows() {
				return "", "", nil
			}
			bad := ecsContainersWhere(td, func(c inventory.ECSContainerDefinition) bool { return !c.ReadonlyRootFilesystem })
			if len(bad) > 0 {
				return Fail, "lets container(s) " + strings.Join(bad, ", ") + " write to their root file system", map[string]any{"writable_root_containers": bad}
			}
			return Pass, "gives every container a read-only root file system", map[string]any{"writable_root_containers": []string{}}
		})
	},
}

var ecsEnvironmentSecrets = Check{
	ID:           "ecs-task-definition-environment-secrets",
	Title:        "Task definition passes secrets in plain environment variables",
	Description:  "Plain environment variables are stored in the task definition: anyone who may describe task definitions (ecs:DescribeTaskDefinition, widely granted for read-only roles) reads them, and they show in the console, in CloudFormation and in every copy of the definition. Secrets belong in the container's secrets, which ECS fills from Secrets Manager or Parameter Store at launch under the execution role. A variable is reported when its name says it holds a secret (SECRET, PASSWORD, TOKEN, API_KEY and the like, unless it ends in a word such as FILE, PATH, ARN, URL or NAME that says it points to one) or its value has the shape of an AWS access key ID. The evidence names the variable and the rule, never the value; srmscan does not keep values. AWS stores the definition; what the customer puts in it is theirs.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "ecs",
	ServiceModel: Container,
	ResourceType: "AWS::ECS::TaskDefinition",
	Remediation: Remediation{
		Text:    "Store each secret in Secrets Manager or Parameter Store (SecureString), reference it under the container's secrets (name, valueFrom) instead of environment, let the execution role read it, rotate the exposed values, and deregister the revisions that held them.",
		Console: "ECS > Task definitions > the family > the revision > Create new revision > the container > Environment variables: change each to Value type ValueFrom with the secret's ARN > Create.",
		CLI:     "aws secretsmanager create-secret --name <name> --secret-string <value> && aws ecs register-task-definition --cli-input-json file://taskdef-with-secrets.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/ecs-no-environment-secrets.html", ecsHub("ecs-8")},
	Needs: ecsTaskDefNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return ecsEachTaskDefinition(inv, func(td inventory.TaskDefinition) (Status, string, map[string]any) {
			var found []map[string]string
			var names []string
			for _, c := range td.Containers {
				for _, v := range c.Environment {
					if rule := envSecretRule(v.Name, v.ValueShape); rule != "" {
						found = append(found, map[string]string{"container": c.Name, "variable": v.Name, "rule": rule})
						names = append(names, c.Name+"/"+v.Name)
					}
				}
			}
			if len(found) > 0 {
				return Fail, "passes what looks like secrets in plain environment variables: " + strings.Join(names, ", "), map[string]any{"secret_variables": found}
			}
			return Pass, "passes no plain environment variable that looks like a secret", map[string]any{"secret_variables": []map[string]string{}}
		})
	},
}

var ecsNoLogging = Check{
	ID:            "ecs-task-definition-logging",
	Title:         "Task definition has a container without a log configuration",
	Description:   "A container with no log configuration sends its output nowhere ECS keeps: on Fargate it is lost when the task stops, on EC2 it stays in the host's Docker logs until the host goes. What happened in a compromised or failing task then cannot be reconstructed. AWS runs the orchestration and CloudWatch Logs; configuring where containers log is the customer's.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecs",
	ServiceModel:  Container,
	ResourceType:  "AWS::ECS::TaskDefinition",
	Remediation: Remediation{
		Text:    "Give every container a logConfiguration (awslogs to CloudWatch Logs, or awsfirelens), register the revision and move services to it.",
		Console: "ECS > Task definitions > the family > the revision > Create new revision > each container > Logging: Use log collection, Amazon CloudWatch > Create.",
		CLI:     "aws ecs register-task-definition --cli-input-json file://taskdef-with-logconfiguration.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/ecs-task-definition-log-configuration.html", ecsHub("ecs-9")},
	Needs: ecsTaskDefNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return ecsEachTaskDefinition(inv, func(td inventory.TaskDefinition) (Status, string, map[string]any) {
			if bad := ecsContainersWhere(td, func(c inventory.ECSContainerDefinition) bool { return c.LogDriver == "" }); len(bad) > 0 {
				return Fail, "has container(s) " + strings.Join(bad, ", ") + " with no log configuration", map[string]any{"containers_without_logging": bad}
			}
			return Pass, "gives every container a log configuration", map[string]any{"containers_without_logging": []string{}}
		})
	},
}

var ecsServicePublicIP = Check{
	ID:           "ecs-service-public-ip",
	Title:        "Service assigns public IP addresses to its tasks",
	Description:  "A service whose awsvpc configuration has assignPublicIp ENABLED gives every task a public address, so the task's security group is all that stands between it and the internet; tasks in private subnets behind a load balancer, with NAT or VPC endpoints for what they call, are not reachable at all. Services without an awsvpc configuration (bridge or host networking on EC2) give tasks no address of their own. AWS runs the network; whether tasks face the internet is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "ecs",
	ServiceModel: Container,
	ResourceType: "AWS::ECS::Service",
	Remediation: Remediation{
		Text:    "Run the tasks in private subnets with assignPublicIp DISABLED, reaching them through a load balancer and letting them out through a NAT gateway or VPC endpoints.",
		Console: "ECS > Clusters > the cluster > Services > the service > Update > Networking: private subnets, Public IP off > Update.",
		CLI:     "aws ecs update-service --cluster <cluster> --service <service> --network-configuration 'awsvpcConfiguration={subnets=[<private-subnet>],securityGroups=[<sg>],assignPublicIp=DISABLED}'",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/ecs-service-assign-public-ip-disabled.html", ecsHub("ecs-2")},
	Needs: []Operation{op("ecs", "ListClusters"), op("ecs", "ListServices"), op("ecs", "DescribeServices")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		p := newECSPlacement(inv)
		var out []Result
		for _, s := range inv.ECS.Services {
			model, why := p.service(s)
			r := Result{Region: s.Region, ResourceARN: s.ARN, ServiceModel: model,
				Evidence: map[string]any{"assign_public_ip": s.AssignPublicIP, "placement": why}}
			name := "service " + s.Name + " (cluster " + s.Cluster + ")"
			switch {
			case s.Status == "":
				r.Status, r.Message, r.Evidence = Unknown, name+" was not described", nil
			case s.AssignPublicIP == "ENABLED":
				r.Status, r.Message = Fail, name+" assigns a public IP address to every task"
			case s.AssignPublicIP == "DISABLED":
				r.Status, r.Message = Pass, name+" assigns its tasks no public IP address"
			default:
				r.Status, r.Message = Pass, name+" has no awsvpc configuration: its tasks get no address of their own"
			}
			out = append(out, r)
		}
		return out
	},
}

// ecsAgentFloor is one row of the dated agent version table: from
// Required on, an agent older than Version is outdated.
type ecsAgentFloor struct {
	Version  string
	Required time.Time
	Why      string
	Source   string
}

// ecsAgentMaxAge is how long after the ECS-optimized AMI adopted an agent
// release an agent older than it counts as outdated. ECS ships a release
// every few weeks; a year behind means the hosts' update path (new AMIs,
// or UpdateContainerAgent) has stopped.
const ecsAgentMaxAge = 365 * 24 * time.Hour

func ecsDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// ecsAgentFloors is the dated table ecs-container-instance-agent-outdated
// judges by. Security fixes are required from their advisory's date;
// ordinary releases from a year after the ECS-optimized AMI adopted them
// (the dates of the "Update ECS Agent version" pull requests in
// github.com/aws/amazon-ecs-ami). It knows no release after its last row
// (1.104.0, June 2026): add rows as AWS ships agents.
var ecsAgentFloors = []ecsAgentFloor{
	{"1.85.3", ecsDay("2024-07-29").Add(ecsAgentMaxAge), "adopted by the ECS-optimized AMI on 2024-07-29", "https://github.com/aws/amazon-ecs-ami/pull/280"},
	{"1.89.1", ecsDay("2024-11-22").Add(ecsAgentMaxAge), "adopted by the ECS-optimized AMI on 2024-11-22", "https://github.com/aws/amazon-ecs-ami/pull/347"},
	{"1.93.0", ecsDay("2025-04-29").Add(ecsAgentMaxAge), "adopted by the ECS-optimized AMI on 2025-04-29", "https://github.com/aws/amazon-ecs-ami/pull/429"},
	{"1.97.1", ecsDay("2025-08-14"), "fixes CVE-2025-9039 (the agent's introspection API reachable off the host)", "https://github.com/aws/amazon-ecs-agent/security/advisories/GHSA-wm7x-ww72-r77q"},
	{"1.101.3", ecsDay("2026-02-05").Add(ecsAgentMaxAge), "adopted by the ECS-optimized AMI on 2026-02-05", "https://github.com/aws/amazon-ecs-ami/pull/620"},
	{"1.104.0", ecsDay("2026-06-09").Add(ecsAgentMaxAge), "adopted by the ECS-optimized AMI on 2026-06-09", "https://github.com/aws/amazon-ecs-ami/pull/713"},
}

// ecsAgentFloorAt is the highest version the table requires at now, and
// false when it requires none yet.
func ecsAgentFloorAt(now time.Time) (ecsAgentFloor, bool) {
	var best ecsAgentFloor
	found := false
	for _, f := range ecsAgentFloors {
		if !f.Required.After(now) && (!found || ecsCompareVersions(f.Version, best.Version) > 0) {
			best, found = f, true
		}
	}
	return best, found
}

// ecsParseVersion reads "1.101.0" (a leading v and a suffix such as "-1"
// or " (abc123)" allowed) into its numbers.
func ecsParseVersion(s string) ([]int, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(s, "-+ "); i >= 0 {
		s = s[:i]
	}
	var out []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}

// ecsCompareVersions compares two versions ecsParseVersion reads; an
// unreadable one sorts first.
func ecsCompareVersions(a, b string) int {
	va, _ := ecsParseVersion(a)
	vb, _ := ecsParseVersion(b)
	for i := range max(len(va), len(vb)) {
		x, y := 0, 0
		if i < len(va) {
			x = va[i]
		}
		if i < len(vb) {
			y = vb[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

var ecsAgentOutdated = Check{
	ID:            "ecs-container-instance-agent-outdated",
	Title:         "Container instance runs an outdated ECS agent",
	Description:   "On EC2 (and external) capacity the ECS container agent runs on the customer's host, and keeping it current is the customer's half of patch management there; on Fargate AWS does it. The ECS API does not say whether an agent is outdated: versionInfo.agentVersion says which it runs, and agentUpdateStatus only follows an update someone asked for with UpdateContainerAgent (FAILED means that update did not happen; empty means none was asked for). So srmscan compares the version with a dated table in its code: releases that fix a security advisory are required from the advisory's date, other releases a year after the ECS-optimized AMI adopted them. The table knows no release after its last row. A failed agent update fails too.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecs",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::ECS::ContainerInstance",
	Remediation: Remediation{
		Text:    "Replace the instances with ones from the current ECS-optimized AMI (refresh the Auto Scaling group's launch template), or update the agent in place on Amazon Linux instances with UpdateContainerAgent; on other operating systems update the ecs-init package or agent container.",
		Console: "ECS > Clusters > the cluster > Infrastructure > Container instances > the instance > Actions > Update agent; or EC2 > Auto Scaling groups > the group > Instance refresh.",
		CLI:     "aws ecs update-container-agent --cluster <cluster> --container-instance <container-instance-id>",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html",
		"https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-versions.html",
		"https://github.com/aws/amazon-ecs-agent/security/advisories/GHSA-wm7x-ww72-r77q"},
	Needs: []Operation{op("ecs", "ListClusters"), op("ecs", "ListContainerInstances"), op("ecs", "DescribeContainerInstances")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		floor, haveFloor := ecsAgentFloorAt(cfg.Now)
		var out []Result
		for _, ci := range inv.ECS.ContainerInstances {
			name := "container instance " + ci.ID + " (cluster " + ci.Cluster
			if ci.EC2InstanceID != "" {
				name += ", " + ci.EC2InstanceID
			}
			name += ")"
			ev := map[string]any{"agent_version": ci.AgentVersion, "agent_update_status": ci.AgentUpdateStatus, "agent_connected": ci.AgentConnected}
			res := func(st Status, msg string) Result {
				return Result{Status: st, Region: ci.Region, ResourceARN: ci.ARN, Message: name + " " + msg, Evidence: ev}
			}
			if haveFloor {
				ev["minimum_agent_version"], ev["minimum_reason"], ev["minimum_source"] = floor.Version, floor.Why, floor.Source
			}
			_, readable := ecsParseVersion(ci.AgentVersion)
			switch {
			case ci.AgentUpdateStatus == "FAILED":
				out = append(out, res(Fail, "runs ECS agent "+ci.AgentVersion+" and its last agent update failed"))
			case !readable:
				out = append(out, res(Unknown, "reported no readable agent version ("+strconv.Quote(ci.AgentVersion)+")"))
			case !haveFloor:
				out = append(out, res(Pass, "runs ECS agent "+ci.AgentVersion+"; the table requires no version yet"))
			case ecsCompareVersions(ci.AgentVersion, floor.Version) < 0:
				out = append(out, res(Fail, "runs ECS agent "+ci.AgentVersion+", older than "+floor.Version+" ("+floor.Why+")"))
			default:
				out = append(out, res(Pass, "runs ECS agent "+ci.AgentVersion+", at least "+floor.Version))
			}
		}
		return out
	},
}
