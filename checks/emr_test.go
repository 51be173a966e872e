package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

const (
	emrEncrypted   = `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":true,"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-KMS","AwsKmsKey":"alias/emr"},"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"alias/emr"}},"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM","S3Object":"s3://certs/emr.zip"}}}}`
	emrUnencrypted = `{"EncryptionConfiguration":{"EnableAtRestEncryption":false,"EnableInTransitEncryption":false},"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ClusterDedicatedKdc"}}}`
	emrC1ARN       = "arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/j-1"
	emrPublicName  = "ec2-54-210-1-2.compute-1.amazonaws.com"
)

// emrCluster adds a waiting cluster in us-east-1, on security
// configuration "enc", with a private primary node in group sg-m, after
// set has changed it.
func emrCluster(id string, set func(c *inventory.EMRCluster)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.EMRCluster{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Name: "etl-" + id, State: "WAITING",
			SecurityConfiguration: "enc", MasterPublicDNSName: "ip-10-0-1-5.ec2.internal", SubnetID: "subnet-1", MasterSecurityGroupIDs: []string{"sg-m"}}
		if set != nil {
			set(&c)
		}
		inv.EMR.Clusters = append(inv.EMR.Clusters, c)
	}
}

func emrConfig(name, doc string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.EMR.SecurityConfigurations = append(inv.EMR.SecurityConfigurations,
			inventory.EMRSecurityConfiguration{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, Document: doc})
	}
}

func emrGroup(id string, rules ...inventory.Rule) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.EC2.SecurityGroups = append(inv.EC2.SecurityGroups,
			inventory.SecurityGroup{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Name: "ElasticMapReduce-master", Ingress: rules})
	}
}

func emrPublic(c *inventory.EMRCluster) { c.MasterPublicDNSName = emrPublicName }

func TestEMRBlockPublicAccess(t *testing.T) {
	region := func(on bool, ports ...inventory.PortRange) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EMR.Regions = append(inv.EMR.Regions, inventory.EMRRegion{Resource: inventory.Resource{Region: "us-east-1"},
				BlockPublicSecurityGroupRules: on, PermittedPorts: ports})
		}
	}
	runCases(t, emrBlockPublicAccess, []statusCase{
		{"on, port 22 excepted", region(true, inventory.PortRange{From: 22, To: 22}), map[string]Status{":account-settings": Pass}},
		{"on, no exceptions", region(true), map[string]Status{":account-settings": Pass}},
		{"off", region(false, inventory.PortRange{From: 22, To: 22}), map[string]Status{":account-settings": Fail}},
		{"on, port 22 widened to a range", region(true, inventory.PortRange{From: 20, To: 23}), map[string]Status{":account-settings": Fail}},
		{"not readable", denied("elasticmapreduce", "us-east-1", "GetBlockPublicAccessConfiguration", ""),
			map[string]Status{":elasticmapreduce:us-east-1:111122223333:*": Unknown}},
	})
	fs := Run(account(region(true, inventory.PortRange{From: 22, To: 22}, inventory.PortRange{From: 8443, To: 8445})), []Check{emrBlockPublicAccess}, DefaultConfig())
	if len(fs) != 1 || fs[0].Status != Fail || !strings.Contains(fs[0].Message, "open port(s) 8443-8445 to the internet") {
		t.Errorf("an exception beyond port 22 must fail and be named: %+v", fs)
	}
}

// emrEncryptionCases are the rows both encryption checks share; the
// encrypted and unencrypted documents turn both on and both off.
func emrEncryptionCases(t *testing.T, c Check) {
	runCases(t, c, []statusCase{
		{"encrypting configuration", both(emrCluster("j-1", nil), emrConfig("enc", emrEncrypted)), map[string]Status{"/j-1": Pass}},
		{"configuration with encryption off", both(emrCluster("j-1", nil), emrConfig("enc", emrUnencrypted)), map[string]Status{"/j-1": Fail}},
		{"no security configuration", emrCluster("j-1", func(c *inventory.EMRCluster) { c.SecurityConfiguration = "" }), map[string]Status{"/j-1": Fail}},
		{"configuration of another region", both(emrCluster("j-1", func(c *inventory.EMRCluster) { c.Region = "eu-west-1" }), emrConfig("enc", emrEncrypted)),
			map[string]Status{"/j-1": Unknown}},
		{"configuration not read", both(emrCluster("j-1", nil),
			denied("elasticmapreduce", "us-east-1", "DescribeSecurityConfiguration", "arn:aws:elasticmapreduce:us-east-1:111122223333:security-configuration/enc")),
			map[string]Status{"/j-1": Unknown}},
		{"configuration unparsable", both(emrCluster("j-1", nil), emrConfig("enc", "{")), map[string]Status{"/j-1": Unknown}},
		{"cluster not described", both(emrCluster("j-1", func(c *inventory.EMRCluster) { c.SecurityConfiguration = "" }),
			denied("elasticmapreduce", "us-east-1", "DescribeCluster", emrC1ARN)), map[string]Status{"/j-1": Unknown}},
		{"listing denied", denied("elasticmapreduce", "us-east-1", "ListClusters", ""),
			map[string]Status{":elasticmapreduce:us-east-1:111122223333:*": Unknown}},
	})
}

