package scanner

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// iamMaxItems is the largest page IAM's list operations accept; asking for
// it keeps the number of calls, and so IAM's tight rate limit, down.
const iamMaxItems = 1000

// credentialReportPoll paces the wait for IAM to build the credential
// report. AWS builds one in seconds; the limit keeps a report that never
// completes from holding the scan. Tests shorten it.
var credentialReportPoll = struct {
	first, max, limit time.Duration
}{first: 250 * time.Millisecond, max: 4 * time.Second, limit: 2 * time.Minute}

// collectIAM inventories IAM, which is global. Each read is its own job so
// they run side by side under the pool's bound; the credential report goes
// first because IAM builds it in the background while the rest is read.
func (s *scan) collectIAM(ctx context.Context) {
	s.spawn(ctx, s.collectCredentialReport)
	s.spawn(ctx, s.collectPasswordPolicy)
	s.spawn(ctx, s.collectAccountSummary)
	s.spawn(ctx, s.collectVirtualMFADevices)
	s.spawn(ctx, s.collectServerCertificates)
	// Service control policies take away what IAM grants; the IAM checks
	// read them with the identities' own policies.
	s.spawn(ctx, s.collectOrganization)
	s.collectAuthorizationDetails(ctx)
}

// iamPages follows an IAM listing to its end. IAM may return fewer items
// than asked for with more to come, so IsTruncated, not the page size,
// says whether to go on. A listing that claims more without saying where,
// or points back at a page already read, is malformed rather than endless.
func iamPages(fetch func(marker *string) (next *string, truncated bool, err error)) error {
	var marker *string
	seen := map[string]bool{}
	for {
		next, truncated, err := fetch(marker)
		if err != nil {
			return err
		}
		if !truncated {
			return nil
		}
		m := aws.ToString(next)
		if m == "" {
			return &smithy.DeserializationError{Err: errors.New("IsTruncated is true but no Marker was given")}
		}
		if seen[m] {
			return &smithy.DeserializationError{Err: fmt.Errorf("marker %q was already followed", m)}
		}
		seen[m] = true
		marker = &m
	}
}

// isIAMCode reports whether err is one of the AWS error codes.
func isIAMCode(err error, codes ...string) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	for _, c := range codes {
		if apiErr.ErrorCode() == c {
			return true
		}
	}
	return false
}

// collectAuthorizationDetails reads users, groups, roles and managed
// policies, with their relationships and every policy document, in one
// listing. AWS-managed policies are asked for too: IAM lists only those
// attached in the account (GetAccountAuthorizationDetails has no
// OnlyAttached switch and needs none), which are the ones that grant
// anything here, so nothing from AWS's catalogue of a thousand unused
// policies is fetched.
func (s *scan) collectAuthorizationDetails(ctx context.Context) {
	c := s.clients.IAM()
	in := &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{
			types.EntityTypeUser, types.EntityTypeRole, types.EntityTypeGroup,
			types.EntityTypeLocalManagedPolicy, types.EntityTypeAWSManagedPolicy,
		},
		MaxItems: aws.Int32(iamMaxItems),
	}
	err := iamPages(func(marker *string) (*string, bool, error) {
		in.Marker = marker
		out, err := c.GetAccountAuthorizationDetails(ctx, in)
		if err != nil {
			return nil, false, err
		}
		// Entities of the pages already read are kept if a later page
		// fails; the failure then marks the whole listing incomplete.
		s.addAuthorizationDetails(out)
		return out.Marker, out.IsTruncated, nil
	})
	if err != nil {
		s.fail("iam", "", "GetAccountAuthorizationDetails", "", err)
	}
}

