package emulator

import (
	"cmp"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// acmMaxItems is ListCertificates' largest page.
const acmMaxItems = 1000

// acmDefaultKeyTypes are the key types ListCertificates lists when the
// request names none: a collector that does not ask for every type
// silently misses certificates with larger RSA or EC keys.
var acmDefaultKeyTypes = []string{"RSA_1024", "RSA_2048"}

// acmService serves ACM (JSON 1.1, target CertificateManager) from the
// account's certificates: a region answers with its own.
type acmService struct{ s *Server }

func newACM(s *Server) jsonService {
	x := acmService{s}
	return jsonService{
		s: s, target: "CertificateManager", version: "1.1", internal: "InternalFailure",
		ops: map[string]jsonOp{
			"ListCertificates":    {serve: x.listCertificates},
			"DescribeCertificate": {serve: x.describeCertificate, resource: "CertificateArn"},
		},
	}
}

func (x acmService) certificates(region string) []*inventory.Certificate {
	cs := inRegion(x.s.acct.ACM.Certificates, region, func(c *inventory.Certificate) string { return c.Region })
	slices.SortFunc(cs, func(a, b *inventory.Certificate) int { return cmp.Compare(a.ARN, b.ARN) })
	return cs
}

func (x acmService) listCertificates(c *jsonCall) (any, *jsonError) {
	var in struct {
		MaxItems  *int    `json:"MaxItems"`
		NextToken *string `json:"NextToken"`
		Includes  *struct {
			KeyTypes []string `json:"keyTypes"`
		} `json:"Includes"`
		CertificateKeyPairOrigins []string `json:"CertificateKeyPairOrigins"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.MaxItems, "maxItems", 1, acmMaxItems); err != nil {
		return nil, err
	}
	types := acmDefaultKeyTypes
	if in.Includes != nil && len(in.Includes.KeyTypes) > 0 {
		types = in.Includes.KeyTypes
	}
	var listed []*inventory.Certificate
	for _, cert := range x.certificates(c.Region) {
		if slices.Contains(types, cert.KeyAlgorithm) {
			listed = append(listed, cert)
		}
	}
	certs, next, err := jsonPage(c, listed, in.NextToken, in.MaxItems, "InvalidArgsException")
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	for _, cert := range certs {
		list = append(list, map[string]any{
			"CertificateArn": cert.ARN, "DomainName": cert.DomainName, "Type": cert.Type, "Status": cert.Status,
			"KeyAlgorithm": cert.KeyAlgorithm, "InUse": len(cert.InUseBy) > 0,
			"NotAfter": jsonTime(cert.NotAfter), "NotBefore": jsonTime(cert.NotBefore),
		})
	}
	return map[string]any{"CertificateSummaryList": list, "NextToken": optString(next)}, nil
}

func (x acmService) describeCertificate(c *jsonCall) (any, *jsonError) {
	var in struct {
		CertificateArn string `json:"CertificateArn"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	for _, cert := range x.certificates(c.Region) {
		if cert.ARN != in.CertificateArn {
			continue
		}
		// DescribeCertificate writes the key algorithm with a hyphen
		// ("RSA-2048"), unlike ListCertificates and its filter.
		d := map[string]any{
			"CertificateArn": cert.ARN, "DomainName": cert.DomainName, "SubjectAlternativeNames": []string{cert.DomainName},
			"Type": cert.Type, "Status": cert.Status, "KeyAlgorithm": strings.Replace(cert.KeyAlgorithm, "_", "-", 1),
			"NotBefore": jsonTime(cert.NotBefore), "NotAfter": jsonTime(cert.NotAfter),
			"InUseBy": orEmptyOf(cert.InUseBy), "Serial": "0a:1b:2c:3d", "SignatureAlgorithm": "SHA256WITHRSA",
		}
		if cert.RenewalEligibility != "" {
			d["RenewalEligibility"] = cert.RenewalEligibility
		}
		return map[string]any{"Certificate": d}, nil
	}
	return nil, badRequest("ResourceNotFoundException", "Could not find certificate %s.", in.CertificateArn)
}
