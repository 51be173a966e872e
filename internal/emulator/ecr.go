package emulator

import (
	"cmp"
	"slices"

	"github.com/srmscan/srmscan/inventory"
)

// ecrMaxResults is DescribeRepositories' largest page.
const ecrMaxResults = 1000

// ecrService serves ECR (JSON 1.1, target
// AmazonEC2ContainerRegistry_V20150921) from the account's repositories:
// a region answers with its own registry.
type ecrService struct{ s *Server }

func newECR(s *Server) jsonService {
	x := ecrService{s}
	return jsonService{
		s: s, target: "AmazonEC2ContainerRegistry_V20150921", version: "1.1",
		internal: "ServerException",
		ops: map[string]jsonOp{
			"DescribeRepositories":             {serve: x.describeRepositories},
			"GetRegistryScanningConfiguration": {serve: x.getRegistryScanningConfiguration},
			"GetRepositoryPolicy":              {serve: x.getRepositoryPolicy, resource: "repositoryName"},
			"GetLifecyclePolicy":               {serve: x.getLifecyclePolicy, resource: "repositoryName"},
		},
	}
}

// repositories returns the region's repositories in name order.
func (x ecrService) repositories(region string) []*inventory.Repository {
	rs := inRegion(x.s.acct.ECR.Repositories, region, func(r *inventory.Repository) string { return r.Region })
	slices.SortFunc(rs, func(a, b *inventory.Repository) int { return cmp.Compare(a.Name, b.Name) })
	return rs
}

// registryID refuses another account's registry: the emulator serves one.
func (x ecrService) registryID(id *string) *jsonError {
	if id != nil && *id != x.s.acct.AccountID {
		return badRequest("ValidationException", "the emulator serves registry %s only, not %s", x.s.acct.AccountID, *id)
	}
	return nil
}

func (x ecrService) describeRepositories(c *jsonCall) (any, *jsonError) {
	var in struct {
		RegistryID *string `json:"registryId"`
		MaxResults *int    `json:"maxResults"`
		NextToken  *string `json:"nextToken"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := x.registryID(in.RegistryID); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, ecrMaxResults); err != nil {
		return nil, err
	}
	// Without maxResults ECR pages by 100.
	limit := cmp.Or(in.MaxResults, new(100))
	items, next, err := jsonPage(c, x.repositories(c.Region), in.NextToken, limit, "InvalidParameterException")
	if err != nil {
		return nil, err
	}
	type scanning struct {
		ScanOnPush bool `json:"scanOnPush"`
	}
	type encryption struct {
		EncryptionType string  `json:"encryptionType"`
		KMSKey         *string `json:"kmsKey,omitempty"`
	}
	type repository struct {
		ARN        string     `json:"repositoryArn"`
		RegistryID string     `json:"registryId"`
		Name       string     `json:"repositoryName"`
		URI        string     `json:"repositoryUri"`
		CreatedAt  *float64   `json:"createdAt,omitempty"`
		Mutability string     `json:"imageTagMutability"`
		Scanning   scanning   `json:"imageScanningConfiguration"`
		Encryption encryption `json:"encryptionConfiguration"`
	}
	out := []repository{}
	for _, r := range items {
		out = append(out, repository{ARN: r.ARN, RegistryID: r.AccountID, Name: r.Name, URI: r.URI, CreatedAt: jsonTime(r.CreatedAt),
			Mutability: cmp.Or(r.ImageTagMutability, "MUTABLE"), Scanning: scanning{r.ScanOnPush},
			Encryption: encryption{EncryptionType: cmp.Or(r.EncryptionType, "AES256"), KMSKey: optString(r.KMSKey)}})
	}
	return map[string]any{"repositories": out, "nextToken": optString(next)}, nil
}

// getRegistryScanningConfiguration answers for a region the account
// describes no registry in as ECR does for a registry never configured:
// basic scanning and no rules.
func (x ecrService) getRegistryScanningConfiguration(c *jsonCall) (any, *jsonError) {
	var in struct{}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	type filter struct {
		Filter     string `json:"filter"`
		FilterType string `json:"filterType"`
	}
	type rule struct {
		ScanFrequency string   `json:"scanFrequency"`
		Filters       []filter `json:"repositoryFilters"`
	}
	cfg := struct {
		ScanType string `json:"scanType"`
		Rules    []rule `json:"rules"`
	}{ScanType: "BASIC", Rules: []rule{}}
	for _, reg := range x.s.acct.ECR.Registries {
		if reg.Region != c.Region {
			continue
		}
		cfg.ScanType = cmp.Or(reg.ScanType, "BASIC")
		for _, r := range reg.Rules {
			ru := rule{ScanFrequency: r.ScanFrequency, Filters: []filter{}}
			for _, f := range r.Filters {
				ru.Filters = append(ru.Filters, filter{f, "WILDCARD"})
			}
			cfg.Rules = append(cfg.Rules, ru)
		}
	}
	return map[string]any{"registryId": x.s.acct.AccountID, "scanningConfiguration": cfg}, nil
}

// repository finds the repository a per-repository call names.
func (x ecrService) repository(c *jsonCall) (*inventory.Repository, *jsonError) {
	var in struct {
		RegistryID *string `json:"registryId"`
		Name       string  `json:"repositoryName"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := x.registryID(in.RegistryID); err != nil {
		return nil, err
	}
	if r := x.s.lookup().repositories.get(x.s.acct.ECR.Repositories, func(r *inventory.Repository) (string, []string) {
		return r.Region, []string{r.Name}
	}, c.Region, in.Name); r != nil {
		return r, nil
	}
	return nil, badRequest("RepositoryNotFoundException", "The repository with name '%s' does not exist in the registry with id '%s'", in.Name, x.s.acct.AccountID)
}

func (x ecrService) getRepositoryPolicy(c *jsonCall) (any, *jsonError) {
	r, err := x.repository(c)
	if err != nil {
		return nil, err
	}
	if r.Policy == "" {
		return nil, badRequest("RepositoryPolicyNotFoundException", "Repository policy does not exist for the repository with name '%s' in the registry with id '%s'", r.Name, r.AccountID)
	}
	return map[string]any{"registryId": r.AccountID, "repositoryName": r.Name, "policyText": r.Policy}, nil
}

func (x ecrService) getLifecyclePolicy(c *jsonCall) (any, *jsonError) {
	r, err := x.repository(c)
	if err != nil {
		return nil, err
	}
	if r.LifecyclePolicy == "" {
		return nil, badRequest("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '%s' in the registry with id '%s'", r.Name, r.AccountID)
	}
	out := map[string]any{"registryId": r.AccountID, "repositoryName": r.Name, "lifecyclePolicyText": r.LifecyclePolicy}
	if t := jsonTime(r.CreatedAt); t != nil {
		out["lastEvaluatedAt"] = t
	}
	return out, nil
}
