package inventory

import (
	"fmt"
	"slices"
	"strings"
)

// ECS holds the Amazon ECS clusters, services, task definitions and
// container instances of every scanned region.
type ECS struct {
	Clusters []ECSCluster `json:"clusters"`
	Services []ECSService `json:"services"`
	// TaskDefinitions are every ACTIVE revision, not only each family's
	// latest: any active revision can still be launched (RunTask, a
	// service update, a scheduled task), so a fixed latest revision does
	// not retire a privileged older one; deregistering it does.
	TaskDefinitions    []TaskDefinition       `json:"task_definitions"`
	ContainerInstances []ECSContainerInstance `json:"container_instances"`
}

// ECSCluster is an ECS cluster. Its details come from DescribeClusters;
// when that failed only its name and ARN are known.
type ECSCluster struct {
	Resource
	Name   string `json:"name"`
	Status string `json:"status,omitempty"`
	// CapacityProviders are the providers the cluster may use: FARGATE,
	// FARGATE_SPOT or the names of Auto Scaling group providers (EC2).
	CapacityProviders []string `json:"capacity_providers,omitempty"`
	// DefaultStrategy places the tasks of services that name neither a
	// launch type nor a strategy of their own.
	DefaultStrategy []CapacityProviderItem `json:"default_capacity_provider_strategy,omitempty"`
}

// CapacityProviderItem is one entry of a capacity provider strategy.
type CapacityProviderItem struct {
	Provider string `json:"capacity_provider"`
	Weight   int32  `json:"weight,omitempty"`
	Base     int32  `json:"base,omitempty"`
}

// ECSService is an ECS service. Its details come from DescribeServices;
// when that failed only its name, cluster and ARN are known.
type ECSService struct {
	Resource
	Name string `json:"name"`
	// Cluster is the name of the cluster the service runs in.
	Cluster string `json:"cluster"`
	Status  string `json:"status,omitempty"`
	// LaunchType is EC2, FARGATE or EXTERNAL; empty when the service uses
	// a capacity provider strategy (its own or its cluster's default).
	LaunchType               string                 `json:"launch_type,omitempty"`
	CapacityProviderStrategy []CapacityProviderItem `json:"capacity_provider_strategy,omitempty"`
	TaskDefinition           string                 `json:"task_definition,omitempty"`
	PlatformVersion          string                 `json:"platform_version,omitempty"`
	// AssignPublicIP is the awsvpc configuration's ENABLED or DISABLED;
	// empty when the service has no awsvpc configuration (bridge or host
	// networking on EC2), whose tasks never get addresses of their own.
	AssignPublicIP string `json:"assign_public_ip,omitempty"`
}

// TaskDefinition is one revision of an ECS task definition. Its details
// come from DescribeTaskDefinition; when that failed only its family,
// revision and ARN are known (Containers is then empty).
type TaskDefinition struct {
	Resource
	Family   string `json:"family"`
	Revision int32  `json:"revision"`
	Status   string `json:"status,omitempty"`
	// NetworkMode is awsvpc, bridge, host or none; empty means Docker's
	// default (bridge) on Linux.
	NetworkMode string `json:"network_mode,omitempty"`
	// PIDMode is host or task; empty means each container has its own.
	PIDMode string `json:"pid_mode,omitempty"`
	// RequiresCompatibilities are the launch types the customer asked the
	// task definition to be validated for (EC2, FARGATE, EXTERNAL).
	RequiresCompatibilities []string `json:"requires_compatibilities,omitempty"`
	// OSFamily is the runtime platform's operating system family (LINUX,
	// WINDOWS_SERVER_2022_CORE, ...); empty means Linux.
	OSFamily   string                   `json:"os_family,omitempty"`
	Containers []ECSContainerDefinition `json:"containers,omitempty"`
}

// Windows reports whether the task definition runs Windows containers.
func (t TaskDefinition) Windows() bool { return strings.HasPrefix(t.OSFamily, "WINDOWS") }

// RequiresOnly reports whether launchType is the only compatibility the
// task definition asks for.
func (t TaskDefinition) RequiresOnly(launchType string) bool {
	return len(t.RequiresCompatibilities) > 0 && !slices.ContainsFunc(t.RequiresCompatibilities, func(c string) bool { return c != launchType })
}

