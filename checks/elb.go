package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// elbChecks are the customer's duties on Elastic Load Balancing, an
// abstracted service: AWS runs the load balancers' hosts, scaling and TLS
// stack; which protocols a listener accepts, which TLS versions it
// negotiates, whether requests are logged and whether the load balancer
// can be deleted by mistake are the customer's settings.
var elbChecks = []Check{elbHTTPRedirect, elbTLSPolicy, elbAccessLogs, elbDeletionProtection, elbDropInvalidHeaders}

func elbHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#" + control
}

const classicLBType = "AWS::ElasticLoadBalancing::LoadBalancer"

// elbNeeds are the reads every load balancer check depends on: the
// listings, and each load balancer's listeners or attributes.
var elbNeeds = []Operation{op("elbv2", "DescribeLoadBalancers"), op("elb", "DescribeLoadBalancers")}

func lbResult(lb inventory.LoadBalancer, st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	ev["type"], ev["scheme"] = lb.Type, lb.Scheme
	return Result{Status: st, Region: lb.Region, ResourceARN: lb.ARN, Message: msg, Evidence: ev}
}

func classicResult(lb inventory.ClassicLoadBalancer, st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	ev["type"], ev["scheme"] = "classic", lb.Scheme
	return Result{Status: st, Region: lb.Region, ResourceARN: lb.ARN, ResourceType: classicLBType, Message: msg, Evidence: ev}
}

func lbName(lb inventory.LoadBalancer) string {
	return fmt.Sprintf("%s load balancer %s", lb.Type, lb.Name)
}

func listenerName(protocol string, port int32) string { return fmt.Sprintf("%s:%d", protocol, port) }

var elbHTTPRedirect = Check{
	ID:           "elb-http-to-https-redirect",
	Title:        "Internet-facing load balancer serves plain HTTP",
	Description:  "An internet-facing Application Load Balancer's HTTP listener should answer every request with a redirect to HTTPS; one whose default action forwards to targets (or redirects but keeps the request's protocol) serves the application, cookies and credentials included, unencrypted across the internet. A Classic Load Balancer cannot redirect, so an HTTP listener on an internet-facing one serves plain HTTP unless the instances behind it redirect, which the load balancer's settings cannot show. Only default actions are judged: a listener rule that forwards some paths is not seen. AWS runs the listeners; which protocol they accept is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "elb",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
	Remediation: Remediation{
		Text:    "Change the HTTP listener's default action to a redirect to HTTPS (port 443, status HTTP_301) and serve the application from an HTTPS listener. For a Classic Load Balancer, replace the HTTP listener with HTTPS, or migrate to an Application Load Balancer, which can redirect.",
		Console: "EC2 > Load Balancers > the load balancer > Listeners and rules > HTTP:80 > Edit listener > Default action: Redirect to URL, Protocol HTTPS, Port 443 > Save.",
		CLI:     "aws elbv2 modify-listener --listener-arn <listener-arn> --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
	},
	References: []string{"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
		"https://docs.aws.amazon.com/config/latest/developerguide/alb-http-to-https-redirection-check.html", elbHub("elb-1"), elbHub("elb-3")},
	Needs: append(slices.Clone(elbNeeds), op("elbv2", "DescribeListeners")),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, lb := range inv.ELB.LoadBalancers {
			if lb.Type != inventory.ApplicationLB || lb.Scheme != inventory.InternetFacing {
				continue
			}
			var plain []string
			for _, l := range lb.Listeners {
				if l.Protocol == "HTTP" && !redirectsToHTTPS(l.DefaultActions) {
					plain = append(plain, listenerName(l.Protocol, l.Port))
				}
			}
			ev := map[string]any{"plain_http_listeners": plain, "listeners": len(lb.Listeners)}
			if len(plain) > 0 {
				out = append(out, lbResult(lb, Fail, lbName(lb)+" faces the internet and serves plain HTTP on "+strings.Join(plain, ", ")+" instead of redirecting to HTTPS", ev))
			} else {
				out = append(out, lbResult(lb, Pass, lbName(lb)+" has no HTTP listener that forwards: every HTTP request is redirected to HTTPS or answered without the application", ev))
			}
		}
		for _, lb := range inv.ELB.Classic {
			if lb.Scheme != inventory.InternetFacing {
				continue
			}
			var plain []string
			for _, l := range lb.Listeners {
				if l.Protocol == "HTTP" {
					plain = append(plain, listenerName(l.Protocol, l.Port))
				}
			}
			ev := map[string]any{"plain_http_listeners": plain, "listeners": len(lb.Listeners)}
			if len(plain) > 0 {
				out = append(out, classicResult(lb, Fail, "Classic Load Balancer "+lb.Name+" faces the internet with HTTP listener "+strings.Join(plain, ", ")+", and a Classic Load Balancer cannot redirect to HTTPS", ev))
			} else {
				out = append(out, classicResult(lb, Pass, "Classic Load Balancer "+lb.Name+" has no HTTP listener", ev))
			}
		}
		return out
	},
}

