package emulator

import "net/http"

type s3Service struct{ s *Server }

func (s3Service) operation(r *request) (string, string) { return "", "" }

func (s3Service) faultCodes() (string, string, string) { return "", "", "" }

func (s3Service) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	http.Error(w, code+": "+message, status)
}

func (s3Service) serve(w http.ResponseWriter, r *request) {}
