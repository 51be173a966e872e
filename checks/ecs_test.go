package checks

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ecsTaskDef adds a well-configured Fargate revision in us-east-1 (a
// non-root user, read-only root, awslogs, a secret from Secrets Manager)
// after set has changed it.
func ecsTaskDef(family string, set func(td *inventory.TaskDefinition)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		td := inventory.TaskDefinition{Resource: inventory.Resource{Region: "us-east-1"}, Family: family, Revision: 1, Status: "ACTIVE",
			NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"},
			Containers: []inventory.ECSContainerDefinition{{Name: "app", Image: "app:1", User: "1000", ReadonlyRootFilesystem: true, LogDriver: "awslogs",
				Environment: []inventory.ECSEnvironmentVariable{{Name: "PORT"}, {Name: "DB_PASSWORD_FILE"}},
				Secrets:     []inventory.ECSContainerSecret{{Name: "DB_PASSWORD", ValueFrom: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"}}}}}
		if set != nil {
			set(&td)
		}
		inv.ECS.TaskDefinitions = append(inv.ECS.TaskDefinitions, td)
	}
}

// ecsService adds an ACTIVE service of cluster prod in us-east-1 after set
// has changed it.
func ecsService(name string, set func(s *inventory.ECSService)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		s := inventory.ECSService{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, Cluster: "prod", Status: "ACTIVE",
			LaunchType: "FARGATE", AssignPublicIP: "DISABLED"}
		if set != nil {
			set(&s)
		}
		inv.ECS.Services = append(inv.ECS.Services, s)
	}
}

func ecsInstance(id string, set func(c *inventory.ECSContainerInstance)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.ECSContainerInstance{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Cluster: "batch",
			EC2InstanceID: "i-0123456789abcdef0", Status: "ACTIVE", AgentConnected: true, AgentVersion: "1.101.0"}
		if set != nil {
			set(&c)
		}
		inv.ECS.ContainerInstances = append(inv.ECS.ContainerInstances, c)
	}
}

const ecsTDARN = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1"

func ecsContainer(set func(c *inventory.ECSContainerDefinition)) func(td *inventory.TaskDefinition) {
	return func(td *inventory.TaskDefinition) { set(&td.Containers[0]) }
}

// ecsTaskDefUnknownCases are the rows every task definition check shares:
// the revision's read denied, containers not read, and the listing denied.
func ecsTaskDefUnknownCases() []statusCase {
	return []statusCase{
		{"describe denied", both(ecsTaskDef("web", nil), denied("ecs", "us-east-1", "DescribeTaskDefinition", ecsTDARN)), map[string]Status{"/web:1": Unknown}},
		{"containers not read", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.Containers = nil }), map[string]Status{"/web:1": Unknown}},
		{"listing denied", denied("ecs", "us-east-1", "ListTaskDefinitions", ""), map[string]Status{":ecs:us-east-1:111122223333:*": Unknown}},
	}
}

func TestECSPrivileged(t *testing.T) {
	runCases(t, ecsPrivileged, append([]statusCase{
		{"not privileged", ecsTaskDef("web", nil), map[string]Status{"/web:1": Pass}},
		{"privileged", ecsTaskDef("web", ecsContainer(func(c *inventory.ECSContainerDefinition) { c.Privileged = true })), map[string]Status{"/web:1": Fail}},
	}, ecsTaskDefUnknownCases()...))
}

func TestECSHostNamespaces(t *testing.T) {
	runCases(t, ecsHostNamespaces, append([]statusCase{
		{"awsvpc", ecsTaskDef("web", nil), map[string]Status{"/web:1": Pass}},
		{"bridge, task PID", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.NetworkMode, td.PIDMode = "bridge", "task" }), map[string]Status{"/web:1": Pass}},
		{"host network", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.NetworkMode = "host" }), map[string]Status{"/web:1": Fail}},
		{"host PID", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.PIDMode = "host" }), map[string]Status{"/web:1": Fail}},
	}, ecsTaskDefUnknownCases()...))
}

func TestECSRunAsRoot(t *testing.T) {
	user := func(u string) func(*inventory.TaskDefinition) {
		return ecsContainer(func(c *inventory.ECSContainerDefinition) { c.User = u })
	}
	windows := func(u string) func(*inventory.TaskDefinition) {
		return func(td *inventory.TaskDefinition) { td.OSFamily, td.Containers[0].User = "WINDOWS_SERVER_2022_CORE", u }
	}
	runCases(t, ecsRunAsRoot, append([]statusCase{
		{"UID 1000", ecsTaskDef("web", nil), map[string]Status{"/web:1": Pass}},
		{"named user and group", ecsTaskDef("web", user("app:app")), map[string]Status{"/web:1": Pass}},
		{"no user: the image's", ecsTaskDef("web", user("")), map[string]Status{"/web:1": Fail}},
		{"root", ecsTaskDef("web", user("root")), map[string]Status{"/web:1": Fail}},
		{"UID 0 with a group", ecsTaskDef("web", user("0:1000")), map[string]Status{"/web:1": Fail}},
		{"Windows administrator", ecsTaskDef("web", windows("ContainerAdministrator")), map[string]Status{"/web:1": Fail}},
		{"Windows user", ecsTaskDef("web", windows("ContainerUser")), map[string]Status{"/web:1": Pass}},
	}, ecsTaskDefUnknownCases()...))
}

