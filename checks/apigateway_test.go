package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// restAPI adds a REGIONAL REST API in us-east-1 whose one method needs IAM
// authorization, after set has changed it.
func restAPI(id string, set func(a *inventory.RestAPI)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		a := inventory.RestAPI{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Name: "api-" + id, EndpointTypes: []string{"REGIONAL"},
			Methods: []inventory.RestMethod{{Path: "/pets", HTTPMethod: "GET", AuthorizationType: "AWS_IAM"}, {Path: "/pets", HTTPMethod: "OPTIONS", AuthorizationType: "NONE"}}}
		if set != nil {
			set(&a)
		}
		inv.APIGateway.RestAPIs = append(inv.APIGateway.RestAPIs, a)
	}
}

// restStage adds a well-configured stage "prod" of REST API id.
func restStage(id string, set func(s *inventory.RestStage)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		s := inventory.RestStage{Resource: inventory.Resource{Region: "us-east-1"}, APIID: id, Name: "prod",
			AccessLogDestination: "arn:aws:logs:us-east-1:111122223333:log-group:api",
			WebACLARN:            "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/1",
			MethodSettings:       map[string]inventory.MethodSetting{"*/*": {LoggingLevel: "ERROR"}}}
		if set != nil {
			set(&s)
		}
		inv.APIGateway.RestStages = append(inv.APIGateway.RestStages, s)
	}
}

func httpAPI(id string, set func(a *inventory.HTTPAPI)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		a := inventory.HTTPAPI{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Name: "http-" + id,
			Routes: []inventory.HTTPRoute{{RouteKey: "GET /pets", AuthorizationType: "JWT"}, {RouteKey: "OPTIONS /pets", AuthorizationType: "NONE"}}}
		if set != nil {
			set(&a)
		}
		inv.APIGateway.HTTPAPIs = append(inv.APIGateway.HTTPAPIs, a)
	}
}

func httpStage(id string, set func(s *inventory.HTTPStage)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		s := inventory.HTTPStage{Resource: inventory.Resource{Region: "us-east-1"}, APIID: id, Name: "$default",
			AccessLogDestination: "arn:aws:logs:us-east-1:111122223333:log-group:http"}
		if set != nil {
			set(&s)
		}
		inv.APIGateway.HTTPStages = append(inv.APIGateway.HTTPStages, s)
	}
}

const (
	restA1ARN = "arn:aws:apigateway:us-east-1::/restapis/a1"
	httpH1ARN = "arn:aws:apigateway:us-east-1::/apis/h1"
	apigwAll  = ":apigateway:us-east-1:111122223333:*"
	apigw2All = ":apigatewayv2:us-east-1:111122223333:*"
)

func TestAPIGatewayRestStageAccessLogging(t *testing.T) {
	runCases(t, apiRestStageAccessLogging, []statusCase{
		{"logged", both(restAPI("a1", nil), restStage("a1", nil)), map[string]Status{"/restapis/a1/stages/prod": Pass}},
		{"not logged", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) { s.AccessLogDestination = "" })),
			map[string]Status{"/restapis/a1/stages/prod": Fail}},
		{"no stage", restAPI("a1", nil), map[string]Status{"/restapis/a1": Pass}},
		{"stages denied", both(restAPI("a1", nil), denied("apigateway", "us-east-1", "GetStages", restA1ARN)), map[string]Status{"/restapis/a1": Unknown}},
		{"listing denied", denied("apigateway", "us-east-1", "GetRestApis", ""), map[string]Status{apigwAll: Unknown}},
	})
}

func TestAPIGatewayRestStageExecutionLogging(t *testing.T) {
	runCases(t, apiRestStageExecutionLogging, []statusCase{
		{"errors", both(restAPI("a1", nil), restStage("a1", nil)), map[string]Status{"/stages/prod": Pass}},
		{"info", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) { s.MethodSettings["*/*"] = inventory.MethodSetting{LoggingLevel: "INFO"} })),
			map[string]Status{"/stages/prod": Pass}},
		{"off", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) { s.MethodSettings["*/*"] = inventory.MethodSetting{LoggingLevel: "OFF"} })),
			map[string]Status{"/stages/prod": Fail}},
		{"no settings", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) { s.MethodSettings = nil })),
			map[string]Status{"/stages/prod": Fail}},
		{"listing denied", denied("apigateway", "us-east-1", "GetRestApis", ""), map[string]Status{apigwAll: Unknown}},
	})
}

func TestAPIGatewayHTTPStageAccessLogging(t *testing.T) {
	runCases(t, apiHTTPStageAccessLogging, []statusCase{
		{"logged", both(httpAPI("h1", nil), httpStage("h1", nil)), map[string]Status{"/apis/h1/stages/$default": Pass}},
		{"not logged", both(httpAPI("h1", nil), httpStage("h1", func(s *inventory.HTTPStage) { s.AccessLogDestination = "" })),
			map[string]Status{"/apis/h1/stages/$default": Fail}},
		{"stages denied", both(httpAPI("h1", nil), denied("apigatewayv2", "us-east-1", "GetStages", httpH1ARN)), map[string]Status{"/apis/h1": Unknown}},
		{"REST stages denied do not matter", both(httpAPI("h1", nil), httpStage("h1", nil), denied("apigateway", "us-east-1", "GetStages", restA1ARN)),
			map[string]Status{"/apis/h1/stages/$default": Pass}},
		{"listing denied", denied("apigatewayv2", "us-east-1", "GetApis", ""), map[string]Status{apigw2All: Unknown}},
	})
}

