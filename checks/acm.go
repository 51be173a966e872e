package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// acmChecks are the customer's duties on AWS Certificate Manager, an
// abstracted service: AWS keeps the private keys and renews the
// certificates it issued when it can validate the domain again; imported
// certificates, renewals that cannot validate and the key size chosen are
// the customer's.
var acmChecks = []Check{acmCertificateExpiry, acmRSAKeyLength}

func acmHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#" + control
}

func certResult(c inventory.Certificate, st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	ev["type"], ev["status"], ev["in_use_by"] = c.Type, c.Status, len(c.InUseBy)
	return Result{Status: st, Region: c.Region, ResourceARN: c.ARN, Message: msg, Evidence: ev}
}

func certName(c inventory.Certificate) string {
	return fmt.Sprintf("certificate for %s (%s)", c.DomainName, strings.ToLower(strings.ReplaceAll(c.Type, "_", " ")))
}

var acmNeeds = []Operation{op("acm", "ListCertificates"), op("acm", "DescribeCertificate")}

var acmCertificateExpiry = Check{
	ID:           "acm-certificate-expiry",
	Title:        "Certificate has expired or expires soon",
	Description:  "A certificate past its NotAfter date makes every client that checks it refuse the connection; one within the renewal window (thresholds.certificate_renewal_days, default 30) is about to. ACM renews the certificates it issued from 60 days before expiry, so one of those still expiring within 30 days is one whose domain validation is failing; an imported certificate is never renewed by ACM and must be re-imported. Certificates not yet issued (pending validation, failed, revoked) are not judged. Measured from the scan's start.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "acm",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CertificateManager::Certificate",
	Remediation: Remediation{
		Text:    "For an ACM-issued certificate, fix its domain validation (the CNAME record ACM asked for, or the validation emails) so the managed renewal can finish. For an imported certificate, obtain a new one from its issuer and re-import it under the same ARN. Delete expired certificates nothing uses.",
		Console: "Certificate Manager > List certificates > the certificate: read Renewal status and Domains (validation); for an imported one, Reimport.",
		CLI:     "aws acm import-certificate --certificate-arn <certificate-arn> --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem",
	},
	References: []string{"https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html", acmHub("acm-1")},
	Needs: acmNeeds,
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, c := range inv.ACM.Certificates {
			if c.Status != "ISSUED" && c.Status != "EXPIRED" && c.Status != "INACTIVE" {
				continue
			}
			if c.NotAfter.IsZero() {
				out = append(out, certResult(c, Unknown, certName(c)+": its expiry date was not read", nil))
				continue
			}
			left := int(c.NotAfter.Sub(cfg.Now).Hours() / 24)
			ev := map[string]any{"not_after": c.NotAfter, "days_left": left, "threshold_days": cfg.CertificateRenewalDays}
			switch {
			case !c.NotAfter.After(cfg.Now) || c.Status == "EXPIRED":
				out = append(out, certResult(c, Fail, fmt.Sprintf("%s expired on %s", certName(c), c.NotAfter.Format("2006-01-02")), ev))
			case left < cfg.CertificateRenewalDays:
				out = append(out, certResult(c, Fail, fmt.Sprintf("%s expires on %s, in %d days (fewer than %d)", certName(c), c.NotAfter.Format("2006-01-02"), left, cfg.CertificateRenewalDays), ev))
			default:
				out = append(out, certResult(c, Pass, fmt.Sprintf("%s is valid until %s, %d days away", certName(c), c.NotAfter.Format("2006-01-02"), left), ev))
			}
		}
		return out
	},
}

var acmRSAKeyLength = Check{
	ID:           "acm-certificate-rsa-key-length",
	Title:        "Certificate has an RSA key shorter than 2048 bits",
	Description:  "An RSA key of 1024 bits is within reach of a well-funded attacker and no longer accepted by NIST (SP 800-131A) or the CA/Browser Forum; ACM itself issues no such certificate, so one is imported. RSA keys of 2048 bits or more and EC keys pass. Listing them all needs ListCertificates to be asked for every key type, which srmscan does.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "acm",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CertificateManager::Certificate",
	Remediation: Remediation{
		Text:    "Replace the certificate with one whose key is RSA 2048 or larger, or ECDSA P-256 or P-384: request one from ACM, or have the issuer sign a new key and re-import it.",
		Console: "Certificate Manager > Request > Request a public certificate > Key algorithm: RSA 2048 or ECDSA P-256; then move the load balancer or distribution to it.",
		CLI:     "aws acm request-certificate --domain-name <domain> --validation-method DNS --key-algorithm RSA_2048",
	},
	References: []string{"https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms",
		"https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-rsa-check.html", acmHub("acm-2")},
	Needs: acmNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.ACM.Certificates {
			ev := map[string]any{"key_algorithm": c.KeyAlgorithm}
			switch {
			case c.KeyAlgorithm == "":
				out = append(out, certResult(c, Unknown, certName(c)+": its key algorithm was not read", ev))
			case c.KeyAlgorithm == "RSA_1024":
				out = append(out, certResult(c, Fail, certName(c)+" has a 1024-bit RSA key", ev))
			default:
				out = append(out, certResult(c, Pass, certName(c)+" has a "+c.KeyAlgorithm+" key", ev))
			}
		}
		return out
	},
}
