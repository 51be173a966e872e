package checks

import (
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// apiGatewayChecks are the customer's duties on API Gateway, an abstracted
// service: AWS runs the gateway fleet, its TLS endpoints and its cache
// nodes; the customer decides who may call each method, what is logged,
// whether a web ACL filters requests and whether cached responses are
// encrypted.
//
// A PRIVATE REST API answers only through interface VPC endpoints and only
// to callers its resource policy admits (it cannot be deployed without
// one), so the internet-facing duties (method authorization, a web ACL)
// pass it; logging and cache encryption still apply.
var apiGatewayChecks = []Check{apiRestStageAccessLogging, apiRestStageExecutionLogging, apiHTTPStageAccessLogging,
	apiRestMethodAuthorization, apiHTTPRouteAuthorization, apiRestStageWAF, apiRestStageCacheEncrypted}

func apiGatewayHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#" + control
}

var (
	restStageNeeds = []Operation{op("apigateway", "GetRestApis"), op("apigateway", "GetStages")}
	httpStageNeeds = []Operation{op("apigatewayv2", "GetApis"), op("apigatewayv2", "GetStages")}
)

// restAPIs indexes the REST APIs by region and ID, for their stages.
func restAPIs(inv *inventory.Inventory) map[string]inventory.RestAPI {
	out := map[string]inventory.RestAPI{}
	for _, a := range inv.APIGateway.RestAPIs {
		out[a.Region+"/"+a.ID] = a
	}
	return out
}

// unstagedREST and unstagedHTTP report, on the API's own ARN, each API with
// no stage read: a GetStages that failed names that ARN and turns the
// result unknown, instead of the API's stages vanishing from the report.
func unstagedREST(inv *inventory.Inventory) []Result {
	staged := map[string]bool{}
	for _, s := range inv.APIGateway.RestStages {
		staged[s.Region+"/"+s.APIID] = true
	}
	var out []Result
	for _, a := range inv.APIGateway.RestAPIs {
		if !staged[a.Region+"/"+a.ID] {
			out = append(out, Result{Status: Pass, Region: a.Region, ResourceARN: a.ARN, ResourceType: "AWS::ApiGateway::RestApi",
				Message: "REST API " + a.Name + " has no stage: nothing is deployed to judge"})
		}
	}
	return out
}

func unstagedHTTP(inv *inventory.Inventory) []Result {
	staged := map[string]bool{}
	for _, s := range inv.APIGateway.HTTPStages {
		staged[s.Region+"/"+s.APIID] = true
	}
	var out []Result
	for _, a := range inv.APIGateway.HTTPAPIs {
		if !staged[a.Region+"/"+a.ID] {
			out = append(out, Result{Status: Pass, Region: a.Region, ResourceARN: a.ARN, ResourceType: "AWS::ApiGatewayV2::Api",
				Message: "HTTP API " + a.Name + " has no stage: nothing is deployed to judge"})
		}
	}
	return out
}

func stageName(s inventory.RestStage) string { return "stage " + s.Name + " of REST API " + s.APIID }

var apiRestStageAccessLogging = Check{
	ID:            "apigateway-rest-stage-access-logging",
	Title:         "API Gateway REST API stage does not write access logs",
	Description:   "Access logs record who called a stage (source IP, caller identity, method, path, status) in CloudWatch Logs or Firehose; without them there is no record of who used or probed an API. API Gateway writes them only when the customer names a destination and format for the stage. Execution logs are a different, debugging-oriented log judged by apigateway-rest-stage-execution-logging.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "apigateway",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ApiGateway::Stage",
	Remediation: Remediation{
		Text:    "Turn on custom access logging for the stage, to a CloudWatch Logs group (or a Firehose stream named amazon-apigateway-*), with a format that records $context.identity.sourceIp, $context.identity.caller, $context.requestId and $context.status.",
		Console: "API Gateway > APIs > the API > Stages > the stage > Logs and tracing > Edit > Custom access logging on, the log group ARN and a log format > Save changes.",
		CLI:     "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn> 'op=replace,path=/accessLogSettings/format,value={\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"status\":\"$context.status\"}'",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/api-gw-execution-logging-enabled.html"},
	Needs: restStageNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		out := unstagedREST(inv)
		for _, s := range inv.APIGateway.RestStages {
			ev := map[string]any{"access_log_destination": s.AccessLogDestination}
			if s.AccessLogDestination == "" {
				out = append(out, Result{Status: Fail, Region: s.Region, ResourceARN: s.ARN, Message: stageName(s) + " writes no access logs", Evidence: ev})
			} else {
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Message: stageName(s) + " writes access logs to " + s.AccessLogDestination, Evidence: ev})
			}
		}
		return out
	},
}

