package scanner

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/srmscan/srmscan/inventory"
)

// The largest pages ListKeys and ListAliases accept.
const (
	kmsMaxKeys    = 1000
	kmsMaxAliases = 100
)

// collectKMS lists a region's keys, AWS managed ones included, and reads
// each key in a job of its own. Aliases are listed first so each key
// carries its names: references to a key (a bucket's default encryption,
// say) may use them.
func (s *scan) collectKMS(ctx context.Context, region string) {
	c := s.clients.KMS(region)
	aliases := map[string][]string{}
	ap := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{Limit: aws.Int32(kmsMaxAliases)})
	// A failed alias listing leaves the keys without names; the failure
	// says so, and the keys are still read.
	allPages(ctx, s, "kms", region, "ListAliases", ap, func(page *kms.ListAliasesOutput) {
		for _, a := range page.Aliases {
			// AWS lists the aliases it reserves for its services' keys
			// before those keys exist; they name nothing yet.
			if id := aws.ToString(a.TargetKeyId); id != "" {
				aliases[id] = append(aliases[id], aws.ToString(a.AliasName))
			}
		}
	})
	kp := kms.NewListKeysPaginator(c, &kms.ListKeysInput{Limit: aws.Int32(kmsMaxKeys)})
	allPages(ctx, s, "kms", region, "ListKeys", kp, func(page *kms.ListKeysOutput) {
		for _, k := range page.Keys {
			id := aws.ToString(k.KeyId)
			key := inventory.Key{
				Resource: inventory.Resource{ARN: aws.ToString(k.KeyArn), AccountID: s.account(), Region: region},
				ID:       id,
				Aliases:  slices.Sorted(slices.Values(aliases[id])),
			}
			if key.ARN == "" {
				key.ARN = inventory.KeyARN(s.partition(), region, s.account(), id)
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectKey(ctx, c, key) })
		}
	})
}

// collectKey reads a key's metadata and, for a customer-managed key, its
// rotation and policy: AWS rotates its own keys every year and writes
// their policies. A key whose reads fail is kept, with the failures naming
// it.
func (s *scan) collectKey(ctx context.Context, c *kms.Client, k inventory.Key) {
	defer s.add(func(inv *inventory.Inventory) { inv.KMS.Keys = append(inv.KMS.Keys, k) })
	fail := func(op string, err error) { s.fail("kms", k.Region, op, k.ARN, err) }

	out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ARN)})
	if err != nil {
		// Without the metadata it is not known which reads apply.
		fail("DescribeKey", err)
		return
	}
	if m := out.KeyMetadata; m != nil {
		k.Manager = string(m.KeyManager)
		k.Spec = string(m.KeySpec)
		k.Usage = string(m.KeyUsage)
		k.State = string(m.KeyState)
		k.Origin = string(m.Origin)
		k.Description = aws.ToString(m.Description)
		k.CreationDate = utc(m.CreationDate)
		if m.DeletionDate != nil {
			k.DeletionDate = utc(m.DeletionDate)
		}
		k.MultiRegion = aws.ToBool(m.MultiRegion)
	}
	if k.Manager != string(types.KeyManagerTypeCustomer) {
		return
	}
	// Only symmetric keys with key material KMS generated rotate on a
	// schedule; KMS refuses the call for the others.
	if k.Spec == string(types.KeySpecSymmetricDefault) && k.Origin == string(types.OriginTypeAwsKms) {
		out, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k.ARN)})
		if err != nil {
			fail("GetKeyRotationStatus", err)
		} else {
			k.RotationEnabled = out.KeyRotationEnabled
			k.RotationPeriodDays = aws.ToInt32(out.RotationPeriodInDays)
		}
	}
	if out, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(k.ARN), PolicyName: aws.String("default")}); err != nil {
		fail("GetKeyPolicy", err)
	} else {
		k.Policy = aws.ToString(out.Policy)
	}
}
