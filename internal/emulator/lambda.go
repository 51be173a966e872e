package emulator

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// lambdaMaxItems is the most items Lambda returns on one page of
// ListFunctions or ListFunctionUrlConfigs, whatever MaxItems asks for.
const lambdaMaxItems = 50

// lambdaService speaks Lambda's REST-JSON protocol. Its operations carry
// the API version they were added in as the first path element.
type lambdaService struct{ s *Server }

func (lambdaService) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	p := r.URL.Path
	if p == "/2015-03-31/functions" || p == "/2015-03-31/functions/" {
		return "ListFunctions", ""
	}
	if name, ok := lambdaFunctionPath(p, "/2015-03-31/functions/", "/policy"); ok {
		return "GetPolicy", name
	}
	if name, ok := lambdaFunctionPath(p, "/2021-10-31/functions/", "/urls"); ok {
		return "ListFunctionUrlConfigs", name
	}
	return "", ""
}

// lambdaFunctionPath reads the function a per-function path names: a
// name, or an ARN reduced to its name, which is how a Rule names it.
func lambdaFunctionPath(p, prefix, suffix string) (string, bool) {
	rest, ok := strings.CutPrefix(p, prefix)
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, suffix)
	if !ok || name == "" || strings.Contains(name, "/") {
		return "", false
	}
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
	}
	return name, true
}

func (lambdaService) faultCodes() (string, string, string) {
	return "TooManyRequestsException", "AccessDeniedException", "ServiceException"
}

// lambdaError is Lambda's error body.
type lambdaError struct {
	Type    string `json:"Type"`
	Message string `json:"Message"`
}

func (lambdaService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	typ := "User"
	if status >= 500 {
		typ = "Service"
	}
	writeRESTJSONError(w, status, code, lambdaError{Type: typ, Message: message})
}

// functions returns the region's functions in name order, ListFunctions'
// order.
func (x lambdaService) functions(region string) []*inventory.Function {
	fs := inRegion(x.s.acct.Lambda.Functions, region, func(f *inventory.Function) string { return f.Region })
	slices.SortFunc(fs, func(a, b *inventory.Function) int { return cmp.Compare(a.Name, b.Name) })
	return fs
}

func (x lambdaService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	switch r.Op {
	case "ListFunctions":
		x.listFunctions(w, r)
	case "GetPolicy":
		x.getPolicy(w, r)
	case "ListFunctionUrlConfigs":
		x.listFunctionURLs(w, r)
	}
}

// pageParams reads Marker and MaxItems, refusing parameters the emulator
// does not implement (FunctionVersion=ALL would list every version).
func (x lambdaService) pageParams(w http.ResponseWriter, r *request, allowed ...string) (marker string, n int, ok bool) {
	if name := restUnknownQuery(r, append(allowed, "Marker", "MaxItems")...); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return "", 0, false
	}
	n, err := restQueryInt(r, "MaxItems", 1, 10000, lambdaMaxItems)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", err.Error())
		return "", 0, false
	}
	return r.URL.Query().Get("Marker"), min(n, lambdaMaxItems), true
}

func (x lambdaService) function(w http.ResponseWriter, r *request) *inventory.Function {
	if f := x.s.lookup().functions.get(x.s.acct.Lambda.Functions, func(f *inventory.Function) (string, []string) {
		return f.Region, []string{f.Name}
	}, r.Region, r.Resource); f != nil {
		return f
	}
	x.writeError(w, r, http.StatusNotFound, "ResourceNotFoundException",
		"Function not found: "+inventory.FunctionARN(x.s.acct.Partition, r.Region, x.s.acct.AccountID, r.Resource))
	return nil
}

// lambdaTime is how Lambda writes LastModified: ISO 8601 with a numeric
// zone, as a string rather than a timestamp.
func lambdaTime(f *inventory.Function) string {
	return f.LastModified.UTC().Format("2006-01-02T15:04:05.000-0700")
}

// envValue makes up a value of the shape the account describes: the
// account keeps no values, as a snapshot does not.
func envValue(v inventory.EnvironmentVariable) string {
	if v.ValueShape == inventory.ValueShapeAccessKeyID {
		return "AKIAIOSFODNN7EXAMPLE"
	}
	return "value-of-" + strings.ToLower(v.Name)
}

