package checks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// s3Checks are the customer's duties on S3, an abstracted service: AWS runs
// everything but the data, its classification, encryption and access.
var s3Checks = []Check{
	accountPublicAccessBlock,
	bucketPublicAccessBlock,
	bucketPublicACL,
	bucketPublicPolicy,
	bucketTLSRequired,
	bucketDefaultEncryption,
	bucketVersioning,
	bucketMFADelete,
	bucketAccessLogging,
	bucketACLsDisabled,
}

// bucketNeeds lists what a bucket check reads: the listing, the bucket's
// region (without it none of the bucket's settings are read), and reads.
func bucketNeeds(reads ...string) []Operation {
	ops := []Operation{op("s3", "ListBuckets"), op("s3", "GetBucketLocation")}
	for _, r := range reads {
		ops = append(ops, op("s3", r))
	}
	return ops
}

func bucketResult(b inventory.Bucket, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: b.Region, ResourceARN: b.ARN, Message: msg, Evidence: ev}
}

func securityHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#" + control
}

var accountPublicAccessBlock = Check{
	ID:           "s3-account-public-access-block",
	Title:        "Account does not block S3 public access",
	Description:  "The account-level S3 Block Public Access settings apply to every bucket, existing and future, and no bucket setting, ACL or policy can override them: with all four on, one mistaken ACL or policy cannot expose data. AWS runs S3; what is exposed from it is the customer's data and the customer's choice.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::AccountPublicAccessBlock",
	Remediation: Remediation{
		Text:    "Turn on all four account-level Block Public Access settings. Serve content that must be public through CloudFront with origin access control, so the block can stay on.",
		Console: "S3 > Block Public Access settings for this account > Edit: tick Block all public access > Save changes, and confirm.",
		CLI:     "aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
	},
	References: []string{"CIS 2.1.4", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html", securityHub("s3-1")},
	// The collector reads the account's settings through S3 Control and
	// records a failure as s3:GetPublicAccessBlock on the account's root ARN,
	// which is the resource this check reports on.
	Needs: []Operation{op("s3", "GetPublicAccessBlock")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		p := inv.S3.AccountPublicAccessBlock
		r := Result{Status: Pass, ResourceARN: inventory.AccountARN(inv.Partition, inv.AccountID),
			Message: "the account blocks all S3 public access", Evidence: pabEvidence(p)}
		switch {
		case p == nil:
			r.Status = Fail
			r.Message = "the account has no S3 Block Public Access configuration: each bucket's own settings, ACLs and policy alone decide what is public"
		case !p.FullyOn():
			r.Status = Fail
			r.Message = "the account blocks S3 public access only partly: " + strings.Join(pabOff(p), ", ") + " off"
		}
		return []Result{r}
	},
}

func pabEvidence(p *inventory.PublicAccessBlock) map[string]any {
	if p == nil {
		return map[string]any{"public_access_block": nil}
	}
	return map[string]any{"block_public_acls": p.BlockPublicACLs, "ignore_public_acls": p.IgnorePublicACLs,
		"block_public_policy": p.BlockPublicPolicy, "restrict_public_buckets": p.RestrictPublicBuckets}
}

// pabOff names the settings that are off, spelt as in the S3 API.
func pabOff(p *inventory.PublicAccessBlock) []string {
	var off []string
	for _, s := range []struct {
		name string
		on   bool
	}{{"BlockPublicAcls", p.BlockPublicACLs}, {"IgnorePublicAcls", p.IgnorePublicACLs},
		{"BlockPublicPolicy", p.BlockPublicPolicy}, {"RestrictPublicBuckets", p.RestrictPublicBuckets}} {
		if !s.on {
			off = append(off, s.name)
		}
	}
	return off
}

var bucketPublicAccessBlock = Check{
	ID:           "s3-bucket-public-access-block",
	Title:        "Bucket does not block public access",
	Description:  "S3 Block Public Access overrides any ACL or policy that would make the bucket public. AWS runs S3; what is exposed from it is the customer's data and the customer's choice.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Turn on all four Block Public Access settings for the bucket (and for the account), unless the bucket deliberately serves public content.",
		Console: "S3 > the bucket > Permissions > Block public access (bucket settings) > Edit: tick Block all public access.",
		CLI:     "aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
	},
	References: []string{"CIS 2.1.4", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"},
	Needs:      []Operation{op("s3", "ListBuckets"), op("s3", "GetBucketLocation"), op("s3", "GetPublicAccessBlock")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			r := Result{Status: Pass, Region: b.Region, ResourceARN: b.ARN,
				Message: b.Name + " blocks all public access"}
			p := b.PublicAccessBlock
			switch {
			case p == nil:
				r.Status = Fail
				r.Message = b.Name + " has no Block Public Access configuration"
				r.Evidence = pabEvidence(p)
			default:
				r.Evidence = pabEvidence(p)
				if !p.FullyOn() {
					r.Status = Fail
					r.Message = fmt.Sprintf("%s blocks public access only partly: %s off", b.Name, strings.Join(pabOff(p), ", "))
				}
			}
			out = append(out, r)
		}
		return out
	},
}

