package emulator

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// openSearchBatch is the most names DescribeDomains accepts.
const openSearchBatch = 5

// openSearchService speaks OpenSearch Service's REST-JSON protocol (signed
// as "es"): PascalCase members, epoch-second timestamps, the 2021-01-01
// API paths.
type openSearchService struct{ s *Server }

func (openSearchService) operation(r *request) (string, string) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/2021-01-01/domain":
		return "ListDomainNames", ""
	case r.Method == http.MethodPost && r.URL.Path == "/2021-01-01/opensearch/domain-info":
		// Fault rules name a batch by its first domain.
		var in struct{ DomainNames []string }
		if json.Unmarshal(r.Body, &in) == nil && len(in.DomainNames) > 0 {
			return "DescribeDomains", in.DomainNames[0]
		}
		return "DescribeDomains", ""
	}
	return "", ""
}

func (openSearchService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", "InternalException"
}

type openSearchError struct {
	Message string `json:"message"`
}

func (openSearchService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, openSearchError{Message: message})
}

func (x openSearchService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	// engineType would filter the list; nothing here asks for it.
	if name := restUnknownQuery(r); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "ValidationException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	domains := inRegion(x.s.acct.OpenSearch.Domains, r.Region, func(d *inventory.OpenSearchDomain) string { return d.Region })
	slices.SortFunc(domains, func(a, b *inventory.OpenSearchDomain) int { return cmp.Compare(a.Name, b.Name) })
	switch r.Op {
	case "ListDomainNames":
		names := make([]map[string]string, 0, len(domains))
		for _, d := range domains {
			names = append(names, map[string]string{"DomainName": d.Name, "EngineType": engineType(d.EngineVersion)})
		}
		writeRESTJSON(w, http.StatusOK, map[string]any{"DomainNames": names})
	case "DescribeDomains":
		var in struct{ DomainNames []string }
		if err := json.Unmarshal(r.Body, &in); err != nil || len(in.DomainNames) == 0 {
			x.writeError(w, r, http.StatusBadRequest, "ValidationException", "1 validation error detected: Value null at 'domainNames' failed to satisfy constraint: Member must not be null")
			return
		}
		if len(in.DomainNames) > openSearchBatch {
			x.writeError(w, r, http.StatusBadRequest, "ValidationException", fmt.Sprintf("1 validation error detected: Value at 'domainNames' failed to satisfy constraint: Member must have length less than or equal to %d", openSearchBatch))
			return
		}
		// Names of no domain are left out of the answer, not errors.
		list := []map[string]any{}
		for _, name := range in.DomainNames {
			if i := slices.IndexFunc(domains, func(d *inventory.OpenSearchDomain) bool { return d.Name == name }); i >= 0 {
				list = append(list, x.status(domains[i]))
			}
		}
		writeRESTJSON(w, http.StatusOK, map[string]any{"DomainStatusList": list})
	}
}

// engineType reads "OpenSearch" or "Elasticsearch" from an engine version
// such as "OpenSearch_2.13".
func engineType(version string) string {
	if strings.HasPrefix(version, "Elasticsearch") {
		return "Elasticsearch"
	}
	return "OpenSearch"
}

func (x openSearchService) status(d *inventory.OpenSearchDomain) map[string]any {
	out := map[string]any{
		"ARN":                         d.ARN,
		"DomainId":                    d.AccountID + "/" + d.Name,
		"DomainName":                  d.Name,
		"Created":                     true,
		"Deleted":                     false,
		"Processing":                  false,
		"EngineVersion":               cmp.Or(d.EngineVersion, "OpenSearch_2.13"),
		"ClusterConfig":               map[string]any{"InstanceType": "r6g.large.search", "InstanceCount": 2},
		"EncryptionAtRestOptions":     map[string]any{"Enabled": d.EncryptionAtRest},
		"NodeToNodeEncryptionOptions": map[string]any{"Enabled": d.NodeToNodeEncryption},
		"DomainEndpointOptions": map[string]any{
			"EnforceHTTPS":      d.EnforceHTTPS,
			"TLSSecurityPolicy": cmp.Or(d.TLSSecurityPolicy, "Policy-Min-TLS-1-0-2019-07"),
		},
		"AdvancedSecurityOptions": map[string]any{"Enabled": d.FineGrainedAccessControl, "InternalUserDatabaseEnabled": false},
	}
	if d.AccessPolicy != "" {
		out["AccessPolicies"] = d.AccessPolicy
	}
	if d.KMSKeyID != "" {
		out["EncryptionAtRestOptions"].(map[string]any)["KmsKeyId"] = d.KMSKeyID
	}
	// A domain in a VPC has no public Endpoint, only Endpoints["vpc"].
	if d.InVPC() {
		subnets := d.VPCSubnetIDs
		if subnets == nil {
			subnets = []string{}
		}
		out["VPCOptions"] = map[string]any{"VPCId": d.VPCID, "SubnetIds": subnets, "SecurityGroupIds": []string{}}
		out["Endpoints"] = map[string]string{"vpc": "vpc-" + d.Name + ".es.amazonaws.com"}
	} else {
		out["Endpoint"] = "search-" + d.Name + "." + d.Region + ".es.amazonaws.com"
	}
	sw := map[string]any{
		"UpdateAvailable":    d.UpdateAvailable,
		"UpdateStatus":       cmp.Or(d.UpdateStatus, map[bool]string{true: "ELIGIBLE", false: "COMPLETED"}[d.UpdateAvailable]),
		"Cancellable":        false,
		"OptionalDeployment": true,
		"CurrentVersion":     "OpenSearch_2_13_R20240520",
		"NewVersion":         "",
	}
	if d.UpdateAvailable {
		sw["NewVersion"] = "OpenSearch_2_13_R20241107"
	}
	// AWS gives 0, the epoch, when no automated update is scheduled.
	sw["AutomatedUpdateDate"] = 0
	if !d.AutomatedUpdateDate.IsZero() {
		sw["AutomatedUpdateDate"] = restEpochSeconds(d.AutomatedUpdateDate)
	}
	out["ServiceSoftwareOptions"] = sw
	logs := map[string]any{}
	for _, t := range d.LogTypes {
		logs[t] = map[string]any{"Enabled": true, "CloudWatchLogsLogGroupArn": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/opensearch/%s", d.Region, d.AccountID, d.Name)}
	}
	out["LogPublishingOptions"] = logs
	return out
}
