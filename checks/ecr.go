package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// ecrChecks are the customer's duties on ECR, an abstracted service: AWS
// runs the registry and its storage; the images in it, who may pull or
// push them, whether they are scanned for vulnerable packages, and how
// long they are kept are the customer's.
var ecrChecks = []Check{ecrImageScanning, ecrTagImmutability, ecrPolicyPublic, ecrLifecyclePolicy}

func ecrHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#" + control
}

func repositoryResult(r inventory.Repository, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: r.Region, ResourceARN: r.ARN, Message: msg, Evidence: ev}
}

// wildcardMatch reports whether name matches an ECR repository filter,
// where "*" stands for any run of characters, slashes included.
func wildcardMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return len(name) >= len(last) && strings.HasSuffix(name, last)
}

// registryRule returns the registry scanning rule that scans the
// repository automatically (on push or continuously), if one does.
func registryRule(reg inventory.Registry, repo string) (inventory.ScanningRule, string, bool) {
	for _, r := range reg.Rules {
		if r.ScanFrequency != "SCAN_ON_PUSH" && r.ScanFrequency != "CONTINUOUS_SCAN" {
			continue
		}
		for _, f := range r.Filters {
			if wildcardMatch(f, repo) {
				return r, f, true
			}
		}
	}
	return inventory.ScanningRule{}, "", false
}

