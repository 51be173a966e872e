package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// trail adds a trail homed in region after set has configured it.
func trail(name, region string, set func(t *inventory.Trail)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		t := inventory.Trail{Resource: inventory.Resource{Region: region}, Name: name, S3BucketName: "trail-logs"}
		if set != nil {
			set(&t)
		}
		inv.CloudTrail.Trails = append(inv.CloudTrail.Trails, t)
	}
}

func regions(rs ...string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) { inv.Regions = rs }
}

var allManagement = []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}

// good is a multi-region trail that logs every management event.
func good(t *inventory.Trail) {
	t.MultiRegion, t.IsLogging, t.EventSelectors = true, true, allManagement
}

func with(fs ...func(t *inventory.Trail)) func(t *inventory.Trail) {
	return func(t *inventory.Trail) {
		for _, f := range fs {
			f(t)
		}
	}
}

func advanced(sels ...[]inventory.FieldSelector) func(t *inventory.Trail) {
	return func(t *inventory.Trail) {
		t.EventSelectors = nil
		for i, fs := range sels {
			t.AdvancedEventSelectors = append(t.AdvancedEventSelectors, inventory.AdvancedEventSelector{Name: string(rune('a' + i)), FieldSelectors: fs})
		}
	}
}

func field(name string, equals ...string) inventory.FieldSelector {
	return inventory.FieldSelector{Field: name, Equals: equals}
}

const trailARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"

func TestTrailMultiRegion(t *testing.T) {
	runCases(t, trailMultiRegion, []statusCase{
		{"no trail", nil, map[string]Status{":root": Fail}},
		{"multi-region, logging, all management events", trail("main", "us-east-1", good), map[string]Status{":root": Pass}},
		{"homed elsewhere still covers", both(regions("eu-west-1", "us-east-1"), trail("main", "eu-west-1", good)), map[string]Status{":root": Pass}},
		{"an excluded event source still passes", trail("main", "us-east-1", with(good, func(t *inventory.Trail) {
			t.EventSelectors = []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}}
		})), map[string]Status{":root": Pass}},
		{"stopped", trail("main", "us-east-1", with(good, func(t *inventory.Trail) { t.IsLogging = false })), map[string]Status{":root": Fail}},
		{"single region", trail("main", "us-east-1", with(good, func(t *inventory.Trail) { t.MultiRegion = false })), map[string]Status{":root": Fail}},
		{"write events only", trail("main", "us-east-1", with(good, func(t *inventory.Trail) {
			t.EventSelectors = []inventory.EventSelector{{ReadWriteType: "WriteOnly", IncludeManagementEvents: true}}
		})), map[string]Status{":root": Fail}},
		{"reads and writes in two selectors", trail("main", "us-east-1", with(good, func(t *inventory.Trail) {
			t.EventSelectors = []inventory.EventSelector{{ReadWriteType: "WriteOnly", IncludeManagementEvents: true}, {ReadWriteType: "ReadOnly", IncludeManagementEvents: true}}
		})), map[string]Status{":root": Pass}},
		{"data events only", trail("main", "us-east-1", with(good, func(t *inventory.Trail) {
			t.EventSelectors = []inventory.EventSelector{{ReadWriteType: "All", DataResources: []inventory.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}
		})), map[string]Status{":root": Fail}},
		{"advanced: management events", trail("main", "us-east-1", with(good, advanced([]inventory.FieldSelector{field("eventCategory", "Management")}))),
			map[string]Status{":root": Pass}},
		{"advanced: reads and writes apart", trail("main", "us-east-1", with(good, advanced(
			[]inventory.FieldSelector{field("eventCategory", "Management"), field("readOnly", "true")},
			[]inventory.FieldSelector{field("eventCategory", "Management"), field("readOnly", "false")}))),
			map[string]Status{":root": Pass}},
		{"advanced: writes only", trail("main", "us-east-1", with(good, advanced([]inventory.FieldSelector{field("eventCategory", "Management"), field("readOnly", "false")}))),
			map[string]Status{":root": Fail}},
		{"advanced: narrowed by event name", trail("main", "us-east-1", with(good, advanced([]inventory.FieldSelector{field("eventCategory", "Management"), field("eventName", "ConsoleLogin")}))),
			map[string]Status{":root": Fail}},
		{"organization trail counts", trail("org", "us-east-1", with(good, func(t *inventory.Trail) {
			t.ARN, t.AccountID, t.Organization = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org", "999988887777", true
		})), map[string]Status{":root": Pass}},
		{"multi-region trail's selectors unreadable", both(trail("main", "us-east-1", with(good, func(t *inventory.Trail) { t.EventSelectors = nil })),
			denied("cloudtrail", "us-east-1", "GetEventSelectors", trailARN)), map[string]Status{":root": Unknown}},
		{"a passing trail outweighs another's unreadable status", both(trail("main", "us-east-1", good), trail("other", "us-east-1", func(t *inventory.Trail) { t.MultiRegion = true }),
			denied("cloudtrail", "us-east-1", "GetTrailStatus", "arn:aws:cloudtrail:us-east-1:111122223333:trail/other")), map[string]Status{":root": Pass}},
		{"listing denied in the only region", denied("cloudtrail", "us-east-1", "DescribeTrails", ""),
			map[string]Status{":cloudtrail:us-east-1:111122223333:*": Unknown}},
		// Every region lists every multi-region trail: one region's
		// listing is enough to find one.
		{"listing denied in one of two regions", both(regions("eu-west-1", "us-east-1"), denied("cloudtrail", "eu-west-1", "DescribeTrails", "")),
			map[string]Status{":root": Fail, ":cloudtrail:eu-west-1:111122223333:*": Unknown}},
	})
	fs := Run(account(trail("main", "us-east-1", with(good, func(t *inventory.Trail) { t.MultiRegion, t.IsLogging = false, false }))), []Check{trailMultiRegion}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "main logs only us-east-1, is not logging") {
		t.Errorf("finding = %+v", fs)
	}
}

