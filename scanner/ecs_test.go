package scanner

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const ecsAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
ecs:
  clusters:
    - {region: us-east-1, name: prod, status: ACTIVE, capacity_providers: [FARGATE, FARGATE_SPOT]}
    - {region: us-east-1, name: batch, status: ACTIVE, capacity_providers: [batch-asg],
       default_capacity_provider_strategy: [{capacity_provider: batch-asg, weight: 1, base: 2}]}
    - {region: eu-west-1, name: eu, status: ACTIVE}
  services:
    - {region: us-east-1, cluster: prod, name: web, status: ACTIVE, launch_type: FARGATE, platform_version: LATEST,
       task_definition: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:2", assign_public_ip: ENABLED}
    - {region: us-east-1, cluster: prod, name: api, status: ACTIVE,
       capacity_provider_strategy: [{capacity_provider: FARGATE_SPOT, weight: 3}, {capacity_provider: FARGATE, weight: 1, base: 1}],
       task_definition: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1", assign_public_ip: DISABLED}
    - {region: us-east-1, cluster: prod, name: worker, status: ACTIVE, launch_type: FARGATE,
       task_definition: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1", assign_public_ip: DISABLED}
    - {region: us-east-1, cluster: batch, name: jobs, status: ACTIVE, launch_type: EC2,
       task_definition: "arn:aws:ecs:us-east-1:111122223333:task-definition/jobs:7"}
    - {region: eu-west-1, cluster: eu, name: eu-web, status: ACTIVE, launch_type: EC2,
       task_definition: "arn:aws:ecs:eu-west-1:111122223333:task-definition/eu-web:1"}
  task_definitions:
    - {region: us-east-1, family: web, revision: 1, status: ACTIVE, network_mode: awsvpc, requires_compatibilities: [FARGATE],
       containers: [{name: app, image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1", user: "1000", readonly_root_filesystem: true,
                     log_driver: awslogs, secrets: [{name: DB_PASSWORD, value_from: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"}],
                     environment: [{name: PORT}]}]}
    - {region: us-east-1, family: web, revision: 2, status: ACTIVE, network_mode: awsvpc, requires_compatibilities: [FARGATE],
       containers: [{name: app, image: "nginx:latest", environment: [{name: API_TOKEN}, {name: LEGACY, value_shape: aws-access-key-id}]},
                    {name: sidecar, image: "busybox", log_driver: awsfirelens}]}
    - {region: us-east-1, family: jobs, revision: 7, status: ACTIVE, network_mode: host, pid_mode: host, requires_compatibilities: [EC2],
       containers: [{name: job, image: "jobs:7", privileged: true, user: root, log_driver: awslogs}]}
    - {region: us-east-1, family: jobs, revision: 6, status: INACTIVE, network_mode: host, requires_compatibilities: [EC2],
       containers: [{name: job, image: "jobs:6"}]}
    - {region: eu-west-1, family: eu-web, revision: 1, status: ACTIVE, network_mode: bridge, os_family: WINDOWS_SERVER_2022_CORE,
       containers: [{name: iis, image: "mcr.microsoft.com/windows/servercore/iis", log_driver: awslogs}]}
  container_instances:
    - {region: us-east-1, cluster: batch, id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9, ec2_instance_id: i-0aaaaaaaaaaaaaaa1, status: ACTIVE,
       agent_connected: true, agent_version: 1.101.0, docker_version: "DockerVersion: 25.0.8", agent_update_status: UPDATED, capacity_provider: batch-asg}
    - {region: us-east-1, cluster: batch, id: 1b2c3d4e5f60718293a4b5c6d7e8f90a, ec2_instance_id: i-0aaaaaaaaaaaaaaa2, status: ACTIVE,
       agent_connected: true, agent_version: 1.68.2, docker_version: "DockerVersion: 20.10.17", capacity_provider: batch-asg}
    - {region: eu-west-1, cluster: eu, id: 2c3d4e5f60718293a4b5c6d7e8f90a1b, ec2_instance_id: i-0bbbbbbbbbbbbbbb1, status: DRAINING,
       agent_version: 1.97.1, agent_update_status: FAILED}
`

func parseECS(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(ecsAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// ecsActive is what a scan may hold of the account: ListTaskDefinitions
// is asked for ACTIVE revisions only.
func ecsActive(acct *inventory.Inventory) inventory.ECS {
	e := acct.ECS
	e.TaskDefinitions = slices.DeleteFunc(slices.Clone(e.TaskDefinitions), func(t inventory.TaskDefinition) bool { return t.Status != "ACTIVE" })
	e.Clusters, e.Services, e.ContainerInstances = slices.Clone(e.Clusters), slices.Clone(e.Services), slices.Clone(e.ContainerInstances)
	return e
}

func assertECSEqual(t *testing.T, got, want inventory.ECS) {
	t.Helper()
	sortECS(&inventory.Inventory{ECS: want}, func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) })
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected ECS differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func ecsErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "ecs" {
			out = append(out, e)
		}
	}
	return out
}

func TestECSRoundTrip(t *testing.T) {
	acct := parseECS(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := ecsErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertECSEqual(t, inv.ECS, ecsActive(acct))
	// Values never reach the inventory, whatever their shape.
	raw, _ := json.Marshal(inv)
	if strings.Contains(string(raw), "AKIAIOSFODNN7EXAMPLE") || strings.Contains(string(raw), "value-of-") {
		t.Error("an environment variable's value was kept in the inventory")
	}

	// One item per page: a collector that stopped at the first page
	// would make one call per listing.
	for _, c := range []struct {
		op, region string
		want       int
	}{
		{"ListClusters", "us-east-1", 2},
		{"ListClusters", "eu-west-1", 1},
		{"DescribeClusters", "us-east-1", 1},
		{"ListServices", "us-east-1", 3 + 1}, // prod's three, batch's one
		{"DescribeServices", "us-east-1", 2}, // prod's three in one batch, batch's one
		{"ListTaskDefinitions", "us-east-1", 3},
		{"DescribeTaskDefinition", "us-east-1", 3},
		{"ListContainerInstances", "us-east-1", 1 + 2}, // prod's empty page, batch's two
		{"DescribeContainerInstances", "us-east-1", 1},
		{"DescribeContainerInstances", "eu-west-1", 1},
	} {
		if got := callsOf(srv, "ecs", c.op)[c.region]; got != c.want {
			t.Errorf("ecs:%s in %s: %d calls, want %d", c.op, c.region, got, c.want)
		}
	}
}

// DescribeServices takes ten services at most: a cluster of 25 costs
// three calls, each full but the last.
func TestECSDescribeBatches(t *testing.T) {
	acct := parseECS(t)
	for i := range 25 {
		acct.ECS.Services = append(acct.ECS.Services, inventory.ECSService{
			Resource: inventory.Resource{Region: "eu-west-1"}, Cluster: "eu", Name: fmt.Sprintf("svc-%02d", i), Status: "ACTIVE", LaunchType: "FARGATE",
		})
	}
	for i := range 150 {
		acct.ECS.Clusters = append(acct.ECS.Clusters, inventory.ECSCluster{Resource: inventory.Resource{Region: "eu-west-1"}, Name: fmt.Sprintf("c-%03d", i), Status: "ACTIVE"})
	}
	acct.Normalize()
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	if errs := ecsErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertECSEqual(t, inv.ECS, ecsActive(acct))
	for op, want := range map[string]int{"DescribeServices": 3, "ListServices": 151, "DescribeClusters": 2, "ListClusters": 2} {
		if got := callsOf(srv, "ecs", op)["eu-west-1"]; got != want {
			t.Errorf("ecs:%s in eu-west-1: %d calls, want %d", op, got, want)
		}
	}
}

func TestECSFailedOperations(t *testing.T) {
	tdARN := inventory.TaskDefinitionARN("aws", "us-east-1", "111122223333", "jobs", 7)
	svcARN := func(name string) string {
		return inventory.ECSServiceARN("aws", "us-east-1", "111122223333", "prod", name)
	}
	ciARN := inventory.ContainerInstanceARN("aws", "eu-west-1", "111122223333", "eu", "2c3d4e5f60718293a4b5c6d7e8f90a1b")
	clusterARN := inventory.ECSClusterARN("aws", "eu-west-1", "111122223333", "eu")
	denied := func(op, region, arn string) inventory.CollectionError {
		return inventory.CollectionError{Service: "ecs", Region: region, Operation: op, ResourceARN: arn, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"}
	}
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want []inventory.CollectionError
		lost func(e *inventory.ECS)
	}{{
		name: "clusters denied in one region",
		rule: emulator.Rule{Service: "ecs", Operation: "ListClusters", Region: "eu-west-1"},
		want: []inventory.CollectionError{denied("ListClusters", "eu-west-1", "")},
		lost: func(e *inventory.ECS) {
			e.Clusters = slices.DeleteFunc(e.Clusters, func(x inventory.ECSCluster) bool { return x.Region == "eu-west-1" })
			e.Services = slices.DeleteFunc(e.Services, func(x inventory.ECSService) bool { return x.Region == "eu-west-1" })
			e.ContainerInstances = slices.DeleteFunc(e.ContainerInstances, func(x inventory.ECSContainerInstance) bool { return x.Region == "eu-west-1" })
		},
	}, {
		name: "a cluster's details denied",
		rule: emulator.Rule{Service: "ecs", Operation: "DescribeClusters", Region: "eu-west-1"},
		want: []inventory.CollectionError{denied("DescribeClusters", "eu-west-1", clusterARN)},
		lost: func(e *inventory.ECS) {
			for i := range e.Clusters {
				if x := &e.Clusters[i]; x.ARN == clusterARN {
					*x = inventory.ECSCluster{Resource: x.Resource, Name: x.Name}
				}
			}
		},
	}, {
		name: "one cluster's services unlisted",
		rule: emulator.Rule{Service: "ecs", Operation: "ListServices", Resource: "prod"},
		want: []inventory.CollectionError{denied("ListServices", "us-east-1", "")},
		lost: func(e *inventory.ECS) {
			e.Services = slices.DeleteFunc(e.Services, func(x inventory.ECSService) bool { return x.Cluster == "prod" })
		},
	}, {
		name: "one cluster's services undescribed",
		rule: emulator.Rule{Service: "ecs", Operation: "DescribeServices", Resource: "prod"},
		want: []inventory.CollectionError{denied("DescribeServices", "us-east-1", svcARN("api")), denied("DescribeServices", "us-east-1", svcARN("web")),
			denied("DescribeServices", "us-east-1", svcARN("worker"))},
		lost: func(e *inventory.ECS) {
			for i := range e.Services {
				if x := &e.Services[i]; x.Cluster == "prod" {
					*x = inventory.ECSService{Resource: x.Resource, Name: x.Name, Cluster: x.Cluster}
				}
			}
		},
	}, {
		name: "task definitions denied in one region",
		rule: emulator.Rule{Service: "ecs", Operation: "ListTaskDefinitions", Region: "us-east-1"},
		want: []inventory.CollectionError{denied("ListTaskDefinitions", "us-east-1", "")},
		lost: func(e *inventory.ECS) {
			e.TaskDefinitions = slices.DeleteFunc(e.TaskDefinitions, func(x inventory.TaskDefinition) bool { return x.Region == "us-east-1" })
		},
	}, {
		name: "one task definition denied",
		rule: emulator.Rule{Service: "ecs", Operation: "DescribeTaskDefinition", Resource: "jobs:7"},
		want: []inventory.CollectionError{denied("DescribeTaskDefinition", "us-east-1", tdARN)},
		lost: func(e *inventory.ECS) {
			for i := range e.TaskDefinitions {
				if x := &e.TaskDefinitions[i]; x.ARN == tdARN {
					*x = inventory.TaskDefinition{Resource: x.Resource, Family: x.Family, Revision: x.Revision}
				}
			}
		},
	}, {
		name: "one cluster's container instances unlisted",
		rule: emulator.Rule{Service: "ecs", Operation: "ListContainerInstances", Resource: "batch"},
		want: []inventory.CollectionError{denied("ListContainerInstances", "us-east-1", "")},
		lost: func(e *inventory.ECS) {
			e.ContainerInstances = slices.DeleteFunc(e.ContainerInstances, func(x inventory.ECSContainerInstance) bool { return x.Cluster == "batch" })
		},
	}, {
		name: "container instances undescribed",
		rule: emulator.Rule{Service: "ecs", Operation: "DescribeContainerInstances", Region: "eu-west-1"},
		want: []inventory.CollectionError{denied("DescribeContainerInstances", "eu-west-1", ciARN)},
		lost: func(e *inventory.ECS) {
			for i := range e.ContainerInstances {
				if x := &e.ContainerInstances[i]; x.ARN == ciARN {
					*x = inventory.ECSContainerInstance{Resource: x.Resource, ID: x.ID, Cluster: x.Cluster}
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseECS(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			errs := ecsErrors(inv)
			if len(errs) != len(tc.want) {
				t.Fatalf("errors = %v, want %v", errs, tc.want)
			}
			for i := range errs {
				assertOneError(t, errs[i:i+1], tc.want[i])
			}
			want := ecsActive(acct)
			tc.lost(&want)
			assertECSEqual(t, inv.ECS, want)
		})
	}
}
