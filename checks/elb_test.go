package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

const (
	albARN     = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
	nlbARN     = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tcp/73e2d6bc24d8a067"
	classicARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/legacy"
)

// alb adds an internet-facing Application Load Balancer in us-east-1 that
// passes every check (HTTP redirects to HTTPS, a TLS 1.2 policy, logs,
// deletion protection, invalid headers dropped) after set has changed it.
func alb(set func(lb *inventory.LoadBalancer)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		lb := inventory.LoadBalancer{Resource: inventory.Resource{Region: "us-east-1"}, Name: "web", ID: "50dc6c495c0c9188",
			Type: inventory.ApplicationLB, Scheme: inventory.InternetFacing,
			Listeners: []inventory.Listener{
				{Protocol: "HTTP", Port: 80, DefaultActions: []inventory.ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443"}}},
				{Protocol: "HTTPS", Port: 443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", DefaultActions: []inventory.ListenerAction{{Type: "forward", TargetGroupARN: "tg"}}},
			},
			Attributes: map[string]string{"access_logs.s3.enabled": "true", "access_logs.s3.bucket": "lb-logs",
				"deletion_protection.enabled": "true", "routing.http.drop_invalid_header_fields.enabled": "true"}}
		if set != nil {
			set(&lb)
		}
		inv.ELB.LoadBalancers = append(inv.ELB.LoadBalancers, lb)
	}
}

// nlb adds an internal Network Load Balancer with a TLS listener.
func nlb(set func(lb *inventory.LoadBalancer)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		lb := inventory.LoadBalancer{Resource: inventory.Resource{Region: "us-east-1"}, Name: "tcp", ID: "73e2d6bc24d8a067",
			Type: inventory.NetworkLB, Scheme: "internal",
			Listeners: []inventory.Listener{{Protocol: "TLS", Port: 443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
				DefaultActions: []inventory.ListenerAction{{Type: "forward", TargetGroupARN: "tg"}}}},
			Attributes: map[string]string{"deletion_protection.enabled": "true", "access_logs.s3.enabled": "false"}}
		if set != nil {
			set(&lb)
		}
		inv.ELB.LoadBalancers = append(inv.ELB.LoadBalancers, lb)
	}
}

// classic adds an internet-facing Classic Load Balancer with an HTTPS
// listener on a TLS 1.2 policy and access logs on.
func classic(set func(lb *inventory.ClassicLoadBalancer)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		lb := inventory.ClassicLoadBalancer{Resource: inventory.Resource{Region: "us-east-1"}, Name: "legacy", Scheme: inventory.InternetFacing,
			Listeners: []inventory.ClassicListener{{Protocol: "HTTPS", Port: 443, InstanceProtocol: "HTTP", InstancePort: 80, PolicyNames: []string{"tls12"}}},
			Policies:  []inventory.ClassicPolicy{{Name: "tls12", Type: inventory.SSLNegotiationPolicyType, ReferencePolicy: "ELBSecurityPolicy-TLS-1-2-2017-01", Protocols: []string{"TLSv1.2"}}},
			AccessLog: true, AccessLogBucket: "lb-logs"}
		if set != nil {
			set(&lb)
		}
		inv.ELB.Classic = append(inv.ELB.Classic, lb)
	}
}

var elbListingCases = []statusCase{
	{"v2 listing denied", denied("elbv2", "us-east-1", "DescribeLoadBalancers", ""), map[string]Status{":elbv2:us-east-1:111122223333:*": Unknown}},
	{"classic listing denied", denied("elb", "us-east-1", "DescribeLoadBalancers", ""), map[string]Status{":elb:us-east-1:111122223333:*": Unknown}},
}

