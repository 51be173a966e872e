package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// cloudTrailChecks are the customer's duties on CloudTrail, an abstracted
// service: AWS records API activity and delivers it; turning the recording
// on, deciding what it covers, and protecting the logs are the customer's
// half of configuration management.
var cloudTrailChecks = []Check{
	trailMultiRegion,
	trailLogValidation,
	trailBucketLogging,
	trailEncrypted,
	s3WriteDataEvents,
	s3ReadDataEvents,
}

func trailHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#" + control
}

func trailNeeds(reads ...string) []Operation {
	ops := []Operation{op("cloudtrail", "DescribeTrails")}
	for _, r := range reads {
		ops = append(ops, op("cloudtrail", r))
	}
	return ops
}

// ownTrails are the trails the scanned account owns. An organization trail
// seen from a member account is the management account's to configure:
// its settings are not judged here, though it still counts as logging the
// account.
func ownTrails(inv *inventory.Inventory) []inventory.Trail {
	var out []inventory.Trail
	for _, t := range inv.CloudTrail.Trails {
		if t.AccountID == "" || t.AccountID == inv.AccountID {
			out = append(out, t)
		}
	}
	return out
}

func trailResult(t inventory.Trail, st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	ev["trail"] = t.Name
	return Result{Status: st, Region: t.Region, ResourceARN: t.ARN, Message: msg, Evidence: ev}
}

// resourceFailure returns the failure of one of ops on the resource, if
// any: what a check that reads a related resource (a trail's bucket, a
// table's key) must report as unknown rather than judge.
func resourceFailure(inv *inventory.Inventory, arn string, ops ...Operation) (inventory.CollectionError, bool) {
	for _, e := range inv.Errors {
		if e.ResourceARN == arn && slices.Contains(ops, Operation{e.Service, e.Operation}) {
			return e, true
		}
	}
	return inventory.CollectionError{}, false
}

// coverage is what part of a kind of events a trail's selectors log.
type coverage struct {
	read, write bool
	// partial says why selectors that log some of these events do not log
	// all of them.
	partial []string
	// excluded are management event sources left out (kms.amazonaws.com,
	// rdsdata.amazonaws.com): a documented choice that still logs the rest.
	excluded []string
}

// readWrite turns a basic selector's ReadWriteType into what it logs.
func readWrite(t string) (read, write bool) {
	return t == "All" || t == "ReadOnly", t == "All" || t == "WriteOnly"
}

// readOnlyField reads an advanced selector's readOnly condition: "true"
// logs reads only, "false" writes only, no condition both.
func readOnlyField(f inventory.FieldSelector) (read, write bool) {
	return slices.Contains(f.Equals, "true"), slices.Contains(f.Equals, "false")
}

// managementCoverage is which management events a trail logs.
func managementCoverage(t inventory.Trail) coverage {
	var c coverage
	for _, s := range t.EventSelectors {
		if !s.IncludeManagementEvents {
			continue
		}
		r, w := readWrite(s.ReadWriteType)
		c.read, c.write = c.read || r, c.write || w
		c.excluded = append(c.excluded, s.ExcludeManagementEventSources...)
	}
	for _, a := range t.AdvancedEventSelectors {
		management, r, w := false, true, true
		var narrowed string
		for _, f := range a.FieldSelectors {
			switch {
			case f.Field == "eventCategory":
				management = slices.Contains(f.Equals, "Management")
			case f.Field == "readOnly":
				r, w = readOnlyField(f)
			case f.Field == "eventSource" && len(f.NotEquals) > 0 && len(f.Equals)+len(f.StartsWith)+len(f.EndsWith)+len(f.NotStartsWith)+len(f.NotEndsWith) == 0:
				c.excluded = append(c.excluded, f.NotEquals...)
			default:
				narrowed = f.Field
			}
		}
		switch {
		case !management:
		case narrowed != "":
			c.partial = append(c.partial, fmt.Sprintf("selector %q narrows management events by %s", a.Name, narrowed))
		default:
			c.read, c.write = c.read || r, c.write || w
		}
	}
	return c
}

