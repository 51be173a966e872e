package emulator

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

const ec2XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/"

// ec2Service speaks EC2's Query protocol (API version 2016-11-15): form
// parameters in, an XML document named after the action out, lists as
// <item> elements. Every request is answered from the signing region's
// share of the account.
type ec2Service struct{ s *Server }

// ec2Op is what the emulator knows of one EC2 action.
type ec2Op struct {
	serve func(x ec2Service, w http.ResponseWriter, r *request)
	// resource names the parameter that says which resource a
	// per-resource call is about, so fault rules can single one out.
	resource string
	// params are the parameters accepted besides Action, Version, DryRun
	// and, for paginated actions, MaxResults and NextToken. A name ending
	// in "." admits the numbered members of a list (Owner.1, Owner.2).
	params []string
}

var ec2Ops = map[string]ec2Op{
	"DescribeRegions":           {serve: ec2Service.describeRegions, params: []string{"AllRegions", "RegionName."}},
	"DescribeInstances":         {serve: ec2Service.describeInstances},
	"DescribeSecurityGroups":    {serve: ec2Service.describeSecurityGroups},
	"DescribeNetworkAcls":       {serve: ec2Service.describeNetworkACLs},
	"DescribeVpcs":              {serve: ec2Service.describeVPCs},
	"DescribeFlowLogs":          {serve: ec2Service.describeFlowLogs},
	"DescribeVolumes":           {serve: ec2Service.describeVolumes},
	"DescribeSnapshots":         {serve: ec2Service.describeSnapshots, params: []string{"Owner."}},
	"DescribeSnapshotAttribute": {serve: ec2Service.describeSnapshotAttribute, resource: "SnapshotId", params: []string{"SnapshotId", "Attribute"}},
	"DescribeImages":            {serve: ec2Service.describeImages, params: []string{"Owner.", "IncludeDeprecated", "IncludeDisabled"}},
	"DescribeImageAttribute":    {serve: ec2Service.describeImageAttribute, resource: "ImageId", params: []string{"ImageId", "Attribute"}},
	"GetEbsEncryptionByDefault": {serve: ec2Service.getEbsEncryptionByDefault},
}

// ec2Paging is an action's MaxResults range. Most actions refuse a value
// outside it; DescribeVolumes and DescribeSnapshots document that they cap
// larger values instead. Where the API reference gives no range (flow
// logs, images), EC2's usual 1000 stands in.
type ec2Paging struct {
	min, max int
	caps     bool
}

// ec2Paged lists the actions EC2 paginates. DescribeRegions is not one.
var ec2Paged = map[string]ec2Paging{
	"DescribeInstances":      {min: 5, max: 1000},
	"DescribeSecurityGroups": {min: 5, max: 1000},
	"DescribeNetworkAcls":    {min: 5, max: 1000},
	"DescribeVpcs":           {min: 5, max: 1000},
	"DescribeFlowLogs":       {min: 1, max: 1000},
	"DescribeVolumes":        {min: 5, max: 500, caps: true},
	"DescribeSnapshots":      {min: 5, max: 1000, caps: true},
	"DescribeImages":         {min: 1, max: 1000},
}

func (ec2Service) operation(r *request) (string, string) {
	op, ok := ec2Ops[r.Form.Get("Action")]
	if !ok {
		return "", ""
	}
	resource := ""
	if op.resource != "" {
		resource = r.Form.Get(op.resource)
	}
	return r.Form.Get("Action"), resource
}

func (ec2Service) faultCodes() (string, string, string) {
	return "RequestLimitExceeded", "UnauthorizedOperation", "InternalError"
}

// ec2Error is EC2's error document, unlike the other Query services'
// ErrorResponse: a Response holding a list of Errors.
type ec2Error struct {
	XMLName xml.Name `xml:"Response"`
	Errors  struct {
		Error struct {
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		} `xml:"Error"`
	} `xml:"Errors"`
	RequestID string `xml:"RequestID"`
}

func (ec2Service) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeEC2Error(w, status, code, message)
}

