package emulator

import "net/http"

type s3controlService struct{ s *Server }

func (s3controlService) operation(r *request) (string, string) { return "", "" }

func (s3controlService) faultCodes() (string, string, string) { return "", "", "" }

func (s3controlService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	http.Error(w, code+": "+message, status)
}

func (s3controlService) serve(w http.ResponseWriter, r *request) {}
