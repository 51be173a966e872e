package emulator

// configService serves AWS Config (JSON 1.1, API 2014-11-12) from the
// account's recorders: a region answers with its own.
type configService struct{ s *Server }

func newConfigService(s *Server) jsonService {
	x := configService{s}
	return jsonService{
		s: s, target: "StarlingDoveService", version: "1.1", internal: "InternalFailure",
		ops: map[string]jsonOp{
			"DescribeConfigurationRecorders":      {serve: x.describeRecorders},
			"DescribeConfigurationRecorderStatus": {serve: x.describeRecorderStatus},
		},
	}
}

type recordingGroupJSON struct {
	AllSupported               bool     `json:"allSupported"`
	IncludeGlobalResourceTypes bool     `json:"includeGlobalResourceTypes"`
	ResourceTypes              []string `json:"resourceTypes"`
	ExclusionByResourceTypes   struct {
		ResourceTypes []string `json:"resourceTypes"`
	} `json:"exclusionByResourceTypes"`
	RecordingStrategy *struct {
		UseOnly string `json:"useOnly"`
	} `json:"recordingStrategy,omitempty"`
}

type recorderJSON struct {
	ARN              string             `json:"arn"`
	Name             string             `json:"name"`
	RoleARN          *string            `json:"roleARN,omitempty"`
	RecordingGroup   recordingGroupJSON `json:"recordingGroup"`
	RecordingMode    map[string]any     `json:"recordingMode"`
	RecordingScope   string             `json:"recordingScope"`
	ServicePrincipal *string            `json:"servicePrincipal,omitempty"`
}

// The two Describe operations take the same filters, none of which a
// scan uses.
type recorderFilter struct{}

func (x configService) describeRecorders(c *jsonCall) (any, *jsonError) {
	if err := c.decode(&recorderFilter{}); err != nil {
		return nil, err
	}
	list := []recorderJSON{}
	for _, r := range x.s.acct.Config.Recorders {
		if r.Region != c.Region {
			continue
		}
		g := recordingGroupJSON{AllSupported: r.AllSupported, IncludeGlobalResourceTypes: r.IncludeGlobalResourceTypes,
			ResourceTypes: orEmptyOf(r.ResourceTypes)}
		g.ExclusionByResourceTypes.ResourceTypes = orEmptyOf(r.ExcludedResourceTypes)
		if r.RecordingStrategy != "" {
			g.RecordingStrategy = &struct {
				UseOnly string `json:"useOnly"`
			}{r.RecordingStrategy}
		}
		// Service-linked recorders record for free, on the other service's
		// behalf.
		scope := "PAID"
		if r.ServicePrincipal != "" {
			scope = "INTERNAL"
		}
		list = append(list, recorderJSON{ARN: r.ARN, Name: r.Name, RoleARN: optString(r.RoleARN), RecordingGroup: g,
			RecordingMode:  map[string]any{"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []any{}},
			RecordingScope: scope, ServicePrincipal: optString(r.ServicePrincipal)})
	}
	return map[string]any{"ConfigurationRecorders": list}, nil
}

type recorderStatusJSON struct {
	ARN              string  `json:"arn"`
	Name             string  `json:"name"`
	Recording        bool    `json:"recording"`
	LastStatus       *string `json:"lastStatus,omitempty"`
	LastErrorCode    *string `json:"lastErrorCode,omitempty"`
	ServicePrincipal *string `json:"servicePrincipal,omitempty"`
}

func (x configService) describeRecorderStatus(c *jsonCall) (any, *jsonError) {
	if err := c.decode(&recorderFilter{}); err != nil {
		return nil, err
	}
	list := []recorderStatusJSON{}
	for _, r := range x.s.acct.Config.Recorders {
		if r.Region == c.Region {
			list = append(list, recorderStatusJSON{ARN: r.ARN, Name: r.Name, Recording: r.Recording,
				LastStatus: optString(r.LastStatus), LastErrorCode: optString(r.LastErrorCode), ServicePrincipal: optString(r.ServicePrincipal)})
		}
	}
	return map[string]any{"ConfigurationRecordersStatus": list}, nil
}
