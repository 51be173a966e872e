package emulator

import (
	"encoding/xml"
	"net/http"
)

const s3controlXMLNS = "http://awss3control.amazonaws.com/doc/2018-08-20/"

// s3controlService speaks S3 Control's REST-XML protocol. AWS puts the
// account ID in the host name as well as the x-amz-account-id header; only
// the header is read here, since clients pointed at an emulator send their
// requests to its one host.
type s3controlService struct{ s *Server }

func (s3controlService) operation(r *request) (string, string) {
	if r.Method == http.MethodGet && r.URL.Path == "/v20180820/configuration/publicAccessBlock" {
		return "GetPublicAccessBlock", ""
	}
	return "", ""
}

func (s3controlService) faultCodes() (string, string, string) {
	return "SlowDown", "AccessDenied", "InternalError"
}

// s3controlError is S3 Control's error document, which unlike S3's is
// wrapped in ErrorResponse.
type s3controlError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
	HostID    string `xml:"HostId"`
}

func (s3controlService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	var e s3controlError
	e.Error.Code, e.Error.Message = code, message
	e.RequestID, e.HostID = s3RequestIDs(w)
	writeXML(w, status, e)
}

func (x s3controlService) serve(w http.ResponseWriter, r *request) {
	s3RequestIDs(w)
	switch account := r.Header.Get("x-amz-account-id"); {
	case account == "":
		x.writeError(w, r, http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-account-id")
		return
	case account != x.s.acct.AccountID:
		// Another account's settings are not the caller's to read.
		x.writeError(w, r, http.StatusForbidden, "AccessDenied", "Access Denied")
		return
	}
	p := x.s.acct.S3.AccountPublicAccessBlock
	if p == nil {
		x.writeError(w, r, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
		return
	}
	writeXML(w, http.StatusOK, newPublicAccessBlockXML(s3controlXMLNS, p))
}
