package synth

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// awsPolicies are the AWS-managed policies large accounts attach, with
// documents of the same shape as AWS's (the real ReadOnlyAccess lists
// thousands of actions; a few hundred bytes stand in here).
var awsPolicies = []struct{ name, doc string }{
	{"AdministratorAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	{"PowerUserAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions"],"Resource":"*"}]}`},
	{"ReadOnlyAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","s3:Get*","s3:List*","iam:Get*","iam:List*","rds:Describe*","lambda:Get*","lambda:List*","cloudwatch:Describe*","cloudwatch:Get*","logs:Describe*","logs:Get*","dynamodb:Describe*","dynamodb:List*","sns:Get*","sns:List*","sqs:Get*","sqs:List*"],"Resource":"*"}]}`},
	{"SecurityAudit", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["acm:Describe*","cloudtrail:Describe*","cloudtrail:Get*","config:Describe*","ec2:Describe*","iam:GenerateCredentialReport","iam:Get*","iam:List*","s3:GetBucket*","s3:ListAllMyBuckets"],"Resource":"*"}]}`},
	{"ViewOnlyAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","s3:ListAllMyBuckets","iam:List*","rds:Describe*"],"Resource":"*"}]}`},
	{"AmazonS3FullAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}`},
	{"AmazonS3ReadOnlyAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}`},
	{"AmazonEC2FullAccess", `{"Version":"2012-10-17","Statement":[{"Action":"ec2:*","Effect":"Allow","Resource":"*"},{"Effect":"Allow","Action":"elasticloadbalancing:*","Resource":"*"},{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*"}]}`},
	{"AmazonSSMManagedInstanceCore", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:DescribeAssociation","ssm:GetDeployablePatchSnapshotForInstance","ssm:GetDocument","ssm:DescribeDocument","ssm:GetManifest","ssm:GetParameter","ssm:GetParameters","ssm:ListAssociations","ssm:ListInstanceAssociations","ssm:PutInventory","ssm:PutComplianceItems","ssm:UpdateAssociationStatus","ssm:UpdateInstanceAssociationStatus","ssm:UpdateInstanceInformation"],"Resource":"*"},{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"},{"Effect":"Allow","Action":["ec2messages:*"],"Resource":"*"}]}`},
	{"CloudWatchAgentServerPolicy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:PutMetricData","ec2:DescribeVolumes","ec2:DescribeTags","logs:PutLogEvents","logs:DescribeLogStreams","logs:DescribeLogGroups","logs:CreateLogStream","logs:CreateLogGroup"],"Resource":"*"},{"Effect":"Allow","Action":["ssm:GetParameter"],"Resource":"arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"}]}`},
	{"AWSLambdaBasicExecutionRole", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`},
	{"AmazonECSTaskExecutionRolePolicy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`},
	{"AmazonEKSWorkerNodePolicy", `{"Version":"2012-10-17","Statement":[{"Action":["ec2:DescribeInstances","ec2:DescribeRouteTables","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVolumes","ec2:DescribeVpcs","eks:DescribeCluster"],"Resource":"*","Effect":"Allow"}]}`},
	{"AmazonDynamoDBFullAccess", `{"Version":"2012-10-17","Statement":[{"Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:*","iam:PassRole"],"Effect":"Allow","Resource":"*"}]}`},
	{"AWSCloudShellFullAccess", `{"Version":"2012-10-17","Statement":[{"Action":["cloudshell:*"],"Effect":"Allow","Resource":"*"}]}`},
	{"IAMUserChangePassword", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]}`},
	{"AWSSupportAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["support:*"],"Resource":"*"}]}`},
	{"AWSBillingReadOnlyAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["aws-portal:View*","budgets:View*","ce:Get*","ce:Describe*","ce:List*","cur:Describe*","pricing:*"],"Resource":"*"}]}`},
}

// policyRef is a managed policy's name and ARN, for attachments.
type policyRef struct{ name, arn string }