func TestECSWritableRoot(t *testing.T) {
	runCases(t, ecsWritableRoot, append([]statusCase{
		{"read-only", ecsTaskDef("web", nil), map[string]Status{"/web:1": Pass}},
		{"writable", ecsTaskDef("web", ecsContainer(func(c *inventory.ECSContainerDefinition) { c.ReadonlyRootFilesystem = false })), map[string]Status{"/web:1": Fail}},
		// Windows containers cannot have one: not judged.
		{"Windows", ecsTaskDef("web", func(td *inventory.TaskDefinition) {
			td.OSFamily, td.Containers[0].ReadonlyRootFilesystem = "WINDOWS_SERVER_2019_FULL", false
		}), map[string]Status{}},
	}, ecsTaskDefUnknownCases()...))
}

func TestECSEnvironmentSecrets(t *testing.T) {
	env := func(vars ...inventory.ECSEnvironmentVariable) func(*inventory.TaskDefinition) {
		return ecsContainer(func(c *inventory.ECSContainerDefinition) { c.Environment = vars })
	}
	v := func(name string) inventory.ECSEnvironmentVariable {
		return inventory.ECSEnvironmentVariable{Name: name}
	}
	runCases(t, ecsEnvironmentSecrets, append([]statusCase{
		{"secrets from Secrets Manager, pointers in env", ecsTaskDef("web", nil), map[string]Status{"/web:1": Pass}},
		{"no environment", ecsTaskDef("web", env()), map[string]Status{"/web:1": Pass}},
		{"password", ecsTaskDef("web", env(v("PORT"), v("db-password"))), map[string]Status{"/web:1": Fail}},
		{"token", ecsTaskDef("web", env(v("GITHUB_TOKEN"))), map[string]Status{"/web:1": Fail}},
		{"API key", ecsTaskDef("web", env(v("stripe.api_key"))), map[string]Status{"/web:1": Fail}},
		{"AWS secret key", ecsTaskDef("web", env(v("AWS_SECRET_ACCESS_KEY"))), map[string]Status{"/web:1": Fail}},
		{"secret ARN is a pointer", ecsTaskDef("web", env(v("DB_SECRET_ARN"))), map[string]Status{"/web:1": Pass}},
		{"password file is a pointer", ecsTaskDef("web", env(v("POSTGRES_PASSWORD_FILE"))), map[string]Status{"/web:1": Pass}},
		{"engine auth data", ecsTaskDef("web", env(v("ECS_ENGINE_AUTH_DATA"))), map[string]Status{"/web:1": Fail}},
		{"token counts are not tokens", ecsTaskDef("web", env(v("MAX_TOKENS"))), map[string]Status{"/web:1": Pass}},
		{"access-key-shaped value", ecsTaskDef("web", env(inventory.ECSEnvironmentVariable{Name: "LEGACY", ValueShape: inventory.ValueShapeAccessKeyID})), map[string]Status{"/web:1": Fail}},
	}, ecsTaskDefUnknownCases()...))

	fs := Run(account(ecsTaskDef("web", env(v("API_TOKEN"), inventory.ECSEnvironmentVariable{Name: "K", ValueShape: inventory.ValueShapeAccessKeyID}))),
		[]Check{ecsEnvironmentSecrets}, DefaultConfig())
	ev, _ := json.Marshal(fs[0].Evidence)
	for _, want := range []string{`"variable":"API_TOKEN"`, `"rule":"name has the word TOKEN"`, `"variable":"K"`, `"rule":"value holds an AWS access key ID (AKIA/ASIA...)"`, `"container":"app"`} {
		if !strings.Contains(string(ev), want) {
			t.Errorf("evidence %s lacks %s", ev, want)
		}
	}
}

func TestECSLogging(t *testing.T) {
	runCases(t, ecsNoLogging, append([]statusCase{
		{"awslogs", ecsTaskDef("web", nil), map[string]Status{"/web:1": Pass}},
		{"no log configuration", ecsTaskDef("web", ecsContainer(func(c *inventory.ECSContainerDefinition) { c.LogDriver = "" })), map[string]Status{"/web:1": Fail}},
	}, ecsTaskDefUnknownCases()...))
}

const ecsSvcARN = "arn:aws:ecs:us-east-1:111122223333:service/prod/web"