// redirectsToHTTPS reports whether a listener's default actions end in a
// redirect to HTTPS, or answer with a fixed response: neither serves the
// application over HTTP. Authentication actions come before the last.
func redirectsToHTTPS(acts []inventory.ListenerAction) bool {
	if len(acts) == 0 {
		return false
	}
	switch last := acts[len(acts)-1]; last.Type {
	case "redirect":
		return strings.EqualFold(last.RedirectProtocol, "HTTPS")
	case "fixed-response":
		return true
	}
	return false
}

// elbPolicyTLS is the oldest protocol each predefined Elastic Load
// Balancing security policy accepts, from AWS's tables of the policies for
// Application, Network and Classic Load Balancers, as they stood on
// 2026-12-02:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html and
// https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html.
// A policy not listed (one AWS publishes later, or a Classic Load
// Balancer's custom policy without protocol settings) is judged unknown,
// never pass: add it here.
var elbPolicyTLS = map[string]string{
	// TLS 1.0 and up, and SSL 3.0 in the oldest Classic policies.
	"ELBSecurityPolicy-2016-08":                 "TLSv1",
	"ELBSecurityPolicy-2015-05":                 "TLSv1",
	"ELBSecurityPolicy-2015-03":                 "TLSv1",
	"ELBSecurityPolicy-2015-02":                 "TLSv1",
	"ELBSecurityPolicy-2014-10":                 "TLSv1",
	"ELBSecurityPolicy-2014-01":                 "SSLv3",
	"ELBSecurityPolicy-2011-08":                 "SSLv3",
	"ELBSample-ELBDefaultNegotiationPolicy":     "SSLv3",
	"ELBSample-OpenSSLDefaultNegotiationPolicy": "SSLv3",
	"ELBSecurityPolicy-TLS-1-0-2015-04":         "TLSv1",
	"ELBSecurityPolicy-FS-2018-06":              "TLSv1",
	"ELBSecurityPolicy-TLS13-1-0-2021-06":       "TLSv1",
	"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04":  "TLSv1",
	// TLS 1.1 and up.
	"ELBSecurityPolicy-TLS-1-1-2017-01":        "TLSv1.1",
	"ELBSecurityPolicy-FS-1-1-2019-08":         "TLSv1.1",
	"ELBSecurityPolicy-TLS13-1-1-2021-06":      "TLSv1.1",
	"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": "TLSv1.1",
	// TLS 1.2 and up.
	"ELBSecurityPolicy-TLS-1-2-2017-01":                "TLSv1.2",
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06":            "TLSv1.2",
	"ELBSecurityPolicy-FS-1-2-2019-08":                 "TLSv1.2",
	"ELBSecurityPolicy-FS-1-2-Res-2019-08":             "TLSv1.2",
	"ELBSecurityPolicy-FS-1-2-Res-2020-10":             "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-2021-06":              "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06":          "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06":         "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06":         "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04":         "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04":     "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04":    "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04":    "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04":    "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-PQ-2025-09":           "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09":       "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09":      "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09":      "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09":      "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09":  "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09": "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09": "TLSv1.2",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09": "TLSv1.2",
	// TLS 1.3 only.
	"ELBSecurityPolicy-TLS13-1-3-2021-06":         "TLSv1.3",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04":    "TLSv1.3",
	"ELBSecurityPolicy-TLS13-1-3-PQ-2025-09":      "TLSv1.3",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09": "TLSv1.3",
}

