package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const elbAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
elb:
  load_balancers:
    - region: us-east-1
      name: web
      id: 50dc6c495c0c9188
      type: application
      scheme: internet-facing
      dns_name: web-1.us-east-1.elb.amazonaws.com
      vpc_id: vpc-1
      created_at: 2024-03-01T10:00:00Z
      listeners:
        - {protocol: HTTP, port: 80, default_actions: [{type: redirect, redirect_protocol: HTTPS, redirect_port: "443", status_code: HTTP_301}]}
        - protocol: HTTPS
          port: 443
          ssl_policy: ELBSecurityPolicy-2016-08
          certificates: ["arn:aws:acm:us-east-1:111122223333:certificate/c1"]
          default_actions: [{type: authenticate-oidc}, {type: forward, target_group_arn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1"}]
        - {protocol: HTTP, port: 8080, default_actions: [{type: fixed-response, status_code: "404"}]}
      attributes: {access_logs.s3.enabled: "true", access_logs.s3.bucket: lb-logs, deletion_protection.enabled: "true", routing.http.drop_invalid_header_fields.enabled: "true"}
    - region: us-east-1
      name: tcp
      id: 73e2d6bc24d8a067
      type: network
      scheme: internal
      dns_name: tcp-1.elb.us-east-1.amazonaws.com
      listeners:
        - {protocol: TLS, port: 443, ssl_policy: ELBSecurityPolicy-TLS13-1-2-Res-2021-06, default_actions: [{type: forward, target_group_arn: tg}]}
    - region: eu-west-1
      name: eu
      id: 0a1b2c3d4e5f6071
      type: application
      scheme: internal
      dns_name: eu-1.eu-west-1.elb.amazonaws.com
      listeners: []
  classic_load_balancers:
    - region: us-east-1
      name: legacy
      scheme: internet-facing
      dns_name: legacy-1.us-east-1.elb.amazonaws.com
      listeners:
        - {protocol: HTTP, port: 80, instance_protocol: HTTP, instance_port: 80}
        - {protocol: HTTPS, port: 443, instance_protocol: HTTP, instance_port: 80, ssl_certificate_id: "arn:aws:iam::111122223333:server-certificate/legacy", policy_names: [legacy-tls]}
      access_log: true
      access_log_bucket: lb-logs
      policies:
        - {name: legacy-tls, type: SSLNegotiationPolicyType, reference_policy: ELBSecurityPolicy-2016-08, protocols: [TLSv1, TLSv1.1, TLSv1.2]}
        - {name: sticky, type: LBCookieStickinessPolicyType}
    - region: eu-west-1
      name: plain
      scheme: internal
      dns_name: plain-1.eu-west-1.elb.amazonaws.com
      listeners:
        - {protocol: TCP, port: 5432, instance_protocol: TCP, instance_port: 5432}
acm:
  certificates:
    - {region: us-east-1, arn: "arn:aws:acm:us-east-1:111122223333:certificate/c1", domain_name: www.example.com, type: AMAZON_ISSUED, status: ISSUED,
       key_algorithm: RSA_2048, not_before: 2026-01-01T00:00:00Z, not_after: 2027-01-31T23:59:59Z, renewal_eligibility: ELIGIBLE,
       in_use_by: ["arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"]}
    - {region: us-east-1, arn: "arn:aws:acm:us-east-1:111122223333:certificate/c2", domain_name: api.example.com, type: IMPORTED, status: ISSUED,
       key_algorithm: EC_prime256v1, not_before: 2026-01-01T00:00:00Z, not_after: 2026-12-01T00:00:00Z}
    - {region: us-east-1, arn: "arn:aws:acm:us-east-1:111122223333:certificate/c3", domain_name: old.example.com, type: IMPORTED, status: EXPIRED,
       key_algorithm: RSA_1024, not_before: 2020-01-01T00:00:00Z, not_after: 2021-01-01T00:00:00Z}
    - {region: eu-west-1, arn: "arn:aws:acm:eu-west-1:111122223333:certificate/c4", domain_name: eu.example.com, type: AMAZON_ISSUED, status: ISSUED,
       key_algorithm: RSA_4096, not_before: 2026-06-01T00:00:00Z, not_after: 2027-07-01T00:00:00Z}
`

func parseELB(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(elbAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

type elbPart struct {
	ELB inventory.ELB
	ACM inventory.ACM
}

// elbOf keeps the attributes the checks read: the emulator also answers
// with the others a new load balancer has.
func elbOf(inv *inventory.Inventory) elbPart {
	p := elbPart{ELB: inventory.ELB{LoadBalancers: slices.Clone(inv.ELB.LoadBalancers), Classic: slices.Clone(inv.ELB.Classic)},
		ACM: inventory.ACM{Certificates: slices.Clone(inv.ACM.Certificates)}}
	for i := range p.ELB.LoadBalancers {
		lb := &p.ELB.LoadBalancers[i]
		if lb.Attributes == nil {
			continue
		}
		kept := map[string]string{}
		for _, k := range []string{"access_logs.s3.enabled", "access_logs.s3.bucket", "deletion_protection.enabled", "routing.http.drop_invalid_header_fields.enabled"} {
			if v, ok := lb.Attributes[k]; ok && v != "" && v != "false" {
				kept[k] = v
			}
		}
		lb.Attributes = kept
	}
	sortELB(&inventory.Inventory{ELB: p.ELB, ACM: p.ACM}, func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) })
	return p
}

func assertELBEqual(t *testing.T, got, want elbPart) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected ELB/ACM differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

func elbErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "elb" || e.Service == "elbv2" || e.Service == "acm" {
			out = append(out, e)
		}
	}
	return out
}

// wantELB is the account as a scan should see it: every load balancer
// with attributes read, and Classic policies only where a listener
// negotiates TLS.
func wantELB(acct *inventory.Inventory) elbPart {
	want := elbOf(acct)
	for i := range want.ELB.LoadBalancers {
		if want.ELB.LoadBalancers[i].Attributes == nil {
			want.ELB.LoadBalancers[i].Attributes = map[string]string{}
		}
	}
	return want
}

func TestELBRoundTrip(t *testing.T) {
	acct := parseELB(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := elbErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertELBEqual(t, elbOf(inv), wantELB(acct))

	// One item per page: a collector that stopped at the first page would
	// make one call per listing.
	for _, c := range []struct {
		service, op, region string
		want                int
	}{
		{"elbv2", "DescribeLoadBalancers", "us-east-1", 2},
		{"elbv2", "DescribeListeners", "us-east-1", 3 + 1},
		{"elbv2", "DescribeListeners", "eu-west-1", 1},
		{"elbv2", "DescribeLoadBalancerAttributes", "us-east-1", 2},
		{"elb", "DescribeLoadBalancers", "us-east-1", 1},
		{"elb", "DescribeLoadBalancerAttributes", "eu-west-1", 1},
		// Only the load balancer with an HTTPS listener has its policies read.
		{"elb", "DescribeLoadBalancerPolicies", "us-east-1", 1},
		{"elb", "DescribeLoadBalancerPolicies", "eu-west-1", 0},
		{"acm", "ListCertificates", "us-east-1", 3},
		{"acm", "DescribeCertificate", "us-east-1", 3},
		{"acm", "DescribeCertificate", "eu-west-1", 1},
	} {
		if got := callsOf(srv, c.service, c.op)[c.region]; got != c.want {
			t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, c.region, got, c.want)
		}
	}
}

func TestELBFailedOperations(t *testing.T) {
	webARN := "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
	legacyARN := inventory.ClassicLoadBalancerARN("aws", "us-east-1", "111122223333", "legacy")
	c1 := "arn:aws:acm:us-east-1:111122223333:certificate/c1"
	lb := func(p *elbPart, arn string) *inventory.LoadBalancer {
		i := slices.IndexFunc(p.ELB.LoadBalancers, func(l inventory.LoadBalancer) bool { return l.ARN == arn })
		return &p.ELB.LoadBalancers[i]
	}
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(p *elbPart)
	}{{
		name: "v2 load balancers denied in one region",
		rule: emulator.Rule{Service: "elbv2", Operation: "DescribeLoadBalancers", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "elbv2", Region: "eu-west-1", Operation: "DescribeLoadBalancers", Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *elbPart) {
			p.ELB.LoadBalancers = slices.DeleteFunc(p.ELB.LoadBalancers, func(l inventory.LoadBalancer) bool { return l.Region == "eu-west-1" })
		},
	}, {
		name: "one load balancer's listeners denied",
		rule: emulator.Rule{Service: "elbv2", Operation: "DescribeListeners", Resource: "web"},
		want: inventory.CollectionError{Service: "elbv2", Region: "us-east-1", Operation: "DescribeListeners", ResourceARN: webARN, Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *elbPart) { lb(p, webARN).Listeners = []inventory.Listener{} },
	}, {
		name: "one load balancer's attributes denied",
		rule: emulator.Rule{Service: "elbv2", Operation: "DescribeLoadBalancerAttributes", Resource: "web"},
		want: inventory.CollectionError{Service: "elbv2", Region: "us-east-1", Operation: "DescribeLoadBalancerAttributes", ResourceARN: webARN, Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *elbPart) { lb(p, webARN).Attributes = nil },
	}, {
		name: "classic load balancers denied",
		rule: emulator.Rule{Service: "elb", Operation: "DescribeLoadBalancers", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "elb", Region: "us-east-1", Operation: "DescribeLoadBalancers", Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *elbPart) {
			p.ELB.Classic = slices.DeleteFunc(p.ELB.Classic, func(l inventory.ClassicLoadBalancer) bool { return l.Region == "us-east-1" })
		},
	}, {
		name: "classic policies denied",
		rule: emulator.Rule{Service: "elb", Operation: "DescribeLoadBalancerPolicies", Resource: "legacy"},
		want: inventory.CollectionError{Service: "elb", Region: "us-east-1", Operation: "DescribeLoadBalancerPolicies", ResourceARN: legacyARN, Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *elbPart) {
			i := slices.IndexFunc(p.ELB.Classic, func(l inventory.ClassicLoadBalancer) bool { return l.ARN == legacyARN })
			p.ELB.Classic[i].Policies = nil
		},
	}, {
		name: "classic attributes denied",
		rule: emulator.Rule{Service: "elb", Operation: "DescribeLoadBalancerAttributes", Resource: "legacy"},
		want: inventory.CollectionError{Service: "elb", Region: "us-east-1", Operation: "DescribeLoadBalancerAttributes", ResourceARN: legacyARN, Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *elbPart) {
			i := slices.IndexFunc(p.ELB.Classic, func(l inventory.ClassicLoadBalancer) bool { return l.ARN == legacyARN })
			p.ELB.Classic[i].AccessLog, p.ELB.Classic[i].AccessLogBucket = false, ""
		},
	}, {
		name: "certificates denied in one region",
		rule: emulator.Rule{Service: "acm", Operation: "ListCertificates", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "acm", Region: "eu-west-1", Operation: "ListCertificates", Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *elbPart) {
			p.ACM.Certificates = slices.DeleteFunc(p.ACM.Certificates, func(c inventory.Certificate) bool { return c.Region == "eu-west-1" })
		},
	}, {
		name: "one certificate's details denied",
		rule: emulator.Rule{Service: "acm", Operation: "DescribeCertificate", Resource: "c1"},
		want: inventory.CollectionError{Service: "acm", Region: "us-east-1", Operation: "DescribeCertificate", ResourceARN: c1, Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *elbPart) {
			i := slices.IndexFunc(p.ACM.Certificates, func(c inventory.Certificate) bool { return c.ARN == c1 })
			c := &p.ACM.Certificates[i]
			// ListCertificates' summary still gives these.
			*c = inventory.Certificate{Resource: c.Resource, DomainName: c.DomainName, Type: c.Type, Status: c.Status, KeyAlgorithm: c.KeyAlgorithm, NotAfter: c.NotAfter}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseELB(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, elbErrors(inv), tc.want)
			want := wantELB(acct)
			tc.lost(&want)
			assertELBEqual(t, elbOf(inv), want)
		})
	}
}