func (s *scan) addAuthorizationDetails(out *iam.GetAccountAuthorizationDetailsOutput) {
	res := func(arn *string) inventory.Resource {
		return inventory.Resource{ARN: aws.ToString(arn), AccountID: s.account()}
	}
	var (
		users    []inventory.User
		groups   []inventory.Group
		roles    []inventory.Role
		policies []inventory.ManagedPolicy
	)
	for _, d := range out.UserDetailList {
		u := inventory.User{
			Resource:         res(d.Arn),
			Name:             aws.ToString(d.UserName),
			ID:               aws.ToString(d.UserId),
			Path:             aws.ToString(d.Path),
			CreateDate:       aws.ToTime(d.CreateDate).UTC(),
			AttachedPolicies: attachedPolicies(d.AttachedManagedPolicies),
			Tags:             tagsOf(d.Tags, iamTag),
		}
		if b := d.PermissionsBoundary; b != nil {
			u.PermissionsBoundary = aws.ToString(b.PermissionsBoundaryArn)
		}
		if len(d.GroupList) > 0 {
			u.Groups = append([]string(nil), d.GroupList...)
		}
		u.InlinePolicies = s.inlinePolicies(u.ARN, d.UserPolicyList)
		users = append(users, u)
	}
	for _, d := range out.GroupDetailList {
		g := inventory.Group{
			Resource:         res(d.Arn),
			Name:             aws.ToString(d.GroupName),
			ID:               aws.ToString(d.GroupId),
			Path:             aws.ToString(d.Path),
			CreateDate:       aws.ToTime(d.CreateDate).UTC(),
			AttachedPolicies: attachedPolicies(d.AttachedManagedPolicies),
		}
		g.InlinePolicies = s.inlinePolicies(g.ARN, d.GroupPolicyList)
		groups = append(groups, g)
	}
	for _, d := range out.RoleDetailList {
		r := inventory.Role{
			Resource:         res(d.Arn),
			Name:             aws.ToString(d.RoleName),
			ID:               aws.ToString(d.RoleId),
			Path:             aws.ToString(d.Path),
			CreateDate:       aws.ToTime(d.CreateDate).UTC(),
			AttachedPolicies: attachedPolicies(d.AttachedManagedPolicies),
			Tags:             tagsOf(d.Tags, iamTag),
		}
		if b := d.PermissionsBoundary; b != nil {
			r.PermissionsBoundary = aws.ToString(b.PermissionsBoundaryArn)
		}
		r.AssumeRolePolicy = s.policyDocument(r.ARN, "trust policy", d.AssumeRolePolicyDocument)
		r.InlinePolicies = s.inlinePolicies(r.ARN, d.RolePolicyList)
		// IAM reports no last use for a role unused within its tracking
		// period; the zero time says so.
		if d.RoleLastUsed != nil && d.RoleLastUsed.LastUsedDate != nil {
			r.LastUsed = d.RoleLastUsed.LastUsedDate.UTC()
		}
		roles = append(roles, r)
	}
	for _, d := range out.Policies {
		p := inventory.ManagedPolicy{
			Resource:         res(d.Arn),
			Name:             aws.ToString(d.PolicyName),
			ID:               aws.ToString(d.PolicyId),
			Path:             aws.ToString(d.Path),
			DefaultVersionID: aws.ToString(d.DefaultVersionId),
			AttachmentCount:  aws.ToInt32(d.AttachmentCount),
		}
		// The list holds every version; only the default is in force.
		found := false
		for _, v := range d.PolicyVersionList {
			if v.IsDefaultVersion || (p.DefaultVersionID != "" && aws.ToString(v.VersionId) == p.DefaultVersionID) {
				p.Document = s.policyDocument(p.ARN, "version "+aws.ToString(v.VersionId), v.Document)
				found = true
				break
			}
		}
		if !found {
			s.fail("iam", "", "GetAccountAuthorizationDetails", p.ARN, &smithy.DeserializationError{
				Err: fmt.Errorf("default version %q of %s is not in its version list", p.DefaultVersionID, p.Name),
			})
		}
		policies = append(policies, p)
	}
	s.add(func(inv *inventory.Inventory) {
		m := &inv.IAM
		m.Users = append(m.Users, users...)
		m.Groups = append(m.Groups, groups...)
		m.Roles = append(m.Roles, roles...)
		m.Policies = append(m.Policies, policies...)
	})
}

func attachedPolicies(ps []types.AttachedPolicy) []inventory.AttachedPolicy {
	var out []inventory.AttachedPolicy
	for _, p := range ps {
		out = append(out, inventory.AttachedPolicy{Name: aws.ToString(p.PolicyName), ARN: aws.ToString(p.PolicyArn)})
	}
	return out
}