// Block Public Access neutralises public grants without removing them.
// Public access checks pass a bucket whose public grant is neutralised, with
// the grant and the setting that neutralises it in the evidence: no one
// outside the account can use the grant today, and the Block Public Access
// checks fail the day the setting is turned off. Whether it is neutralised
// may depend on the account's settings; when those could not be read, the
// verdict is unknown, never a guess either way.

// neutraliser says what neutralises a public grant on b: "bucket" or
// "account" when the setting (IgnorePublicAcls for ACLs,
// RestrictPublicBuckets for policies) is on there, "" when nothing does.
// ok is false when nothing on the bucket does and the account's settings
// could not be read; e is then the failure.
func neutraliser(inv *inventory.Inventory, b inventory.Bucket, setting func(*inventory.PublicAccessBlock) bool) (by string, e inventory.CollectionError, ok bool) {
	if p := b.PublicAccessBlock; p != nil && setting(p) {
		return "bucket", e, true
	}
	account := inventory.AccountARN(inv.Partition, inv.AccountID)
	for _, fe := range inv.Errors {
		if fe.Service == "s3" && fe.Operation == "GetPublicAccessBlock" && fe.ResourceARN == account {
			return "", fe, false
		}
	}
	if p := inv.S3.AccountPublicAccessBlock; p != nil && setting(p) {
		return "account", e, true
	}
	return "", e, true
}

// publicVerdict turns a public grant into a result: pass when Block Public
// Access neutralises it, unknown when that depends on unreadable account
// settings, fail otherwise. what describes the grant, following the
// bucket's name ("has an ACL granting READ to AllUsers"); setting names the
// neutralising setting as in the S3 API.
func publicVerdict(inv *inventory.Inventory, b inventory.Bucket, what, setting string, on func(*inventory.PublicAccessBlock) bool, ev map[string]any) Result {
	by, e, ok := neutraliser(inv, b, on)
	switch {
	case !ok:
		r := unknownFrom(bucketResult(b, Unknown, "", nil), e)
		r.Message = fmt.Sprintf("%s %s; whether the account's %s neutralises that is unknown: %s", b.Name, what, setting, r.Message)
		for k, v := range ev {
			r.Evidence[k] = v
		}
		return r
	case by != "":
		ev["neutralised_by"] = by + " " + setting
		return bucketResult(b, Pass, fmt.Sprintf("%s %s, but the %s's %s neutralises it (it would be public with that setting off)", b.Name, what, by, setting), ev)
	}
	return bucketResult(b, Fail, fmt.Sprintf("%s %s, and no %s setting on the bucket or the account neutralises it", b.Name, what, setting), ev)
}