// objectCoverage is which of a bucket's object-level (data) events a
// trail's selectors log. Only selectors that cover every object of the
// bucket count; those that cover some (a prefix, an event name) are
// reported as partial.
func objectCoverage(t inventory.Trail, partition string, b inventory.Bucket) coverage {
	var c coverage
	objects := b.ARN + "/"
	all := []string{"arn:" + partition + ":s3", "arn:" + partition + ":s3:::"}
	for _, s := range t.EventSelectors {
		for _, d := range s.DataResources {
			if d.Type != "AWS::S3::Object" {
				continue
			}
			r, w := readWrite(s.ReadWriteType)
			for _, v := range d.Values {
				switch {
				case slices.Contains(all, v) || v == objects:
					c.read, c.write = c.read || r, c.write || w
				case strings.HasPrefix(v, objects):
					c.partial = append(c.partial, "logs only objects under "+v)
				}
			}
		}
	}
	for _, a := range t.AdvancedEventSelectors {
		data, s3, r, w := false, false, true, true
		applies, why := true, ""
		for _, f := range a.FieldSelectors {
			switch f.Field {
			case "eventCategory":
				data = slices.Contains(f.Equals, "Data")
			case "resources.type":
				s3 = slices.Contains(f.Equals, "AWS::S3::Object")
			case "readOnly":
				r, w = readOnlyField(f)
			case "resources.ARN":
				applies, why = arnFieldCovers(f, objects)
			default:
				why = "narrows them by " + f.Field
			}
			if !applies {
				break
			}
		}
		switch {
		case !data || !s3 || !applies:
		case why != "":
			c.partial = append(c.partial, fmt.Sprintf("selector %q %s", a.Name, why))
		default:
			c.read, c.write = c.read || r, c.write || w
		}
	}
	return c
}

// arnFieldCovers reads an advanced selector's resources.ARN condition for
// the objects under prefix (a bucket's ARN and "/"): applies is false when
// it leaves every one of them out; why is set when it keeps only some.
func arnFieldCovers(f inventory.FieldSelector, prefix string) (applies bool, why string) {
	inside := func(v string) bool { return strings.HasPrefix(v, prefix) && v != prefix }
	covers := func(v string) bool { return strings.HasPrefix(prefix, v) }
	if f.StartsWith != nil && !slices.ContainsFunc(f.StartsWith, covers) {
		if slices.ContainsFunc(f.StartsWith, inside) {
			return true, "logs only objects under " + strings.Join(slices.DeleteFunc(slices.Clone(f.StartsWith), func(v string) bool { return !inside(v) }), ", ")
		}
		return false, ""
	}
	if f.Equals != nil {
		if slices.ContainsFunc(f.Equals, inside) {
			return true, "logs only named objects"
		}
		return false, ""
	}
	if slices.ContainsFunc(f.NotStartsWith, covers) {
		return false, ""
	}
	if slices.ContainsFunc(f.NotStartsWith, inside) || slices.ContainsFunc(f.NotEquals, inside) {
		return true, "leaves out some of the bucket's objects"
	}
	if f.EndsWith != nil || f.NotEndsWith != nil {
		return true, "logs only objects whose names end a certain way"
	}
	return true, ""
}

// logs reports whether a trail logs events that happen in region.
func logs(t inventory.Trail, region string) bool { return t.MultiRegion || t.Region == region }