func TestTrailLogValidation(t *testing.T) {
	runCases(t, trailLogValidation, []statusCase{
		{"on", trail("main", "us-east-1", func(t *inventory.Trail) { t.LogFileValidation = true }), map[string]Status{"trail/main": Pass}},
		{"off", trail("main", "us-east-1", nil), map[string]Status{"trail/main": Fail}},
		{"another account's organization trail is not judged", trail("org", "us-east-1", func(t *inventory.Trail) {
			t.ARN, t.AccountID = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org", "999988887777"
		}), map[string]Status{}},
		{"listing denied", denied("cloudtrail", "us-east-1", "DescribeTrails", ""), map[string]Status{":cloudtrail:us-east-1:111122223333:*": Unknown}},
	})
}

func TestTrailBucketLogging(t *testing.T) {
	logged := bkt("trail-logs", func(b *inventory.Bucket) { b.Logging = &inventory.BucketLogging{TargetBucket: "access-logs"} })
	runCases(t, trailBucketLogging, []statusCase{
		{"bucket logged", both(trail("main", "us-east-1", nil), logged), map[string]Status{"trail/main": Pass}},
		{"bucket not logged", both(trail("main", "us-east-1", nil), bkt("trail-logs", nil)), map[string]Status{"trail/main": Fail}},
		{"bucket in another account", trail("main", "us-east-1", nil), map[string]Status{"trail/main": Unknown}},
		{"bucket's logging unreadable", both(trail("main", "us-east-1", nil), bkt("trail-logs", nil), denied("s3", "us-east-1", "GetBucketLogging", "arn:aws:s3:::trail-logs")),
			map[string]Status{"trail/main": Unknown}},
		{"bucket listing denied", both(trail("main", "us-east-1", nil), denied("s3", "", "ListBuckets", "")),
			map[string]Status{"trail/main": Unknown, ":s3::111122223333:*": Unknown}},
	})
}