func writeEC2Error(w http.ResponseWriter, status int, code, message string) {
	var e ec2Error
	e.Errors.Error.Code = code
	e.Errors.Error.Message = message
	e.RequestID = requestID()
	writeXML(w, status, e)
}

// ec2Root names a successful answer's root element: the action's name
// plus "Response". Each answer declares the header fields itself, as
// encoding/xml cannot name the root through an unexported embedded struct.
func ec2Root(op string) xml.Name { return xml.Name{Local: op + "Response"} }

func (x ec2Service) serve(w http.ResponseWriter, r *request) {
	// EC2 does not know credentials in a region the account has not
	// enabled: it answers AuthFailure, and the SDK does not retry it.
	if !x.s.regionEnabled(r.Region) {
		writeEC2Error(w, http.StatusUnauthorized, "AuthFailure", "AWS was not able to validate the provided access credentials")
		return
	}
	op := ec2Ops[r.Op]
	for name := range r.Form {
		if !op.accepts(r.Op, name) {
			// Filters and ID lists would change the answer; serving the
			// unfiltered list instead would pass a collector that relies
			// on them for the wrong reason.
			writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
			return
		}
	}
	if r.Form.Get("DryRun") == "true" {
		writeEC2Error(w, http.StatusPreconditionFailed, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
		return
	}
	op.serve(x, w, r)
}

func (op ec2Op) accepts(action, name string) bool {
	switch name {
	case "Action", "Version", "DryRun":
		return true
	case "MaxResults", "NextToken":
		_, paged := ec2Paged[action]
		return paged
	}
	for _, p := range op.params {
		if p == name || (strings.HasSuffix(p, ".") && strings.HasPrefix(name, p)) {
			return true
		}
	}
	return false
}

// ec2Page returns the page of items a request asks for and the next
// token, or writes EC2's error and reports false.
func ec2Page[T any](x ec2Service, w http.ResponseWriter, r *request, items []T) ([]T, string, bool) {
	p := ec2Paged[r.Op]
	requested := 0
	if v := r.Form.Get("MaxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < p.min || (n > p.max && !p.caps) {
			writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("Value ( %s ) for parameter maxResults is invalid. Expecting a value between %d and %d.", v, p.min, p.max))
			return nil, "", false
		}
		requested = min(n, p.max)
	}
	out, next, err := page(x.s, items, r.Form.Get("NextToken"), requested)
	if err != nil {
		writeEC2Error(w, http.StatusBadRequest, "InvalidPaginationToken", "The specified pagination token is not valid or is expired.")
		return nil, "", false
	}
	return out, next, true
}

// inRegion returns the items of one region, in the account's order.
func inRegion[T any](items []T, region string, regionOf func(*T) string) []*T {
	var out []*T
	for i := range items {
		if regionOf(&items[i]) == region {
			out = append(out, &items[i])
		}
	}
	return out
}

// formList reads a Query list parameter (Owner.1, Owner.2, ...) in order.
func formList(r *request, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := r.Form[name+"."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v...)
	}
}

type ec2Tag struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

func ec2Tags(t inventory.Tags) []ec2Tag {
	out := make([]ec2Tag, 0, len(t))
	for _, tag := range t {
		out = append(out, ec2Tag{tag.Key, tag.Value})
	}
	return out
}

// Opt-in regions: DescribeRegions reports them as opted-in rather than
// opt-in-not-required once enabled.
var ec2OptInRegions = []string{
	"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2",
	"il-central-1", "me-central-1", "me-south-1", "mx-central-1",
}

// partitionRegions are the regions of each partition, as the SDK's
// endpoint data lists them, for DescribeRegions with AllRegions.
var partitionRegions = map[string][]string{
	"aws": {
		"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
		"ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
		"ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
		"eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
		"me-west-1", "mx-central-1", "sa-east-1", "sa-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
	},
	"aws-cn":     {"cn-north-1", "cn-northwest-1"},
	"aws-us-gov": {"us-gov-east-1", "us-gov-west-1"},
}

