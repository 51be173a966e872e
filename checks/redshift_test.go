package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// rsCluster adds, in us-east-1, a cluster that meets every Redshift duty
// (private, encrypted, logged, require_ssl through group secure, engine
// upgrades on, 7 days of snapshots), after set has changed it.
func rsCluster(id string, set func(c *inventory.RedshiftCluster)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.RedshiftCluster{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Encrypted: true, LoggingEnabled: true,
			AllowVersionUpgrade: true, ParameterGroups: []string{"secure"}, AutomatedSnapshotRetentionPeriod: 7}
		if set != nil {
			set(&c)
		}
		inv.Redshift.Clusters = append(inv.Redshift.Clusters, c)
	}
}

func rsGroup(name string, requireSSL bool) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.Redshift.ParameterGroups = append(inv.Redshift.ParameterGroups,
			inventory.RedshiftParameterGroup{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, RequireSSL: requireSSL})
	}
}

const rsScope = ":redshift:us-east-1:111122223333:*"

var rsDenied = denied("redshift", "us-east-1", "DescribeClusters", "")

func TestRedshiftPublic(t *testing.T) {
	runCases(t, redshiftPublic, []statusCase{
		{"private", rsCluster("c1", nil), map[string]Status{"cluster:c1": Pass}},
		{"public", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.PubliclyAccessible = true }), map[string]Status{"cluster:c1": Fail}},
		{"listing denied", rsDenied, map[string]Status{rsScope: Unknown}},
	})
}

func TestRedshiftEncryption(t *testing.T) {
	runCases(t, redshiftEncryption, []statusCase{
		{"encrypted", rsCluster("c1", nil), map[string]Status{"cluster:c1": Pass}},
		{"unencrypted", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.Encrypted = false }), map[string]Status{"cluster:c1": Fail}},
		{"listing denied", rsDenied, map[string]Status{rsScope: Unknown}},
	})
}

func TestRedshiftAuditLogging(t *testing.T) {
	runCases(t, redshiftAuditLogging, []statusCase{
		{"logging on", rsCluster("c1", nil), map[string]Status{"cluster:c1": Pass}},
		{"logging off", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.LoggingEnabled = false }), map[string]Status{"cluster:c1": Fail}},
		{"logging status denied: never a silent fail", both(rsCluster("c1", func(c *inventory.RedshiftCluster) { c.LoggingEnabled = false }),
			denied("redshift", "us-east-1", "DescribeLoggingStatus", "arn:aws:redshift:us-east-1:111122223333:cluster:c1")),
			map[string]Status{"cluster:c1": Unknown}},
		{"listing denied", rsDenied, map[string]Status{rsScope: Unknown}},
	})
}

func TestRedshiftRequireSSL(t *testing.T) {
	runCases(t, redshiftRequireSSL, []statusCase{
		{"require_ssl true", both(rsCluster("c1", nil), rsGroup("secure", true)), map[string]Status{"cluster:c1": Pass}},
		{"require_ssl false", both(rsCluster("c1", nil), rsGroup("secure", false)), map[string]Status{"cluster:c1": Fail}},
		{"default group", both(rsCluster("c1", func(c *inventory.RedshiftCluster) { c.ParameterGroups = []string{"default.redshift-1.0"} }),
			rsGroup("default.redshift-1.0", false)), map[string]Status{"cluster:c1": Fail}},
		{"a group of the same name in another region does not count", both(rsCluster("c1", nil), func(inv *inventory.Inventory) {
			inv.Redshift.ParameterGroups = append(inv.Redshift.ParameterGroups,
				inventory.RedshiftParameterGroup{Resource: inventory.Resource{Region: "eu-west-1"}, Name: "secure", RequireSSL: true})
		}), map[string]Status{"cluster:c1": Unknown}},
		{"group unread", both(rsCluster("c1", nil),
			denied("redshift", "us-east-1", "DescribeClusterParameters", "arn:aws:redshift:us-east-1:111122223333:parametergroup:secure")),
			map[string]Status{"cluster:c1": Unknown}},
		{"no group named", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.ParameterGroups = nil }), map[string]Status{"cluster:c1": Unknown}},
		{"listing denied", rsDenied, map[string]Status{rsScope: Unknown}},
	})
}

func TestRedshiftVersionUpgrade(t *testing.T) {
	runCases(t, redshiftVersionUpgrade, []statusCase{
		{"upgrades on", rsCluster("c1", nil), map[string]Status{"cluster:c1": Pass}},
		{"upgrades off", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.AllowVersionUpgrade = false }), map[string]Status{"cluster:c1": Fail}},
		{"listing denied", rsDenied, map[string]Status{rsScope: Unknown}},
	})
}

func TestRedshiftSnapshotRetention(t *testing.T) {
	runCases(t, redshiftSnapshotRetention, []statusCase{
		{"7 days", rsCluster("c1", nil), map[string]Status{"cluster:c1": Pass}},
		{"35 days", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.AutomatedSnapshotRetentionPeriod = 35 }), map[string]Status{"cluster:c1": Pass}},
		{"1 day", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.AutomatedSnapshotRetentionPeriod = 1 }), map[string]Status{"cluster:c1": Fail}},
		{"off", rsCluster("c1", func(c *inventory.RedshiftCluster) { c.AutomatedSnapshotRetentionPeriod = 0 }), map[string]Status{"cluster:c1": Fail}},
		{"listing denied", rsDenied, map[string]Status{rsScope: Unknown}},
	})
}
