package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

const (
	iamXMLNS   = "https://iam.amazonaws.com/doc/2010-05-08/"
	iamVersion = "2010-05-08"
	// iamDefaultMaxItems and iamMaxMaxItems are IAM's page size when the
	// request names none, and the largest MaxItems it accepts.
	iamDefaultMaxItems = 100
	iamMaxMaxItems     = 1000
)

// iamService speaks IAM's Query protocol: form-encoded POSTs naming an
// Action, answered in XML with lists as <member> elements.
type iamService struct{ s *Server }

var iamOperations = []string{
	"GetAccountAuthorizationDetails",
	"GenerateCredentialReport",
	"GetCredentialReport",
	"GetAccountPasswordPolicy",
	"GetAccountSummary",
	"ListVirtualMFADevices",
	"ListServerCertificates",
}

func (iamService) operation(r *request) (string, string) {
	if op := r.Form.Get("Action"); slices.Contains(iamOperations, op) {
		return op, ""
	}
	return "", ""
}

func (iamService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "ServiceFailure"
}

func (iamService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeQueryError(w, iamXMLNS, status, code, message)
}

// iamResponse is the envelope of every IAM answer. Result is a struct
// whose XMLName names it <OperationResult>.
type iamResponse struct {
	XMLName  xml.Name
	Xmlns    string `xml:"xmlns,attr"`
	Result   any
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

func writeIAM(w http.ResponseWriter, op string, result any) {
	writeXML(w, http.StatusOK, iamResponse{
		XMLName:  xml.Name{Local: op + "Response"},
		Xmlns:    iamXMLNS,
		Result:   result,
		Metadata: metadata(),
	})
}

// members is an awsQuery list: the elements are always <member>, and AWS
// sends the wrapper even when the list is empty.
type members[T any] struct {
	Member []T `xml:"member"`
}

func (x iamService) serve(w http.ResponseWriter, r *request) {
	// IAM routes on Action and Version together; a client built for
	// another API version gets no answer from this one.
	if v := r.Form.Get("Version"); v != iamVersion {
		x.writeError(w, r, http.StatusBadRequest, "InvalidAction", fmt.Sprintf("Could not find operation %s for version %s", r.Op, v))
		return
	}
	switch r.Op {
	case "GetAccountAuthorizationDetails":
		x.getAccountAuthorizationDetails(w, r)
	case "GenerateCredentialReport":
		x.generateCredentialReport(w)
	case "GetCredentialReport":
		x.getCredentialReport(w, r)
	case "GetAccountPasswordPolicy":
		x.getAccountPasswordPolicy(w, r)
	case "GetAccountSummary":
		x.getAccountSummary(w)
	case "ListVirtualMFADevices":
		x.listVirtualMFADevices(w, r)
	case "ListServerCertificates":
		x.listServerCertificates(w, r)
	}
}

// maxItems reads MaxItems, which IAM bounds to 1..1000 and rejects outside
// that range rather than clamping.
func (x iamService) maxItems(w http.ResponseWriter, r *request) (int, bool) {
	v := r.Form.Get("MaxItems")
	if v == "" {
		return iamDefaultMaxItems, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > iamMaxMaxItems {
		x.writeError(w, r, http.StatusBadRequest, "ValidationError",
			fmt.Sprintf("1 validation error detected: Value '%s' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and %d", v, iamMaxMaxItems))
		return 0, false
	}
	return n, true
}

// iamPage pages items by Marker, answering a bad marker as IAM does.
func iamPage[T any](x iamService, w http.ResponseWriter, r *request, items []T) ([]T, string, bool) {
	n, ok := x.maxItems(w, r)
	if !ok {
		return nil, "", false
	}
	out, next, err := page(x.s, items, r.Form.Get("Marker"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "ValidationError", "Invalid Marker: "+err.Error())
		return nil, "", false
	}
	return out, next, true
}

// encodePolicy percent-encodes a policy document as IAM returns it (RFC
// 3986: every byte but the unreserved characters), so that a collector
// that forgets to decode, or decodes with form rules that turn "+" into a
// space, sees the difference.
func encodePolicy(doc string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}

func iamPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func optTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return isoTime(t)
}

type attachedPolicyXML struct {
	PolicyName string `xml:"PolicyName"`
	PolicyArn  string `xml:"PolicyArn"`
}

type policyDetailXML struct {
	PolicyName     string `xml:"PolicyName"`
	PolicyDocument string `xml:"PolicyDocument"`
}

type tagXML struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

func attachedXML(ps []inventory.AttachedPolicy) members[attachedPolicyXML] {
	var out members[attachedPolicyXML]
	for _, p := range ps {
		out.Member = append(out.Member, attachedPolicyXML{PolicyName: p.Name, PolicyArn: p.ARN})
	}
	return out
}

func inlineXML(ps []inventory.InlinePolicy) members[policyDetailXML] {
	var out members[policyDetailXML]
	for _, p := range ps {
		out.Member = append(out.Member, policyDetailXML{PolicyName: p.Name, PolicyDocument: encodePolicy(p.Document)})
	}
	return out
}

// tagsXML lists tags in key order; nil leaves the element out, as IAM does
// for an untagged entity.
func tagsXML(tags inventory.Tags) *members[tagXML] {
	if len(tags) == 0 {
		return nil
	}
	out := &members[tagXML]{}
	for _, tag := range tags {
		out.Member = append(out.Member, tagXML{Key: tag.Key, Value: tag.Value})
	}
	return out
}

// gaadItem is one entity of GetAccountAuthorizationDetails. IAM pages the
// four lists together, MaxItems counting entities of every kind.
type gaadItem struct {
	user   *inventory.User
	group  *inventory.Group
	role   *inventory.Role
	policy *inventory.ManagedPolicy
}

var gaadFilters = []string{"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}

func (x iamService) getAccountAuthorizationDetails(w http.ResponseWriter, r *request) {
	want := map[string]bool{}
	for k, vs := range r.Form {
		if !strings.HasPrefix(k, "Filter.member.") {
			continue
		}
		for _, v := range vs {
			if !slices.Contains(gaadFilters, v) {
				x.writeError(w, r, http.StatusBadRequest, "ValidationError",
					fmt.Sprintf("1 validation error detected: Value '%s' at 'filter' failed to satisfy constraint: Member must satisfy enum value set: [%s]", v, strings.Join(gaadFilters, ", ")))
				return
			}
			want[v] = true
		}
	}
	all := len(want) == 0
	m := &x.s.acct.IAM
	var items []gaadItem
	if all || want["User"] {
		for i := range m.Users {
			items = append(items, gaadItem{user: &m.Users[i]})
		}
	}
	if all || want["Group"] {
		for i := range m.Groups {
			items = append(items, gaadItem{group: &m.Groups[i]})
		}
	}
	if all || want["Role"] {
		for i := range m.Roles {
			items = append(items, gaadItem{role: &m.Roles[i]})
		}
	}
	for i := range m.Policies {
		p := &m.Policies[i]
		// Of the AWS-managed policies IAM lists only those attached in
		// this account; the rest of AWS's catalogue grants nothing here.
		if p.AWSManaged() && p.AttachmentCount > 0 && (all || want["AWSManagedPolicy"]) ||
			!p.AWSManaged() && (all || want["LocalManagedPolicy"]) {
			items = append(items, gaadItem{policy: p})
		}
	}
	items, next, ok := iamPage(x, w, r, items)
	if !ok {
		return
	}

	type userXML struct {
		Path                    string                     `xml:"Path"`
		UserName                string                     `xml:"UserName"`
		UserID                  string                     `xml:"UserId"`
		Arn                     string                     `xml:"Arn"`
		CreateDate              string                     `xml:"CreateDate"`
		UserPolicyList          members[policyDetailXML]   `xml:"UserPolicyList"`
		GroupList               members[string]            `xml:"GroupList"`
		AttachedManagedPolicies members[attachedPolicyXML] `xml:"AttachedManagedPolicies"`
		PermissionsBoundary     *boundaryXML               `xml:"PermissionsBoundary"`
		Tags                    *members[tagXML]           `xml:"Tags"`
	}
	type groupXML struct {
		Path                    string                     `xml:"Path"`
		GroupName               string                     `xml:"GroupName"`
		GroupID                 string                     `xml:"GroupId"`
		Arn                     string                     `xml:"Arn"`
		CreateDate              string                     `xml:"CreateDate"`
		GroupPolicyList         members[policyDetailXML]   `xml:"GroupPolicyList"`
		AttachedManagedPolicies members[attachedPolicyXML] `xml:"AttachedManagedPolicies"`
	}
	type roleLastUsedXML struct {
		LastUsedDate string `xml:"LastUsedDate,omitempty"`
	}
	type roleXML struct {
		Path                     string                     `xml:"Path"`
		RoleName                 string                     `xml:"RoleName"`
		RoleID                   string                     `xml:"RoleId"`
		Arn                      string                     `xml:"Arn"`
		CreateDate               string                     `xml:"CreateDate"`
		AssumeRolePolicyDocument string                     `xml:"AssumeRolePolicyDocument"`
		InstanceProfileList      members[struct{}]          `xml:"InstanceProfileList"`
		RolePolicyList           members[policyDetailXML]   `xml:"RolePolicyList"`
		AttachedManagedPolicies  members[attachedPolicyXML] `xml:"AttachedManagedPolicies"`
		PermissionsBoundary      *boundaryXML               `xml:"PermissionsBoundary"`
		Tags                     *members[tagXML]           `xml:"Tags"`
		// A role never used has an empty RoleLastUsed.
		RoleLastUsed roleLastUsedXML `xml:"RoleLastUsed"`
	}
	type versionXML struct {
		Document         string `xml:"Document"`
		VersionID        string `xml:"VersionId"`
		IsDefaultVersion bool   `xml:"IsDefaultVersion"`
	}
	type policyXML struct {
		PolicyName                    string              `xml:"PolicyName"`
		PolicyID                      string              `xml:"PolicyId"`
		Arn                           string              `xml:"Arn"`
		Path                          string              `xml:"Path"`
		DefaultVersionID              string              `xml:"DefaultVersionId"`
		AttachmentCount               int32               `xml:"AttachmentCount"`
		PermissionsBoundaryUsageCount int32               `xml:"PermissionsBoundaryUsageCount"`
		IsAttachable                  bool                `xml:"IsAttachable"`
		PolicyVersionList             members[versionXML] `xml:"PolicyVersionList"`
	}
	type result struct {
		XMLName         xml.Name           `xml:"GetAccountAuthorizationDetailsResult"`
		UserDetailList  members[userXML]   `xml:"UserDetailList"`
		GroupDetailList members[groupXML]  `xml:"GroupDetailList"`
		RoleDetailList  members[roleXML]   `xml:"RoleDetailList"`
		Policies        members[policyXML] `xml:"Policies"`
		IsTruncated     bool               `xml:"IsTruncated"`
		Marker          string             `xml:"Marker,omitempty"`
	}
	out := result{IsTruncated: next != "", Marker: next}
	for _, it := range items {
		switch {
		case it.user != nil:
			u := it.user
			out.UserDetailList.Member = append(out.UserDetailList.Member, userXML{
				Path: iamPath(u.Path), UserName: u.Name, UserID: u.ID, Arn: u.ARN, CreateDate: isoTime(u.CreateDate),
				UserPolicyList:          inlineXML(u.InlinePolicies),
				GroupList:               members[string]{Member: u.Groups},
				AttachedManagedPolicies: attachedXML(u.AttachedPolicies),
				PermissionsBoundary:     boundaryOf(u.PermissionsBoundary),
				Tags:                    tagsXML(u.Tags),
			})
		case it.group != nil:
			g := it.group
			out.GroupDetailList.Member = append(out.GroupDetailList.Member, groupXML{
				Path: iamPath(g.Path), GroupName: g.Name, GroupID: g.ID, Arn: g.ARN, CreateDate: isoTime(g.CreateDate),
				GroupPolicyList:         inlineXML(g.InlinePolicies),
				AttachedManagedPolicies: attachedXML(g.AttachedPolicies),
			})
		case it.role != nil:
			ro := it.role
			out.RoleDetailList.Member = append(out.RoleDetailList.Member, roleXML{
				Path: iamPath(ro.Path), RoleName: ro.Name, RoleID: ro.ID, Arn: ro.ARN, CreateDate: isoTime(ro.CreateDate),
				AssumeRolePolicyDocument: encodePolicy(ro.AssumeRolePolicy),
				RolePolicyList:           inlineXML(ro.InlinePolicies),
				AttachedManagedPolicies:  attachedXML(ro.AttachedPolicies),
				PermissionsBoundary:      boundaryOf(ro.PermissionsBoundary),
				Tags:                     tagsXML(ro.Tags),
				RoleLastUsed:             roleLastUsedXML{LastUsedDate: optTime(ro.LastUsed)},
			})
		case it.policy != nil:
			p := it.policy
			def := p.DefaultVersionID
			if def == "" {
				def = "v1"
			}
			px := policyXML{
				PolicyName: p.Name, PolicyID: p.ID, Arn: p.ARN, Path: iamPath(p.Path),
				DefaultVersionID: def, AttachmentCount: p.AttachmentCount, IsAttachable: true,
				PermissionsBoundaryUsageCount: x.boundaryUsage(p.ARN),
			}
			// A policy past its first version keeps the older ones, listed
			// before the default, so only a collector that picks the
			// default version gets the document in force.
			if def != "v1" {
				px.PolicyVersionList.Member = append(px.PolicyVersionList.Member, versionXML{
					Document:  encodePolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`),
					VersionID: "v1",
				})
			}
			px.PolicyVersionList.Member = append(px.PolicyVersionList.Member, versionXML{
				Document: encodePolicy(p.Document), VersionID: def, IsDefaultVersion: true,
			})
			out.Policies.Member = append(out.Policies.Member, px)
		}
	}
	writeIAM(w, r.Op, out)
}

// reportRequests counts the GenerateCredentialReport calls received so
// far, this one included. It stands for the report's state: the first
// request starts a report, and it is complete by the next, which lets
// collector tests see both states without a clock.
func (x iamService) reportRequests() int {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	n := 0
	for _, c := range x.s.calls {
		if c.Service == "iam" && c.Operation == "GenerateCredentialReport" {
			n++
		}
	}
	return n
}

func (x iamService) generateCredentialReport(w http.ResponseWriter) {
	type result struct {
		XMLName     xml.Name `xml:"GenerateCredentialReportResult"`
		State       string   `xml:"State"`
		Description string   `xml:"Description,omitempty"`
	}
	out := result{State: "COMPLETE"}
	if x.reportRequests() == 1 {
		out = result{State: "STARTED", Description: "No report exists. Starting a new report generation task"}
	}
	writeIAM(w, "GenerateCredentialReport", out)
}

func (x iamService) getCredentialReport(w http.ResponseWriter, r *request) {
	switch x.reportRequests() {
	case 0:
		x.writeError(w, r, http.StatusGone, "ReportNotPresent", "Credential report not present.")
		return
	case 1:
		x.writeError(w, r, http.StatusNotFound, "ReportInProgress", "Credential report is being generated.")
		return
	}
	generated := x.s.acct.StartedAt
	if generated.IsZero() {
		generated = time.Now()
	}
	type result struct {
		XMLName       xml.Name `xml:"GetCredentialReportResult"`
		Content       string   `xml:"Content"`
		ReportFormat  string   `xml:"ReportFormat"`
		GeneratedTime string   `xml:"GeneratedTime"`
	}
	writeIAM(w, r.Op, result{
		Content:       base64.StdEncoding.EncodeToString(x.credentialReportCSV()),
		ReportFormat:  "text/csv",
		GeneratedTime: isoTime(generated),
	})
}

// credentialReportColumns is the credential report's header, in AWS's
// order.
var credentialReportColumns = []string{
	"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
	"password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
	"access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
	"access_key_2_last_used_region", "access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
}

// reportTime formats a credential report time as AWS does (an explicit
// +00:00, not Z); nil is the report's N/A.
func reportTime(t *time.Time) string {
	if t == nil {
		return "N/A"
	}
	return t.UTC().Format("2006-01-02T15:04:05+00:00")
}

// credentialReportCSV builds the report from the account's rows. Columns
// the inventory does not keep are written as a report says "none".
func (x iamService) credentialReportCSV() []byte {
	acct := x.s.acct
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(credentialReportColumns)
	for _, c := range acct.IAM.CredentialReport {
		root := c.User == inventory.RootUser
		arn := c.ARN
		if arn == "" {
			arn = x.userARN(c.User)
		}
		passwordEnabled := strconv.FormatBool(c.PasswordEnabled)
		passwordChanged := reportTime(c.PasswordLastChanged)
		nextRotation := "N/A"
		if p := acct.IAM.PasswordPolicy; p != nil && p.MaxPasswordAge > 0 && c.PasswordEnabled && c.PasswordLastChanged != nil {
			t := c.PasswordLastChanged.AddDate(0, 0, int(p.MaxPasswordAge))
			nextRotation = reportTime(&t)
		}
		// The root user's password is not an IAM password: the report
		// says so rather than true or false.
		if root {
			passwordEnabled, passwordChanged, nextRotation = "not_supported", "not_supported", "not_supported"
		}
		_ = cw.Write([]string{
			c.User, arn, reportTime(c.UserCreationTime), passwordEnabled, reportTime(c.PasswordLastUsed), passwordChanged,
			nextRotation, strconv.FormatBool(c.MFAActive),
			strconv.FormatBool(c.AccessKey1Active), reportTime(c.AccessKey1LastRotated), reportTime(c.AccessKey1LastUsed), "N/A", "N/A",
			strconv.FormatBool(c.AccessKey2Active), reportTime(c.AccessKey2LastRotated), reportTime(c.AccessKey2LastUsed), "N/A", "N/A",
			strconv.FormatBool(c.Cert1Active), "N/A", strconv.FormatBool(c.Cert2Active), "N/A",
		})
	}
	cw.Flush()
	return buf.Bytes()
}

// userARN is the ARN of a user named in a credential report row that left
// it out, so hand-written descriptions need not repeat it.
func (x iamService) userARN(name string) string {
	acct := x.s.acct
	if name == inventory.RootUser {
		return inventory.AccountARN(acct.Partition, acct.AccountID)
	}
	for _, u := range acct.IAM.Users {
		if u.Name == name {
			return u.ARN
		}
	}
	return inventory.IAMARN(acct.Partition, acct.AccountID, "user", "/", name)
}

func (x iamService) getAccountPasswordPolicy(w http.ResponseWriter, r *request) {
	acct := x.s.acct
	p := acct.IAM.PasswordPolicy
	if p == nil {
		x.writeError(w, r, http.StatusNotFound, "NoSuchEntity",
			fmt.Sprintf("The Password Policy with domain name %s cannot be found.", acct.AccountID))
		return
	}
	type policy struct {
		MinimumPasswordLength      int32 `xml:"MinimumPasswordLength"`
		RequireSymbols             bool  `xml:"RequireSymbols"`
		RequireNumbers             bool  `xml:"RequireNumbers"`
		RequireUppercaseCharacters bool  `xml:"RequireUppercaseCharacters"`
		RequireLowercaseCharacters bool  `xml:"RequireLowercaseCharacters"`
		AllowUsersToChangePassword bool  `xml:"AllowUsersToChangePassword"`
		ExpirePasswords            bool  `xml:"ExpirePasswords"`
		// IAM leaves out the settings that are off.
		MaxPasswordAge          int32 `xml:"MaxPasswordAge,omitempty"`
		PasswordReusePrevention int32 `xml:"PasswordReusePrevention,omitempty"`
		HardExpiry              *bool `xml:"HardExpiry"`
	}
	type result struct {
		XMLName        xml.Name `xml:"GetAccountPasswordPolicyResult"`
		PasswordPolicy policy   `xml:"PasswordPolicy"`
	}
	out := policy{
		MinimumPasswordLength:      p.MinimumLength,
		RequireSymbols:             p.RequireSymbols,
		RequireNumbers:             p.RequireNumbers,
		RequireUppercaseCharacters: p.RequireUppercase,
		RequireLowercaseCharacters: p.RequireLowercase,
		AllowUsersToChangePassword: p.AllowUsersToChangePassword,
		ExpirePasswords:            p.MaxPasswordAge > 0,
		MaxPasswordAge:             p.MaxPasswordAge,
		PasswordReusePrevention:    p.PasswordReusePrevention,
	}
	if p.MaxPasswordAge > 0 || p.HardExpiry {
		out.HardExpiry = &p.HardExpiry
	}
	writeIAM(w, r.Op, result{PasswordPolicy: out})
}

func (x iamService) getAccountSummary(w http.ResponseWriter) {
	type entry struct {
		Key   string `xml:"key"`
		Value int32  `xml:"value"`
	}
	type result struct {
		XMLName    xml.Name `xml:"GetAccountSummaryResult"`
		SummaryMap struct {
			Entries []entry `xml:"entry"`
		} `xml:"SummaryMap"`
	}
	var out result
	summary := x.summary()
	for _, k := range slices.Sorted(maps.Keys(summary)) {
		out.SummaryMap.Entries = append(out.SummaryMap.Entries, entry{Key: k, Value: summary[k]})
	}
	writeIAM(w, "GetAccountSummary", out)
}

// summary is the account's summary as described, or, for a description
// without one, the counts IAM would give for what it does describe.
func (x iamService) summary() map[string]int32 {
	m := &x.s.acct.IAM
	if m.Summary != nil {
		return m.Summary
	}
	s := map[string]int32{
		"Users":              int32(len(m.Users)),
		"Groups":             int32(len(m.Groups)),
		"Roles":              int32(len(m.Roles)),
		"MFADevices":         int32(len(m.VirtualMFADevices)),
		"ServerCertificates": int32(len(m.ServerCertificates)),
	}
	var policies, inUse, rootMFA, rootKeys int32
	for _, p := range m.Policies {
		if !p.AWSManaged() {
			policies++
		}
	}
	for _, d := range m.VirtualMFADevices {
		if d.UserARN != "" {
			inUse++
		}
	}
	for _, c := range m.CredentialReport {
		if c.User == inventory.RootUser {
			if c.MFAActive {
				rootMFA = 1
			}
			if c.AccessKey1Active || c.AccessKey2Active {
				rootKeys = 1
			}
		}
	}
	s["Policies"], s["MFADevicesInUse"] = policies, inUse
	s["AccountMFAEnabled"], s["AccountAccessKeysPresent"] = rootMFA, rootKeys
	return s
}

type iamUserXML struct {
	Path       string `xml:"Path"`
	UserName   string `xml:"UserName,omitempty"`
	UserID     string `xml:"UserId"`
	Arn        string `xml:"Arn"`
	CreateDate string `xml:"CreateDate,omitempty"`
}

// mfaUser is the user a virtual MFA device is assigned to, as IAM
// describes it. The root user has no name or ID of its own: IAM gives the
// account ID as its ID.
func (x iamService) mfaUser(arn string) *iamUserXML {
	acct := x.s.acct
	if arn == inventory.AccountARN(acct.Partition, acct.AccountID) {
		u := &iamUserXML{Path: "/", UserID: acct.AccountID, Arn: arn}
		for _, c := range acct.IAM.CredentialReport {
			if c.User == inventory.RootUser && c.UserCreationTime != nil {
				u.CreateDate = isoTime(*c.UserCreationTime)
			}
		}
		return u
	}
	for _, u := range acct.IAM.Users {
		if u.ARN == arn {
			return &iamUserXML{Path: iamPath(u.Path), UserName: u.Name, UserID: u.ID, Arn: u.ARN, CreateDate: isoTime(u.CreateDate)}
		}
	}
	return &iamUserXML{Path: "/", Arn: arn}
}

func (x iamService) listVirtualMFADevices(w http.ResponseWriter, r *request) {
	status := r.Form.Get("AssignmentStatus")
	if status == "" {
		status = "Any"
	}
	if !slices.Contains([]string{"Assigned", "Unassigned", "Any"}, status) {
		x.writeError(w, r, http.StatusBadRequest, "ValidationError",
			fmt.Sprintf("1 validation error detected: Value '%s' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Assigned, Unassigned, Any]", status))
		return
	}
	var devices []inventory.MFADevice
	for _, d := range x.s.acct.IAM.VirtualMFADevices {
		if status == "Any" || (status == "Assigned") == (d.UserARN != "") {
			devices = append(devices, d)
		}
	}
	devices, next, ok := iamPage(x, w, r, devices)
	if !ok {
		return
	}
	type deviceXML struct {
		SerialNumber string      `xml:"SerialNumber"`
		User         *iamUserXML `xml:"User"`
		EnableDate   string      `xml:"EnableDate,omitempty"`
	}
	type result struct {
		XMLName           xml.Name           `xml:"ListVirtualMFADevicesResult"`
		VirtualMFADevices members[deviceXML] `xml:"VirtualMFADevices"`
		IsTruncated       bool               `xml:"IsTruncated"`
		Marker            string             `xml:"Marker,omitempty"`
	}
	out := result{IsTruncated: next != "", Marker: next}
	for _, d := range devices {
		e := deviceXML{SerialNumber: d.SerialNumber, EnableDate: optTime(d.EnableDate)}
		if d.UserARN != "" {
			e.User = x.mfaUser(d.UserARN)
		}
		out.VirtualMFADevices.Member = append(out.VirtualMFADevices.Member, e)
	}
	writeIAM(w, r.Op, out)
}

// certPath is a server certificate's path, which its ARN carries between
// "server-certificate" and its name.
func certPath(c inventory.ServerCertificate) string {
	_, rest, ok := strings.Cut(c.ARN, ":server-certificate")
	if !ok || !strings.HasSuffix(rest, "/"+c.Name) {
		return "/"
	}
	return strings.TrimSuffix(rest, c.Name)
}

func (x iamService) listServerCertificates(w http.ResponseWriter, r *request) {
	prefix := r.Form.Get("PathPrefix")
	if prefix == "" {
		prefix = "/"
	}
	var certs []inventory.ServerCertificate
	for _, c := range x.s.acct.IAM.ServerCertificates {
		if strings.HasPrefix(certPath(c), prefix) {
			certs = append(certs, c)
		}
	}
	certs, next, ok := iamPage(x, w, r, certs)
	if !ok {
		return
	}
	type certXML struct {
		Path                  string `xml:"Path"`
		ServerCertificateName string `xml:"ServerCertificateName"`
		ServerCertificateID   string `xml:"ServerCertificateId"`
		Arn                   string `xml:"Arn"`
		UploadDate            string `xml:"UploadDate"`
		Expiration            string `xml:"Expiration"`
	}
	type result struct {
		XMLName                       xml.Name         `xml:"ListServerCertificatesResult"`
		ServerCertificateMetadataList members[certXML] `xml:"ServerCertificateMetadataList"`
		IsTruncated                   bool             `xml:"IsTruncated"`
		Marker                        string           `xml:"Marker,omitempty"`
	}
	out := result{IsTruncated: next != "", Marker: next}
	for _, c := range certs {
		out.ServerCertificateMetadataList.Member = append(out.ServerCertificateMetadataList.Member, certXML{
			Path: certPath(c), ServerCertificateName: c.Name, ServerCertificateID: c.ID, Arn: c.ARN,
			UploadDate: isoTime(c.UploadDate), Expiration: isoTime(c.Expiration),
		})
	}
	writeIAM(w, r.Op, out)
}

// boundaryXML is an identity's PermissionsBoundary element.
type boundaryXML struct {
	PermissionsBoundaryType string `xml:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `xml:"PermissionsBoundaryArn"`
}

func boundaryOf(arn string) *boundaryXML {
	if arn == "" {
		return nil
	}
	return &boundaryXML{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: arn}
}

// boundaryUsage counts the users and roles a policy bounds.
func (x iamService) boundaryUsage(arn string) int32 {
	var n int32
	for _, u := range x.s.acct.IAM.Users {
		if u.PermissionsBoundary == arn {
			n++
		}
	}
	for _, r := range x.s.acct.IAM.Roles {
		if r.PermissionsBoundary == arn {
			n++
		}
	}
	return n
}