// ECSContainerDefinition is one container of a task definition.
type ECSContainerDefinition struct {
	Name  string `json:"name"`
	Image string `json:"image,omitempty"`
	// Privileged gives the container root on its host.
	Privileged bool `json:"privileged,omitempty"`
	// User is the user (name, UID, or user:group) the container runs as;
	// empty means the image's, which is root unless the image says else.
	User                   string `json:"user,omitempty"`
	ReadonlyRootFilesystem bool   `json:"readonly_root_filesystem,omitempty"`
	// Environment are the plain environment variables, by name. Their
	// values are never kept: a snapshot must not become a copy of the
	// secrets srmscan reports. ValueShape says what a value looked like.
	Environment []ECSEnvironmentVariable `json:"environment,omitempty"`
	// Secrets are the variables ECS fills from Secrets Manager or
	// Parameter Store at launch, the place secrets belong.
	Secrets []ECSContainerSecret `json:"secrets,omitempty"`
	// LogDriver is the log configuration's driver (awslogs, awsfirelens,
	// splunk, ...); empty when the container has no log configuration.
	LogDriver string `json:"log_driver,omitempty"`
}

// ECSEnvironmentVariable is a plain environment variable, without its value.
type ECSEnvironmentVariable struct {
	Name string `json:"name"`
	// ValueShape is ValueShapeAccessKeyID when the value had the form of
	// an AWS access key ID; empty otherwise.
	ValueShape string `json:"value_shape,omitempty"`
}

// ECSContainerSecret is a variable filled from a secret store.
type ECSContainerSecret struct {
	Name      string `json:"name"`
	ValueFrom string `json:"value_from"`
}

// ECSContainerInstance is an EC2 instance (or an external server) that
// runs ECS tasks, registered with a cluster by its ECS agent.
type ECSContainerInstance struct {
	Resource
	// ID is the container instance's ID, the last element of its ARN.
	ID            string `json:"id"`
	Cluster       string `json:"cluster"`
	EC2InstanceID string `json:"ec2_instance_id,omitempty"`
	Status        string `json:"status,omitempty"`
	// AgentConnected is whether the agent is in contact with ECS.
	AgentConnected bool   `json:"agent_connected,omitempty"`
	AgentVersion   string `json:"agent_version,omitempty"`
	DockerVersion  string `json:"docker_version,omitempty"`
	// AgentUpdateStatus is the state of the last agent update asked for
	// through UpdateContainerAgent (PENDING, STAGING, STAGED, UPDATING,
	// UPDATED, FAILED); empty when none was ever asked for. It does not
	// say whether a newer agent exists.
	AgentUpdateStatus string `json:"agent_update_status,omitempty"`
	CapacityProvider  string `json:"capacity_provider,omitempty"`
}

// ECSClusterARN builds an ECS cluster's ARN.
func ECSClusterARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:ecs:%s:%s:cluster/%s", orAWS(partition), region, account, name)
}

// ECSServiceARN builds an ECS service's ARN in the long format, which
// names the cluster (every account's default since 2021).
func ECSServiceARN(partition, region, account, cluster, name string) string {
	return fmt.Sprintf("arn:%s:ecs:%s:%s:service/%s/%s", orAWS(partition), region, account, cluster, name)
}

// TaskDefinitionARN builds the ARN of a task definition's revision.
func TaskDefinitionARN(partition, region, account, family string, revision int32) string {
	return fmt.Sprintf("arn:%s:ecs:%s:%s:task-definition/%s:%d", orAWS(partition), region, account, family, revision)
}

// ContainerInstanceARN builds a container instance's ARN in the long
// format.
func ContainerInstanceARN(partition, region, account, cluster, id string) string {
	return fmt.Sprintf("arn:%s:ecs:%s:%s:container-instance/%s/%s", orAWS(partition), region, account, cluster, id)
}

// normalizeECS fills the ARNs and accounts of ECS resources, as Normalize
// does for the others.
func (inv *Inventory) normalizeECS(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	e := &inv.ECS
	for i := range e.Clusters {
		x := &e.Clusters[i]
		fill(&x.Resource, ECSClusterARN(p, x.Region, acct, x.Name))
	}
	for i := range e.Services {
		x := &e.Services[i]
		fill(&x.Resource, ECSServiceARN(p, x.Region, acct, x.Cluster, x.Name))
	}
	for i := range e.TaskDefinitions {
		x := &e.TaskDefinitions[i]
		fill(&x.Resource, TaskDefinitionARN(p, x.Region, acct, x.Family, x.Revision))
	}
	for i := range e.ContainerInstances {
		x := &e.ContainerInstances[i]
		fill(&x.Resource, ContainerInstanceARN(p, x.Region, acct, x.Cluster, x.ID))
	}
}
