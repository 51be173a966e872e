package synth

import (
	"fmt"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// elbPolicies are the security policies listeners carry, weighted as an
// account that has grown over the years has them: the CLI's default
// (TLS 1.0 and up) is still the most common, then the console's newer
// defaults.
var elbPolicies = []string{"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS13-1-0-2021-06"}

// loadBalancers makes application and network load balancers (three to
// one), each with an HTTPS or TLS listener and most ALBs an HTTP one that
// redirects, plus a few Classic Load Balancers left from older days.
// About half the internet-facing ones; logging and deletion protection on
// for most production ones only.
func (g *gen) loadBalancers() {
	for ri, n := range g.spread(g.sz.LoadBalancers) {
		region := g.regions[ri]
		for range n {
			env := pick(g, envs)
			name := fmt.Sprintf("%s-%s-%d", env, pick(g, apps), len(g.inv.ELB.LoadBalancers))
			lb := inventory.LoadBalancer{Resource: inventory.Resource{Region: region}, Name: name,
				ID: fmt.Sprintf("%016x", mix(uint64(len(g.inv.ELB.LoadBalancers))^g.seed)), Type: inventory.ApplicationLB,
				Scheme: "internal", CreatedAt: g.ago(6 * 365 * day), VPCID: g.id("vpc")}
			if g.chance(0.25) {
				lb.Type = inventory.NetworkLB
			}
			if g.chance(0.5) {
				lb.Scheme = inventory.InternetFacing
			}
			prod := env == "prod"
			lb.Attributes = map[string]string{
				"access_logs.s3.enabled":      fmt.Sprint(g.chance(map[bool]float64{true: 0.7, false: 0.2}[prod])),
				"deletion_protection.enabled": fmt.Sprint(g.chance(map[bool]float64{true: 0.6, false: 0.05}[prod])),
			}
			tg := inventory.ListenerAction{Type: "forward", TargetGroupARN: fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%016x", region, AccountID, name, mix(g.seed+uint64(len(name))))}
			cert := fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", region, AccountID, g.uuid())
			if lb.Type == inventory.ApplicationLB {
				lb.Attributes["routing.http.drop_invalid_header_fields.enabled"] = fmt.Sprint(g.chance(0.3))
				lb.Listeners = append(lb.Listeners, inventory.Listener{Protocol: "HTTPS", Port: 443, SSLPolicy: pick(g, elbPolicies),
					Certificates: []string{cert}, DefaultActions: []inventory.ListenerAction{tg}})
				if g.chance(0.8) {
					http := inventory.Listener{Protocol: "HTTP", Port: 80, DefaultActions: []inventory.ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443", StatusCode: "HTTP_301"}}}
					if g.chance(0.2) {
						http.DefaultActions = []inventory.ListenerAction{tg}
					}
					lb.Listeners = append([]inventory.Listener{http}, lb.Listeners...)
				}
			} else {
				lb.Listeners = append(lb.Listeners, inventory.Listener{Protocol: "TLS", Port: 443, SSLPolicy: pick(g, elbPolicies),
					Certificates: []string{cert}, DefaultActions: []inventory.ListenerAction{tg}})
			}
			g.inv.ELB.LoadBalancers = append(g.inv.ELB.LoadBalancers, lb)
		}
	}
	for ri, n := range g.spread(g.sz.ClassicLoadBalancers) {
		region := g.regions[ri]
		for range n {
			name := fmt.Sprintf("legacy-%s-%d", pick(g, apps), len(g.inv.ELB.Classic))
			lb := inventory.ClassicLoadBalancer{Resource: inventory.Resource{Region: region}, Name: name, Scheme: inventory.InternetFacing,
				CreatedAt: g.ago(10 * 365 * day), AccessLog: g.chance(0.3),
				Listeners: []inventory.ClassicListener{{Protocol: "HTTP", Port: 80, InstanceProtocol: "HTTP", InstancePort: 8080}}}
			if lb.AccessLog {
				lb.AccessLogBucket = "elb-logs-" + AccountID
			}
			if g.chance(0.7) {
				ref := pick(g, []string{"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-2015-05"})
				protos := []string{"TLSv1", "TLSv1.1", "TLSv1.2"}
				if ref == "ELBSecurityPolicy-TLS-1-2-2017-01" {
					protos = []string{"TLSv1.2"}
				}
				lb.Listeners = append(lb.Listeners, inventory.ClassicListener{Protocol: "HTTPS", Port: 443, InstanceProtocol: "HTTP", InstancePort: 8080,
					SSLCertificateID: fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", region, AccountID, g.uuid()), PolicyNames: []string{"tls-" + name}})
				lb.Policies = []inventory.ClassicPolicy{{Name: "tls-" + name, Type: inventory.SSLNegotiationPolicyType, ReferencePolicy: ref, Protocols: protos}}
			}
			g.inv.ELB.Classic = append(g.inv.ELB.Classic, lb)
		}
	}
}

// uuid is a random-looking UUID, as ACM's certificate IDs are.
func (g *gen) uuid() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", a>>32, a>>16&0xffff, a&0xfff, b>>52, b&0xffffffffffff)
}

// certificates makes ACM certificates: most issued by ACM with RSA 2048 or
// EC keys and renewed by it, a fifth imported (a few with 1024-bit keys
// and some close to or past expiry), and some still pending validation.
func (g *gen) certificates() {
	for ri, n := range g.spread(g.sz.Certificates) {
		region := g.regions[ri]
		for range n {
			c := inventory.Certificate{Resource: inventory.Resource{Region: region, ARN: inventory.CertificateARN("aws", region, AccountID, g.uuid())},
				DomainName: fmt.Sprintf("%s-%d.%s.example.com", pick(g, apps), len(g.inv.ACM.Certificates), pick(g, envs)),
				Type:       "AMAZON_ISSUED", Status: "ISSUED", KeyAlgorithm: pick(g, []string{"RSA_2048", "RSA_2048", "RSA_2048", "EC_prime256v1", "EC_secp384r1", "RSA_4096"}),
				RenewalEligibility: "ELIGIBLE"}
			c.NotBefore = g.ago(330 * day)
			c.NotAfter = c.NotBefore.Add(395 * day)
			switch r := g.rng.Float64(); {
			case r < 0.2:
				c.Type, c.RenewalEligibility = "IMPORTED", "INELIGIBLE"
				if g.chance(0.1) {
					c.KeyAlgorithm = "RSA_1024"
				}
				c.NotAfter = c.NotBefore.Add(time.Duration(g.rng.IntN(500)) * day)
				if !c.NotAfter.After(Now) {
					c.Status = "EXPIRED"
				}
			case r < 0.25:
				c.Status, c.NotBefore, c.NotAfter, c.RenewalEligibility = "PENDING_VALIDATION", time.Time{}, time.Time{}, "INELIGIBLE"
			}
			if c.Status == "ISSUED" && g.chance(0.6) {
				c.InUseBy = []string{inventory.LoadBalancerARN("aws", region, AccountID, inventory.ApplicationLB, "web", fmt.Sprintf("%016x", mix(uint64(len(g.inv.ACM.Certificates)))))}
			}
			g.inv.ACM.Certificates = append(g.inv.ACM.Certificates, c)
		}
	}
}
