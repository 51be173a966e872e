package checks

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/internal/strictyaml"
)

// Settings is what a config file (--config) may set: check thresholds and
// tag keys, severity overrides, and which checks run.
type Settings struct {
	Config Config
	// Severity maps check IDs to the severity to report instead of the
	// catalogue's.
	Severity map[string]Severity
	Select   Selection
}

// Selection chooses checks. Empty lists select everything; Exclude wins.
type Selection struct {
	// IDs are check IDs or globs ("ec2-sg-*").
	IDs               []string
	Services          []string
	ControlCategories []ControlCategory
	Exclude           []string
}

// file is the config file's shape. Keys are snake_case, as in the report.
// A desc tag is how an error message describes the value the key expects.
type file struct {
	Checks struct {
		Include           []string `yaml:"include" desc:"a list of check IDs or globs"`
		Exclude           []string `yaml:"exclude" desc:"a list of check IDs or globs"`
		Services          []string `yaml:"services" desc:"a list of services such as ec2, s3"`
		ControlCategories []string `yaml:"control_categories" desc:"a list of inherited, shared, customer-specific"`
	} `yaml:"checks"`
	Severity   map[string]string `yaml:"severity" desc:"a mapping of check ID: severity" item:"one of critical, high, medium, low, info"`
	Thresholds struct {
		MaxPatchAgeDays    *int    `yaml:"max_patch_age_days" desc:"a whole number of days"`
		MaxAMIAgeDays      *int    `yaml:"max_ami_age_days" desc:"a whole number of days"`
		MaxPublicPortRange *int32  `yaml:"max_public_port_range" desc:"a whole number of ports"`
		DatabasePorts      []int32 `yaml:"database_ports" desc:"a list of port numbers" item:"a port number"`

		RootRecentUseDays          *int `yaml:"root_recent_use_days" desc:"a whole number of days"`
		MaxCredentialUnusedDays    *int `yaml:"max_credential_unused_days" desc:"a whole number of days"`
		MaxAccessKeyAgeDays        *int `yaml:"max_access_key_age_days" desc:"a whole number of days"`
		MinPasswordLength          *int `yaml:"min_password_length" desc:"a whole number of characters"`
		MinPasswordReusePrevention *int `yaml:"min_password_reuse_prevention" desc:"a whole number of passwords"`

		MinRDSBackupRetentionDays *int `yaml:"min_rds_backup_retention_days" desc:"a whole number of days"`
		CertificateRenewalDays    *int `yaml:"certificate_renewal_days" desc:"a whole number of days"`

		MaxSecretRotationDays *int `yaml:"max_secret_rotation_days" desc:"a whole number of days"`
		MaxSecretUnusedDays   *int `yaml:"max_secret_unused_days" desc:"a whole number of days"`
	} `yaml:"thresholds"`
	Tags struct {
		PatchGroup               *string  `yaml:"patch_group" desc:"a tag key"`
		LastPatched              *string  `yaml:"last_patched" desc:"a tag key"`
		DataClassification       *string  `yaml:"data_classification" desc:"a tag key"`
		SensitiveClassifications []string `yaml:"sensitive_classifications" desc:"a list of tag values"`
	} `yaml:"tags"`
}

// LoadSettings reads a config file. Errors name the file and line; unknown
// keys are errors, so a misspelt threshold cannot silently keep its default.
func LoadSettings(filename string) (Settings, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return Settings{}, err
	}
	s, err := ParseSettings(data)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: %w", filename, err)
	}
	return s, nil
}

