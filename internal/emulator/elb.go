package emulator

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// Both Elastic Load Balancing APIs sign requests as "elasticloadbalancing"
// and speak the Query protocol; only the Version parameter tells ELBv2
// (application, network and gateway load balancers) from the Classic API.
// The server names their calls elbv2 and elb.
const (
	elbv2Version = "2015-12-01"
	elbVersion   = "2012-06-01"
	elbv2XMLNS   = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"
	elbXMLNS     = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"
	// elbMaxPage is PageSize's upper bound in both APIs; without one they
	// answer 400 at a time.
	elbMaxPage = 400
)

// elbServiceOf names the API a request signed as elasticloadbalancing is
// for.
func elbServiceOf(form map[string][]string) string {
	if v := form["Version"]; len(v) > 0 && v[0] == elbVersion {
		return "elb"
	}
	return "elbv2"
}

// elbQuery is what the two APIs share: the envelope, errors, parameter
// checks and paging.
type elbQuery struct {
	s *Server
	queryAPI
}

func (x elbQuery) operation(r *request) (string, string) {
	op := r.Form.Get("Action")
	if _, ok := x.ops[op]; !ok {
		return "", ""
	}
	// Fault rules name a load balancer by its name, the ARN's second to
	// last field for ELBv2.
	if arn := r.Form.Get("LoadBalancerArn"); arn != "" {
		parts := strings.Split(arn, "/")
		if len(parts) >= 3 {
			return op, parts[len(parts)-2]
		}
		return op, arn
	}
	return op, r.Form.Get("LoadBalancerName")
}

func (elbQuery) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalFailure"
}

// page pages by Marker within PageSize's bounds, which ELB enforces.
func elbPage[T any](x elbQuery, w http.ResponseWriter, r *request, items []T) ([]T, string, bool) {
	n := elbMaxPage
	if v := r.Form.Get("PageSize"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < 1 || n > elbMaxPage {
			x.writeError(w, r, http.StatusBadRequest, "ValidationError",
				fmt.Sprintf("1 validation error detected: Value '%s' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and %d", v, elbMaxPage))
			return nil, "", false
		}
	}
	out, next, err := page(x.s, items, r.Form.Get("Marker"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "ValidationError", "Invalid marker: "+err.Error())
		return nil, "", false
	}
	return out, next, true
}

// elbv2Service serves application, network and gateway load balancers.
type elbv2Service struct{ elbQuery }

func newELBv2(s *Server) elbv2Service {
	return elbv2Service{elbQuery{s: s, queryAPI: queryAPI{version: elbv2Version, xmlns: elbv2XMLNS, badParameter: "ValidationError", ops: map[string][]string{
		"DescribeLoadBalancers":          {"Marker", "PageSize"},
		"DescribeListeners":              {"LoadBalancerArn", "Marker", "PageSize"},
		"DescribeLoadBalancerAttributes": {"LoadBalancerArn"},
	}}}}
}

func (x elbv2Service) serve(w http.ResponseWriter, r *request) {
	if !x.admit(x.s, w, r) {
		return
	}
	switch r.Op {
	case "DescribeLoadBalancers":
		x.describeLoadBalancers(w, r)
	case "DescribeListeners":
		x.describeListeners(w, r)
	case "DescribeLoadBalancerAttributes":
		x.describeAttributes(w, r)
	}
}

func (x elbv2Service) loadBalancers(region string) []*inventory.LoadBalancer {
	lbs := inRegion(x.s.acct.ELB.LoadBalancers, region, func(l *inventory.LoadBalancer) string { return l.Region })
	slices.SortFunc(lbs, func(a, b *inventory.LoadBalancer) int { return cmp.Compare(a.ARN, b.ARN) })
	return lbs
}

func (x elbv2Service) byARN(w http.ResponseWriter, r *request) *inventory.LoadBalancer {
	arn := r.Form.Get("LoadBalancerArn")
	if lb := x.s.lookup().loadBalancers.get(x.s.acct.ELB.LoadBalancers, func(l *inventory.LoadBalancer) (string, []string) {
		return l.Region, []string{l.ARN}
	}, r.Region, arn); lb != nil {
		return lb
	}
	x.writeError(w, r, http.StatusBadRequest, "LoadBalancerNotFound", fmt.Sprintf("Load balancers '[%s]' not found", arn))
	return nil
}

type lbXML struct {
	ARN       string `xml:"LoadBalancerArn"`
	DNSName   string `xml:"DNSName"`
	Zone      string `xml:"CanonicalHostedZoneId"`
	Created   string `xml:"CreatedTime,omitempty"`
	Name      string `xml:"LoadBalancerName"`
	Scheme    string `xml:"Scheme"`
	VPCID     string `xml:"VpcId,omitempty"`
	State     string `xml:"State>Code"`
	Type      string `xml:"Type"`
	IPAddress string `xml:"IpAddressType"`
}

