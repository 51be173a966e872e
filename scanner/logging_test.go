package scanner

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const loggingAccount = "../testdata/accounts/logging.yaml"

// loggingServices are the services whose collectors these tests cover.
var loggingServices = []string{"cloudtrail", "config", "kms", "dynamodb"}

// loggingPart is the part of an inventory these collectors fill.
type loggingPart struct {
	CloudTrail inventory.CloudTrail
	Config     inventory.ConfigService
	KMS        inventory.KMS
	DynamoDB   inventory.DynamoDB
}

// wantLogging is what a scan of regions should collect from acct, in the
// scan's order. Trails are kept whatever their home region when they log
// a scanned one: a multi-region trail is seen from every region.
func wantLogging(acct *inventory.Inventory, regions []string) loggingPart {
	in := func(r string) bool { return slices.Contains(regions, r) }
	inv := &inventory.Inventory{}
	for _, t := range acct.CloudTrail.Trails {
		if in(t.Region) || t.MultiRegion {
			inv.CloudTrail.Trails = append(inv.CloudTrail.Trails, t)
		}
	}
	for _, r := range acct.Config.Recorders {
		if in(r.Region) {
			inv.Config.Recorders = append(inv.Config.Recorders, r)
		}
	}
	for _, k := range acct.KMS.Keys {
		if in(k.Region) {
			inv.KMS.Keys = append(inv.KMS.Keys, k)
		}
	}
	for _, t := range acct.DynamoDB.Tables {
		if in(t.Region) {
			inv.DynamoDB.Tables = append(inv.DynamoDB.Tables, t)
		}
	}
	sortInventory(inv)
	return loggingPart{inv.CloudTrail, inv.Config, inv.KMS, inv.DynamoDB}
}

func gotLogging(inv *inventory.Inventory) loggingPart {
	return loggingPart{inv.CloudTrail, inv.Config, inv.KMS, inv.DynamoDB}
}

func loggingErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if slices.Contains(loggingServices, e.Service) {
			out = append(out, e)
		}
	}
	return out
}

