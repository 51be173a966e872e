package emulator

import (
	"encoding/json"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// These tests hold the AWS JSON wire format, and the emulator's own rules
// for CloudTrail, Config, KMS and DynamoDB, to what AWS does where the SDK
// would accept something else.

func loggingServer(t *testing.T, opts Options) *Server {
	t.Helper()
	acct, err := LoadAccount("../../testdata/accounts/logging.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(acct, opts)
}

// jsonTargets are each service's signing name, X-Amz-Target prefix and
// protocol version.
var jsonTargets = map[string]struct{ target, version string }{
	"cloudtrail": {"CloudTrail_20131101", "1.1"},
	"config":     {"StarlingDoveService", "1.1"},
	"kms":        {"TrentService", "1.1"},
	"dynamodb":   {"DynamoDB_20120810", "1.0"},
	"ssm":        {"AmazonSSM", "1.1"},
}

// jsonCallTo posts a JSON-protocol request signed (in scope only) for
// service in region.
func jsonCallTo(srv *Server, service, region, op, body string) *httptest.ResponseRecorder {
	tv := jsonTargets[service]
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-"+tv.version)
	req.Header.Set("X-Amz-Target", tv.target+"."+op)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/"+region+"/"+service+"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// decodeJSON reads a successful answer.
func decodeJSON(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, w.Body)
	}
}

// wantJSONError checks an error answer's status and __type, which may
// carry the service's namespace before a "#".
func wantJSONError(t *testing.T, w *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("error is not JSON: %v\n%s", err, w.Body)
	}
	got := e.Type[strings.LastIndex(e.Type, "#")+1:]
	if w.Code != status || got != code || e.Message == "" {
		t.Errorf("status %d, __type %q, message %q; want %d, %s and a message", w.Code, e.Type, e.Message, status, code)
	}
}

func TestJSONEnvelopeAndErrors(t *testing.T) {
	srv := loggingServer(t, Options{})
	for service, tv := range jsonTargets {
		w := jsonCallTo(srv, service, "us-east-1", "DeleteEverything", "{}")
		wantJSONError(t, w, http.StatusBadRequest, "UnknownOperationException")
		if ct := w.Header().Get("Content-Type"); ct != "application/x-amz-json-"+tv.version {
			t.Errorf("%s: Content-Type %q", service, ct)
		}
	}
	// The protocol version is part of the request: a 1.1 client cannot
	// call DynamoDB.
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	wantJSONError(t, w, http.StatusBadRequest, "UnknownOperationException")

	// DynamoDB namespaces its error types; its SDK strips that.
	w = jsonCallTo(srv, "dynamodb", "us-east-1", "DescribeTable", `{"TableName":"nope"}`)
	wantJSONError(t, w, http.StatusBadRequest, "ResourceNotFoundException")
	if !strings.Contains(w.Body.String(), `"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"`) {
		t.Errorf("DynamoDB error type not namespaced: %s", w.Body)
	}

	// A member the emulator does not implement is refused, not ignored.
	w = jsonCallTo(srv, "cloudtrail", "us-east-1", "DescribeTrails", `{"trailNameList":["main"]}`)
	wantJSONError(t, w, http.StatusBadRequest, "ValidationException")
	w = jsonCallTo(srv, "kms", "us-east-1", "ListKeys", `{"Limit":`)
	wantJSONError(t, w, http.StatusBadRequest, "SerializationException")

	// Regions the account has not enabled do not know its credentials.
	for service := range jsonTargets {
		wantJSONError(t, jsonCallTo(srv, service, "ap-east-1", map[string]string{
			"cloudtrail": "DescribeTrails", "config": "DescribeConfigurationRecorders", "kms": "ListKeys", "dynamodb": "ListTables", "ssm": "ListDocuments",
		}[service], "{}"), http.StatusForbidden, "UnrecognizedClientException")
	}
}

