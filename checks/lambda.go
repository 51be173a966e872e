package checks

import (
	"fmt"
	"time"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// lambdaChecks are the customer's duties on Lambda, an abstracted service:
// AWS runs the hosts, the execution environment and a supported runtime's
// patches; who may invoke a function, what its role may do, what it keeps
// in its configuration, and moving it off a runtime AWS no longer patches
// are the customer's.
var lambdaChecks = []Check{lambdaPolicyPublic, lambdaURLPublic, lambdaRuntimeDeprecated, lambdaEnvironmentSecrets, lambdaRoleAdmin}

func lambdaHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#" + control
}

func functionResult(f inventory.Function, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: f.Region, ResourceARN: f.ARN, Message: msg, Evidence: ev}
}

var lambdaPolicyPublic = Check{
	ID:           "lambda-function-policy-public",
	Title:        "Function policy lets anyone invoke the function",
	Description:  "A function's resource-based policy statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where, such as the invoking resource (aws:SourceArn, aws:SourceAccount), the organisation (aws:PrincipalOrgID) or a VPC endpoint (aws:SourceVpce), lets any AWS account's principals invoke the function or change its configuration, as far as the statement's actions go. This is the same reading of public as S3's, which every resource-policy check shares; a grant to a service principal (s3.amazonaws.com) without aws:SourceAccount, which Security Hub's Lambda.1 also fails, is not judged public here. AWS runs Lambda; who may invoke a function is the customer's alone. The unqualified function's policy is judged, not its aliases' or versions'.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "lambda",
	ServiceModel: Abstracted,
	ResourceType: "AWS::Lambda::Function",
	Remediation: Remediation{
		Text:    "Remove the statement that grants to \"*\", or add a condition such as aws:SourceArn (the bucket, topic or API that invokes the function), aws:SourceAccount or aws:PrincipalOrgID.",
		Console: "Lambda > Functions > the function > Configuration > Permissions > Resource-based policy statements: delete the statement with Principal \"*\" and add one for the caller that needs it.",
		CLI:     "aws lambda remove-permission --function-name <function> --statement-id <sid>; aws lambda add-permission --function-name <function> --statement-id <sid> --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn <bucket-arn> --source-account <account-id>",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html", lambdaHub("lambda-1")},
	Needs: []Operation{op("lambda", "ListFunctions"), op("lambda", "GetPolicy")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, f := range inv.Lambda.Functions {
			res := func(st Status, msg string, ev map[string]any) Result { return functionResult(f, st, msg, ev) }
			if f.Policy == "" {
				// Run makes this unknown when GetPolicy failed.
				out = append(out, res(Pass, "function "+f.Name+" has no resource-based policy: only its own account's principals, as their IAM policies allow, can invoke it", map[string]any{"policy": false}))
				continue
			}
			out = append(out, publicPolicyResult(cfg, "function "+f.Name, f.Policy, res))
		}
		return out
	},
}

var lambdaURLPublic = Check{
	ID:           "lambda-function-url-public",
	Title:        "Function URL lets anyone invoke the function without signing",
	Description:  "A function URL with auth type NONE is an HTTPS endpoint anyone who learns the address can call: Lambda checks no credentials, and the function must authenticate every request itself. With AWS_IAM, callers sign with IAM credentials their policies (or the function's policy) must allow. AWS runs the endpoint; whether it asks who calls is the customer's choice. The URLs of the function and of its aliases are judged.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "lambda",
	ServiceModel: Abstracted,
	ResourceType: "AWS::Lambda::Function",
	Remediation: Remediation{
		Text:    "Set the URL's auth type to AWS_IAM and grant lambda:InvokeFunctionUrl to the callers that need it, or put the function behind API Gateway with an authorizer; delete URLs nobody uses.",
		Console: "Lambda > Functions > the function > Configuration > Function URL > Edit: Auth type AWS_IAM > Save.",
		CLI:     "aws lambda update-function-url-config --function-name <function> [--qualifier <alias>] --auth-type AWS_IAM",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"},
	Needs:      []Operation{op("lambda", "ListFunctions"), op("lambda", "ListFunctionUrlConfigs")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, f := range inv.Lambda.Functions {
			var open []map[string]any
			for _, u := range f.URLs {
				if u.AuthType == "NONE" {
					open = append(open, map[string]any{"url": u.URL, "function_arn": u.FunctionARN, "auth_type": u.AuthType})
				}
			}
			switch {
			case open != nil:
				out = append(out, functionResult(f, Fail, fmt.Sprintf("function %s has %d function URL(s) with auth type NONE, e.g. %s", f.Name, len(open), open[0]["url"]),
					map[string]any{"urls": open}))
			case len(f.URLs) > 0:
				out = append(out, functionResult(f, Pass, fmt.Sprintf("function %s's %d function URL(s) require IAM authentication", f.Name, len(f.URLs)), map[string]any{"urls": len(f.URLs)}))
			default:
				out = append(out, functionResult(f, Pass, "function "+f.Name+" has no function URL", map[string]any{"urls": 0}))
			}
		}
		return out
	},
}

// lambdaRuntime is one managed runtime's end of support.
type lambdaRuntime struct {
	// deprecated is the day AWS stops patching the runtime; updateBlocked
	// the day after which functions using it can no longer be updated.
	deprecated, updateBlocked string
}

// lambdaRuntimesAsOf is when lambdaRuntimes was last compared with its
// source; a runtime released since is not in it.
const lambdaRuntimesAsOf = "2026-08-19"

// lambdaRuntimes are the deprecation dates of Lambda's managed runtimes,
// from the "Supported runtimes" and "Deprecated runtimes" tables of
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
// (projected dates for runtimes still supported), as cfn-lint's
// LmbdRuntimeLifecycle.json, which tracks that page, had them on the
// as-of date; python3.8, nodejs16.x and python3.9 were checked against
// AWS's own notices. AWS moves projected dates; keep this table in step
// with the page.
var lambdaRuntimes = map[string]lambdaRuntime{
	"dotnetcore1.0":   {"2019-06-27", "2019-07-30"},
	"dotnetcore2.0":   {"2019-05-30", "2019-05-30"},
	"dotnetcore2.1":   {"2022-01-05", "2022-04-13"},
	"dotnetcore3.1":   {"2023-04-03", "2023-05-03"},
	"dotnet6":         {"2024-12-20", "2027-03-03"},
	"dotnet8":         {"2026-11-10", "2027-03-03"},
	"dotnet10":        {"2028-11-14", "2029-01-15"},
	"go1.x":           {"2024-01-08", "2027-03-03"},
	"java8":           {"2024-01-08", "2027-03-03"},
	"java8.al2":       {"2027-06-30", "2027-08-31"},
	"java11":          {"2027-06-30", "2027-08-31"},
	"java17":          {"2027-06-30", "2027-08-31"},
	"java21":          {"2029-06-30", "2029-08-31"},
	"java25":          {"2029-06-30", "2029-08-31"},
	"nodejs":          {"2016-10-31", "2016-10-31"},
	"nodejs4.3":       {"2020-03-05", "2020-03-05"},
	"nodejs4.3-edge":  {"2020-03-05", "2019-04-30"},
	"nodejs6.10":      {"2019-08-12", "2019-08-12"},
	"nodejs8.10":      {"2020-03-06", "2020-03-06"},
	"nodejs10.x":      {"2021-07-30", "2022-02-14"},
	"nodejs12.x":      {"2023-03-31", "2023-04-30"},
	"nodejs14.x":      {"2023-12-04", "2027-03-03"},
	"nodejs16.x":      {"2024-06-12", "2027-03-03"},
	"nodejs18.x":      {"2025-09-01", "2027-03-03"},
	"nodejs20.x":      {"2026-04-30", "2027-03-03"},
	"nodejs22.x":      {"2027-04-30", "2027-07-01"},
	"nodejs24.x":      {"2028-04-30", "2028-07-01"},
	"provided":        {"2024-01-08", "2027-03-03"},
	"provided.al2":    {"2026-07-31", "2027-03-03"},
	"provided.al2023": {"2029-06-30", "2029-08-31"},
	"python2.7":       {"2021-07-15", "2022-05-30"},
	"python3.6":       {"2022-07-18", "2022-08-29"},
	"python3.7":       {"2023-12-04", "2027-03-03"},
	"python3.8":       {"2024-10-14", "2027-03-03"},
	"python3.9":       {"2025-12-15", "2027-03-03"},
	"python3.10":      {"2026-10-31", "2027-03-03"},
	"python3.11":      {"2027-06-30", "2027-08-31"},
	"python3.12":      {"2028-10-31", "2029-01-10"},
	"python3.13":      {"2029-06-30", "2029-08-31"},
	"python3.14":      {"2029-06-30", "2029-08-31"},
	"ruby2.5":         {"2021-07-30", "2022-03-31"},
	"ruby2.7":         {"2023-12-07", "2027-03-03"},
	"ruby3.2":         {"2026-03-31", "2027-03-03"},
	"ruby3.3":         {"2027-03-31", "2027-05-31"},
	"ruby3.4":         {"2028-03-31", "2028-05-31"},
}

var lambdaRuntimeDeprecated = Check{
	ID:            "lambda-runtime-deprecated",
	Title:         "Function runs on a deprecated runtime",
	Description:   "AWS patches a managed runtime (language, libraries and OS) while it is supported; from its deprecation date it no longer does, and later it blocks updates to functions that use it. Moving a function to a supported runtime is the customer's half of patch management: AWS cannot change a function's runtime, as major language versions are not compatible. Judged against a dated table of deprecation dates from the Lambda runtimes page, measured from the scan's start; a runtime not in the table is unknown. Container image functions bring their own runtime and are not judged here.",
	Severity:      High,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "lambda",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::Lambda::Function",
	Remediation: Remediation{
		Text:    "Test the function on the newest runtime of its language, then change the runtime identifier; Lambda notifies the account (AWS Health) ahead of each deprecation.",
		Console: "Lambda > Functions > the function > Code > Runtime settings > Edit: choose a supported runtime > Save.",
		CLI:     "aws lambda update-function-configuration --function-name <function> --runtime <supported-runtime>",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html", "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html", lambdaHub("lambda-2")},
	Needs:      []Operation{op("lambda", "ListFunctions")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, f := range inv.Lambda.Functions {
			if f.Runtime == "" {
				continue // a container image: its runtime is in the image
			}
			ev := map[string]any{"runtime": f.Runtime, "table_as_of": lambdaRuntimesAsOf}
			rt, ok := lambdaRuntimes[f.Runtime]
			if !ok {
				out = append(out, functionResult(f, Unknown, fmt.Sprintf("function %s's runtime %s is not in srmscan's table of runtime deprecation dates (as of %s)", f.Name, f.Runtime, lambdaRuntimesAsOf), ev))
				continue
			}
			ev["deprecation_date"], ev["update_blocked_from"] = rt.deprecated, rt.updateBlocked
			deprecated, _ := time.Parse(time.DateOnly, rt.deprecated)
			if cfg.Now.Before(deprecated) {
				out = append(out, functionResult(f, Pass, fmt.Sprintf("function %s's runtime %s is supported until %s", f.Name, f.Runtime, rt.deprecated), ev))
				continue
			}
			out = append(out, functionResult(f, Fail, fmt.Sprintf("function %s runs on %s, deprecated since %s: AWS no longer patches it", f.Name, f.Runtime, rt.deprecated), ev))
		}
		return out
	},
}

var lambdaEnvironmentSecrets = Check{
	ID:           "lambda-environment-secrets",
	Title:        "Function keeps what looks like a secret in an environment variable",
	Description:  "Environment variables are configuration, not a secret store: Lambda returns their values in plain text to anyone allowed lambda:GetFunctionConfiguration or lambda:ListFunctions, they show in the console, and they are copied into every published version. Encrypting them with a customer managed KMS key protects them at rest only; the API still returns them decrypted. A variable fails when its name says it holds a secret (SECRET, PASSWORD, PASSWD, PWD, PASSPHRASE, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL), unless the name ends in a word such as ARN, NAME, ID, PATH or PARAMETER that says it points to one, or when its value holds an AWS access key ID (AKIA or ASIA followed by 16 characters). srmscan never keeps the values: the evidence names the variable and the rule it matched. Where secrets live is the customer's choice alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "lambda",
	ServiceModel: Abstracted,
	ResourceType: "AWS::Lambda::Function",
	Remediation: Remediation{
		Text:    "Move the secret to AWS Secrets Manager or SSM Parameter Store (SecureString), give the execution role permission to read that one secret, and keep only its ARN or name in the environment; rotate any secret that was exposed, and replace access keys with the execution role's own credentials.",
		Console: "Secrets Manager > Store a new secret; then Lambda > Functions > the function > Configuration > Environment variables > Edit: replace the value with the secret's ARN (or use the AWS Parameters and Secrets Lambda Extension).",
		CLI:     "aws secretsmanager create-secret --name <name> --secret-string file://secret.txt; aws lambda update-function-configuration --function-name <function> --environment 'Variables={SECRET_ARN=<secret-arn>}'",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
		"https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html"},
	Needs: []Operation{op("lambda", "ListFunctions")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, f := range inv.Lambda.Functions {
			var found []map[string]any
			for _, v := range f.Environment {
				rule := envSecretRule(v.Name, v.ValueShape)
				if rule != "" {
					found = append(found, map[string]any{"name": v.Name, "rule": rule})
				}
			}
			ev := map[string]any{"variables": len(f.Environment)}
			if found == nil {
				out = append(out, functionResult(f, Pass, fmt.Sprintf("none of function %s's %d environment variables looks like a secret", f.Name, len(f.Environment)), ev))
				continue
			}
			ev["suspect_variables"] = found
			msg := fmt.Sprintf("function %s's environment variable %s looks like a secret (%s)", f.Name, found[0]["name"], found[0]["rule"])
			if len(found) > 1 {
				msg += fmt.Sprintf(", and %d more", len(found)-1)
			}
			if f.KMSKeyARN != "" {
				ev["kms_key_arn"] = f.KMSKeyARN
				msg += "; the customer managed key encrypts it at rest only, the API returns it in plain text"
			}
			out = append(out, functionResult(f, Fail, msg, ev))
		}
		return out
	},
}

// roleDocument gathers what a role's policies allow as one document, and
// names the policies that alone make it an administrator. It fails when a
// policy cannot be read or parsed: the role's permissions are then not
// known.
func roleDocument(policies map[string]*inventory.ManagedPolicy, cfg Config, r inventory.Role) (policy.Document, []string, error) {
	var d policy.Document
	var admins []string
	add := func(name, doc string) error {
		p, err := cfg.parse(doc)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, ok := p.Administrator(); ok {
			admins = append(admins, name)
		}
		d.Statements = append(d.Statements, p.Statements...)
		return nil
	}
	for _, a := range r.AttachedPolicies {
		mp := policies[a.ARN]
		if mp == nil {
			return d, nil, fmt.Errorf("attached policy %s is not in the IAM listing", a.ARN)
		}
		if err := add("policy "+a.ARN, mp.Document); err != nil {
			return d, nil, err
		}
	}
	for _, p := range r.InlinePolicies {
		if err := add("inline policy "+p.Name, p.Document); err != nil {
			return d, nil, err
		}
	}
	return d, admins, nil
}

var lambdaRoleAdmin = Check{
	ID:           "lambda-execution-role-admin",
	Title:        "Function's execution role has administrator access",
	Description:  "A function runs with its execution role's permissions, so whoever can change its code, or exploit it, acts with them. A role that allows every action on every resource (AdministratorAccess, or a policy that lets it grant itself the rest, as iam-policy-full-admin reads it) turns any flaw in the function into control of the account. Judged from the IAM inventory: the role's managed and inline policies together, through its permissions boundary and the account's service control policies (passes when they limit it). Unknown when the role is not in the inventory (another account's, or deleted) or one of its policies could not be read. Least privilege is the customer's duty alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "lambda",
	ServiceModel: Abstracted,
	ResourceType: "AWS::Lambda::Function",
	Remediation: Remediation{
		Text:    "Give each function a role of its own with only the actions and resources its code uses (IAM Access Analyzer can generate one from CloudTrail activity); detach AdministratorAccess and broad inline policies.",
		Console: "IAM > Roles > the execution role > Permissions: remove AdministratorAccess and attach a least-privilege policy; or Lambda > the function > Configuration > Permissions > Edit: choose a narrower role.",
		CLI:     "aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess; aws iam put-role-policy --role-name <role> --policy-name least-privilege --policy-document file://least-privilege.json",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html", iamGuide + "best-practices.html#grant-least-privilege"},
	Needs:      append([]Operation{op("lambda", "ListFunctions")}, authorizationDetailsNeeds()...),
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		scps := scpsOf(inv, cfg)
		// Indexed once: thousands of functions share a few hundred roles.
		roles := make(map[string]int, len(inv.IAM.Roles))
		for i, r := range inv.IAM.Roles {
			if _, dup := roles[r.ARN]; !dup {
				roles[r.ARN] = i
			}
		}
		policies := make(map[string]*inventory.ManagedPolicy, len(inv.IAM.Policies))
		for i := range inv.IAM.Policies {
			if policies[inv.IAM.Policies[i].ARN] == nil {
				policies[inv.IAM.Policies[i].ARN] = &inv.IAM.Policies[i]
			}
		}
		for _, f := range inv.Lambda.Functions {
			ev := map[string]any{"role": f.Role}
			i, ok := roles[f.Role]
			if !ok {
				out = append(out, functionResult(f, Unknown, fmt.Sprintf("function %s's execution role %s is not in the IAM inventory (another account's, or deleted)", f.Name, f.Role), ev))
				continue
			}
			role := inv.IAM.Roles[i]
			d, admins, err := roleDocument(policies, cfg, role)
			if err != nil {
				ev["error"] = err.Error()
				out = append(out, functionResult(f, Unknown, fmt.Sprintf("function %s's execution role %s could not be judged: %v", f.Name, role.Name, err), ev))
				continue
			}
			admin, ok := d.Administrator()
			if !ok {
				out = append(out, functionResult(f, Pass, fmt.Sprintf("function %s's execution role %s is not an administrator", f.Name, role.Name), ev))
				continue
			}
			ev["statements"] = statementsEvidence(admin.Statements)
			if admins != nil {
				ev["granted_by"] = admins
			}
			h := newHolder(inv, cfg, role.ARN, "role "+role.Name, role.PermissionsBoundary, false)
			open, limited := fenced(d, []holder{h}, scps, policy.AnyAction)
			fenceEvidence(ev, []holder{h}, open, limited, scps)
			if open == nil {
				out = append(out, functionResult(f, Pass, fmt.Sprintf("function %s's execution role %s allows every action, but %s", f.Name, role.Name, fencedMessage(limited)), ev))
				continue
			}
			how := "every action on every resource"
			if !admin.Exact {
				how = "nearly every action on every resource, and " + admin.RegrantedWith + " to grant itself the rest"
			}
			out = append(out, functionResult(f, Fail, fmt.Sprintf("function %s's execution role %s allows %s", f.Name, role.Name, how), ev))
		}
		return out
	},
}