// describeRegions lists the regions the account has enabled, and with
// AllRegions the rest of its partition as not-opted-in. The emulated
// account can call only the regions it lists (see serve), so a region it
// does not list is reported as one it has not opted into, whether or not
// AWS would let it opt out.
func (x ec2Service) describeRegions(w http.ResponseWriter, r *request) {
	type region struct {
		Name        string `xml:"regionName"`
		Endpoint    string `xml:"regionEndpoint"`
		OptInStatus string `xml:"optInStatus"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string   `xml:"xmlns,attr"`
		RequestID string   `xml:"requestId"`
		Regions   []region `xml:"regionInfo>item"`
	}
	names := formList(r, "RegionName")
	all := slices.Clone(x.s.acct.Regions)
	if r.Form.Get("AllRegions") == "true" {
		for _, name := range partitionRegions[cmp.Or(x.s.acct.Partition, "aws")] {
			if !slices.Contains(all, name) {
				all = append(all, name)
			}
		}
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID()}
	for _, name := range all {
		if len(names) > 0 && !slices.Contains(names, name) {
			continue
		}
		status := "opt-in-not-required"
		switch {
		case !x.s.regionEnabled(name):
			status = "not-opted-in"
		case slices.Contains(ec2OptInRegions, name):
			status = "opted-in"
		}
		out.Regions = append(out.Regions, region{Name: name, Endpoint: "ec2." + name + ".amazonaws.com", OptInStatus: status})
	}
	writeXML(w, http.StatusOK, out)
}

// ec2StateCodes are the codes EC2 gives each instance state name.
var ec2StateCodes = map[string]int{
	"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80,
}

type groupIdentifierXML struct {
	GroupID   string `xml:"groupId"`
	GroupName string `xml:"groupName,omitempty"`
}

type instanceXML struct {
	InstanceID string `xml:"instanceId"`
	ImageID    string `xml:"imageId"`
	State      struct {
		Code int    `xml:"code"`
		Name string `xml:"name"`
	} `xml:"instanceState"`
	LaunchTime         string               `xml:"launchTime"`
	SubnetID           string               `xml:"subnetId,omitempty"`
	VpcID              string               `xml:"vpcId,omitempty"`
	IPAddress          string               `xml:"ipAddress,omitempty"`
	Groups             []groupIdentifierXML `xml:"groupSet>item"`
	IamInstanceProfile *struct {
		ARN string `xml:"arn"`
		ID  string `xml:"id"`
	} `xml:"iamInstanceProfile"`
	Tags            []ec2Tag `xml:"tagSet>item"`
	MetadataOptions *struct {
		State        string `xml:"state"`
		HTTPTokens   string `xml:"httpTokens,omitempty"`
		HopLimit     int    `xml:"httpPutResponseHopLimit"`
		HTTPEndpoint string `xml:"httpEndpoint,omitempty"`
	} `xml:"metadataOptions"`
}

type reservationXML struct {
	ReservationID string        `xml:"reservationId"`
	OwnerID       string        `xml:"ownerId"`
	Instances     []instanceXML `xml:"instancesSet>item"`
}

// describeInstances pages over instances, as MaxResults counts them, and
// groups each page's instances into reservations the way RunInstances
// makes them: those launched together, from one image into one subnet.
func (x ec2Service) describeInstances(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.EC2.Instances, r.Region, func(i *inventory.Instance) string { return i.Region })
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	groupNames := map[string]string{}
	for _, g := range inRegion(x.s.acct.EC2.SecurityGroups, r.Region, func(g *inventory.SecurityGroup) string { return g.Region }) {
		groupNames[g.ID] = g.Name
	}
	type response struct {
		XMLName      xml.Name
		Xmlns        string           `xml:"xmlns,attr"`
		RequestID    string           `xml:"requestId"`
		Reservations []reservationXML `xml:"reservationSet>item"`
		NextToken    string           `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	var prev *inventory.Instance
	for _, in := range items {
		if prev == nil || !in.LaunchTime.Equal(prev.LaunchTime) || in.ImageID != prev.ImageID || in.SubnetID != prev.SubnetID {
			out.Reservations = append(out.Reservations, reservationXML{
				ReservationID: "r-" + strings.TrimPrefix(in.ID, "i-"),
				OwnerID:       x.s.acct.AccountID,
			})
		}
		prev = in
		res := &out.Reservations[len(out.Reservations)-1]
		res.Instances = append(res.Instances, x.instance(in, groupNames))
	}
	writeXML(w, http.StatusOK, out)
}

func (x ec2Service) instance(in *inventory.Instance, groupNames map[string]string) instanceXML {
	e := instanceXML{
		InstanceID: in.ID,
		ImageID:    in.ImageID,
		LaunchTime: isoTime(in.LaunchTime),
		SubnetID:   in.SubnetID,
		VpcID:      in.VPCID,
		IPAddress:  in.PublicIP,
		Tags:       ec2Tags(in.Tags),
	}
	e.State.Code, e.State.Name = ec2StateCodes[in.State], in.State
	for _, id := range in.SecurityGroupIDs {
		e.Groups = append(e.Groups, groupIdentifierXML{GroupID: id, GroupName: groupNames[id]})
	}
	if in.InstanceProfileARN != "" {
		e.IamInstanceProfile = &struct {
			ARN string `xml:"arn"`
			ID  string `xml:"id"`
		}{ARN: in.InstanceProfileARN, ID: "AIPA" + strings.ToUpper(strings.TrimPrefix(in.ID, "i-"))}
	}
	if in.MetadataHTTPTokens != "" || in.MetadataHTTPEndpoint != "" {
		e.MetadataOptions = &struct {
			State        string `xml:"state"`
			HTTPTokens   string `xml:"httpTokens,omitempty"`
			HopLimit     int    `xml:"httpPutResponseHopLimit"`
			HTTPEndpoint string `xml:"httpEndpoint,omitempty"`
		}{State: "applied", HTTPTokens: in.MetadataHTTPTokens, HopLimit: 1, HTTPEndpoint: in.MetadataHTTPEndpoint}
	}
	return e
}

type ipPermissionXML struct {
	Protocol string `xml:"ipProtocol"`
	// EC2 leaves the ports out of rules for all protocols ("-1").
	FromPort      *int32               `xml:"fromPort"`
	ToPort        *int32               `xml:"toPort"`
	Groups        []userIDGroupPairXML `xml:"groups>item"`
	IPRanges      []ipRangeXML         `xml:"ipRanges>item"`
	IPv6Ranges    []ipv6RangeXML       `xml:"ipv6Ranges>item"`
	PrefixListIDs []prefixListIDXML    `xml:"prefixListIds>item"`
}

type userIDGroupPairXML struct {
	UserID  string `xml:"userId"`
	GroupID string `xml:"groupId"`
}

type ipRangeXML struct {
	CIDR string `xml:"cidrIp"`
}

type ipv6RangeXML struct {
	CIDR string `xml:"cidrIpv6"`
}

type prefixListIDXML struct {
	ID string `xml:"prefixListId"`
}

func (x ec2Service) permissions(rules []inventory.Rule) []ipPermissionXML {
	var out []ipPermissionXML
	for _, rule := range rules {
		p := ipPermissionXML{Protocol: rule.Protocol}
		if rule.Protocol != "-1" {
			p.FromPort, p.ToPort = &rule.FromPort, &rule.ToPort
		}
		for _, g := range rule.GroupIDs {
			p.Groups = append(p.Groups, userIDGroupPairXML{UserID: x.s.acct.AccountID, GroupID: g})
		}
		for _, c := range rule.IPv4Ranges {
			p.IPRanges = append(p.IPRanges, ipRangeXML{c})
		}
		for _, c := range rule.IPv6Ranges {
			p.IPv6Ranges = append(p.IPv6Ranges, ipv6RangeXML{c})
		}
		for _, id := range rule.PrefixListIDs {
			p.PrefixListIDs = append(p.PrefixListIDs, prefixListIDXML{id})
		}
		out = append(out, p)
	}
	return out
}

func (x ec2Service) describeSecurityGroups(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.EC2.SecurityGroups, r.Region, func(g *inventory.SecurityGroup) string { return g.Region })
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type group struct {
		OwnerID     string            `xml:"ownerId"`
		GroupID     string            `xml:"groupId"`
		GroupName   string            `xml:"groupName"`
		Description string            `xml:"groupDescription"`
		VpcID       string            `xml:"vpcId,omitempty"`
		Ingress     []ipPermissionXML `xml:"ipPermissions>item"`
		Egress      []ipPermissionXML `xml:"ipPermissionsEgress>item"`
		Tags        []ec2Tag          `xml:"tagSet>item"`
		ARN         string            `xml:"securityGroupArn"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string  `xml:"xmlns,attr"`
		RequestID string  `xml:"requestId"`
		Groups    []group `xml:"securityGroupInfo>item"`
		NextToken string  `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, g := range items {
		out.Groups = append(out.Groups, group{
			OwnerID: x.s.acct.AccountID, GroupID: g.ID, GroupName: g.Name, Description: g.Description, VpcID: g.VPCID,
			Ingress: x.permissions(g.Ingress), Egress: x.permissions(g.Egress), Tags: ec2Tags(g.Tags), ARN: g.ARN,
		})
	}
	writeXML(w, http.StatusOK, out)
}

func (x ec2Service) describeNetworkACLs(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.EC2.NetworkACLs, r.Region, func(a *inventory.NetworkACL) string { return a.Region })
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type portRange struct {
		From int32 `xml:"from"`
		To   int32 `xml:"to"`
	}
	type entry struct {
		RuleNumber int32      `xml:"ruleNumber"`
		Protocol   string     `xml:"protocol"`
		RuleAction string     `xml:"ruleAction"`
		Egress     bool       `xml:"egress"`
		CIDR       string     `xml:"cidrBlock,omitempty"`
		IPv6CIDR   string     `xml:"ipv6CidrBlock,omitempty"`
		PortRange  *portRange `xml:"portRange"`
	}
	type association struct {
		ID       string `xml:"networkAclAssociationId"`
		ACLID    string `xml:"networkAclId"`
		SubnetID string `xml:"subnetId"`
	}
	type acl struct {
		ID           string        `xml:"networkAclId"`
		VpcID        string        `xml:"vpcId"`
		Default      bool          `xml:"default"`
		Entries      []entry       `xml:"entrySet>item"`
		Associations []association `xml:"associationSet>item"`
		Tags         []ec2Tag      `xml:"tagSet>item"`
		OwnerID      string        `xml:"ownerId"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string `xml:"xmlns,attr"`
		RequestID string `xml:"requestId"`
		ACLs      []acl  `xml:"networkAclSet>item"`
		NextToken string `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, a := range items {
		e := acl{ID: a.ID, VpcID: a.VPCID, Default: a.IsDefault, Tags: ec2Tags(a.Tags), OwnerID: x.s.acct.AccountID}
		for _, en := range a.Entries {
			xe := entry{RuleNumber: en.RuleNumber, Protocol: en.Protocol, RuleAction: en.Action, Egress: en.Egress, CIDR: en.CIDR, IPv6CIDR: en.IPv6CIDR}
			// Only TCP and UDP entries carry a port range.
			if en.FromPort != 0 || en.ToPort != 0 {
				xe.PortRange = &portRange{From: en.FromPort, To: en.ToPort}
			}
			e.Entries = append(e.Entries, xe)
		}
		for _, sub := range a.SubnetIDs {
			e.Associations = append(e.Associations, association{
				ID: "aclassoc-" + strings.TrimPrefix(sub, "subnet-"), ACLID: a.ID, SubnetID: sub,
			})
		}
		out.ACLs = append(out.ACLs, e)
	}
	writeXML(w, http.StatusOK, out)
}

func (x ec2Service) describeVPCs(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.EC2.VPCs, r.Region, func(v *inventory.VPC) string { return v.Region })
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type vpc struct {
		ID        string   `xml:"vpcId"`
		OwnerID   string   `xml:"ownerId"`
		State     string   `xml:"state"`
		CIDR      string   `xml:"cidrBlock"`
		Tenancy   string   `xml:"instanceTenancy"`
		IsDefault bool     `xml:"isDefault"`
		Tags      []ec2Tag `xml:"tagSet>item"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string `xml:"xmlns,attr"`
		RequestID string `xml:"requestId"`
		VPCs      []vpc  `xml:"vpcSet>item"`
		NextToken string `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, v := range items {
		out.VPCs = append(out.VPCs, vpc{ID: v.ID, OwnerID: x.s.acct.AccountID, State: v.State, CIDR: v.CIDR,
			Tenancy: "default", IsDefault: v.IsDefault, Tags: ec2Tags(v.Tags)})
	}
	writeXML(w, http.StatusOK, out)
}

func (x ec2Service) describeFlowLogs(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.EC2.FlowLogs, r.Region, func(f *inventory.FlowLog) string { return f.Region })
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type flowLog struct {
		ID              string `xml:"flowLogId"`
		Status          string `xml:"flowLogStatus"`
		DeliverStatus   string `xml:"deliverLogsStatus"`
		ResourceID      string `xml:"resourceId"`
		TrafficType     string `xml:"trafficType"`
		DestinationType string `xml:"logDestinationType,omitempty"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string    `xml:"xmlns,attr"`
		RequestID string    `xml:"requestId"`
		FlowLogs  []flowLog `xml:"flowLogSet>item"`
		NextToken string    `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, f := range items {
		out.FlowLogs = append(out.FlowLogs, flowLog{ID: f.ID, Status: f.Status, DeliverStatus: "SUCCESS",
			ResourceID: f.ResourceID, TrafficType: f.TrafficType, DestinationType: f.DestinationType})
	}
	writeXML(w, http.StatusOK, out)
}

func (x ec2Service) describeVolumes(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.EC2.Volumes, r.Region, func(v *inventory.Volume) string { return v.Region })
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type attachment struct {
		VolumeID   string `xml:"volumeId"`
		InstanceID string `xml:"instanceId"`
		Status     string `xml:"status"`
	}
	type volume struct {
		ID          string       `xml:"volumeId"`
		Size        int32        `xml:"size"`
		Status      string       `xml:"status"`
		CreateTime  string       `xml:"createTime"`
		Attachments []attachment `xml:"attachmentSet>item"`
		Tags        []ec2Tag     `xml:"tagSet>item"`
		Encrypted   bool         `xml:"encrypted"`
		KMSKeyID    string       `xml:"kmsKeyId,omitempty"`
		MultiAttach bool         `xml:"multiAttachEnabled"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string   `xml:"xmlns,attr"`
		RequestID string   `xml:"requestId"`
		Volumes   []volume `xml:"volumeSet>item"`
		NextToken string   `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, v := range items {
		e := volume{ID: v.ID, Size: v.SizeGiB, Status: v.State, CreateTime: isoTime(v.CreateTime), Tags: ec2Tags(v.Tags),
			Encrypted: v.Encrypted, KMSKeyID: v.KMSKeyID, MultiAttach: len(v.InstanceIDs) > 1}
		for _, id := range v.InstanceIDs {
			e.Attachments = append(e.Attachments, attachment{VolumeID: v.ID, InstanceID: id, Status: "attached"})
		}
		out.Volumes = append(out.Volumes, e)
	}
	writeXML(w, http.StatusOK, out)
}

// The account's own snapshots and images are not all a region holds:
// without an owner filter EC2 adds everyone's public ones. One of each,
// owned by Amazon, stands for them, so a collector that forgets the filter
// collects a resource that is not the account's.
const amazonOwnerID = "137112412989"

var (
	amazonSnapshot = inventory.Snapshot{ID: "snap-0a0a0a0a0a0a0a0aa", VolumeID: "vol-ffffffff", Public: true,
		StartTime: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	amazonImage = inventory.Image{ID: "ami-0a0a0a0a0a0a0a0aa", Name: "amzn2-ami-hvm-2.0.20240101.0-x86_64-gp2",
		State: "available", Public: true, CreationDate: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
)

// ownedBy reports which owners an Owner.N list admits: the account's
// resources, Amazon's, or (with no list) both.
func (x ec2Service) ownedBy(r *request) (self, amazon bool) {
	owners := formList(r, "Owner")
	if len(owners) == 0 {
		return true, true
	}
	for _, o := range owners {
		switch o {
		case "self", x.s.acct.AccountID:
			self = true
		case "amazon", amazonOwnerID:
			amazon = true
		}
	}
	return self, amazon
}

type ec2Owned[T any] struct {
	item    *T
	ownerID string
	alias   string
}

func (x ec2Service) describeSnapshots(w http.ResponseWriter, r *request) {
	self, amazon := x.ownedBy(r)
	var all []ec2Owned[inventory.Snapshot]
	if self {
		for _, s := range inRegion(x.s.acct.EC2.Snapshots, r.Region, func(s *inventory.Snapshot) string { return s.Region }) {
			all = append(all, ec2Owned[inventory.Snapshot]{item: s, ownerID: x.s.acct.AccountID})
		}
	}
	if amazon {
		all = append(all, ec2Owned[inventory.Snapshot]{item: &amazonSnapshot, ownerID: amazonOwnerID, alias: "amazon"})
	}
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type snapshot struct {
		ID         string   `xml:"snapshotId"`
		VolumeID   string   `xml:"volumeId,omitempty"`
		Status     string   `xml:"status"`
		StartTime  string   `xml:"startTime"`
		Progress   string   `xml:"progress"`
		OwnerID    string   `xml:"ownerId"`
		OwnerAlias string   `xml:"ownerAlias,omitempty"`
		Encrypted  bool     `xml:"encrypted"`
		KMSKeyID   string   `xml:"kmsKeyId,omitempty"`
		Tags       []ec2Tag `xml:"tagSet>item"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string     `xml:"xmlns,attr"`
		RequestID string     `xml:"requestId"`
		Snapshots []snapshot `xml:"snapshotSet>item"`
		NextToken string     `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, o := range items {
		s := o.item
		out.Snapshots = append(out.Snapshots, snapshot{ID: s.ID, VolumeID: s.VolumeID, Status: "completed",
			StartTime: isoTime(s.StartTime), Progress: "100%", OwnerID: o.ownerID, OwnerAlias: o.alias,
			Encrypted: s.Encrypted, KMSKeyID: s.KMSKeyID, Tags: ec2Tags(s.Tags)})
	}
	writeXML(w, http.StatusOK, out)
}

// permissionXML is one entry of createVolumePermission or
// launchPermission: a group ("all") or an account.
type permissionXML struct {
	Group  string `xml:"group,omitempty"`
	UserID string `xml:"userId,omitempty"`
}

func permissionsXML(public bool, sharedWith []string) []permissionXML {
	var out []permissionXML
	if public {
		out = append(out, permissionXML{Group: "all"})
	}
	for _, id := range sharedWith {
		out = append(out, permissionXML{UserID: id})
	}
	return out
}

func (x ec2Service) describeSnapshotAttribute(w http.ResponseWriter, r *request) {
	if a := r.Form.Get("Attribute"); a != "createVolumePermission" {
		writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue", fmt.Sprintf("the emulator does not implement snapshot attribute %q", a))
		return
	}
	id := r.Form.Get("SnapshotId")
	s := x.s.lookup().snapshots[regionID{r.Region, id}]
	if s == nil {
		writeEC2Error(w, http.StatusBadRequest, "InvalidSnapshot.NotFound", fmt.Sprintf("The snapshot '%s' does not exist.", id))
		return
	}
	type response struct {
		XMLName     xml.Name
		Xmlns       string          `xml:"xmlns,attr"`
		RequestID   string          `xml:"requestId"`
		SnapshotID  string          `xml:"snapshotId"`
		Permissions []permissionXML `xml:"createVolumePermission>item"`
	}
	writeXML(w, http.StatusOK, response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), SnapshotID: s.ID, Permissions: permissionsXML(s.Public, s.SharedWith)})
}

func (x ec2Service) describeImages(w http.ResponseWriter, r *request) {
	self, amazon := x.ownedBy(r)
	var all []ec2Owned[inventory.Image]
	if self {
		for _, im := range inRegion(x.s.acct.EC2.Images, r.Region, func(im *inventory.Image) string { return im.Region }) {
			all = append(all, ec2Owned[inventory.Image]{item: im, ownerID: x.s.acct.AccountID})
		}
	}
	if amazon {
		all = append(all, ec2Owned[inventory.Image]{item: &amazonImage, ownerID: amazonOwnerID, alias: "amazon"})
	}
	items, next, ok := ec2Page(x, w, r, all)
	if !ok {
		return
	}
	type image struct {
		ID           string   `xml:"imageId"`
		State        string   `xml:"imageState"`
		OwnerID      string   `xml:"imageOwnerId"`
		OwnerAlias   string   `xml:"imageOwnerAlias,omitempty"`
		CreationDate string   `xml:"creationDate"`
		IsPublic     bool     `xml:"isPublic"`
		Name         string   `xml:"name"`
		Tags         []ec2Tag `xml:"tagSet>item"`
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string  `xml:"xmlns,attr"`
		RequestID string  `xml:"requestId"`
		Images    []image `xml:"imagesSet>item"`
		NextToken string  `xml:"nextToken,omitempty"`
	}
	out := response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), NextToken: next}
	for _, o := range items {
		im := o.item
		out.Images = append(out.Images, image{ID: im.ID, State: im.State, OwnerID: o.ownerID, OwnerAlias: o.alias,
			CreationDate: isoTime(im.CreationDate), IsPublic: im.Public, Name: im.Name, Tags: ec2Tags(im.Tags)})
	}
	writeXML(w, http.StatusOK, out)
}