func TestJSONFaults(t *testing.T) {
	srv := loggingServer(t, Options{ThrottleRate: 1})
	wantJSONError(t, jsonCallTo(srv, "kms", "us-east-1", "ListKeys", "{}"), http.StatusBadRequest, "ThrottlingException")
	srv = loggingServer(t, Options{Deny: []Rule{{Service: "kms", Operation: "GetKeyPolicy", Resource: "1a2b3c4d-0000-4000-8000-000000000004"}}})
	// The rule names the key by ID; the request may name it by ARN.
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "GetKeyPolicy",
		`{"KeyId":"arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d-0000-4000-8000-000000000004","PolicyName":"default"}`), http.StatusForbidden, "AccessDeniedException")
	w := jsonCallTo(srv, "kms", "eu-west-1", "GetKeyPolicy", `{"KeyId":"1a2b3c4d-0000-4000-8000-000000000005","PolicyName":"default"}`)
	if w.Code != http.StatusOK {
		t.Errorf("another key's policy: status %d", w.Code)
	}
	if c := srv.Calls(); c[len(c)-1].Resource != "1a2b3c4d-0000-4000-8000-000000000005" {
		t.Errorf("call resource = %q, want the key ID", c[len(c)-1].Resource)
	}
}

// DynamoDB's SDK checks every body against X-Amz-Crc32, errors included.
func TestDynamoDBChecksum(t *testing.T) {
	srv := loggingServer(t, Options{})
	for _, body := range []string{`{}`, `{"TableName":"nope"}`} {
		op := map[string]string{`{}`: "ListTables", `{"TableName":"nope"}`: "DescribeTable"}[body]
		w := jsonCallTo(srv, "dynamodb", "eu-west-1", op, body)
		want := strconv.FormatUint(uint64(crc32.ChecksumIEEE(w.Body.Bytes())), 10)
		if got := w.Header().Get("X-Amz-Crc32"); got != want {
			t.Errorf("%s: X-Amz-Crc32 %q, want %s", op, got, want)
		}
	}
}

func TestCloudTrailShadowTrails(t *testing.T) {
	srv := loggingServer(t, Options{})
	names := func(body string) []string {
		var out struct {
			TrailList []struct{ Name, HomeRegion string } `json:"trailList"`
		}
		decodeJSON(t, jsonCallTo(srv, "cloudtrail", "eu-central-1", "DescribeTrails", body), &out)
		var ns []string
		for _, tr := range out.TrailList {
			ns = append(ns, tr.Name+"@"+tr.HomeRegion)
		}
		return ns
	}
	// Shadow trails are included unless the request says not to.
	if got := strings.Join(names("{}"), " "); got != "main@us-east-1 legacy@eu-central-1 org-trail@eu-west-1" {
		t.Errorf("DescribeTrails in eu-central-1 = %s", got)
	}
	if got := strings.Join(names(`{"includeShadowTrails":false}`), " "); got != "legacy@eu-central-1" {
		t.Errorf("without shadow trails = %s", got)
	}
	// A shadow trail answers by ARN only; a trail homed in the region by
	// name too.
	wantJSONError(t, jsonCallTo(srv, "cloudtrail", "eu-central-1", "GetTrailStatus", `{"Name":"main"}`), http.StatusBadRequest, "TrailNotFoundException")
	var st struct{ IsLogging bool }
	decodeJSON(t, jsonCallTo(srv, "cloudtrail", "eu-central-1", "GetTrailStatus", `{"Name":"arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}`), &st)
	if !st.IsLogging {
		t.Error("main is logging")
	}
	decodeJSON(t, jsonCallTo(srv, "cloudtrail", "eu-central-1", "GetTrailStatus", `{"Name":"legacy"}`), &st)
	// A single-region trail is not seen from other regions at all.
	wantJSONError(t, jsonCallTo(srv, "cloudtrail", "us-east-1", "GetEventSelectors",
		`{"TrailName":"arn:aws:cloudtrail:eu-central-1:111122223333:trail/legacy"}`), http.StatusBadRequest, "TrailNotFoundException")
	// A trail sends one kind of selectors only.
	var sel map[string]json.RawMessage
	decodeJSON(t, jsonCallTo(srv, "cloudtrail", "eu-west-1", "GetEventSelectors", `{"TrailName":"app-data-writes"}`), &sel)
	if _, ok := sel["EventSelectors"]; ok || sel["AdvancedEventSelectors"] == nil {
		t.Errorf("advanced-selector trail answered %v", sel)
	}
}