// iam makes the account's identities. Users are people (most in groups,
// some with console passwords, MFA and keys of every age) and service
// users with access keys; roles are assumed by EC2, Lambda, ECS, SSO,
// CI and other accounts; customer-managed policies are mostly scoped to
// one service's resources, with the occasional wildcard or escalation
// path.
func (g *gen) iam() {
	m := &g.inv.IAM
	m.PasswordPolicy = &inventory.PasswordPolicy{MinimumLength: 14, RequireSymbols: true, RequireNumbers: true,
		RequireUppercase: true, RequireLowercase: true, AllowUsersToChangePassword: true, PasswordReusePrevention: 24}
	acct := AccountID

	// Customer-managed policies, attached below; AttachmentCount is set
	// once every attachment is known.
	var custom []policyRef
	for i := range g.sz.Policies {
		name := fmt.Sprintf("%s-%s-%d", pick(g, teams), pick(g, apps), i)
		p := inventory.ManagedPolicy{Name: name, ID: g.iamID("ANPA"), Path: "/",
			DefaultVersionID: fmt.Sprintf("v%d", 1+g.weighted(60, 25, 10, 5)), Document: g.customPolicy(i)}
		p.ARN = inventory.IAMARN("aws", acct, "policy", "/", name)
		custom = append(custom, policyRef{name, p.ARN})
		m.Policies = append(m.Policies, p)
	}
	var managed []policyRef
	for _, p := range awsPolicies {
		managed = append(managed, policyRef{p.name, "arn:aws:iam::aws:policy/" + p.name})
	}
	attach := func(n int, fromAWS float64) []inventory.AttachedPolicy {
		var out []inventory.AttachedPolicy
		for range n {
			ref := policyRef{}
			if len(custom) == 0 || g.chance(fromAWS) {
				ref = pick(g, managed)
			} else {
				ref = pick(g, custom)
			}
			if !slices.ContainsFunc(out, func(a inventory.AttachedPolicy) bool { return a.ARN == ref.arn }) {
				out = append(out, inventory.AttachedPolicy{Name: ref.name, ARN: ref.arn})
			}
		}
		return out
	}

	groupNames := []string{"admins", "developers", "readonly", "data", "ops", "billing", "security", "support", "oncall", "contractors"}
	for i := range g.sz.Groups {
		name := groupNames[i%len(groupNames)]
		if i >= len(groupNames) {
			name = fmt.Sprintf("%s-%s", pick(g, teams), name)
			name = fmt.Sprintf("%s-%d", name, i)
		}
		gr := inventory.Group{Name: name, ID: g.iamID("AGPA"), Path: "/", CreateDate: g.ago(5 * 365 * day),
			AttachedPolicies: attach(1+g.rng.IntN(3), 0.5)}
		if name == "admins" {
			gr.AttachedPolicies = []inventory.AttachedPolicy{{Name: "AdministratorAccess", ARN: "arn:aws:iam::aws:policy/AdministratorAccess"}}
		}
		if g.chance(0.2) {
			gr.InlinePolicies = []inventory.InlinePolicy{{Name: "deny-prod-deletes", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:DeleteBucket","rds:DeleteDBInstance","ec2:TerminateInstances"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Environment":"prod"}}}]}`}}
		}
		m.Groups = append(m.Groups, gr)
	}

	first := []string{"alex", "sam", "jordan", "taylor", "morgan", "casey", "riley", "jamie", "avery", "quinn", "drew", "robin"}
	last := []string{"smith", "garcia", "chen", "müller", "okafor", "rossi", "kowalski", "nguyen", "silva", "dubois", "kim", "patel"}
	rootCreated := Now.AddDate(-7, 0, 0)
	m.CredentialReport = append(m.CredentialReport, inventory.Credential{User: inventory.RootUser,
		ARN: inventory.AccountARN("aws", acct), UserCreationTime: &rootCreated, MFAActive: true})
	m.VirtualMFADevices = append(m.VirtualMFADevices, inventory.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/root-account-mfa-device",
		UserARN: inventory.AccountARN("aws", acct), EnableDate: rootCreated.AddDate(0, 1, 0)})
	for i := range g.sz.Users {
		service := g.chance(0.25)
		u := inventory.User{ID: g.iamID("AIDA"), Path: "/", CreateDate: g.ago(6 * 365 * day)}
		if service {
			u.Name, u.Path = fmt.Sprintf("svc-%s-%s-%d", pick(g, apps), pick(g, envs), i), "/service/"
		} else {
			u.Name = fmt.Sprintf("%s.%s%d", pick(g, first), pick(g, last), i)
		}
		u.ARN = inventory.IAMARN("aws", acct, "user", u.Path, u.Name)
		if !service && len(m.Groups) > 0 && g.chance(0.85) {
			for range 1 + g.rng.IntN(2) {
				u.Groups = append(u.Groups, pick(g, m.Groups).Name)
			}
			slices.Sort(u.Groups)
			u.Groups = slices.Compact(u.Groups)
		}
		if g.chance(0.1) || service && g.chance(0.4) {
			u.AttachedPolicies = attach(1, 0.3)
		}
		if service && g.chance(0.5) || g.chance(0.05) {
			u.InlinePolicies = []inventory.InlinePolicy{{Name: "access", Document: g.customPolicy(i + 100000)}}
		}
		u.Tags = inventory.TagsOf("Team", pick(g, teams))
		m.Users = append(m.Users, u)
		m.CredentialReport = append(m.CredentialReport, g.credential(u, service))
		if c := m.CredentialReport[len(m.CredentialReport)-1]; c.MFAActive && g.chance(0.9) {
			m.VirtualMFADevices = append(m.VirtualMFADevices, inventory.MFADevice{
				SerialNumber: "arn:aws:iam::" + acct + ":mfa/" + u.Name, UserARN: u.ARN, EnableDate: u.CreateDate.Add(day)})
		}
	}
	for i := range max(1, g.sz.Users/50) {
		m.VirtualMFADevices = append(m.VirtualMFADevices, inventory.MFADevice{SerialNumber: fmt.Sprintf("arn:aws:iam::%s:mfa/unassigned-%d", acct, i)})
	}

	for i := range g.sz.Roles {
		r := inventory.Role{ID: g.iamID("AROA"), Path: "/", CreateDate: g.ago(5 * 365 * day)}
		kind := g.weighted(30, 25, 10, 8, 5, 10, 3, 9)
		app, env := pick(g, apps), pick(g, envs)
		switch kind {
		case 0:
			r.Name = fmt.Sprintf("%s-%s-ec2-%d", env, app, i)
			r.AssumeRolePolicy = trustService("ec2.amazonaws.com")
			r.AttachedPolicies = []inventory.AttachedPolicy{{Name: "AmazonSSMManagedInstanceCore", ARN: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}}
			g.ec2Roles = append(g.ec2Roles, r.Name)
		case 1:
			r.Name, r.Path = fmt.Sprintf("%s-%s-lambda-%d", env, app, i), "/service-role/"
			r.AssumeRolePolicy = trustService("lambda.amazonaws.com")
			r.AttachedPolicies = []inventory.AttachedPolicy{{Name: "AWSLambdaBasicExecutionRole", ARN: "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"}}
		case 2:
			r.Name = fmt.Sprintf("%s-%s-ecs-task-%d", env, app, i)
			r.AssumeRolePolicy = trustService("ecs-tasks.amazonaws.com")
		case 3:
			r.Name = fmt.Sprintf("audit-from-%s-%d", otherAccount(g), i)
			r.AssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + otherAccount(g) + `:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + fmt.Sprintf("ext-%08x", g.rng.Uint32()) + `"}}}]}`
		case 4:
			r.Name = fmt.Sprintf("github-%s-deploy-%d", app, i)
			r.AssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::` + AccountID + `:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/` + app + `:*"}}}]}`
		case 5:
			perm := pick(g, []string{"AdministratorAccess", "ReadOnly", "PowerUser", "Billing"})
			r.Name, r.Path = fmt.Sprintf("AWSReservedSSO_%s_%04d%012x", perm, i, mix(uint64(i)^g.seed)>>16), "/aws-reserved/sso.amazonaws.com/"
			r.AssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::` + AccountID + `:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}`
		case 6:
			// Trusts another account outright: no external ID, no
			// condition.
			r.Name = fmt.Sprintf("vendor-%s-access-%d", app, i)
			r.AssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + otherAccount(g) + `"},"Action":"sts:AssumeRole"}]}`
		default:
			r.Name, r.Path = fmt.Sprintf("%s-%s-svc-%d", env, app, i), "/service-role/"
			r.AssumeRolePolicy = trustService(pick(g, []string{"states.amazonaws.com", "events.amazonaws.com", "glue.amazonaws.com", "codebuild.amazonaws.com", "firehose.amazonaws.com"}))
		}
		r.ARN = inventory.IAMARN("aws", acct, "role", r.Path, r.Name)
		r.AttachedPolicies = append(r.AttachedPolicies, attach(g.rng.IntN(3), 0.3)...)
		slices.SortFunc(r.AttachedPolicies, func(a, b inventory.AttachedPolicy) int { return strings.Compare(a.ARN, b.ARN) })
		r.AttachedPolicies = slices.CompactFunc(r.AttachedPolicies, func(a, b inventory.AttachedPolicy) bool { return a.ARN == b.ARN })
		if g.chance(0.35) {
			r.InlinePolicies = []inventory.InlinePolicy{{Name: app + "-access", Document: g.customPolicy(i + 200000)}}
		}
		if g.chance(0.7) {
			r.LastUsed = g.ago(90 * day)
		} else if g.chance(0.5) {
			r.LastUsed = Now.Add(-91*day - time.Duration(g.rng.IntN(700))*day)
		}
		r.Tags = inventory.TagsOf("Team", pick(g, teams))
		m.Roles = append(m.Roles, r)
	}

	// AttachmentCount, and the AWS-managed policies: IAM lists those only
	// where attached, so only those are the account's.
	count := map[string]int32{}
	each := func(ps []inventory.AttachedPolicy) {
		for _, p := range ps {
			count[p.ARN]++
		}
	}
	for _, u := range m.Users {
		each(u.AttachedPolicies)
	}
	for _, gr := range m.Groups {
		each(gr.AttachedPolicies)
	}
	for _, r := range m.Roles {
		each(r.AttachedPolicies)
	}
	for i := range m.Policies {
		m.Policies[i].AttachmentCount = count[m.Policies[i].ARN]
	}
	for _, p := range awsPolicies {
		arn := "arn:aws:iam::aws:policy/" + p.name
		if count[arn] == 0 {
			continue
		}
		m.Policies = append(m.Policies, inventory.ManagedPolicy{
			Resource: inventory.Resource{ARN: arn}, Name: p.name, ID: g.iamID("ANPA"), Path: "/",
			DefaultVersionID: "v" + fmt.Sprint(1+len(p.name)%7), Document: p.doc, AttachmentCount: count[arn],
		})
	}

	for i := range g.sz.ServerCertificates {
		up := g.ago(4 * 365 * day)
		m.ServerCertificates = append(m.ServerCertificates, inventory.ServerCertificate{
			Name: fmt.Sprintf("%s-acme-com-%d", pick(g, apps), i), ID: g.iamID("ASCA"),
			UploadDate: up, Expiration: up.AddDate(1, 0, 0),
		})
	}
}

