package inventory

import "fmt"

// APIGateway holds the REST APIs (API Gateway v1) and HTTP APIs (v2) of
// every scanned region with their stages. WebSocket APIs, which GetApis
// lists too, are left out: none of the checks is about them.
type APIGateway struct {
	RestAPIs   []RestAPI   `json:"rest_apis"`
	RestStages []RestStage `json:"rest_stages"`
	HTTPAPIs   []HTTPAPI   `json:"http_apis"`
	HTTPStages []HTTPStage `json:"http_stages"`
}

// RestAPI is a REST API as GetRestApis gives it, with the methods
// GetResources (embed=methods) found on its resources.
type RestAPI struct {
	Resource
	ID   string `json:"id"`
	Name string `json:"name"`
	// EndpointTypes are "EDGE", "REGIONAL" or "PRIVATE"; a PRIVATE API
	// answers only through interface VPC endpoints.
	EndpointTypes []string `json:"endpoint_types,omitempty"`
	// Methods are every method of every resource; nil when GetResources
	// failed (the API's error says so).
	Methods []RestMethod `json:"methods,omitempty"`
}

// Private reports whether the API is reachable only through VPC endpoints.
func (a RestAPI) Private() bool {
	return len(a.EndpointTypes) > 0 && a.EndpointTypes[0] == "PRIVATE"
}

// RestMethod is one HTTP method on one resource path.
type RestMethod struct {
	Path       string `json:"path"`
	HTTPMethod string `json:"http_method"`
	// AuthorizationType is "NONE", "AWS_IAM", "CUSTOM" or
	// "COGNITO_USER_POOLS".
	AuthorizationType string `json:"authorization_type"`
	APIKeyRequired    bool   `json:"api_key_required,omitempty"`
}

// RestStage is a REST API stage as GetStages gives it.
type RestStage struct {
	Resource
	APIID string `json:"api_id"`
	Name  string `json:"name"`
	// AccessLogDestination is the CloudWatch Logs group or Firehose
	// stream ARN access logs go to, empty when access logging is off.
	AccessLogDestination string `json:"access_log_destination,omitempty"`
	WebACLARN            string `json:"web_acl_arn,omitempty"`
	TracingEnabled       bool   `json:"tracing_enabled,omitempty"`
	// CacheClusterEnabled is whether the stage has a cache provisioned.
	CacheClusterEnabled bool `json:"cache_cluster_enabled,omitempty"`
	// MethodSettings are keyed as API Gateway keys them: "*/*" for the
	// stage's defaults, "resource/path/METHOD" for an override.
	MethodSettings map[string]MethodSetting `json:"method_settings,omitempty"`
}

// MethodSetting is a stage's setting for one method, or for all ("*/*").
type MethodSetting struct {
	// LoggingLevel is execution logging: "OFF", "ERROR" or "INFO".
	LoggingLevel       string `json:"logging_level,omitempty"`
	CachingEnabled     bool   `json:"caching_enabled,omitempty"`
	CacheDataEncrypted bool   `json:"cache_data_encrypted,omitempty"`
}

// HTTPAPI is an HTTP API as GetApis gives it, with its routes.
type HTTPAPI struct {
	Resource
	ID   string `json:"id"`
	Name string `json:"name"`
	// DisableExecuteAPIEndpoint is whether the default endpoint is off,
	// leaving only custom domain names.
	DisableExecuteAPIEndpoint bool `json:"disable_execute_api_endpoint,omitempty"`
	// Routes are nil when GetRoutes failed.
	Routes []HTTPRoute `json:"routes,omitempty"`
}

// HTTPRoute is one route: RouteKey is "GET /pets", "$default" or
// "ANY /{proxy+}".
type HTTPRoute struct {
	RouteKey string `json:"route_key"`
	// AuthorizationType is "NONE", "AWS_IAM", "CUSTOM" or "JWT".
	AuthorizationType string `json:"authorization_type"`
}

// HTTPStage is an HTTP API stage as GetStages (v2) gives it.
type HTTPStage struct {
	Resource
	APIID                string `json:"api_id"`
	Name                 string `json:"name"`
	AccessLogDestination string `json:"access_log_destination,omitempty"`
}

// RestAPIARN and HTTPAPIARN build an API's ARN (API Gateway ARNs carry no
// account); both kinds share the /restapis and /apis namespaces apart.
func RestAPIARN(partition, region, id string) string {
	return fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s", orAWS(partition), region, id)
}

// RestStageARN builds a REST API stage's ARN.
func RestStageARN(partition, region, api, stage string) string {
	return RestAPIARN(partition, region, api) + "/stages/" + stage
}

// HTTPAPIARN builds an HTTP API's ARN.
func HTTPAPIARN(partition, region, id string) string {
	return fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s", orAWS(partition), region, id)
}

// HTTPStageARN builds an HTTP API stage's ARN.
func HTTPStageARN(partition, region, api, stage string) string {
	return HTTPAPIARN(partition, region, api) + "/stages/" + stage
}

// normalizeAPIGateway fills the ARNs and accounts of API Gateway resources,
// as Normalize does for the others.
func (inv *Inventory) normalizeAPIGateway(fill func(r *Resource, arn string)) {
	p := inv.Partition
	g := &inv.APIGateway
	for i := range g.RestAPIs {
		x := &g.RestAPIs[i]
		fill(&x.Resource, RestAPIARN(p, x.Region, x.ID))
	}
	for i := range g.RestStages {
		x := &g.RestStages[i]
		fill(&x.Resource, RestStageARN(p, x.Region, x.APIID, x.Name))
	}
	for i := range g.HTTPAPIs {
		x := &g.HTTPAPIs[i]
		fill(&x.Resource, HTTPAPIARN(p, x.Region, x.ID))
	}
	for i := range g.HTTPStages {
		x := &g.HTTPStages[i]
		fill(&x.Resource, HTTPStageARN(p, x.Region, x.APIID, x.Name))
	}
}
