package emulator

import (
	"encoding/xml"
	"net/http"
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
