package checks

import (
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// openSearchChecks are the customer's duties on OpenSearch Service, the
// container model: AWS runs the nodes, their OS and the engine and ships
// service software updates; the customer decides who may reach a domain,
// whether its data and traffic are encrypted, who may do what inside it,
// and when those updates are applied.
var openSearchChecks = []Check{openSearchPublic, openSearchAtRest, openSearchNodeToNode, openSearchHTTPS, openSearchFineGrained, openSearchSoftwareUpdate}

func openSearchHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#" + control
}

// Every check reads what DescribeDomains gives; a domain whose batch
// failed is unknown, a failed listing makes the region's domains unknown.
var openSearchNeeds = []Operation{op("es", "ListDomainNames"), op("es", "DescribeDomains")}

func domainResult(d inventory.OpenSearchDomain, st Status, msg string, ev map[string]any) Result {
	if d.EngineVersion != "" {
		ev["engine_version"] = d.EngineVersion
	}
	return Result{Status: st, Region: d.Region, ResourceARN: d.ARN, Message: "domain " + d.Name + " " + msg, Evidence: ev}
}

var openSearchPublic = Check{
	ID:           "opensearch-domain-public-access",
	Title:        "OpenSearch domain outside a VPC lets anyone use it",
	Description:  "A domain outside a VPC has an endpoint on the internet, and its access policy is all that stands between that endpoint and everyone. A statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where (a narrow aws:SourceIp range, aws:SourceVpce, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn) lets anyone on the internet search, read and often write the indexes, as far as its actions go: the same reading of public as every other resource policy's. A domain in a VPC answers only inside it and passes. AWS runs the endpoint; who may reach it is the customer's alone.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "opensearch",
	ServiceModel: Container,
	ResourceType: "AWS::OpenSearchService::Domain",
	Remediation: Remediation{
		Text:    "Replace Principal \"*\" with the roles that need the domain, or add an aws:SourceIp condition naming your own address ranges; better, recreate the domain in a VPC (a domain cannot move into one) and turn on fine-grained access control.",
		Console: "Amazon OpenSearch Service > Domains > the domain > Security configuration > Edit > Access policy: replace the open statement > Save changes.",
		CLI:     "aws opensearch update-domain-config --domain-name <name> --access-policies file://narrowed-policy.json",
	},
	References: []string{"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html",
		"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html", openSearchHub("opensearch-2")},
	Needs: openSearchNeeds,
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, d := range inv.OpenSearch.Domains {
			res := func(st Status, msg string, ev map[string]any) Result { return domainResult(d, st, msg, ev) }
			switch {
			case d.InVPC():
				ev := map[string]any{"vpc": true}
				if d.VPCID != "" {
					ev["vpc_id"] = d.VPCID
				}
				out = append(out, res(Pass, "sits in a VPC: its endpoint answers only inside it", ev))
			case d.AccessPolicy == "":
				out = append(out, res(Pass, "has no access policy: only its own account's principals, as their IAM policies allow, can use it", map[string]any{"policy": false, "vpc": false}))
			default:
				r := publicPolicyResult(cfg, "domain "+d.Name, d.AccessPolicy, func(st Status, msg string, ev map[string]any) Result {
					ev["vpc"] = false
					return Result{Status: st, Region: d.Region, ResourceARN: d.ARN, Message: msg, Evidence: ev}
				})
				if r.Status == Fail {
					r.Message += ", and the domain has a public endpoint (no VPC)"
				}
				out = append(out, r)
			}
		}
		return out
	},
}

var openSearchAtRest = Check{
	ID:           "opensearch-encryption-at-rest",
	Title:        "OpenSearch domain does not encrypt data at rest",
	Description:  "Without encryption at rest, a domain's indexes, swap files, automated snapshots and logs are stored unencrypted on the storage AWS runs for it. It is turned on when the domain is created (or once, on current engine versions) with an AWS owned or a customer managed KMS key, and cannot be turned off. AWS runs the storage; the choice is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "opensearch",
	ServiceModel: Container,
	ResourceType: "AWS::OpenSearchService::Domain",
	Remediation: Remediation{
		Text:    "Turn on encryption at rest (OpenSearch 1.x and Elasticsearch 6.7 and later allow it on a running domain; older domains must be recreated and their data restored from a snapshot).",
		Console: "Amazon OpenSearch Service > Domains > the domain > Security configuration > Edit > Encryption: Enable encryption of data at rest > Save changes.",
		CLI:     "aws opensearch update-domain-config --domain-name <name> --encryption-at-rest-options Enabled=true,KmsKeyId=<key-arn>",
	},
	References: []string{"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html", openSearchHub("opensearch-1")},
	Needs:      openSearchNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.OpenSearch.Domains {
			ev := map[string]any{"encryption_at_rest": d.EncryptionAtRest}
			if !d.EncryptionAtRest {
				out = append(out, domainResult(d, Fail, "stores its data unencrypted: encryption at rest is off", ev))
				continue
			}
			if d.KMSKeyID != "" {
				ev["kms_key_id"] = d.KMSKeyID
			}
			out = append(out, domainResult(d, Pass, "encrypts its data at rest", ev))
		}
		return out
	},
}