var trailMultiRegion = Check{
	ID:            "cloudtrail-multi-region-logging",
	Title:         "No multi-region trail is logging management events",
	Description:   "Without a trail that covers every region and records every management event, read and write, API activity in an unwatched region (an attacker's favourite place to start instances) or of some kind goes unrecorded, and nobody can tell afterwards who changed what. The trail must be logging: one that was stopped records nothing. AWS records the events; creating and keeping such a trail is the customer's half of configuration management. An organization trail from the management account counts. Excluding a noisy event source (KMS, RDS Data API) is reported in the evidence but still passes.",
	Severity:      High,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "cloudtrail",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::::Account",
	Remediation: Remediation{
		Text:    "Create (or convert an existing trail into) a multi-region trail with management events, read and write, and start its logging.",
		Console: "CloudTrail > Trails > Create trail (trails made in the console apply to all regions): Management events: Read and Write; or the trail > Edit > Apply trail to all regions, then Start logging.",
		CLI:     "aws cloudtrail update-trail --name <trail> --is-multi-region-trail && aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]' && aws cloudtrail start-logging --name <trail>",
	},
	References: []string{"CIS 3.1", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html", trailHub("cloudtrail-1")},
	Needs:      trailNeeds("GetTrailStatus", "GetEventSelectors"),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		r := Result{Status: Fail, ResourceARN: inventory.AccountARN(inv.Partition, inv.AccountID)}
		var near []string
		var gap *inventory.CollectionError
		for _, t := range inv.CloudTrail.Trails {
			c := managementCoverage(t)
			if t.MultiRegion && t.IsLogging && c.read && c.write {
				r.Status = Pass
				r.Message = "trail " + t.Name + " logs every management event, read and write, in every region"
				r.Evidence = map[string]any{"trail": t.Name, "trail_arn": t.ARN, "home_region": t.Region, "organization": t.Organization}
				if c.excluded != nil {
					r.Evidence["excluded_event_sources"] = c.excluded
					r.Message += " but those of " + strings.Join(c.excluded, ", ")
				}
				return []Result{r}
			}
			if e, ok := resourceFailure(inv, t.ARN, op("cloudtrail", "GetTrailStatus"), op("cloudtrail", "GetEventSelectors")); ok && t.MultiRegion {
				gap = &e
			}
			var why []string
			if !t.MultiRegion {
				why = append(why, "logs only "+t.Region)
			}
			if !t.IsLogging {
				why = append(why, "is not logging")
			}
			switch {
			case !c.read && !c.write:
				why = append(why, "records no management events")
			case !c.read:
				why = append(why, "records write management events only")
			case !c.write:
				why = append(why, "records read management events only")
			}
			why = append(why, c.partial...)
			near = append(near, t.Name+" "+strings.Join(why, ", "))
		}
		if gap != nil {
			// A multi-region trail whose status or selectors could not be
			// read may be the one that passes.
			return []Result{unknownFrom(r, *gap)}
		}
		if failedEverywhere(inv, "cloudtrail", "DescribeTrails") {
			return nil
		}
		r.Evidence = map[string]any{"trails": len(inv.CloudTrail.Trails)}
		if len(near) == 0 {
			r.Message = "the account has no CloudTrail trail: API activity is not recorded anywhere"
		} else {
			r.Message = "no trail logs every management event in every region: " + strings.Join(near, "; ")
			r.Evidence["why_not"] = near
		}
		return []Result{r}
	},
}

// failedEverywhere reports whether a regional listing failed in every
// scanned region, so an account-wide verdict has nothing to stand on. Run
// then reports each region's failure as unknown.
func failedEverywhere(inv *inventory.Inventory, service, operation string) bool {
	if len(inv.Regions) == 0 {
		return false
	}
	for _, region := range inv.Regions {
		if !slices.ContainsFunc(inv.Errors, func(e inventory.CollectionError) bool {
			return e.Service == service && e.Operation == operation && e.Region == region && e.ResourceARN == ""
		}) {
			return false
		}
	}
	return true
}

var trailLogValidation = Check{
	ID:            "cloudtrail-log-file-validation",
	Title:         "Trail log file validation is off",
	Description:   "With log file validation, CloudTrail delivers a signed digest file every hour, so anyone can prove later that no log file was changed or deleted after delivery; without it, an intruder who reaches the bucket can rewrite the record of what they did. AWS signs the digests; turning validation on is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "cloudtrail",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::CloudTrail::Trail",
	Remediation: Remediation{
		Text:    "Enable log file validation on the trail, and validate the logs with the CLI when you rely on them.",
		Console: "CloudTrail > Trails > the trail > General details > Edit: Log file validation: Enabled.",
		CLI:     "aws cloudtrail update-trail --name <trail> --enable-log-file-validation",
	},
	References: []string{"CIS 3.2", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html", trailHub("cloudtrail-4")},
	Needs:      trailNeeds(),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, t := range ownTrails(inv) {
			ev := map[string]any{"log_file_validation": t.LogFileValidation}
			if t.LogFileValidation {
				out = append(out, trailResult(t, Pass, t.Name+" delivers signed digest files", ev))
			} else {
				out = append(out, trailResult(t, Fail, t.Name+" has log file validation off: changes to its log files cannot be detected", ev))
			}
		}
		return out
	},
}

