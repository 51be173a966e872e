package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// Org serves several accounts on one endpoint, as an AWS Organization: the
// first is the management account. A request is routed by its access key
// ID: keys AssumeRole issued go to the account of the role, every other key
// (the caller's base credentials) to the management account.
//
// Beyond what each account's Server answers (its own Organizations reads
// among them), Org answers STS AssumeRole and Organizations ListAccounts
// (management account only). A Deny rule
// "sts:AssumeRole/<account>" refuses roles in that account.
type Org struct {
	servers []*Server
	byID    map[string]*Server
	opts    Options
	// Suspended are listed by ListAccounts with status SUSPENDED.
	suspended []string
}

// tempKeyPrefix marks the access key IDs AssumeRole issues; the account ID
// follows it. Real temporary keys start with ASIA as well.
const tempKeyPrefix = "ASIAEMULATED"

// NewOrg serves the accounts, the first being the management account.
// Account IDs must be distinct. suspended names accounts (served or not)
// that ListAccounts reports as SUSPENDED.
func NewOrg(accts []*inventory.Inventory, opts Options, suspended ...string) (*Org, error) {
	if len(accts) == 0 {
		return nil, fmt.Errorf("an organization needs at least one account")
	}
	o := &Org{byID: map[string]*Server{}, opts: opts, suspended: suspended}
	for _, a := range accts {
		if o.byID[a.AccountID] != nil {
			return nil, fmt.Errorf("account %s is described twice", a.AccountID)
		}
		s := New(a, opts)
		o.servers = append(o.servers, s)
		o.byID[a.AccountID] = s
	}
	return o, nil
}

// Servers returns each account's server, management account first.
func (o *Org) Servers() []*Server { return slices.Clone(o.servers) }