func TestECSServicePublicIP(t *testing.T) {
	runCases(t, ecsServicePublicIP, []statusCase{
		{"disabled", ecsService("web", nil), map[string]Status{"/prod/web": Pass}},
		{"enabled", ecsService("web", func(s *inventory.ECSService) { s.AssignPublicIP = "ENABLED" }), map[string]Status{"/prod/web": Fail}},
		{"bridge networking on EC2", ecsService("web", func(s *inventory.ECSService) { s.LaunchType, s.AssignPublicIP = "EC2", "" }), map[string]Status{"/prod/web": Pass}},
		{"not described", ecsService("web", func(s *inventory.ECSService) {
			*s = inventory.ECSService{Resource: s.Resource, Name: s.Name, Cluster: s.Cluster}
		}),
			map[string]Status{"/prod/web": Unknown}},
		{"describe denied", both(ecsService("web", func(s *inventory.ECSService) { s.AssignPublicIP = "" }), denied("ecs", "us-east-1", "DescribeServices", ecsSvcARN)),
			map[string]Status{"/prod/web": Unknown}},
		{"services unlisted", denied("ecs", "us-east-1", "ListServices", ""), map[string]Status{":ecs:us-east-1:111122223333:*": Unknown}},
		{"clusters unlisted", denied("ecs", "us-east-1", "ListClusters", ""), map[string]Status{":ecs:us-east-1:111122223333:*": Unknown}},
	})
}

// Where a service or task definition runs places its findings: Fargate
// is abstracted, EC2 capacity container.
func TestECSPlacement(t *testing.T) {
	cluster := func(name string, strategy ...string) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			c := inventory.ECSCluster{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, Status: "ACTIVE"}
			for _, s := range strategy {
				c.DefaultStrategy = append(c.DefaultStrategy, inventory.CapacityProviderItem{Provider: s, Weight: 1})
			}
			inv.ECS.Clusters = append(inv.ECS.Clusters, c)
		}
	}
	strategy := func(providers ...string) func(s *inventory.ECSService) {
		return func(s *inventory.ECSService) {
			s.LaunchType = ""
			for _, p := range providers {
				s.CapacityProviderStrategy = append(s.CapacityProviderStrategy, inventory.CapacityProviderItem{Provider: p, Weight: 1})
			}
		}
	}
	runs := func(family string, revision int32) func(s *inventory.ECSService) {
		return func(s *inventory.ECSService) {
			s.TaskDefinition = inventory.TaskDefinitionARN("aws", "us-east-1", "111122223333", family, revision)
		}
	}
	for _, tc := range []struct {
		name string
		fill func(inv *inventory.Inventory)
		want map[string]ServiceModel // ARN suffix -> model, for ecs-service-public-ip and the task definition checks
	}{
		{"launch type FARGATE", ecsService("web", nil), map[string]ServiceModel{"/prod/web": Abstracted}},
		{"launch type EC2", ecsService("web", func(s *inventory.ECSService) { s.LaunchType = "EC2" }), map[string]ServiceModel{"/prod/web": Container}},
		{"launch type EXTERNAL", ecsService("web", func(s *inventory.ECSService) { s.LaunchType = "EXTERNAL" }), map[string]ServiceModel{"/prod/web": Container}},
		{"Fargate and Fargate Spot", ecsService("web", strategy("FARGATE", "FARGATE_SPOT")), map[string]ServiceModel{"/prod/web": Abstracted}},
		{"Fargate and an ASG provider", ecsService("web", strategy("FARGATE", "asg")), map[string]ServiceModel{"/prod/web": Container}},
		{"cluster default Fargate", both(cluster("prod", "FARGATE_SPOT"), ecsService("web", strategy())), map[string]ServiceModel{"/prod/web": Abstracted}},
		{"cluster default ASG", both(cluster("prod", "asg"), ecsService("web", strategy())), map[string]ServiceModel{"/prod/web": Container}},
		{"nothing named: EC2", both(cluster("prod"), ecsService("web", strategy())), map[string]ServiceModel{"/prod/web": Container}},
		{"task definition requires FARGATE", ecsTaskDef("web", nil), map[string]ServiceModel{"/web:1": Abstracted}},
		{"task definition requires EC2", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.RequiresCompatibilities = []string{"EC2"} }),
			map[string]ServiceModel{"/web:1": Container}},
		{"task definition compatible with both, run by no service", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.RequiresCompatibilities = []string{"EC2", "FARGATE"} }),
			map[string]ServiceModel{"/web:1": Container}},
		{"task definition requiring nothing", ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.RequiresCompatibilities = nil }),
			map[string]ServiceModel{"/web:1": Container}},
		{"task definition compatible with both, run on Fargate", both(
			ecsTaskDef("web", func(td *inventory.TaskDefinition) { td.RequiresCompatibilities = []string{"EC2", "FARGATE"} }),
			ecsService("web", runs("web", 1))), map[string]ServiceModel{"/web:1": Abstracted, "/prod/web": Abstracted}},
		{"task definition requiring FARGATE, one service on EC2", both(ecsTaskDef("web", nil),
			ecsService("web", runs("web", 1)), ecsService("jobs", func(s *inventory.ECSService) { runs("web", 1)(s); s.LaunchType = "EC2" })),
			map[string]ServiceModel{"/web:1": Container, "/prod/web": Abstracted, "/prod/jobs": Container}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := Run(account(tc.fill), []Check{ecsServicePublicIP, ecsPrivileged, ecsNoLogging}, DefaultConfig())
			seen := map[string]bool{}
			for _, f := range fs {
				for suffix, want := range tc.want {
					if strings.HasSuffix(f.ResourceARN, suffix) {
						seen[suffix] = true
						if f.ServiceModel != want {
							t.Errorf("%s %s: model %s, want %s (placement %v)", f.CheckID, f.ResourceARN, f.ServiceModel, want, f.Evidence["placement"])
						}
						if f.Evidence["placement"] == nil {
							t.Errorf("%s %s: the evidence does not say what placed it", f.CheckID, f.ResourceARN)
						}
					}
				}
			}
			if len(seen) != len(tc.want) {
				t.Errorf("findings %+v, want some for each of %v", fs, tc.want)
			}
		})
	}
}

