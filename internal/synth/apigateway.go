package synth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// apiGateway makes REST and HTTP APIs. REST APIs are mostly regional, some
// edge-optimised, a tenth private; each has one to six resources of one to
// three methods, most behind an authorizer, a few public by design (a
// health check, a webhook) or by oversight; one to three stages, newer
// ones logged and behind a web ACL, a few with a cache. HTTP APIs have a
// $default stage, sometimes others, and a handful of routes, most with a
// JWT authorizer.
func (g *gen) apiGateway() {
	verbs := []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
	for ri, n := range g.spread(g.sz.RestAPIs) {
		region := g.regions[ri]
		for range n {
			id := fmt.Sprintf("r%09d", len(g.inv.APIGateway.RestAPIs))
			api := inventory.RestAPI{Resource: inventory.Resource{Region: region}, ID: id,
				Name: fmt.Sprintf("%s-%s-api", pick(g, envs), pick(g, apps)), EndpointTypes: []string{"REGIONAL"}}
			switch r := g.rng.Float64(); {
			case r < 0.1:
				api.EndpointTypes = []string{"PRIVATE"}
			case r < 0.3:
				api.EndpointTypes = []string{"EDGE"}
			}
			auth := pick(g, []string{"COGNITO_USER_POOLS", "AWS_IAM", "CUSTOM"})
			for i := range 1 + g.rng.IntN(6) {
				path := fmt.Sprintf("/%s%d", pick(g, apps), i)
				used := map[string]bool{}
				for range 1 + g.rng.IntN(3) {
					verb := pick(g, verbs)
					if used[verb] {
						continue
					}
					used[verb] = true
					m := inventory.RestMethod{Path: path, HTTPMethod: verb, AuthorizationType: auth}
					if g.chance(0.08) {
						m.AuthorizationType = "NONE"
						m.APIKeyRequired = g.chance(0.5)
					}
					api.Methods = append(api.Methods, m)
				}
				if g.chance(0.3) {
					api.Methods = append(api.Methods, inventory.RestMethod{Path: path, HTTPMethod: "OPTIONS", AuthorizationType: "NONE"})
				}
			}
			sortMethods(api.Methods)
			g.inv.APIGateway.RestAPIs = append(g.inv.APIGateway.RestAPIs, api)
			for _, name := range []string{"prod", "staging", "dev"}[:1+g.rng.IntN(3)] {
				st := inventory.RestStage{Resource: inventory.Resource{Region: region}, APIID: id, Name: name,
					MethodSettings: map[string]inventory.MethodSetting{"*/*": {LoggingLevel: "OFF"}}}
				if g.chance(0.6) {
					st.AccessLogDestination = fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/apigateway/%s/%s", region, AccountID, id, name)
					st.MethodSettings["*/*"] = inventory.MethodSetting{LoggingLevel: pick(g, []string{"ERROR", "INFO"})}
				}
				if g.chance(0.4) {
					st.WebACLARN = fmt.Sprintf("arn:aws:wafv2:%s:%s:regional/webacl/apis/%08x-0000-4000-8000-000000000000", region, AccountID, g.rng.Uint32())
				}
				st.TracingEnabled = g.chance(0.3)
				if name == "prod" && g.chance(0.15) {
					st.CacheClusterEnabled = true
					s := st.MethodSettings["*/*"]
					s.CachingEnabled, s.CacheDataEncrypted = true, g.chance(0.5)
					st.MethodSettings["*/*"] = s
				}
				g.inv.APIGateway.RestStages = append(g.inv.APIGateway.RestStages, st)
			}
		}
	}
	for ri, n := range g.spread(g.sz.HTTPAPIs) {
		region := g.regions[ri]
		for range n {
			id := fmt.Sprintf("h%09d", len(g.inv.APIGateway.HTTPAPIs))
			api := inventory.HTTPAPI{Resource: inventory.Resource{Region: region}, ID: id,
				Name: fmt.Sprintf("%s-%s-http", pick(g, envs), pick(g, apps)), Routes: []inventory.HTTPRoute{}}
			seen := map[string]bool{}
			for range 1 + g.rng.IntN(8) {
				key := pick(g, verbs) + " /" + pick(g, apps)
				if seen[key] {
					continue
				}
				seen[key] = true
				rt := inventory.HTTPRoute{RouteKey: key, AuthorizationType: pick(g, []string{"JWT", "JWT", "AWS_IAM", "CUSTOM"})}
				if g.chance(0.1) {
					rt.AuthorizationType = "NONE"
				}
				api.Routes = append(api.Routes, rt)
			}
			if g.chance(0.1) {
				api.Routes = append(api.Routes, inventory.HTTPRoute{RouteKey: "$default", AuthorizationType: "NONE"})
			}
			sortRoutes(api.Routes)
			g.inv.APIGateway.HTTPAPIs = append(g.inv.APIGateway.HTTPAPIs, api)
			for _, name := range []string{"$default", "staging"}[:1+g.rng.IntN(2)] {
				st := inventory.HTTPStage{Resource: inventory.Resource{Region: region}, APIID: id, Name: name}
				if g.chance(0.5) {
					st.AccessLogDestination = fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/apigateway/%s", region, AccountID, id)
				}
				g.inv.APIGateway.HTTPStages = append(g.inv.APIGateway.HTTPStages, st)
			}
		}
	}
}

// sortMethods and sortRoutes put them in the order the collector keeps.
func sortMethods(ms []inventory.RestMethod) {
	slices.SortFunc(ms, func(a, b inventory.RestMethod) int {
		return strings.Compare(a.Path+" "+a.HTTPMethod, b.Path+" "+b.HTTPMethod)
	})
}

func sortRoutes(rs []inventory.HTTPRoute) {
	slices.SortFunc(rs, func(a, b inventory.HTTPRoute) int { return strings.Compare(a.RouteKey, b.RouteKey) })
}