func (x lambdaService) listFunctions(w http.ResponseWriter, r *request) {
	marker, n, ok := x.pageParams(w, r)
	if !ok {
		return
	}
	items, next, err := page(x.s, x.functions(r.Region), marker, n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", "Invalid Marker")
		return
	}
	type environment struct {
		Variables map[string]string `json:"Variables"`
	}
	type function struct {
		FunctionName string       `json:"FunctionName"`
		FunctionArn  string       `json:"FunctionArn"`
		Runtime      string       `json:"Runtime,omitempty"`
		Role         string       `json:"Role"`
		Handler      string       `json:"Handler,omitempty"`
		CodeSize     int64        `json:"CodeSize"`
		Timeout      int          `json:"Timeout"`
		MemorySize   int          `json:"MemorySize"`
		LastModified string       `json:"LastModified"`
		Version      string       `json:"Version"`
		PackageType  string       `json:"PackageType"`
		KMSKeyArn    string       `json:"KMSKeyArn,omitempty"`
		Environment  *environment `json:"Environment,omitempty"`
		Architecture []string     `json:"Architectures"`
	}
	out := struct {
		Functions  []function `json:"Functions"`
		NextMarker string     `json:"NextMarker,omitempty"`
	}{Functions: []function{}, NextMarker: next}
	for _, f := range items {
		fn := function{FunctionName: f.Name, FunctionArn: f.ARN, Runtime: f.Runtime, Role: f.Role,
			CodeSize: 1024, Timeout: 3, MemorySize: 128, LastModified: lambdaTime(f), Version: "$LATEST",
			PackageType: cmp.Or(f.PackageType, "Zip"), KMSKeyArn: f.KMSKeyARN, Architecture: []string{"x86_64"}}
		if fn.PackageType == "Zip" {
			fn.Handler = "index.handler"
		}
		if len(f.Environment) > 0 {
			fn.Environment = &environment{Variables: map[string]string{}}
			for _, v := range f.Environment {
				fn.Environment.Variables[v.Name] = envValue(v)
			}
		}
		out.Functions = append(out.Functions, fn)
	}
	writeRESTJSON(w, http.StatusOK, out)
}

// getPolicy answers ResourceNotFoundException for a function without a
// policy, as Lambda does: the collector must not take it for an error.
func (x lambdaService) getPolicy(w http.ResponseWriter, r *request) {
	if name := restUnknownQuery(r); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	f := x.function(w, r)
	if f == nil {
		return
	}
	if f.Policy == "" {
		x.writeError(w, r, http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist.")
		return
	}
	writeRESTJSON(w, http.StatusOK, map[string]string{"Policy": f.Policy, "RevisionId": "00000000-0000-4000-8000-000000000001"})
}

func (x lambdaService) listFunctionURLs(w http.ResponseWriter, r *request) {
	marker, n, ok := x.pageParams(w, r)
	if !ok {
		return
	}
	f := x.function(w, r)
	if f == nil {
		return
	}
	items, next, err := page(x.s, f.URLs, marker, n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", "Invalid Marker")
		return
	}
	type urlConfig struct {
		FunctionURL      string `json:"FunctionUrl"`
		FunctionArn      string `json:"FunctionArn"`
		CreationTime     string `json:"CreationTime"`
		LastModifiedTime string `json:"LastModifiedTime"`
		AuthType         string `json:"AuthType"`
		InvokeMode       string `json:"InvokeMode"`
	}
	out := struct {
		FunctionURLConfigs []urlConfig `json:"FunctionUrlConfigs"`
		NextMarker         string      `json:"NextMarker,omitempty"`
	}{FunctionURLConfigs: []urlConfig{}, NextMarker: next}
	for _, u := range items {
		ts := f.LastModified.UTC().Format("2006-01-02T15:04:05.000Z")
		out.FunctionURLConfigs = append(out.FunctionURLConfigs, urlConfig{FunctionURL: u.URL, FunctionArn: cmp.Or(u.FunctionARN, f.ARN),
			CreationTime: ts, LastModifiedTime: ts, AuthType: u.AuthType, InvokeMode: "BUFFERED"})
	}
	writeRESTJSON(w, http.StatusOK, out)
}
