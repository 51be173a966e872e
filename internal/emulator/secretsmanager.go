package emulator

import (
	"cmp"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// secretsMaxResults is ListSecrets' largest page, also what it gives when
// the request names none.
const secretsMaxResults = 100

// secretsService serves Secrets Manager (JSON 1.1, target secretsmanager)
// from the account's secrets: a region answers with its own. It serves no
// operation that returns a secret's value: the account description holds
// none, and srmscan must never ask.
type secretsService struct{ s *Server }

func newSecretsManager(s *Server) jsonService {
	x := secretsService{s}
	return jsonService{
		s: s, target: "secretsmanager", version: "1.1", internal: "InternalServiceError",
		ops: map[string]jsonOp{
			"ListSecrets":       {serve: x.listSecrets},
			"GetResourcePolicy": {serve: x.getResourcePolicy, resource: "SecretId"},
		},
	}
}

// secrets returns the region's secrets in name order.
func (x secretsService) secrets(region string) []*inventory.Secret {
	ss := inRegion(x.s.acct.SecretsManager.Secrets, region, func(s *inventory.Secret) string { return s.Region })
	slices.SortFunc(ss, func(a, b *inventory.Secret) int { return cmp.Compare(a.Name, b.Name) })
	return ss
}

type secretTag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func (x secretsService) listSecrets(c *jsonCall) (any, *jsonError) {
	var in struct {
		MaxResults *int    `json:"MaxResults"`
		NextToken  *string `json:"NextToken"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, secretsMaxResults); err != nil {
		return nil, err
	}
	if in.MaxResults == nil {
		in.MaxResults = new(secretsMaxResults)
	}
	page, next, err := jsonPage(c, x.secrets(c.Region), in.NextToken, in.MaxResults, "InvalidNextTokenException")
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	for _, s := range page {
		e := map[string]any{
			"ARN":  s.ARN,
			"Name": s.Name,
			// Every secret has a current version; its ID is no secret.
			"SecretVersionsToStages": map[string][]string{"a1b2c3d4-0000-4000-8000-" + strings.Repeat("0", 12): {"AWSCURRENT"}},
		}
		if s.KMSKeyID != "" {
			e["KmsKeyId"] = s.KMSKeyID
		}
		if s.RotationEnabled {
			e["RotationEnabled"] = true
			e["RotationLambdaARN"] = "arn:aws:lambda:" + s.Region + ":" + s.AccountID + ":function:SecretsManagerRotation"
		}
		if s.RotationDays > 0 || s.RotationSchedule != "" {
			rules := map[string]any{}
			if s.RotationDays > 0 {
				rules["AutomaticallyAfterDays"] = s.RotationDays
			}
			if s.RotationSchedule != "" {
				rules["ScheduleExpression"] = s.RotationSchedule
			}
			e["RotationRules"] = rules
		}
		for key, t := range map[string]*float64{"CreatedDate": jsonTime(s.CreatedAt), "LastChangedDate": jsonTime(s.LastChangedAt),
			"LastRotatedDate": jsonTime(s.LastRotatedAt), "LastAccessedDate": jsonTime(s.LastAccessedAt)} {
			if t != nil {
				e[key] = *t
			}
		}
		if s.OwningService != "" {
			e["OwningService"] = s.OwningService
		}
		if s.PrimaryRegion != "" {
			e["PrimaryRegion"] = s.PrimaryRegion
		}
		if len(s.Tags) > 0 {
			var tags []secretTag
			for _, t := range s.Tags {
				tags = append(tags, secretTag{t.Key, t.Value})
			}
			e["Tags"] = tags
		}
		list = append(list, e)
	}
	return map[string]any{"SecretList": list, "NextToken": optString(next)}, nil
}

// getResourcePolicy finds the secret by ARN or name, as Secrets Manager
// does; a secret without a policy answers with its ARN and name only.
func (x secretsService) getResourcePolicy(c *jsonCall) (any, *jsonError) {
	var in struct {
		SecretID string `json:"SecretId"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if s := x.s.lookup().secrets.get(x.s.acct.SecretsManager.Secrets, func(s *inventory.Secret) (string, []string) {
		return s.Region, []string{s.ARN, s.Name}
	}, c.Region, in.SecretID); s != nil {
		out := map[string]any{"ARN": s.ARN, "Name": s.Name}
		if s.Policy != "" {
			out["ResourcePolicy"] = s.Policy
		}
		return out, nil
	}
	return nil, badRequest("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

// secretName is the name in a secret's ARN, without the six random
// characters Secrets Manager appends, so fault rules can name a secret by
// its name however the request names it.
func secretName(arn string) string {
	_, name, ok := strings.Cut(arn, ":secret:")
	if !ok || len(name) < 7 || name[len(name)-7] != '-' {
		return arn
	}
	return name[:len(name)-7]
}
