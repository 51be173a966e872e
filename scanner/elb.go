package scanner

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/srmscan/srmscan/inventory"
)

// elbMaxPage is the largest PageSize both load balancer APIs accept; they
// default to it too, but saying so keeps the call count independent of a
// default that could change.
const elbMaxPage = 400

// collectELBv2 lists a region's application, network and gateway load
// balancers and reads each one's listeners and attributes in a job of its
// own.
func (s *scan) collectELBv2(ctx context.Context, region string) {
	c := s.clients.ELBv2(region)
	p := elbv2.NewDescribeLoadBalancersPaginator(c, &elbv2.DescribeLoadBalancersInput{PageSize: aws.Int32(elbMaxPage)})
	allPages(ctx, s, "elbv2", region, "DescribeLoadBalancers", p, func(page *elbv2.DescribeLoadBalancersOutput) {
		for _, l := range page.LoadBalancers {
			arn := aws.ToString(l.LoadBalancerArn)
			lb := inventory.LoadBalancer{
				Resource:  inventory.Resource{ARN: arn, AccountID: s.account(), Region: region},
				Name:      aws.ToString(l.LoadBalancerName),
				ID:        arn[strings.LastIndex(arn, "/")+1:],
				Type:      string(l.Type),
				Scheme:    string(l.Scheme),
				DNSName:   aws.ToString(l.DNSName),
				VPCID:     aws.ToString(l.VpcId),
				Listeners: []inventory.Listener{},
			}
			if l.CreatedTime != nil {
				lb.CreatedAt = utc(l.CreatedTime)
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectLoadBalancer(ctx, c, lb) })
		}
	})
}

// collectLoadBalancer reads a load balancer's listeners and attributes; a
// failed read leaves its part empty and names the load balancer.
func (s *scan) collectLoadBalancer(ctx context.Context, c *elbv2.Client, lb inventory.LoadBalancer) {
	defer s.add(func(inv *inventory.Inventory) { inv.ELB.LoadBalancers = append(inv.ELB.LoadBalancers, lb) })
	p := elbv2.NewDescribeListenersPaginator(c, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN), PageSize: aws.Int32(elbMaxPage)})
	resourcePages(ctx, s, "elbv2", lb.Region, "DescribeListeners", lb.ARN, p, func(page *elbv2.DescribeListenersOutput) {
		for _, l := range page.Listeners {
			lb.Listeners = append(lb.Listeners, listenerOf(l))
		}
	})
	slices.SortFunc(lb.Listeners, func(a, b inventory.Listener) int {
		return cmp.Or(cmp.Compare(a.Port, b.Port), cmp.Compare(a.ARN, b.ARN))
	})

	out, err := c.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(lb.ARN)})
	if err != nil {
		s.fail("elbv2", lb.Region, "DescribeLoadBalancerAttributes", lb.ARN, err)
		return
	}
	lb.Attributes = map[string]string{}
	for _, a := range out.Attributes {
		lb.Attributes[aws.ToString(a.Key)] = aws.ToString(a.Value)
	}
}

func listenerOf(l elbv2types.Listener) inventory.Listener {
	arn := aws.ToString(l.ListenerArn)
	out := inventory.Listener{
		ARN: arn, ID: arn[strings.LastIndex(arn, "/")+1:],
		Protocol: string(l.Protocol), Port: aws.ToInt32(l.Port), SSLPolicy: aws.ToString(l.SslPolicy),
		DefaultActions: []inventory.ListenerAction{},
	}
	for _, c := range l.Certificates {
		out.Certificates = append(out.Certificates, aws.ToString(c.CertificateArn))
	}
	acts := slices.Clone(l.DefaultActions)
	slices.SortStableFunc(acts, func(a, b elbv2types.Action) int { return cmp.Compare(aws.ToInt32(a.Order), aws.ToInt32(b.Order)) })
	for _, a := range acts {
		act := inventory.ListenerAction{Type: string(a.Type), TargetGroupARN: aws.ToString(a.TargetGroupArn)}
		if r := a.RedirectConfig; r != nil {
			act.RedirectProtocol, act.RedirectPort, act.StatusCode = aws.ToString(r.Protocol), aws.ToString(r.Port), string(r.StatusCode)
		}
		if f := a.FixedResponseConfig; f != nil {
			act.StatusCode = aws.ToString(f.StatusCode)
		}
		// A forward to one target group may name it in ForwardConfig only.
		if act.TargetGroupARN == "" && a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) == 1 {
			act.TargetGroupARN = aws.ToString(a.ForwardConfig.TargetGroups[0].TargetGroupArn)
		}
		out.DefaultActions = append(out.DefaultActions, act)
	}
	return out
}

