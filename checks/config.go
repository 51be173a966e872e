package checks

import (
	"errors"
	"fmt"
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
type file struct {
	Checks struct {
		Include           []string `yaml:"include"`
		Exclude           []string `yaml:"exclude"`
		Services          []string `yaml:"services"`
		ControlCategories []string `yaml:"control_categories"`
	} `yaml:"checks"`
	Severity   map[string]string `yaml:"severity"`
	Thresholds struct {
		MaxPatchAgeDays    *int    `yaml:"max_patch_age_days"`
		MaxAMIAgeDays      *int    `yaml:"max_ami_age_days"`
		MaxPublicPortRange *int32  `yaml:"max_public_port_range"`
		DatabasePorts      []int32 `yaml:"database_ports"`

		RootRecentUseDays          *int `yaml:"root_recent_use_days"`
		MaxCredentialUnusedDays    *int `yaml:"max_credential_unused_days"`
		MaxAccessKeyAgeDays        *int `yaml:"max_access_key_age_days"`
		MinPasswordLength          *int `yaml:"min_password_length"`
		MinPasswordReusePrevention *int `yaml:"min_password_reuse_prevention"`

		MinRDSBackupRetentionDays *int `yaml:"min_rds_backup_retention_days"`
	} `yaml:"thresholds"`
	Tags struct {
		PatchGroup               *string  `yaml:"patch_group"`
		LastPatched              *string  `yaml:"last_patched"`
		DataClassification       *string  `yaml:"data_classification"`
		SensitiveClassifications []string `yaml:"sensitive_classifications"`
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
	if err := strictyaml.Decode(data, &f); err != nil {
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
				return Settings{}, fmt.Errorf("thresholds.%s must not be negative", v.key)
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
	} {
		if v.n == nil {
			continue
		}
		if *v.n < v.min || *v.n > v.max {
			if v.max == math.MaxInt {
				return Settings{}, fmt.Errorf("thresholds.%s must not be negative", v.key)
			}
			return Settings{}, fmt.Errorf("thresholds.%s must be between %d and %d", v.key, v.min, v.max)
		}
		*v.dst = *v.n
	}
	if t.MaxPublicPortRange != nil {
		if *t.MaxPublicPortRange < 1 {
			return Settings{}, errors.New("thresholds.max_public_port_range must be at least 1")
		}
		s.Config.MaxPublicPortRange = *t.MaxPublicPortRange
	}
	if t.DatabasePorts != nil {
		for _, p := range t.DatabasePorts {
			if p < 1 || p > 65535 {
				return Settings{}, fmt.Errorf("thresholds.database_ports: %d is not a port", p)
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
				return Settings{}, fmt.Errorf("tags.%s must not be empty", v.key)
			}
			*v.dst = *v.val
		}
	}
	// An explicit empty list is allowed: no classification then requires
	// SSE-KMS. An empty value is a slip in the file, not a classification.
	if v := f.Tags.SensitiveClassifications; v != nil {
		for _, c := range v {
			if strings.TrimSpace(c) == "" {
				return Settings{}, errors.New("tags.sensitive_classifications: values must not be empty")
			}
		}
		s.Config.SensitiveClassifications = v
	}
	ids := map[string]bool{}
	for _, c := range All() {
		ids[c.ID] = true
	}
	for id, sev := range f.Severity {
		if !ids[id] {
			return Settings{}, fmt.Errorf("severity: no check has ID %q", id)
		}
		if Severity(sev).Rank() == 0 {
			return Settings{}, fmt.Errorf("severity.%s: %q is not one of critical, high, medium, low, info", id, sev)
		}
		s.Severity[id] = Severity(sev)
	}
	sel := Selection{IDs: f.Checks.Include, Exclude: f.Checks.Exclude, Services: f.Checks.Services}
	for _, c := range f.Checks.ControlCategories {
		if !slices.Contains(ControlCategories, ControlCategory(c)) {
			return Settings{}, fmt.Errorf("checks.control_categories: %q is not one of inherited, shared, customer-specific", c)
		}
		sel.ControlCategories = append(sel.ControlCategories, ControlCategory(c))
	}
	for _, list := range [][]string{sel.IDs, sel.Exclude} {
		for _, pattern := range list {
			if !slices.ContainsFunc(All(), func(c Check) bool { return globMatch(pattern, c.ID) }) {
				return Settings{}, fmt.Errorf("checks: %q matches no check ID (see 'srmscan checks')", pattern)
			}
		}
	}
	s.Select = sel
	return s, nil
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
