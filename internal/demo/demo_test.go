package demo

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

func account(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := Account()
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func TestAccountIsASmallCompany(t *testing.T) {
	acct := account(t)
	if acct.AccountID != "123456789012" {
		t.Errorf("account_id = %q", acct.AccountID)
	}
	if want := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC); !acct.StartedAt.Equal(want) {
		t.Errorf("started_at = %v, want %v: every date in account.yaml is relative to it", acct.StartedAt, want)
	}
	if len(acct.Regions) < 3 {
		t.Errorf("regions = %v, want at least 3", acct.Regions)
	}
	e, m := acct.EC2, acct.IAM
	counts := map[string]int{
		"vpcs": len(e.VPCs), "security groups": len(e.SecurityGroups), "network ACLs": len(e.NetworkACLs),
		"flow logs": len(e.FlowLogs), "instances": len(e.Instances), "volumes": len(e.Volumes),
		"snapshots": len(e.Snapshots), "images": len(e.Images), "buckets": len(acct.S3.Buckets),
		"users": len(m.Users), "groups": len(m.Groups), "roles": len(m.Roles), "policies": len(m.Policies),
	}
	total := 0
	for kind, n := range counts {
		if n == 0 {
			t.Errorf("the demo has no %s", kind)
		}
		total += n
	}
	if total < 36 {
		t.Errorf("the demo has %d resources, want a few dozen: %v", total, counts)
	}
	t.Logf("%d resources: %v", total, counts)
}

var (
	ec2IDRE  = regexp.MustCompile(`^(i|sg|vol|snap|ami|vpc|acl|subnet|fl)-0[0-9a-f]{16}$`)
	iamIDRE  = regexp.MustCompile(`^(AIDA|AGPA|AROA|ANPA|ASCA)[A-Z0-9]{17}$`)
	copiedID = "vol-ffffffff" // the VolumeId AWS gives a copied snapshot
)