var accessKeyRE = regexp.MustCompile(`Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (o *Org) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		http.Error(w, "reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	hr.Body = io.NopCloser(bytes.NewReader(body))
	m := accessKeyRE.FindStringSubmatch(hr.Header.Get("Authorization"))
	if m == nil {
		o.servers[0].ServeHTTP(w, hr)
		return
	}
	srv := o.servers[0]
	if id, ok := strings.CutPrefix(m[1], tempKeyPrefix); ok {
		if srv = o.byID[id]; srv == nil {
			writeQueryError(w, stsXMLNS, http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
			return
		}
	}
	switch region, svc := m[2], m[3]; {
	case svc == "sts":
		form, _ := url.ParseQuery(string(body))
		if form.Get("Action") == "AssumeRole" {
			o.assumeRole(w, region, form)
			return
		}
	case svc == "organizations":
		o.organizations(w, hr, srv, body)
		return
	}
	srv.ServeHTTP(w, hr)
}

var roleARNRE = regexp.MustCompile(`^arn:[a-z-]+:iam::(\d{12}):role/(.+)$`)

func (o *Org) assumeRole(w http.ResponseWriter, region string, form url.Values) {
	m := roleARNRE.FindStringSubmatch(form.Get("RoleArn"))
	if m == nil {
		writeQueryError(w, stsXMLNS, http.StatusBadRequest, "ValidationError", "RoleArn is not a role ARN")
		return
	}
	target := o.byID[m[1]]
	if target == nil || matchesAny(o.opts.Deny, Call{Service: "sts", Operation: "AssumeRole", Region: region, Resource: m[1]}) {
		writeQueryError(w, stsXMLNS, http.StatusForbidden, "AccessDenied",
			fmt.Sprintf("User is not authorized to perform: sts:AssumeRole on resource: %s", form.Get("RoleArn")))
		return
	}
	type credentials struct {
		AccessKeyID     string `xml:"AccessKeyId"`
		SecretAccessKey string `xml:"SecretAccessKey"`
		SessionToken    string `xml:"SessionToken"`
		Expiration      string `xml:"Expiration"`
	}
	type user struct {
		AssumedRoleID string `xml:"AssumedRoleId"`
		Arn           string `xml:"Arn"`
	}
	type result struct {
		Credentials     credentials `xml:"Credentials"`
		AssumedRoleUser user        `xml:"AssumedRoleUser"`
	}
	type response struct {
		XMLName  xml.Name         `xml:"AssumeRoleResponse"`
		Xmlns    string           `xml:"xmlns,attr"`
		Result   result           `xml:"AssumeRoleResult"`
		Metadata responseMetadata `xml:"ResponseMetadata"`
	}
	session := form.Get("RoleSessionName")
	writeXML(w, http.StatusOK, response{
		Xmlns: stsXMLNS,
		Result: result{
			Credentials: credentials{
				AccessKeyID:     tempKeyPrefix + m[1],
				SecretAccessKey: "emulated-secret",
				SessionToken:    "emulated-session-token",
				Expiration:      isoTime(time.Now().Add(time.Hour)),
			},
			AssumedRoleUser: user{
				AssumedRoleID: "AROAEMULATED:" + session,
				Arn:           fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", target.acct.Partition, m[1], m[2], session),
			},
		},
		Metadata: metadata(),
	})
}

// organizations answers ListAccounts in the AWS JSON 1.1 protocol, and
// hands the other Organizations operations to the account's server.
func (o *Org) organizations(w http.ResponseWriter, hr *http.Request, srv *Server, body []byte) {
	write := func(status int, v any) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	fail := func(status int, code, msg string) {
		write(status, map[string]string{"__type": code, "message": msg})
	}
	if hr.Header.Get("X-Amz-Target") != "AWSOrganizationsV20161128.ListAccounts" {
		// The reads about one account's place in the organization are
		// that account's server's to answer.
		srv.ServeHTTP(w, hr)
		return
	}
	if matchesAny(o.opts.Deny, Call{Service: "organizations", Operation: "ListAccounts", Region: "us-east-1"}) {
		fail(http.StatusBadRequest, "AccessDeniedException", "User is not authorized to perform: organizations:ListAccounts")
		return
	}
	if srv != o.servers[0] {
		fail(http.StatusBadRequest, "AccessDeniedException", "You don't have permissions to access this resource: call ListAccounts from the management account")
		return
	}
	var in struct {
		NextToken  string
		MaxResults int
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			fail(http.StatusBadRequest, "SerializationException", err.Error())
			return
		}
	}
	type account struct {
		ID, Arn, Email, Name, Status, JoinedMethod string
		JoinedTimestamp                            float64
	}
	mgmt := o.servers[0].acct
	var all []account
	add := func(id, status string) {
		all = append(all, account{
			ID:     id,
			Arn:    fmt.Sprintf("arn:%s:organizations::%s:account/o-emulated/%s", mgmt.Partition, mgmt.AccountID, id),
			Email:  "aws+" + id + "@example.com",
			Name:   "account-" + id,
			Status: status, JoinedMethod: "CREATED", JoinedTimestamp: 1.7e9,
		})
	}
	for _, s := range o.servers {
		if !slices.Contains(o.suspended, s.acct.AccountID) {
			add(s.acct.AccountID, "ACTIVE")
		}
	}
	for _, id := range o.suspended {
		add(id, "SUSPENDED")
	}
	items, next, err := page(o.servers[0], all, in.NextToken, in.MaxResults)
	if err != nil {
		fail(http.StatusBadRequest, "InvalidInputException", err.Error())
		return
	}
	type out struct {
		Accounts  []map[string]any
		NextToken *string `json:",omitempty"`
	}
	res := out{Accounts: []map[string]any{}}
	for _, a := range items {
		res.Accounts = append(res.Accounts, map[string]any{
			"Id": a.ID, "Arn": a.Arn, "Email": a.Email, "Name": a.Name,
			"Status": a.Status, "State": a.Status, "JoinedMethod": a.JoinedMethod, "JoinedTimestamp": a.JoinedTimestamp,
		})
	}
	if next != "" {
		res.NextToken = &next
	}
	write(http.StatusOK, res)
}

// orgService answers the Organizations reads about one account's place in
// its organization (JSON 1.1): DescribeOrganization, ListParents,
// ListPoliciesForTarget for service control policies, and DescribePolicy,
// from the account's Organization. An account with none, or one not in an
// organization, gets AWSOrganizationsNotInUseException, as AWS answers.
type orgService struct{ s *Server }

func newOrganizations(s *Server) jsonService {
	x := orgService{s}
	return jsonService{
		s: s, target: "AWSOrganizationsV20161128", version: "1.1", internal: "ServiceException",
		ops: map[string]jsonOp{
			"DescribeOrganization":  {serve: x.describeOrganization},
			"ListParents":           {serve: x.listParents, resource: "ChildId"},
			"ListPoliciesForTarget": {serve: x.listPoliciesForTarget, resource: "TargetId"},
			"DescribePolicy":        {serve: x.describePolicy, resource: "PolicyId"},
		},
	}
}

// org returns the account's organization, or the error AWS gives outside
// one.
func (x orgService) org() (*inventory.Organization, *jsonError) {
	o := x.s.acct.Organization
	if o == nil || !o.InOrganization {
		return nil, badRequest("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	}
	return o, nil
}

func (x orgService) describeOrganization(c *jsonCall) (any, *jsonError) {
	if err := c.decode(&struct{}{}); err != nil {
		return nil, err
	}
	o, jerr := x.org()
	if jerr != nil {
		return nil, jerr
	}
	id := cmp.Or(o.ID, "o-emulated")
	mgmt := cmp.Or(o.ManagementAccountID, x.s.acct.AccountID)
	part := x.s.acct.Partition
	return map[string]any{"Organization": map[string]any{
		"Id":                 id,
		"Arn":                fmt.Sprintf("arn:%s:organizations::%s:organization/%s", part, mgmt, id),
		"FeatureSet":         cmp.Or(o.FeatureSet, "ALL"),
		"MasterAccountArn":   fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", part, mgmt, id, mgmt),
		"MasterAccountId":    mgmt,
		"MasterAccountEmail": "aws+" + mgmt + "@example.com",
		// Deprecated and always empty in AWS's answer.
		"AvailablePolicyTypes": []any{},
	}}, nil
}

// path is the account and its parents, nearest first, the root last.
func (x orgService) path(o *inventory.Organization) []string {
	return append([]string{x.s.acct.AccountID}, o.Parents...)
}

func (x orgService) listParents(c *jsonCall) (any, *jsonError) {
	var in struct {
		ChildID    string  `json:"ChildId"`
		NextToken  *string `json:"NextToken"`
		MaxResults *int    `json:"MaxResults"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	o, jerr := x.org()
	if jerr != nil {
		return nil, jerr
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, 20); err != nil {
		return nil, err
	}
	path := x.path(o)
	i := slices.Index(path, in.ChildID)
	if i < 0 || i == len(path)-1 {
		return nil, badRequest("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
	}
	parent := path[i+1]
	typ := "ORGANIZATIONAL_UNIT"
	if strings.HasPrefix(parent, "r-") {
		typ = "ROOT"
	}
	items, next, jerr := jsonPage(c, []map[string]any{{"Id": parent, "Type": typ}}, in.NextToken, in.MaxResults, "InvalidInputException")
	if jerr != nil {
		return nil, jerr
	}
	return map[string]any{"Parents": items, "NextToken": optString(next)}, nil
}

func (x orgService) listPoliciesForTarget(c *jsonCall) (any, *jsonError) {
	var in struct {
		TargetID   string  `json:"TargetId"`
		Filter     string  `json:"Filter"`
		NextToken  *string `json:"NextToken"`
		MaxResults *int    `json:"MaxResults"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	o, jerr := x.org()
	if jerr != nil {
		return nil, jerr
	}
	if in.Filter != "SERVICE_CONTROL_POLICY" {
		return nil, badRequest("ValidationException", "the emulator serves only Filter SERVICE_CONTROL_POLICY, not %q", in.Filter)
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, 20); err != nil {
		return nil, err
	}
	if !slices.Contains(x.path(o), in.TargetID) {
		return nil, badRequest("TargetNotFoundException", "We can't find a root, OU, account, or email address with the TargetId that you specified.")
	}
	var all []map[string]any
	for _, p := range o.SCPs {
		if slices.Contains(p.Targets, in.TargetID) {
			all = append(all, scpSummary(p))
		}
	}
	items, next, jerr := jsonPage(c, all, in.NextToken, in.MaxResults, "InvalidInputException")
	if jerr != nil {
		return nil, jerr
	}
	if items == nil {
		items = []map[string]any{}
	}
	return map[string]any{"Policies": items, "NextToken": optString(next)}, nil
}

func scpSummary(p inventory.SCP) map[string]any {
	return map[string]any{"Id": p.ID, "Arn": p.ARN, "Name": p.Name, "Description": "", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": p.AWSManaged}
}

func (x orgService) describePolicy(c *jsonCall) (any, *jsonError) {
	var in struct {
		PolicyID string `json:"PolicyId"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	o, jerr := x.org()
	if jerr != nil {
		return nil, jerr
	}
	for _, p := range o.SCPs {
		if p.ID == in.PolicyID {
			return map[string]any{"Policy": map[string]any{"PolicySummary": scpSummary(p), "Content": p.Document}}, nil
		}
	}
	return nil, badRequest("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
}