// collectClassicELB lists a region's Classic Load Balancers and reads each
// one's attributes, and the policies of those with an HTTPS or SSL
// listener, in a job of its own.
func (s *scan) collectClassicELB(ctx context.Context, region string) {
	c := s.clients.ELB(region)
	p := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(elbMaxPage)})
	allPages(ctx, s, "elb", region, "DescribeLoadBalancers", p, func(page *elb.DescribeLoadBalancersOutput) {
		for _, d := range page.LoadBalancerDescriptions {
			name := aws.ToString(d.LoadBalancerName)
			lb := inventory.ClassicLoadBalancer{
				Resource:  inventory.Resource{ARN: inventory.ClassicLoadBalancerARN(s.partition(), region, s.account(), name), AccountID: s.account(), Region: region},
				Name:      name,
				Scheme:    aws.ToString(d.Scheme),
				DNSName:   aws.ToString(d.DNSName),
				VPCID:     aws.ToString(d.VPCId),
				Listeners: []inventory.ClassicListener{},
			}
			if d.CreatedTime != nil {
				lb.CreatedAt = utc(d.CreatedTime)
			}
			for _, ld := range d.ListenerDescriptions {
				l := ld.Listener
				if l == nil {
					continue
				}
				lb.Listeners = append(lb.Listeners, inventory.ClassicListener{
					Protocol: strings.ToUpper(aws.ToString(l.Protocol)), Port: l.LoadBalancerPort,
					InstanceProtocol: strings.ToUpper(aws.ToString(l.InstanceProtocol)), InstancePort: aws.ToInt32(l.InstancePort),
					SSLCertificateID: aws.ToString(l.SSLCertificateId), PolicyNames: ld.PolicyNames,
				})
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectClassicLoadBalancer(ctx, c, lb) })
		}
	})
}

func (s *scan) collectClassicLoadBalancer(ctx context.Context, c *elb.Client, lb inventory.ClassicLoadBalancer) {
	defer s.add(func(inv *inventory.Inventory) { inv.ELB.Classic = append(inv.ELB.Classic, lb) })
	out, err := c.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerName: aws.String(lb.Name)})
	if err != nil {
		s.fail("elb", lb.Region, "DescribeLoadBalancerAttributes", lb.ARN, err)
	} else if a := out.LoadBalancerAttributes; a != nil && a.AccessLog != nil {
		lb.AccessLog = a.AccessLog.Enabled
		if lb.AccessLog {
			lb.AccessLogBucket = aws.ToString(a.AccessLog.S3BucketName)
		}
	}
	if !slices.ContainsFunc(lb.Listeners, func(l inventory.ClassicListener) bool { return l.Protocol == "HTTPS" || l.Protocol == "SSL" }) {
		return
	}
	pol, err := c.DescribeLoadBalancerPolicies(ctx, &elb.DescribeLoadBalancerPoliciesInput{LoadBalancerName: aws.String(lb.Name)})
	if err != nil {
		s.fail("elb", lb.Region, "DescribeLoadBalancerPolicies", lb.ARN, err)
		return
	}
	for _, d := range pol.PolicyDescriptions {
		p := inventory.ClassicPolicy{Name: aws.ToString(d.PolicyName), Type: aws.ToString(d.PolicyTypeName)}
		for _, a := range d.PolicyAttributeDescriptions {
			name, value := aws.ToString(a.AttributeName), aws.ToString(a.AttributeValue)
			if name == "Reference-Security-Policy" {
				p.ReferencePolicy = value
			} else if proto, ok := strings.CutPrefix(name, "Protocol-"); ok && value == "true" {
				p.Protocols = append(p.Protocols, proto)
			}
		}
		lb.Policies = append(lb.Policies, p)
	}
}

// sortELB orders the load balancer lists as sortInventory does the rest.
func sortELB(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.ELB.LoadBalancers, func(a, b inventory.LoadBalancer) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.ELB.Classic, func(a, b inventory.ClassicLoadBalancer) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.ACM.Certificates, func(a, b inventory.Certificate) int { return byARN(a.Resource, b.Resource) })
}