func TestELBHTTPRedirect(t *testing.T) {
	forward := []inventory.ListenerAction{{Type: "forward", TargetGroupARN: "tg"}}
	runCases(t, elbHTTPRedirect, append([]statusCase{
		{"redirects to HTTPS", alb(nil), map[string]Status{"/web/50dc6c495c0c9188": Pass}},
		{"forwards HTTP", alb(func(lb *inventory.LoadBalancer) { lb.Listeners[0].DefaultActions = forward }), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"redirect keeping the protocol", alb(func(lb *inventory.LoadBalancer) {
			lb.Listeners[0].DefaultActions = []inventory.ListenerAction{{Type: "redirect", RedirectProtocol: "#{protocol}"}}
		}), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"authenticate then forward", alb(func(lb *inventory.LoadBalancer) {
			lb.Listeners[0].DefaultActions = []inventory.ListenerAction{{Type: "authenticate-oidc"}, {Type: "forward"}}
		}), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"fixed response", alb(func(lb *inventory.LoadBalancer) {
			lb.Listeners[0].DefaultActions = []inventory.ListenerAction{{Type: "fixed-response", StatusCode: "403"}}
		}), map[string]Status{"/web/50dc6c495c0c9188": Pass}},
		{"internal ALB forwarding HTTP is not judged", alb(func(lb *inventory.LoadBalancer) { lb.Scheme, lb.Listeners[0].DefaultActions = "internal", forward }), map[string]Status{}},
		{"NLB is not judged", nlb(func(lb *inventory.LoadBalancer) { lb.Scheme = inventory.InternetFacing }), map[string]Status{}},
		{"listeners denied", both(alb(func(lb *inventory.LoadBalancer) { lb.Listeners = nil }), denied("elbv2", "us-east-1", "DescribeListeners", albARN)),
			map[string]Status{"/web/50dc6c495c0c9188": Unknown}},
		{"classic HTTPS only", classic(nil), map[string]Status{":loadbalancer/legacy": Pass}},
		{"classic HTTP", classic(func(lb *inventory.ClassicLoadBalancer) {
			lb.Listeners = append(lb.Listeners, inventory.ClassicListener{Protocol: "HTTP", Port: 80, InstanceProtocol: "HTTP", InstancePort: 80})
		}), map[string]Status{":loadbalancer/legacy": Fail}},
		{"internal classic HTTP", classic(func(lb *inventory.ClassicLoadBalancer) { lb.Scheme, lb.Listeners[0].Protocol = "internal", "HTTP" }), map[string]Status{}},
	}, elbListingCases...))
}

func TestELBTLSPolicy(t *testing.T) {
	policy := func(p string) func(inv *inventory.Inventory) {
		return alb(func(lb *inventory.LoadBalancer) { lb.Listeners[1].SSLPolicy = p })
	}
	runCases(t, elbTLSPolicy, append([]statusCase{
		{"TLS 1.2 and 1.3", alb(nil), map[string]Status{"/web/50dc6c495c0c9188": Pass}},
		{"TLS 1.3 only on an NLB", nlb(nil), map[string]Status{"/tcp/73e2d6bc24d8a067": Pass}},
		{"the CLI's default 2016-08", policy("ELBSecurityPolicy-2016-08"), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"TLS 1.1", policy("ELBSecurityPolicy-TLS13-1-1-2021-06"), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"a policy the table does not know", policy("ELBSecurityPolicy-TLS13-1-2-2099-01"), map[string]Status{"/web/50dc6c495c0c9188": Unknown}},
		{"old TLS on an NLB", nlb(func(lb *inventory.LoadBalancer) { lb.Listeners[0].SSLPolicy = "ELBSecurityPolicy-TLS-1-0-2015-04" }), map[string]Status{"/tcp/73e2d6bc24d8a067": Fail}},
		{"no TLS listener", alb(func(lb *inventory.LoadBalancer) { lb.Listeners = lb.Listeners[:1] }), map[string]Status{"/web/50dc6c495c0c9188": Pass}},
		{"listeners denied", both(alb(func(lb *inventory.LoadBalancer) { lb.Listeners = nil }), denied("elbv2", "us-east-1", "DescribeListeners", albARN)),
			map[string]Status{"/web/50dc6c495c0c9188": Unknown}},
		{"classic TLS 1.2", classic(nil), map[string]Status{":loadbalancer/legacy": Pass}},
		{"classic protocols say TLS 1.0 whatever the reference", classic(func(lb *inventory.ClassicLoadBalancer) {
			lb.Policies[0].Protocols = []string{"TLSv1", "TLSv1.2"}
		}), map[string]Status{":loadbalancer/legacy": Fail}},
		{"classic reference only", classic(func(lb *inventory.ClassicLoadBalancer) {
			lb.Policies[0].Protocols, lb.Policies[0].ReferencePolicy = nil, "ELBSecurityPolicy-2016-08"
		}), map[string]Status{":loadbalancer/legacy": Fail}},
		{"classic custom policy without protocols", classic(func(lb *inventory.ClassicLoadBalancer) {
			lb.Policies[0].Protocols, lb.Policies[0].ReferencePolicy = nil, ""
		}), map[string]Status{":loadbalancer/legacy": Unknown}},
		{"classic listener names no negotiation policy", classic(func(lb *inventory.ClassicLoadBalancer) { lb.Listeners[0].PolicyNames = nil }),
			map[string]Status{":loadbalancer/legacy": Unknown}},
		{"classic policies denied", both(classic(func(lb *inventory.ClassicLoadBalancer) { lb.Policies = nil }), denied("elb", "us-east-1", "DescribeLoadBalancerPolicies", classicARN)),
			map[string]Status{":loadbalancer/legacy": Unknown}},
	}, elbListingCases...))

	fs := Run(account(policy("ELBSecurityPolicy-2016-08")), []Check{elbTLSPolicy}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "HTTPS:443 (ELBSecurityPolicy-2016-08 allows TLSv1)") {
		t.Errorf("finding = %+v", fs)
	}
}

