package inventory

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sample() *Inventory {
	inv := &Inventory{
		AccountID: "111122223333",
		Regions:   []string{"us-east-1"},
		StartedAt: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		EC2: EC2{SecurityGroups: []SecurityGroup{{Resource: Resource{Region: "us-east-1"}, ID: "sg-1", Name: "web",
			Ingress: []Rule{{Protocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"0.0.0.0/0"}}}}}},
		S3:     S3{Buckets: []Bucket{{Resource: Resource{Region: "us-east-1"}, Name: "b", Tags: TagsOf("k", "<v>")}}},
		Errors: []CollectionError{{Service: "iam", Operation: "GetCredentialReport", Kind: ErrAccessDenied, Message: "denied"}},
	}
	inv.Normalize()
	return inv
}

func TestSnapshotRoundTrip(t *testing.T) {
	inv := sample()
	var buf bytes.Buffer
	if err := inv.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inv, back) {
		t.Errorf("snapshot does not round-trip:\n got %+v\nwant %+v", back, inv)
	}
	if back.EC2.SecurityGroups[0].ARN != "arn:aws:ec2:us-east-1:111122223333:security-group/sg-1" {
		t.Errorf("ARN = %q", back.EC2.SecurityGroups[0].ARN)
	}
	if back.Complete() {
		t.Error("an inventory with a collection error is not complete")
	}
}

func TestParseRejectsWithReasons(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"not JSON", "not json", "line 1, column 2"},
		{"truncated", "{\n  \"schema_version\": 2,\n  \"ec2\": {\n", "the JSON ends early"},
		{"syntax error on line 3", "{\n  \"schema_version\": 2,\n  \"regions\": [,]\n}", "line 3"},
		{"no version", `{"account_id": "1"}`, "schema_version is missing"},
		{"other version", `{"schema_version": 99}`, "schema_version 99"},
		{"unknown field", `{"schema_version": 2, "acount_id": "1"}`, `unknown field "acount_id"`},
		{"wrong type names the field", "{\"schema_version\": 2,\n \"regions\": \"us-east-1\"}", "line 2: regions: must be a list, not text"},
		{"trailing data", `{"schema_version": 2} {}`, "after top-level value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inv.json")
	os.WriteFile(path, []byte(`{"schema_version": 3}`), 0o600)
	_, err := ReadFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("err = %v, want it to start with the file name", err)
	}
}

func TestCovers(t *testing.T) {
	listing := CollectionError{Service: "ec2", Region: "eu-west-1", Operation: "DescribeVolumes"}
	global := CollectionError{Service: "iam", Operation: "GetAccountAuthorizationDetails"}
	one := CollectionError{Service: "s3", Region: "us-east-1", Operation: "GetBucketPolicy", ResourceARN: "arn:aws:s3:::a"}
	for _, c := range []struct {
		e           CollectionError
		region, arn string
		want        bool
		why         string
	}{
		{listing, "eu-west-1", "arn:x", true, "a listing covers its region"},
		{listing, "us-east-1", "arn:x", false, "a listing does not cover other regions"},
		{global, "", "arn:aws:iam::1:user/a", true, "a global listing covers everything"},
		{one, "us-east-1", "arn:aws:s3:::a", true, "a resource failure covers that resource"},
		{one, "us-east-1", "arn:aws:s3:::b", false, "and no other"},
	} {
		if got := c.e.Covers(c.region, c.arn); got != c.want {
			t.Errorf("%s: Covers = %v", c.why, got)
		}
	}
}

func TestPartitionOf(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws-cn:iam::1:user/a":     "aws-cn",
		"arn:aws-us-gov:iam::1:root":   "aws-us-gov",
		"arn:aws:sts::1:assumed-role/": "aws",
		"":                             "aws",
		"not-an-arn":                   "aws",
	} {
		if got := PartitionOf(arn); got != want {
			t.Errorf("PartitionOf(%q) = %q, want %q", arn, got, want)
		}
	}
}

// ReadFile decodes a file in one pass without holding it whole and asks
// Parse only when that fails: for every input, it must end where Parse
// ends, with the same inventory or the same message.
func TestReadFileAgreesWithParse(t *testing.T) {
	var good bytes.Buffer
	if err := sample().WriteJSON(&good); err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{
		"snapshot":               good.String(),
		"snapshot, then spaces":  good.String() + "\n\n  ",
		"trailing data":          good.String() + "{}",
		"a report":               `{"schema_version": "1.0", "tool": {"name": "srmscan"}, "findings": []}`,
		"findings in a snapshot": strings.Replace(good.String(), `"schema_version": 2`, `"schema_version": 2, "findings": []`, 1),
		"other version":          strings.Replace(good.String(), `"schema_version": 2`, `"schema_version": 3`, 1),
		"version as text":        `{"schema_version": "2"}`,
		"no version":             `{"account_id": "1"}`,
		"unknown field":          `{"schema_version": 2, "acount_id": "1"}`,
		"a tag value as number":  "{\"schema_version\": 2,\n \"s3\": {\"buckets\": [{\"tags\": {\"a\": 1}}]}}",
		"empty":                  "",
		"a list":                 "[1]",
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inv.json")
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(path)
			want, werr := Parse([]byte(data))
			if werr != nil {
				if err == nil || err.Error() != path+": "+werr.Error() {
					t.Errorf("ReadFile: %v\nParse:    %v", err, werr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("ReadFile gave %+v, %v; Parse %+v", got, err, want)
			}
		})
	}
}
