package scanner

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/srmscan/srmscan/inventory"
)

// ecrMaxResults is DescribeRepositories' largest page; without it ECR
// pages by 100.
const ecrMaxResults = 1000

// collectECR reads a region's registry scanning configuration and lists
// its repositories, reading each one's policies in a job of its own.
func (s *scan) collectECR(ctx context.Context, region string) {
	c := s.clients.ECR(region)
	s.spawn(ctx, func(ctx context.Context) { s.collectRegistry(ctx, c, region) })
	p := ecr.NewDescribeRepositoriesPaginator(c, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(ecrMaxResults)})
	allPages(ctx, s, "ecr", region, "DescribeRepositories", p, func(page *ecr.DescribeRepositoriesOutput) {
		for _, r := range page.Repositories {
			repo := inventory.Repository{
				Resource:           inventory.Resource{ARN: aws.ToString(r.RepositoryArn), AccountID: s.account(), Region: region},
				Name:               aws.ToString(r.RepositoryName),
				URI:                aws.ToString(r.RepositoryUri),
				ImageTagMutability: string(r.ImageTagMutability),
				CreatedAt:          aws.ToTime(r.CreatedAt).UTC(),
			}
			if r.ImageScanningConfiguration != nil {
				repo.ScanOnPush = r.ImageScanningConfiguration.ScanOnPush
			}
			if e := r.EncryptionConfiguration; e != nil {
				repo.EncryptionType, repo.KMSKey = string(e.EncryptionType), aws.ToString(e.KmsKey)
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectRepository(ctx, c, repo) })
		}
	})
}

// collectRegistry reads which repositories the registry scans, whatever
// their own scan-on-push setting says.
func (s *scan) collectRegistry(ctx context.Context, c *ecr.Client, region string) {
	out, err := c.GetRegistryScanningConfiguration(ctx, &ecr.GetRegistryScanningConfigurationInput{})
	if err != nil {
		s.fail("ecr", region, "GetRegistryScanningConfiguration", "", err)
		return
	}
	reg := inventory.Registry{Region: region}
	if sc := out.ScanningConfiguration; sc != nil {
		reg.ScanType = string(sc.ScanType)
		for _, r := range sc.Rules {
			rule := inventory.ScanningRule{ScanFrequency: string(r.ScanFrequency), Filters: []string{}}
			for _, f := range r.RepositoryFilters {
				rule.Filters = append(rule.Filters, aws.ToString(f.Filter))
			}
			reg.Rules = append(reg.Rules, rule)
		}
	}
	s.add(func(inv *inventory.Inventory) { inv.ECR.Registries = append(inv.ECR.Registries, reg) })
}

// collectRepository reads the repository policy and lifecycle policy. ECR
// answers a repository without one with a NotFound exception of its own:
// that is "none", not a failure.
func (s *scan) collectRepository(ctx context.Context, c *ecr.Client, r inventory.Repository) {
	defer s.add(func(inv *inventory.Inventory) { inv.ECR.Repositories = append(inv.ECR.Repositories, r) })
	pol, err := c.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String(r.Name)})
	var noPolicy *ecrtypes.RepositoryPolicyNotFoundException
	switch {
	case err == nil:
		r.Policy = aws.ToString(pol.PolicyText)
	case !errors.As(err, &noPolicy):
		s.fail("ecr", r.Region, "GetRepositoryPolicy", r.ARN, err)
	}
	lc, err := c.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String(r.Name)})
	var noLifecycle *ecrtypes.LifecyclePolicyNotFoundException
	switch {
	case err == nil:
		r.LifecyclePolicy = aws.ToString(lc.LifecyclePolicyText)
	case !errors.As(err, &noLifecycle):
		s.fail("ecr", r.Region, "GetLifecyclePolicy", r.ARN, err)
	}
}

// sortECR orders the repositories and registries as sortInventory does
// the rest.
func sortECR(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.ECR.Repositories, func(a, b inventory.Repository) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.ECR.Registries, func(a, b inventory.Registry) int { return cmp.Compare(a.Region, b.Region) })
}