var openSearchNodeToNode = Check{
	ID:           "opensearch-node-to-node-encryption",
	Title:        "OpenSearch domain does not encrypt traffic between its nodes",
	Description:  "Without node-to-node encryption, documents, queries and their answers cross the network between a domain's nodes in the clear, inside AWS's network but outside TLS. It is required for fine-grained access control, and once on it cannot be turned off. AWS runs the nodes; the choice is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "opensearch",
	ServiceModel: Container,
	ResourceType: "AWS::OpenSearchService::Domain",
	Remediation: Remediation{
		Text:    "Turn on node-to-node encryption (OpenSearch 1.x and Elasticsearch 6.7 and later allow it on a running domain; older domains must be recreated).",
		Console: "Amazon OpenSearch Service > Domains > the domain > Security configuration > Edit > Encryption: Node-to-node encryption > Save changes.",
		CLI:     "aws opensearch update-domain-config --domain-name <name> --node-to-node-encryption-options Enabled=true",
	},
	References: []string{"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html", openSearchHub("opensearch-3")},
	Needs:      openSearchNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.OpenSearch.Domains {
			ev := map[string]any{"node_to_node_encryption": d.NodeToNodeEncryption}
			if d.NodeToNodeEncryption {
				out = append(out, domainResult(d, Pass, "encrypts traffic between its nodes", ev))
			} else {
				out = append(out, domainResult(d, Fail, "sends traffic between its nodes unencrypted: node-to-node encryption is off", ev))
			}
		}
		return out
	},
}

// openSearchTLSPolicies are the endpoint TLS policies OpenSearch Service
// offers, with the oldest protocol each accepts; a policy not listed here
// is newer than this table and judged by its name.
var openSearchTLSPolicies = map[string]string{
	"Policy-Min-TLS-1-0-2019-07":     "TLSv1.0",
	"Policy-Min-TLS-1-2-2019-07":     "TLSv1.2",
	"Policy-Min-TLS-1-2-PFS-2023-10": "TLSv1.2",
}

var openSearchHTTPS = Check{
	ID:           "opensearch-https-tls",
	Title:        "OpenSearch domain accepts HTTP or TLS older than 1.2",
	Description:  "A domain's endpoint accepts plain HTTP unless it enforces HTTPS, and with the default TLS policy (Policy-Min-TLS-1-0-2019-07) it still negotiates TLS 1.0 and 1.1, whose weaknesses let traffic be downgraded or read. Requests carry credentials, queries and documents. AWS runs the endpoint; which protocols it accepts is the customer's choice.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "opensearch",
	ServiceModel: Container,
	ResourceType: "AWS::OpenSearchService::Domain",
	Remediation: Remediation{
		Text:    "Require HTTPS and set the TLS security policy to Policy-Min-TLS-1-2-PFS-2023-10 (or Policy-Min-TLS-1-2-2019-07) once no client needs TLS 1.0 or 1.1.",
		Console: "Amazon OpenSearch Service > Domains > the domain > Actions > Edit security configuration > Require HTTPS for all traffic to the domain; TLS security policy: Policy-Min-TLS-1-2-PFS-2023-10 > Save changes.",
		CLI:     "aws opensearch update-domain-config --domain-name <name> --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10",
	},
	References: []string{"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
		"https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html", openSearchHub("opensearch-8")},
	Needs: openSearchNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.OpenSearch.Domains {
			ev := map[string]any{"enforce_https": d.EnforceHTTPS, "tls_security_policy": d.TLSSecurityPolicy}
			oldest, known := openSearchTLSPolicies[d.TLSSecurityPolicy]
			switch {
			case !d.EnforceHTTPS:
				out = append(out, domainResult(d, Fail, "accepts plain HTTP: HTTPS is not enforced", ev))
			case d.TLSSecurityPolicy == "":
				out = append(out, domainResult(d, Unknown, "enforces HTTPS but its TLS security policy was not given", ev))
			case known && oldest != "TLSv1.2":
				ev["oldest_tls"] = oldest
				out = append(out, domainResult(d, Fail, "accepts "+oldest+": TLS security policy "+d.TLSSecurityPolicy+" allows versions before 1.2", ev))
			case !known && !openSearchTLS12Name(d.TLSSecurityPolicy):
				out = append(out, domainResult(d, Unknown, "uses TLS security policy "+d.TLSSecurityPolicy+", which srmscan does not know", ev))
			default:
				out = append(out, domainResult(d, Pass, "enforces HTTPS with TLS 1.2 or later ("+d.TLSSecurityPolicy+")", ev))
			}
		}
		return out
	},
}

