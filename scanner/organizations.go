package scanner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// orgMaxParents bounds the walk up the organization's tree: AWS allows
// five levels of OUs under the root, so a longer path is a malformed
// answer rather than a deep tree.
const orgMaxParents = 10

// orgMaxResults is the largest page Organizations' listings return.
const orgMaxResults = 20

// errOrgDenied marks an Organizations read the caller may not make.
var errOrgDenied = errors.New("denied")

// collectOrganization reads which service control policies apply to the
// account: DescribeOrganization, then ListParents up to the root, the SCPs
// attached to the account, each OU and the root, and each one's content.
//
// Outside an organization no SCP applies, which is an answer, not a
// failure. Only the management account and delegated administrators may
// read the tree, so a member account's scan is usually denied: that is
// recorded in the inventory (Organization.NotRead), which the IAM checks'
// evidence repeats, and not as a collection error. SCPs only ever take
// permissions away, so a verdict reached without them can be a fail that
// they would have cleared, never a pass they would have overturned. Any
// other failure is a collection error as usual.
func (s *scan) collectOrganization(ctx context.Context) {
	org, err := s.readOrganization(ctx)
	if err != nil && !errors.Is(err, errOrgDenied) {
		var oe *orgError
		if errors.As(err, &oe) {
			s.fail("organizations", "", oe.op, "", oe.err)
		}
	}
	s.add(func(inv *inventory.Inventory) { inv.Organization = org })
}

type orgError struct {
	op  string
	err error
}

func (e *orgError) Error() string { return "organizations:" + e.op + ": " + e.err.Error() }
func (e *orgError) Unwrap() error { return e.err }

func (s *scan) readOrganization(ctx context.Context) (*inventory.Organization, error) {
	c := s.clients.Organizations()
	org := &inventory.Organization{}
	// wrap records why the SCPs were not read and classifies the error.
	wrap := func(op string, err error) error {
		org.Parents, org.SCPs = nil, nil // never a part taken for the whole
		if isIAMCode(err, "AccessDeniedException", "AccessDenied") {
			org.NotRead = "organizations:" + op + " denied"
			return errOrgDenied
		}
		org.NotRead = "organizations:" + op + " failed"
		return &orgError{op: op, err: err}
	}
	d, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if isIAMCode(err, "AWSOrganizationsNotInUseException") {
		return org, nil
	}
	if err != nil {
		return org, wrap("DescribeOrganization", err)
	}
	org.InOrganization = true
	if o := d.Organization; o != nil {
		org.ID = aws.ToString(o.Id)
		org.ManagementAccountID = aws.ToString(o.MasterAccountId)
		org.FeatureSet = string(o.FeatureSet)
	}
	if org.FeatureSet == string(types.OrganizationFeatureSetConsolidatedBilling) {
		return org, nil // SCPs need all features
	}
	if org.ManagementAccountID == s.account() {
		return org, nil // SCPs never restrict the management account
	}
	// The account, then each parent up to the root.
	child := s.account()
	for root := false; !root; {
		if len(org.Parents) >= orgMaxParents {
			return org, wrap("ListParents", &smithy.DeserializationError{Err: fmt.Errorf("no root within %d parents of %s", orgMaxParents, s.account())})
		}
		out, err := c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(child)})
		if err != nil {
			return org, wrap("ListParents", err)
		}
		if len(out.Parents) != 1 {
			return org, wrap("ListParents", &smithy.DeserializationError{Err: fmt.Errorf("%s has %d parents, want 1", child, len(out.Parents))})
		}
		child, root = aws.ToString(out.Parents[0].Id), out.Parents[0].Type == types.ParentTypeRoot
		org.Parents = append(org.Parents, child)
	}
	byID := map[string]*inventory.SCP{}
	var ids []string
	for _, target := range append([]string{s.account()}, org.Parents...) {
		p := organizations.NewListPoliciesForTargetPaginator(c, &organizations.ListPoliciesForTargetInput{
			TargetId: aws.String(target), Filter: types.PolicyTypeServiceControlPolicy, MaxResults: aws.Int32(orgMaxResults),
		}, func(o *organizations.ListPoliciesForTargetPaginatorOptions) { o.StopOnDuplicateToken = true })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if isIAMCode(err, "PolicyTypeNotEnabledException") {
				break // SCPs are not enabled on this root: none apply
			}
			if err != nil {
				return org, wrap("ListPoliciesForTarget", err)
			}
			for _, ps := range page.Policies {
				id := aws.ToString(ps.Id)
				if byID[id] == nil {
					byID[id] = &inventory.SCP{ID: id, ARN: aws.ToString(ps.Arn), Name: aws.ToString(ps.Name), AWSManaged: ps.AwsManaged}
					ids = append(ids, id)
				}
				byID[id].Targets = append(byID[id].Targets, target)
			}
		}
	}
	for _, id := range ids {
		out, err := c.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
		if err != nil {
			return org, wrap("DescribePolicy", err)
		}
		if out.Policy == nil || out.Policy.Content == nil {
			return org, wrap("DescribePolicy", &smithy.DeserializationError{Err: fmt.Errorf("policy %s has no content", id)})
		}
		byID[id].Document = aws.ToString(out.Policy.Content)
		org.SCPs = append(org.SCPs, *byID[id])
	}
	slices.SortFunc(org.SCPs, func(a, b inventory.SCP) int { return strings.Compare(a.ID, b.ID) })
	return org, nil
}
