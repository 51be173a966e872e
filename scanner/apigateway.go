package scanner

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/srmscan/srmscan/inventory"
)

// restLimit is the largest page GetRestApis and GetResources give (their
// default is 25).
const restLimit = 500

// collectAPIGateway reads a region's REST APIs and HTTP APIs. Both APIs
// sign as apigateway; their errors name them apigateway and apigatewayv2.
func (s *scan) collectAPIGateway(ctx context.Context, region string) {
	s.spawn(ctx, func(ctx context.Context) { s.collectHTTPAPIs(ctx, region) })
	c := s.clients.APIGateway(region)
	p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{Limit: aws.Int32(restLimit)})
	allPages(ctx, s, "apigateway", region, "GetRestApis", p, func(page *apigateway.GetRestApisOutput) {
		for _, x := range page.Items {
			id := aws.ToString(x.Id)
			api := inventory.RestAPI{
				Resource: inventory.Resource{ARN: inventory.RestAPIARN(s.partition(), region, id), AccountID: s.account(), Region: region},
				ID:       id,
				Name:     aws.ToString(x.Name),
			}
			if e := x.EndpointConfiguration; e != nil {
				for _, t := range e.Types {
					api.EndpointTypes = append(api.EndpointTypes, string(t))
				}
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectRestStages(ctx, c, api) })
			s.spawn(ctx, func(ctx context.Context) { s.collectRestMethods(ctx, c, api) })
		}
	})
}

// collectRestMethods reads every resource of an API with its methods
// embedded: one paged GetResources instead of a GetMethod per method.
func (s *scan) collectRestMethods(ctx context.Context, c *apigateway.Client, api inventory.RestAPI) {
	defer s.add(func(inv *inventory.Inventory) { inv.APIGateway.RestAPIs = append(inv.APIGateway.RestAPIs, api) })
	p := apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: aws.String(api.ID), Embed: []string{"methods"}, Limit: aws.Int32(restLimit)})
	methods := []inventory.RestMethod{}
	ok := resourcePages(ctx, s, "apigateway", api.Region, "GetResources", api.ARN, p, func(page *apigateway.GetResourcesOutput) {
		for _, r := range page.Items {
			for verb, m := range r.ResourceMethods {
				methods = append(methods, inventory.RestMethod{
					Path:              aws.ToString(r.Path),
					HTTPMethod:        strings.ToUpper(cmp.Or(aws.ToString(m.HttpMethod), verb)),
					AuthorizationType: aws.ToString(m.AuthorizationType),
					APIKeyRequired:    aws.ToBool(m.ApiKeyRequired),
				})
			}
		}
	})
	if ok {
		slices.SortFunc(methods, func(a, b inventory.RestMethod) int {
			return strings.Compare(a.Path+" "+a.HTTPMethod, b.Path+" "+b.HTTPMethod)
		})
		api.Methods = methods
	}
}

func (s *scan) collectRestStages(ctx context.Context, c *apigateway.Client, api inventory.RestAPI) {
	out, err := c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(api.ID)})
	if err != nil {
		s.fail("apigateway", api.Region, "GetStages", api.ARN, err)
		return
	}
	var stages []inventory.RestStage
	for _, x := range out.Item {
		name := aws.ToString(x.StageName)
		st := inventory.RestStage{
			Resource:            inventory.Resource{ARN: inventory.RestStageARN(s.partition(), api.Region, api.ID, name), AccountID: s.account(), Region: api.Region},
			APIID:               api.ID,
			Name:                name,
			WebACLARN:           aws.ToString(x.WebAclArn),
			TracingEnabled:      x.TracingEnabled,
			CacheClusterEnabled: x.CacheClusterEnabled,
		}
		if l := x.AccessLogSettings; l != nil {
			st.AccessLogDestination = aws.ToString(l.DestinationArn)
		}
		if len(x.MethodSettings) > 0 {
			st.MethodSettings = map[string]inventory.MethodSetting{}
			for k, m := range x.MethodSettings {
				st.MethodSettings[k] = inventory.MethodSetting{LoggingLevel: aws.ToString(m.LoggingLevel), CachingEnabled: m.CachingEnabled, CacheDataEncrypted: m.CacheDataEncrypted}
			}
		}
		stages = append(stages, st)
	}
	s.add(func(inv *inventory.Inventory) {
		inv.APIGateway.RestStages = append(inv.APIGateway.RestStages, stages...)
	})
}

// v2Pager pages an API Gateway v2 listing, which the SDK gives no
// paginator for: each call takes and returns a NextToken.
type v2Pager[O any] struct {
	call  func(ctx context.Context, token *string, opts ...func(*apigatewayv2.Options)) (O, *string, error)
	token *string
	done  bool
}

