package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/srmscan/srmscan/checks"
)

// ASFF (AWS Security Finding Format) as Security Hub's BatchImportFindings
// takes it. The file is the API's request body, {"Findings": [...]}, so a
// report of up to 100 findings imports with one
// `aws securityhub batch-import-findings --cli-input-json file://...` and a
// larger one splits with jq (docs/formats.md). Plain structs rather than the
// SDK's types: those have no JSON tags or omitempty, so they would write
// null for every field srmscan leaves out; the tests decode the output into
// the SDK's types instead.

const (
	asffSchemaVersion = "2018-10-08"
	// Security Hub's limits on these fields; longer values fail the import.
	asffMaxTitle       = 256
	asffMaxDescription = 1024
	asffMaxRecommend   = 512
	asffMaxFieldValue  = 2048
	asffTypeBestPract  = "Software and Configuration Checks/AWS Security Best Practices"
	asffTypeCIS        = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
	asffProductFieldNS = "srmscan/"
)

type asffBatch struct {
	Findings []asffFinding `json:"Findings"`
}

// Field names are ASFF's (Id, not ID): the JSON tags must match them anyway.
type asffFinding struct {
	SchemaVersion   string            `json:"SchemaVersion"`
	Id              string            `json:"Id"`
	ProductArn      string            `json:"ProductArn"`
	ProductName     string            `json:"ProductName"`
	CompanyName     string            `json:"CompanyName"`
	GeneratorId     string            `json:"GeneratorId"`
	AwsAccountId    string            `json:"AwsAccountId"`
	Region          string            `json:"Region"`
	Types           []string          `json:"Types"`
	FirstObservedAt string            `json:"FirstObservedAt"`
	LastObservedAt  string            `json:"LastObservedAt"`
	CreatedAt       string            `json:"CreatedAt"`
	UpdatedAt       string            `json:"UpdatedAt"`
	Severity        asffSeverity      `json:"Severity"`
	Title           string            `json:"Title"`
	Description     string            `json:"Description"`
	Remediation     *asffRemediation  `json:"Remediation,omitempty"`
	ProductFields   map[string]string `json:"ProductFields"`
	Resources       []asffResource    `json:"Resources"`
	Compliance      asffCompliance    `json:"Compliance"`
	Workflow        asffWorkflow      `json:"Workflow"`
	RecordState     string            `json:"RecordState"`
}

type asffSeverity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

type asffRemediation struct {
	Recommendation asffRecommendation `json:"Recommendation"`
}

type asffRecommendation struct {
	Text string `json:"Text,omitempty"`
	Url  string `json:"Url,omitempty"`
}

type asffResource struct {
	Type      string `json:"Type"`
	Id        string `json:"Id"`
	Partition string `json:"Partition"`
	Region    string `json:"Region"`
}

type asffCompliance struct {
	Status string `json:"Status"`
}

type asffWorkflow struct {
	Status string `json:"Status"`
}

// ASFF writes every finding, passes included, as a BatchImportFindings
// request body. Passes are imported as Compliance PASSED so Security Hub
// resolves the finding a previous scan raised for the same Id.
func ASFF(w io.Writer, r *Report) error {
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(asffBatch{Findings: []asffFinding{}}); err != nil {
		return err
	}
	return spliceArray(w, head.Bytes(), "Findings", func(emit func(any) error) error {
		return r.EachFinding(func(f *checks.Finding) error { return emit(asffFindingOf(r, *f)) })
	})
}

