package inventory

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A spooled snapshot array is byte for byte what WriteJSONArray writes of
// the whole inventories, in the order asked for, whether each account was
// spooled or is written as given (a shell, an account never entered).
func TestSpoolWritesTheArray(t *testing.T) {
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id string, buckets ...string) *Inventory {
		inv := &Inventory{SchemaVersion: SchemaVersion, AccountID: id, Partition: "aws", Regions: []string{"eu-west-1"}, StartedAt: at, FinishedAt: at,
			APICalls: map[string]int{"s3:ListBuckets": 1}}
		for _, b := range buckets {
			inv.S3.Buckets = append(inv.S3.Buckets, Bucket{Resource: Resource{ARN: "arn:aws:s3:::" + b, AccountID: id}, Name: b})
		}
		return inv
	}
	invs := []*Inventory{mk("111111111111", "a<b>&c"), mk("222222222222", "d"), mk("333333333333")}
	invs[2].Errors = []CollectionError{{Service: "sts", Operation: "AssumeRole", Kind: ErrAccessDenied, Message: "denied"}}
	var want bytes.Buffer
	if err := WriteJSONArray(&want, invs); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s, err := NewSpool(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Accounts end in any order; the last is never spooled.
	for _, i := range []int{1, 0} {
		if err := s.Add(invs[i]); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "srmscan-snapshots-*", "*.json"))
	if len(files) != 2 {
		t.Fatalf("spooled %d files, want 2", len(files))
	}
	for _, f := range files {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
	var got bytes.Buffer
	if err := s.WriteArray(&got, []*Inventory{invs[0], invs[1].Shell(), invs[2]}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("spooled array:\n%s\nwant:\n%s", got.String(), want.String())
	}
	if err := s.Remove(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("Remove left %v", left)
	}
}