func TestELBAccessLogs(t *testing.T) {
	runCases(t, elbAccessLogs, append([]statusCase{
		{"ALB logs", alb(nil), map[string]Status{"/web/50dc6c495c0c9188": Pass}},
		{"ALB logs off", alb(func(lb *inventory.LoadBalancer) { lb.Attributes["access_logs.s3.enabled"] = "false" }), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"NLB is not judged", nlb(nil), map[string]Status{}},
		{"attributes denied", both(alb(func(lb *inventory.LoadBalancer) { lb.Attributes = nil }), denied("elbv2", "us-east-1", "DescribeLoadBalancerAttributes", albARN)),
			map[string]Status{"/web/50dc6c495c0c9188": Unknown}},
		{"attributes missing from a snapshot", alb(func(lb *inventory.LoadBalancer) { lb.Attributes = nil }), map[string]Status{"/web/50dc6c495c0c9188": Unknown}},
		{"classic logs", classic(nil), map[string]Status{":loadbalancer/legacy": Pass}},
		{"classic logs off", classic(func(lb *inventory.ClassicLoadBalancer) { lb.AccessLog = false }), map[string]Status{":loadbalancer/legacy": Fail}},
		{"classic attributes denied", both(classic(func(lb *inventory.ClassicLoadBalancer) { lb.AccessLog = false }), denied("elb", "us-east-1", "DescribeLoadBalancerAttributes", classicARN)),
			map[string]Status{":loadbalancer/legacy": Unknown}},
	}, elbListingCases...))
}

func TestELBDeletionProtection(t *testing.T) {
	runCases(t, elbDeletionProtection, []statusCase{
		{"on", both(alb(nil), nlb(nil)), map[string]Status{"/web/50dc6c495c0c9188": Pass, "/tcp/73e2d6bc24d8a067": Pass}},
		{"off", nlb(func(lb *inventory.LoadBalancer) { delete(lb.Attributes, "deletion_protection.enabled") }), map[string]Status{"/tcp/73e2d6bc24d8a067": Fail}},
		{"classic has no such setting", classic(nil), map[string]Status{}},
		{"attributes denied", both(nlb(func(lb *inventory.LoadBalancer) { lb.Attributes = nil }), denied("elbv2", "us-east-1", "DescribeLoadBalancerAttributes", nlbARN)),
			map[string]Status{"/tcp/73e2d6bc24d8a067": Unknown}},
		elbListingCases[0],
	})
}

func TestELBDropInvalidHeaders(t *testing.T) {
	runCases(t, elbDropInvalidHeaders, []statusCase{
		{"drops", alb(nil), map[string]Status{"/web/50dc6c495c0c9188": Pass}},
		{"forwards", alb(func(lb *inventory.LoadBalancer) {
			lb.Attributes["routing.http.drop_invalid_header_fields.enabled"] = "false"
		}), map[string]Status{"/web/50dc6c495c0c9188": Fail}},
		{"NLB is not judged", nlb(nil), map[string]Status{}},
		{"attributes denied", both(alb(func(lb *inventory.LoadBalancer) { lb.Attributes = nil }), denied("elbv2", "us-east-1", "DescribeLoadBalancerAttributes", albARN)),
			map[string]Status{"/web/50dc6c495c0c9188": Unknown}},
		elbListingCases[0],
	})
}