// TestAccountIsCoherent holds the story together: everything a resource
// refers to exists where it should.
func TestAccountIsCoherent(t *testing.T) {
	acct := account(t)
	e := acct.EC2
	key := func(region, id string) string { return region + "/" + id }
	inRegion := func(kind, id, region string) {
		if !slices.Contains(acct.Regions, region) {
			t.Errorf("%s %s: region %q is not one of the account's regions %v", kind, id, region, acct.Regions)
		}
	}
	seen := map[string]bool{}
	checkID := func(kind, id string) {
		if !ec2IDRE.MatchString(id) {
			t.Errorf("%s ID %q does not look like an AWS ID", kind, id)
		}
		if seen[id] {
			t.Errorf("%s ID %q is used twice", kind, id)
		}
		seen[id] = true
	}

	vpcs := map[string]bool{}
	for _, v := range e.VPCs {
		checkID("vpc", v.ID)
		inRegion("vpc", v.ID, v.Region)
		vpcs[key(v.Region, v.ID)] = true
	}
	groups := map[string]inventory.SecurityGroup{}
	defaults := map[string]int{}
	for _, g := range e.SecurityGroups {
		checkID("security group", g.ID)
		inRegion("security group", g.ID, g.Region)
		groups[key(g.Region, g.ID)] = g
		if !vpcs[key(g.Region, g.VPCID)] {
			t.Errorf("security group %s: VPC %s does not exist in %s", g.ID, g.VPCID, g.Region)
		}
		if g.IsDefault() {
			defaults[key(g.Region, g.VPCID)]++
		}
	}
	for _, g := range e.SecurityGroups {
		for _, r := range slices.Concat(g.Ingress, g.Egress) {
			for _, ref := range r.GroupIDs {
				if other, ok := groups[key(g.Region, ref)]; !ok || other.VPCID != g.VPCID {
					t.Errorf("security group %s: rule refers to %s, which is not a group of %s", g.ID, ref, g.VPCID)
				}
			}
		}
	}
	// Subnets are not collected; the NACLs name them. In AWS every subnet
	// is associated with exactly one NACL of its VPC.
	subnets := map[string]string{} // region/subnet -> VPC
	defaultACLs := map[string]int{}
	for _, a := range e.NetworkACLs {
		checkID("network ACL", a.ID)
		inRegion("network ACL", a.ID, a.Region)
		if !vpcs[key(a.Region, a.VPCID)] {
			t.Errorf("network ACL %s: VPC %s does not exist in %s", a.ID, a.VPCID, a.Region)
		}
		if a.IsDefault {
			defaultACLs[key(a.Region, a.VPCID)]++
		}
		for _, s := range a.SubnetIDs {
			checkID("subnet", s)
			subnets[key(a.Region, s)] = a.VPCID
		}
	}
	for _, v := range e.VPCs {
		k := key(v.Region, v.ID)
		if defaults[k] != 1 || defaultACLs[k] != 1 {
			t.Errorf("VPC %s has %d default security groups and %d default NACLs, want one of each", v.ID, defaults[k], defaultACLs[k])
		}
	}
	for _, f := range e.FlowLogs {
		checkID("flow log", f.ID)
		inRegion("flow log", f.ID, f.Region)
		if !vpcs[key(f.Region, f.ResourceID)] {
			t.Errorf("flow log %s watches %s, which is not a VPC in %s", f.ID, f.ResourceID, f.Region)
		}
	}

	images := map[string]bool{}
	for _, im := range e.Images {
		checkID("image", im.ID)
		inRegion("image", im.ID, im.Region)
		images[key(im.Region, im.ID)] = true
	}
	roles := map[string]bool{}
	for _, r := range acct.IAM.Roles {
		roles[r.Name] = true
	}
	instances := map[string]bool{}
	for _, in := range e.Instances {
		checkID("instance", in.ID)
		inRegion("instance", in.ID, in.Region)
		instances[key(in.Region, in.ID)] = true
		if !vpcs[key(in.Region, in.VPCID)] {
			t.Errorf("instance %s: VPC %s does not exist in %s", in.ID, in.VPCID, in.Region)
		}
		if vpc, ok := subnets[key(in.Region, in.SubnetID)]; !ok || vpc != in.VPCID {
			t.Errorf("instance %s: subnet %s is not a subnet of %s in %s", in.ID, in.SubnetID, in.VPCID, in.Region)
		}
		if len(in.SecurityGroupIDs) == 0 {
			t.Errorf("instance %s has no security group", in.ID)
		}
		for _, id := range in.SecurityGroupIDs {
			if g, ok := groups[key(in.Region, id)]; !ok || g.VPCID != in.VPCID {
				t.Errorf("instance %s: security group %s is not a group of %s in %s", in.ID, id, in.VPCID, in.Region)
			}
		}
		if p := in.InstanceProfileARN; p != "" {
			name := p[strings.LastIndex(p, "/")+1:]
			if !strings.HasPrefix(p, "arn:aws:iam::"+acct.AccountID+":instance-profile/") || !roles[name] {
				t.Errorf("instance %s: profile %s has no role of the same name", in.ID, p)
			}
		}
		if in.Tags.Get("Name") == "" {
			t.Errorf("instance %s has no Name tag", in.ID)
		}
	}
	// The one instance on an image the account does not own: Amazon's
	// public Amazon Linux image, whose age srmscan reports as unknown.
	notOwned := 0
	for _, in := range e.Instances {
		if !images[key(in.Region, in.ImageID)] {
			notOwned++
		}
	}
	if notOwned != 1 {
		t.Errorf("%d instances run images the account does not own, want 1 (the bastion)", notOwned)
	}

	volumes := map[string]bool{}
	for _, v := range e.Volumes {
		checkID("volume", v.ID)
		inRegion("volume", v.ID, v.Region)
		volumes[key(v.Region, v.ID)] = true
		for _, id := range v.InstanceIDs {
			if !instances[key(v.Region, id)] {
				t.Errorf("volume %s is attached to %s, which does not exist in %s", v.ID, id, v.Region)
			}
		}
		if attached := len(v.InstanceIDs) > 0; attached != (v.State == "in-use") {
			t.Errorf("volume %s is %s with %d attachments", v.ID, v.State, len(v.InstanceIDs))
		}
		if v.Encrypted != (v.KMSKeyID != "") {
			t.Errorf("volume %s: encrypted=%v with KMS key %q", v.ID, v.Encrypted, v.KMSKeyID)
		}
	}
	attached := map[string]bool{}
	for _, v := range e.Volumes {
		for _, id := range v.InstanceIDs {
			attached[key(v.Region, id)] = true
		}
	}
	for _, in := range e.Instances {
		if !attached[key(in.Region, in.ID)] {
			t.Errorf("instance %s has no volume", in.ID)
		}
	}
	for _, s := range e.Snapshots {
		checkID("snapshot", s.ID)
		inRegion("snapshot", s.ID, s.Region)
		if s.VolumeID != copiedID && !volumes[key(s.Region, s.VolumeID)] {
			t.Errorf("snapshot %s comes from %s, which does not exist in %s", s.ID, s.VolumeID, s.Region)
		}
	}
	settings := map[string]int{}
	for _, s := range e.RegionSettings {
		settings[s.Region]++
	}
	for _, r := range acct.Regions {
		if settings[r] != 1 {
			t.Errorf("region %s has %d region_settings entries, want 1", r, settings[r])
		}
	}

	buckets := map[string]bool{}
	for _, b := range acct.S3.Buckets {
		inRegion("bucket", b.Name, b.Region)
		buckets[b.Name] = true
	}
	for _, b := range acct.S3.Buckets {
		if b.OwnerID == "" || len(b.Grants) == 0 {
			t.Errorf("bucket %s has no owner or ACL", b.Name)
		}
		if b.Logging != nil && !buckets[b.Logging.TargetBucket] {
			t.Errorf("bucket %s logs to %s, which does not exist", b.Name, b.Logging.TargetBucket)
		}
		if b.Policy != "" {
			validJSON(t, "policy of bucket "+b.Name, b.Policy)
		}
	}

	// ECS: services run in clusters and revisions that exist, and
	// container instances are the account's EC2 instances.
	clusters, revisions, hosts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range acct.ECS.Clusters {
		clusters[key(c.Region, c.Name)] = true
	}
	for _, td := range acct.ECS.TaskDefinitions {
		revisions[td.ARN] = true
	}
	for _, in := range e.Instances {
		hosts[key(in.Region, in.ID)] = true
	}
	for _, s := range acct.ECS.Services {
		if !clusters[key(s.Region, s.Cluster)] || !revisions[s.TaskDefinition] {
			t.Errorf("ECS service %s: cluster %s or task definition %s does not exist in %s", s.Name, s.Cluster, s.TaskDefinition, s.Region)
		}
	}
	for _, ci := range acct.ECS.ContainerInstances {
		if !clusters[key(ci.Region, ci.Cluster)] || !hosts[key(ci.Region, ci.EC2InstanceID)] {
			t.Errorf("container instance %s: cluster %s or instance %s does not exist in %s", ci.ID, ci.Cluster, ci.EC2InstanceID, ci.Region)
		}
	}
}

