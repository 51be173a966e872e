package inventory

import (
	"fmt"
	"time"
)

// ELB holds the load balancers of every scanned region: application,
// network and gateway load balancers (the ELBv2 API) and Classic Load
// Balancers (the original API), which differ in everything the checks read.
type ELB struct {
	LoadBalancers []LoadBalancer        `json:"load_balancers"`
	Classic       []ClassicLoadBalancer `json:"classic_load_balancers"`
}

// Load balancer types, as ELBv2 names them.
const (
	ApplicationLB = "application"
	NetworkLB     = "network"
	GatewayLB     = "gateway"
)

// InternetFacing is the scheme of a load balancer with public addresses;
// the other is "internal".
const InternetFacing = "internet-facing"

// LoadBalancer is an application, network or gateway load balancer.
// Listeners come from DescribeListeners and Attributes from
// DescribeLoadBalancerAttributes; when either failed it is empty and the
// failure names the load balancer.
type LoadBalancer struct {
	Resource
	Name string `json:"name"`
	// ID is the last field of the ARN, which AWS makes up at creation.
	ID        string     `json:"id"`
	Type      string     `json:"type"`
	Scheme    string     `json:"scheme"`
	DNSName   string     `json:"dns_name,omitempty"`
	VPCID     string     `json:"vpc_id,omitempty"`
	CreatedAt time.Time  `json:"created_at,omitzero"`
	Listeners []Listener `json:"listeners"`
	// Attributes are the load balancer's settings as ELBv2 gives them
	// ("access_logs.s3.enabled": "true"), kept whole: which keys exist
	// depends on the type.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Listener is one port an ELBv2 load balancer listens on.
type Listener struct {
	ARN      string `json:"arn"`
	ID       string `json:"id,omitempty"`
	Protocol string `json:"protocol"` // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE
	Port     int32  `json:"port"`
	// SSLPolicy is the security policy of an HTTPS or TLS listener.
	SSLPolicy      string           `json:"ssl_policy,omitempty"`
	Certificates   []string         `json:"certificates,omitempty"`
	DefaultActions []ListenerAction `json:"default_actions"`
}

// ListenerAction is a listener's default action. RedirectProtocol is set
// for redirects: "HTTPS", "HTTP" or "#{protocol}" (keep the request's).
type ListenerAction struct {
	Type             string `json:"type"` // forward, redirect, fixed-response, authenticate-oidc, authenticate-cognito
	TargetGroupARN   string `json:"target_group_arn,omitempty"`
	RedirectProtocol string `json:"redirect_protocol,omitempty"`
	RedirectPort     string `json:"redirect_port,omitempty"`
	StatusCode       string `json:"status_code,omitempty"`
}

// ClassicLoadBalancer is a Classic Load Balancer. Its access log setting
// comes from DescribeLoadBalancerAttributes and its policies from
// DescribeLoadBalancerPolicies, read only when it has an HTTPS or SSL
// listener (only those negotiate TLS).
type ClassicLoadBalancer struct {
	Resource
	Name      string            `json:"name"`
	Scheme    string            `json:"scheme"`
	DNSName   string            `json:"dns_name,omitempty"`
	VPCID     string            `json:"vpc_id,omitempty"`
	CreatedAt time.Time         `json:"created_at,omitzero"`
	Listeners []ClassicListener `json:"listeners"`
	AccessLog bool              `json:"access_log"`
	// AccessLogBucket is where access logs go when AccessLog is on.
	AccessLogBucket string          `json:"access_log_bucket,omitempty"`
	Policies        []ClassicPolicy `json:"policies,omitempty"`
}

// ClassicListener is one front-end port of a Classic Load Balancer.
type ClassicListener struct {
	Protocol         string `json:"protocol"` // HTTP, HTTPS, TCP, SSL
	Port             int32  `json:"port"`
	InstanceProtocol string `json:"instance_protocol"`
	InstancePort     int32  `json:"instance_port"`
	// SSLCertificateID is an ACM or IAM server certificate ARN.
	SSLCertificateID string   `json:"ssl_certificate_id,omitempty"`
	PolicyNames      []string `json:"policy_names,omitempty"`
}

// ClassicPolicy is a policy of a Classic Load Balancer. For an SSL
// negotiation policy, ReferencePolicy names the predefined policy it was
// made from and Protocols lists the protocols it turns on ("TLSv1.2");
// a custom policy has no reference.
type ClassicPolicy struct {
	Name            string   `json:"name"`
	Type            string   `json:"type"`
	ReferencePolicy string   `json:"reference_policy,omitempty"`
	Protocols       []string `json:"protocols,omitempty"`
}

// SSLNegotiationPolicyType is the type of a Classic Load Balancer's TLS
// settings policy.
const SSLNegotiationPolicyType = "SSLNegotiationPolicyType"

// LoadBalancerARN builds an ELBv2 load balancer's ARN: "app/", "net/" or
// "gwy/" by type, then name and ID.
func LoadBalancerARN(partition, region, account, lbType, name, id string) string {
	return fmt.Sprintf("arn:%s:elasticloadbalancing:%s:%s:loadbalancer/%s/%s/%s", orAWS(partition), region, account, lbTypePrefix(lbType), name, id)
}

// ListenerARN builds an ELBv2 listener's ARN.
func ListenerARN(partition, region, account, lbType, name, lbID, id string) string {
	return fmt.Sprintf("arn:%s:elasticloadbalancing:%s:%s:listener/%s/%s/%s/%s", orAWS(partition), region, account, lbTypePrefix(lbType), name, lbID, id)
}

// ClassicLoadBalancerARN builds a Classic Load Balancer's ARN, which the
// API never gives: it names them by name alone.
func ClassicLoadBalancerARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:elasticloadbalancing:%s:%s:loadbalancer/%s", orAWS(partition), region, account, name)
}

func lbTypePrefix(lbType string) string {
	switch lbType {
	case NetworkLB:
		return "net"
	case GatewayLB:
		return "gwy"
	}
	return "app"
}

// normalizeELB fills the ARNs and accounts of load balancers and their
// listeners. A hand-written listener without an ID gets one from its port.
func (inv *Inventory) normalizeELB(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.ELB.LoadBalancers {
		x := &inv.ELB.LoadBalancers[i]
		if x.Type == "" {
			x.Type = ApplicationLB
		}
		fill(&x.Resource, LoadBalancerARN(p, x.Region, acct, x.Type, x.Name, x.ID))
		for j := range x.Listeners {
			l := &x.Listeners[j]
			if l.ID == "" {
				l.ID = fmt.Sprintf("%016x", 0x5ca1ab1e0000+int64(l.Port))
			}
			if l.ARN == "" {
				l.ARN = ListenerARN(p, x.Region, x.AccountID, x.Type, x.Name, x.ID, l.ID)
			}
		}
	}
	for i := range inv.ELB.Classic {
		x := &inv.ELB.Classic[i]
		fill(&x.Resource, ClassicLoadBalancerARN(p, x.Region, acct, x.Name))
	}
}
