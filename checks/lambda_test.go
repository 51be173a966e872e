package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

const (
	f1ARN    = "arn:aws:lambda:us-east-1:111122223333:function:f1"
	f1Role   = "arn:aws:iam::111122223333:role/service-role/f1-role"
	adminPA  = "arn:aws:iam::aws:policy/AdministratorAccess"
	allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
)

// function adds a python3.12 function in us-east-1 with role f1-role
// after set has changed it.
func function(name string, set func(f *inventory.Function)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		f := inventory.Function{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, Runtime: "python3.12", PackageType: "Zip", Role: f1Role}
		if set != nil {
			set(&f)
		}
		inv.Lambda.Functions = append(inv.Lambda.Functions, f)
	}
}

func TestLambdaPolicyPublic(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("lambda:InvokeFunction") {
		doc := `{"Version":"2012-10-17","Statement":[` + pc.statement + `]}`
		cases = append(cases, statusCase{pc.name, function("f1", func(f *inventory.Function) { f.Policy = doc }), map[string]Status{":f1": pc.want}})
	}
	cases = append(cases,
		statusCase{"no policy", function("f1", nil), map[string]Status{":f1": Pass}},
		statusCase{"a function URL open to everyone", function("f1", func(f *inventory.Function) {
			f.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + f1ARN + `","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}]}`
		}), map[string]Status{":f1": Fail}},
		statusCase{"unparsable", function("f1", func(f *inventory.Function) { f.Policy = "{" }), map[string]Status{":f1": Unknown}},
		statusCase{"policy unreadable", both(function("f1", nil), denied("lambda", "us-east-1", "GetPolicy", f1ARN)), map[string]Status{":f1": Unknown}},
		statusCase{"listing denied", denied("lambda", "us-east-1", "ListFunctions", ""), map[string]Status{":lambda:us-east-1:111122223333:*": Unknown}},
	)
	runCases(t, lambdaPolicyPublic, cases)
}

func TestLambdaURLPublic(t *testing.T) {
	url := func(auth string) inventory.FunctionURL {
		return inventory.FunctionURL{URL: "https://x.lambda-url.us-east-1.on.aws/", FunctionARN: f1ARN + ":live", AuthType: auth}
	}
	runCases(t, lambdaURLPublic, []statusCase{
		{"no URL", function("f1", nil), map[string]Status{":f1": Pass}},
		{"IAM auth", function("f1", func(f *inventory.Function) { f.URLs = []inventory.FunctionURL{url("AWS_IAM")} }), map[string]Status{":f1": Pass}},
		{"an alias's URL without auth", function("f1", func(f *inventory.Function) { f.URLs = []inventory.FunctionURL{url("AWS_IAM"), url("NONE")} }), map[string]Status{":f1": Fail}},
		{"URLs unreadable", both(function("f1", nil), denied("lambda", "us-east-1", "ListFunctionUrlConfigs", f1ARN)), map[string]Status{":f1": Unknown}},
		{"listing denied", denied("lambda", "us-east-1", "ListFunctions", ""), map[string]Status{":lambda:us-east-1:111122223333:*": Unknown}},
	})
}

