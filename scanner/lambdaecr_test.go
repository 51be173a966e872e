package scanner

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const lambdaECRAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
lambda:
  functions:
    - {region: us-east-1, name: api, runtime: python3.12, package_type: Zip, role: "arn:aws:iam::111122223333:role/api",
       last_modified: 2026-01-02T03:04:05Z,
       environment: [{name: DB_PASSWORD}, {name: DEPLOY_KEY, value_shape: aws-access-key-id}, {name: LOG_LEVEL}],
       policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}',
       urls: [{url: "https://abc.lambda-url.us-east-1.on.aws/", auth_type: NONE},
              {url: "https://def.lambda-url.us-east-1.on.aws/", function_arn: "arn:aws:lambda:us-east-1:111122223333:function:api:live", auth_type: AWS_IAM}]}
    - {region: us-east-1, name: image, package_type: Image, role: "arn:aws:iam::111122223333:role/image", last_modified: 2026-01-02T03:04:05Z,
       kms_key_arn: "arn:aws:kms:us-east-1:111122223333:key/0000"}
    - {region: us-east-1, name: old, runtime: nodejs16.x, package_type: Zip, role: "arn:aws:iam::111122223333:role/old", last_modified: 2024-01-02T03:04:05Z}
    - {region: eu-west-1, name: eu, runtime: java21, package_type: Zip, role: "arn:aws:iam::111122223333:role/eu", last_modified: 2026-01-02T03:04:05Z}
ecr:
  registries:
    - {region: us-east-1, scan_type: ENHANCED, rules: [{scan_frequency: CONTINUOUS_SCAN, filters: ["prod-*"]}, {scan_frequency: SCAN_ON_PUSH, filters: ["*"]}]}
  repositories:
    - {region: us-east-1, name: prod-web, scan_on_push: false, image_tag_mutability: IMMUTABLE, encryption_type: KMS,
       kms_key: "arn:aws:kms:us-east-1:111122223333:key/1111", created_at: 2025-01-02T03:04:05Z,
       lifecycle_policy: '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}'}
    - {region: us-east-1, name: team/tools, scan_on_push: true, image_tag_mutability: MUTABLE, encryption_type: AES256, created_at: 2025-01-02T03:04:05Z,
       policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}'}
    - {region: eu-west-1, name: eu-app, image_tag_mutability: MUTABLE, encryption_type: AES256, created_at: 2025-01-02T03:04:05Z}