func asffFindingOf(r *Report, f checks.Finding) asffFinding {
	partition := asffPartition(r.Scan.Partition)
	region := f.Region
	if region == "" {
		region = asffHomeRegion(partition)
	}
	// The product is the custom integration of the account that imports,
	// which for a multi-account scan is the caller's, not the finding's.
	importer := r.Scan.AccountID
	if importer == "" {
		importer = f.AccountID
	}
	// Security Hub keeps the first CreatedAt and wants UpdatedAt to move
	// forward on each import; the scan's end is when the finding was known.
	at := r.Scan.FinishedAt
	if at.IsZero() {
		at = r.Scan.StartedAt
	}
	ts := at.UTC().Format(time.RFC3339)
	types := []string{asffTypeBestPract}
	for _, ref := range f.References {
		if strings.HasPrefix(ref, "CIS ") {
			types = append(types, asffTypeCIS)
			break
		}
	}
	out := asffFinding{
		SchemaVersion:   asffSchemaVersion,
		Id:              f.Fingerprint,
		ProductArn:      "arn:" + partition + ":securityhub:" + region + ":" + importer + ":product/" + importer + "/default",
		ProductName:     r.Tool.Name,
		CompanyName:     r.Tool.Name,
		GeneratorId:     f.CheckID,
		AwsAccountId:    f.AccountID,
		Region:          region,
		Types:           types,
		FirstObservedAt: ts,
		LastObservedAt:  ts,
		CreatedAt:       ts,
		UpdatedAt:       ts,
		Severity:        asffSeverity{Label: asffSeverityLabel(f), Original: string(f.Severity)},
		Title:           truncate(f.Title, asffMaxTitle),
		Description:     truncate(asffDescription(f), asffMaxDescription),
		ProductFields:   asffProductFields(f),
		Resources: []asffResource{{
			Type:      asffResourceType(f.ResourceType),
			Id:        f.ResourceARN,
			Partition: partition,
			Region:    region,
		}},
		Compliance:  asffCompliance{Status: asffComplianceStatus(f.Status)},
		Workflow:    asffWorkflow{Status: "NEW"},
		RecordState: "ACTIVE",
	}
	if out.ProductName == "" {
		out.ProductName, out.CompanyName = "srmscan", "srmscan"
	}
	if f.Suppression != nil {
		// Security Hub only takes the provider's workflow status on a
		// finding's first import; after that it is the analyst's to change.
		out.Workflow.Status = "SUPPRESSED"
	}
	rec := asffRecommendation{Text: truncate(f.Remediation.Text, asffMaxRecommend)}
	for _, ref := range f.References {
		if strings.HasPrefix(ref, "https://") && len(ref) <= asffMaxRecommend {
			rec.Url = ref
			break
		}
	}
	if rec.Text != "" || rec.Url != "" {
		out.Remediation = &asffRemediation{Recommendation: rec}
	}
	return out
}

// asffSeverityLabel follows Security Hub's own controls: a passed check is
// INFORMATIONAL, so the dashboard's critical and high counts are the
// problems still open. The check's own severity stays in Severity.Original.
func asffSeverityLabel(f checks.Finding) string {
	if f.Status == checks.Pass {
		return "INFORMATIONAL"
	}
	switch f.Severity {
	case checks.Critical:
		return "CRITICAL"
	case checks.High:
		return "HIGH"
	case checks.Medium:
		return "MEDIUM"
	case checks.Low:
		return "LOW"
	default:
		return "INFORMATIONAL"
	}
}

// asffComplianceStatus: WARNING is ASFF's "information is missing", which is
// what an unreadable resource is; NOT_AVAILABLE is "the check could not be
// performed", which is what a duty the API cannot observe is.
func asffComplianceStatus(s checks.Status) string {
	switch s {
	case checks.Pass:
		return "PASSED"
	case checks.Fail:
		return "FAILED"
	case checks.Unknown:
		return "WARNING"
	default:
		return "NOT_AVAILABLE"
	}
}

func asffDescription(f checks.Finding) string {
	control := string(f.ControlCategory)
	if f.SharedControl != "" {
		control += " (" + string(f.SharedControl) + ")"
	}
	return f.Message + " [" + strings.ToUpper(string(f.Status)) + "; responsibility: " + control +
		"; domain " + string(f.Domain) + "; " + string(f.ServiceModel) + " service model]"
}

