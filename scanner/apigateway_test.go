package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const apiGatewayAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
apigateway:
  rest_apis:
    - {region: us-east-1, id: a1public, name: orders, endpoint_types: [REGIONAL],
       methods: [{path: /, http_method: GET, authorization_type: NONE},
                 {path: /orders, http_method: GET, authorization_type: COGNITO_USER_POOLS},
                 {path: /orders, http_method: OPTIONS, authorization_type: NONE},
                 {path: "/orders/{id}", http_method: DELETE, authorization_type: NONE, api_key_required: true}]}
    - {region: us-east-1, id: a2private, name: internal, endpoint_types: [PRIVATE],
       methods: [{path: /items, http_method: POST, authorization_type: NONE}]}
    - {region: eu-west-1, id: a3edge, name: legacy, endpoint_types: [EDGE]}
  rest_stages:
    - {region: us-east-1, api_id: a1public, name: prod, access_log_destination: "arn:aws:logs:us-east-1:111122223333:log-group:orders",
       web_acl_arn: "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/abc", tracing_enabled: true, cache_cluster_enabled: true,
       method_settings: {"*/*": {logging_level: ERROR, caching_enabled: true, cache_data_encrypted: true},
                         "orders/GET": {logging_level: INFO, caching_enabled: true}}}
    - {region: us-east-1, api_id: a1public, name: dev}
    - {region: us-east-1, api_id: a2private, name: prod, method_settings: {"*/*": {logging_level: "OFF"}}}
  http_apis:
    - {region: us-east-1, id: h1, name: webhooks, routes: [{route_key: "$default", authorization_type: NONE},
                                                          {route_key: "OPTIONS /hook", authorization_type: NONE},
                                                          {route_key: "POST /hook", authorization_type: JWT}]}
    - {region: eu-west-1, id: h2, name: status, disable_execute_api_endpoint: true, routes: [{route_key: "GET /", authorization_type: AWS_IAM}]}
  http_stages:
    - {region: us-east-1, api_id: h1, name: "$default", access_log_destination: "arn:aws:logs:us-east-1:111122223333:log-group:hooks"}
    - {region: us-east-1, api_id: h1, name: beta}
    - {region: eu-west-1, api_id: h2, name: prod}
`

func parseAPIGateway(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(apiGatewayAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func assertAPIGatewayEqual(t *testing.T, got, want inventory.APIGateway) {
	t.Helper()
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortAPIGateway(&inventory.Inventory{APIGateway: got}, byARN)
	sortAPIGateway(&inventory.Inventory{APIGateway: want}, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected API Gateway differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func apiGatewayErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "apigateway" || e.Service == "apigatewayv2" {
			out = append(out, e)
		}
	}
	return out
}

// PageSize 1 pages every listing: APIs, resources, stages and routes.
func TestAPIGatewayRoundTrip(t *testing.T) {
	acct := parseAPIGateway(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := apiGatewayErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertAPIGatewayEqual(t, inv.APIGateway, acct.APIGateway)

	for _, c := range []struct {
		service, op, region string
		want                int
	}{
		// Two APIs a page each, and the last page.
		{"apigateway", "GetRestApis", "us-east-1", 2},
		{"apigateway", "GetRestApis", "eu-west-1", 1},
		{"apigateway", "GetStages", "us-east-1", 2},
		// a1public has /, /orders, /orders/{id}; a2private / and
		// /items: one resource a page.
		{"apigateway", "GetResources", "us-east-1", 5},
		{"apigateway", "GetResources", "eu-west-1", 1},
		{"apigatewayv2", "GetApis", "us-east-1", 1},
		{"apigatewayv2", "GetStages", "us-east-1", 2},
		{"apigatewayv2", "GetRoutes", "us-east-1", 3},
		{"apigatewayv2", "GetRoutes", "eu-west-1", 1},
	} {
		if got := callsOf(srv, c.service, c.op)[c.region]; got != c.want {
			t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, c.region, got, c.want)
		}
	}
}

func TestAPIGatewayFailedOperations(t *testing.T) {
	acct := parseAPIGateway(t)
	a1 := inventory.RestAPIARN("aws", "us-east-1", "a1public")
	h1 := inventory.HTTPAPIARN("aws", "us-east-1", "h1")
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(g *inventory.APIGateway)
	}{{
		name: "REST APIs denied in one region",
		rule: emulator.Rule{Service: "apigateway", Operation: "GetRestApis", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "apigateway", Region: "eu-west-1", Operation: "GetRestApis", Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(g *inventory.APIGateway) {
			g.RestAPIs = slices.DeleteFunc(g.RestAPIs, func(a inventory.RestAPI) bool { return a.Region == "eu-west-1" })
		},
	}, {
		name: "one REST API's stages denied",
		rule: emulator.Rule{Service: "apigateway", Operation: "GetStages", Resource: "a1public"},
		want: inventory.CollectionError{Service: "apigateway", Region: "us-east-1", Operation: "GetStages", ResourceARN: a1, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(g *inventory.APIGateway) {
			g.RestStages = slices.DeleteFunc(g.RestStages, func(s inventory.RestStage) bool { return s.APIID == "a1public" })
		},
	}, {
		name: "one REST API's resources denied",
		rule: emulator.Rule{Service: "apigateway", Operation: "GetResources", Resource: "a1public"},
		want: inventory.CollectionError{Service: "apigateway", Region: "us-east-1", Operation: "GetResources", ResourceARN: a1, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(g *inventory.APIGateway) {
			g.RestAPIs[slices.IndexFunc(g.RestAPIs, func(a inventory.RestAPI) bool { return a.ID == "a1public" })].Methods = nil
		},
	}, {
		name: "HTTP APIs denied in one region",
		rule: emulator.Rule{Service: "apigatewayv2", Operation: "GetApis", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "apigatewayv2", Region: "eu-west-1", Operation: "GetApis", Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(g *inventory.APIGateway) {
			g.HTTPAPIs = slices.DeleteFunc(g.HTTPAPIs, func(a inventory.HTTPAPI) bool { return a.Region == "eu-west-1" })
			g.HTTPStages = slices.DeleteFunc(g.HTTPStages, func(s inventory.HTTPStage) bool { return s.Region == "eu-west-1" })
		},
	}, {
		name: "one HTTP API's routes denied",
		rule: emulator.Rule{Service: "apigatewayv2", Operation: "GetRoutes", Resource: "h1"},
		want: inventory.CollectionError{Service: "apigatewayv2", Region: "us-east-1", Operation: "GetRoutes", ResourceARN: h1, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(g *inventory.APIGateway) {
			g.HTTPAPIs[slices.IndexFunc(g.HTTPAPIs, func(a inventory.HTTPAPI) bool { return a.ID == "h1" })].Routes = nil
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, apiGatewayErrors(inv), tc.want)
			want := acct.APIGateway
			want.RestAPIs = slices.Clone(want.RestAPIs)
			want.RestStages = slices.Clone(want.RestStages)
			want.HTTPAPIs = slices.Clone(want.HTTPAPIs)
			want.HTTPStages = slices.Clone(want.HTTPStages)
			byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
			sortAPIGateway(&inventory.Inventory{APIGateway: want}, byARN)
			tc.lost(&want)
			assertAPIGatewayEqual(t, inv.APIGateway, want)
		})
	}
}