`

func parseLambdaECR(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(lambdaECRAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

type lambdaECRPart struct {
	Lambda inventory.Lambda
	ECR    inventory.ECR
}

// lambdaECRWant is what a scan of acct collects: a region whose registry
// the account leaves out is served as ECR serves one never configured.
func lambdaECRWant(acct *inventory.Inventory) lambdaECRPart {
	p := lambdaECRPart{acct.Lambda, acct.ECR}
	p.Lambda.Functions = slices.Clone(p.Lambda.Functions)
	p.ECR.Repositories = slices.Clone(p.ECR.Repositories)
	p.ECR.Registries = slices.Clone(p.ECR.Registries)
	for _, r := range acct.Regions {
		if !slices.ContainsFunc(p.ECR.Registries, func(x inventory.Registry) bool { return x.Region == r }) {
			p.ECR.Registries = append(p.ECR.Registries, inventory.Registry{Region: r, ScanType: "BASIC"})
		}
	}
	return p
}

func assertLambdaECREqual(t *testing.T, inv *inventory.Inventory, want lambdaECRPart) {
	t.Helper()
	got := lambdaECRPart{inv.Lambda, inv.ECR}
	w := &inventory.Inventory{Lambda: want.Lambda, ECR: want.ECR}
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortLambda(w, byARN)
	sortECR(w, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	ws, _ := json.MarshalIndent(lambdaECRPart{w.Lambda, w.ECR}, "", " ")
	if string(g) != string(ws) {
		t.Errorf("collected Lambda/ECR differ from the account served\n got: %s\nwant: %s", g, ws)
	}
}

func lambdaECRErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "lambda" || e.Service == "ecr" {
			out = append(out, e)
		}
	}
	return out
}

func TestLambdaECRRoundTrip(t *testing.T) {
	acct := parseLambdaECR(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := lambdaECRErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertLambdaECREqual(t, inv, lambdaECRWant(acct))

	// One item per page: a collector that stopped at the first page would
	// make one call per listing.
	for _, c := range []struct {
		service, op, region string
		want                int
	}{
		{"lambda", "ListFunctions", "us-east-1", 3},
		{"lambda", "ListFunctions", "eu-west-1", 1},
		{"lambda", "GetPolicy", "us-east-1", 3},
		{"lambda", "ListFunctionUrlConfigs", "us-east-1", 4}, // two pages for api's two URLs, one each for the others
		{"ecr", "DescribeRepositories", "us-east-1", 2},
		{"ecr", "GetRegistryScanningConfiguration", "eu-west-1", 1},
		{"ecr", "GetRepositoryPolicy", "us-east-1", 2},
		{"ecr", "GetLifecyclePolicy", "eu-west-1", 1},
	} {
		if got := callsOf(srv, c.service, c.op)[c.region]; got != c.want {
			t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, c.region, got, c.want)
		}
	}
}

// The snapshot keeps no environment value, only what it looked like.
func TestLambdaEnvironmentValuesAreNotKept(t *testing.T) {
	acct := parseLambdaECR(t)
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"us-east-1"}})
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"AKIAIOSFODNN7EXAMPLE", "value-of-db_password"} {
		if strings.Contains(string(b), v) {
			t.Errorf("the inventory holds the environment value %q", v)
		}
	}
}

func TestLambdaECRFailedOperations(t *testing.T) {
	apiARN := inventory.FunctionARN("aws", "us-east-1", "111122223333", "api")
	toolsARN := inventory.RepositoryARN("aws", "us-east-1", "111122223333", "team/tools")
	forFunction := func(arn string, change func(f *inventory.Function)) func(p *lambdaECRPart) {
		return func(p *lambdaECRPart) {
			for i := range p.Lambda.Functions {
				if p.Lambda.Functions[i].ARN == arn {
					change(&p.Lambda.Functions[i])
				}
			}
		}
	}
	forRepository := func(arn string, change func(r *inventory.Repository)) func(p *lambdaECRPart) {
		return func(p *lambdaECRPart) {
			for i := range p.ECR.Repositories {
				if p.ECR.Repositories[i].ARN == arn {
					change(&p.ECR.Repositories[i])
				}
			}
		}
	}
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(p *lambdaECRPart)
	}{{
		name: "functions denied in one region",
		rule: emulator.Rule{Service: "lambda", Operation: "ListFunctions", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "lambda", Region: "eu-west-1", Operation: "ListFunctions", Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *lambdaECRPart) {
			p.Lambda.Functions = slices.DeleteFunc(p.Lambda.Functions, func(f inventory.Function) bool { return f.Region == "eu-west-1" })
		},
	}, {
		name: "one function's policy denied",
		rule: emulator.Rule{Service: "lambda", Operation: "GetPolicy", Resource: "api"},
		want: inventory.CollectionError{Service: "lambda", Region: "us-east-1", Operation: "GetPolicy", ResourceARN: apiARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: forFunction(apiARN, func(f *inventory.Function) { f.Policy = "" }),
	}, {
		name: "one function's URLs denied",
		rule: emulator.Rule{Service: "lambda", Operation: "ListFunctionUrlConfigs", Resource: "api"},
		want: inventory.CollectionError{Service: "lambda", Region: "us-east-1", Operation: "ListFunctionUrlConfigs", ResourceARN: apiARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: forFunction(apiARN, func(f *inventory.Function) { f.URLs = nil }),
	}, {
		name: "repositories denied in one region",
		rule: emulator.Rule{Service: "ecr", Operation: "DescribeRepositories", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "ecr", Region: "us-east-1", Operation: "DescribeRepositories", Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *lambdaECRPart) {
			p.ECR.Repositories = slices.DeleteFunc(p.ECR.Repositories, func(r inventory.Repository) bool { return r.Region == "us-east-1" })
		},
	}, {
		name: "registry scanning denied in one region",
		rule: emulator.Rule{Service: "ecr", Operation: "GetRegistryScanningConfiguration", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "ecr", Region: "us-east-1", Operation: "GetRegistryScanningConfiguration", Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *lambdaECRPart) {
			p.ECR.Registries = slices.DeleteFunc(p.ECR.Registries, func(r inventory.Registry) bool { return r.Region == "us-east-1" })
		},
	}, {
		name: "one repository's policy denied",
		rule: emulator.Rule{Service: "ecr", Operation: "GetRepositoryPolicy", Resource: "team/tools"},
		want: inventory.CollectionError{Service: "ecr", Region: "us-east-1", Operation: "GetRepositoryPolicy", ResourceARN: toolsARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: forRepository(toolsARN, func(r *inventory.Repository) { r.Policy = "" }),
	}, {
		name: "one repository's lifecycle policy denied",
		rule: emulator.Rule{Service: "ecr", Operation: "GetLifecyclePolicy", Resource: "prod-web"},
		want: inventory.CollectionError{Service: "ecr", Region: "us-east-1", Operation: "GetLifecyclePolicy",
			ResourceARN: inventory.RepositoryARN("aws", "us-east-1", "111122223333", "prod-web"), Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: forRepository(inventory.RepositoryARN("aws", "us-east-1", "111122223333", "prod-web"), func(r *inventory.Repository) { r.LifecyclePolicy = "" }),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseLambdaECR(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, lambdaECRErrors(inv), tc.want)
			want := lambdaECRWant(acct)
			tc.lost(&want)
			assertLambdaECREqual(t, inv, want)
		})
	}
}