// asffProductFields keeps what ASFF has no field for, so an import loses
// nothing of the report: the responsibility vocabulary above all.
func asffProductFields(f checks.Finding) map[string]string {
	pf := map[string]string{
		"check_id":         f.CheckID,
		"status":           string(f.Status),
		"severity":         string(f.Severity),
		"control_category": string(f.ControlCategory),
		"domain":           string(f.Domain),
		"service":          f.Service,
		"service_model":    string(f.ServiceModel),
		"resource_type":    f.ResourceType,
		"fingerprint":      f.Fingerprint,
	}
	if f.SharedControl != "" {
		pf["shared_control"] = string(f.SharedControl)
	}
	if f.Baseline != "" {
		pf["baseline"] = f.Baseline
	}
	if len(f.References) > 0 {
		pf["references"] = strings.Join(f.References, ", ")
	}
	if len(f.Evidence) > 0 {
		if b, err := json.Marshal(f.Evidence); err == nil {
			pf["evidence"] = string(b)
		}
	}
	if s := f.Suppression; s != nil {
		pf["suppression"] = s.Reason + " (until " + s.Expires + "; " + s.Source + ")"
	}
	if f.Remediation.CLI != "" {
		pf["remediation_cli"] = f.Remediation.CLI
	}
	out := make(map[string]string, len(pf))
	for k, v := range pf {
		if v != "" {
			out[asffProductFieldNS+k] = truncate(v, asffMaxFieldValue)
		}
	}
	return out
}

// asffResourceTypes names srmscan's CloudFormation-style resource types in
// ASFF's vocabulary: the resource detail types Security Hub defines, and
// AwsAccount, which its own account-level controls use. Types ASFF has no
// name for are "Other", as Security Hub asks; the exact type is then in
// ProductFields.
var asffResourceTypes = map[string]string{
	"AWS::::Account":                     "AwsAccount",
	"AWS::CloudTrail::Trail":             "AwsCloudTrailTrail",
	"AWS::DynamoDB::Table":               "AwsDynamoDbTable",
	"AWS::EC2::Image":                    "Other",
	"AWS::EC2::Instance":                 "AwsEc2Instance",
	"AWS::EC2::NetworkAcl":               "AwsEc2NetworkAcl",
	"AWS::EC2::SecurityGroup":            "AwsEc2SecurityGroup",
	"AWS::EC2::Snapshot":                 "Other",
	"AWS::EC2::VPC":                      "AwsEc2Vpc",
	"AWS::EC2::Volume":                   "AwsEc2Volume",
	"AWS::EFS::FileSystem":               "Other",
	"AWS::IAM::Group":                    "AwsIamGroup",
	"AWS::IAM::Policy":                   "AwsIamPolicy",
	"AWS::IAM::Role":                     "AwsIamRole",
	"AWS::IAM::User":                     "AwsIamUser",
	"AWS::KMS::Key":                      "AwsKmsKey",
	"AWS::Lambda::Function":              "AwsLambdaFunction",
	"AWS::RDS::DBInstance":               "AwsRdsDbInstance",
	"AWS::RDS::DBSnapshot":               "AwsRdsDbSnapshot",
	"AWS::S3::AccountPublicAccessBlock":  "AwsS3AccountPublicAccessBlock",
	"AWS::S3::Bucket":                    "AwsS3Bucket",
	"AWS::S3::Object":                    "AwsS3Object",
	"AWS::SecurityHub::Hub":              "Other",
	"AWS::GuardDuty::Detector":           "AwsGuardDutyDetector",
	"AWS::AccessAnalyzer::Analyzer":      "Other",
	"AWS::Config::ConfigurationRecorder": "Other",
}

func asffResourceType(t string) string {
	if v, ok := asffResourceTypes[t]; ok {
		return v
	}
	return "Other"
}

// asffPartition is one of the three partitions ASFF accepts; anything else
// (an empty partition from an old report) is the commercial one.
func asffPartition(p string) string {
	switch p {
	case "aws-cn", "aws-us-gov":
		return p
	default:
		return "aws"
	}
}

// asffHomeRegion places global findings (IAM, the account): a finding must
// be imported in one region, and these are the regions where the global
// services' own events are delivered.
func asffHomeRegion(partition string) string {
	switch partition {
	case "aws-cn":
		return "cn-north-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	default:
		return "us-east-1"
	}
}