// openSearchTLS12Name reads the minimum version from a policy newer than
// the table: AWS names each "Policy-Min-TLS-<major>-<minor>-...".
func openSearchTLS12Name(name string) bool {
	for _, p := range []string{"Policy-Min-TLS-1-2-", "Policy-Min-TLS-1-3-"} {
		if len(name) > len(p) && name[:len(p)] == p {
			return true
		}
	}
	return false
}

var openSearchFineGrained = Check{
	ID:           "opensearch-fine-grained-access-control",
	Title:        "OpenSearch domain has no fine-grained access control",
	Description:  "Without fine-grained access control, anyone the access policy lets in may read and change every index, document and setting of the domain, and OpenSearch Dashboards has no login of its own. With it, users and roles (mapped from IAM, SAML or the internal user database) are limited to the indexes, documents and fields they need. AWS runs the engine; who may do what inside it is the customer's duty.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "opensearch",
	ServiceModel: Container,
	ResourceType: "AWS::OpenSearchService::Domain",
	Remediation: Remediation{
		Text:    "Turn on fine-grained access control (it needs HTTPS, node-to-node encryption and encryption at rest), name an IAM role or a master user, and map users to roles limited to their indexes.",
		Console: "Amazon OpenSearch Service > Domains > the domain > Actions > Edit security configuration > Enable fine-grained access control > set the master user > Save changes.",
		CLI:     "aws opensearch update-domain-config --domain-name <name> --advanced-security-options 'Enabled=true,MasterUserOptions={MasterUserARN=<role-arn>}'",
	},
	References: []string{"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html", openSearchHub("opensearch-7")},
	Needs:      openSearchNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.OpenSearch.Domains {
			ev := map[string]any{"fine_grained_access_control": d.FineGrainedAccessControl}
			if d.FineGrainedAccessControl {
				out = append(out, domainResult(d, Pass, "has fine-grained access control on", ev))
			} else {
				out = append(out, domainResult(d, Fail, "has no fine-grained access control: whoever the access policy admits may use every index", ev))
			}
		}
		return out
	},
}

var openSearchSoftwareUpdate = Check{
	ID:            "opensearch-service-software-update",
	Title:         "OpenSearch domain has a service software update waiting",
	Description:   "AWS ships service software updates, security fixes among them, for every domain, but a domain runs the new software only once the update is applied: by the customer, in the off-peak window if one is set, or by AWS on its automated update date, which can be weeks away. A domain with an update available and not being applied runs software with known fixes missing. AWS patches the infrastructure; when its domains take the update is the customer's half of patch management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "opensearch",
	ServiceModel:  Container,
	ResourceType:  "AWS::OpenSearchService::Domain",
	Remediation: Remediation{
		Text:    "Apply the service software update now or schedule it in the domain's off-peak window, and turn on automatic software updates so later ones are applied without waiting.",
		Console: "Amazon OpenSearch Service > Domains > the domain > Actions > Update > Apply update now (or Schedule it in off-peak window) > Confirm.",
		CLI:     "aws opensearch start-service-software-update --domain-name <name> --schedule-at NOW",
	},
	References: []string{"https://docs.aws.amazon.com/opensearch-service/latest/developerguide/service-software.html", openSearchHub("opensearch-10")},
	Needs:      openSearchNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.OpenSearch.Domains {
			ev := map[string]any{"update_available": d.UpdateAvailable}
			if d.UpdateStatus != "" {
				ev["update_status"] = d.UpdateStatus
			}
			if !d.AutomatedUpdateDate.IsZero() {
				ev["automated_update_date"] = d.AutomatedUpdateDate.Format(time.RFC3339)
			}
			switch {
			case !d.UpdateAvailable:
				out = append(out, domainResult(d, Pass, "runs the latest service software", ev))
			case d.UpdateStatus == "IN_PROGRESS":
				out = append(out, domainResult(d, Pass, "is applying its service software update", ev))
			case !d.AutomatedUpdateDate.IsZero():
				out = append(out, domainResult(d, Fail, "has a service software update available and not applied; AWS will apply it on "+d.AutomatedUpdateDate.Format(time.DateOnly), ev))
			default:
				out = append(out, domainResult(d, Fail, "has a service software update available and not applied", ev))
			}
		}
		return out
	},
}