var apiRestStageExecutionLogging = Check{
	ID:            "apigateway-rest-stage-execution-logging",
	Title:         "API Gateway REST API stage has execution logging off",
	Description:   "Execution logs record how API Gateway handled each request (authorizer results, integration errors, throttling) at ERROR or INFO level; with the stage's default method setting (*/*) OFF, failed and rejected calls leave no trace in CloudWatch Logs. The level is the customer's stage setting. Security Hub APIGateway.1 asks for ERROR or INFO; so does this check, on the stage's default setting.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "apigateway",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ApiGateway::Stage",
	Remediation: Remediation{
		Text:    "Set the stage's default execution logging level to ERROR (or INFO), after giving API Gateway a CloudWatch Logs role in the account's API Gateway settings. Leave full request and response data tracing off in production: it logs payloads.",
		Console: "API Gateway > APIs > the API > Stages > the stage > Logs and tracing > Edit > CloudWatch logs: Errors only (or Errors and info logs) > Save changes.",
		CLI:     "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html", apiGatewayHub("apigateway-1")},
	Needs:      restStageNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		out := unstagedREST(inv)
		for _, s := range inv.APIGateway.RestStages {
			level := s.MethodSettings["*/*"].LoggingLevel
			if level == "" {
				level = "OFF"
			}
			ev := map[string]any{"logging_level": level}
			if level == "ERROR" || level == "INFO" {
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Message: stageName(s) + " logs execution at " + level, Evidence: ev})
			} else {
				out = append(out, Result{Status: Fail, Region: s.Region, ResourceARN: s.ARN, Message: stageName(s) + " has execution logging " + level, Evidence: ev})
			}
		}
		return out
	},
}

var apiHTTPStageAccessLogging = Check{
	ID:            "apigateway-http-stage-access-logging",
	Title:         "API Gateway HTTP API stage does not write access logs",
	Description:   "HTTP APIs have no execution logs: access logs are their only record of who called a stage (source IP, route, status). API Gateway writes them only when the customer names a CloudWatch Logs destination and format for the stage.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "apigateway",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ApiGatewayV2::Stage",
	Remediation: Remediation{
		Text:    "Turn on access logging for the stage to a CloudWatch Logs group, with a format that records $context.identity.sourceIp, $context.requestId, $context.routeKey and $context.status.",
		Console: "API Gateway > APIs > the HTTP API > Monitor > Logging > the stage > Edit > Access logging on, the log group ARN and a log format > Save.",
		CLI:     "aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --access-log-settings 'DestinationArn=<log-group-arn>,Format={\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"status\":\"$context.status\"}'",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html", apiGatewayHub("apigateway-9")},
	Needs:      httpStageNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		out := unstagedHTTP(inv)
		for _, s := range inv.APIGateway.HTTPStages {
			name := "stage " + s.Name + " of HTTP API " + s.APIID
			ev := map[string]any{"access_log_destination": s.AccessLogDestination}
			if s.AccessLogDestination == "" {
				out = append(out, Result{Status: Fail, Region: s.Region, ResourceARN: s.ARN, Message: name + " writes no access logs", Evidence: ev})
			} else {
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Message: name + " writes access logs to " + s.AccessLogDestination, Evidence: ev})
			}
		}
		return out
	},
}

