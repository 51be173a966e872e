package emulator

import (
	"cmp"
	"slices"

	"github.com/srmscan/srmscan/inventory"
)

// Systems Manager's page and batch bounds, which it enforces rather than
// clamps.
const (
	ssmMaxInstances        = 50
	ssmDefaultInstances    = 10
	ssmMaxPatchIDs         = 50
	ssmMinPatchStates      = 10
	ssmMaxPatchStates      = 100
	ssmDefaultPatchStates  = 10
	ssmMaxDocuments        = 50
	ssmDefaultDocuments    = 50
	ssmMaxPermissions      = 200
	ssmDefaultPermissions  = 200
	ssmMinInstanceInfoPage = 5
)

// ssmService serves Systems Manager (JSON 1.1, target AmazonSSM) from the
// account's managed nodes, documents and settings: a region answers with
// its own.
type ssmService struct{ s *Server }

func newSSM(s *Server) jsonService {
	x := ssmService{s}
	return jsonService{
		s: s, target: "AmazonSSM", version: "1.1", internal: "InternalServerError",
		ops: map[string]jsonOp{
			"DescribeInstanceInformation": {serve: x.describeInstanceInformation},
			"DescribeInstancePatchStates": {serve: x.describeInstancePatchStates},
			"ListDocuments":               {serve: x.listDocuments},
			"DescribeDocumentPermission":  {serve: x.describeDocumentPermission, resource: "Name"},
			"GetServiceSetting":           {serve: x.getServiceSetting, resource: "SettingId"},
		},
	}
}

// nodes returns the region's managed nodes in ID order.
func (x ssmService) nodes(region string) []*inventory.ManagedInstance {
	ns := inRegion(x.s.acct.SSM.ManagedInstances, region, func(m *inventory.ManagedInstance) string { return m.Region })
	slices.SortFunc(ns, func(a, b *inventory.ManagedInstance) int { return cmp.Compare(a.ID, b.ID) })
	return ns
}