var trailBucketLogging = Check{
	ID:            "cloudtrail-bucket-access-logging",
	Title:         "Trail's S3 bucket does not log access to itself",
	Description:   "Server access logging on the bucket CloudTrail delivers to records who read, overwrote or deleted the audit logs, which CloudTrail itself does not record unless it logs the bucket's data events. AWS delivers the access logs; turning them on is the customer's half of configuration management. A bucket in another account (a central logging account) or in a region not scanned cannot be read from here: it is reported as unknown, to check in that account.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "cloudtrail",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::CloudTrail::Trail",
	Remediation: Remediation{
		Text:    "Turn on server access logging for the trail's bucket, to a separate log bucket.",
		Console: "S3 > the trail's bucket > Properties > Server access logging > Edit: Enable, choose the destination bucket.",
		CLI:     `aws s3api put-bucket-logging --bucket <trail-bucket> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<trail-bucket>/"}}'`,
	},
	References: []string{"CIS 3.4", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html", trailHub("cloudtrail-7")},
	Needs:      append(trailNeeds(), bucketNeeds("GetBucketLogging")...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, t := range ownTrails(inv) {
			ev := map[string]any{"bucket": t.S3BucketName}
			i := slices.IndexFunc(inv.S3.Buckets, func(b inventory.Bucket) bool { return b.Name == t.S3BucketName })
			if i < 0 {
				out = append(out, trailResult(t, Unknown, fmt.Sprintf("%s delivers to bucket %s, which is not among the account's buckets in the scanned regions: check its access logging in the account that owns it", t.Name, t.S3BucketName), ev))
				continue
			}
			b := inv.S3.Buckets[i]
			if e, ok := resourceFailure(inv, b.ARN, op("s3", "GetBucketLogging"), op("s3", "GetBucketLocation")); ok {
				r := unknownFrom(trailResult(t, Unknown, "", nil), e)
				r.Evidence["bucket"] = b.Name
				out = append(out, r)
				continue
			}
			if l := b.Logging; l != nil {
				ev["target_bucket"], ev["target_prefix"] = l.TargetBucket, l.TargetPrefix
				out = append(out, trailResult(t, Pass, fmt.Sprintf("%s's bucket %s logs access to s3://%s/%s", t.Name, b.Name, l.TargetBucket, l.TargetPrefix), ev))
			} else {
				ev["logging"] = nil
				out = append(out, trailResult(t, Fail, fmt.Sprintf("%s's bucket %s has server access logging off: reads and deletions of the audit logs go unrecorded", t.Name, b.Name), ev))
			}
		}
		return out
	},
}

var trailEncrypted = Check{
	ID:           "cloudtrail-kms-encryption",
	Title:        "Trail logs are not encrypted with a KMS key",
	Description:  "By default CloudTrail log files get the bucket's encryption, usually SSE-S3, so anyone allowed to read the bucket reads the logs. With SSE-KMS, reading them also takes kms:Decrypt on the trail's key, granted separately, and every decryption is itself logged. AWS provides the encryption; choosing a key for the account's audit record is the customer's alone.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "cloudtrail",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CloudTrail::Trail",
	Remediation: Remediation{
		Text:    "Create a customer managed KMS key whose policy lets CloudTrail encrypt and your log readers decrypt, and configure the trail to use it.",
		Console: "CloudTrail > Trails > the trail > General details > Edit: Log file SSE-KMS encryption: Enabled, choose or create the key.",
		CLI:     "aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>",
	},
	References: []string{"CIS 3.5", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html", trailHub("cloudtrail-2")},
	Needs:      trailNeeds(),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, t := range ownTrails(inv) {
			if t.KMSKeyID == "" {
				out = append(out, trailResult(t, Fail, t.Name+" does not encrypt its log files with a KMS key: whoever can read its bucket reads them", map[string]any{"kms_key_id": nil}))
				continue
			}
			ev := map[string]any{"kms_key_id": t.KMSKeyID}
			msg := t.Name + " encrypts its log files with KMS key " + t.KMSKeyID
			if k := findKey(inv, t.Region, t.KMSKeyID); k != nil {
				ev["key_state"] = k.State
				if k.State == "PendingDeletion" {
					msg += " (pending deletion: see kms-key-pending-deletion-in-use)"
				}
			}
			out = append(out, trailResult(t, Pass, msg, ev))
		}
		return out
	},
}

// dataEventsCheck builds the CIS 3.8 and 3.9 checks, which differ only in
// whether they ask for writes or reads.
func dataEventsCheck(id, kind, cis, hub string, severity Severity, want func(coverage) bool) Check {
	rwType := map[string]string{"write": "WriteOnly", "read": "ReadOnly"}[kind]
	return Check{
		ID:            id,
		Title:         "Bucket's object-level " + kind + " events are not logged",
		Description:   "CloudTrail's management events say who changed a bucket's settings, not who " + map[string]string{"write": "put or deleted its objects", "read": "read its objects"}[kind] + ". Object-level (data) events do; without them an intrusion that goes for the data leaves no trace in the audit log. A bucket passes when a trail that is logging, and covers its region, records the " + kind + " data events of every object in it (all buckets, or the bucket itself; a prefix or an event-name filter covers part and is reported). AWS records the events; choosing to log them is the customer's half of configuration management.",
		Severity:      severity,
		Category:      Shared,
		SharedControl: ConfigurationManagement,
		Domain:        CustomerData,
		Service:       "cloudtrail",
		ServiceModel:  Abstracted,
		ResourceType:  "AWS::S3::Bucket",
		Remediation: Remediation{
			Text:    "Add an event selector for S3 data events, " + kind + " (or all), on every bucket or on this one, to a trail that covers the bucket's region. Data events are charged per event: an advanced selector can limit them to the buckets that matter.",
			Console: "CloudTrail > Trails > the trail > Data events > Edit: Data event type S3, Log selector template: Log " + map[string]string{"write": "writeOnly", "read": "readOnly"}[kind] + " events (or all events), for all buckets or this one.",
			CLI:     `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"` + rwType + `","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::<bucket>/"]}]}]'`,
		},
		References: []string{"CIS " + cis, "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
			"https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#" + hub},
		Needs: append(trailNeeds("GetTrailStatus", "GetEventSelectors"), op("s3", "ListBuckets"), op("s3", "GetBucketLocation")),
		Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
			var out []Result
			for _, b := range inv.S3.Buckets {
				r := bucketResult(b, Fail, "", map[string]any{})
				var notes []string
				var gap *inventory.CollectionError
				considered := []string{}
				for _, t := range inv.CloudTrail.Trails {
					if !logs(t, b.Region) {
						continue
					}
					considered = append(considered, t.Name)
					c := objectCoverage(t, orAWSPartition(inv.Partition), b)
					if want(c) && t.IsLogging {
						r.Status = Pass
						r.Message = fmt.Sprintf("trail %s logs %s's object-level %s events", t.Name, b.Name, kind)
						r.Evidence = map[string]any{"trail": t.Name, "trail_arn": t.ARN}
						break
					}
					if e, ok := resourceFailure(inv, t.ARN, op("cloudtrail", "GetTrailStatus"), op("cloudtrail", "GetEventSelectors")); ok {
						gap = &e
					}
					switch {
					case want(c):
						notes = append(notes, t.Name+" would log them but is not logging")
					case c.partial != nil:
						notes = append(notes, t.Name+": "+strings.Join(c.partial, "; "))
					}
				}
				if r.Status == Pass {
					out = append(out, r)
					continue
				}
				if gap != nil {
					out = append(out, unknownFrom(r, *gap))
					continue
				}
				r.Message = fmt.Sprintf("no logging trail records %s's object-level %s events", b.Name, kind)
				// The trails that log the bucket's region, none of which
				// records these events.
				r.Evidence["trails"] = considered
				if notes != nil {
					r.Message += " (" + strings.Join(notes, "; ") + ")"
					r.Evidence["why_not"] = notes
				}
				out = append(out, r)
			}
			return out
		},
	}
}

func orAWSPartition(p string) string {
	if p == "" {
		return "aws"
	}
	return p
}

var s3WriteDataEvents = dataEventsCheck("cloudtrail-s3-object-write-events", "write", "3.8", "s3-22", Medium, func(c coverage) bool { return c.write })

var s3ReadDataEvents = dataEventsCheck("cloudtrail-s3-object-read-events", "read", "3.9", "s3-23", Medium, func(c coverage) bool { return c.read })
