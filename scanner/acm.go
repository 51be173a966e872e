package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/srmscan/srmscan/inventory"
)

// acmMaxItems is ListCertificates' largest page.
const acmMaxItems = 1000

// collectACM lists a region's certificates and reads each in a job of its
// own. ListCertificates lists only RSA_1024 and RSA_2048 keys, and only
// keys AWS or the customer made (not ACME ones), unless asked for more:
// asking for every key type and origin keeps none hidden.
func (s *scan) collectACM(ctx context.Context, region string) {
	c := s.clients.ACM(region)
	p := acm.NewListCertificatesPaginator(c, &acm.ListCertificatesInput{
		MaxItems:                  aws.Int32(acmMaxItems),
		Includes:                  &acmtypes.Filters{KeyTypes: acmtypes.KeyAlgorithm("").Values()},
		CertificateKeyPairOrigins: acmtypes.CertificateKeyPairOrigin("").Values(),
	})
	allPages(ctx, s, "acm", region, "ListCertificates", p, func(page *acm.ListCertificatesOutput) {
		for _, sum := range page.CertificateSummaryList {
			cert := inventory.Certificate{
				Resource:     inventory.Resource{ARN: aws.ToString(sum.CertificateArn), AccountID: s.account(), Region: region},
				DomainName:   aws.ToString(sum.DomainName),
				Type:         string(sum.Type),
				Status:       string(sum.Status),
				KeyAlgorithm: keyAlgorithm(string(sum.KeyAlgorithm)),
			}
			if sum.NotAfter != nil {
				cert.NotAfter = utc(sum.NotAfter)
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectCertificate(ctx, c, cert) })
		}
	})
}

// keyAlgorithm writes a key algorithm as ListCertificates' filter does:
// DescribeCertificate answers "RSA-2048" where the filter says RSA_2048.
func keyAlgorithm(s string) string { return strings.Replace(s, "-", "_", 1) }

func (s *scan) collectCertificate(ctx context.Context, c *acm.Client, cert inventory.Certificate) {
	defer s.add(func(inv *inventory.Inventory) { inv.ACM.Certificates = append(inv.ACM.Certificates, cert) })
	out, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(cert.ARN)})
	if err != nil {
		s.fail("acm", cert.Region, "DescribeCertificate", cert.ARN, err)
		return
	}
	d := out.Certificate
	if d == nil {
		return
	}
	cert.DomainName = aws.ToString(d.DomainName)
	cert.Type = string(d.Type)
	cert.Status = string(d.Status)
	cert.KeyAlgorithm = keyAlgorithm(string(d.KeyAlgorithm))
	cert.NotBefore, cert.NotAfter = utc(d.NotBefore), utc(d.NotAfter)
	cert.InUseBy = d.InUseBy
	cert.RenewalEligibility = string(d.RenewalEligibility)
}