var apiRestMethodAuthorization = Check{
	ID:           "apigateway-rest-method-no-authorization",
	Title:        "API Gateway REST API has methods anyone can call",
	Description:  "A method whose authorization type is NONE and that requires no API key runs its integration (a Lambda function, a backend, an AWS service call) for anyone on the internet. OPTIONS methods are left out: CORS preflight must answer without credentials. A PRIVATE API passes: only callers through the VPC endpoints its resource policy admits reach it. An API key alone passes here, although AWS advises against keys as authorization. Which methods need which authorizer is the customer's decision; AWS enforces whatever is set.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "apigateway",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ApiGateway::RestApi",
	Remediation: Remediation{
		Text:    "Give each method an authorizer (AWS_IAM, a Cognito user pool or a Lambda authorizer), then redeploy the stage; for a method meant to be public, record it as a suppression with the reason.",
		Console: "API Gateway > APIs > the API > Resources > the method > Method request > Edit > Authorization: choose an authorizer > Save, then Deploy API.",
		CLI:     "aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method GET --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html"},
	Needs: []Operation{op("apigateway", "GetRestApis"), op("apigateway", "GetResources")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, a := range inv.APIGateway.RestAPIs {
			ev := map[string]any{"endpoint_types": a.EndpointTypes}
			if a.Private() {
				out = append(out, Result{Status: Pass, Region: a.Region, ResourceARN: a.ARN, Evidence: ev,
					Message: "REST API " + a.Name + " is PRIVATE: it answers only through VPC endpoints its resource policy admits"})
				continue
			}
			var open []string
			for _, m := range a.Methods {
				if m.HTTPMethod != "OPTIONS" && (m.AuthorizationType == "" || m.AuthorizationType == "NONE") && !m.APIKeyRequired {
					open = append(open, m.HTTPMethod+" "+m.Path)
				}
			}
			ev["methods"] = len(a.Methods)
			if len(open) > 0 {
				ev["unauthorized_methods"] = open
				out = append(out, Result{Status: Fail, Region: a.Region, ResourceARN: a.ARN, Evidence: ev,
					Message: fmt.Sprintf("REST API %s lets anyone call %d method(s) without authorization or an API key: %s", a.Name, len(open), strings.Join(open, ", "))})
			} else {
				out = append(out, Result{Status: Pass, Region: a.Region, ResourceARN: a.ARN, Evidence: ev,
					Message: fmt.Sprintf("every method of REST API %s other than OPTIONS needs authorization or an API key", a.Name)})
			}
		}
		return out
	},
}

var apiHTTPRouteAuthorization = Check{
	ID:           "apigateway-http-route-no-authorization",
	Title:        "API Gateway HTTP API has routes anyone can call",
	Description:  "A route whose authorization type is NONE runs its integration for anyone on the internet: HTTP APIs have no private endpoint type. OPTIONS routes are left out (CORS preflight must answer without credentials); a $default or ANY route with no authorizer is counted, since it catches every other request. Which routes need which authorizer is the customer's decision; AWS enforces whatever is set.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "apigateway",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ApiGatewayV2::Api",
	Remediation: Remediation{
		Text:    "Attach an authorizer (JWT, Lambda or AWS_IAM) to each route; for a route meant to be public, record it as a suppression with the reason.",
		Console: "API Gateway > APIs > the HTTP API > Authorization > the route > Attach authorizer (or create one) > Attach.",
		CLI:     "aws apigatewayv2 update-route --api-id <api-id> --route-id <route-id> --authorization-type JWT --authorizer-id <authorizer-id>",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html", apiGatewayHub("apigateway-8")},
	Needs:      []Operation{op("apigatewayv2", "GetApis"), op("apigatewayv2", "GetRoutes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, a := range inv.APIGateway.HTTPAPIs {
			var open []string
			for _, r := range a.Routes {
				if !strings.HasPrefix(r.RouteKey, "OPTIONS ") && (r.AuthorizationType == "" || r.AuthorizationType == "NONE") {
					open = append(open, r.RouteKey)
				}
			}
			sort.Strings(open)
			ev := map[string]any{"routes": len(a.Routes)}
			if len(open) > 0 {
				ev["unauthorized_routes"] = open
				out = append(out, Result{Status: Fail, Region: a.Region, ResourceARN: a.ARN, Evidence: ev,
					Message: fmt.Sprintf("HTTP API %s lets anyone call %d route(s) without authorization: %s", a.Name, len(open), strings.Join(open, ", "))})
			} else {
				out = append(out, Result{Status: Pass, Region: a.Region, ResourceARN: a.ARN, Evidence: ev,
					Message: fmt.Sprintf("every route of HTTP API %s other than OPTIONS has an authorizer", a.Name)})
			}
		}
		return out
	},
}

var apiRestStageWAF = Check{
	ID:           "apigateway-rest-stage-waf",
	Title:        "Public API Gateway REST API stage has no AWS WAF web ACL",
	Description:  "A web ACL filters requests before they reach the API: rate limits, IP reputation lists and rules against injection and known bad inputs. AWS runs WAF; associating a web ACL with a stage is the customer's choice. Stages of PRIVATE APIs pass: they are not reachable from the internet. HTTP APIs cannot take a web ACL and are not judged.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "apigateway",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ApiGateway::Stage",
	Remediation: Remediation{
		Text:    "Associate a regional AWS WAF web ACL with the stage, with at least the AWS managed core rule set and a rate-based rule.",
		Console: "AWS WAF > Web ACLs > the regional web ACL > Associated AWS resources > Add AWS resources > API Gateway REST API: the stage > Add.",
		CLI:     "aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html", apiGatewayHub("apigateway-4")},
	Needs:      restStageNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		out := unstagedREST(inv)
		apis := restAPIs(inv)
		for _, s := range inv.APIGateway.RestStages {
			ev := map[string]any{"web_acl_arn": s.WebACLARN}
			switch a := apis[s.Region+"/"+s.APIID]; {
			case s.WebACLARN != "":
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Evidence: ev, Message: stageName(s) + " is behind web ACL " + s.WebACLARN})
			case a.Private():
				ev["endpoint_types"] = a.EndpointTypes
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Evidence: ev, Message: stageName(s) + " has no web ACL but its API is PRIVATE"})
			default:
				out = append(out, Result{Status: Fail, Region: s.Region, ResourceARN: s.ARN, Evidence: ev, Message: stageName(s) + " faces the internet with no web ACL"})
			}
		}
		return out
	},
}