func TestKMSRules(t *testing.T) {
	srv := loggingServer(t, Options{})
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "ListKeys", `{"Limit":1001}`), http.StatusBadRequest, "ValidationException")
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "ListKeys", `{"Marker":"garbage"}`), http.StatusBadRequest, "InvalidMarkerException")
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "ListAliases", `{"Limit":101}`), http.StatusBadRequest, "ValidationException")
	// DescribeKey takes aliases; key in another region is not found.
	var d struct {
		KeyMetadata struct{ KeyId, KeyManager string }
	}
	decodeJSON(t, jsonCallTo(srv, "kms", "eu-west-1", "DescribeKey", `{"KeyId":"alias/orders"}`), &d)
	if d.KeyMetadata.KeyId != "1a2b3c4d-0000-4000-8000-000000000005" || d.KeyMetadata.KeyManager != "CUSTOMER" {
		t.Errorf("DescribeKey by alias = %+v", d)
	}
	wantJSONError(t, jsonCallTo(srv, "kms", "us-east-1", "DescribeKey", `{"KeyId":"alias/orders"}`), http.StatusBadRequest, "NotFoundException")
	// Rotation is for symmetric keys with KMS key material only.
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "GetKeyRotationStatus", `{"KeyId":"1a2b3c4d-0000-4000-8000-000000000006"}`),
		http.StatusBadRequest, "UnsupportedOperationException")
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "GetKeyRotationStatus", `{"KeyId":"1a2b3c4d-0000-4000-8000-000000000007"}`),
		http.StatusBadRequest, "UnsupportedOperationException")
	// "default" is the only policy name.
	wantJSONError(t, jsonCallTo(srv, "kms", "eu-west-1", "GetKeyPolicy", `{"KeyId":"1a2b3c4d-0000-4000-8000-000000000005","PolicyName":"other"}`),
		http.StatusBadRequest, "NotFoundException")
	var page struct {
		Keys       []struct{ KeyId string }
		NextMarker string
		Truncated  bool
	}
	decodeJSON(t, jsonCallTo(srv, "kms", "eu-west-1", "ListKeys", `{"Limit":2}`), &page)
	if len(page.Keys) != 2 || !page.Truncated || page.NextMarker == "" {
		t.Errorf("first page of 2 = %+v", page)
	}
}

func TestDynamoDBListTables(t *testing.T) {
	srv := loggingServer(t, Options{})
	wantJSONError(t, jsonCallTo(srv, "dynamodb", "eu-west-1", "ListTables", `{"Limit":101}`), http.StatusBadRequest, "ValidationException")
	var out struct {
		TableNames             []string
		LastEvaluatedTableName string
	}
	decodeJSON(t, jsonCallTo(srv, "dynamodb", "eu-west-1", "ListTables", `{"Limit":2}`), &out)
	if strings.Join(out.TableNames, " ") != "customers orders" || out.LastEvaluatedTableName != "orders" {
		t.Errorf("first page = %+v", out)
	}
	// The start name need not be a table.
	out.LastEvaluatedTableName = ""
	decodeJSON(t, jsonCallTo(srv, "dynamodb", "eu-west-1", "ListTables", `{"ExclusiveStartTableName":"p"}`), &out)
	if strings.Join(out.TableNames, " ") != "sessions" || out.LastEvaluatedTableName != "" {
		t.Errorf("after p = %+v", out)
	}
	wantJSONError(t, jsonCallTo(srv, "dynamodb", "eu-west-1", "DescribeContinuousBackups", `{"TableName":"nope"}`), http.StatusBadRequest, "TableNotFoundException")
	wantJSONError(t, jsonCallTo(srv, "dynamodb", "eu-west-1", "ListTagsOfResource", `{"ResourceArn":"orders"}`), http.StatusBadRequest, "ValidationException")
}