// The ACL grantee groups that make a bucket public: everyone, and anyone
// with an AWS account (any account's signed request counts).
const (
	allUsersGroup      = "http://acs.amazonaws.com/groups/global/AllUsers"
	authenticatedGroup = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// groupMeaning spells out the groups for readers who take
// "AuthenticatedUsers" to mean their own users.
var groupMeaning = map[string]string{"AllUsers": " (anyone)", "AuthenticatedUsers": " (anyone with an AWS account)"}

var bucketPublicACL = Check{
	ID:           "s3-bucket-public-acl",
	Title:        "Bucket ACL grants access to everyone",
	Description:  "A bucket ACL grant to AllUsers lets anyone on the internet, and one to AuthenticatedUsers anyone with any AWS account, list the bucket (READ), write to it (WRITE), or read or change its ACL (READ_ACP, WRITE_ACP). Who reaches the data is the customer's decision alone. A grant that IgnorePublicAcls, on the bucket or the account, makes S3 ignore passes, with the grant in the evidence.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Remove the grants to AllUsers and AuthenticatedUsers, then disable ACLs (Object Ownership: bucket owner enforced) and turn on Block Public Access. Serve content that must be public through CloudFront with origin access control.",
		Console: "S3 > the bucket > Permissions > Access control list (ACL) > Edit: untick every permission of Everyone (public access) and Authenticated users group.",
		CLI:     "aws s3api put-bucket-acl --bucket <name> --acl private",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html", securityHub("s3-2"), securityHub("s3-3")},
	Needs:      bucketNeeds("GetBucketAcl", "GetPublicAccessBlock"),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			var grants []map[string]any
			var parts []string
			for _, g := range b.Grants {
				if g.GranteeURI != allUsersGroup && g.GranteeURI != authenticatedGroup {
					continue
				}
				group := g.GranteeURI[strings.LastIndex(g.GranteeURI, "/")+1:]
				grants = append(grants, map[string]any{"grantee": group, "permission": g.Permission})
				parts = append(parts, g.Permission+" to "+group+groupMeaning[group])
			}
			if grants == nil {
				out = append(out, bucketResult(b, Pass, b.Name+"'s ACL grants nothing to AllUsers or AuthenticatedUsers", nil))
				continue
			}
			out = append(out, publicVerdict(inv, b, "has an ACL granting "+strings.Join(parts, ", "), "IgnorePublicAcls",
				func(p *inventory.PublicAccessBlock) bool { return p.IgnorePublicACLs },
				map[string]any{"public_grants": grants}))
		}
		return out
	},
}

// sseNames are the default-encryption algorithms by their product names.
var sseNames = map[string]string{"AES256": "SSE-S3", "aws:kms": "SSE-KMS", "aws:kms:dsse": "DSSE-KMS"}

func sseName(alg string) string {
	if n, ok := sseNames[alg]; ok {
		return fmt.Sprintf("%s (%s)", n, alg)
	}
	return alg
}

var bucketDefaultEncryption = Check{
	ID:           "s3-bucket-default-encryption",
	Title:        "Bucket default encryption does not match its data classification",
	Description:  "Every bucket needs default encryption, and a bucket whose data-classification tag marks it sensitive needs SSE-KMS (or DSSE-KMS): with a KMS key, a key policy decides who can decrypt, separately from who can read the bucket, and CloudTrail records every use. AWS provides the encryption; choosing it and the key for the data is the customer's. The tag key (default DataClassification) and the sensitive values (default confidential, restricted, sensitive; compared case-insensitively) are configurable. Since January 2023 S3 applies SSE-S3 to every bucket that has no other default, so a bucket without any is rare.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Set default encryption to SSE-KMS with a customer managed key for sensitive buckets (with S3 Bucket Keys on, to cut KMS requests), and at least SSE-S3 for the rest. Default encryption applies to new objects only: re-encrypt existing ones by copying them in place or with S3 Batch Operations.",
		Console: "S3 > the bucket > Properties > Default encryption > Edit: Server-side encryption with AWS Key Management Service keys (SSE-KMS), choose the key, Bucket Key: Enable.",
		CLI:     `aws s3api put-bucket-encryption --bucket <name> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}'`,
	},
	References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html", securityHub("s3-17")},
	Needs:      bucketNeeds("GetBucketEncryption", "GetBucketTagging"),
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			ev := map[string]any{"algorithm": nil, "classification_tag": cfg.DataClassificationTag}
			class, tagged := b.Tags.Lookup(cfg.DataClassificationTag)
			sensitive := tagged && slices.ContainsFunc(cfg.SensitiveClassifications, func(s string) bool {
				return strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(class))
			})
			if tagged {
				ev["classification"] = class
			}
			ev["sensitive"] = sensitive
			e := b.Encryption
			if e == nil {
				out = append(out, bucketResult(b, Fail, b.Name+" has no default encryption, so new objects may be stored unencrypted (rare: AWS has applied SSE-S3 to every bucket by default since January 2023)", ev))
				continue
			}
			ev["algorithm"] = e.Algorithm
			if e.KMSKeyID != "" {
				ev["kms_key_id"] = e.KMSKeyID
			}
			ev["bucket_key_enabled"] = e.BucketKeyEnabled
			kms := e.Algorithm == "aws:kms" || e.Algorithm == "aws:kms:dsse"
			switch {
			case sensitive && !kms:
				out = append(out, bucketResult(b, Fail, fmt.Sprintf("%s is classified %s=%s but encrypts with %s, not SSE-KMS", b.Name, cfg.DataClassificationTag, class, sseName(e.Algorithm)), ev))
			case sensitive:
				out = append(out, bucketResult(b, Pass, fmt.Sprintf("%s is classified %s=%s and encrypts with %s", b.Name, cfg.DataClassificationTag, class, sseName(e.Algorithm)), ev))
			default:
				out = append(out, bucketResult(b, Pass, fmt.Sprintf("%s encrypts new objects with %s", b.Name, sseName(e.Algorithm)), ev))
			}
		}
		return out
	},
}

