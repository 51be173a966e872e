package emulator

import (
	"cmp"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// dynamoMaxTables is ListTables' default and largest page.
const dynamoMaxTables = 100

// dynamoService serves DynamoDB's control plane (JSON 1.0, API 2012-08-10)
// from the account's tables: a region answers with its own.
type dynamoService struct{ s *Server }

func newDynamoDB(s *Server) jsonService {
	x := dynamoService{s}
	return jsonService{
		s: s, target: "DynamoDB_20120810", version: "1.0",
		typePrefix: "com.amazonaws.dynamodb.v20120810#", internal: "InternalServerError", crc32: true,
		ops: map[string]jsonOp{
			"ListTables":                {serve: x.listTables},
			"DescribeTable":             {serve: x.describeTable, resource: "TableName"},
			"DescribeContinuousBackups": {serve: x.describeContinuousBackups, resource: "TableName"},
			"ListTagsOfResource":        {serve: x.listTagsOfResource, resource: "ResourceArn"},
		},
	}
}

// tables returns the region's tables in name order, ListTables' order.
func (x dynamoService) tables(region string) []*inventory.Table {
	ts := inRegion(x.s.acct.DynamoDB.Tables, region, func(t *inventory.Table) string { return t.Region })
	slices.SortFunc(ts, func(a, b *inventory.Table) int { return cmp.Compare(a.Name, b.Name) })
	return ts
}

// ListTables pages by table name: a page ends with LastEvaluatedTableName
// and the next starts after ExclusiveStartTableName, which need not be a
// table that still exists.
func (x dynamoService) listTables(c *jsonCall) (any, *jsonError) {
	var in struct {
		ExclusiveStartTableName *string `json:"ExclusiveStartTableName"`
		Limit                   *int    `json:"Limit"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.Limit, "limit", 1, dynamoMaxTables); err != nil {
		return nil, err
	}
	var names []string
	for _, t := range x.tables(c.Region) {
		if in.ExclusiveStartTableName == nil || t.Name > *in.ExclusiveStartTableName {
			names = append(names, t.Name)
		}
	}
	n := dynamoMaxTables
	if in.Limit != nil {
		n = *in.Limit
	}
	if ps := x.s.opts.PageSize; ps > 0 && ps < n {
		n = ps
	}
	out := map[string]any{}
	if len(names) > n {
		names = names[:n]
		out["LastEvaluatedTableName"] = names[n-1]
	}
	out["TableNames"] = orEmptyOf(names)
	return out, nil
}

// table finds the table a TableName (a name or ARN) names in the
// request's region.
func (x dynamoService) table(c *jsonCall, name string, notFound func(string) *jsonError) (*inventory.Table, *jsonError) {
	for _, t := range x.tables(c.Region) {
		if name == t.Name || name == t.ARN {
			return t, nil
		}
	}
	return nil, notFound(name)
}

func resourceNotFound(name string) *jsonError {
	return badRequest("ResourceNotFoundException", "Requested resource not found: Table: %s not found", name)
}

type tableNameIn struct {
	TableName string `json:"TableName"`
}

func (x dynamoService) describeTable(c *jsonCall) (any, *jsonError) {
	var in tableNameIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	t, err := x.table(c, in.TableName, resourceNotFound)
	if err != nil {
		return nil, err
	}
	d := map[string]any{
		"TableName": t.Name, "TableArn": t.ARN, "TableStatus": t.Status,
		"DeletionProtectionEnabled": t.DeletionProtection,
		"CreationDateTime":          jsonTime(t.CreationDate),
	}
	// DynamoDB leaves SSEDescription out for a table on its default AWS
	// owned key.
	if t.SSEType != "" {
		sse := map[string]any{"Status": t.SSEStatus, "SSEType": t.SSEType}
		if t.KMSKeyARN != "" {
			sse["KMSMasterKeyArn"] = t.KMSKeyARN
		}
		d["SSEDescription"] = sse
	}
	return map[string]any{"Table": d}, nil
}

func (x dynamoService) describeContinuousBackups(c *jsonCall) (any, *jsonError) {
	var in tableNameIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	t, err := x.table(c, in.TableName, func(name string) *jsonError {
		return badRequest("TableNotFoundException", "Table not found: %s", name)
	})
	if err != nil {
		return nil, err
	}
	pitr := map[string]any{"PointInTimeRecoveryStatus": "DISABLED"}
	if t.PointInTimeRecovery {
		pitr["PointInTimeRecoveryStatus"] = "ENABLED"
		pitr["RecoveryPeriodInDays"] = t.RecoveryPeriodDays
	}
	// Continuous backups are on for every table; PITR is the switch.
	return map[string]any{"ContinuousBackupsDescription": map[string]any{
		"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": pitr,
	}}, nil
}

func (x dynamoService) listTagsOfResource(c *jsonCall) (any, *jsonError) {
	var in struct {
		ResourceArn string  `json:"ResourceArn"`
		NextToken   *string `json:"NextToken"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(in.ResourceArn, "arn:") {
		return nil, badRequest("ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input %s", in.ResourceArn)
	}
	t, err := x.table(c, in.ResourceArn, resourceNotFound)
	if err != nil {
		return nil, err
	}
	type tag struct {
		Key   string `json:"Key"`
		Value string `json:"Value"`
	}
	var all []tag
	for _, kv := range t.Tags {
		all = append(all, tag{kv.Key, kv.Value})
	}
	tags, next, err := jsonPage(c, all, in.NextToken, nil, "ValidationException")
	if err != nil {
		return nil, err
	}
	return map[string]any{"Tags": orEmptyOf(tags), "NextToken": optString(next)}, nil
}