// Every predefined policy in the table names a protocol the judgement
// knows, so no entry can silently pass.
func TestELBPolicyTable(t *testing.T) {
	for name, oldest := range elbPolicyTLS {
		switch oldest {
		case "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3":
		default:
			t.Errorf("%s: oldest protocol %q", name, oldest)
		}
		// The TLS13 policies name their oldest version: TLS13-1-2-...
		if i := strings.Index(name, "TLS13-1-"); i >= 0 {
			want := "TLSv1." + name[i+len("TLS13-1-"):][:1]
			if want == "TLSv1.0" {
				want = "TLSv1"
			}
			if oldest != want {
				t.Errorf("%s: oldest protocol %s, its name says %s", name, oldest, want)
			}
		}
	}
}

const certARN = "arn:aws:acm:us-east-1:111122223333:certificate/1f2e3d4c-0000-4000-8000-000000000001"

// cert adds an ISSUED, ACM-issued RSA 2048 certificate valid for 200 days
// after set has changed it.
func cert(set func(c *inventory.Certificate)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.Certificate{Resource: inventory.Resource{ARN: certARN, Region: "us-east-1"}, DomainName: "www.example.com",
			Type: "AMAZON_ISSUED", Status: "ISSUED", KeyAlgorithm: "RSA_2048",
			NotBefore: testNow.AddDate(0, -5, 0), NotAfter: testNow.Add(200 * 24 * time.Hour), InUseBy: []string{albARN}}
		if set != nil {
			set(&c)
		}
		inv.ACM.Certificates = append(inv.ACM.Certificates, c)
	}
}

var acmUnknownCases = []statusCase{
	{"details denied", both(cert(func(c *inventory.Certificate) { c.NotBefore, c.NotAfter, c.KeyAlgorithm = time.Time{}, time.Time{}, "" }),
		denied("acm", "us-east-1", "DescribeCertificate", certARN)), map[string]Status{":certificate/1f2e3d4c-0000-4000-8000-000000000001": Unknown}},
	{"listing denied", denied("acm", "us-east-1", "ListCertificates", ""), map[string]Status{":acm:us-east-1:111122223333:*": Unknown}},
}

func TestACMCertificateExpiry(t *testing.T) {
	const id = ":certificate/1f2e3d4c-0000-4000-8000-000000000001"
	runCases(t, acmCertificateExpiry, append([]statusCase{
		{"200 days left", cert(nil), map[string]Status{id: Pass}},
		{"10 days left", cert(func(c *inventory.Certificate) { c.NotAfter = testNow.Add(10 * 24 * time.Hour) }), map[string]Status{id: Fail}},
		{"expired", cert(func(c *inventory.Certificate) { c.NotAfter, c.Status = testNow.Add(-24*time.Hour), "EXPIRED" }), map[string]Status{id: Fail}},
		{"imported, 31 days left", cert(func(c *inventory.Certificate) { c.Type, c.NotAfter = "IMPORTED", testNow.Add(31*24*time.Hour) }), map[string]Status{id: Pass}},
		{"pending validation is not judged", cert(func(c *inventory.Certificate) { c.Status, c.NotAfter = "PENDING_VALIDATION", time.Time{} }), map[string]Status{}},
		{"expiry not read", cert(func(c *inventory.Certificate) { c.NotAfter = time.Time{} }), map[string]Status{id: Unknown}},
	}, acmUnknownCases...))

	cfg := DefaultConfig()
	cfg.CertificateRenewalDays = 250
	fs := Run(account(cert(nil)), []Check{acmCertificateExpiry}, cfg)
	if len(fs) != 1 || fs[0].Status != Fail || !strings.Contains(fs[0].Message, "fewer than 250") {
		t.Errorf("a larger threshold must fail the certificate: %+v", fs)
	}
}

func TestACMRSAKeyLength(t *testing.T) {
	const id = ":certificate/1f2e3d4c-0000-4000-8000-000000000001"
	runCases(t, acmRSAKeyLength, append([]statusCase{
		{"RSA 2048", cert(nil), map[string]Status{id: Pass}},
		{"RSA 4096", cert(func(c *inventory.Certificate) { c.KeyAlgorithm = "RSA_4096" }), map[string]Status{id: Pass}},
		{"EC P-256", cert(func(c *inventory.Certificate) { c.KeyAlgorithm = "EC_prime256v1" }), map[string]Status{id: Pass}},
		{"RSA 1024", cert(func(c *inventory.Certificate) { c.KeyAlgorithm, c.Type = "RSA_1024", "IMPORTED" }), map[string]Status{id: Fail}},
		{"algorithm not read", cert(func(c *inventory.Certificate) { c.KeyAlgorithm = "" }), map[string]Status{id: Unknown}},
	}, acmUnknownCases...))
}