// oldProtocols are the protocols no listener should accept: SSL 3.0,
// TLS 1.0 and TLS 1.1, deprecated by RFC 8996.
var oldProtocols = []string{"SSLv3", "TLSv1", "TLSv1.1"}

// tlsVerdict is one listener's judgement.
type tlsVerdict struct {
	listener, policy, oldest string
	known                    bool
}

func (v tlsVerdict) old() bool { return v.known && slices.Contains(oldProtocols, v.oldest) }

// classicTLS judges a Classic Load Balancer listener by its SSL
// negotiation policy: by the protocols the policy turns on when
// DescribeLoadBalancerPolicies gave them, else by the predefined policy it
// references.
func classicTLS(lb inventory.ClassicLoadBalancer, l inventory.ClassicListener) tlsVerdict {
	v := tlsVerdict{listener: listenerName(l.Protocol, l.Port)}
	for _, p := range lb.Policies {
		if p.Type != inventory.SSLNegotiationPolicyType || !slices.Contains(l.PolicyNames, p.Name) {
			continue
		}
		v.policy = cmp.Or(p.ReferencePolicy, p.Name)
		if len(p.Protocols) > 0 {
			for _, proto := range append(slices.Clone(oldProtocols), "TLSv1.2", "TLSv1.3") {
				if slices.Contains(p.Protocols, proto) {
					v.oldest, v.known = proto, true
					return v
				}
			}
		}
		v.oldest, v.known = elbPolicyTLS[p.ReferencePolicy], elbPolicyTLS[p.ReferencePolicy] != ""
		return v
	}
	return v
}