func assertLoggingEqual(t *testing.T, got, want loggingPart) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("collected CloudTrail/Config/KMS/DynamoDB differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

// callsOf counts the calls of service:op, per signing region.
func callsOf(srv *emulator.Server, service, op string) map[string]int {
	out := map[string]int{}
	for _, c := range srv.Calls() {
		if c.Service == service && c.Operation == op {
			out[c.Region]++
		}
	}
	return out
}

func TestLoggingRoundTrip(t *testing.T) {
	acct := loadAccount(t, loggingAccount)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := loggingErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertLoggingEqual(t, gotLogging(inv), wantLogging(acct, acct.Regions))

	// One item per page: a collector that stopped at the first page would
	// make one call per listing.
	for _, region := range acct.Regions {
		var keys, aliases, tables int
		for _, k := range acct.KMS.Keys {
			if k.Region == region {
				keys++
				aliases += len(k.Aliases)
			}
		}
		for _, tb := range acct.DynamoDB.Tables {
			if tb.Region == region {
				tables++
			}
		}
		// A region without a recorder has no status to read.
		status := 0
		if slices.ContainsFunc(acct.Config.Recorders, func(r inventory.ConfigRecorder) bool { return r.Region == region }) {
			status = 1
		}
		for _, c := range []struct {
			service, op string
			want        int
		}{
			{"kms", "ListKeys", max(keys, 1)},
			{"kms", "ListAliases", max(aliases, 1)},
			{"dynamodb", "ListTables", max(tables, 1)},
			{"cloudtrail", "DescribeTrails", 1},
			{"config", "DescribeConfigurationRecorders", 1},
			{"config", "DescribeConfigurationRecorderStatus", status},
		} {
			if got := callsOf(srv, c.service, c.op)[region]; got != c.want {
				t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, region, got, c.want)
			}
		}
	}
	tagCalls := 0
	for _, tb := range acct.DynamoDB.Tables {
		tagCalls += max(len(tb.Tags), 1)
	}
	if got := sum(callsOf(srv, "dynamodb", "ListTagsOfResource")); got != tagCalls {
		t.Errorf("ListTagsOfResource: %d calls, want one per tag page (%d)", got, tagCalls)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Each trail is read once, in its home region, however many regions list
// it; each key's rotation and policy only where KMS has them to give.
func TestLoggingPerResourceCalls(t *testing.T) {
	acct := loadAccount(t, loggingAccount)
	_, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	for _, op := range []string{"GetTrailStatus", "GetEventSelectors"} {
		got := map[string]int{}
		for _, c := range srv.Calls() {
			if c.Service == "cloudtrail" && c.Operation == op {
				got[c.Resource+"@"+c.Region]++
			}
		}
		want := map[string]int{}
		for _, tr := range acct.CloudTrail.Trails {
			want[tr.Name+"@"+tr.Region] = 1
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s calls (trail@region) = %v, want one per trail in its home region: %v", op, got, want)
		}
	}
	rotation, policies := map[string]int{}, map[string]int{}
	wantRotation, wantPolicies := map[string]int{}, map[string]int{}
	for _, c := range srv.Calls() {
		switch {
		case c.Service == "kms" && c.Operation == "GetKeyRotationStatus":
			rotation[c.Resource]++
		case c.Service == "kms" && c.Operation == "GetKeyPolicy":
			policies[c.Resource]++
		}
	}
	for _, k := range acct.KMS.Keys {
		if k.Manager != inventory.KeyManagerCustomer {
			continue
		}
		wantPolicies[k.ID] = 1
		if k.Spec == "SYMMETRIC_DEFAULT" && k.Origin == "AWS_KMS" {
			wantRotation[k.ID] = 1
		}
	}
	if !reflect.DeepEqual(rotation, wantRotation) {
		t.Errorf("GetKeyRotationStatus calls = %v, want one per customer-managed symmetric AWS_KMS key: %v", rotation, wantRotation)
	}
	if !reflect.DeepEqual(policies, wantPolicies) {
		t.Errorf("GetKeyPolicy calls = %v, want one per customer-managed key: %v", policies, wantPolicies)
	}
}

// A failed operation is recorded exactly, naming the resource when it
// concerns one, and everything else is still collected.
func TestLoggingFailedOperations(t *testing.T) {
	const acctID = "111122223333"
	trailARN := inventory.TrailARN("aws", "us-east-1", acctID, "main")
	keyID := "1a2b3c4d-0000-4000-8000-000000000004"
	keyARN := inventory.KeyARN("aws", "eu-west-1", acctID, keyID)
	tableARN := inventory.TableARN("aws", "eu-west-1", acctID, "orders")
	deny := func(service, op, region, resource string) emulator.Options {
		return emulator.Options{Deny: []emulator.Rule{{Service: service, Operation: op, Region: region, Resource: resource}}}
	}
	for _, tc := range []struct {
		name string
		opts emulator.Options
		want inventory.CollectionError
		// lost takes from the expected inventory what the failure hides.
		lost func(p *loggingPart)
	}{{
		// The organization trail is homed in eu-west-1 but seen as a
		// shadow trail from the other regions, so it is still collected;
		// the single-region trail there is lost.
		name: "trails denied in one region",
		opts: deny("cloudtrail", "DescribeTrails", "eu-west-1", ""),
		want: inventory.CollectionError{Service: "cloudtrail", Region: "eu-west-1", Operation: "DescribeTrails",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			p.CloudTrail.Trails = slices.DeleteFunc(p.CloudTrail.Trails, func(t inventory.Trail) bool { return t.Name == "app-data-writes" })
		},
	}, {
		name: "one trail's selectors failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "cloudtrail", Operation: "GetEventSelectors", Resource: "main"}}},
		want: inventory.CollectionError{Service: "cloudtrail", Region: "us-east-1", Operation: "GetEventSelectors",
			ResourceARN: trailARN, Kind: inventory.ErrService, Code: "InternalFailure"},
		lost: func(p *loggingPart) {
			for i := range p.CloudTrail.Trails {
				if t := &p.CloudTrail.Trails[i]; t.ARN == trailARN {
					t.EventSelectors, t.AdvancedEventSelectors = nil, nil
				}
			}
		},
	}, {
		name: "one trail's status denied",
		opts: deny("cloudtrail", "GetTrailStatus", "", "main"),
		want: inventory.CollectionError{Service: "cloudtrail", Region: "us-east-1", Operation: "GetTrailStatus",
			ResourceARN: trailARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			for i := range p.CloudTrail.Trails {
				if t := &p.CloudTrail.Trails[i]; t.ARN == trailARN {
					t.IsLogging, t.LatestDeliveryError = false, ""
				}
			}
		},
	}, {
		name: "recorder status denied in one region",
		opts: deny("config", "DescribeConfigurationRecorderStatus", "eu-central-1", ""),
		want: inventory.CollectionError{Service: "config", Region: "eu-central-1", Operation: "DescribeConfigurationRecorderStatus",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			for i := range p.Config.Recorders {
				if r := &p.Config.Recorders[i]; r.Region == "eu-central-1" {
					r.Recording, r.LastStatus, r.LastErrorCode = false, "", ""
				}
			}
		},
	}, {
		name: "recorders denied in one region",
		opts: deny("config", "DescribeConfigurationRecorders", "us-east-1", ""),
		want: inventory.CollectionError{Service: "config", Region: "us-east-1", Operation: "DescribeConfigurationRecorders",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			p.Config.Recorders = slices.DeleteFunc(p.Config.Recorders, func(r inventory.ConfigRecorder) bool { return r.Region == "us-east-1" })
		},
	}, {
		// Without its metadata a key is kept, known by ID, ARN and
		// aliases; its rotation and policy are not asked for.
		name: "one key's metadata denied",
		opts: deny("kms", "DescribeKey", "", keyID),
		want: inventory.CollectionError{Service: "kms", Region: "eu-west-1", Operation: "DescribeKey",
			ResourceARN: keyARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			for i := range p.KMS.Keys {
				if k := &p.KMS.Keys[i]; k.ARN == keyARN {
					*k = inventory.Key{Resource: k.Resource, ID: k.ID, Aliases: k.Aliases}
				}
			}
		},
	}, {
		name: "one key's policy failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "kms", Operation: "GetKeyPolicy", Resource: keyID}}},
		want: inventory.CollectionError{Service: "kms", Region: "eu-west-1", Operation: "GetKeyPolicy",
			ResourceARN: keyARN, Kind: inventory.ErrService, Code: "KMSInternalException"},
		lost: func(p *loggingPart) {
			for i := range p.KMS.Keys {
				if k := &p.KMS.Keys[i]; k.ARN == keyARN {
					k.Policy = ""
				}
			}
		},
	}, {
		name: "aliases denied in one region",
		opts: deny("kms", "ListAliases", "eu-west-1", ""),
		want: inventory.CollectionError{Service: "kms", Region: "eu-west-1", Operation: "ListAliases",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			for i := range p.KMS.Keys {
				if k := &p.KMS.Keys[i]; k.Region == "eu-west-1" {
					k.Aliases = nil
				}
			}
		},
	}, {
		name: "keys denied in one region",
		opts: deny("kms", "ListKeys", "us-east-1", ""),
		want: inventory.CollectionError{Service: "kms", Region: "us-east-1", Operation: "ListKeys",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			p.KMS.Keys = slices.DeleteFunc(p.KMS.Keys, func(k inventory.Key) bool { return k.Region == "us-east-1" })
		},
	}, {
		name: "one table's backups denied",
		opts: deny("dynamodb", "DescribeContinuousBackups", "", "orders"),
		want: inventory.CollectionError{Service: "dynamodb", Region: "eu-west-1", Operation: "DescribeContinuousBackups",
			ResourceARN: tableARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			for i := range p.DynamoDB.Tables {
				if tb := &p.DynamoDB.Tables[i]; tb.ARN == tableARN {
					tb.PointInTimeRecovery, tb.RecoveryPeriodDays = false, 0
				}
			}
		},
	}, {
		name: "one table's description failing past retries",
		// Throttled rather than a 500: a 500 past its retries opens the
		// region's DynamoDB breaker (breaker_test.go), and the region's
		// other reads would race it.
		opts: emulator.Options{Throttle: []emulator.Rule{{Service: "dynamodb", Operation: "DescribeTable", Resource: "orders"}}},
		want: inventory.CollectionError{Service: "dynamodb", Region: "eu-west-1", Operation: "DescribeTable",
			ResourceARN: tableARN, Kind: inventory.ErrThrottled, Code: "ThrottlingException"},
		lost: func(p *loggingPart) {
			for i := range p.DynamoDB.Tables {
				if tb := &p.DynamoDB.Tables[i]; tb.ARN == tableARN {
					tb.Status, tb.CreationDate, tb.SSEType, tb.SSEStatus, tb.KMSKeyARN, tb.DeletionProtection = "", time.Time{}, "", "", "", false
				}
			}
		},
	}, {
		name: "one table's tags denied",
		opts: deny("dynamodb", "ListTagsOfResource", "", "orders"),
		want: inventory.CollectionError{Service: "dynamodb", Region: "eu-west-1", Operation: "ListTagsOfResource",
			ResourceARN: tableARN, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			for i := range p.DynamoDB.Tables {
				if tb := &p.DynamoDB.Tables[i]; tb.ARN == tableARN {
					tb.Tags = nil
				}
			}
		},
	}, {
		name: "tables denied in one region",
		opts: deny("dynamodb", "ListTables", "eu-west-1", ""),
		want: inventory.CollectionError{Service: "dynamodb", Region: "eu-west-1", Operation: "ListTables",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *loggingPart) {
			p.DynamoDB.Tables = slices.DeleteFunc(p.DynamoDB.Tables, func(t inventory.Table) bool { return t.Region == "eu-west-1" })
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := loadAccount(t, loggingAccount)
			inv, _ := scanAccount(t, acct, tc.opts, Options{Regions: acct.Regions})
			assertOneError(t, loggingErrors(inv), tc.want)
			want := wantLogging(acct, acct.Regions)
			tc.lost(&want)
			assertLoggingEqual(t, gotLogging(inv), want)
		})
	}
}

// ThrottlingException and the JSON services' server errors are retried
// until they pass: the collected inventory is the same as on a quiet
// endpoint, and the endpoint saw more calls.
func TestLoggingThrottlingAndServerErrorsAreRetried(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: the retryer paces itself under throttling")
	}
	acct := loadAccount(t, loggingAccount)
	_, cleanSrv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	inv, srv := scanAccount(t, acct, emulator.Options{ThrottleRate: 0.1, ServerErrorRate: 0.05, Seed: 7}, Options{Regions: acct.Regions})
	if errs := loggingErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertLoggingEqual(t, gotLogging(inv), wantLogging(acct, acct.Regions))
	count := func(srv *emulator.Server) int {
		return len(slices.DeleteFunc(srv.Calls(), func(c emulator.Call) bool { return !slices.Contains(loggingServices, c.Service) }))
	}
	if got, base := count(srv), count(cleanSrv); got <= base {
		t.Errorf("server saw %d calls, no more than a clean scan's %d: no fault was retried", got, base)
	}
}

// The JSON services do not know credentials in a region the account has
// not enabled. Every listing there is recorded as such, at once, and the
// enabled region is collected in full.
func TestLoggingRegionNotEnabled(t *testing.T) {
	acct := loadAccount(t, loggingAccount)
	srv, url := endpoint(t, acct, emulator.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv := Scan(ctx, testConfig(url), Options{Regions: []string{"ap-east-1", "us-east-1"}})
	if ctx.Err() != nil {
		t.Fatal("scan of a region not enabled did not finish")
	}
	var ops []string
	for _, e := range loggingErrors(inv) {
		if e.Region != "ap-east-1" || e.ResourceARN != "" || e.Kind != inventory.ErrRegionDisabled || e.Code != "UnrecognizedClientException" {
			t.Errorf("error = %+v, want ap-east-1 region-disabled (UnrecognizedClientException)", e)
		}
		ops = append(ops, e.Service+":"+e.Operation)
	}
	slices.Sort(ops)
	want := []string{"cloudtrail:DescribeTrails", "config:DescribeConfigurationRecorders", "dynamodb:ListTables", "kms:ListAliases", "kms:ListKeys"}
	if !slices.Equal(ops, want) {
		t.Errorf("failed operations = %v, want %v", ops, want)
	}
	for _, op := range want {
		service, name, _ := strings.Cut(op, ":")
		if n := callsOf(srv, service, name)["ap-east-1"]; n != 1 {
			t.Errorf("%s sent to ap-east-1 %d times, want once (no retries)", op, n)
		}
	}
	assertLoggingEqual(t, gotLogging(inv), wantLogging(acct, []string{"us-east-1"}))
}

// Every trail is read once: by its home region's job normally, by a region
// that saw it when the home region is not scanned or its listing failed,
// whichever order the regions' listings end in.
func TestTrailSet(t *testing.T) {
	multi := func(home string) inventory.Trail {
		return inventory.Trail{Resource: inventory.Resource{ARN: "arn:aws:cloudtrail:" + home + ":1:trail/t", Region: home}, MultiRegion: true}
	}
	t.Run("home reads its own; shadows are left", func(t *testing.T) {
		s := newTrailSet([]string{"a", "b"})
		if s.take("b", multi("a")) {
			t.Error("b read a's trail before a listed it")
		}
		if !s.take("a", multi("a")) {
			t.Error("a did not read its own trail")
		}
		if got := s.listingDone("a", true); got != nil {
			t.Errorf("a's listing succeeded, yet it was handed %v", got)
		}
		if s.take("b", multi("a")) {
			t.Error("b read a's trail after a did")
		}
	})
	t.Run("home fails after a shadow was seen", func(t *testing.T) {
		s := newTrailSet([]string{"a", "b"})
		s.take("b", multi("a"))
		got := s.listingDone("a", false)
		if len(got) != 1 || got[0].ARN != multi("a").ARN {
			t.Errorf("a's failed listing handed %v, want the trail b saw", got)
		}
		if s.take("b", multi("a")) {
			t.Error("the trail was read twice")
		}
	})
	t.Run("home fails before a shadow is seen", func(t *testing.T) {
		s := newTrailSet([]string{"a", "b"})
		if got := s.listingDone("a", false); got != nil {
			t.Errorf("handed %v with nothing seen", got)
		}
		if !s.take("b", multi("a")) {
			t.Error("b did not read the trail whose home listing failed")
		}
	})
	t.Run("home not scanned", func(t *testing.T) {
		s := newTrailSet([]string{"b", "c"})
		if !s.take("b", multi("a")) || s.take("c", multi("a")) {
			t.Error("want the first region that sees it to read it, once")
		}
	})
}