var apiRestStageCacheEncrypted = Check{
	ID:           "apigateway-rest-stage-cache-encrypted",
	Title:        "API Gateway REST API stage caches responses unencrypted",
	Description:  "With caching on, API Gateway keeps copies of responses (often personal or authorised data) on cache nodes it runs; whether they are encrypted at rest is the method setting cacheDataEncrypted, which is off unless the customer turns it on. A stage with caching off passes.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "apigateway",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ApiGateway::Stage",
	Remediation: Remediation{
		Text:    "Turn on cache data encryption for every method setting that caches (the stage default */* and each override).",
		Console: "API Gateway > APIs > the API > Stages > the stage > Stage details > Edit > Cache settings: Encrypt cache data > Save changes.",
		CLI:     "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/caching/dataEncrypted,value=true",
	},
	References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html", apiGatewayHub("apigateway-5")},
	Needs:      restStageNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		out := unstagedREST(inv)
		for _, s := range inv.APIGateway.RestStages {
			settings := maps.Clone(s.MethodSettings)
			if _, ok := settings["*/*"]; !ok && s.CacheClusterEnabled {
				// A stage's cache caches GET methods by default,
				// unencrypted, until a */* setting says otherwise.
				if settings == nil {
					settings = map[string]inventory.MethodSetting{}
				}
				settings["*/*"] = inventory.MethodSetting{CachingEnabled: true}
			}
			var caching, plain []string
			for key, m := range settings {
				if m.CachingEnabled {
					caching = append(caching, key)
					if !m.CacheDataEncrypted {
						plain = append(plain, key)
					}
				}
			}
			sort.Strings(plain)
			ev := map[string]any{"cache_cluster_enabled": s.CacheClusterEnabled, "caching_method_settings": len(caching)}
			switch {
			case !s.CacheClusterEnabled || len(caching) == 0:
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Evidence: ev, Message: stageName(s) + " caches nothing"})
			case len(plain) > 0:
				ev["unencrypted_method_settings"] = plain
				out = append(out, Result{Status: Fail, Region: s.Region, ResourceARN: s.ARN, Evidence: ev, Message: stageName(s) + " caches responses unencrypted for " + strings.Join(plain, ", ")})
			default:
				out = append(out, Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Evidence: ev, Message: stageName(s) + " encrypts its cached responses"})
			}
		}
		return out
	},
}
