package emulator

import (
	"net/http"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

func ssmServer(t *testing.T) *Server {
	t.Helper()
	acct := &inventory.Inventory{AccountID: "111122223333", Regions: []string{"us-east-1", "eu-west-1"}}
	acct.SSM.Documents = []inventory.SSMDocument{{Resource: inventory.Resource{Region: "us-east-1"}, Name: "d1", SharedWith: []string{"all"}}}
	acct.SSM.ManagedInstances = []inventory.ManagedInstance{{Resource: inventory.Resource{Region: "us-east-1"}, ID: "i-1", PingStatus: "Online",
		Patch: &inventory.PatchState{BaselineID: "pb-1", Operation: "Scan", Missing: 2}}}
	acct.Normalize()
	return New(acct, Options{})
}

// The emulator refuses what it does not implement or AWS refuses, rather
// than answering as if it had: a listing of documents without Owner=Self
// would, in AWS, hold Amazon's own; more than 50 instance IDs is an error.
func TestSSMRefusals(t *testing.T) {
	srv := ssmServer(t)
	for _, tc := range []struct{ op, body, code string }{
		{"ListDocuments", `{}`, "ValidationException"},
		{"ListDocuments", `{"Filters":[{"Key":"Owner","Values":["Amazon"]}]}`, "ValidationException"},
		{"ListDocuments", `{"Filters":[{"Key":"Owner","Values":["Self"]}],"MaxResults":51}`, "ValidationException"},
		{"DescribeInstanceInformation", `{"MaxResults":4}`, "ValidationException"},
		{"DescribeInstanceInformation", `{"Filters":[{"Key":"PingStatus","Values":["Online"]}]}`, "ValidationException"},
		{"DescribeInstancePatchStates", `{"InstanceIds":[]}`, "ValidationException"},
		{"DescribeDocumentPermission", `{"Name":"d1","PermissionType":"Private"}`, "InvalidPermissionType"},
		{"DescribeDocumentPermission", `{"Name":"nope","PermissionType":"Share"}`, "InvalidDocument"},
		{"GetServiceSetting", `{"SettingId":"/ssm/other"}`, "ServiceSettingNotFound"},
	} {
		wantJSONError(t, jsonCallTo(srv, "ssm", "us-east-1", tc.op, tc.body), http.StatusBadRequest, tc.code)
	}
}

// Timestamps are epoch seconds; counts are numbers; nodes without a patch
// state are left out of DescribeInstancePatchStates.
func TestSSMAnswers(t *testing.T) {
	srv := ssmServer(t)
	var states struct {
		InstancePatchStates []map[string]any
	}
	decodeJSON(t, jsonCallTo(srv, "ssm", "us-east-1", "DescribeInstancePatchStates", `{"InstanceIds":["i-1","i-2"]}`), &states)
	if len(states.InstancePatchStates) != 1 || states.InstancePatchStates[0]["MissingCount"] != float64(2) || states.InstancePatchStates[0]["BaselineId"] != "pb-1" {
		t.Errorf("patch states = %v", states.InstancePatchStates)
	}
	var perm struct{ AccountIds []string }
	decodeJSON(t, jsonCallTo(srv, "ssm", "us-east-1", "DescribeDocumentPermission", `{"Name":"d1","PermissionType":"Share"}`), &perm)
	if len(perm.AccountIds) != 1 || perm.AccountIds[0] != "all" {
		t.Errorf("permission = %v", perm)
	}
	var other struct{ DocumentIdentifiers []any }
	decodeJSON(t, jsonCallTo(srv, "ssm", "eu-west-1", "ListDocuments", `{"Filters":[{"Key":"Owner","Values":["Self"]}]}`), &other)
	if len(other.DocumentIdentifiers) != 0 {
		t.Errorf("eu-west-1 lists us-east-1's documents: %v", other)
	}
}
