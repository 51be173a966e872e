package emulator

import "net/http"

type iamService struct{ s *Server }

func (iamService) operation(r *request) (string, string) { return "", "" }

func (iamService) faultCodes() (string, string, string) { return "", "", "" }

func (iamService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	http.Error(w, code+": "+message, status)
}

func (iamService) serve(w http.ResponseWriter, r *request) {}