var bucketVersioning = Check{
	ID:            "s3-bucket-versioning-enabled",
	Title:         "Bucket versioning is not enabled",
	Description:   "Versioning keeps every version of every object, so an overwrite or delete, by mistake, by a faulty deployment or by ransomware, can be undone. AWS stores the versions; turning versioning on is the customer's half of configuration management.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "s3",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Enable versioning, with a lifecycle rule that expires noncurrent versions after the retention you need, to bound the cost.",
		Console: "S3 > the bucket > Properties > Bucket Versioning > Edit: Enable.",
		CLI:     "aws s3api put-bucket-versioning --bucket <name> --versioning-configuration Status=Enabled",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html", securityHub("s3-14")},
	Needs:      bucketNeeds("GetBucketVersioning"),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			ev := map[string]any{"versioning": b.Versioning}
			switch b.Versioning {
			case "Enabled":
				out = append(out, bucketResult(b, Pass, b.Name+" has versioning enabled", ev))
			case "":
				out = append(out, bucketResult(b, Fail, b.Name+" has never had versioning enabled", ev))
			default:
				out = append(out, bucketResult(b, Fail, fmt.Sprintf("%s has versioning %s", b.Name, strings.ToLower(b.Versioning)), ev))
			}
		}
		return out
	},
}

var bucketMFADelete = Check{
	ID:            "s3-bucket-mfa-delete-enabled",
	Title:         "Bucket does not require MFA to delete object versions",
	Description:   "With MFA delete, permanently deleting an object version or changing the bucket's versioning state needs the root user's MFA code as well as credentials, so stolen keys alone cannot destroy the bucket's history. It needs versioning, and only the root user can turn it on, through the CLI or API. AWS enforces it; enabling it is the customer's half of configuration management.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "s3",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "As the root user, with the root user's MFA device, enable versioning with MFA delete. MFA delete cannot be used with lifecycle rules; where a bucket needs them, protect its versions with S3 Object Lock instead.",
		Console: "Not possible in the console: run the CLI command with the root user's credentials.",
		CLI:     `aws s3api put-bucket-versioning --bucket <name> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/root-account-mfa-device <code>"`,
	},
	References: []string{"CIS 2.1.2", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html", securityHub("s3-20")},
	Needs:      bucketNeeds("GetBucketVersioning"),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			ev := map[string]any{"mfa_delete": b.MFADelete, "versioning": b.Versioning}
			switch {
			case b.MFADelete == "Enabled":
				out = append(out, bucketResult(b, Pass, b.Name+" requires MFA to delete object versions", ev))
			case b.Versioning != "Enabled":
				out = append(out, bucketResult(b, Fail, b.Name+" has MFA delete off (and versioning, which it needs, is not enabled)", ev))
			default:
				out = append(out, bucketResult(b, Fail, b.Name+" has MFA delete off", ev))
			}
		}
		return out
	},
}

var bucketAccessLogging = Check{
	ID:            "s3-bucket-access-logging-enabled",
	Title:         "Bucket server access logging is off",
	Description:   "Server access logs record every request to the bucket (requester, operation, object, result, TLS version); without them, or CloudTrail data events, nobody can tell afterwards who read or changed the data. AWS delivers the logs; enabling them is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "s3",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Send the bucket's server access logs to a separate log bucket in the same region and account, or record its requests with CloudTrail S3 data events.",
		Console: "S3 > the bucket > Properties > Server access logging > Edit: Enable, choose the destination bucket and a prefix.",
		CLI:     `aws s3api put-bucket-logging --bucket <name> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<name>/"}}'`,
	},
	References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html", securityHub("s3-9")},
	Needs:      bucketNeeds("GetBucketLogging"),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			l := b.Logging
			if l == nil {
				out = append(out, bucketResult(b, Fail, b.Name+" has server access logging off", map[string]any{"logging": nil}))
				continue
			}
			ev := map[string]any{"target_bucket": l.TargetBucket, "target_prefix": l.TargetPrefix}
			msg := fmt.Sprintf("%s logs requests to s3://%s/%s", b.Name, l.TargetBucket, l.TargetPrefix)
			if l.TargetBucket == b.Name {
				// Still a log, but each delivery is itself logged: AWS
				// advises against it.
				msg += " (its own bucket: every log delivery adds more log records)"
			}
			out = append(out, bucketResult(b, Pass, msg, ev))
		}
		return out
	},
}

