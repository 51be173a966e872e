package checks

import (
	"fmt"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

var instancePatchTags = Check{
	ID:            "ec2-instance-patch-tags",
	Title:         "Instance has no patch baseline or was not patched recently",
	Description:   "AWS patches the hosts; the guest OS is the customer's to patch. srmscan reads the patch-baseline tag and the last-patched date tag your patching process writes (keys configurable) and fails instances that have no baseline, no date, an unreadable date, or a date older than the allowed age.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Put the instance in a Systems Manager patch group and have your patch run write the last-patched date (ISO-8601) to the instance's tag.",
		Console: "EC2 > Instances > the instance > Tags > Manage tags: add PatchGroup=<baseline> and LastPatched=<YYYY-MM-DD>; Systems Manager > Patch Manager to patch it.",
		CLI:     "aws ec2 create-tags --resources <id> --tags Key=PatchGroup,Value=<baseline> Key=LastPatched,Value=$(date -u +%F)",
	},
	References: []string{"https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-patch-groups.html"},
	Needs:      []Operation{op("ec2", "DescribeInstances")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, in := range inv.EC2.Instances {
			group, last := in.Tags[cfg.PatchGroupTag], in.Tags[cfg.LastPatchedTag]
			r := Result{Status: Fail, Region: in.Region, ResourceARN: in.ARN, Evidence: map[string]any{
				"patch_group_tag": cfg.PatchGroupTag, "patch_group": group,
				"last_patched_tag": cfg.LastPatchedTag, "last_patched": last,
				"max_age_days": cfg.MaxPatchAgeDays,
			}}
			when, err := parseDate(last)
			switch {
			case group == "":
				r.Message = fmt.Sprintf("%s has no %s tag: no patch baseline applies", in.ID, cfg.PatchGroupTag)
			case last == "":
				r.Message = fmt.Sprintf("%s has no %s tag: nothing says it was ever patched", in.ID, cfg.LastPatchedTag)
			case err != nil:
				r.Message = fmt.Sprintf("%s has %s=%q, which is not an ISO-8601 date", in.ID, cfg.LastPatchedTag, last)
			default:
				age := int(cfg.Now.Sub(when).Hours() / 24)
				r.Evidence["age_days"] = age
				if age > cfg.MaxPatchAgeDays {
					r.Message = fmt.Sprintf("%s was last patched %d days ago (more than %d)", in.ID, age, cfg.MaxPatchAgeDays)
				} else {
					r.Status = Pass
					r.Message = fmt.Sprintf("%s is in patch group %q, patched %d days ago", in.ID, group, age)
				}
			}
			out = append(out, r)
		}
		return out
	},
}

// parseDate reads the ISO-8601 forms patch tooling writes: a date, or a
// date and time with a zone.
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO-8601 date: %q", s)
}