func TestIAMIsCoherent(t *testing.T) {
	acct := account(t)
	m := acct.IAM
	users := map[string]inventory.User{}
	for _, u := range m.Users {
		users[u.Name] = u
	}
	rows := map[string]inventory.Credential{}
	for _, c := range m.CredentialReport {
		rows[c.User] = c
		if c.ARN == "" {
			t.Errorf("credential report row %s has no arn", c.User)
		}
		if c.User == inventory.RootUser {
			if c.ARN != inventory.AccountARN(acct.Partition, acct.AccountID) {
				t.Errorf("root row arn = %s", c.ARN)
			}
			continue
		}
		u, ok := users[c.User]
		if !ok {
			t.Errorf("credential report row %s is not a user in iam.users", c.User)
			continue
		}
		if c.ARN != u.ARN {
			t.Errorf("credential report row %s has arn %s, the user has %s", c.User, c.ARN, u.ARN)
		}
		if c.UserCreationTime == nil || !c.UserCreationTime.Equal(u.CreateDate) {
			t.Errorf("credential report row %s was created %v, the user %v", c.User, c.UserCreationTime, u.CreateDate)
		}
	}
	if _, ok := rows[inventory.RootUser]; !ok {
		t.Errorf("the credential report has no %s row", inventory.RootUser)
	}
	for _, u := range m.Users {
		if _, ok := rows[u.Name]; !ok {
			t.Errorf("user %s has no credential report row", u.Name)
		}
		if !iamIDRE.MatchString(u.ID) {
			t.Errorf("user %s: ID %q does not look like an IAM ID", u.Name, u.ID)
		}
	}
	if len(rows) != len(m.CredentialReport) {
		t.Error("the credential report has duplicate rows")
	}

	// MFA: a user's row says mfa_active exactly when a device is theirs.
	assigned := map[string]bool{}
	for _, d := range m.VirtualMFADevices {
		assigned[d.UserARN] = true
	}
	for _, c := range m.CredentialReport {
		if c.MFAActive != assigned[c.ARN] {
			t.Errorf("%s: mfa_active=%v but a virtual MFA device assigned=%v", c.User, c.MFAActive, assigned[c.ARN])
		}
	}

	policies := map[string]inventory.ManagedPolicy{}
	for _, p := range m.Policies {
		policies[p.ARN] = p
		validJSON(t, "policy "+p.Name, p.Document)
		if !p.AWSManaged() && !iamIDRE.MatchString(p.ID) {
			t.Errorf("policy %s: ID %q does not look like an IAM ID", p.Name, p.ID)
		}
	}
	attachments := map[string]int{}
	attach := func(who string, list []inventory.AttachedPolicy, inline []inventory.InlinePolicy) {
		for _, a := range list {
			attachments[a.ARN]++
			if p, ok := policies[a.ARN]; !ok {
				t.Errorf("%s: attached policy %s is not in iam.policies", who, a.ARN)
			} else if p.Name != a.Name {
				t.Errorf("%s: attached policy %s is named %q, iam.policies says %q", who, a.ARN, a.Name, p.Name)
			}
		}
		for _, p := range inline {
			validJSON(t, who+" inline policy "+p.Name, p.Document)
		}
	}
	groups := map[string]bool{}
	for _, g := range m.Groups {
		groups[g.Name] = true
		attach("group "+g.Name, g.AttachedPolicies, g.InlinePolicies)
	}
	for _, u := range m.Users {
		attach("user "+u.Name, u.AttachedPolicies, u.InlinePolicies)
		for _, g := range u.Groups {
			if !groups[g] {
				t.Errorf("user %s is in group %s, which does not exist", u.Name, g)
			}
		}
	}
	for _, r := range m.Roles {
		attach("role "+r.Name, r.AttachedPolicies, r.InlinePolicies)
		validJSON(t, "trust policy of role "+r.Name, r.AssumeRolePolicy)
	}
	customer := 0
	for _, p := range m.Policies {
		if attachments[p.ARN] != int(p.AttachmentCount) {
			t.Errorf("policy %s has attachment_count %d but is attached %d times", p.Name, p.AttachmentCount, attachments[p.ARN])
		}
		if !p.AWSManaged() {
			customer++
		}
	}
	inUse, rootMFA, rootKeys := 0, 0, 0
	for _, d := range m.VirtualMFADevices {
		if d.UserARN != "" {
			inUse++
		}
	}
	if root := rows[inventory.RootUser]; root.MFAActive {
		rootMFA = 1
	} else if root.AccessKey1Active || root.AccessKey2Active {
		rootKeys = 1
	}
	profiles := map[string]bool{}
	for _, in := range acct.EC2.Instances {
		if in.InstanceProfileARN != "" {
			profiles[in.InstanceProfileARN] = true
		}
	}
	certs := map[string]bool{}
	for _, c := range m.ServerCertificates {
		if certs[c.Name] {
			t.Errorf("server certificate %s is listed twice", c.Name)
		}
		certs[c.Name] = true
		if !iamIDRE.MatchString(c.ID) {
			t.Errorf("server certificate %s: ID %q does not look like an IAM ID", c.Name, c.ID)
		}
		if !c.Expiration.After(c.UploadDate) {
			t.Errorf("server certificate %s expires %v, before its upload %v", c.Name, c.Expiration, c.UploadDate)
		}
	}
	for k, want := range map[string]int{
		"Users": len(m.Users), "Groups": len(m.Groups), "Roles": len(m.Roles), "Policies": customer,
		"MFADevices": len(m.VirtualMFADevices), "MFADevicesInUse": inUse, "AccountMFAEnabled": rootMFA,
		"AccountAccessKeysPresent": rootKeys, "ServerCertificates": len(m.ServerCertificates), "InstanceProfiles": len(profiles),
	} {
		if got := m.Summary[k]; int(got) != want {
			t.Errorf("summary %s = %d, want %d", k, got, want)
		}
	}
}

