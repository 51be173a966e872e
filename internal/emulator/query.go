package emulator

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// queryError is the error document of the awsQuery protocol (IAM, STS).
type queryError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func writeQueryError(w http.ResponseWriter, xmlns string, status int, code, message string) {
	var e queryError
	e.Xmlns = xmlns
	e.Error.Type = "Sender"
	if status >= 500 {
		e.Error.Type = "Receiver"
	}
	e.Error.Code = code
	e.Error.Message = message
	e.RequestID = requestID()
	writeXML(w, status, e)
}

// responseMetadata closes every awsQuery response.
type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

func metadata() responseMetadata { return responseMetadata{RequestID: requestID()} }

// queryAPI is what every Query-protocol service of the emulator shares:
// its namespace and version, the parameters each action takes, the
// envelope of its answers and its errors.
type queryAPI struct {
	xmlns, version string
	// ops are the actions served and the parameters each accepts besides
	// Action and Version; a list parameter is named by its prefix
	// ("Names.member.").
	ops map[string][]string
	// badParameter is the service's error code for a parameter it does
	// not know.
	badParameter string
}

func (q queryAPI) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeQueryError(w, q.xmlns, status, code, message)
}

// admit refuses what the emulator does not serve: a region the account
// has not enabled (answered, as AWS's Query services do, with
// InvalidClientTokenId, which is not retried), another API version, or a
// parameter it does not implement (a filter it ignored would pass a
// collector that relies on it for the wrong reason).
func (q queryAPI) admit(s *Server, w http.ResponseWriter, r *request) bool {
	if !s.regionEnabled(r.Region) {
		q.writeError(w, r, http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
		return false
	}
	if v := r.Form.Get("Version"); v != q.version {
		q.writeError(w, r, http.StatusBadRequest, "InvalidAction", fmt.Sprintf("Could not find operation %s for version %s", r.Op, v))
		return false
	}
	for name := range r.Form {
		known := name == "Action" || name == "Version"
		for _, p := range q.ops[r.Op] {
			known = known || name == p || strings.HasSuffix(p, ".") && strings.HasPrefix(name, p)
		}
		if !known {
			q.writeError(w, r, http.StatusBadRequest, q.badParameter, fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
			return false
		}
	}
	return true
}

// queryResponse is the envelope of every Query answer. Result is a struct
// whose XMLName names it <ActionResult>.
type queryResponse struct {
	XMLName  xml.Name
	Xmlns    string `xml:"xmlns,attr"`
	Result   any
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

// write answers op with result, unless result is nil: the handler has
// written an error.
func (q queryAPI) write(w http.ResponseWriter, op string, result any) {
	if result == nil {
		return
	}
	writeXML(w, http.StatusOK, queryResponse{XMLName: xml.Name{Local: op + "Response"}, Xmlns: q.xmlns, Result: result, Metadata: metadata()})
}
