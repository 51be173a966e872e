package emulator

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/srmscan/srmscan/inventory"
)

// accessAnalyzerDefaultResults stands for Access Analyzer's own page size
// when a request names none; AWS documents neither it nor a maximum.
const accessAnalyzerDefaultResults = 100

// accessAnalyzerService speaks IAM Access Analyzer's REST-JSON protocol.
// Its members are camelCase and its timestamps ISO-8601 strings.
type accessAnalyzerService struct{ s *Server }

func (accessAnalyzerService) operation(r *request) (string, string) {
	if r.Method == http.MethodGet && r.URL.Path == "/analyzer" {
		return "ListAnalyzers", ""
	}
	return "", ""
}

func (accessAnalyzerService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", "InternalServerException"
}

type accessAnalyzerError struct {
	Message string `json:"message"`
}

func (accessAnalyzerService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, accessAnalyzerError{Message: message})
}

// analyzerTypes are the values ListAnalyzers' type filter accepts.
var analyzerTypes = []string{"ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS",
	"ACCOUNT_INTERNAL_ACCESS", "ORGANIZATION_INTERNAL_ACCESS"}

func (x accessAnalyzerService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	if name := restUnknownQuery(r, "maxResults", "nextToken", "type"); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "ValidationException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	typ := r.URL.Query().Get("type")
	if typ != "" && !slices.Contains(analyzerTypes, typ) {
		x.writeError(w, r, http.StatusBadRequest, "ValidationException", fmt.Sprintf("Invalid type: %s", typ))
		return
	}
	n, err := restQueryInt(r, "maxResults", 1, 1<<31-1, accessAnalyzerDefaultResults)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "ValidationException", err.Error())
		return
	}
	var all []inventory.Analyzer
	for _, g := range x.s.acct.AccessAnalyzer.Regions {
		if g.Region != r.Region {
			continue
		}
		for _, a := range g.Analyzers {
			if typ == "" || a.Type == typ {
				all = append(all, a)
			}
		}
	}
	items, next, err := page(x.s, all, r.URL.Query().Get("nextToken"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "ValidationException", "Invalid nextToken")
		return
	}
	type analyzer struct {
		ARN       string            `json:"arn"`
		Name      string            `json:"name"`
		Type      string            `json:"type"`
		Status    string            `json:"status"`
		CreatedAt string            `json:"createdAt,omitempty"`
		Tags      map[string]string `json:"tags"`
	}
	type response struct {
		Analyzers []analyzer `json:"analyzers"`
		NextToken string     `json:"nextToken,omitempty"`
	}
	out := response{Analyzers: []analyzer{}, NextToken: next}
	for _, a := range items {
		e := analyzer{ARN: a.ARN, Name: a.Name, Type: a.Type, Status: a.Status, Tags: map[string]string{}}
		if !a.CreatedAt.IsZero() {
			e.CreatedAt = isoTime(a.CreatedAt)
		}
		out.Analyzers = append(out.Analyzers, e)
	}
	writeRESTJSON(w, http.StatusOK, out)
}