func TestEMREncryptionAtRest(t *testing.T) {
	emrEncryptionCases(t, emrEncryptionAtRest)
	atRestOnly := `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":false,"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-S3"}}}}`
	fs := Run(account(both(emrCluster("j-1", nil), emrConfig("enc", atRestOnly))), []Check{emrEncryptionAtRest, emrEncryptionInTransit}, DefaultConfig())
	if len(fs) != 2 || fs[0].Status != Pass || fs[0].Evidence["s3_encryption_mode"] != "SSE-S3" || fs[1].Status != Fail {
		t.Errorf("at rest only: %+v", fs)
	}
}

func TestEMREncryptionInTransit(t *testing.T) {
	emrEncryptionCases(t, emrEncryptionInTransit)
}

func TestEMRPrimaryPublicIP(t *testing.T) {
	runCases(t, emrPrimaryPublicIP, []statusCase{
		{"private name", emrCluster("j-1", nil), map[string]Status{"/j-1": Pass}},
		{"private name in the VPC's domain", emrCluster("j-1", func(c *inventory.EMRCluster) { c.MasterPublicDNSName = "ip-10-0-1-5.corp.example.com" }),
			map[string]Status{"/j-1": Pass}},
		{"regional private name", emrCluster("j-1", func(c *inventory.EMRCluster) { c.MasterPublicDNSName = "ip-10-0-1-5.eu-west-1.compute.internal" }),
			map[string]Status{"/j-1": Pass}},
		{"public name", emrCluster("j-1", emrPublic), map[string]Status{"/j-1": Fail}},
		{"regional public name", emrCluster("j-1", func(c *inventory.EMRCluster) { c.MasterPublicDNSName = "ec2-3-250-1-2.eu-west-1.compute.amazonaws.com" }),
			map[string]Status{"/j-1": Fail}},
		{"starting, no address yet", emrCluster("j-1", func(c *inventory.EMRCluster) { c.State, c.MasterPublicDNSName = "STARTING", "" }),
			map[string]Status{"/j-1": Unknown}},
		{"cluster not described", both(emrCluster("j-1", emrPublic), denied("elasticmapreduce", "us-east-1", "DescribeCluster", emrC1ARN)),
			map[string]Status{"/j-1": Unknown}},
		{"listing denied", denied("elasticmapreduce", "us-east-1", "ListClusters", ""),
			map[string]Status{":elasticmapreduce:us-east-1:111122223333:*": Unknown}},
	})
}

func TestEMRPrimaryReachable(t *testing.T) {
	open := inventory.Rule{Protocol: "tcp", FromPort: 8088, ToPort: 8088, IPv4Ranges: []string{"0.0.0.0/0"}}
	open6 := inventory.Rule{Protocol: "-1", IPv6Ranges: []string{"::/0"}}
	office := inventory.Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"198.51.100.0/24"}}
	runCases(t, emrPrimaryReachable, []statusCase{
		{"private, group open", both(emrCluster("j-1", nil), emrGroup("sg-m", open)), map[string]Status{"/j-1": Pass}},
		{"public, group closed", both(emrCluster("j-1", emrPublic), emrGroup("sg-m", office)), map[string]Status{"/j-1": Pass}},
		{"public, group open to 0.0.0.0/0", both(emrCluster("j-1", emrPublic), emrGroup("sg-m", office, open)), map[string]Status{"/j-1": Fail}},
		{"public, additional group open to ::/0", both(emrCluster("j-1", func(c *inventory.EMRCluster) {
			emrPublic(c)
			c.MasterSecurityGroupIDs = []string{"sg-m", "sg-extra"}
		}), emrGroup("sg-m", office), emrGroup("sg-extra", open6)), map[string]Status{"/j-1": Fail}},
		{"public, group not collected", both(emrCluster("j-1", emrPublic)), map[string]Status{"/j-1": Unknown}},
		{"public, groups unknown", emrCluster("j-1", func(c *inventory.EMRCluster) { emrPublic(c); c.MasterSecurityGroupIDs = nil }),
			map[string]Status{"/j-1": Unknown}},
		{"public, groups not readable", both(emrCluster("j-1", emrPublic), emrGroup("sg-m", office), denied("ec2", "us-east-1", "DescribeSecurityGroups", "")),
			map[string]Status{"/j-1": Unknown, ":ec2:us-east-1:111122223333:*": Unknown}},
		{"starting, no address yet", emrCluster("j-1", func(c *inventory.EMRCluster) { c.State, c.MasterPublicDNSName = "STARTING", "" }),
			map[string]Status{"/j-1": Unknown}},
		{"cluster not described", both(emrCluster("j-1", emrPublic), emrGroup("sg-m", open), denied("elasticmapreduce", "us-east-1", "DescribeCluster", emrC1ARN)),
			map[string]Status{"/j-1": Unknown}},
		{"listing denied", denied("elasticmapreduce", "us-east-1", "ListClusters", ""),
			map[string]Status{":elasticmapreduce:us-east-1:111122223333:*": Unknown}},
	})
	fs := Run(account(both(emrCluster("j-1", emrPublic), emrGroup("sg-m", open))), []Check{emrPrimaryReachable}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "admits 0.0.0.0/0 on tcp port 8088 via sg-m") || fs[0].Evidence["security_group_id"] != "sg-m" {
		t.Errorf("finding = %+v", fs)
	}
	// EC2 left out of the scan (--services emr): what needed its
	// security groups is unknown, not passed.
	fs = Run(account(both(emrCluster("j-1", emrPublic), func(inv *inventory.Inventory) { inv.Services = []string{"emr"} })), []Check{emrPrimaryReachable}, DefaultConfig())
	for _, f := range fs {
		if f.Status != Unknown {
			t.Errorf("EC2 not scanned: %s is %s", f.ResourceARN, f.Status)
		}
	}
}
