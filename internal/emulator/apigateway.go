package emulator

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// API Gateway's two APIs speak REST-JSON and both sign as apigateway: REST
// APIs (v1) under /restapis with "item" lists and limit/position paging,
// HTTP APIs (v2) under /v2/apis with "items" lists and
// maxResults/nextToken paging. ServeHTTP tells them apart by the /v2
// prefix, so calls and fault rules name them apigateway and apigatewayv2.

const (
	// restDefaultLimit and restMaxLimit are GetRestApis' and
	// GetResources' default and largest page.
	restDefaultLimit = 25
	restMaxLimit     = 500
	// httpAPIPage is the emulator's page for the v2 listings when no
	// maxResults is sent: AWS documents no default.
	httpAPIPage = 100
)

type apiGatewayError struct {
	Message string `json:"message"`
}

func writeAPIGatewayError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, apiGatewayError{Message: message})
}

// apiGatewayService serves REST APIs (v1).
type apiGatewayService struct{ s *Server }

func (apiGatewayService) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if parts[0] != "restapis" {
		return "", ""
	}
	switch {
	case len(parts) == 1:
		return "GetRestApis", ""
	case len(parts) == 3 && parts[2] == "stages":
		return "GetStages", parts[1]
	case len(parts) == 3 && parts[2] == "resources":
		return "GetResources", parts[1]
	}
	return "", ""
}

func (apiGatewayService) faultCodes() (string, string, string) {
	return "TooManyRequestsException", "AccessDeniedException", "ServiceUnavailableException"
}

func (apiGatewayService) writeError(w http.ResponseWriter, r *request, status int, code, message string) {
	writeAPIGatewayError(w, r, status, code, message)
}

func (x apiGatewayService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	allowed := []string{"limit", "position"}
	switch r.Op {
	case "GetResources":
		allowed = append(allowed, "embed")
	case "GetStages":
		allowed = nil
	}
	if name := restUnknownQuery(r, allowed...); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	g := &x.s.acct.APIGateway
	apis := inRegion(g.RestAPIs, r.Region, func(a *inventory.RestAPI) string { return a.Region })
	slices.SortFunc(apis, func(a, b *inventory.RestAPI) int { return cmp.Compare(a.ID, b.ID) })
	if r.Op == "GetRestApis" {
		items := make([]map[string]any, 0, len(apis))
		for _, a := range apis {
			types := a.EndpointTypes
			if len(types) == 0 {
				types = []string{"EDGE"}
			}
			items = append(items, map[string]any{
				"id":                        a.ID,
				"name":                      a.Name,
				"apiKeySource":              "HEADER",
				"disableExecuteApiEndpoint": false,
				"endpointConfiguration":     map[string]any{"types": types},
				"rootResourceId":            resourceID(a.ID, "/"),
			})
		}
		x.list(w, r, items)
		return
	}
	i := slices.IndexFunc(apis, func(a *inventory.RestAPI) bool { return a.ID == r.Resource })
	if i < 0 {
		x.writeError(w, r, http.StatusNotFound, "NotFoundException", "Invalid API identifier specified "+x.s.acct.AccountID+":"+r.Resource)
		return
	}
	a := apis[i]
	switch r.Op {
	case "GetStages":
		items := []map[string]any{}
		for j := range g.RestStages {
			if st := &g.RestStages[j]; st.Region == r.Region && st.APIID == a.ID {
				items = append(items, restStage(st))
			}
		}
		slices.SortFunc(items, func(a, b map[string]any) int { return cmp.Compare(a["stageName"].(string), b["stageName"].(string)) })
		writeRESTJSON(w, http.StatusOK, map[string]any{"item": items})
	case "GetResources":
		embed := slices.Contains(r.URL.Query()["embed"], "methods")
		x.list(w, r, restResources(a, embed))
	}
}

// list pages a v1 listing by limit and position.
func (x apiGatewayService) list(w http.ResponseWriter, r *request, items []map[string]any) {
	n, err := restQueryInt(r, "limit", 1, restMaxLimit, restDefaultLimit)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", err.Error())
		return
	}
	got, next, err := page(x.s, items, r.URL.Query().Get("position"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", "Invalid position parameter")
		return
	}
	out := map[string]any{"item": got}
	if next != "" {
		out["position"] = next
	}
	writeRESTJSON(w, http.StatusOK, out)
}

// resourceID is a stable 10-character resource ID, as API Gateway's look.
func resourceID(api, path string) string {
	sum := sha256.Sum256([]byte(api + path))
	return hex.EncodeToString(sum[:])[:10]
}