func (x ec2Service) describeImageAttribute(w http.ResponseWriter, r *request) {
	if a := r.Form.Get("Attribute"); a != "launchPermission" {
		writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue", fmt.Sprintf("the emulator does not implement image attribute %q", a))
		return
	}
	id := r.Form.Get("ImageId")
	im := x.s.lookup().images[regionID{r.Region, id}]
	if im == nil {
		writeEC2Error(w, http.StatusBadRequest, "InvalidAMIID.NotFound", fmt.Sprintf("The image id '[%s]' does not exist", id))
		return
	}
	type response struct {
		XMLName     xml.Name
		Xmlns       string          `xml:"xmlns,attr"`
		RequestID   string          `xml:"requestId"`
		ImageID     string          `xml:"imageId"`
		Permissions []permissionXML `xml:"launchPermission>item"`
	}
	writeXML(w, http.StatusOK, response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), ImageID: im.ID, Permissions: permissionsXML(im.Public, im.SharedWith)})
}

// getEbsEncryptionByDefault answers from the region's settings; a region
// the description gives none for has the AWS default, off.
func (x ec2Service) getEbsEncryptionByDefault(w http.ResponseWriter, r *request) {
	on := false
	for _, s := range x.s.acct.EC2.RegionSettings {
		if s.Region == r.Region {
			on = s.EBSEncryptionByDefault
		}
	}
	type response struct {
		XMLName   xml.Name
		Xmlns     string `xml:"xmlns,attr"`
		RequestID string `xml:"requestId"`
		On        bool   `xml:"ebsEncryptionByDefault"`
		SSEType   string `xml:"sseType"`
	}
	writeXML(w, http.StatusOK, response{XMLName: ec2Root(r.Op), Xmlns: ec2XMLNS, RequestID: requestID(), On: on, SSEType: "sse-ebs"})
}