var elbTLSPolicy = Check{
	ID:           "elb-listener-tls-policy",
	Title:        "Load balancer listener accepts TLS 1.0 or 1.1",
	Description:  "An HTTPS or TLS listener negotiates whatever its security policy allows. Policies that accept TLS 1.0 or 1.1 (or SSL 3.0), among them ELBSecurityPolicy-2016-08, the default of the CLI, CloudFormation and the CDK, let a client or an attacker in the path settle on protocols RFC 8996 deprecated, with their weak ciphers and known attacks. Policies are judged from a dated table of AWS's predefined policies; a Classic Load Balancer's policy by the protocols it turns on. A policy the table does not know is unknown, never a pass. AWS runs the TLS stack; choosing the policy is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "elb",
	ServiceModel: Abstracted,
	ResourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
	Remediation: Remediation{
		Text:    "Choose a security policy that accepts TLS 1.2 and 1.3 only, such as ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (or its post-quantum successor ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09); for a Classic Load Balancer, ELBSecurityPolicy-TLS-1-2-2017-01. Check the access or connection logs' TLS version field first for clients that still need TLS 1.0 or 1.1.",
		Console: "EC2 > Load Balancers > the load balancer > Listeners > the HTTPS or TLS listener > Edit listener > Security policy: ELBSecurityPolicy-TLS13-1-2-Res-2021-06 > Save.",
		CLI:     "aws elbv2 modify-listener --listener-arn <listener-arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	},
	References: []string{"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html",
		"https://www.rfc-editor.org/rfc/rfc8996", elbHub("elb-8"), elbHub("elb-17")},
	Needs: append(slices.Clone(elbNeeds), op("elbv2", "DescribeListeners"), op("elb", "DescribeLoadBalancerPolicies")),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		judge := func(verdicts []tlsVerdict, secure int, what string, res func(Status, string, map[string]any) Result) Result {
			var old, unknown []string
			for _, v := range verdicts {
				switch {
				case v.old():
					old = append(old, fmt.Sprintf("%s (%s allows %s)", v.listener, v.policy, v.oldest))
				case !v.known:
					unknown = append(unknown, fmt.Sprintf("%s (%s)", v.listener, cmp.Or(v.policy, "no SSL negotiation policy")))
				}
			}
			ev := map[string]any{"tls_listeners": secure, "old_tls_listeners": old, "unjudged_listeners": unknown}
			switch {
			case len(old) > 0:
				return res(Fail, what+" accepts TLS older than 1.2 on "+strings.Join(old, ", "), ev)
			case len(unknown) > 0:
				return res(Unknown, what+" has listeners whose security policy srmscan's table does not know: "+strings.Join(unknown, ", "), ev)
			case secure == 0:
				return res(Pass, what+" has no HTTPS or TLS listener: it negotiates no TLS", ev)
			}
			return res(Pass, what+" accepts TLS 1.2 or later only on its HTTPS and TLS listeners", ev)
		}
		for _, lb := range inv.ELB.LoadBalancers {
			if lb.Type == inventory.GatewayLB {
				continue
			}
			var vs []tlsVerdict
			for _, l := range lb.Listeners {
				if l.Protocol != "HTTPS" && l.Protocol != "TLS" {
					continue
				}
				oldest := elbPolicyTLS[l.SSLPolicy]
				vs = append(vs, tlsVerdict{listener: listenerName(l.Protocol, l.Port), policy: l.SSLPolicy, oldest: oldest, known: oldest != ""})
			}
			out = append(out, judge(vs, len(vs), lbName(lb), func(st Status, msg string, ev map[string]any) Result { return lbResult(lb, st, msg, ev) }))
		}
		for _, lb := range inv.ELB.Classic {
			var vs []tlsVerdict
			for _, l := range lb.Listeners {
				if l.Protocol == "HTTPS" || l.Protocol == "SSL" {
					vs = append(vs, classicTLS(lb, l))
				}
			}
			out = append(out, judge(vs, len(vs), "Classic Load Balancer "+lb.Name, func(st Status, msg string, ev map[string]any) Result { return classicResult(lb, st, msg, ev) }))
		}
		return out
	},
}

// lbAttribute reads a boolean ELBv2 attribute; ok is false when the
// attributes were not read. A key AWS did not return is off, its default.
func lbAttribute(lb inventory.LoadBalancer, key string) (on, ok bool) {
	if lb.Attributes == nil {
		return false, false
	}
	return lb.Attributes[key] == "true", true
}

func attributeResult(lb inventory.LoadBalancer, key, onMsg, offMsg string) Result {
	on, ok := lbAttribute(lb, key)
	ev := map[string]any{key: on}
	switch {
	case !ok:
		return lbResult(lb, Unknown, lbName(lb)+"'s attributes were not read", nil)
	case on:
		return lbResult(lb, Pass, lbName(lb)+" "+onMsg, ev)
	}
	return lbResult(lb, Fail, lbName(lb)+" "+offMsg, ev)
}

