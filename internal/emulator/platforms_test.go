package emulator

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// These tests hold the EKS REST-JSON and Elastic Beanstalk Query wire
// formats to what AWS sends where the SDK would accept something else.

func platformsServer(t *testing.T, opts Options) *Server {
	t.Helper()
	acct, err := ParseAccount([]byte(`
account_id: "111122223333"
regions: [us-east-1]
eks:
  clusters:
    - {region: us-east-1, name: c1, version: "1.33", endpoint_public_access: true}
elasticbeanstalk:
  environments:
    - {region: us-east-1, application_name: app, name: env1, platform_arn: "arn:aws:elasticbeanstalk:us-east-1::platform/P/1.0.0"}
`))
	if err != nil {
		t.Fatal(err)
	}
	return New(acct, opts)
}

func beanstalkCall(srv *Server, params ...string) *httptest.ResponseRecorder {
	form := url.Values{"Version": {beanstalkVersion}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Add(params[i], params[i+1])
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	signed(req, "us-east-1", "elasticbeanstalk")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

func TestEKSWire(t *testing.T) {
	srv := platformsServer(t, Options{Deny: []Rule{{Service: "eks", Operation: "ListNodegroups", Resource: "c1"}}})
	// A public endpoint with no sources set answers 0.0.0.0/0, as EKS
	// does.
	w := restCall(srv, "us-east-1", "eks", "/clusters/c1")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"publicAccessCidrs":["0.0.0.0/0"]`) {
		t.Errorf("DescribeCluster: %d %s", w.Code, w.Body)
	}
	w = restCall(srv, "us-east-1", "eks", "/clusters/nope")
	if code, msg := restError(t, w); w.Code != http.StatusNotFound || code != "ResourceNotFoundException" || msg == "" {
		t.Errorf("unknown cluster: %d %s %q", w.Code, code, msg)
	}
	w = restCall(srv, "us-east-1", "eks", "/clusters/c1/node-groups")
	if code, _ := restError(t, w); w.Code != http.StatusForbidden || code != "AccessDeniedException" {
		t.Errorf("denied ListNodegroups: %d %s", w.Code, code)
	}
	w = restCall(srv, "us-east-1", "eks", "/clusters?include=all")
	if w.Code != http.StatusBadRequest {
		t.Errorf("an unimplemented filter must be refused, not ignored: %d", w.Code)
	}
}

func TestBeanstalkWire(t *testing.T) {
	srv := platformsServer(t, Options{})
	// AWS lists recently terminated environments unless told not to.
	if w := beanstalkCall(srv, "Action", "DescribeEnvironments"); w.Code != http.StatusBadRequest {
		t.Errorf("DescribeEnvironments without IncludeDeleted=false: %d, want it refused", w.Code)
	}
	w := beanstalkCall(srv, "Action", "DescribeEnvironments", "IncludeDeleted", "false")
	var envs struct {
		Names []string `xml:"DescribeEnvironmentsResult>Environments>member>EnvironmentName"`
		ARNs  []string `xml:"DescribeEnvironmentsResult>Environments>member>EnvironmentArn"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &envs); err != nil || len(envs.Names) != 1 || envs.ARNs[0] != inventory.BeanstalkEnvironmentARN("aws", "us-east-1", "111122223333", "app", "env1") {
		t.Errorf("DescribeEnvironments: %v %+v\n%s", err, envs, w.Body)
	}
	w = beanstalkCall(srv, "Action", "DescribeConfigurationSettings", "ApplicationName", "app", "EnvironmentName", "env1")
	var cfg struct {
		Options []struct {
			Namespace string `xml:"Namespace"`
			Name      string `xml:"OptionName"`
			Value     string `xml:"Value"`
		} `xml:"DescribeConfigurationSettingsResult>ConfigurationSettings>member>OptionSettings>member"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &cfg); err != nil || len(cfg.Options) == 0 {
		t.Fatalf("DescribeConfigurationSettings: %v\n%s", err, w.Body)
	}
	for _, o := range cfg.Options {
		if o.Namespace == "aws:elasticbeanstalk:healthreporting:system" && o.Name == "SystemType" && o.Value != "basic" {
			t.Errorf("an environment described without health reporting reports %q, want basic (the API's default)", o.Value)
		}
	}
	// A platform the account description does not list is answered as AWS
	// answers an ARN that names no platform.
	w = beanstalkCall(srv, "Action", "DescribePlatformVersion", "PlatformArn", "arn:aws:elasticbeanstalk:us-east-1::platform/P/1.0.0")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<Code>InvalidParameterValue</Code>") {
		t.Errorf("unknown platform: %d %s", w.Code, w.Body)
	}
}