var ecrImageScanning = Check{
	ID:            "ecr-image-scanning",
	Title:         "Repository's images are not scanned for vulnerabilities",
	Description:   "A container image carries its own OS packages and libraries, which AWS neither patches nor inspects: finding the vulnerable ones, and rebuilding the image, is the customer's half of patch management. ECR scans an image when it is pushed if the registry's scanning rules cover the repository (basic scanning on push, or Amazon Inspector's enhanced scanning on push or continuously), or, with basic scanning, if the repository's own scan-on-push setting is on; with enhanced scanning the registry's rules alone decide. Unknown in a region whose registry scanning configuration could not be read.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ecr",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ECR::Repository",
	Remediation: Remediation{
		Text:    "Add a registry scanning rule whose filter covers the repository (enhanced scanning with continuous scanning finds vulnerabilities published after the push), or, with basic scanning, turn on the repository's scan on push.",
		Console: "ECR > Private registry > Settings > Scanning > Edit: Enhanced scanning, add a rule Continuous scanning with filter * > Save.",
		CLI:     "aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{\"scanFrequency\":\"CONTINUOUS_SCAN\",\"repositoryFilters\":[{\"filter\":\"*\",\"filterType\":\"WILDCARD\"}]}]'",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html", ecrHub("ecr-1")},
	Needs:      []Operation{op("ecr", "DescribeRepositories"), op("ecr", "GetRegistryScanningConfiguration")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		registries := map[string]inventory.Registry{}
		for _, reg := range inv.ECR.Registries {
			registries[reg.Region] = reg
		}
		var out []Result
		for _, r := range inv.ECR.Repositories {
			// Run makes this unknown when the region's registry was not read.
			reg := registries[r.Region]
			scanType := reg.ScanType
			if scanType == "" {
				scanType = "BASIC"
			}
			ev := map[string]any{"scan_on_push": r.ScanOnPush, "registry_scan_type": scanType}
			if rule, filter, ok := registryRule(reg, r.Name); ok {
				ev["registry_rule"] = map[string]any{"scan_frequency": rule.ScanFrequency, "filter": filter}
				out = append(out, repositoryResult(r, Pass, fmt.Sprintf("repository %s is scanned by the registry's %s rule (%s, filter %q)", r.Name, strings.ToLower(scanType), rule.ScanFrequency, filter), ev))
				continue
			}
			if r.ScanOnPush && scanType == "BASIC" {
				out = append(out, repositoryResult(r, Pass, "repository "+r.Name+" scans each image on push (basic scanning)", ev))
				continue
			}
			msg := "repository " + r.Name + " has scan on push off and no registry scanning rule covers it"
			if r.ScanOnPush {
				msg = "repository " + r.Name + "'s scan on push is ignored under enhanced scanning, and no registry rule covers it"
			}
			out = append(out, repositoryResult(r, Fail, msg, ev))
		}
		return out
	},
}

var ecrTagImmutability = Check{
	ID:            "ecr-tag-immutability",
	Title:         "Repository lets image tags be overwritten",
	Description:   "With mutable tags, pushing an image under a tag that exists moves the tag: a deployment that pulls app:1.4 can get different code tomorrow, whether from a mistake or from someone allowed to push. Immutable tags make a tag name one image for good. AWS runs the registry; how it is configured for the customer's images is the customer's half of configuration management. Tags exempted by an exclusion filter (IMMUTABLE_WITH_EXCLUSION) are named in the evidence.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "ecr",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ECR::Repository",
	Remediation: Remediation{
		Text:    "Make the repository's tags immutable, and publish a new tag for each build rather than moving an old one (exclude a rolling tag such as latest if the pipeline needs one).",
		Console: "ECR > Private registry > Repositories > the repository > Edit: Tag immutability: Immutable > Save.",
		CLI:     "aws ecr put-image-tag-mutability --repository-name <repository> --image-tag-mutability IMMUTABLE",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html", ecrHub("ecr-2")},
	Needs:      []Operation{op("ecr", "DescribeRepositories")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, r := range inv.ECR.Repositories {
			m := r.ImageTagMutability
			if m == "" {
				m = "MUTABLE" // ECR's default
			}
			ev := map[string]any{"image_tag_mutability": m}
			if strings.HasPrefix(m, "IMMUTABLE") {
				msg := "repository " + r.Name + "'s image tags are immutable"
				if m != "IMMUTABLE" {
					msg += ", but for the tags its exclusion filters name"
				}
				out = append(out, repositoryResult(r, Pass, msg, ev))
				continue
			}
			out = append(out, repositoryResult(r, Fail, "repository "+r.Name+" lets a push overwrite an existing image tag ("+m+")", ev))
		}
		return out
	},
}

var ecrPolicyPublic = Check{
	ID:           "ecr-repository-policy-public",
	Title:        "Repository policy lets anyone pull or push images",
	Description:  "A repository policy statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where, such as the organisation (aws:PrincipalOrgID), an account (aws:PrincipalAccount, aws:SourceAccount) or a VPC endpoint (aws:SourceVpce), lets any AWS account's principals pull the images (and whatever secrets were built into them), or push or delete them, as far as the statement's actions go. This is the same reading of public as S3's, which every resource-policy check shares. AWS runs ECR; who may use a repository is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "ecr",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ECR::Repository",
	Remediation: Remediation{
		Text:    "Replace Principal \"*\" with the accounts or roles that pull the images, or add a condition such as aws:PrincipalOrgID; publish images meant for everyone through ECR Public instead.",
		Console: "ECR > Private registry > Repositories > the repository > Permissions > Edit: remove or narrow the statement with Principal \"*\" > Save.",
		CLI:     "aws ecr set-repository-policy --repository-name <repository> --policy-text file://narrowed-policy.json   # or: aws ecr delete-repository-policy --repository-name <repository>",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",
		"https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html"},
	Needs: []Operation{op("ecr", "DescribeRepositories"), op("ecr", "GetRepositoryPolicy")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, r := range inv.ECR.Repositories {
			res := func(st Status, msg string, ev map[string]any) Result { return repositoryResult(r, st, msg, ev) }
			if r.Policy == "" {
				// Run makes this unknown when GetRepositoryPolicy failed.
				out = append(out, res(Pass, "repository "+r.Name+" has no policy: only its own account's principals, as their IAM policies allow, can use it", map[string]any{"policy": false}))
				continue
			}
			out = append(out, publicPolicyResult(cfg, "repository "+r.Name, r.Policy, res))
		}
		return out
	},
}

var ecrLifecyclePolicy = Check{
	ID:           "ecr-lifecycle-policy",
	Title:        "Repository has no lifecycle policy",
	Description:  "Without a lifecycle policy a repository keeps every image ever pushed: old images with known vulnerabilities stay available to pull and deploy, and storage grows without end. A lifecycle policy expires untagged images and all but the latest few. How long the customer's images are kept is the customer's choice alone.",
	Severity:     Low,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "ecr",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ECR::Repository",
	Remediation: Remediation{
		Text:    "Add a lifecycle policy that expires untagged images after a few days and keeps a bounded number of tagged ones; preview it first.",
		Console: "ECR > Private registry > Repositories > the repository > Lifecycle Policy > Create rule: e.g. Image status Untagged, Since image pushed 14 days, Expire > Save.",
		CLI:     "aws ecr put-lifecycle-policy --repository-name <repository> --lifecycle-policy-text file://lifecycle.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html", ecrHub("ecr-3")},
	Needs:      []Operation{op("ecr", "DescribeRepositories"), op("ecr", "GetLifecyclePolicy")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, r := range inv.ECR.Repositories {
			if r.LifecyclePolicy != "" {
				out = append(out, repositoryResult(r, Pass, "repository "+r.Name+" has a lifecycle policy", map[string]any{"lifecycle_policy": true}))
				continue
			}
			// Run makes this unknown when GetLifecyclePolicy failed.
			out = append(out, repositoryResult(r, Fail, "repository "+r.Name+" has no lifecycle policy: every image pushed is kept", map[string]any{"lifecycle_policy": false}))
		}
		return out
	},
}