const ecsCIARN = "arn:aws:ecs:us-east-1:111122223333:container-instance/batch/ci1"

func TestECSAgentOutdated(t *testing.T) {
	version := func(v string) func(c *inventory.ECSContainerInstance) {
		return func(c *inventory.ECSContainerInstance) { c.AgentVersion = v }
	}
	// At testNow (2026-11-01) the table requires 1.97.1, CVE-2025-9039's
	// fix: 1.101.3's year has not run out yet.
	runCases(t, ecsAgentOutdated, []statusCase{
		{"current", ecsInstance("ci1", nil), map[string]Status{"/batch/ci1": Pass}},
		{"the security fix exactly", ecsInstance("ci1", version("1.97.1")), map[string]Status{"/batch/ci1": Pass}},
		{"just before the security fix", ecsInstance("ci1", version("1.97.0")), map[string]Status{"/batch/ci1": Fail}},
		{"years old", ecsInstance("ci1", version("1.68.2")), map[string]Status{"/batch/ci1": Fail}},
		{"a v prefix and a suffix", ecsInstance("ci1", version("v1.104.0-1")), map[string]Status{"/batch/ci1": Pass}},
		{"update failed", ecsInstance("ci1", func(c *inventory.ECSContainerInstance) { c.AgentUpdateStatus = "FAILED" }), map[string]Status{"/batch/ci1": Fail}},
		{"no version reported", ecsInstance("ci1", version("")), map[string]Status{"/batch/ci1": Unknown}},
		{"describe denied", both(ecsInstance("ci1", nil), denied("ecs", "us-east-1", "DescribeContainerInstances", ecsCIARN)), map[string]Status{"/batch/ci1": Unknown}},
		{"instances unlisted", denied("ecs", "us-east-1", "ListContainerInstances", ""), map[string]Status{":ecs:us-east-1:111122223333:*": Unknown}},
	})

	fs := Run(account(ecsInstance("ci1", version("1.97.0"))), []Check{ecsAgentOutdated}, DefaultConfig())
	if fs[0].ServiceModel != Infrastructure || fs[0].SharedControl != PatchManagement ||
		fs[0].Evidence["minimum_agent_version"] != "1.97.1" || !strings.Contains(fs[0].Evidence["minimum_source"].(string), "GHSA-wm7x-ww72-r77q") {
		t.Errorf("finding = %+v", fs[0])
	}
}

// The table's floor rises as its dates pass, never past what it knows.
func TestECSAgentFloorAt(t *testing.T) {
	for _, tc := range []struct {
		at   string
		want string
	}{
		{"2025-01-01", ""},
		{"2025-07-29", "1.85.3"},
		{"2025-08-14", "1.97.1"},
		{"2027-02-05", "1.101.3"},
		{"2030-01-01", "1.104.0"},
	} {
		at, _ := time.Parse(time.DateOnly, tc.at)
		f, ok := ecsAgentFloorAt(at)
		if got := map[bool]string{true: f.Version}[ok]; got != tc.want {
			t.Errorf("floor at %s = %q, want %q", tc.at, got, tc.want)
		}
	}
	if ecsCompareVersions("1.101.0", "1.97.1") <= 0 || ecsCompareVersions("1.97", "1.97.0") != 0 {
		t.Error("versions compare as strings, not numbers")
	}
}
