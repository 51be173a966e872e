package demo

import (
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// TestKeysAndLogsAreCoherent holds the logging, key and table part of the
// story together: every key a resource names exists in that resource's
// region, every trail writes to one of the account's buckets and names
// buckets that exist in its selectors, and key dates make sense.
func TestKeysAndLogsAreCoherent(t *testing.T) {
	acct := account(t)
	keys := map[string]inventory.Key{}
	for _, k := range acct.KMS.Keys {
		if keys[k.ARN].ARN != "" {
			t.Errorf("key %s is listed twice", k.ARN)
		}
		keys[k.ARN] = k
		if !slices.Contains(acct.Regions, k.Region) {
			t.Errorf("key %s: region %s is not one of the account's", k.ID, k.Region)
		}
		if k.CreationDate.IsZero() || k.CreationDate.After(acct.StartedAt) {
			t.Errorf("key %s: creation_date %v is missing or after started_at", k.ID, k.CreationDate)
		}
		// KMS waits 7 to 30 days before deleting a key.
		pending := k.State == "PendingDeletion"
		if d := k.DeletionDate.Sub(acct.StartedAt).Hours() / 24; pending != (d > 0) || pending && d > 30 {
			t.Errorf("key %s: state %s with deletion_date %v", k.ID, k.State, k.DeletionDate)
		}
		if k.Manager == inventory.KeyManagerCustomer {
			validJSON(t, "policy of key "+k.ID, k.Policy)
		} else if k.Policy != "" || k.RotationEnabled {
			t.Errorf("key %s is AWS managed: srmscan reads neither its policy nor its rotation", k.ID)
		}
		for _, a := range k.Aliases {
			if !strings.HasPrefix(a, "alias/") || strings.HasPrefix(a, "alias/aws/") != (k.Manager == inventory.KeyManagerAWS) {
				t.Errorf("key %s (%s): alias %s does not fit", k.ID, k.Manager, a)
			}
		}
	}
	// A resource and its key are always in the same region.
	uses := func(what, region, ref string) {
		if ref == "" {
			return
		}
		k, ok := keys[ref]
		if !ok || k.Region != region {
			t.Errorf("%s names key %s, which is not a key of %s", what, ref, region)
		}
	}
	for _, v := range acct.EC2.Volumes {
		uses("volume "+v.ID, v.Region, v.KMSKeyID)
	}
	for _, s := range acct.EC2.Snapshots {
		uses("snapshot "+s.ID, s.Region, s.KMSKeyID)
	}
	for _, d := range acct.RDS.Instances {
		uses("RDS instance "+d.ID, d.Region, d.KMSKeyID)
	}
	for _, d := range acct.RDS.Snapshots {
		uses("RDS snapshot "+d.ID, d.Region, d.KMSKeyID)
	}
	for _, f := range acct.EFS.FileSystems {
		uses("file system "+f.ID, f.Region, f.KMSKeyID)
	}
	for _, tb := range acct.DynamoDB.Tables {
		uses("table "+tb.Name, tb.Region, tb.KMSKeyARN)
		if (tb.SSEType == "KMS") != (tb.KMSKeyARN != "") {
			t.Errorf("table %s: sse_type %q with key %q", tb.Name, tb.SSEType, tb.KMSKeyARN)
		}
	}
	buckets := map[string]inventory.Bucket{}
	for _, b := range acct.S3.Buckets {
		buckets[b.Name] = b
		if e := b.Encryption; e != nil {
			uses("bucket "+b.Name, b.Region, e.KMSKeyID)
		}
	}
	for _, tr := range acct.CloudTrail.Trails {
		b, ok := buckets[tr.S3BucketName]
		if !ok {
			t.Errorf("trail %s delivers to %s, which is not one of the account's buckets", tr.Name, tr.S3BucketName)
		}
		// CloudTrail needs its key in its bucket's region.
		uses("trail "+tr.Name, b.Region, tr.KMSKeyID)
		for _, a := range tr.AdvancedEventSelectors {
			for _, f := range a.FieldSelectors {
				for _, v := range slices.Concat(f.StartsWith, f.Equals) {
					name, ok := strings.CutPrefix(v, "arn:aws:s3:::")
					if name, _, _ = strings.Cut(name, "/"); ok && buckets[name].Name == "" {
						t.Errorf("trail %s selector %q names bucket %s, which does not exist", tr.Name, a.Name, name)
					}
				}
			}
		}
	}
	regions := map[string]int{}
	for _, r := range acct.Config.Recorders {
		if !slices.Contains(acct.Regions, r.Region) {
			t.Errorf("recorder %s: region %s is not one of the account's", r.Name, r.Region)
		}
		if r.ServicePrincipal == "" {
			regions[r.Region]++
		}
	}
	for r, n := range regions {
		if n > 1 {
			t.Errorf("%s has %d customer-managed recorders; AWS allows one", r, n)
		}
	}
}