// ParseSettings reads a config file from memory.
func ParseSettings(data []byte) (Settings, error) {
	var f file
	at, err := strictyaml.Decode(data, &f)
	if err != nil {
		return Settings{}, err
	}
	s := Settings{Config: DefaultConfig(), Severity: map[string]Severity{}}
	t := f.Thresholds
	for _, v := range []struct {
		key string
		n   *int
		dst *int
	}{{"max_patch_age_days", t.MaxPatchAgeDays, &s.Config.MaxPatchAgeDays}, {"max_ami_age_days", t.MaxAMIAgeDays, &s.Config.MaxAMIAgeDays}} {
		if v.n != nil {
			if *v.n < 0 {
				return Settings{}, at.Errorf("thresholds."+v.key, "must not be negative, got %d", *v.n)
			}
			*v.dst = *v.n
		}
	}
	// The password bounds are those IAM itself accepts, so a configured
	// requirement is one an account could meet.
	for _, v := range []struct {
		key      string
		n        *int
		dst      *int
		min, max int
	}{
		{"root_recent_use_days", t.RootRecentUseDays, &s.Config.RootRecentUseDays, 0, math.MaxInt},
		{"max_credential_unused_days", t.MaxCredentialUnusedDays, &s.Config.MaxCredentialUnusedDays, 0, math.MaxInt},
		{"max_access_key_age_days", t.MaxAccessKeyAgeDays, &s.Config.MaxAccessKeyAgeDays, 0, math.MaxInt},
		{"min_password_length", t.MinPasswordLength, &s.Config.MinPasswordLength, 6, 128},
		{"min_password_reuse_prevention", t.MinPasswordReusePrevention, &s.Config.MinPasswordReusePrevention, 1, 24},
		// RDS keeps automated backups for 1 to 35 days.
		{"min_rds_backup_retention_days", t.MinRDSBackupRetentionDays, &s.Config.MinBackupRetentionDays, 1, 35},
		// ACM certificates last at most 395 days.
		{"certificate_renewal_days", t.CertificateRenewalDays, &s.Config.CertificateRenewalDays, 0, 395},
		// Secrets Manager rotates at most every 1000 days and at least
		// every 4 hours; a day is the threshold's grain.
		{"max_secret_rotation_days", t.MaxSecretRotationDays, &s.Config.MaxSecretRotationDays, 1, 1000},
		{"max_secret_unused_days", t.MaxSecretUnusedDays, &s.Config.MaxSecretUnusedDays, 1, math.MaxInt},
	} {
		if v.n == nil {
			continue
		}
		if *v.n < v.min || *v.n > v.max {
			if v.max == math.MaxInt {
				return Settings{}, at.Errorf("thresholds."+v.key, "must not be negative, got %d", *v.n)
			}
			return Settings{}, at.Errorf("thresholds."+v.key, "must be between %d and %d, got %d", v.min, v.max, *v.n)
		}
		*v.dst = *v.n
	}
	if t.MaxPublicPortRange != nil {
		if *t.MaxPublicPortRange < 1 {
			return Settings{}, at.Errorf("thresholds.max_public_port_range", "must be at least 1, got %d", *t.MaxPublicPortRange)
		}
		s.Config.MaxPublicPortRange = *t.MaxPublicPortRange
	}
	if t.DatabasePorts != nil {
		for i, p := range t.DatabasePorts {
			if p < 1 || p > 65535 {
				return Settings{}, at.Errorf(fmt.Sprintf("thresholds.database_ports[%d]", i), "%d is not a port number (1-65535)", p)
			}
		}
		s.Config.DatabasePorts = t.DatabasePorts
	}
	for _, v := range []struct {
		key string
		val *string
		dst *string
	}{{"patch_group", f.Tags.PatchGroup, &s.Config.PatchGroupTag}, {"last_patched", f.Tags.LastPatched, &s.Config.LastPatchedTag},
		{"data_classification", f.Tags.DataClassification, &s.Config.DataClassificationTag}} {
		if v.val != nil {
			if *v.val == "" {
				return Settings{}, at.Errorf("tags."+v.key, "must not be empty")
			}
			*v.dst = *v.val
		}
	}
	// An explicit empty list is allowed: no classification then requires
	// SSE-KMS. An empty value is a slip in the file, not a classification.
	if v := f.Tags.SensitiveClassifications; v != nil {
		for i, c := range v {
			if strings.TrimSpace(c) == "" {
				return Settings{}, at.Errorf(fmt.Sprintf("tags.sensitive_classifications[%d]", i), "values must not be empty")
			}
		}
		s.Config.SensitiveClassifications = v
	}
	var ids []string
	for _, c := range All() {
		ids = append(ids, c.ID)
	}
	// Map order is random; the first mistake in the file is reported, so
	// the same file always gives the same message.
	sevIDs := slices.SortedFunc(maps.Keys(f.Severity), func(a, b string) int { return cmp.Compare(at.Line("severity."+a), at.Line("severity."+b)) })
	for _, id := range sevIDs {
		sev := f.Severity[id]
		if !slices.Contains(ids, id) {
			return Settings{}, at.Errorf("severity."+id, "no check has this ID (see 'srmscan checks')%s", didYouMean(id, ids))
		}
		if Severity(sev).Rank() == 0 {
			return Settings{}, at.Errorf("severity."+id, "%q is not one of critical, high, medium, low, info%s", sev, didYouMean(sev, []string{"critical", "high", "medium", "low", "info"}))
		}
		s.Severity[id] = Severity(sev)
	}
	sel := Selection{IDs: f.Checks.Include, Exclude: f.Checks.Exclude, Services: f.Checks.Services}
	for i, c := range f.Checks.ControlCategories {
		if !slices.Contains(ControlCategories, ControlCategory(c)) {
			return Settings{}, at.Errorf(fmt.Sprintf("checks.control_categories[%d]", i), "%q is not one of inherited, shared, customer-specific%s", c,
				didYouMean(c, []string{"inherited", "shared", "customer-specific"}))
		}
		sel.ControlCategories = append(sel.ControlCategories, ControlCategory(c))
	}
	for _, list := range []struct {
		key      string
		patterns []string
	}{{"include", sel.IDs}, {"exclude", sel.Exclude}} {
		for i, pattern := range list.patterns {
			if !slices.ContainsFunc(All(), func(c Check) bool { return globMatch(pattern, c.ID) }) {
				return Settings{}, at.Errorf(fmt.Sprintf("checks.%s[%d]", list.key, i), "%q matches no check ID (see 'srmscan checks')%s", pattern, didYouMean(pattern, ids))
			}
		}
	}
	s.Select = sel
	return s, nil
}

// didYouMean is "; did you mean `x`?" when word looks like a slip for one
// of options, else "".
func didYouMean(word string, options []string) string {
	if s := strictyaml.Suggest(word, options); s != "" {
		return fmt.Sprintf("; did you mean `%s`?", s)
	}
	return ""
}

func globMatch(pattern, id string) bool {
	ok, err := path.Match(pattern, id)
	return err == nil && ok
}

// Apply returns the selected checks with severity overrides applied.
func (s Settings) Apply(list []Check) []Check {
	var out []Check
	for _, c := range list {
		if !s.Select.selects(c) {
			continue
		}
		if sev, ok := s.Severity[c.ID]; ok {
			c.Severity = sev
		}
		out = append(out, c)
	}
	return out
}

func (sel Selection) selects(c Check) bool {
	if slices.ContainsFunc(sel.Exclude, func(p string) bool { return globMatch(p, c.ID) }) {
		return false
	}
	if len(sel.IDs) > 0 && !slices.ContainsFunc(sel.IDs, func(p string) bool { return globMatch(p, c.ID) }) {
		return false
	}
	if len(sel.Services) > 0 && !slices.Contains(sel.Services, c.Service) {
		return false
	}
	if len(sel.ControlCategories) > 0 && !slices.Contains(sel.ControlCategories, c.Category) {
		return false
	}
	return true
}
