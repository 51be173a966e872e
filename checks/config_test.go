package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSettings(t *testing.T) {
	s, err := ParseSettings([]byte(`
checks:
  include: ["ec2-*", iam-user-console-no-mfa]
  exclude: [ec2-instance-ami-age]
  control_categories: [customer-specific, shared]
severity:
  ec2-instance-no-profile: high
thresholds:
  max_patch_age_days: 14
  database_ports: [5432]
  max_public_port_range: 100
tags:
  patch_group: "patch:group"
`))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	if c.MaxPatchAgeDays != 14 || c.MaxAMIAgeDays != 180 || len(c.DatabasePorts) != 1 || c.MaxPublicPortRange != 100 ||
		c.PatchGroupTag != "patch:group" || c.LastPatchedTag != "LastPatched" {
		t.Errorf("config = %+v", c)
	}
	got := s.Apply(All())
	for _, ch := range got {
		if !(strings.HasPrefix(ch.ID, "ec2-") || ch.ID == "iam-user-console-no-mfa") || ch.ID == "ec2-instance-ami-age" {
			t.Errorf("selected %s", ch.ID)
		}
		if ch.ID == "ec2-instance-no-profile" && ch.Severity != High {
			t.Errorf("severity override not applied: %s", ch.Severity)
		}
	}
	if len(got) < 5 {
		t.Errorf("selected only %d checks", len(got))
	}
	empty, err := ParseSettings(nil)
	if err != nil || len(empty.Apply(All())) != len(All()) || empty.Config.MaxPatchAgeDays != 30 {
		t.Errorf("an empty file must select everything with defaults: %v", err)
	}
}

func TestParseSettingsErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"thresholds:\n  max_patch_age: 3\n", "line 2: thresholds.max_patch_age: unknown key; did you mean `max_patch_age_days`?"},
		{"chekcs: {}\n", "line 1: chekcs: unknown key; did you mean `checks`?"},
		{"thresholds:\n  max_patch_age_days: soon\n", `line 2: thresholds.max_patch_age_days: must be a whole number of days, not "soon"`},
		{"severity:\n  no-such-check: high\n", "line 2: severity.no-such-check: no check has this ID"},
		{"severity:\n  ec2-ami-public: urgent\n", `"urgent" is not one of`},
		{"checks:\n  include: [nope-*]\n", `"nope-*" matches no check ID`},
		{"checks:\n  control_categories: [aws]\n", `"aws" is not one of`},
		{"thresholds:\n  database_ports: [70000]\n", "70000 is not a port"},
		{"tags:\n  last_patched: \"\"\n", "line 2: tags.last_patched: must not be empty"},
		{"checks: [\n", "line"},
	} {
		_, err := ParseSettings([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.yaml, err, tc.want)
		}
	}
}

func TestLoadSettingsNamesTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "srmscan.yaml")
	os.WriteFile(p, []byte("bogus: 1\n"), 0o600)
	_, err := LoadSettings(p)
	if err == nil || !strings.Contains(err.Error(), p+": line 1") {
		t.Errorf("error = %v", err)
	}
}

func TestParseSettingsDataClassification(t *testing.T) {
	s, err := ParseSettings([]byte("tags:\n  data_classification: Sensitivity\n  sensitive_classifications: [pii, Secret]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Config; c.DataClassificationTag != "Sensitivity" || strings.Join(c.SensitiveClassifications, ",") != "pii,Secret" {
		t.Errorf("config = %+v", c)
	}
	s, err = ParseSettings([]byte("tags:\n  sensitive_classifications: []\n"))
	if err != nil || s.Config.SensitiveClassifications == nil || len(s.Config.SensitiveClassifications) != 0 || s.Config.DataClassificationTag != "DataClassification" {
		t.Errorf("an explicit empty list must turn the KMS requirement off, keeping the tag: %+v, %v", s.Config, err)
	}
	s, err = ParseSettings(nil)
	if err != nil || strings.Join(s.Config.SensitiveClassifications, ",") != "confidential,restricted,sensitive" {
		t.Errorf("defaults = %+v, %v", s.Config, err)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"tags:\n  data_classification: \"\"\n", "line 2: tags.data_classification: must not be empty"},
		{"tags:\n  sensitive_classifications: [pii, \" \"]\n", "line 2: tags.sensitive_classifications: values must not be empty"},
		{"tags:\n  sensitive_classification: [pii]\n", "line 2: tags.sensitive_classification: unknown key"},
	} {
		if _, err := ParseSettings([]byte(tc.yaml)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.yaml, err, tc.want)
		}
	}
}

func TestParseSettingsIAMThresholds(t *testing.T) {
	s, err := ParseSettings([]byte(`
thresholds:
  root_recent_use_days: 7
  max_credential_unused_days: 90
  max_access_key_age_days: 0
  min_password_length: 20
  min_password_reuse_prevention: 12
`))
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Config; c.RootRecentUseDays != 7 || c.MaxCredentialUnusedDays != 90 || c.MaxAccessKeyAgeDays != 0 ||
		c.MinPasswordLength != 20 || c.MinPasswordReusePrevention != 12 {
		t.Errorf("config = %+v", c)
	}
	d, err := ParseSettings(nil)
	if c := d.Config; err != nil || c.RootRecentUseDays != 30 || c.MaxCredentialUnusedDays != 45 || c.MaxAccessKeyAgeDays != 90 ||
		c.MinPasswordLength != 14 || c.MinPasswordReusePrevention != 24 {
		t.Errorf("defaults must be CIS's: %+v, %v", c, err)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"thresholds:\n  root_recent_use_days: -1\n", "line 2: thresholds.root_recent_use_days: must not be negative"},
		{"thresholds:\n  max_credential_unused_days: -5\n", "line 2: thresholds.max_credential_unused_days: must not be negative"},
		{"thresholds:\n  max_access_key_age_days: -1\n", "line 2: thresholds.max_access_key_age_days: must not be negative"},
		{"thresholds:\n  min_password_length: 4\n", "line 2: thresholds.min_password_length: must be between 6 and 128"},
		{"thresholds:\n  min_password_length: 129\n", "line 2: thresholds.min_password_length: must be between 6 and 128"},
		{"thresholds:\n  min_password_reuse_prevention: 0\n", "line 2: thresholds.min_password_reuse_prevention: must be between 1 and 24"},
		{"thresholds:\n  min_password_reuse_prevention: 25\n", "line 2: thresholds.min_password_reuse_prevention: must be between 1 and 24"},
		{"thresholds:\n  max_key_age_days: 30\n", "line 2: thresholds.max_key_age_days: unknown key"},
	} {
		if _, err := ParseSettings([]byte(tc.yaml)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.yaml, err, tc.want)
		}
	}
}

// A file of several YAML documents would have every one after the first
// ignored; an empty trailing document is harmless.
func TestParseSettingsOneDocument(t *testing.T) {
	_, err := ParseSettings([]byte("severity:\n  iam-root-mfa: low\n---\nthresholds:\n  max_patch_age_days: 3\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3: a second YAML document") {
		t.Errorf("err = %v, want the second document refused at line 3", err)
	}
	if _, err := ParseSettings([]byte("severity:\n  iam-root-mfa: low\n---\n# nothing more\n")); err != nil {
		t.Errorf("trailing empty document: %v", err)
	}
	if _, err := ParseSettings([]byte("severity:\n  iam-root-mfa: low\n---\n[\n")); err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("broken second document: err = %v, want its line", err)
	}
}