// TestNothingIsInTheFuture: every date in the account, and every
// LastPatched tag that is a date, is at or before started_at. The one
// date meant to lie ahead is a server certificate's expiry: a valid
// certificate expires after now (TestIAMIsCoherent orders it after the
// upload).
func TestNothingIsInTheFuture(t *testing.T) {
	acct := account(t)
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.Type() == reflect.TypeFor[time.Time]() {
			if ts := v.Interface().(time.Time); ts.After(acct.StartedAt) {
				t.Errorf("%s = %v is after started_at", path, ts)
			}
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				name := v.Type().Field(i).Name
				if v.Type() == reflect.TypeFor[inventory.ServerCertificate]() && name == "Expiration" {
					continue
				}
				// AWS schedules a waiting update for a date to come.
				if v.Type() == reflect.TypeFor[inventory.OpenSearchDomain]() && name == "AutomatedUpdateDate" {
					continue
				}
				walk(path+"."+name, v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		}
	}
	walk("account", reflect.ValueOf(acct.EC2))
	walk("account", reflect.ValueOf(acct.S3))
	walk("account", reflect.ValueOf(acct.IAM))
	walk("account", reflect.ValueOf(acct.RDS))
	walk("account", reflect.ValueOf(acct.EFS))
	walk("account", reflect.ValueOf(acct.GuardDuty))
	walk("account", reflect.ValueOf(acct.SecurityHub))
	walk("account", reflect.ValueOf(acct.AccessAnalyzer))
	walk("account", reflect.ValueOf(acct.CloudTrail))
	walk("account", reflect.ValueOf(acct.DynamoDB))
	walk("account", reflect.ValueOf(acct.SQS))
	walk("account", reflect.ValueOf(acct.EMR))
	walk("account", reflect.ValueOf(acct.SSM))
	walk("account", reflect.ValueOf(acct.SNS))
	walk("account", reflect.ValueOf(acct.Lambda))
	walk("account", reflect.ValueOf(acct.ECR))
	walk("account", reflect.ValueOf(acct.EKS))
	walk("account", reflect.ValueOf(acct.ElasticBeanstalk))
	walk("account", reflect.ValueOf(acct.ELB))
	// A certificate's NotAfter is rightly ahead; it cannot start ahead.
	for _, c := range acct.ACM.Certificates {
		if c.NotBefore.After(acct.StartedAt) {
			t.Errorf("%s: not_before %v is after started_at", c.DomainName, c.NotBefore)
		}
	}
	walk("account", reflect.ValueOf(acct.SecretsManager))
	walk("account", reflect.ValueOf(acct.ElastiCache))
	walk("account", reflect.ValueOf(acct.Redshift))
	walk("account", reflect.ValueOf(acct.CloudFront))
	walk("account", reflect.ValueOf(acct.Backup))
	walk("account", reflect.ValueOf(acct.OpenSearch))
	walk("account", reflect.ValueOf(acct.APIGateway))
	for _, in := range acct.EC2.Instances {
		for _, layout := range []string{time.DateOnly, time.RFC3339} {
			if ts, err := time.Parse(layout, in.Tags.Get("LastPatched")); err == nil && ts.After(acct.StartedAt) {
				t.Errorf("%s: LastPatched %v is after started_at", in.ID, ts)
			}
		}
	}
}

