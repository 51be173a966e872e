package compliance

import (
	"regexp"
	"slices"
	"testing"
)

// fsbpPendingIDs are controls of services other sessions are adding to
// fsbp.go (Lambda, ECR, ECS, EKS, Elastic Beanstalk, EMR, SSM). fsbpRelated
// already carries their related requirements; this list can shrink, and
// finally go, once they are in fsbp.go.
var fsbpPendingIDs = []string{
	"Lambda.1", "Lambda.2", "Lambda.3", "Lambda.5",
	"ECR.1", "ECR.2", "ECR.3",
	"ECS.2", "ECS.3", "ECS.4", "ECS.5", "ECS.8", "ECS.9", "ECS.10", "ECS.12", "ECS.16",
	"EKS.1", "EKS.2", "EKS.3", "EKS.8",
	"ElasticBeanstalk.1", "ElasticBeanstalk.2", "ElasticBeanstalk.3",
	"EMR.1", "EMR.2", "EMR.3", "EMR.4",
	"SSM.1", "SSM.2", "SSM.3", "SSM.4",
}

// The shapes AWS's entries take once respelled: a NIST SP 800-53 r5 control
// with optional enhancements, or a PCI DSS v4.0.1 requirement number.
var relatedShape = regexp.MustCompile(`^(NIST SP 800-53 r5 [A-Z]{2}-\d+(\(\d+\))*|PCI DSS v4\.0\.1 \d+(\.\d+)*)$`)

// Every key names an FSBP control (or one of the pending services), so a
// typo in an ID fails; every entry has one of the two shapes, appears once,
// and no control has an empty list.
func TestFSBPRelatedKeysAndShapes(t *testing.T) {
	f, ok := Lookup("aws-fsbp")
	if !ok {
		t.Fatal("aws-fsbp not found")
	}
	known := map[string]bool{}
	for _, c := range f.Controls {
		known[c.ID] = true
	}
	for _, id := range fsbpPendingIDs {
		known[id] = true
	}
	for id, refs := range fsbpRelated {
		if !known[id] {
			t.Errorf("fsbpRelated[%q]: not a control of aws-fsbp nor of the pending services", id)
		}
		if len(refs) == 0 {
			t.Errorf("fsbpRelated[%q]: empty; leave the control out instead", id)
		}
		seen := map[string]bool{}
		for _, r := range refs {
			if !relatedShape.MatchString(r) {
				t.Errorf("fsbpRelated[%q]: %q is not \"NIST SP 800-53 r5 XX-n(m)\" nor \"PCI DSS v4.0.1 n.n\"", id, r)
			}
			if seen[r] {
				t.Errorf("fsbpRelated[%q]: %q twice", id, r)
			}
			seen[r] = true
		}
	}
}

// The framework carries the table: every FSBP control's Related is its
// entry, and Evaluate copies it into the view.
func TestFSBPRelatedJoined(t *testing.T) {
	f, _ := Lookup("aws-fsbp")
	with := 0
	for _, c := range f.Controls {
		if !slices.Equal(c.Related, fsbpRelated[c.ID]) {
			t.Errorf("%s: Related = %v, want %v", c.ID, c.Related, fsbpRelated[c.ID])
		}
		if len(c.Related) > 0 {
			with++
		}
	}
	if with < 100 {
		t.Errorf("only %d FSBP controls carry related requirements", with)
	}
	v := Evaluate(f, nil, func(string) bool { return true })
	for _, r := range v.Controls {
		if !slices.Equal(r.Related, fsbpRelated[r.ID]) {
			t.Errorf("view %s: Related = %v, want %v", r.ID, r.Related, fsbpRelated[r.ID])
		}
	}
	for _, id := range []string{"cis-5.0", "cis-3.0"} {
		cis, _ := Lookup(id)
		for _, c := range cis.Controls {
			if c.Related != nil {
				t.Errorf("%s %s: Related = %v, want none", id, c.ID, c.Related)
			}
		}
	}
}

// Spot checks against the "Related requirements" lines of AWS's Security Hub
// control reference, so a shifted or mistyped table fails.
func TestFSBPRelatedSpotChecks(t *testing.T) {
	publicAccess := []string{
		"NIST SP 800-53 r5 AC-21", "NIST SP 800-53 r5 AC-3", "NIST SP 800-53 r5 AC-3(7)",
		"NIST SP 800-53 r5 AC-4", "NIST SP 800-53 r5 AC-4(21)", "NIST SP 800-53 r5 AC-6",
		"NIST SP 800-53 r5 SC-7", "NIST SP 800-53 r5 SC-7(11)", "NIST SP 800-53 r5 SC-7(16)",
		"NIST SP 800-53 r5 SC-7(20)", "NIST SP 800-53 r5 SC-7(21)", "NIST SP 800-53 r5 SC-7(3)",
		"NIST SP 800-53 r5 SC-7(4)", "NIST SP 800-53 r5 SC-7(9)",
	}
	for id, want := range map[string][]string{
		// s3-controls.html: public access block, and PCI DSS v4.0.1/1.4.4.
		"S3.1": append(slices.Clone(publicAccess), "PCI DSS v4.0.1 1.4.4"),
		// iam-controls.html: AWS lists PCI DSS v3.2.1 only, so none kept.
		"IAM.4": {"NIST SP 800-53 r5 AC-2(1)", "NIST SP 800-53 r5 AC-3(15)", "NIST SP 800-53 r5 AC-3(7)",
			"NIST SP 800-53 r5 AC-6", "NIST SP 800-53 r5 AC-6(10)", "NIST SP 800-53 r5 AC-6(2)"},
		"IAM.3": {"NIST SP 800-53 r5 AC-2(1)", "NIST SP 800-53 r5 AC-2(3)", "NIST SP 800-53 r5 AC-3(15)",
			"PCI DSS v4.0.1 8.3.9", "PCI DSS v4.0.1 8.6.3"},
		"EC2.14":       {"PCI DSS v4.0.1 1.3.1"},
		"KMS.4":        {"NIST SP 800-53 r5 SC-12", "NIST SP 800-53 r5 SC-12(2)", "NIST SP 800-53 r5 SC-28(3)", "PCI DSS v4.0.1 3.7.4"},
		"CloudTrail.3": {"PCI DSS v4.0.1 10.2.1"},
		"EFS.4":        {"NIST SP 800-53 r5 AC-6(2)", "PCI DSS v4.0.1 7.3.1"},
		"GuardDuty.9":  {"PCI DSS v4.0.1 11.5.1"},
		"RDS.24":       {"NIST SP 800-53 r5 CA-9(1)", "NIST SP 800-53 r5 CM-2", "PCI DSS v4.0.1 2.2.2"},
		"ECR.1":        {"NIST SP 800-53 r5 RA-5", "PCI DSS v4.0.1 6.2.3", "PCI DSS v4.0.1 6.2.4"},
		"Lambda.1":     append(slices.Clone(publicAccess), "PCI DSS v4.0.1 7.2.1"),
	} {
		if got := fsbpRelated[id]; !slices.Equal(got, want) {
			t.Errorf("fsbpRelated[%q] =\n  %v\nwant (AWS's page)\n  %v", id, got, want)
		}
	}
	// AWS lists no NIST SP 800-53 r5 or PCI DSS v4.0.1 requirement for these.
	for _, id := range []string{"IAM.10", "IAM.22", "IAM.26", "KMS.5", "SNS.4", "SQS.3", "RDS.38", "SSM.7"} {
		if refs, ok := fsbpRelated[id]; ok {
			t.Errorf("fsbpRelated[%q] = %v, want no entry", id, refs)
		}
	}
}
