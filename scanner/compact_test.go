package scanner

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/srmscan/srmscan/inventory"
)

// fresh returns s in a buffer of its own, as each SDK response decodes it.
func fresh(s string) string { return string([]byte(s)) }

func same(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }

// What the compactor does must never show in the inventory's content: only
// where its strings live changes.
func TestCompactorChangesNoValue(t *testing.T) {
	inv := &inventory.Inventory{AccountID: "111122223333"}
	c := newCompactor()
	var want []byte
	for i := range 3 * compactEvery {
		in := inventory.Instance{
			Resource:         inventory.Resource{ARN: fmt.Sprintf("arn:aws:ec2:us-east-1:111122223333:instance/i-%d", i), AccountID: fresh("111122223333"), Region: fresh("us-east-1")},
			ID:               fmt.Sprintf("i-%d", i),
			SecurityGroupIDs: []string{fresh("sg-1"), fresh("sg-2")},
			Tags:             inventory.TagsOf(fresh("Name"), fmt.Sprint("web-", i), fresh("Environment"), fresh("prod")),
		}
		inv.EC2.Instances = append(inv.EC2.Instances, in)
		c.added(inv)
	}
	inv.ELB.LoadBalancers = append(inv.ELB.LoadBalancers, inventory.LoadBalancer{
		Name: "lb", Attributes: map[string]string{fresh("deletion_protection.enabled"): fresh("true")}})
	c.added(inv)
	want, _ = json.Marshal(inv)
	c.finish(inv)
	got, _ := json.Marshal(inv)
	if string(got) != string(want) {
		t.Fatalf("compacting changed the inventory:\n%s\nwant\n%s", got, want)
	}

	// Each value below recurs in all 768 instances, among 2,300 unique
	// strings. The table is a cache, so a value can lose its entry to
	// unique ones and be copied again, but only when two of them land in
	// its slot between two of its uses: one copy, or two, never hundreds.
	copies := map[string]map[*byte]bool{}
	for _, in := range inv.EC2.Instances {
		for _, s := range []string{in.AccountID, in.Region, in.SecurityGroupIDs[1], in.Tags[0].Key, in.Tags[0].Value} {
			if copies[s] == nil {
				copies[s] = map[*byte]bool{}
			}
			copies[s][unsafe.StringData(s)] = true
		}
	}
	for s, at := range copies {
		if len(at) > 2 {
			t.Errorf("%q is held %d times: a recurring value should be one string", s, len(at))
		}
	}
	if cap(inv.EC2.Instances) != len(inv.EC2.Instances) {
		t.Errorf("the instances list keeps %d spare slots after finish", cap(inv.EC2.Instances)-len(inv.EC2.Instances))
	}
	for k, v := range inv.ELB.LoadBalancers[0].Attributes {
		if k != "deletion_protection.enabled" || v != "true" {
			t.Errorf("attributes became %q: %q", k, v)
		}
	}
}

// A string kept from a response must not keep the response: the compacted
// copy shares no memory with the buffer it was cut from.
func TestCompactorCopiesOutOfResponseBuffers(t *testing.T) {
	response := strings.Repeat("x", 1<<16) + "i-0123456789abcdef0"
	id := response[1<<16:]
	inv := &inventory.Inventory{}
	inv.EC2.Instances = []inventory.Instance{{ID: id}}
	c := newCompactor()
	c.finish(inv)
	kept := inv.EC2.Instances[0].ID
	if kept != id {
		t.Fatalf("ID became %q", kept)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(response)))
	at := uintptr(unsafe.Pointer(unsafe.StringData(kept)))
	if at >= start && at < start+uintptr(len(response)) {
		t.Error("the kept ID still points into the response's buffer")
	}
}

// Only what was appended since the last pass is walked; what a pass
// already saw is left as it is, even when a value on it changed.
func TestCompactorWalksTails(t *testing.T) {
	inv := &inventory.Inventory{}
	c := newCompactor()
	inv.IAM.Users = append(inv.IAM.Users, inventory.User{Name: fresh("alice")})
	c.tails(reflect.ValueOf(inv).Elem())
	seen := inv.IAM.Users[0].Name
	inv.IAM.Users = append(inv.IAM.Users, inventory.User{Name: fresh("alice")})
	c.tails(reflect.ValueOf(inv).Elem())
	if !same(seen, inv.IAM.Users[1].Name) {
		t.Error("the second pass did not walk the appended user")
	}
	if c.done[reflect.ValueOf(inv).Elem().FieldByName("IAM").FieldByName("Users").UnsafeAddr()] != 2 {
		t.Errorf("the users list is marked done at %v", c.done)
	}
}

// Collectors read the account, partition and regions without the scan's
// lock (s.account(), the S3 collector's regions), so the compactor, which
// runs under it, must never write them.
func TestCompactorLeavesTheInventorysOwnFields(t *testing.T) {
	inv := &inventory.Inventory{AccountID: fresh("111122223333"), Partition: fresh("aws"), Regions: []string{fresh("us-east-1")}}
	account, partition, region := inv.AccountID, inv.Partition, inv.Regions[0]
	c := newCompactor()
	c.tails(reflect.ValueOf(inv).Elem())
	c.finish(inv)
	if !same(inv.AccountID, account) || !same(inv.Partition, partition) || !same(inv.Regions[0], region) {
		t.Error("the compactor rewrote the inventory's own fields, which collectors read without the lock")
	}
}