func (x elbv2Service) describeLoadBalancers(w http.ResponseWriter, r *request) {
	lbs, next, ok := elbPage(x.elbQuery, w, r, x.loadBalancers(r.Region))
	if !ok {
		return
	}
	type result struct {
		XMLName       xml.Name `xml:"DescribeLoadBalancersResult"`
		LoadBalancers struct {
			Member []lbXML `xml:"member"`
		} `xml:"LoadBalancers"`
		NextMarker string `xml:"NextMarker,omitempty"`
	}
	out := result{NextMarker: next}
	for _, lb := range lbs {
		created := ""
		if !lb.CreatedAt.IsZero() {
			created = isoTime(lb.CreatedAt)
		}
		out.LoadBalancers.Member = append(out.LoadBalancers.Member, lbXML{
			ARN: lb.ARN, DNSName: cmp.Or(lb.DNSName, lb.Name+"-"+lb.ID+".elb."+lb.Region+".amazonaws.com"), Zone: "Z35SXDOTRQ7X7K",
			Created: created, Name: lb.Name, Scheme: lb.Scheme, VPCID: lb.VPCID, State: "active", Type: lb.Type, IPAddress: "ipv4",
		})
	}
	x.write(w, r.Op, out)
}

type actionXML struct {
	Type           string `xml:"Type"`
	Order          int    `xml:"Order"`
	TargetGroupARN string `xml:"TargetGroupArn,omitempty"`
	Redirect       *struct {
		Protocol   string `xml:"Protocol"`
		Port       string `xml:"Port"`
		Host       string `xml:"Host"`
		Path       string `xml:"Path"`
		Query      string `xml:"Query"`
		StatusCode string `xml:"StatusCode"`
	} `xml:"RedirectConfig,omitempty"`
	Fixed *struct {
		StatusCode  string `xml:"StatusCode"`
		ContentType string `xml:"ContentType"`
	} `xml:"FixedResponseConfig,omitempty"`
}

type certXML struct {
	ARN string `xml:"CertificateArn"`
}

type listenerXML struct {
	ARN          string      `xml:"ListenerArn"`
	LBARN        string      `xml:"LoadBalancerArn"`
	Port         int32       `xml:"Port"`
	Protocol     string      `xml:"Protocol"`
	Certificates []certXML   `xml:"Certificates>member"`
	SSLPolicy    string      `xml:"SslPolicy,omitempty"`
	Actions      []actionXML `xml:"DefaultActions>member"`
}

func (x elbv2Service) describeListeners(w http.ResponseWriter, r *request) {
	lb := x.byARN(w, r)
	if lb == nil {
		return
	}
	ls, next, ok := elbPage(x.elbQuery, w, r, lb.Listeners)
	if !ok {
		return
	}
	type result struct {
		XMLName   xml.Name `xml:"DescribeListenersResult"`
		Listeners struct {
			Member []listenerXML `xml:"member"`
		} `xml:"Listeners"`
		NextMarker string `xml:"NextMarker,omitempty"`
	}
	out := result{NextMarker: next}
	for _, l := range ls {
		lx := listenerXML{ARN: l.ARN, LBARN: lb.ARN, Port: l.Port, Protocol: l.Protocol, SSLPolicy: l.SSLPolicy}
		for _, c := range l.Certificates {
			lx.Certificates = append(lx.Certificates, certXML{c})
		}
		for i, a := range l.DefaultActions {
			ax := actionXML{Type: a.Type, Order: i + 1, TargetGroupARN: a.TargetGroupARN}
			switch a.Type {
			case "redirect":
				ax.Redirect = &struct {
					Protocol   string `xml:"Protocol"`
					Port       string `xml:"Port"`
					Host       string `xml:"Host"`
					Path       string `xml:"Path"`
					Query      string `xml:"Query"`
					StatusCode string `xml:"StatusCode"`
				}{cmp.Or(a.RedirectProtocol, "#{protocol}"), cmp.Or(a.RedirectPort, "#{port}"), "#{host}", "/#{path}", "#{query}", cmp.Or(a.StatusCode, "HTTP_301")}
			case "fixed-response":
				ax.Fixed = &struct {
					StatusCode  string `xml:"StatusCode"`
					ContentType string `xml:"ContentType"`
				}{cmp.Or(a.StatusCode, "404"), "text/plain"}
			}
			lx.Actions = append(lx.Actions, ax)
		}
		out.Listeners.Member = append(out.Listeners.Member, lx)
	}
	x.write(w, r.Op, out)
}

