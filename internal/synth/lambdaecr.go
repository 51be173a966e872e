package synth

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// functionRuntimes are the runtimes functions use, newest most often, with
// a tail of deprecated ones nobody moved off.
var functionRuntimes = []string{
	"python3.12", "python3.12", "python3.13", "python3.11", "nodejs20.x", "nodejs22.x", "nodejs22.x",
	"java21", "provided.al2023", "dotnet8", "ruby3.3", "python3.9", "nodejs18.x", "nodejs16.x", "python3.8", "go1.x",
}

// functions makes Lambda functions. Most run as one of the account's
// Lambda roles; a few as a role since deleted. A few have function URLs,
// some of them open; a few have a policy for the bucket that invokes
// them, and a handful one open to everyone. Environments mostly hold
// configuration, some a secret by name or an access key by value.
func (g *gen) functions() {
	var roles []string
	for _, r := range g.inv.IAM.Roles {
		if strings.Contains(r.Name, "-lambda-") {
			roles = append(roles, r.ARN)
		}
	}
	for ri, n := range g.spread(g.sz.Functions) {
		region := g.regions[ri]
		for range n {
			name := fmt.Sprintf("%s-%s-fn-%d", pick(g, envs), pick(g, apps), len(g.inv.Lambda.Functions))
			arn := inventory.FunctionARN("aws", region, AccountID, name)
			f := inventory.Function{Resource: inventory.Resource{Region: region}, Name: name, PackageType: "Zip",
				Runtime: pick(g, functionRuntimes), LastModified: g.ago(3 * 365 * day),
				Environment: []inventory.EnvironmentVariable{{Name: "LOG_LEVEL"}, {Name: "TABLE_NAME"}}}
			switch {
			case len(roles) == 0 || g.chance(0.02):
				f.Role = inventory.IAMARN("aws", AccountID, "role", "/service-role/", name+"-role-deleted")
			default:
				f.Role = pick(g, roles)
			}
			if g.chance(0.08) {
				f.PackageType, f.Runtime = "Image", ""
			}
			switch r := g.rng.Float64(); {
			case r < 0.1:
				f.Environment = append(f.Environment, inventory.EnvironmentVariable{Name: pick(g, []string{"DB_PASSWORD", "API_TOKEN", "STRIPE_API_KEY", "JWT_SECRET"})})
			case r < 0.12:
				f.Environment = append(f.Environment, inventory.EnvironmentVariable{Name: "UPLOAD_KEY", ValueShape: inventory.ValueShapeAccessKeyID})
			case r < 0.4:
				f.Environment = append(f.Environment, inventory.EnvironmentVariable{Name: "DB_SECRET_ARN"})
			}
			if g.chance(0.15) {
				f.KMSKeyARN = g.kmsKey(region)
			}
			switch r := g.rng.Float64(); {
			case r < 0.25:
				f.Policy = `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + arn +
					`","Condition":{"StringEquals":{"AWS:SourceAccount":"` + AccountID + `"}}}]}`
			case r < 0.27:
				f.Policy = `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"open","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + arn + `"}]}`
			}
			if g.chance(0.05) {
				auth := "AWS_IAM"
				if g.chance(0.4) {
					auth = "NONE"
				}
				f.URLs = []inventory.FunctionURL{{URL: fmt.Sprintf("https://%016x.lambda-url.%s.on.aws/", g.rng.Uint64(), region), FunctionARN: arn, AuthType: auth}}
			}
			g.inv.Lambda.Functions = append(g.inv.Lambda.Functions, f)
		}
	}
}

// repositories makes private ECR repositories and each region's registry
// scanning: a third of the regions scan everything with Amazon Inspector,
// the rest rely on each repository's scan on push.
func (g *gen) repositories() {
	for ri, n := range g.spread(g.sz.Repositories) {
		region := g.regions[ri]
		reg := inventory.Registry{Region: region, ScanType: "BASIC"}
		if ri%3 == 0 {
			reg.ScanType = "ENHANCED"
			reg.Rules = []inventory.ScanningRule{{ScanFrequency: "CONTINUOUS_SCAN", Filters: []string{"prod/*"}}, {ScanFrequency: "SCAN_ON_PUSH", Filters: []string{"*"}}}
		}
		g.inv.ECR.Registries = append(g.inv.ECR.Registries, reg)
		for range n {
			name := fmt.Sprintf("%s/%s-%d", pick(g, envs), pick(g, apps), len(g.inv.ECR.Repositories))
			r := inventory.Repository{Resource: inventory.Resource{Region: region}, Name: name,
				ScanOnPush: g.chance(0.6), ImageTagMutability: "MUTABLE", EncryptionType: "AES256", CreatedAt: g.ago(4 * 365 * day)}
			if g.chance(0.45) {
				r.ImageTagMutability = "IMMUTABLE"
			}
			if g.chance(0.1) {
				r.EncryptionType, r.KMSKey = "KMS", g.kmsKey(region)
			}
			if g.chance(0.55) {
				r.LifecyclePolicy = `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`
			}
			switch p := g.rng.Float64(); {
			case p < 0.3:
				r.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"OrgPull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-synth00001"}}}]}`
			case p < 0.33:
				r.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`
			}
			g.inv.ECR.Repositories = append(g.inv.ECR.Repositories, r)
		}
	}
}
