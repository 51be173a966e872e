package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/checks"
)

// SARIF 2.1.0 as GitHub code scanning and SARIF viewers read it. The
// types cover only what srmscan writes: plain structs beat a SARIF library
// here because the subset is small and the output is pinned by a golden
// file and the OASIS schema (testdata/sarif).

const (
	sarifVersion = "2.1.0"
	// sarifSchema is the URI GitHub's documentation asks for; the schema
	// behind it is the OASIS one in testdata/sarif.
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	// sarifFingerprintKey carries the finding's fingerprint under a name of
	// our own, versioned so a change of scheme can never match old alerts.
	sarifFingerprintKey = "srmscanFingerprint/v1"
	// githubFingerprintKey is the only partialFingerprints key GitHub code
	// scanning reads. It is meant to be a hash of the source line, which a
	// cloud resource does not have; without it GitHub would try to hash the
	// pseudo file below, find nothing and show duplicate alerts across runs.
	// The finding's fingerprint is exactly the identity it wants.
	githubFingerprintKey = "primaryLocationLineHash"
	// GitHub truncates rule descriptions beyond this length.
	sarifMaxDescription = 1024
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	Properties  map[string]any    `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	HelpURI              string             `json:"helpUri,omitempty"`
	Help                 sarifText          `json:"help"`
	Properties           map[string]any     `json:"properties"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	StartTimeUTC        string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC          string              `json:"endTimeUtc,omitempty"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string         `json:"level"`
	Message    sarifText      `json:"message"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation  `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifLogicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// SARIF writes the report as a SARIF 2.1.0 log with one run.
//
// Results are the findings someone has to act on: every fail, and every
// unknown as a result of kind "review". Unknowns are results because code
// scanning closes an alert as fixed when a later upload no longer has it: a
// resource that could not be read must not look fixed. A resource-level
// unknown keeps the fingerprint (and so the alert) of the fail it may
// replace. Passes and manual attestations are not results: GitHub ignores
// "kind" and would open an alert for each.
//
// Rules are the checks that produced any finding in this report, so a rule
// that passed everywhere is still listed as having run.
func SARIF(w io.Writer, r *Report) error {
	meta := map[string]checks.Metadata{}
	for _, m := range checks.Describe(checks.All()) {
		meta[m.ID] = m
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           r.Tool.Name,
			Version:        r.Tool.Version,
			InformationURI: "https://github.com/srmscan/srmscan",
			Rules:          []sarifRule{},
		}},
		Invocations: []sarifInvocation{sarifInvocationOf(r)},
		Results:     []sarifResult{},
		Properties: map[string]any{
			"account_id":     r.Scan.AccountID,
			"partition":      r.Scan.Partition,
			"regions":        nonNil(r.Scan.Regions),
			"complete":       r.Scan.Complete,
			"schema_version": r.SchemaVersion,
		},
	}
	// Rules first, from each check's first finding; the results are then
	// streamed into the document, one finding at a time.
	ruleIndex := map[string]int{}
	var f checks.Finding
	err := r.eachJSON(func(check string, js []byte) error {
		if _, ok := ruleIndex[check]; ok {
			return nil
		}
		if err := decode(js, &f); err != nil {
			return err
		}
		ruleIndex[check] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(f, meta[check]))
		return nil
	})
	if err != nil {
		return err
	}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}); err != nil {
		return err
	}
	return spliceArray(w, head.Bytes(), "results", func(emit func(any) error) error {
		return r.EachFinding(func(f *checks.Finding) error {
			res, ok := sarifResultOf(*f)
			if !ok {
				return nil
			}
			res.RuleIndex = ruleIndex[f.CheckID]
			return emit(res)
		})
	})
}

// sarifInvocationOf says whether the scan read the whole account; each
// collection error is a notification, so a SARIF viewer shows why findings
// may be missing.
func sarifInvocationOf(r *Report) sarifInvocation {
	inv := sarifInvocation{
		ExecutionSuccessful: r.Scan.Complete,
		StartTimeUTC:        sarifTime(r.Scan.StartedAt),
		EndTimeUTC:          sarifTime(r.Scan.FinishedAt),
	}
	for _, e := range r.Scan.CollectionErrors {
		where := e.Region
		if where == "" {
			where = "global"
		}
		props := map[string]any{"service": e.Service, "operation": e.Operation, "kind": string(e.Kind)}
		if e.Region != "" {
			props["region"] = e.Region
		}
		if e.ResourceARN != "" {
			props["resource_arn"] = e.ResourceARN
		}
		if e.Code != "" {
			props["code"] = e.Code
		}
		inv.Notifications = append(inv.Notifications, sarifNotification{
			Level:      "error",
			Message:    sarifText{Text: fmt.Sprintf("%s:%s in %s failed (%s): %s", e.Service, e.Operation, where, e.Kind, e.Message)},
			Properties: props,
		})
	}
	if r.Scan.Interrupted {
		inv.Notifications = append(inv.Notifications, sarifNotification{
			Level:   "error",
			Message: sarifText{Text: "The scan was interrupted: the results describe part of the account only."},
		})
	}
	return inv
}

func sarifTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func sarifRuleOf(f checks.Finding, m checks.Metadata) sarifRule {
	// A report can name a check this build no longer has (evaluated by an
	// older srmscan); the finding itself carries enough to describe it.
	if m.ID == "" {
		m = checks.Metadata{ID: f.CheckID, Title: f.Title, Severity: f.Severity, ControlCategory: f.ControlCategory,
			SharedControl: f.SharedControl, Domain: f.Domain, Service: f.Service, ServiceModel: f.ServiceModel,
			ResourceType: f.ResourceType, Remediation: f.Remediation, References: f.References}
	}
	full := m.Description
	if full == "" {
		full = m.Title
	}
	props := map[string]any{
		"tags":              sarifTags(m),
		"security-severity": securitySeverity(m.Severity),
		// The checks read configuration, not heuristics: a fail is a fact
		// about the resource.
		"precision":        "very-high",
		"severity":         string(m.Severity),
		"control_category": string(m.ControlCategory),
		"domain":           string(m.Domain),
		"service":          m.Service,
		"service_model":    string(m.ServiceModel),
		"resource_type":    m.ResourceType,
	}
	if m.SharedControl != "" {
		props["shared_control"] = string(m.SharedControl)
	}
	if len(m.Operations) > 0 {
		props["operations"] = m.Operations
	}
	rule := sarifRule{
		ID:                   m.ID,
		ShortDescription:     sarifText{Text: m.Title},
		FullDescription:      sarifText{Text: truncate(full, sarifMaxDescription)},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(m.Severity)},
		Help:                 sarifHelp(m),
		Properties:           props,
	}
	for _, ref := range m.References {
		if strings.HasPrefix(ref, "https://") {
			rule.HelpURI = ref
			break
		}
	}
	return rule
}

// sarifTags are what code scanning filters on: "security" makes GitHub
// treat the rule as a security rule, and the SRM vocabulary and CIS IDs
// let a reader filter alerts by their place on the responsibility line.
func sarifTags(m checks.Metadata) []string {
	tags := []string{"security", "aws", m.Service, string(m.ControlCategory)}
	if m.SharedControl != "" {
		tags = append(tags, string(m.SharedControl))
	}
	tags = append(tags, string(m.Domain), string(m.ServiceModel))
	for _, ref := range m.References {
		if strings.HasPrefix(ref, "CIS ") {
			tags = append(tags, ref)
		}
	}
	// The schema wants distinct tags.
	var out []string
	for _, t := range tags {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func sarifHelp(m checks.Metadata) sarifText {
	var text, md strings.Builder
	control, mdControl := string(m.ControlCategory), "`"+string(m.ControlCategory)+"`"
	if m.SharedControl != "" {
		control += " (" + string(m.SharedControl) + ")"
		mdControl += " (`" + string(m.SharedControl) + "`)"
	}
	fmt.Fprintf(&text, "%s\n\nResponsibility: %s; domain %s; %s service model.\n\nRemediation: %s\n", m.Title, control, m.Domain, m.ServiceModel, m.Remediation.Text)
	fmt.Fprintf(&md, "**%s**\n\nResponsibility: %s; domain `%s`; `%s` service model.\n\n**Remediation:** %s\n", m.Title, mdControl, m.Domain, m.ServiceModel, m.Remediation.Text)
	if m.Remediation.Console != "" {
		fmt.Fprintf(&text, "Console: %s\n", m.Remediation.Console)
		fmt.Fprintf(&md, "\n**Console:** %s\n", m.Remediation.Console)
	}
	if m.Remediation.CLI != "" {
		fmt.Fprintf(&text, "CLI: %s\n", m.Remediation.CLI)
		fmt.Fprintf(&md, "\n**CLI:**\n\n```sh\n%s\n```\n", m.Remediation.CLI)
	}
	if len(m.References) > 0 {
		fmt.Fprintf(&text, "References: %s\n", strings.Join(m.References, ", "))
		md.WriteString("\n**References:**\n\n")
		for _, ref := range m.References {
			if strings.HasPrefix(ref, "https://") {
				fmt.Fprintf(&md, "- <%s>\n", ref)
			} else {
				fmt.Fprintf(&md, "- %s\n", ref)
			}
		}
	}
	return sarifText{Text: text.String(), Markdown: md.String()}
}

func sarifResultOf(f checks.Finding) (sarifResult, bool) {
	res := sarifResult{
		RuleID:  f.CheckID,
		Message: sarifText{Text: f.Message},
		Locations: []sarifLocation{{
			PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: resourcePath(f)},
				// GitHub requires a region; a resource has no lines, so
				// every result points at the start of its pseudo file.
				Region: sarifRegion{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1},
			},
			LogicalLocations: []sarifLogicalLocation{{FullyQualifiedName: f.ResourceARN, Kind: "resource"}},
		}},
		PartialFingerprints: map[string]string{sarifFingerprintKey: f.Fingerprint, githubFingerprintKey: f.Fingerprint},
		Properties: map[string]any{
			"status":           string(f.Status),
			"severity":         string(f.Severity),
			"account_id":       f.AccountID,
			"resource_arn":     f.ResourceARN,
			"resource_type":    f.ResourceType,
			"control_category": string(f.ControlCategory),
			"domain":           string(f.Domain),
			"service":          f.Service,
			"service_model":    string(f.ServiceModel),
			"fingerprint":      f.Fingerprint,
		},
	}
	switch f.Status {
	case checks.Fail:
		res.Kind, res.Level = "fail", sarifLevel(f.Severity)
	case checks.Unknown:
		// SARIF allows no level but "none" on a result that is not a
		// fail; the rule's security-severity still ranks it.
		res.Kind, res.Level = "review", "none"
	default:
		return sarifResult{}, false
	}
	if f.Region != "" {
		res.Properties["region"] = f.Region
	}
	if f.SharedControl != "" {
		res.Properties["shared_control"] = string(f.SharedControl)
	}
	if f.Attestation != nil {
		res.Properties["attestation"] = f.Attestation
	}
	if len(f.Evidence) > 0 {
		res.Properties["evidence"] = f.Evidence
	}
	switch f.Baseline {
	case checks.BaselineNew:
		res.BaselineState = "new"
	case checks.BaselineExisting:
		res.BaselineState = "unchanged"
	}
	if s := f.Suppression; s != nil {
		res.Suppressions = []sarifSuppression{{
			Kind:          "external",
			Status:        "accepted",
			Justification: fmt.Sprintf("%s (until %s; %s)", s.Reason, s.Expires, s.Source),
		}}
	}
	return res, true
}

// resourcePath places a finding's resource in a file-like tree, for formats
// whose consumers insist on a file: partition/account/region/service/
// resource, e.g. "aws/111122223333/us-east-1/ec2/security-group/sg-1".
//
// GitHub code scanning rejects a result without a physical location, and
// rejects the upload when a location's URI has a scheme other than the
// checkout's "file", which rules out the ARN itself ("arn:" parses as a
// scheme). Trivy's AWS scan puts the ARN there and Prowler and Checkov write
// no SARIF for cloud accounts; a relative path instead uploads cleanly,
// stays stable across scans (so alerts are tracked) and reads as the
// account's tree in the alert list. No such file exists in the repository,
// so GitHub shows the alert without a code snippet. The ARN itself is in the
// result's logical location and properties.
func resourcePath(f checks.Finding) string {
	partition, service, region, resource := "aws", "unknown", f.Region, f.ResourceARN
	if parts := strings.SplitN(f.ResourceARN, ":", 6); len(parts) == 6 && parts[0] == "arn" {
		partition, service, resource = parts[1], parts[2], parts[5]
		if region == "" {
			region = parts[3]
		}
	}
	if region == "" {
		region = "global"
	}
	account := f.AccountID
	if account == "" {
		account = "unknown"
	}
	segs := []string{partition, account, region, service}
	segs = append(segs, strings.Split(resource, "/")...)
	for i, s := range segs {
		segs[i] = pathSegment(s)
	}
	return strings.Join(segs, "/")
}

// pathSegment percent-encodes everything RFC 3986 does not allow in a path
// segment. Unlike url.PathEscape it keeps "*" and ":" readable (scope ARNs
// end in "*"), and it encodes the segments a consumer would collapse.
func pathSegment(s string) string {
	switch s {
	case "":
		return "_" // "//" would read as an authority
	case ".", "..":
		return strings.ReplaceAll(s, ".", "%2E")
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func sarifLevel(s checks.Severity) string {
	switch s {
	case checks.Critical, checks.High:
		return "error"
	case checks.Medium:
		return "warning"
	default:
		return "note"
	}
}

// securitySeverity is the CVSS-like score GitHub ranks security alerts by:
// over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, below 4.0 low, and
// 0.0 none. A string, as GitHub requires.
func securitySeverity(s checks.Severity) string {
	switch s {
	case checks.Critical:
		return "9.5"
	case checks.High:
		return "8.0"
	case checks.Medium:
		return "5.5"
	case checks.Low:
		return "3.0"
	default:
		return "0.0"
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
