package emulator

import "net/http"

type ec2Service struct{ s *Server }

func (ec2Service) operation(r *request) (string, string) { return "", "" }

func (ec2Service) faultCodes() (string, string, string) { return "", "", "" }

func (ec2Service) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	http.Error(w, code+": "+message, status)
}

func (ec2Service) serve(w http.ResponseWriter, r *request) {}
