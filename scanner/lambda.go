package scanner

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/srmscan/srmscan/inventory"
)

// lambdaMaxItems is the most ListFunctions and ListFunctionUrlConfigs
// return on a page; asking for more still gives 50.
const lambdaMaxItems = 50

// collectLambda lists a region's functions and reads each one's policy
// and URLs in a job of its own.
func (s *scan) collectLambda(ctx context.Context, region string) {
	c := s.clients.Lambda(region)
	p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(lambdaMaxItems)})
	allPages(ctx, s, "lambda", region, "ListFunctions", p, func(page *lambda.ListFunctionsOutput) {
		for _, fc := range page.Functions {
			f := s.function(region, fc)
			s.spawn(ctx, func(ctx context.Context) { s.collectFunction(ctx, c, f) })
		}
	})
}

// function keeps what the checks need of a function's configuration. The
// environment's values are read only to say what they look like: Lambda
// hands them to anyone allowed lambda:ListFunctions, but a snapshot must
// not carry them further.
func (s *scan) function(region string, fc lambdatypes.FunctionConfiguration) inventory.Function {
	f := inventory.Function{
		Resource:    inventory.Resource{ARN: aws.ToString(fc.FunctionArn), AccountID: s.account(), Region: region},
		Name:        aws.ToString(fc.FunctionName),
		Runtime:     string(fc.Runtime),
		PackageType: string(fc.PackageType),
		Role:        aws.ToString(fc.Role),
		KMSKeyARN:   aws.ToString(fc.KMSKeyArn),
	}
	if t, err := time.Parse("2006-01-02T15:04:05.000-0700", aws.ToString(fc.LastModified)); err == nil {
		f.LastModified = t.UTC()
	}
	if fc.Environment != nil {
		for name, value := range fc.Environment.Variables {
			f.Environment = append(f.Environment, inventory.EnvironmentVariable{Name: name, ValueShape: inventory.ValueShape(value)})
		}
		slices.SortFunc(f.Environment, func(a, b inventory.EnvironmentVariable) int { return cmp.Compare(a.Name, b.Name) })
	}
	return f
}

// collectFunction reads the function's resource policy and its function
// URLs. A function without a policy answers GetPolicy with
// ResourceNotFoundException: that is "no policy", not a failure.
func (s *scan) collectFunction(ctx context.Context, c *lambda.Client, f inventory.Function) {
	defer s.add(func(inv *inventory.Inventory) { inv.Lambda.Functions = append(inv.Lambda.Functions, f) })
	// The unqualified function's policy: aliases and versions have
	// policies of their own, which Lambda.1 does not judge either.
	out, err := c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(f.Name)})
	var notFound *lambdatypes.ResourceNotFoundException
	switch {
	case err == nil:
		f.Policy = aws.ToString(out.Policy)
	case !errors.As(err, &notFound):
		s.fail("lambda", f.Region, "GetPolicy", f.ARN, err)
	}
	p := lambda.NewListFunctionUrlConfigsPaginator(c, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(f.Name), MaxItems: aws.Int32(lambdaMaxItems)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.fail("lambda", f.Region, "ListFunctionUrlConfigs", f.ARN, err)
			f.URLs = nil
			return
		}
		for _, u := range page.FunctionUrlConfigs {
			f.URLs = append(f.URLs, inventory.FunctionURL{URL: aws.ToString(u.FunctionUrl), FunctionARN: aws.ToString(u.FunctionArn), AuthType: string(u.AuthType)})
		}
	}
}

// sortLambda orders the functions as sortInventory does the rest.
func sortLambda(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.Lambda.Functions, func(a, b inventory.Function) int { return byARN(a.Resource, b.Resource) })
}