// elbv2DefaultAttributes are the attributes AWS gives a new load balancer
// of each type, with its defaults; the account's own override them.
var elbv2DefaultAttributes = map[string]map[string]string{
	inventory.ApplicationLB: {
		"access_logs.s3.enabled": "false", "access_logs.s3.bucket": "", "access_logs.s3.prefix": "",
		"deletion_protection.enabled": "false", "idle_timeout.timeout_seconds": "60",
		"routing.http.desync_mitigation_mode": "defensive", "routing.http.drop_invalid_header_fields.enabled": "false",
		"routing.http2.enabled": "true", "waf.fail_open.enabled": "false",
	},
	inventory.NetworkLB: {
		"access_logs.s3.enabled": "false", "access_logs.s3.bucket": "", "access_logs.s3.prefix": "",
		"deletion_protection.enabled": "false", "load_balancing.cross_zone.enabled": "false",
	},
	inventory.GatewayLB: {
		"deletion_protection.enabled": "false", "load_balancing.cross_zone.enabled": "false",
	},
}

func (x elbv2Service) describeAttributes(w http.ResponseWriter, r *request) {
	lb := x.byARN(w, r)
	if lb == nil {
		return
	}
	attrs := maps.Clone(elbv2DefaultAttributes[lb.Type])
	maps.Copy(attrs, lb.Attributes)
	type attr struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	}
	type result struct {
		XMLName    xml.Name `xml:"DescribeLoadBalancerAttributesResult"`
		Attributes struct {
			Member []attr `xml:"member"`
		} `xml:"Attributes"`
	}
	var out result
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		out.Attributes.Member = append(out.Attributes.Member, attr{k, attrs[k]})
	}
	x.write(w, r.Op, out)
}

// elbService serves Classic Load Balancers.
type elbService struct{ elbQuery }

func newELB(s *Server) elbService {
	return elbService{elbQuery{s: s, queryAPI: queryAPI{version: elbVersion, xmlns: elbXMLNS, badParameter: "ValidationError", ops: map[string][]string{
		"DescribeLoadBalancers":          {"Marker", "PageSize"},
		"DescribeLoadBalancerAttributes": {"LoadBalancerName"},
		"DescribeLoadBalancerPolicies":   {"LoadBalancerName"},
	}}}}
}

func (x elbService) serve(w http.ResponseWriter, r *request) {
	if !x.admit(x.s, w, r) {
		return
	}
	switch r.Op {
	case "DescribeLoadBalancers":
		x.describeLoadBalancers(w, r)
	case "DescribeLoadBalancerAttributes":
		x.describeAttributes(w, r)
	case "DescribeLoadBalancerPolicies":
		x.describePolicies(w, r)
	}
}

func (x elbService) loadBalancers(region string) []*inventory.ClassicLoadBalancer {
	lbs := inRegion(x.s.acct.ELB.Classic, region, func(l *inventory.ClassicLoadBalancer) string { return l.Region })
	slices.SortFunc(lbs, func(a, b *inventory.ClassicLoadBalancer) int { return cmp.Compare(a.Name, b.Name) })
	return lbs
}

func (x elbService) byName(w http.ResponseWriter, r *request) *inventory.ClassicLoadBalancer {
	name := r.Form.Get("LoadBalancerName")
	if lb := x.s.lookup().classic.get(x.s.acct.ELB.Classic, func(l *inventory.ClassicLoadBalancer) (string, []string) {
		return l.Region, []string{l.Name}
	}, r.Region, name); lb != nil {
		return lb
	}
	x.writeError(w, r, http.StatusBadRequest, "LoadBalancerNotFound", fmt.Sprintf("There is no ACTIVE Load Balancer named '%s'", name))
	return nil
}

type classicListenerXML struct {
	Listener struct {
		Protocol         string `xml:"Protocol"`
		Port             int32  `xml:"LoadBalancerPort"`
		InstanceProtocol string `xml:"InstanceProtocol"`
		InstancePort     int32  `xml:"InstancePort"`
		SSLCertificateID string `xml:"SSLCertificateId,omitempty"`
	} `xml:"Listener"`
	PolicyNames []string `xml:"PolicyNames>member"`
}

type classicLBXML struct {
	Name      string               `xml:"LoadBalancerName"`
	DNSName   string               `xml:"DNSName"`
	Listeners []classicListenerXML `xml:"ListenerDescriptions>member"`
	Other     []string             `xml:"Policies>OtherPolicies>member"`
	VPCID     string               `xml:"VPCId,omitempty"`
	Created   string               `xml:"CreatedTime,omitempty"`
	Scheme    string               `xml:"Scheme"`
}