// exceptions are the checks that cannot yield both a fail and a pass on
// any account, with what they yield instead and why.
var exceptions = map[string]struct {
	want   checks.Status
	reason string
}{
	"org-security-awareness-training": {checks.Manual, "training is not observable through the API: the check always asks the user to attest"},
	"s3-account-public-access-block":  {checks.Fail, "one finding per account; the demo's has no account-level block, which would take the public marketing site down"},
	// The root user and the password policy are judged once per account.
	"iam-root-access-keys":           {checks.Pass, "one finding per account; the demo's root user has no access keys"},
	"iam-root-mfa":                   {checks.Pass, "one finding per account; the demo's root user has MFA"},
	"iam-root-hardware-mfa":          {checks.Fail, "one finding per account; the demo's root MFA is a virtual device"},
	"iam-root-recent-use":            {checks.Pass, "one finding per account; the demo's root user last signed in 40 days before started_at, outside the 30-day window"},
	"iam-password-policy-min-length": {checks.Fail, "one finding per account; the demo's policy asks for 12 characters, CIS for 14"},
	"iam-password-policy-reuse":      {checks.Fail, "one finding per account; the demo's policy remembers 5 passwords, CIS asks for 24"},
	"iam-support-role": {checks.Fail, "one finding per account; no demo role has AWSSupportAccess, and the AWSServiceRoleForSupport " +
		"service-linked role, which is AWS Support's own, rightly does not count"},
	"cloudtrail-multi-region-logging": {checks.Pass, "one finding per account; the demo's northwind-audit trail logs every region"},
}