func TestLambdaRuntimeDeprecated(t *testing.T) {
	runtime := func(rt string) func(*inventory.Inventory) {
		return function("f1", func(f *inventory.Function) { f.Runtime = rt })
	}
	// testNow is 2026-11-01.
	runCases(t, lambdaRuntimeDeprecated, []statusCase{
		{"supported", runtime("python3.12"), map[string]Status{":f1": Pass}},
		{"deprecated long ago", runtime("nodejs16.x"), map[string]Status{":f1": Fail}},
		{"deprecated yesterday", runtime("python3.10"), map[string]Status{":f1": Fail}},
		{"deprecated next week", runtime("dotnet8"), map[string]Status{":f1": Pass}},
		{"not in the table", runtime("python3.15"), map[string]Status{":f1": Unknown}},
		{"listing denied", denied("lambda", "us-east-1", "ListFunctions", ""), map[string]Status{":lambda:us-east-1:111122223333:*": Unknown}},
	})
	// A container image brings its own runtime: nothing to judge.
	if fs := Run(account(function("f1", func(f *inventory.Function) { f.Runtime, f.PackageType = "", "Image" })), []Check{lambdaRuntimeDeprecated}, DefaultConfig()); len(fs) != 0 {
		t.Errorf("container image function judged: %+v", fs)
	}
	fs := Run(account(runtime("python3.8")), []Check{lambdaRuntimeDeprecated}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["deprecation_date"] != "2024-10-14" || !strings.Contains(fs[0].Message, "deprecated since 2024-10-14") {
		t.Errorf("finding = %+v", fs)
	}
	for rt, d := range lambdaRuntimes {
		if !validDay(d.deprecated) || !validDay(d.updateBlocked) {
			t.Errorf("%s: dates %+v are not YYYY-MM-DD", rt, d)
		}
	}
}

func validDay(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-'
}

func TestSecretNameRule(t *testing.T) {
	for name, want := range map[string]bool{
		"DB_PASSWORD": true, "dbPassword": true, "MYSQL_PWD": true, "STRIPE_API_KEY": true, "apiKey": true, "GITHUB_TOKEN": true,
		"AUTHTOKEN": true, "CLIENT_SECRET": true, "JWT_PRIVATE_KEY": true, "AWS_SECRET_ACCESS_KEY": true, "SMTP_PASSWD": true,
		"LOG_LEVEL": false, "MAX_TOKENS": false, "DB_SECRET_ARN": false, "PASSWORD_PARAMETER_NAME": false, "TOKEN_URL": false,
		"SECRET_ID": false, "TABLE_NAME": false, "PRIVATE_KEY_PATH": false,
	} {
		if got := secretNameRule(name) != ""; got != want {
			t.Errorf("%s: flagged %v, want %v (%q)", name, got, want, secretNameRule(name))
		}
	}
}

func TestLambdaEnvironmentSecrets(t *testing.T) {
	env := func(vs ...inventory.EnvironmentVariable) func(*inventory.Inventory) {
		return function("f1", func(f *inventory.Function) { f.Environment = vs })
	}
	runCases(t, lambdaEnvironmentSecrets, []statusCase{
		{"no environment", function("f1", nil), map[string]Status{":f1": Pass}},
		{"plain configuration", env(inventory.EnvironmentVariable{Name: "LOG_LEVEL"}, inventory.EnvironmentVariable{Name: "DB_SECRET_ARN"}), map[string]Status{":f1": Pass}},
		{"a password by name", env(inventory.EnvironmentVariable{Name: "DB_PASSWORD"}), map[string]Status{":f1": Fail}},
		{"an access key by value", env(inventory.EnvironmentVariable{Name: "DEPLOY", ValueShape: inventory.ValueShapeAccessKeyID}), map[string]Status{":f1": Fail}},
		{"encrypted with a customer key still fails", function("f1", func(f *inventory.Function) {
			f.Environment = []inventory.EnvironmentVariable{{Name: "API_TOKEN"}}
			f.KMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/k1"
		}), map[string]Status{":f1": Fail}},
		{"listing denied", denied("lambda", "us-east-1", "ListFunctions", ""), map[string]Status{":lambda:us-east-1:111122223333:*": Unknown}},
	})
	fs := Run(account(function("f1", func(f *inventory.Function) {
		f.Environment = []inventory.EnvironmentVariable{{Name: "DB_PASSWORD"}, {Name: "KEY", ValueShape: inventory.ValueShapeAccessKeyID}}
		f.KMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/k1"
	})), []Check{lambdaEnvironmentSecrets}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "DB_PASSWORD") || !strings.Contains(fs[0].Message, "at rest only") {
		t.Fatalf("finding = %+v", fs)
	}
	got := fs[0].Evidence["suspect_variables"].([]map[string]any)
	if len(got) != 2 || got[0]["rule"] != "name contains PASSWORD" || !strings.Contains(got[1]["rule"].(string), "access key ID") {
		t.Errorf("evidence = %v", got)
	}
}

// execRole adds the functions' execution role with the given policies.
func execRole(attached []string, inline ...string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		r := inventory.Role{Name: "f1-role", Path: "/service-role/"}
		for _, arn := range attached {
			r.AttachedPolicies = append(r.AttachedPolicies, inventory.AttachedPolicy{Name: arn[strings.LastIndex(arn, "/")+1:], ARN: arn})
		}
		for i, doc := range inline {
			r.InlinePolicies = append(r.InlinePolicies, inventory.InlinePolicy{Name: "inline" + string(rune('0'+i)), Document: doc})
		}
		inv.IAM.Roles = append(inv.IAM.Roles, r)
	}
}

func policyDoc(arn, doc string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.IAM.Policies = append(inv.IAM.Policies, inventory.ManagedPolicy{Resource: inventory.Resource{ARN: arn}, Name: arn[strings.LastIndex(arn, "/")+1:], Document: doc, AttachmentCount: 1})
	}
}

func TestLambdaRoleAdmin(t *testing.T) {
	basic := "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	basicDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`
	boundary := "arn:aws:iam::111122223333:policy/lambda-boundary"
	runCases(t, lambdaRoleAdmin, []statusCase{
		{"least privilege", both(function("f1", nil), policyDoc(basic, basicDoc), execRole([]string{basic})), map[string]Status{":f1": Pass}},
		{"AdministratorAccess attached", both(function("f1", nil), policyDoc(adminPA, allowAll), policyDoc(basic, basicDoc), execRole([]string{basic, adminPA})), map[string]Status{":f1": Fail}},
		{"inline allow-all", both(function("f1", nil), execRole(nil, allowAll)), map[string]Status{":f1": Fail}},
		{"allow-all inside a permissions boundary", both(function("f1", nil), policyDoc(boundary, basicDoc), execRole(nil, allowAll), func(inv *inventory.Inventory) {
			inv.IAM.Roles[0].PermissionsBoundary = boundary
		}), map[string]Status{":f1": Pass}},
		{"role not in the inventory", function("f1", nil), map[string]Status{":f1": Unknown}},
		{"attached policy not listed", both(function("f1", nil), execRole([]string{adminPA})), map[string]Status{":f1": Unknown}},
		{"IAM not read", both(function("f1", nil), denied("iam", "", "GetAccountAuthorizationDetails", "")), map[string]Status{":f1": Unknown, ":iam::111122223333:*": Unknown}},
		{"listing denied", denied("lambda", "us-east-1", "ListFunctions", ""), map[string]Status{":lambda:us-east-1:111122223333:*": Unknown}},
	})
	fs := Run(account(both(function("f1", nil), policyDoc(adminPA, allowAll), execRole([]string{adminPA}))), []Check{lambdaRoleAdmin}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "f1-role allows every action on every resource") ||
		len(fs[0].Evidence["granted_by"].([]string)) != 1 || fs[0].Evidence["role"] != f1Role {
		t.Errorf("finding = %+v", fs)
	}
	// IAM left out of the scan makes the verdict unknown, not a pass.
	inv := account(both(function("f1", nil), policyDoc(adminPA, allowAll), execRole([]string{adminPA})))
	inv.Services = []string{"lambda"}
	if fs := Run(inv, []Check{lambdaRoleAdmin}, DefaultConfig()); len(fs) == 0 || fs[0].Status != Unknown {
		t.Errorf("IAM not scanned: %+v", fs)
	}
}