func (x elbService) describeLoadBalancers(w http.ResponseWriter, r *request) {
	lbs, next, ok := elbPage(x.elbQuery, w, r, x.loadBalancers(r.Region))
	if !ok {
		return
	}
	type result struct {
		XMLName xml.Name `xml:"DescribeLoadBalancersResult"`
		LBs     struct {
			Member []classicLBXML `xml:"member"`
		} `xml:"LoadBalancerDescriptions"`
		NextMarker string `xml:"NextMarker,omitempty"`
	}
	out := result{NextMarker: next}
	for _, lb := range lbs {
		lx := classicLBXML{Name: lb.Name, DNSName: cmp.Or(lb.DNSName, lb.Name+"-1234567890."+lb.Region+".elb.amazonaws.com"), VPCID: lb.VPCID, Scheme: lb.Scheme}
		if !lb.CreatedAt.IsZero() {
			lx.Created = isoTime(lb.CreatedAt)
		}
		for _, l := range lb.Listeners {
			var ld classicListenerXML
			ld.Listener.Protocol, ld.Listener.Port = l.Protocol, l.Port
			ld.Listener.InstanceProtocol, ld.Listener.InstancePort = l.InstanceProtocol, l.InstancePort
			ld.Listener.SSLCertificateID = l.SSLCertificateID
			ld.PolicyNames = l.PolicyNames
			lx.Listeners = append(lx.Listeners, ld)
		}
		for _, p := range lb.Policies {
			lx.Other = append(lx.Other, p.Name)
		}
		out.LBs.Member = append(out.LBs.Member, lx)
	}
	x.write(w, r.Op, out)
}

func (x elbService) describeAttributes(w http.ResponseWriter, r *request) {
	lb := x.byName(w, r)
	if lb == nil {
		return
	}
	type result struct {
		XMLName xml.Name `xml:"DescribeLoadBalancerAttributesResult"`
		Attrs   struct {
			CrossZone struct {
				Enabled bool `xml:"Enabled"`
			} `xml:"CrossZoneLoadBalancing"`
			AccessLog struct {
				Enabled  bool   `xml:"Enabled"`
				Bucket   string `xml:"S3BucketName,omitempty"`
				Interval int    `xml:"EmitInterval,omitempty"`
			} `xml:"AccessLog"`
			Draining struct {
				Enabled bool `xml:"Enabled"`
				Timeout int  `xml:"Timeout"`
			} `xml:"ConnectionDraining"`
			IdleTimeout int `xml:"ConnectionSettings>IdleTimeout"`
		} `xml:"LoadBalancerAttributes"`
	}
	var out result
	out.Attrs.AccessLog.Enabled, out.Attrs.AccessLog.Bucket = lb.AccessLog, lb.AccessLogBucket
	if lb.AccessLog {
		out.Attrs.AccessLog.Interval = 60
	}
	out.Attrs.Draining.Timeout, out.Attrs.IdleTimeout = 300, 60
	x.write(w, r.Op, out)
}

// describePolicies answers as ELB does for one load balancer: its own
// policies, an SSL negotiation policy with every attribute, of which the
// emulator writes the reference policy and the protocols.
func (x elbService) describePolicies(w http.ResponseWriter, r *request) {
	lb := x.byName(w, r)
	if lb == nil {
		return
	}
	type attr struct {
		Name  string `xml:"AttributeName"`
		Value string `xml:"AttributeValue"`
	}
	type policy struct {
		Name  string `xml:"PolicyName"`
		Type  string `xml:"PolicyTypeName"`
		Attrs []attr `xml:"PolicyAttributeDescriptions>member"`
	}
	type result struct {
		XMLName  xml.Name `xml:"DescribeLoadBalancerPoliciesResult"`
		Policies struct {
			Member []policy `xml:"member"`
		} `xml:"PolicyDescriptions"`
	}
	var out result
	for _, p := range lb.Policies {
		px := policy{Name: p.Name, Type: p.Type}
		if p.Type == inventory.SSLNegotiationPolicyType {
			if p.ReferencePolicy != "" {
				px.Attrs = append(px.Attrs, attr{"Reference-Security-Policy", p.ReferencePolicy})
			}
			for _, proto := range []string{"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"} {
				px.Attrs = append(px.Attrs, attr{"Protocol-" + proto, strconv.FormatBool(slices.Contains(p.Protocols, proto))})
			}
			px.Attrs = append(px.Attrs, attr{"Server-Defined-Cipher-Order", "true"}, attr{"ECDHE-RSA-AES128-GCM-SHA256", "true"})
		}
		out.Policies.Member = append(out.Policies.Member, px)
	}
	x.write(w, r.Op, out)
}
