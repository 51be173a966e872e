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

	first, last := inv.EC2.Instances[0], inv.EC2.Instances[len(inv.EC2.Instances)-1]
	for _, pair := range [][2]string{
		{first.AccountID, last.AccountID},
		{first.Region, last.Region},
		{first.SecurityGroupIDs[1], last.SecurityGroupIDs[1]},
		{first.Tags[0].Key, last.Tags[0].Key},
		{first.Tags[0].Value, last.Tags[0].Value},
	} {
		if !same(pair[0], pair[1]) {
			t.Errorf("%q is held twice: a recurring value should be one string", pair[0])
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