var bucketACLsDisabled = Check{
	ID:           "s3-bucket-acls-disabled",
	Title:        "Bucket still uses ACLs",
	Description:  "Unless Object Ownership is 'bucket owner enforced', ACLs on the bucket and on every object also grant access: they are set per object, do not show in the bucket policy, are easily made public by accident, and objects other accounts upload can stay theirs. AWS recommends disabling ACLs and granting access through policies only. Who may access the data is the customer's decision alone.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Move whatever access the bucket and object ACLs grant into the bucket policy, then set Object Ownership to bucket owner enforced, which disables ACLs.",
		Console: "S3 > the bucket > Permissions > Object Ownership > Edit: ACLs disabled (recommended).",
		CLI:     "aws s3api put-bucket-ownership-controls --bucket <name> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html", securityHub("s3-12")},
	Needs:      bucketNeeds("GetBucketOwnershipControls"),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			ev := map[string]any{"object_ownership": b.ObjectOwnership}
			switch b.ObjectOwnership {
			case "BucketOwnerEnforced":
				out = append(out, bucketResult(b, Pass, b.Name+" has ACLs disabled (object ownership BucketOwnerEnforced)", ev))
			case "":
				// No ownership controls: S3 behaves as ObjectWriter.
				out = append(out, bucketResult(b, Fail, b.Name+" has no object ownership controls, so ACLs apply and uploaders own their objects", ev))
			default:
				out = append(out, bucketResult(b, Fail, fmt.Sprintf("%s has ACLs enabled (object ownership %s)", b.Name, b.ObjectOwnership), ev))
			}
		}
		return out
	},
}

// policyUnreadable is the verdict on a bucket policy that does not parse:
// srmscan cannot tell what it allows, so it must not pass the bucket.
func policyUnreadable(b inventory.Bucket, err error) Result {
	return bucketResult(b, Unknown, fmt.Sprintf("%s's bucket policy could not be analysed: %v", b.Name, err),
		map[string]any{"parse_error": err.Error(), "policy_is_public": b.PolicyIsPublic})
}

// statementEvidence says which statement decided a verdict: its Sid when it
// has one, and what it covers.
func statementEvidence(s policy.Statement) map[string]any {
	ev := map[string]any{"effect": string(s.Effect)}
	if s.Sid != "" {
		ev["sid"] = s.Sid
	}
	for k, v := range map[string][]string{"action": s.Action, "not_action": s.NotAction, "resource": s.Resource, "not_resource": s.NotResource} {
		if v != nil {
			ev[k] = v
		}
	}
	if s.NotPrincipal != nil {
		ev["not_principal"] = true
	}
	return ev
}