var elbAccessLogs = Check{
	ID:            "elb-access-logging",
	Title:         "Load balancer does not log requests",
	Description:   "Application and Classic Load Balancers write a record of every request (client address, path, TLS version, response) to S3 only when access logging is on. Without it there is no record of who reached an internet-facing application, which an investigation needs. Network Load Balancers log only TLS connections and gateway load balancers not at all, so they are not judged. AWS runs the logging; turning it on is part of the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "elb",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ElasticLoadBalancingV2::LoadBalancer",
	Remediation: Remediation{
		Text:    "Turn on access logs to an S3 bucket in the same region whose bucket policy lets the Elastic Load Balancing log delivery write to it.",
		Console: "EC2 > Load Balancers > the load balancer > Attributes > Edit > Monitoring: Access logs on, choose the S3 location > Save changes.",
		CLI:     "aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>",
	},
	References: []string{"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html", elbHub("elb-5")},
	Needs: append(slices.Clone(elbNeeds), op("elbv2", "DescribeLoadBalancerAttributes"), op("elb", "DescribeLoadBalancerAttributes")),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, lb := range inv.ELB.LoadBalancers {
			if lb.Type != inventory.ApplicationLB {
				continue
			}
			r := attributeResult(lb, "access_logs.s3.enabled", "logs every request", "does not log requests: access logs are off")
			if b := lb.Attributes["access_logs.s3.bucket"]; r.Status == Pass && b != "" {
				r.Message += " to s3://" + b
				r.Evidence["bucket"] = b
			}
			out = append(out, r)
		}
		for _, lb := range inv.ELB.Classic {
			ev := map[string]any{"access_log": lb.AccessLog}
			if lb.AccessLog {
				ev["bucket"] = lb.AccessLogBucket
				out = append(out, classicResult(lb, Pass, "Classic Load Balancer "+lb.Name+" logs every request to s3://"+lb.AccessLogBucket, ev))
			} else {
				out = append(out, classicResult(lb, Fail, "Classic Load Balancer "+lb.Name+" does not log requests: access logs are off", ev))
			}
		}
		return out
	},
}

var elbDeletionProtection = Check{
	ID:            "elb-deletion-protection",
	Title:         "Load balancer can be deleted without first turning off protection",
	Description:   "Deletion protection makes DeleteLoadBalancer fail until someone turns it off, so a mistaken script, console click or stack teardown cannot take an application, network or gateway load balancer (and the DNS name clients use) away at once. Classic Load Balancers have no such setting. AWS runs the load balancer; protecting it is part of the customer's configuration.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "elb",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ElasticLoadBalancingV2::LoadBalancer",
	Remediation: Remediation{
		Text:    "Turn on deletion protection for load balancers that carry production traffic.",
		Console: "EC2 > Load Balancers > the load balancer > Attributes > Edit > Protection: Deletion protection on > Save changes.",
		CLI:     "aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=deletion_protection.enabled,Value=true",
	},
	References: []string{"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection", elbHub("elb-6")},
	Needs:      []Operation{op("elbv2", "DescribeLoadBalancers"), op("elbv2", "DescribeLoadBalancerAttributes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, lb := range inv.ELB.LoadBalancers {
			out = append(out, attributeResult(lb, "deletion_protection.enabled", "has deletion protection on", "can be deleted in one call: deletion protection is off"))
		}
		return out
	},
}

var elbDropInvalidHeaders = Check{
	ID:            "elb-alb-drop-invalid-headers",
	Title:         "Application Load Balancer passes on invalid HTTP headers",
	Description:   "An Application Load Balancer forwards header fields whose names break RFC 7230 unless routing.http.drop_invalid_header_fields.enabled is true (it is false by default). Targets that parse such headers differently from the load balancer can be led into HTTP request smuggling and desync attacks. AWS runs the load balancer; this setting is part of the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "elb",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::ElasticLoadBalancingV2::LoadBalancer",
	Remediation: Remediation{
		Text:    "Turn on dropping invalid header fields, after checking that no client relies on header names with characters outside letters, digits and hyphens.",
		Console: "EC2 > Load Balancers > the Application Load Balancer > Attributes > Edit > Packet handling: Drop invalid header fields on > Save changes.",
		CLI:     "aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
	},
	References: []string{"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
		"https://docs.aws.amazon.com/config/latest/developerguide/alb-http-drop-invalid-header-enabled.html", elbHub("elb-4")},
	Needs: []Operation{op("elbv2", "DescribeLoadBalancers"), op("elbv2", "DescribeLoadBalancerAttributes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, lb := range inv.ELB.LoadBalancers {
			if lb.Type == inventory.ApplicationLB {
				out = append(out, attributeResult(lb, "routing.http.drop_invalid_header_fields.enabled", "drops invalid HTTP header fields", "forwards invalid HTTP header fields to its targets"))
			}
		}
		return out
	},
}
