package main

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/report"
)

// Recognisable credentials, with a session token, for the leak test.
const (
	leakKeyID  = "AKIALEAKTESTKEYID777"
	leakSecret = "leak/test/secret/key/never/print/me/777"
	leakToken  = "IQoJb3JpZ2luX2VjELEAKTESTSESSIONTOKEN777/srmscan+never/print=="
)

// leakyEndpoint serves the demo account, denying one operation with an
// error that echoes the request's Authorization and session token headers
// back, as a careless proxy might. It records every signature it saw.
type leakyEndpoint struct {
	url string

	mu      sync.Mutex
	sigs    []string
	keyIDs  map[string]bool
	tokens  map[string]bool
	flowLog int
}

var signatureRE = regexp.MustCompile(`Credential=([^/]+)/.*Signature=([0-9a-f]+)`)

func newLeakyEndpoint(t *testing.T) *leakyEndpoint {
	t.Helper()
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.New(acct, emulator.Options{Deny: []emulator.Rule{{Service: "s3", Operation: "GetBucketPolicy"}}})
	e := &leakyEndpoint{keyIDs: map[string]bool{}, tokens: map[string]bool{}}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth, token := r.Header.Get("Authorization"), r.Header.Get("X-Amz-Security-Token")
		body, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		if m := signatureRE.FindStringSubmatch(auth); m != nil {
			e.keyIDs[m[1]] = true
			e.sigs = append(e.sigs, m[2])
		}
		e.tokens[token] = true
		e.mu.Unlock()
		if bytes.Contains(body, []byte("Action=DescribeFlowLogs&")) {
			e.mu.Lock()
			e.flowLog++
			e.mu.Unlock()
			msg := html.EscapeString(fmt.Sprintf("You are not authorized. Request headers: Authorization: %s X-Amz-Security-Token: %s", auth, token))
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `<?xml version="1.0"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>%s</Message></Error></Errors><RequestID>1</RequestID></Response>`, msg)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	e.url = hs.URL
	return e
}

// secrets is everything that must never be written anywhere.
func (e *leakyEndpoint) secrets() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string{leakKeyID, leakSecret, leakToken}, e.sigs...)
}

// cleanEnv is the environment without any AWS setting of the machine
// running the tests.
func cleanEnv(extra ...string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "AWS_") })
	return append(env, extra...)
}

func runWithEnv(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

// Every byte srmscan writes, in every format, to files, standard output
// and standard error, is searched for the credentials it ran with and for
// the signatures of the requests it made, with credentials from the
// environment and from a profile.
func TestNoCredentialsInAnyOutput(t *testing.T) {
	var formats []string
	for _, f := range report.Formats {
		formats = append(formats, f.Name)
	}
	all := strings.Join(formats, ",")

	dir := t.TempDir()
	profileConfig := filepath.Join(dir, "aws-config")
	if err := os.WriteFile(profileConfig, []byte(fmt.Sprintf("[profile leaky]\nregion = us-east-1\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n",
		leakKeyID, leakSecret, leakToken)), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"AWS_EC2_METADATA_DISABLED=true", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	envCreds := cleanEnv(append(common, "AWS_ACCESS_KEY_ID="+leakKeyID, "AWS_SECRET_ACCESS_KEY="+leakSecret,
		"AWS_SESSION_TOKEN="+leakToken, "AWS_REGION=us-east-1", "AWS_CONFIG_FILE=/dev/null")...)
	profileEnv := cleanEnv(append(common, "AWS_CONFIG_FILE="+profileConfig, "AWS_PROFILE=leaky")...)

	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"environment", envCreds, nil},
		{"AWS_PROFILE", profileEnv, nil},
		{"--profile", cleanEnv(append(common, "AWS_CONFIG_FILE="+profileConfig)...), []string{"--profile", "leaky"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ep := newLeakyEndpoint(t)
			out := t.TempDir()
			target := append([]string{"--endpoint-url", ep.url, "--regions", "us-east-1,eu-west-1"}, tc.args...)
			var outputs []string
			run := func(args ...string) {
				t.Helper()
				res := runWithEnv(t, tc.env, args...)
				if res.code != report.ExitIncomplete {
					t.Errorf("srmscan %v: exit %d, want 3 (denied operations)\n%s", args, res.code, res.stderr)
				}
				outputs = append(outputs, res.stdout, res.stderr)
			}
			run(append([]string{"scan", "--format", all, "--out", filepath.Join(out, "scan")}, target...)...)
			for _, f := range formats {
				run(append([]string{"scan", "--quiet", "--format", f, "--out", "-"}, target...)...)
			}
			snap := filepath.Join(out, "inventory.json")
			run(append([]string{"collect", "--out", snap}, target...)...)
			run("evaluate", "--inventory", snap, "--format", all, "--out", filepath.Join(out, "evaluate"))

			ep.mu.Lock()
			sent := ep.keyIDs[leakKeyID] && ep.tokens[leakToken] && len(ep.sigs) > 0 && ep.flowLog > 0
			ep.mu.Unlock()
			if !sent {
				t.Fatal("the endpoint never saw the credentials or the echoing denial: the test proves nothing")
			}
			files := 0
			err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(path)
				files++
				outputs = append(outputs, string(data))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if files != 2*len(formats)+1 {
				t.Errorf("searched %d files, want %d", files, 2*len(formats)+1)
			}
			for _, o := range outputs {
				for _, s := range ep.secrets() {
					if strings.Contains(o, s) {
						i := strings.Index(o, s)
						t.Errorf("output holds %.16q...: %q", s, o[max(0, i-80):min(len(o), i+len(s)+20)])
					}
				}
			}
			joined := strings.Join(outputs, "\n")
			if !strings.Contains(joined, "DescribeFlowLogs") || !strings.Contains(joined, "Request headers: Authorization: AWS4-HMAC-SHA256 Credential=[redacted]") {
				t.Error("the denied call's message is not in the outputs, redacted: the search proves nothing")
			}
		})
	}
}