func (p *v2Pager[O]) HasMorePages() bool { return !p.done }

func (p *v2Pager[O]) NextPage(ctx context.Context, opts ...func(*apigatewayv2.Options)) (O, error) {
	out, next, err := p.call(ctx, p.token, opts...)
	if err != nil {
		var zero O
		return zero, err
	}
	p.token = next
	p.done = aws.ToString(next) == ""
	return out, nil
}

// collectHTTPAPIs reads a region's HTTP APIs (GetApis lists WebSocket APIs
// too; they are skipped), each one's stages and routes. No page size is
// sent: AWS documents neither a default nor a largest one for these.
func (s *scan) collectHTTPAPIs(ctx context.Context, region string) {
	c := s.clients.APIGatewayV2(region)
	p := &v2Pager[*apigatewayv2.GetApisOutput]{call: func(ctx context.Context, token *string, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.GetApisOutput, *string, error) {
		out, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return out, out.NextToken, nil
	}}
	allPages(ctx, s, "apigatewayv2", region, "GetApis", p, func(page *apigatewayv2.GetApisOutput) {
		for _, x := range page.Items {
			if x.ProtocolType != "HTTP" {
				continue
			}
			id := aws.ToString(x.ApiId)
			api := inventory.HTTPAPI{
				Resource:                  inventory.Resource{ARN: inventory.HTTPAPIARN(s.partition(), region, id), AccountID: s.account(), Region: region},
				ID:                        id,
				Name:                      aws.ToString(x.Name),
				DisableExecuteAPIEndpoint: aws.ToBool(x.DisableExecuteApiEndpoint),
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectHTTPStages(ctx, c, api) })
			s.spawn(ctx, func(ctx context.Context) { s.collectHTTPRoutes(ctx, c, api) })
		}
	})
}

func (s *scan) collectHTTPStages(ctx context.Context, c *apigatewayv2.Client, api inventory.HTTPAPI) {
	p := &v2Pager[*apigatewayv2.GetStagesOutput]{call: func(ctx context.Context, token *string, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStagesOutput, *string, error) {
		out, err := c.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: aws.String(api.ID), NextToken: token}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return out, out.NextToken, nil
	}}
	var stages []inventory.HTTPStage
	resourcePages(ctx, s, "apigatewayv2", api.Region, "GetStages", api.ARN, p, func(page *apigatewayv2.GetStagesOutput) {
		for _, x := range page.Items {
			name := aws.ToString(x.StageName)
			st := inventory.HTTPStage{
				Resource: inventory.Resource{ARN: inventory.HTTPStageARN(s.partition(), api.Region, api.ID, name), AccountID: s.account(), Region: api.Region},
				APIID:    api.ID,
				Name:     name,
			}
			if l := x.AccessLogSettings; l != nil {
				st.AccessLogDestination = aws.ToString(l.DestinationArn)
			}
			stages = append(stages, st)
		}
	})
	s.add(func(inv *inventory.Inventory) {
		inv.APIGateway.HTTPStages = append(inv.APIGateway.HTTPStages, stages...)
	})
}

func (s *scan) collectHTTPRoutes(ctx context.Context, c *apigatewayv2.Client, api inventory.HTTPAPI) {
	defer s.add(func(inv *inventory.Inventory) { inv.APIGateway.HTTPAPIs = append(inv.APIGateway.HTTPAPIs, api) })
	p := &v2Pager[*apigatewayv2.GetRoutesOutput]{call: func(ctx context.Context, token *string, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.GetRoutesOutput, *string, error) {
		out, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(api.ID), NextToken: token}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return out, out.NextToken, nil
	}}
	routes := []inventory.HTTPRoute{}
	ok := resourcePages(ctx, s, "apigatewayv2", api.Region, "GetRoutes", api.ARN, p, func(page *apigatewayv2.GetRoutesOutput) {
		for _, x := range page.Items {
			routes = append(routes, inventory.HTTPRoute{RouteKey: aws.ToString(x.RouteKey), AuthorizationType: string(x.AuthorizationType)})
		}
	})
	if ok {
		slices.SortFunc(routes, func(a, b inventory.HTTPRoute) int { return strings.Compare(a.RouteKey, b.RouteKey) })
		api.Routes = routes
	}
}

// sortAPIGateway orders the API Gateway lists as sortInventory does the
// rest.
func sortAPIGateway(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	g := &inv.APIGateway
	slices.SortFunc(g.RestAPIs, func(a, b inventory.RestAPI) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(g.RestStages, func(a, b inventory.RestStage) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(g.HTTPAPIs, func(a, b inventory.HTTPAPI) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(g.HTTPStages, func(a, b inventory.HTTPStage) int { return byARN(a.Resource, b.Resource) })
}