// expectedUnknown are the findings the demo reports as unknown on purpose,
// by check and resource Name; any other unknown means a broken reference.
var expectedUnknown = map[string]string{
	"ec2-instance-ami-age": "bastion-euw1", // runs Amazon's public AMI, whose creation date is not the account's to read
}

// TestEveryCheckFailsAndPasses: the demo shows each check at work on both
// sides of the line. Removing the demo's bad (or good) resources for a
// check makes this fail.
func TestEveryCheckFailsAndPasses(t *testing.T) {
	acct := account(t)
	names := resourceNames(acct)
	findings := checks.Run(acct, checks.All(), checks.DefaultConfig())
	byCheck := map[string]map[checks.Status][]string{}
	for _, f := range findings {
		if byCheck[f.CheckID] == nil {
			byCheck[f.CheckID] = map[checks.Status][]string{}
		}
		name := names[f.ResourceARN]
		if name == "" {
			name = f.ResourceARN
		}
		byCheck[f.CheckID][f.Status] = append(byCheck[f.CheckID][f.Status], name)
		if f.Status == checks.Unknown && expectedUnknown[f.CheckID] != name {
			t.Errorf("%s: unexpected unknown finding on %s: %s", f.CheckID, name, f.Message)
		}
	}
	for _, c := range checks.All() {
		got := byCheck[c.ID]
		if ex, ok := exceptions[c.ID]; ok {
			others := slices.ContainsFunc(checks.Statuses, func(s checks.Status) bool { return s != ex.want && len(got[s]) > 0 })
			if len(got[ex.want]) == 0 || others {
				t.Errorf("%s: statuses %v, want only %s (%s)", c.ID, statusCounts(got), ex.want, ex.reason)
			}
			continue
		}
		if len(got[checks.Fail]) == 0 || len(got[checks.Pass]) == 0 {
			t.Errorf("%s: statuses %v, want at least one fail and one pass: give it a resource in account.yaml that %s, or add it to exceptions with the reason it cannot",
				c.ID, statusCounts(got), map[bool]string{true: "fails", false: "passes"}[len(got[checks.Fail]) == 0])
			continue
		}
		t.Logf("%-34s fail %v; pass %v", c.ID, got[checks.Fail], got[checks.Pass])
	}
	for id := range exceptions {
		if !slices.ContainsFunc(checks.All(), func(c checks.Check) bool { return c.ID == id }) {
			t.Errorf("exception for %s, which is not a check", id)
		}
	}
}