func (s *scan) inlinePolicies(owner string, ps []types.PolicyDetail) []inventory.InlinePolicy {
	var out []inventory.InlinePolicy
	for _, p := range ps {
		name := aws.ToString(p.PolicyName)
		out = append(out, inventory.InlinePolicy{
			Name:     name,
			Document: s.policyDocument(owner, "inline policy "+name, p.PolicyDocument),
		})
	}
	return out
}

// policyDocument decodes a policy document as IAM sends it. A document
// that cannot be decoded is left empty and recorded against its owner, so
// checks report the owner unknown rather than judge a garbled policy.
func (s *scan) policyDocument(owner, what string, doc *string) string {
	out, err := decodePolicyDocument(aws.ToString(doc))
	if err != nil {
		s.fail("iam", "", "GetAccountAuthorizationDetails", owner, &smithy.DeserializationError{
			Err: fmt.Errorf("%s: policy document is not URL-encoded: %w", what, err),
		})
		return ""
	}
	return out
}

// decodePolicyDocument undoes IAM's RFC 3986 encoding. Path unescaping,
// not query unescaping, because "+" in a document is a plus, never a
// space (IAM sends spaces as %20). A document that already starts as JSON
// comes from an emulator that does not encode; an encoded one never can,
// as "{" is always escaped.
func decodePolicyDocument(doc string) (string, error) {
	if strings.HasPrefix(strings.TrimSpace(doc), "{") {
		return doc, nil
	}
	return url.PathUnescape(doc)
}

// collectCredentialReport asks IAM for a fresh credential report, waits
// until it is built and reads it. IAM builds reports asynchronously, and
// reuses one made within the last four hours, so the first request may
// already find it COMPLETE.
func (s *scan) collectCredentialReport(ctx context.Context) {
	s.pollCredentialReport(ctx, &reportPoll{
		deadline:  time.Now().Add(credentialReportPoll.limit),
		wait:      credentialReportPoll.first,
		waitingOn: "GenerateCredentialReport",
	})
}

// reportPoll is the state of one wait for the credential report.
type reportPoll struct {
	deadline time.Time
	wait     time.Duration
	// waitingOn is the operation whose answer keeps the report from being
	// read, which a timeout is recorded against.
	waitingOn string
	polled    bool
}

// pollCredentialReport makes one attempt at the report. When it is not
// ready, the next attempt is scheduled after a back-off with spawnAfter,
// so the wait, seconds on AWS, holds none of the pool's workers.
func (s *scan) pollCredentialReport(ctx context.Context, p *reportPoll) {
	if p.polled && ctx.Err() != nil {
		s.fail("iam", "", p.waitingOn, "", ctx.Err())
		return
	}
	p.polled = true
	again := func(waitingOn string) {
		p.waitingOn = waitingOn
		if time.Now().Add(p.wait).After(p.deadline) {
			s.fail("iam", "", waitingOn, "",
				&timeoutError{msg: fmt.Sprintf("credential report not ready after %s", credentialReportPoll.limit)})
			return
		}
		wait := p.wait
		p.wait = min(2*p.wait, credentialReportPoll.max)
		s.spawnAfter(ctx, wait, func(ctx context.Context) { s.pollCredentialReport(ctx, p) })
	}
	c := s.clients.IAM()
	gen, err := c.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	if err != nil {
		s.fail("iam", "", "GenerateCredentialReport", "", err)
		return
	}
	if gen.State != types.ReportStateTypeComplete {
		again("GenerateCredentialReport")
		return
	}
	out, err := c.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if isIAMCode(err, "ReportInProgress", "ReportNotPresent", "ReportExpired") {
		// The report said complete but is not there (yet, or any more):
		// ask again, within the same limit.
		again("GetCredentialReport")
		return
	}
	if err != nil {
		s.fail("iam", "", "GetCredentialReport", "", err)
		return
	}
	if f := out.ReportFormat; f != "" && f != types.ReportFormatTypeTextCsv {
		s.fail("iam", "", "GetCredentialReport", "", &smithy.DeserializationError{Err: fmt.Errorf("report format %q, want text/csv", f)})
		return
	}
	rows, err := parseCredentialReport(out.Content)
	if err != nil {
		// A report that cannot be read in full is not used in part: the
		// missing rows would look like users without credentials.
		s.fail("iam", "", "GetCredentialReport", "", &smithy.DeserializationError{Err: err})
		return
	}
	s.add(func(inv *inventory.Inventory) { inv.IAM.CredentialReport = rows })
}

