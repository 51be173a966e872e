package emulator

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// guardDutyMaxResults is ListDetectors' default and largest page.
const guardDutyMaxResults = 50

// guardDutyService speaks GuardDuty's REST-JSON protocol. Its members are
// camelCase and its timestamps ISO-8601 strings.
type guardDutyService struct{ s *Server }

func (guardDutyService) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	switch p := r.URL.Path; {
	case p == "/detector":
		return "ListDetectors", ""
	case strings.HasPrefix(p, "/detector/") && !strings.Contains(p[len("/detector/"):], "/") && len(p) > len("/detector/"):
		return "GetDetector", p[len("/detector/"):]
	}
	return "", ""
}

func (guardDutyService) faultCodes() (string, string, string) {
	return "TooManyRequestsException", "AccessDeniedException", "InternalServerErrorException"
}

type guardDutyError struct {
	Message string `json:"message"`
	Type    string `json:"__type"`
}

func (guardDutyService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, guardDutyError{Message: message, Type: code})
}

func (x guardDutyService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	var detectors []inventory.Detector
	for _, g := range x.s.acct.GuardDuty.Regions {
		if g.Region == r.Region {
			detectors = append(detectors, g.Detectors...)
		}
	}
	switch r.Op {
	case "ListDetectors":
		x.listDetectors(w, r, detectors)
	case "GetDetector":
		x.getDetector(w, r, detectors)
	}
}

func (x guardDutyService) listDetectors(w http.ResponseWriter, r *request, detectors []inventory.Detector) {
	if name := restUnknownQuery(r, "maxResults", "nextToken"); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	n, err := restQueryInt(r, "maxResults", 1, guardDutyMaxResults, guardDutyMaxResults)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", "The request is rejected because an invalid or out-of-range value is specified as an input parameter.")
		return
	}
	ids := make([]string, 0, len(detectors))
	for _, d := range detectors {
		ids = append(ids, d.ID)
	}
	items, next, err := page(x.s, ids, r.URL.Query().Get("nextToken"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", "The request is rejected because the nextToken is invalid.")
		return
	}
	type response struct {
		DetectorIDs []string `json:"detectorIds"`
		NextToken   string   `json:"nextToken,omitempty"`
	}
	writeRESTJSON(w, http.StatusOK, response{DetectorIDs: items, NextToken: next})
}

func (x guardDutyService) getDetector(w http.ResponseWriter, r *request, detectors []inventory.Detector) {
	if name := restUnknownQuery(r); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "BadRequestException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	for _, d := range detectors {
		if d.ID != r.Resource {
			continue
		}
		type response struct {
			CreatedAt                  string            `json:"createdAt,omitempty"`
			UpdatedAt                  string            `json:"updatedAt,omitempty"`
			FindingPublishingFrequency string            `json:"findingPublishingFrequency,omitempty"`
			ServiceRole                string            `json:"serviceRole"`
			Status                     string            `json:"status"`
			Tags                       map[string]string `json:"tags"`
		}
		out := response{
			FindingPublishingFrequency: d.FindingPublishingFrequency,
			ServiceRole:                fmt.Sprintf("arn:%s:iam::%s:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty", x.s.acct.Partition, x.s.acct.AccountID),
			Status:                     d.Status,
			Tags:                       map[string]string{},
		}
		if !d.CreatedAt.IsZero() {
			out.CreatedAt, out.UpdatedAt = isoTime(d.CreatedAt), isoTime(d.CreatedAt)
		}
		writeRESTJSON(w, http.StatusOK, out)
		return
	}
	x.writeError(w, r, http.StatusBadRequest, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
}
