package emulator

import (
	"fmt"
	"net/http"

	"github.com/srmscan/srmscan/inventory"
)

// securityHubService speaks Security Hub's REST-JSON protocol. Its members
// are PascalCase and its timestamps ISO-8601 strings.
type securityHubService struct{ s *Server }

func (securityHubService) operation(r *request) (string, string) {
	if r.Method == http.MethodGet && r.URL.Path == "/accounts" {
		return "DescribeHub", ""
	}
	return "", ""
}

func (securityHubService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", "InternalException"
}

type securityHubError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func (securityHubService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, securityHubError{Code: code, Message: message})
}

// serve answers DescribeHub. An account not subscribed in the region gets
// what AWS sends it: InvalidAccessException, with HTTP 401, naming the
// account. IAM denials are AccessDeniedException (403), a different thing.
func (x securityHubService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	if name := restUnknownQuery(r, "HubArn"); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "InvalidInputException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	var hub *inventory.Hub
	for i, h := range x.s.acct.SecurityHub.Hubs {
		if h.Region == r.Region && h.Enabled {
			hub = &x.s.acct.SecurityHub.Hubs[i]
		}
	}
	if hub == nil {
		x.writeError(w, r, http.StatusUnauthorized, "InvalidAccessException",
			fmt.Sprintf("Account %s is not subscribed to AWS Security Hub", x.s.acct.AccountID))
		return
	}
	if arn := r.URL.Query().Get("HubArn"); arn != "" && arn != hub.ARN {
		x.writeError(w, r, http.StatusNotFound, "ResourceNotFoundException", fmt.Sprintf("Hub %s not found", arn))
		return
	}
	type response struct {
		HubARN                  string `json:"HubArn"`
		SubscribedAt            string `json:"SubscribedAt,omitempty"`
		AutoEnableControls      bool   `json:"AutoEnableControls"`
		ControlFindingGenerator string `json:"ControlFindingGenerator"`
	}
	out := response{HubARN: hub.ARN, AutoEnableControls: hub.AutoEnableControls, ControlFindingGenerator: "SECURITY_CONTROL"}
	if !hub.SubscribedAt.IsZero() {
		out.SubscribedAt = isoTime(hub.SubscribedAt)
	}
	writeRESTJSON(w, http.StatusOK, out)
}