// credentialColumns are the report columns the inventory keeps. AWS adds
// columns over time, so they are found by name, never by position.
var credentialColumns = []string{
	"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
	"mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
	"cert_1_active", "cert_2_active",
}

// parseCredentialReport reads the credential report CSV. Every value must
// be one the report is documented to hold: an unknown one is an error, not
// a false, since a wrong mfa_active or password_enabled would pass or fail
// a user on nothing.
func parseCredentialReport(data []byte) ([]inventory.Credential, error) {
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("credential report: %w", err)
	}
	if len(records) == 0 {
		return nil, errors.New("credential report is empty: no header")
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	for _, name := range credentialColumns {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("credential report has no %s column", name)
		}
	}
	rows := make([]inventory.Credential, 0, len(records)-1)
	for i, rec := range records[1:] {
		r := reportRow{rec: rec, col: col}
		c := inventory.Credential{
			User:                  r.get("user"),
			ARN:                   r.get("arn"),
			UserCreationTime:      r.time("user_creation_time"),
			PasswordEnabled:       r.bool("password_enabled"),
			PasswordLastUsed:      r.time("password_last_used"),
			PasswordLastChanged:   r.time("password_last_changed"),
			MFAActive:             r.bool("mfa_active"),
			AccessKey1Active:      r.bool("access_key_1_active"),
			AccessKey1LastRotated: r.time("access_key_1_last_rotated"),
			AccessKey1LastUsed:    r.time("access_key_1_last_used_date"),
			AccessKey2Active:      r.bool("access_key_2_active"),
			AccessKey2LastRotated: r.time("access_key_2_last_rotated"),
			AccessKey2LastUsed:    r.time("access_key_2_last_used_date"),
			Cert1Active:           r.bool("cert_1_active"),
			Cert2Active:           r.bool("cert_2_active"),
		}
		if r.err != nil {
			return nil, fmt.Errorf("credential report line %d (%s): %w", i+2, c.User, r.err)
		}
		rows = append(rows, c)
	}
	return rows, nil
}

// reportRow reads one credential report record, keeping the first error.
type reportRow struct {
	rec []string
	col map[string]int
	err error
}

func (r *reportRow) get(name string) string { return r.rec[r.col[name]] }

// time reads a timestamp. N/A (nothing to date), not_supported (the root
// user's password dates) and no_information (use before IAM tracked it)
// all mean no time is known.
func (r *reportRow) time(name string) *time.Time {
	v := r.get(name)
	switch v {
	case "N/A", "not_supported", "no_information":
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		if r.err == nil {
			r.err = fmt.Errorf("%s: %q is not a time", name, v)
		}
		return nil
	}
	t = t.UTC()
	return &t
}

// bool reads a flag. The root user's password_enabled is not_supported:
// root's password is not an IAM password, and the report does not say.
func (r *reportRow) bool(name string) bool {
	switch v := r.get(name); v {
	case "true":
		return true
	case "false", "not_supported":
		return false
	default:
		if r.err == nil {
			r.err = fmt.Errorf("%s: %q is not true or false", name, v)
		}
		return false
	}
}

