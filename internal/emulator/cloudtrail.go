package emulator

import (
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// cloudTrail serves CloudTrail (JSON 1.1, API 2013-11-01) from the
// account's trails. A region sees the trails homed there, and, as shadow
// trails, the multi-region trails homed anywhere else.
type cloudTrail struct{ s *Server }

func newCloudTrail(s *Server) jsonService {
	x := cloudTrail{s}
	return jsonService{
		s: s, target: "CloudTrail_20131101", version: "1.1",
		typePrefix: "com.amazonaws.cloudtrail.v20131101#", internal: "InternalFailure",
		ops: map[string]jsonOp{
			"DescribeTrails":    {serve: x.describeTrails},
			"GetTrailStatus":    {serve: x.getTrailStatus, resource: "Name"},
			"GetEventSelectors": {serve: x.getEventSelectors, resource: "TrailName"},
		},
	}
}

type trailJSON struct {
	Name                       string  `json:"Name"`
	S3BucketName               *string `json:"S3BucketName,omitempty"`
	S3KeyPrefix                *string `json:"S3KeyPrefix,omitempty"`
	IncludeGlobalServiceEvents bool    `json:"IncludeGlobalServiceEvents"`
	IsMultiRegionTrail         bool    `json:"IsMultiRegionTrail"`
	HomeRegion                 string  `json:"HomeRegion"`
	TrailARN                   string  `json:"TrailARN"`
	LogFileValidationEnabled   bool    `json:"LogFileValidationEnabled"`
	CloudWatchLogsLogGroupArn  *string `json:"CloudWatchLogsLogGroupArn,omitempty"`
	KmsKeyID                   *string `json:"KmsKeyId,omitempty"`
	HasCustomEventSelectors    bool    `json:"HasCustomEventSelectors"`
	HasInsightSelectors        bool    `json:"HasInsightSelectors"`
	IsOrganizationTrail        bool    `json:"IsOrganizationTrail"`
}

// defaultSelector is what a trail created without event selectors logs:
// every management event, read and write.
var defaultSelector = inventory.EventSelector{ReadWriteType: "All", IncludeManagementEvents: true}

func (x cloudTrail) describeTrails(c *jsonCall) (any, *jsonError) {
	var in struct {
		IncludeShadowTrails *bool `json:"includeShadowTrails"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	// AWS includes shadow trails unless told not to.
	shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
	list := []trailJSON{}
	for _, t := range x.s.acct.CloudTrail.Trails {
		if t.Region != c.Region && !(shadows && t.MultiRegion) {
			continue
		}
		custom := len(t.AdvancedEventSelectors) > 0 ||
			!slices.EqualFunc(t.EventSelectors, []inventory.EventSelector{defaultSelector}, func(a, b inventory.EventSelector) bool {
				return a.ReadWriteType == b.ReadWriteType && a.IncludeManagementEvents == b.IncludeManagementEvents &&
					len(a.DataResources) == 0 && len(a.ExcludeManagementEventSources) == 0
			})
		list = append(list, trailJSON{
			Name: t.Name, S3BucketName: optString(t.S3BucketName), S3KeyPrefix: optString(t.S3KeyPrefix),
			IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents, IsMultiRegionTrail: t.MultiRegion,
			HomeRegion: t.Region, TrailARN: t.ARN, LogFileValidationEnabled: t.LogFileValidation,
			CloudWatchLogsLogGroupArn: optString(t.CloudWatchLogsLogGroupARN), KmsKeyID: optString(t.KMSKeyID),
			HasCustomEventSelectors: custom, IsOrganizationTrail: t.Organization,
		})
	}
	return map[string]any{"trailList": list}, nil
}

// trail finds the trail a Name or TrailName names in the request's region:
// by name, a trail homed there; by ARN, also a multi-region trail homed
// elsewhere (a shadow trail can be addressed by ARN only).
func (x cloudTrail) trail(c *jsonCall, name string) (*inventory.Trail, *jsonError) {
	if name == "" {
		return nil, badRequest("InvalidTrailNameException", "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).")
	}
	for i := range x.s.acct.CloudTrail.Trails {
		t := &x.s.acct.CloudTrail.Trails[i]
		byARN := strings.HasPrefix(name, "arn:") && t.ARN == name && (t.Region == c.Region || t.MultiRegion)
		if byARN || (t.Name == name && t.Region == c.Region) {
			return t, nil
		}
	}
	return nil, badRequest("TrailNotFoundException", "Unknown trail: %s for the user: %s", name, x.s.acct.AccountID)
}

func (x cloudTrail) getTrailStatus(c *jsonCall) (any, *jsonError) {
	var in struct {
		Name string `json:"Name"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	t, err := x.trail(c, in.Name)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"IsLogging": t.IsLogging}
	if t.LatestDeliveryError != "" {
		out["LatestDeliveryError"] = t.LatestDeliveryError
	}
	return out, nil
}

type eventSelectorJSON struct {
	ReadWriteType                 string             `json:"ReadWriteType"`
	IncludeManagementEvents       bool               `json:"IncludeManagementEvents"`
	DataResources                 []dataResourceJSON `json:"DataResources"`
	ExcludeManagementEventSources []string           `json:"ExcludeManagementEventSources"`
}

type dataResourceJSON struct {
	Type   string   `json:"Type"`
	Values []string `json:"Values"`
}

type advancedSelectorJSON struct {
	Name           *string             `json:"Name,omitempty"`
	FieldSelectors []fieldSelectorJSON `json:"FieldSelectors"`
}

type fieldSelectorJSON struct {
	Field         string   `json:"Field"`
	Equals        []string `json:"Equals,omitempty"`
	StartsWith    []string `json:"StartsWith,omitempty"`
	EndsWith      []string `json:"EndsWith,omitempty"`
	NotEquals     []string `json:"NotEquals,omitempty"`
	NotStartsWith []string `json:"NotStartsWith,omitempty"`
	NotEndsWith   []string `json:"NotEndsWith,omitempty"`
}

func (x cloudTrail) getEventSelectors(c *jsonCall) (any, *jsonError) {
	var in struct {
		TrailName string `json:"TrailName"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	t, err := x.trail(c, in.TrailName)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"TrailARN": t.ARN}
	// A trail has one kind of selector or the other; AWS sends only that
	// kind.
	if len(t.AdvancedEventSelectors) > 0 {
		var adv []advancedSelectorJSON
		for _, a := range t.AdvancedEventSelectors {
			aj := advancedSelectorJSON{Name: optString(a.Name), FieldSelectors: []fieldSelectorJSON{}}
			for _, f := range a.FieldSelectors {
				aj.FieldSelectors = append(aj.FieldSelectors, fieldSelectorJSON(f))
			}
			adv = append(adv, aj)
		}
		out["AdvancedEventSelectors"] = adv
		return out, nil
	}
	sels := []eventSelectorJSON{}
	for _, e := range t.EventSelectors {
		ej := eventSelectorJSON{ReadWriteType: e.ReadWriteType, IncludeManagementEvents: e.IncludeManagementEvents,
			DataResources: []dataResourceJSON{}, ExcludeManagementEventSources: e.ExcludeManagementEventSources}
		if ej.ExcludeManagementEventSources == nil {
			ej.ExcludeManagementEventSources = []string{}
		}
		for _, d := range e.DataResources {
			ej.DataResources = append(ej.DataResources, dataResourceJSON{Type: d.Type, Values: d.Values})
		}
		sels = append(sels, ej)
	}
	out["EventSelectors"] = sels
	return out, nil
}