func trustService(svc string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + svc + `"},"Action":"sts:AssumeRole"}]}`
}

// iamID is an IAM unique ID: a four-letter prefix by kind and 17
// characters.
func (g *gen) iamID(prefix string) string {
	g.ids++
	return prefix + fmt.Sprintf("%017X", mix(g.ids^g.seed<<20))
}

// customPolicy is one of the documents teams write: scoped to a table, a
// bucket or a queue mostly; a few with wildcards, PassRole or iam:*.
func (g *gen) customPolicy(i int) string {
	res := fmt.Sprintf("%s-%s-%d", pick(g, apps), pick(g, envs), i)
	switch g.weighted(30, 25, 15, 10, 8, 5, 4, 3) {
	case 0:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::acme-` + res + `","arn:aws:s3:::acme-` + res + `/*"]}]}`
	case 1:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:UpdateItem"],"Resource":"arn:aws:dynamodb:us-east-1:` + AccountID + `:table/` + res + `"}]}`
	case 2:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"arn:aws:sqs:*:` + AccountID + `:` + res + `"},{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"sqs.us-east-1.amazonaws.com"}}}]}`
	case 3:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"arn:aws:secretsmanager:*:` + AccountID + `:secret:` + res + `-*"}]}`
	case 4:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","cloudwatch:GetMetricData","logs:FilterLogEvents"],"Resource":"*"}]}`
	case 5:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole"],"Resource":"*"},{"Effect":"Allow","Action":["ec2:RunInstances","lambda:CreateFunction"],"Resource":"*"}]}`
	case 6:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	default:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*"],"Resource":"*"}]}`
	}
}

// credential is a user's credential report row. People mostly sign in to
// the console, most with MFA; service users have keys and no password.
// Keys range from fresh to years unrotated, some never used.
func (g *gen) credential(u inventory.User, service bool) inventory.Credential {
	created := u.CreateDate
	c := inventory.Credential{User: u.Name, ARN: u.ARN, UserCreationTime: &created}
	if !service && g.chance(0.7) {
		c.PasswordEnabled = true
		c.PasswordLastChanged = g.agoPtr(400 * day)
		if g.chance(0.85) {
			c.PasswordLastUsed = g.agoPtr(120 * day)
		}
		c.MFAActive = g.chance(0.8)
	}
	if service && g.chance(0.95) || !service && g.chance(0.4) {
		c.AccessKey1Active = true
		c.AccessKey1LastRotated = g.agoPtr(2 * 365 * day)
		if g.chance(0.9) {
			c.AccessKey1LastUsed = g.agoPtr(200 * day)
		}
		if g.chance(0.05) {
			c.AccessKey2Active = true
			c.AccessKey2LastRotated = g.agoPtr(90 * day)
		}
	}
	return c
}