// collectPasswordPolicy reads the account password policy. An account
// without one answers NoSuchEntity: that is AWS's defaults, not a failure.
func (s *scan) collectPasswordPolicy(ctx context.Context) {
	out, err := s.clients.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if isIAMCode(err, "NoSuchEntity") {
		return
	}
	if err != nil {
		s.fail("iam", "", "GetAccountPasswordPolicy", "", err)
		return
	}
	p := out.PasswordPolicy
	if p == nil {
		return
	}
	pp := &inventory.PasswordPolicy{
		MinimumLength:              aws.ToInt32(p.MinimumPasswordLength),
		RequireSymbols:             p.RequireSymbols,
		RequireNumbers:             p.RequireNumbers,
		RequireUppercase:           p.RequireUppercaseCharacters,
		RequireLowercase:           p.RequireLowercaseCharacters,
		AllowUsersToChangePassword: p.AllowUsersToChangePassword,
		MaxPasswordAge:             aws.ToInt32(p.MaxPasswordAge),
		PasswordReusePrevention:    aws.ToInt32(p.PasswordReusePrevention),
		HardExpiry:                 aws.ToBool(p.HardExpiry),
	}
	s.add(func(inv *inventory.Inventory) { inv.IAM.PasswordPolicy = pp })
}

func (s *scan) collectAccountSummary(ctx context.Context) {
	out, err := s.clients.IAM().GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		s.fail("iam", "", "GetAccountSummary", "", err)
		return
	}
	if len(out.SummaryMap) == 0 {
		return
	}
	summary := make(map[string]int32, len(out.SummaryMap))
	for k, v := range out.SummaryMap {
		summary[k] = v
	}
	s.add(func(inv *inventory.Inventory) { inv.IAM.Summary = summary })
}

// collectVirtualMFADevices lists every virtual MFA device, assigned or
// not: an unassigned one is a spare, an assigned one says who has MFA,
// root included.
func (s *scan) collectVirtualMFADevices(ctx context.Context) {
	c := s.clients.IAM()
	in := &iam.ListVirtualMFADevicesInput{AssignmentStatus: types.AssignmentStatusTypeAny, MaxItems: aws.Int32(iamMaxItems)}
	err := iamPages(func(marker *string) (*string, bool, error) {
		in.Marker = marker
		out, err := c.ListVirtualMFADevices(ctx, in)
		if err != nil {
			return nil, false, err
		}
		var devices []inventory.MFADevice
		for _, d := range out.VirtualMFADevices {
			m := inventory.MFADevice{SerialNumber: aws.ToString(d.SerialNumber)}
			if d.User != nil {
				m.UserARN = aws.ToString(d.User.Arn)
			}
			if d.EnableDate != nil {
				m.EnableDate = d.EnableDate.UTC()
			}
			devices = append(devices, m)
		}
		s.add(func(inv *inventory.Inventory) {
			inv.IAM.VirtualMFADevices = append(inv.IAM.VirtualMFADevices, devices...)
		})
		return out.Marker, out.IsTruncated, nil
	})
	if err != nil {
		s.fail("iam", "", "ListVirtualMFADevices", "", err)
	}
}

func (s *scan) collectServerCertificates(ctx context.Context) {
	c := s.clients.IAM()
	in := &iam.ListServerCertificatesInput{MaxItems: aws.Int32(iamMaxItems)}
	err := iamPages(func(marker *string) (*string, bool, error) {
		in.Marker = marker
		out, err := c.ListServerCertificates(ctx, in)
		if err != nil {
			return nil, false, err
		}
		var certs []inventory.ServerCertificate
		for _, m := range out.ServerCertificateMetadataList {
			certs = append(certs, inventory.ServerCertificate{
				Resource:   inventory.Resource{ARN: aws.ToString(m.Arn), AccountID: s.account()},
				Name:       aws.ToString(m.ServerCertificateName),
				ID:         aws.ToString(m.ServerCertificateId),
				UploadDate: aws.ToTime(m.UploadDate).UTC(),
				Expiration: aws.ToTime(m.Expiration).UTC(),
			})
		}
		s.add(func(inv *inventory.Inventory) {
			inv.IAM.ServerCertificates = append(inv.IAM.ServerCertificates, certs...)
		})
		return out.Marker, out.IsTruncated, nil
	})
	if err != nil {
		s.fail("iam", "", "ListServerCertificates", "", err)
	}
}

// iamTag is an IAM tag's key and value, for tagsOf.
func iamTag(t types.Tag) (key, value *string) { return t.Key, t.Value }