func TestTrailEncrypted(t *testing.T) {
	runCases(t, trailEncrypted, []statusCase{
		{"kms", trail("main", "us-east-1", func(t *inventory.Trail) { t.KMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/k1" }), map[string]Status{"trail/main": Pass}},
		{"bucket default only", trail("main", "us-east-1", nil), map[string]Status{"trail/main": Fail}},
	})
}

func TestDataEvents(t *testing.T) {
	basic := func(rw string, values ...string) func(t *inventory.Trail) {
		return func(t *inventory.Trail) {
			t.EventSelectors = []inventory.EventSelector{{ReadWriteType: rw, IncludeManagementEvents: true,
				DataResources: []inventory.DataResource{{Type: "AWS::S3::Object", Values: values}}}}
		}
	}
	data := []inventory.FieldSelector{field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object")}
	withARN := func(f inventory.FieldSelector) []inventory.FieldSelector {
		f.Field = "resources.ARN"
		return append(append([]inventory.FieldSelector{}, data...), f)
	}
	logging := func(t *inventory.Trail) { t.MultiRegion, t.IsLogging = true, true }
	b := bkt("data", nil)
	type row struct {
		name        string
		fill        func(inv *inventory.Inventory)
		write, read Status
	}
	for _, r := range []row{
		{"all buckets, all events", both(b, trail("main", "us-east-1", with(logging, basic("All", "arn:aws:s3")))), Pass, Pass},
		{"all buckets, legacy spelling", both(b, trail("main", "us-east-1", with(logging, basic("All", "arn:aws:s3:::")))), Pass, Pass},
		{"this bucket, writes", both(b, trail("main", "us-east-1", with(logging, basic("WriteOnly", "arn:aws:s3:::data/")))), Pass, Fail},
		{"this bucket, reads", both(b, trail("main", "us-east-1", with(logging, basic("ReadOnly", "arn:aws:s3:::data/")))), Fail, Pass},
		{"a prefix only", both(b, trail("main", "us-east-1", with(logging, basic("All", "arn:aws:s3:::data/logs/")))), Fail, Fail},
		{"another bucket", both(b, trail("main", "us-east-1", with(logging, basic("All", "arn:aws:s3:::other/")))), Fail, Fail},
		{"trail not logging", both(b, trail("main", "us-east-1", with(basic("All", "arn:aws:s3"), func(t *inventory.Trail) { t.MultiRegion = true }))), Fail, Fail},
		{"single-region trail elsewhere", both(regions("eu-west-1", "us-east-1"), b,
			trail("main", "eu-west-1", with(logging, basic("All", "arn:aws:s3"), func(t *inventory.Trail) { t.MultiRegion = false }))), Fail, Fail},
		{"multi-region trail elsewhere", both(regions("eu-west-1", "us-east-1"), b, trail("main", "eu-west-1", with(logging, basic("All", "arn:aws:s3")))), Pass, Pass},
		{"advanced: all S3 objects", both(b, trail("main", "us-east-1", with(logging, advanced(data)))), Pass, Pass},
		{"advanced: writes to this bucket", both(b, trail("main", "us-east-1", with(logging, advanced(append(withARN(inventory.FieldSelector{StartsWith: []string{"arn:aws:s3:::data/"}}), field("readOnly", "false")))))), Pass, Fail},
		{"advanced: a prefix of this bucket", both(b, trail("main", "us-east-1", with(logging, advanced(withARN(inventory.FieldSelector{StartsWith: []string{"arn:aws:s3:::data/logs/"}}))))), Fail, Fail},
		{"advanced: this bucket left out", both(b, trail("main", "us-east-1", with(logging, advanced(withARN(inventory.FieldSelector{NotStartsWith: []string{"arn:aws:s3:::data/"}}))))), Fail, Fail},
		{"advanced: another bucket left out", both(b, trail("main", "us-east-1", with(logging, advanced(withARN(inventory.FieldSelector{NotStartsWith: []string{"arn:aws:s3:::other/"}}))))), Pass, Pass},
		{"advanced: part of this bucket left out", both(b, trail("main", "us-east-1", with(logging, advanced(withARN(inventory.FieldSelector{NotStartsWith: []string{"arn:aws:s3:::data/tmp/"}}))))), Fail, Fail},
		{"advanced: narrowed by event name", both(b, trail("main", "us-east-1", with(logging, advanced(append(append([]inventory.FieldSelector{}, data...), field("eventName", "PutObject")))))), Fail, Fail},
		{"advanced: Lambda data events", both(b, trail("main", "us-east-1", with(logging, advanced([]inventory.FieldSelector{field("eventCategory", "Data"), field("resources.type", "AWS::Lambda::Function")})))), Fail, Fail},
		{"selectors unreadable", both(b, trail("main", "us-east-1", logging), denied("cloudtrail", "us-east-1", "GetEventSelectors", trailARN)), Unknown, Unknown},
		{"another trail passes despite one unreadable", both(b, trail("main", "us-east-1", with(logging, basic("All", "arn:aws:s3"))),
			trail("other", "us-east-1", logging), denied("cloudtrail", "us-east-1", "GetEventSelectors", "arn:aws:cloudtrail:us-east-1:111122223333:trail/other")), Pass, Pass},
	} {
		runCases(t, s3WriteDataEvents, []statusCase{{"write: " + r.name, r.fill, map[string]Status{":::data": r.write}}})
		runCases(t, s3ReadDataEvents, []statusCase{{"read: " + r.name, r.fill, map[string]Status{":::data": r.read}}})
	}
	runCases(t, s3WriteDataEvents, []statusCase{
		{"bucket region unreadable", both(bkt("data", func(b *inventory.Bucket) { b.Region = "" }), denied("s3", "", "GetBucketLocation", "arn:aws:s3:::data")),
			map[string]Status{":::data": Unknown}},
		{"trail listing denied in the bucket's region", both(b, denied("cloudtrail", "us-east-1", "DescribeTrails", "")),
			map[string]Status{":::data": Unknown, ":cloudtrail:us-east-1:111122223333:*": Unknown}},
	})
	fs := Run(account(both(b, trail("main", "us-east-1", with(logging, basic("All", "arn:aws:s3:::data/logs/"))))), []Check{s3WriteDataEvents}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "logs only objects under arn:aws:s3:::data/logs/") {
		t.Errorf("a partial selector must be named: %+v", fs)
	}
}
