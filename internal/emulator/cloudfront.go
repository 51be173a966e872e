package emulator

import (
	"cmp"
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

const cloudFrontXMLNS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"

// cloudFrontVersion is the API version every CloudFront path starts with.
const cloudFrontVersion = "/2020-05-31/"

// cloudFrontService speaks CloudFront's REST-XML protocol. CloudFront is
// global: whatever region a request is signed for, it answers with the
// account's distributions.
type cloudFrontService struct{ s *Server }

func (cloudFrontService) operation(r *request) (string, string) {
	if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, cloudFrontVersion) {
		return "", ""
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, cloudFrontVersion), "/")
	switch {
	case len(parts) == 1 && parts[0] == "distribution":
		return "ListDistributions", ""
	case len(parts) == 3 && parts[0] == "distribution" && parts[2] == "config":
		return "GetDistributionConfig", parts[1]
	}
	return "", ""
}

func (cloudFrontService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalError"
}

// cloudFrontError is CloudFront's error document, wrapped in ErrorResponse
// as the other XML services' are.
type cloudFrontError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func (cloudFrontService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	e := cloudFrontError{Xmlns: cloudFrontXMLNS, RequestID: requestID()}
	e.Error.Type = "Sender"
	if status >= 500 {
		e.Error.Type = "Receiver"
	}
	e.Error.Code, e.Error.Message = code, message
	w.Header().Set("x-amz-request-id", requestID())
	writeXML(w, status, e)
}

