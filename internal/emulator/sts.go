package emulator

import (
	"encoding/xml"
	"net/http"
)

const stsXMLNS = "https://sts.amazonaws.com/doc/2011-06-15/"

type stsService struct{ s *Server }

func (stsService) operation(r *request) (string, string) {
	switch op := r.Form.Get("Action"); op {
	case "GetCallerIdentity":
		return op, ""
	}
	return "", ""
}

func (stsService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalFailure"
}

func (stsService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeQueryError(w, stsXMLNS, status, code, message)
}

func (x stsService) serve(w http.ResponseWriter, r *request) {
	acct := x.s.acct
	type result struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	}
	type response struct {
		XMLName  xml.Name         `xml:"GetCallerIdentityResponse"`
		Xmlns    string           `xml:"xmlns,attr"`
		Result   result           `xml:"GetCallerIdentityResult"`
		Metadata responseMetadata `xml:"ResponseMetadata"`
	}
	writeXML(w, http.StatusOK, response{
		Xmlns:    stsXMLNS,
		Result:   result{Arn: acct.CallerARN, UserID: "AIDAEMULATEDCALLER01", Account: acct.AccountID},
		Metadata: metadata(),
	})
}