var bucketPublicPolicy = Check{
	ID:           "s3-bucket-public-policy",
	Title:        "Bucket policy grants access to everyone",
	Description:  "A bucket policy that allows Principal \"*\" (or everyone but a few, through NotPrincipal, or any user of a web identity provider) opens the bucket's data to anyone, unless a condition ties the statement to a fixed value (no wildcard or policy variable) of a key naming who or from where: the caller's account, organisation or ARN, the source VPC, VPC endpoint, ARN or account, or an address range no broader than /8 (IPv4) or /32 (IPv6), as S3's \"meaning of public\" defines it; a Deny to everyone outside such values counts too. Who reaches the data is the customer's decision alone. The bucket fails when AWS's own verdict (GetBucketPolicyStatus) or srmscan's reading of the policy finds it public; a public policy that RestrictPublicBuckets, on the bucket or the account, neutralises passes, with the statement in the evidence. A policy srmscan cannot parse is unknown, or a failure when AWS says it is public.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Remove the public statements, or narrow them with a condition such as aws:PrincipalOrgID, aws:SourceVpce or aws:SourceAccount; then turn on Block Public Access. Serve content that must be public through CloudFront with origin access control.",
		Console: "S3 > the bucket > Permissions > Bucket policy > Edit: remove the statement with \"Principal\": \"*\" or add a condition naming who may use it.",
		CLI:     "aws s3api put-bucket-policy --bucket <name> --policy file://policy-without-public-statements.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
		securityHub("s3-2"), securityHub("s3-3")},
	Needs: bucketNeeds("GetBucketPolicy", "GetBucketPolicyStatus", "GetPublicAccessBlock"),
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		restricts := func(p *inventory.PublicAccessBlock) bool { return p.RestrictPublicBuckets }
		var out []Result
		for _, b := range inv.S3.Buckets {
			if b.Policy == "" {
				out = append(out, bucketResult(b, Pass, b.Name+" has no bucket policy", map[string]any{"policy": nil}))
				continue
			}
			doc, err := cfg.parse(b.Policy)
			if err != nil {
				r := policyUnreadable(b, err)
				if b.PolicyIsPublic {
					// AWS's verdict alone settles a failure; only a pass
					// would need the policy read.
					if v := publicVerdict(inv, b, "has a policy AWS reports as public", "RestrictPublicBuckets", restricts, maps.Clone(r.Evidence)); v.Status == Fail {
						r = v
					}
				}
				out = append(out, r)
				continue
			}
			v := policy.Public(doc)
			if !v.IsPublic() && !b.PolicyIsPublic {
				ev := v.Evidence()
				ev["policy_is_public"] = false
				out = append(out, bucketResult(b, Pass, b.Name+"'s policy grants nothing to everyone without a condition narrowing who"+narrowedSummary(v), ev))
				continue
			}
			ev := publicEvidence(v)
			ev["policy_is_public"] = b.PolicyIsPublic
			what := "has a policy AWS reports as public (GetBucketPolicyStatus), though srmscan finds no public statement in it"
			if v.IsPublic() {
				what = publicSummary(v)
			}
			out = append(out, publicVerdict(inv, b, what, "RestrictPublicBuckets", restricts, ev))
		}
		return out
	},
}

var bucketTLSRequired = Check{
	ID:           "s3-bucket-tls-required",
	Title:        "Bucket policy does not deny unencrypted (HTTP) requests",
	Description:  "S3 answers plain HTTP as well as HTTPS unless the bucket policy denies requests whose aws:SecureTransport is false. AWS offers TLS endpoints; only the customer's bucket policy can make them the only way in, so that data and credentials never cross the network in the clear. The deny must apply to everyone, cover every S3 action (s3:* or *) on the bucket's objects, and have no other condition.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Add a statement to the bucket policy that denies every S3 action to everyone, on the bucket and its objects, when aws:SecureTransport is false.",
		Console: `S3 > the bucket > Permissions > Bucket policy > Edit: add {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::<name>","arn:aws:s3:::<name>/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}.`,
		CLI:     "aws s3api put-bucket-policy --bucket <name> --policy file://policy-with-tls-deny.json",
	},
	References: []string{"CIS 2.1.1", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html", securityHub("s3-5")},
	Needs:      bucketNeeds("GetBucketPolicy"),
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			if b.Policy == "" {
				out = append(out, bucketResult(b, Fail, b.Name+" has no bucket policy, so S3 accepts its requests over plain HTTP", map[string]any{"policy": nil}))
				continue
			}
			doc, err := cfg.parse(b.Policy)
			if err != nil {
				out = append(out, policyUnreadable(b, err))
				continue
			}
			// The objects are where the data is: CIS 2.1.1 asks for the deny
			// on ARN/*. Whether it also covers the bucket (listing, policy
			// and ACL reads) is evidence, not a condition.
			objects := b.ARN + "/*"
			var deny *policy.Statement
			var elsewhere []string
			for _, s := range doc.Statements {
				if !s.DeniesInsecureTransport() {
					continue
				}
				if s.MatchesResource(objects) {
					deny = &s
					break
				}
				elsewhere = append(elsewhere, s.Resource...)
			}
			switch {
			case deny != nil:
				ev := statementEvidence(*deny)
				ev["covers_bucket"] = doc.DeniesInsecureTransport(b.ARN)
				out = append(out, bucketResult(b, Pass, b.Name+"'s policy denies requests without TLS (aws:SecureTransport false)", ev))
			case elsewhere != nil:
				out = append(out, bucketResult(b, Fail, fmt.Sprintf("%s's policy denies plain HTTP only on %s, not on the bucket's objects", b.Name, strings.Join(elsewhere, ", ")),
					map[string]any{"deny_resources": elsewhere}))
			default:
				out = append(out, bucketResult(b, Fail, b.Name+"'s policy has no statement denying every S3 action to everyone when aws:SecureTransport is false",
					map[string]any{"policy_statements": len(doc.Statements)}))
			}
		}
		return out
	},
}