type ssmPageIn struct {
	MaxResults *int    `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
}

// describeInstanceInformation lists every managed node; the filters
// (Filters, InstanceInformationFilterList) are not implemented, so a
// request with them is refused.
func (x ssmService) describeInstanceInformation(c *jsonCall) (any, *jsonError) {
	var in ssmPageIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.MaxResults, "maxResults", ssmMinInstanceInfoPage, ssmMaxInstances); err != nil {
		return nil, err
	}
	if in.MaxResults == nil {
		in.MaxResults = new(ssmDefaultInstances)
	}
	nodes, next, err := jsonPage(c, x.nodes(c.Region), in.NextToken, in.MaxResults, "InvalidNextToken")
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	for _, m := range nodes {
		e := map[string]any{
			"InstanceId":      m.ID,
			"PingStatus":      m.PingStatus,
			"AgentVersion":    optString(m.AgentVersion),
			"IsLatestVersion": m.AgentLatest,
			"PlatformType":    optString(m.PlatformType),
			"PlatformName":    optString(m.PlatformName),
			"PlatformVersion": optString(m.PlatformVersion),
			"ResourceType":    optString(m.ResourceType),
		}
		if t := jsonTime(m.LastPingAt); t != nil {
			e["LastPingDateTime"] = *t
		}
		if m.AssociationStatus != "" {
			e["AssociationStatus"] = m.AssociationStatus
			e["AssociationOverview"] = map[string]any{
				"DetailedStatus": m.AssociationStatus,
				"InstanceAssociationStatusAggregatedCount": map[string]int{m.AssociationStatus: 1},
			}
		}
		list = append(list, e)
	}
	return map[string]any{"InstanceInformationList": list, "NextToken": optString(next)}, nil
}

// describeInstancePatchStates answers for the named nodes that have a
// patch state; others are left out, as AWS leaves them out.
func (x ssmService) describeInstancePatchStates(c *jsonCall) (any, *jsonError) {
	var in struct {
		InstanceIds []string `json:"InstanceIds"`
		ssmPageIn
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if len(in.InstanceIds) == 0 || len(in.InstanceIds) > ssmMaxPatchIDs {
		return nil, badRequest("ValidationException", "1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to %d and greater than or equal to 1", ssmMaxPatchIDs)
	}
	if err := jsonLimit(in.MaxResults, "maxResults", ssmMinPatchStates, ssmMaxPatchStates); err != nil {
		return nil, err
	}
	if in.MaxResults == nil {
		in.MaxResults = new(ssmDefaultPatchStates)
	}
	var found []*inventory.ManagedInstance
	for _, m := range x.nodes(c.Region) {
		if m.Patch != nil && slices.Contains(in.InstanceIds, m.ID) {
			found = append(found, m)
		}
	}
	nodes, next, err := jsonPage(c, found, in.NextToken, in.MaxResults, "InvalidNextToken")
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	for _, m := range nodes {
		p := m.Patch
		e := map[string]any{
			"InstanceId":                   m.ID,
			"PatchGroup":                   p.PatchGroup,
			"BaselineId":                   p.BaselineID,
			"Operation":                    p.Operation,
			"InstalledCount":               p.Installed,
			"InstalledOtherCount":          0,
			"InstalledPendingRebootCount":  p.InstalledPendingReboot,
			"InstalledRejectedCount":       p.InstalledRejected,
			"MissingCount":                 p.Missing,
			"FailedCount":                  p.Failed,
			"NotApplicableCount":           p.NotApplicable,
			"UnreportedNotApplicableCount": 0,
			"CriticalNonCompliantCount":    p.CriticalNonCompliant,
			"SecurityNonCompliantCount":    p.SecurityNonCompliant,
			"OtherNonCompliantCount":       0,
			"RebootOption":                 "RebootIfNeeded",
		}
		if t := jsonTime(p.OperationStartTime); t != nil {
			e["OperationStartTime"] = *t
		}
		if t := jsonTime(p.OperationEndTime); t != nil {
			e["OperationEndTime"] = *t
		}
		list = append(list, e)
	}
	return map[string]any{"InstancePatchStates": list, "NextToken": optString(next)}, nil
}

// documents returns the region's documents in name order.
func (x ssmService) documents(region string) []*inventory.SSMDocument {
	ds := inRegion(x.s.acct.SSM.Documents, region, func(d *inventory.SSMDocument) string { return d.Region })
	slices.SortFunc(ds, func(a, b *inventory.SSMDocument) int { return cmp.Compare(a.Name, b.Name) })
	return ds
}

// listDocuments serves the filter Owner=Self only: the account holds only
// its own documents, and listing without the filter would, in AWS, add
// Amazon's hundreds of documents.
func (x ssmService) listDocuments(c *jsonCall) (any, *jsonError) {
	var in struct {
		Filters []struct {
			Key    string   `json:"Key"`
			Values []string `json:"Values"`
		} `json:"Filters"`
		ssmPageIn
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if len(in.Filters) != 1 || in.Filters[0].Key != "Owner" || !slices.Equal(in.Filters[0].Values, []string{"Self"}) {
		return nil, badRequest("ValidationException", "the emulator serves ListDocuments with the one filter Owner=Self, not %+v", in.Filters)
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, ssmMaxDocuments); err != nil {
		return nil, err
	}
	if in.MaxResults == nil {
		in.MaxResults = new(ssmDefaultDocuments)
	}
	docs, next, err := jsonPage(c, x.documents(c.Region), in.NextToken, in.MaxResults, "InvalidNextToken")
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	for _, d := range docs {
		list = append(list, map[string]any{
			"Name":            d.Name,
			"Owner":           d.AccountID,
			"DocumentType":    optString(d.DocumentType),
			"DocumentFormat":  optString(d.DocumentFormat),
			"DocumentVersion": "1",
			"SchemaVersion":   "2.2",
		})
	}
	return map[string]any{"DocumentIdentifiers": list, "NextToken": optString(next)}, nil
}

func (x ssmService) describeDocumentPermission(c *jsonCall) (any, *jsonError) {
	var in struct {
		Name           string `json:"Name"`
		PermissionType string `json:"PermissionType"`
		ssmPageIn
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if in.PermissionType != "Share" {
		return nil, badRequest("InvalidPermissionType", "PermissionType must be Share, not %q", in.PermissionType)
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, ssmMaxPermissions); err != nil {
		return nil, err
	}
	if in.MaxResults == nil {
		in.MaxResults = new(ssmDefaultPermissions)
	}
	i := slices.IndexFunc(x.documents(c.Region), func(d *inventory.SSMDocument) bool { return d.Name == in.Name })
	if i < 0 {
		return nil, badRequest("InvalidDocument", "Document with name %s does not exist.", in.Name)
	}
	d := x.documents(c.Region)[i]
	ids, next, err := jsonPage(c, d.SharedWith, in.NextToken, in.MaxResults, "InvalidNextToken")
	if err != nil {
		return nil, err
	}
	info := []map[string]string{}
	for _, id := range ids {
		info = append(info, map[string]string{"AccountId": id, "SharedDocumentVersion": "$DEFAULT"})
	}
	return map[string]any{"AccountIds": orEmptyOf(ids), "AccountSharingInfoList": info, "NextToken": optString(next)}, nil
}

// getServiceSetting serves the public-sharing setting, whose default is
// "Enable": an account that never chose blocks nothing.
func (x ssmService) getServiceSetting(c *jsonCall) (any, *jsonError) {
	var in struct {
		SettingID string `json:"SettingId"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if in.SettingID != inventory.DocumentPublicSharingSetting {
		return nil, badRequest("ServiceSettingNotFound", "the emulator serves the setting %s only, not %s", inventory.DocumentPublicSharingSetting, in.SettingID)
	}
	value, status := "Enable", "Default"
	arn := inventory.SSMSettingARN(x.s.acct.Partition, c.Region, x.s.acct.AccountID, in.SettingID)
	for _, r := range x.s.acct.SSM.Regions {
		if r.Region == c.Region && r.DocumentPublicSharing != "" {
			value, status = r.DocumentPublicSharing, "Customized"
		}
	}
	return map[string]any{"ServiceSetting": map[string]any{
		"SettingId": in.SettingID, "SettingValue": value, "ARN": arn, "Status": status,
	}}, nil
}