func statusCounts(m map[checks.Status][]string) map[checks.Status]int {
	out := map[checks.Status]int{}
	for s, l := range m {
		out[s] = len(l)
	}
	return out
}

// resourceNames maps ARNs to readable names for test output.
func resourceNames(acct *inventory.Inventory) map[string]string {
	out := map[string]string{}
	e := acct.EC2
	for _, x := range e.Instances {
		out[x.ARN] = x.Tags.Get("Name")
	}
	for _, x := range e.SecurityGroups {
		out[x.ARN] = x.Region + ":" + x.Name
	}
	for _, x := range e.NetworkACLs {
		out[x.ARN] = named(x.ID, x.Tags)
	}
	for _, x := range e.VPCs {
		out[x.ARN] = named(x.ID, x.Tags)
	}
	for _, x := range e.Volumes {
		out[x.ARN] = named(x.ID, x.Tags)
	}
	for _, x := range e.Snapshots {
		out[x.ARN] = named(x.ID, x.Tags)
	}
	for _, x := range e.Images {
		out[x.ARN] = x.Name
	}
	for _, x := range e.RegionSettings {
		out[x.ARN] = x.Region
	}
	for _, x := range acct.S3.Buckets {
		out[x.ARN] = x.Name
	}
	m := acct.IAM
	for _, x := range m.CredentialReport {
		out[x.ARN] = x.User
	}
	for _, x := range m.Groups {
		out[x.ARN] = "group " + x.Name
	}
	for _, x := range m.Roles {
		out[x.ARN] = "role " + x.Name
	}
	for _, x := range m.Policies {
		out[x.ARN] = "policy " + x.Name
	}
	for _, x := range m.ServerCertificates {
		out[x.ARN] = x.Name
	}
	for _, x := range acct.RDS.Instances {
		out[x.ARN] = x.ID
	}
	for _, x := range acct.RDS.Snapshots {
		out[x.ARN] = x.ID
	}
	for _, x := range acct.RDS.Clusters {
		out[x.ARN] = "cluster " + x.ID
	}
	for _, x := range acct.RDS.ClusterSnapshots {
		out[x.ARN] = x.ID
	}
	for _, x := range acct.EFS.FileSystems {
		out[x.ARN] = named(x.ID, x.Tags)
	}
	for _, x := range acct.GuardDuty.Regions {
		out[x.ARN] = "guardduty:" + x.Region
	}
	for _, x := range acct.SecurityHub.Hubs {
		out[x.ARN] = "securityhub:" + x.Region
	}
	for _, x := range acct.AccessAnalyzer.Regions {
		out[x.ARN] = "access-analyzer:" + x.Region
	}
	for _, x := range acct.CloudTrail.Trails {
		out[x.ARN] = "trail " + x.Name
	}
	for _, r := range acct.Regions {
		out[inventory.ConfigRegionARN(acct.Partition, r, acct.AccountID)] = "config:" + r
	}
	for _, x := range acct.KMS.Keys {
		out[x.ARN] = x.Region + ":" + strings.Join(x.Aliases, ",")
	}
	for _, x := range acct.DynamoDB.Tables {
		out[x.ARN] = "table " + x.Name
	}
	for _, x := range acct.SQS.Queues {
		out[x.ARN] = "queue " + x.Name
	}
	for _, x := range acct.SNS.Topics {
		out[x.ARN] = "topic " + x.Name
	}
	for _, x := range acct.EMR.Clusters {
		out[x.ARN] = "EMR cluster " + x.Name
	}
	for _, x := range acct.EMR.Regions {
		out[x.ARN] = "EMR settings " + x.Region
	}
	for _, x := range acct.SSM.Regions {
		out[x.ARN] = "ssm:" + x.Region
	}
	for _, x := range acct.SSM.Documents {
		out[x.ARN] = "document " + x.Name
	}
	for _, x := range acct.Lambda.Functions {
		out[x.ARN] = "function " + x.Name
	}
	for _, x := range acct.ECR.Repositories {
		out[x.ARN] = "repository " + x.Name
	}
	for _, x := range acct.EKS.Clusters {
		out[x.ARN] = "EKS cluster " + x.Name
	}
	for _, x := range acct.EKS.NodeGroups {
		out[x.ARN] = "node group " + x.ClusterName + "/" + x.Name
	}
	for _, x := range acct.ElasticBeanstalk.Environments {
		out[x.ARN] = "environment " + x.Name
	}
	for _, x := range acct.ECS.Services {
		out[x.ARN] = "ECS service " + x.Name
	}
	for _, x := range acct.ECS.TaskDefinitions {
		out[x.ARN] = fmt.Sprintf("task definition %s:%d", x.Family, x.Revision)
	}
	for _, x := range acct.ECS.ContainerInstances {
		out[x.ARN] = "container instance " + x.ID
	}
	for _, x := range acct.ELB.LoadBalancers {
		out[x.ARN] = x.Type + " load balancer " + x.Name
	}
	for _, x := range acct.ELB.Classic {
		out[x.ARN] = "Classic Load Balancer " + x.Name
	}
	for _, x := range acct.ACM.Certificates {
		out[x.ARN] = "certificate " + x.DomainName
	}
	for _, x := range acct.SecretsManager.Secrets {
		out[x.ARN] = "secret " + x.Region + ":" + x.Name
	}
	for _, x := range acct.ElastiCache.ReplicationGroups {
		out[x.ARN] = "replication group " + x.ID
	}
	for _, x := range acct.ElastiCache.Clusters {
		out[x.ARN] = "cache cluster " + x.ID
	}
	for _, x := range acct.Redshift.Clusters {
		out[x.ARN] = "Redshift cluster " + x.ID
	}
	for _, x := range acct.Redshift.ParameterGroups {
		out[x.ARN] = "Redshift parameter group " + x.Name
	}
	for _, x := range acct.CloudFront.Distributions {
		out[x.ARN] = "distribution " + x.ID
	}
	for _, x := range acct.Backup.Vaults {
		out[x.ARN] = "backup vault " + x.Region + ":" + x.Name
	}
	for _, x := range acct.OpenSearch.Domains {
		out[x.ARN] = "domain " + x.Name
	}
	for _, x := range acct.APIGateway.RestAPIs {
		out[x.ARN] = "REST API " + x.Name
	}
	for _, x := range acct.APIGateway.RestStages {
		out[x.ARN] = "REST API stage " + x.APIID + "/" + x.Name
	}
	for _, x := range acct.APIGateway.HTTPAPIs {
		out[x.ARN] = "HTTP API " + x.Name
	}
	for _, x := range acct.APIGateway.HTTPStages {
		out[x.ARN] = "HTTP API stage " + x.APIID + "/" + x.Name
	}
	return out
}

// named is "Name (id)" for a resource with a Name tag, else its ID.
func named(id string, tags inventory.Tags) string {
	if n := tags.Get("Name"); n != "" {
		return n + " (" + id + ")"
	}
	return id
}

func validJSON(t *testing.T, what, doc string) {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Errorf("%s is not JSON: %v", what, err)
		return
	}
	if v["Version"] != "2012-10-17" || v["Statement"] == nil {
		t.Errorf("%s is not a policy document: %s", what, doc)
	}
}