func TestAPIGatewayRestMethodAuthorization(t *testing.T) {
	open := func(a *inventory.RestAPI) {
		a.Methods = append(a.Methods, inventory.RestMethod{Path: "/admin", HTTPMethod: "POST", AuthorizationType: "NONE"})
	}
	runCases(t, apiRestMethodAuthorization, []statusCase{
		{"authorized, OPTIONS open", restAPI("a1", nil), map[string]Status{"/restapis/a1": Pass}},
		{"one open method", restAPI("a1", open), map[string]Status{"/restapis/a1": Fail}},
		{"open method with an API key", restAPI("a1", func(a *inventory.RestAPI) {
			open(a)
			a.Methods[len(a.Methods)-1].APIKeyRequired = true
		}), map[string]Status{"/restapis/a1": Pass}},
		{"open method on a private API", restAPI("a1", func(a *inventory.RestAPI) { open(a); a.EndpointTypes = []string{"PRIVATE"} }),
			map[string]Status{"/restapis/a1": Pass}},
		{"open method on an edge API", restAPI("a1", func(a *inventory.RestAPI) { open(a); a.EndpointTypes = []string{"EDGE"} }),
			map[string]Status{"/restapis/a1": Fail}},
		{"resources denied", both(restAPI("a1", func(a *inventory.RestAPI) { a.Methods = nil }), denied("apigateway", "us-east-1", "GetResources", restA1ARN)),
			map[string]Status{"/restapis/a1": Unknown}},
		{"listing denied", denied("apigateway", "us-east-1", "GetRestApis", ""), map[string]Status{apigwAll: Unknown}},
	})
}

func TestAPIGatewayHTTPRouteAuthorization(t *testing.T) {
	runCases(t, apiHTTPRouteAuthorization, []statusCase{
		{"authorized, OPTIONS open", httpAPI("h1", nil), map[string]Status{"/apis/h1": Pass}},
		{"open $default", httpAPI("h1", func(a *inventory.HTTPAPI) {
			a.Routes = append(a.Routes, inventory.HTTPRoute{RouteKey: "$default", AuthorizationType: "NONE"})
		}), map[string]Status{"/apis/h1": Fail}},
		{"IAM", httpAPI("h1", func(a *inventory.HTTPAPI) { a.Routes[0].AuthorizationType = "AWS_IAM" }), map[string]Status{"/apis/h1": Pass}},
		{"routes denied", both(httpAPI("h1", func(a *inventory.HTTPAPI) { a.Routes = nil }), denied("apigatewayv2", "us-east-1", "GetRoutes", httpH1ARN)),
			map[string]Status{"/apis/h1": Unknown}},
		{"listing denied", denied("apigatewayv2", "us-east-1", "GetApis", ""), map[string]Status{apigw2All: Unknown}},
	})
}

func TestAPIGatewayRestStageWAF(t *testing.T) {
	noACL := func(s *inventory.RestStage) { s.WebACLARN = "" }
	runCases(t, apiRestStageWAF, []statusCase{
		{"web ACL", both(restAPI("a1", nil), restStage("a1", nil)), map[string]Status{"/stages/prod": Pass}},
		{"none, regional", both(restAPI("a1", nil), restStage("a1", noACL)), map[string]Status{"/stages/prod": Fail}},
		{"none, private", both(restAPI("a1", func(a *inventory.RestAPI) { a.EndpointTypes = []string{"PRIVATE"} }), restStage("a1", noACL)),
			map[string]Status{"/stages/prod": Pass}},
		{"stages denied", both(restAPI("a1", nil), denied("apigateway", "us-east-1", "GetStages", restA1ARN)), map[string]Status{"/restapis/a1": Unknown}},
		{"listing denied", denied("apigateway", "us-east-1", "GetRestApis", ""), map[string]Status{apigwAll: Unknown}},
	})
}

func TestAPIGatewayRestStageCacheEncrypted(t *testing.T) {
	runCases(t, apiRestStageCacheEncrypted, []statusCase{
		{"no cache", both(restAPI("a1", nil), restStage("a1", nil)), map[string]Status{"/stages/prod": Pass}},
		{"cache encrypted", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) {
			s.CacheClusterEnabled = true
			s.MethodSettings["*/*"] = inventory.MethodSetting{CachingEnabled: true, CacheDataEncrypted: true}
		})), map[string]Status{"/stages/prod": Pass}},
		{"one override unencrypted", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) {
			s.CacheClusterEnabled = true
			s.MethodSettings["*/*"] = inventory.MethodSetting{CachingEnabled: true, CacheDataEncrypted: true}
			s.MethodSettings["pets/GET"] = inventory.MethodSetting{CachingEnabled: true}
		})), map[string]Status{"/stages/prod": Fail}},
		{"cache on, no default setting: GETs cache unencrypted", both(restAPI("a1", nil), restStage("a1", func(s *inventory.RestStage) {
			s.CacheClusterEnabled = true
			s.MethodSettings = nil
		})), map[string]Status{"/stages/prod": Fail}},
		{"stages denied", both(restAPI("a1", nil), denied("apigateway", "us-east-1", "GetStages", restA1ARN)), map[string]Status{"/restapis/a1": Unknown}},
		{"listing denied", denied("apigateway", "us-east-1", "GetRestApis", ""), map[string]Status{apigwAll: Unknown}},
	})
}