func (x cloudFrontService) distributions() []*inventory.Distribution {
	var out []*inventory.Distribution
	for i := range x.s.acct.CloudFront.Distributions {
		out = append(out, &x.s.acct.CloudFront.Distributions[i])
	}
	slices.SortFunc(out, func(a, b *inventory.Distribution) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func (x cloudFrontService) serve(w http.ResponseWriter, r *request) {
	w.Header().Set("x-amz-request-id", requestID())
	switch r.Op {
	case "ListDistributions":
		x.listDistributions(w, r)
	case "GetDistributionConfig":
		x.getDistributionConfig(w, r)
	}
}

// The XML shapes below carry only what the collector reads, with the
// element names CloudFront uses; every list is a Quantity and its Items.

type cfAliases struct {
	Quantity int      `xml:"Quantity"`
	Items    []string `xml:"Items>CNAME,omitempty"`
}

type cfSSLProtocols struct {
	Quantity int      `xml:"Quantity"`
	Items    []string `xml:"Items>SslProtocol"`
}

type cfCustomOrigin struct {
	HTTPPort             int            `xml:"HTTPPort"`
	HTTPSPort            int            `xml:"HTTPSPort"`
	OriginProtocolPolicy string         `xml:"OriginProtocolPolicy"`
	OriginSslProtocols   cfSSLProtocols `xml:"OriginSslProtocols"`
}

type cfS3Origin struct {
	OriginAccessIdentity string `xml:"OriginAccessIdentity"`
}

type cfOrigin struct {
	ID                 string          `xml:"Id"`
	DomainName         string          `xml:"DomainName"`
	OriginPath         string          `xml:"OriginPath"`
	S3OriginConfig     *cfS3Origin     `xml:"S3OriginConfig,omitempty"`
	CustomOriginConfig *cfCustomOrigin `xml:"CustomOriginConfig,omitempty"`
	VpcOriginConfig    *struct {
		VpcOriginID string `xml:"VpcOriginId"`
	} `xml:"VpcOriginConfig,omitempty"`
	OriginAccessControlID string `xml:"OriginAccessControlId"`
}

type cfOrigins struct {
	Quantity int        `xml:"Quantity"`
	Items    []cfOrigin `xml:"Items>Origin"`
}

type cfDefaultBehavior struct {
	TargetOriginID       string `xml:"TargetOriginId"`
	ViewerProtocolPolicy string `xml:"ViewerProtocolPolicy"`
}

type cfBehavior struct {
	PathPattern          string `xml:"PathPattern"`
	TargetOriginID       string `xml:"TargetOriginId"`
	ViewerProtocolPolicy string `xml:"ViewerProtocolPolicy"`
}

type cfBehaviors struct {
	Quantity int          `xml:"Quantity"`
	Items    []cfBehavior `xml:"Items>CacheBehavior,omitempty"`
}

type cfViewerCertificate struct {
	CloudFrontDefaultCertificate bool   `xml:"CloudFrontDefaultCertificate"`
	IAMCertificateID             string `xml:"IAMCertificateId,omitempty"`
	ACMCertificateArn            string `xml:"ACMCertificateArn,omitempty"`
	SSLSupportMethod             string `xml:"SSLSupportMethod,omitempty"`
	MinimumProtocolVersion       string `xml:"MinimumProtocolVersion"`
	CertificateSource            string `xml:"CertificateSource"`
}

// cfParts are the elements a summary and a configuration share.
type cfParts struct {
	Aliases              cfAliases           `xml:"Aliases"`
	Origins              cfOrigins           `xml:"Origins"`
	DefaultCacheBehavior cfDefaultBehavior   `xml:"DefaultCacheBehavior"`
	CacheBehaviors       cfBehaviors         `xml:"CacheBehaviors"`
	Comment              string              `xml:"Comment"`
	Enabled              bool                `xml:"Enabled"`
	ViewerCertificate    cfViewerCertificate `xml:"ViewerCertificate"`
	WebACLID             string              `xml:"WebACLId"`
}

func cloudFrontParts(d *inventory.Distribution) cfParts {
	p := cfParts{
		Aliases:  cfAliases{Quantity: len(d.Aliases), Items: d.Aliases},
		Enabled:  d.Enabled,
		WebACLID: d.WebACLID,
	}
	for _, o := range d.Origins {
		x := cfOrigin{ID: o.ID, DomainName: o.DomainName, OriginAccessControlID: o.OriginAccessControlID}
		switch o.Type {
		case "s3":
			x.S3OriginConfig = &cfS3Origin{OriginAccessIdentity: o.OriginAccessIdentity}
		case "vpc":
			x.VpcOriginConfig = &struct {
				VpcOriginID string `xml:"VpcOriginId"`
			}{VpcOriginID: "vo_" + o.ID}
		default:
			x.CustomOriginConfig = &cfCustomOrigin{HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: o.OriginProtocolPolicy,
				OriginSslProtocols: cfSSLProtocols{Quantity: len(o.OriginSSLProtocols), Items: o.OriginSSLProtocols}}
		}
		p.Origins.Items = append(p.Origins.Items, x)
	}
	p.Origins.Quantity = len(p.Origins.Items)
	target := ""
	if len(d.Origins) > 0 {
		target = d.Origins[0].ID
	}
	for i, b := range d.CacheBehaviors {
		if i == 0 {
			p.DefaultCacheBehavior = cfDefaultBehavior{TargetOriginID: target, ViewerProtocolPolicy: b.ViewerProtocolPolicy}
			continue
		}
		p.CacheBehaviors.Items = append(p.CacheBehaviors.Items, cfBehavior{PathPattern: b.PathPattern, TargetOriginID: target, ViewerProtocolPolicy: b.ViewerProtocolPolicy})
	}
	p.CacheBehaviors.Quantity = len(p.CacheBehaviors.Items)
	v := d.ViewerCertificate
	p.ViewerCertificate = cfViewerCertificate{
		CloudFrontDefaultCertificate: v.CloudFrontDefault,
		IAMCertificateID:             v.IAMCertificateID,
		ACMCertificateArn:            v.ACMCertificateARN,
		SSLSupportMethod:             v.SSLSupportMethod,
		MinimumProtocolVersion:       v.MinimumProtocolVersion,
		CertificateSource:            "cloudfront",
	}
	switch {
	case v.ACMCertificateARN != "":
		p.ViewerCertificate.CertificateSource = "acm"
	case v.IAMCertificateID != "":
		p.ViewerCertificate.CertificateSource = "iam"
	}
	return p
}

func (x cloudFrontService) listDistributions(w http.ResponseWriter, r *request) {
	q := r.URL.Query()
	maxItems := 100
	if m := q.Get("MaxItems"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 {
			x.writeError(w, r, http.StatusBadRequest, "InvalidArgument", "MaxItems must be a non-negative integer")
			return
		}
		maxItems = min(n, 100)
	}
	all := x.distributions()
	ds, next, err := page(x.s, all, q.Get("Marker"), maxItems)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidArgument", err.Error())
		return
	}
	type summary struct {
		ID               string `xml:"Id"`
		ARN              string `xml:"ARN"`
		Status           string `xml:"Status"`
		LastModifiedTime string `xml:"LastModifiedTime"`
		DomainName       string `xml:"DomainName"`
		cfParts
		PriceClass    string `xml:"PriceClass"`
		HTTPVersion   string `xml:"HttpVersion"`
		IsIPV6Enabled bool   `xml:"IsIPV6Enabled"`
		Staging       bool   `xml:"Staging"`
	}
	out := struct {
		XMLName     xml.Name  `xml:"DistributionList"`
		Xmlns       string    `xml:"xmlns,attr"`
		Marker      string    `xml:"Marker"`
		NextMarker  string    `xml:"NextMarker,omitempty"`
		MaxItems    int       `xml:"MaxItems"`
		IsTruncated bool      `xml:"IsTruncated"`
		Quantity    int       `xml:"Quantity"`
		Items       []summary `xml:"Items>DistributionSummary,omitempty"`
	}{Xmlns: cloudFrontXMLNS, Marker: q.Get("Marker"), NextMarker: next, MaxItems: maxItems, IsTruncated: next != "", Quantity: len(ds)}
	for _, d := range ds {
		out.Items = append(out.Items, summary{
			ID: d.ID, ARN: d.ARN, Status: "Deployed", LastModifiedTime: "2026-01-05T10:00:00.000Z", DomainName: d.DomainName,
			cfParts: cloudFrontParts(d), PriceClass: "PriceClass_All", HTTPVersion: "http2", IsIPV6Enabled: true,
		})
	}
	writeXML(w, http.StatusOK, out)
}

func (x cloudFrontService) getDistributionConfig(w http.ResponseWriter, r *request) {
	var d *inventory.Distribution
	for _, c := range x.distributions() {
		if c.ID == r.Resource {
			d = c
		}
	}
	if d == nil {
		x.writeError(w, r, http.StatusNotFound, "NoSuchDistribution", "The specified distribution does not exist.")
		return
	}
	type logging struct {
		Enabled        bool   `xml:"Enabled"`
		IncludeCookies bool   `xml:"IncludeCookies"`
		Bucket         string `xml:"Bucket"`
		Prefix         string `xml:"Prefix"`
	}
	out := struct {
		XMLName         xml.Name `xml:"DistributionConfig"`
		Xmlns           string   `xml:"xmlns,attr"`
		CallerReference string   `xml:"CallerReference"`
		cfParts
		Logging    logging `xml:"Logging"`
		PriceClass string  `xml:"PriceClass"`
	}{Xmlns: cloudFrontXMLNS, CallerReference: "ref-" + d.ID, cfParts: cloudFrontParts(d), PriceClass: "PriceClass_All"}
	if l := d.Logging; l != nil {
		out.Logging = logging{Enabled: l.Enabled, Bucket: l.Bucket, Prefix: l.Prefix}
	}
	w.Header().Set("ETag", "E"+strings.ToUpper(d.ID))
	writeXML(w, http.StatusOK, out)
}