// restResources groups an API's methods by path, the root always among
// them. Without embed=methods API Gateway names each method with an empty
// object, as served here.
func restResources(a *inventory.RestAPI, embed bool) []map[string]any {
	byPath := map[string]map[string]any{"/": {}}
	for _, m := range a.Methods {
		if byPath[m.Path] == nil {
			byPath[m.Path] = map[string]any{}
		}
		if !embed {
			byPath[m.Path][m.HTTPMethod] = map[string]any{}
			continue
		}
		byPath[m.Path][m.HTTPMethod] = map[string]any{
			"httpMethod":        m.HTTPMethod,
			"authorizationType": cmp.Or(m.AuthorizationType, "NONE"),
			"apiKeyRequired":    m.APIKeyRequired,
		}
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	out := make([]map[string]any, 0, len(paths))
	for _, p := range paths {
		res := map[string]any{"id": resourceID(a.ID, p), "path": p}
		if p != "/" {
			parent := p[:strings.LastIndex(p, "/")]
			res["parentId"] = resourceID(a.ID, cmp.Or(parent, "/"))
			res["pathPart"] = p[strings.LastIndex(p, "/")+1:]
		}
		if len(byPath[p]) > 0 {
			res["resourceMethods"] = byPath[p]
		}
		out = append(out, res)
	}
	return out
}

func restStage(st *inventory.RestStage) map[string]any {
	out := map[string]any{
		"stageName":           st.Name,
		"deploymentId":        resourceID(st.APIID, "deployment"),
		"tracingEnabled":      st.TracingEnabled,
		"cacheClusterEnabled": st.CacheClusterEnabled,
		"cacheClusterStatus":  "NOT_AVAILABLE",
		"methodSettings":      map[string]any{},
	}
	if st.CacheClusterEnabled {
		out["cacheClusterSize"] = "0.5"
		out["cacheClusterStatus"] = "AVAILABLE"
	}
	if st.AccessLogDestination != "" {
		out["accessLogSettings"] = map[string]any{"destinationArn": st.AccessLogDestination, "format": `{"requestId":"$context.requestId"}`}
	}
	if st.WebACLARN != "" {
		out["webAclArn"] = st.WebACLARN
	}
	settings := map[string]any{}
	for k, m := range st.MethodSettings {
		settings[k] = map[string]any{
			"metricsEnabled":     false,
			"loggingLevel":       cmp.Or(m.LoggingLevel, "OFF"),
			"dataTraceEnabled":   false,
			"cachingEnabled":     m.CachingEnabled,
			"cacheDataEncrypted": m.CacheDataEncrypted,
			"cacheTtlInSeconds":  300,
		}
	}
	out["methodSettings"] = settings
	return out
}

// apiGatewayV2Service serves HTTP APIs (v2).
type apiGatewayV2Service struct{ s *Server }

func (apiGatewayV2Service) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "v2" || parts[1] != "apis" {
		return "", ""
	}
	switch {
	case len(parts) == 2:
		return "GetApis", ""
	case len(parts) == 4 && parts[3] == "stages":
		return "GetStages", parts[2]
	case len(parts) == 4 && parts[3] == "routes":
		return "GetRoutes", parts[2]
	}
	return "", ""
}

func (apiGatewayV2Service) faultCodes() (string, string, string) {
	return "TooManyRequestsException", "AccessDeniedException", "ServiceUnavailableException"
}

func (apiGatewayV2Service) writeError(w http.ResponseWriter, r *request, status int, code, message string) {
	writeAPIGatewayError(w, r, status, code, message)
}

func (x apiGatewayV2Service) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	if name := restUnknownQuery(r, "maxResults", "nextToken"); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	g := &x.s.acct.APIGateway
	apis := inRegion(g.HTTPAPIs, r.Region, func(a *inventory.HTTPAPI) string { return a.Region })
	slices.SortFunc(apis, func(a, b *inventory.HTTPAPI) int { return cmp.Compare(a.ID, b.ID) })
	if r.Op == "GetApis" {
		items := make([]map[string]any, 0, len(apis))
		for _, a := range apis {
			items = append(items, map[string]any{
				"apiId":                     a.ID,
				"name":                      a.Name,
				"protocolType":              "HTTP",
				"apiEndpoint":               "https://" + a.ID + ".execute-api." + a.Region + ".amazonaws.com",
				"routeSelectionExpression":  "$request.method $request.path",
				"apiKeySelectionExpression": "$request.header.x-api-key",
				"disableExecuteApiEndpoint": a.DisableExecuteAPIEndpoint,
			})
		}
		x.list(w, r, items)
		return
	}
	i := slices.IndexFunc(apis, func(a *inventory.HTTPAPI) bool { return a.ID == r.Resource })
	if i < 0 {
		x.writeError(w, r, http.StatusNotFound, "NotFoundException", "Invalid API identifier specified "+r.Resource)
		return
	}
	a := apis[i]
	switch r.Op {
	case "GetStages":
		items := []map[string]any{}
		for j := range g.HTTPStages {
			st := &g.HTTPStages[j]
			if st.Region != r.Region || st.APIID != a.ID {
				continue
			}
			item := map[string]any{"stageName": st.Name, "autoDeploy": true, "defaultRouteSettings": map[string]any{"detailedMetricsEnabled": false}}
			if st.AccessLogDestination != "" {
				item["accessLogSettings"] = map[string]any{"destinationArn": st.AccessLogDestination, "format": `{"requestId":"$context.requestId"}`}
			}
			items = append(items, item)
		}
		slices.SortFunc(items, func(a, b map[string]any) int { return cmp.Compare(a["stageName"].(string), b["stageName"].(string)) })
		x.list(w, r, items)
	case "GetRoutes":
		items := make([]map[string]any, 0, len(a.Routes))
		for _, rt := range a.Routes {
			items = append(items, map[string]any{
				"routeId":           resourceID(a.ID, rt.RouteKey)[:7],
				"routeKey":          rt.RouteKey,
				"authorizationType": cmp.Or(rt.AuthorizationType, "NONE"),
				"apiKeyRequired":    false,
			})
		}
		x.list(w, r, items)
	}
}

// list pages a v2 listing by maxResults and nextToken.
func (x apiGatewayV2Service) list(w http.ResponseWriter, r *request, items []map[string]any) {
	n, err := restQueryInt(r, "maxResults", 1, 500, httpAPIPage)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", err.Error())
		return
	}
	got, next, err := page(x.s, items, r.URL.Query().Get("nextToken"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", "The nextToken is invalid.")
		return
	}
	out := map[string]any{"items": got}
	if next != "" {
		out["nextToken"] = next
	}
	writeRESTJSON(w, http.StatusOK, out)
}
