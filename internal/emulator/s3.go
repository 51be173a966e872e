package emulator

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

const s3XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"

// xsiNS is the XML Schema instance namespace S3 declares on every ACL
// grantee to say, through xsi:type, which kind of grantee it is.
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// s3Service speaks S3's REST-XML protocol, path-style only: an emulator on
// one host cannot answer the per-bucket host names of virtual-hosted style.
type s3Service struct{ s *Server }

// s3BucketReads maps the query parameter that names a bucket sub-resource
// to the operation a GET of it is.
var s3BucketReads = []struct{ param, op string }{
	{"location", "GetBucketLocation"},
	{"tagging", "GetBucketTagging"},
	{"encryption", "GetBucketEncryption"},
	{"publicAccessBlock", "GetPublicAccessBlock"},
	{"policy", "GetBucketPolicy"},
	{"policyStatus", "GetBucketPolicyStatus"},
	{"acl", "GetBucketAcl"},
	{"versioning", "GetBucketVersioning"},
	{"logging", "GetBucketLogging"},
	{"ownershipControls", "GetBucketOwnershipControls"},
}

func (s3Service) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	bucket := strings.Trim(r.URL.Path, "/")
	if bucket == "" {
		return "ListBuckets", ""
	}
	if strings.Contains(bucket, "/") {
		// An object key: object operations are not emulated.
		return "", ""
	}
	q := r.URL.Query()
	for _, sr := range s3BucketReads {
		if q.Has(sr.param) {
			return sr.op, bucket
		}
	}
	return "", ""
}

func (s3Service) faultCodes() (string, string, string) {
	return "SlowDown", "AccessDenied", "InternalError"
}

// s3Error is S3's error document. Unlike the other XML services, S3 does
// not wrap it in an ErrorResponse element.
type s3Error struct {
	XMLName    xml.Name `xml:"Error"`
	Code       string   `xml:"Code"`
	Message    string   `xml:"Message"`
	BucketName string   `xml:"BucketName,omitempty"`
	// Bucket and Endpoint tell a client sent to the wrong region where the
	// bucket is served.
	Bucket    string `xml:"Bucket,omitempty"`
	Endpoint  string `xml:"Endpoint,omitempty"`
	RequestID string `xml:"RequestId"`
	HostID    string `xml:"HostId"`
}

func (s3Service) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeS3Error(w, status, s3Error{Code: code, Message: message})
}

func writeS3Error(w http.ResponseWriter, status int, e s3Error) {
	e.RequestID, e.HostID = s3RequestIDs(w)
	writeXML(w, status, e)
}

// s3RequestIDs sets the request ID headers S3 sends with every response and
// returns them for error documents, which repeat them.
func s3RequestIDs(w http.ResponseWriter) (string, string) {
	id, host := "0000000000000000", "ZW11bGF0ZWQtaG9zdC1pZA=="
	w.Header().Set("x-amz-request-id", id)
	w.Header().Set("x-amz-id-2", host)
	return id, host
}

// s3BucketRegion is where a bucket lives; a description that leaves the
// region out means S3's original region, as CreateBucket does.
func s3BucketRegion(b *inventory.Bucket) string {
	if b.Region == "" {
		return "us-east-1"
	}
	return b.Region
}

func (x s3Service) bucket(name string) *inventory.Bucket { return x.s.lookup().buckets[name] }

func (x s3Service) serve(w http.ResponseWriter, r *request) {
	s3RequestIDs(w)
	if r.Op == "ListBuckets" {
		x.listBuckets(w, r)
		return
	}
	b := x.bucket(r.Resource)
	if b == nil {
		writeS3Error(w, http.StatusNotFound, s3Error{Code: "NoSuchBucket", Message: "The specified bucket does not exist", BucketName: r.Resource})
		return
	}
	// S3 serves a bucket only from its own region; the one exception is
	// GetBucketLocation, which exists to find that region from anywhere.
	// The signing region stands for the endpoint here, as every region
	// shares this server's host.
	if region := s3BucketRegion(b); r.Op != "GetBucketLocation" && r.Region != region {
		w.Header().Set("x-amz-bucket-region", region)
		writeS3Error(w, http.StatusMovedPermanently, s3Error{
			Code:     "PermanentRedirect",
			Message:  "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
			Bucket:   b.Name,
			Endpoint: "s3." + region + ".amazonaws.com",
		})
		return
	}
	switch r.Op {
	case "GetBucketLocation":
		x.getBucketLocation(w, b)
	case "GetBucketTagging":
		x.getBucketTagging(w, b)
	case "GetBucketEncryption":
		x.getBucketEncryption(w, b)
	case "GetPublicAccessBlock":
		if b.PublicAccessBlock == nil {
			writeS3Error(w, http.StatusNotFound, s3Error{Code: "NoSuchPublicAccessBlockConfiguration", Message: "The public access block configuration was not found", BucketName: b.Name})
			return
		}
		writeXML(w, http.StatusOK, newPublicAccessBlockXML(s3XMLNS, b.PublicAccessBlock))
	case "GetBucketPolicy":
		if b.Policy == "" {
			writeNoSuchBucketPolicy(w, b)
			return
		}
		// The policy is the body itself, as it was put, not an XML document.
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b.Policy)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(b.Policy))
	case "GetBucketPolicyStatus":
		if b.Policy == "" {
			writeNoSuchBucketPolicy(w, b)
			return
		}
		type policyStatus struct {
			XMLName  xml.Name `xml:"PolicyStatus"`
			Xmlns    string   `xml:"xmlns,attr"`
			IsPublic bool     `xml:"IsPublic"`
		}
		writeXML(w, http.StatusOK, policyStatus{Xmlns: s3XMLNS, IsPublic: b.PolicyIsPublic})
	case "GetBucketAcl":
		x.getBucketACL(w, b)
	case "GetBucketVersioning":
		type versioning struct {
			XMLName   xml.Name `xml:"VersioningConfiguration"`
			Xmlns     string   `xml:"xmlns,attr"`
			Status    string   `xml:"Status,omitempty"`
			MfaDelete string   `xml:"MfaDelete,omitempty"`
		}
		writeXML(w, http.StatusOK, versioning{Xmlns: s3XMLNS, Status: b.Versioning, MfaDelete: b.MFADelete})
	case "GetBucketLogging":
		type loggingEnabled struct {
			TargetBucket string `xml:"TargetBucket"`
			// AWS sends the prefix even when it is empty.
			TargetPrefix string `xml:"TargetPrefix"`
		}
		type loggingStatus struct {
			XMLName        xml.Name        `xml:"BucketLoggingStatus"`
			Xmlns          string          `xml:"xmlns,attr"`
			LoggingEnabled *loggingEnabled `xml:"LoggingEnabled"`
		}
		out := loggingStatus{Xmlns: s3XMLNS}
		if b.Logging != nil {
			out.LoggingEnabled = &loggingEnabled{TargetBucket: b.Logging.TargetBucket, TargetPrefix: b.Logging.TargetPrefix}
		}
		writeXML(w, http.StatusOK, out)
	case "GetBucketOwnershipControls":
		if b.ObjectOwnership == "" {
			writeS3Error(w, http.StatusNotFound, s3Error{Code: "OwnershipControlsNotFoundError", Message: "The bucket ownership controls were not found", BucketName: b.Name})
			return
		}
		type rule struct {
			ObjectOwnership string `xml:"ObjectOwnership"`
		}
		type ownershipControls struct {
			XMLName xml.Name `xml:"OwnershipControls"`
			Xmlns   string   `xml:"xmlns,attr"`
			Rules   []rule   `xml:"Rule"`
		}
		writeXML(w, http.StatusOK, ownershipControls{Xmlns: s3XMLNS, Rules: []rule{{b.ObjectOwnership}}})
	}
}

func writeNoSuchBucketPolicy(w http.ResponseWriter, b *inventory.Bucket) {
	writeS3Error(w, http.StatusNotFound, s3Error{Code: "NoSuchBucketPolicy", Message: "The bucket policy does not exist", BucketName: b.Name})
}

// s3MaxBuckets is the largest page ListBuckets accepts.
const s3MaxBuckets = 10000

func (x s3Service) listBuckets(w http.ResponseWriter, r *request) {
	q := r.URL.Query()
	requested := 0
	if v := q.Get("max-buckets"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > s3MaxBuckets {
			writeS3Error(w, http.StatusBadRequest, s3Error{Code: "InvalidArgument", Message: "max-buckets must be an integer between 1 and 10000"})
			return
		}
		requested = n
	}
	prefix, region := q.Get("prefix"), q.Get("bucket-region")
	var buckets []*inventory.Bucket
	for i := range x.s.acct.S3.Buckets {
		b := &x.s.acct.S3.Buckets[i]
		if strings.HasPrefix(b.Name, prefix) && (region == "" || s3BucketRegion(b) == region) {
			buckets = append(buckets, b)
		}
	}
	// S3 lists buckets in name order.
	slices.SortFunc(buckets, func(a, b *inventory.Bucket) int { return strings.Compare(a.Name, b.Name) })
	items, next, err := page(x.s, buckets, q.Get("continuation-token"), requested)
	if err != nil {
		writeS3Error(w, http.StatusBadRequest, s3Error{Code: "InvalidArgument", Message: "The continuation token provided is incorrect"})
		return
	}

	type bucket struct {
		Name         string `xml:"Name"`
		CreationDate string `xml:"CreationDate"`
		BucketRegion string `xml:"BucketRegion,omitempty"`
	}
	type owner struct {
		ID string `xml:"ID"`
	}
	type result struct {
		XMLName xml.Name `xml:"ListAllMyBucketsResult"`
		Xmlns   string   `xml:"xmlns,attr"`
		Buckets struct {
			Bucket []bucket `xml:"Bucket"`
		} `xml:"Buckets"`
		Owner             *owner `xml:"Owner,omitempty"`
		ContinuationToken string `xml:"ContinuationToken,omitempty"`
		Prefix            string `xml:"Prefix,omitempty"`
	}
	out := result{Xmlns: s3XMLNS, ContinuationToken: next, Prefix: prefix}
	// S3 reports each bucket's region only to requests that use one of
	// ListBuckets' parameters; a bare ListBuckets gets names and dates.
	withRegion := !x.s.opts.LegacyListBuckets &&
		(q.Has("max-buckets") || q.Has("continuation-token") || q.Has("prefix") || q.Has("bucket-region"))
	for _, b := range items {
		e := bucket{Name: b.Name, CreationDate: isoTime(b.CreationDate)}
		if withRegion {
			e.BucketRegion = s3BucketRegion(b)
		}
		out.Buckets.Bucket = append(out.Buckets.Bucket, e)
	}
	if id := x.ownerID(); id != "" {
		out.Owner = &owner{ID: id}
	}
	writeXML(w, http.StatusOK, out)
}

// ownerID is the account's canonical user ID, which S3 gives as the owner
// of every bucket the account lists.
func (x s3Service) ownerID() string {
	for _, b := range x.s.acct.S3.Buckets {
		if b.OwnerID != "" {
			return b.OwnerID
		}
	}
	return ""
}

func (s3Service) getBucketLocation(w http.ResponseWriter, b *inventory.Bucket) {
	type location struct {
		XMLName xml.Name `xml:"LocationConstraint"`
		Xmlns   string   `xml:"xmlns,attr"`
		Region  string   `xml:",chardata"`
	}
	out := location{Xmlns: s3XMLNS}
	// us-east-1 predates location constraints: S3 reports it as none.
	if region := s3BucketRegion(b); region != "us-east-1" {
		out.Region = region
	}
	writeXML(w, http.StatusOK, out)
}

func (s3Service) getBucketTagging(w http.ResponseWriter, b *inventory.Bucket) {
	if len(b.Tags) == 0 {
		writeS3Error(w, http.StatusNotFound, s3Error{Code: "NoSuchTagSet", Message: "The TagSet does not exist", BucketName: b.Name})
		return
	}
	type tag struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	}
	type tagging struct {
		XMLName xml.Name `xml:"Tagging"`
		Xmlns   string   `xml:"xmlns,attr"`
		TagSet  struct {
			Tags []tag `xml:"Tag"`
		} `xml:"TagSet"`
	}
	out := tagging{Xmlns: s3XMLNS}
	for _, t := range b.Tags {
		out.TagSet.Tags = append(out.TagSet.Tags, tag{Key: t.Key, Value: t.Value})
	}
	writeXML(w, http.StatusOK, out)
}

func (s3Service) getBucketEncryption(w http.ResponseWriter, b *inventory.Bucket) {
	if b.Encryption == nil {
		writeS3Error(w, http.StatusNotFound, s3Error{Code: "ServerSideEncryptionConfigurationNotFoundError", Message: "The server side encryption configuration was not found", BucketName: b.Name})
		return
	}
	type byDefault struct {
		SSEAlgorithm   string `xml:"SSEAlgorithm"`
		KMSMasterKeyID string `xml:"KMSMasterKeyID,omitempty"`
	}
	type rule struct {
		ApplyServerSideEncryptionByDefault byDefault `xml:"ApplyServerSideEncryptionByDefault"`
		BucketKeyEnabled                   bool      `xml:"BucketKeyEnabled"`
	}
	type config struct {
		XMLName xml.Name `xml:"ServerSideEncryptionConfiguration"`
		Xmlns   string   `xml:"xmlns,attr"`
		Rules   []rule   `xml:"Rule"`
	}
	e := b.Encryption
	writeXML(w, http.StatusOK, config{Xmlns: s3XMLNS, Rules: []rule{{
		ApplyServerSideEncryptionByDefault: byDefault{SSEAlgorithm: e.Algorithm, KMSMasterKeyID: e.KMSKeyID},
		BucketKeyEnabled:                   e.BucketKeyEnabled,
	}}})
}

// granteeXML is an ACL grantee. encoding/xml cannot declare a namespace
// prefix, so the xsi prefix and its declaration are written as plain
// attribute names, which gives the bytes S3 sends.
type granteeXML struct {
	XMLNSXsi     string `xml:"xmlns:xsi,attr"`
	Type         string `xml:"xsi:type,attr"`
	ID           string `xml:"ID,omitempty"`
	EmailAddress string `xml:"EmailAddress,omitempty"`
	URI          string `xml:"URI,omitempty"`
}

func (s3Service) getBucketACL(w http.ResponseWriter, b *inventory.Bucket) {
	type grant struct {
		Grantee    granteeXML `xml:"Grantee"`
		Permission string     `xml:"Permission"`
	}
	type owner struct {
		ID string `xml:"ID"`
	}
	type policy struct {
		XMLName xml.Name `xml:"AccessControlPolicy"`
		Xmlns   string   `xml:"xmlns,attr"`
		Owner   owner    `xml:"Owner"`
		ACL     struct {
			Grants []grant `xml:"Grant"`
		} `xml:"AccessControlList"`
	}
	out := policy{Xmlns: s3XMLNS, Owner: owner{ID: b.OwnerID}}
	for _, g := range b.Grants {
		ge := granteeXML{XMLNSXsi: xsiNS, Type: g.GranteeType}
		switch g.GranteeType {
		case "Group":
			ge.URI = g.GranteeURI
		case "AmazonCustomerByEmail":
			ge.EmailAddress = g.GranteeID
		default:
			ge.ID = g.GranteeID
		}
		out.ACL.Grants = append(out.ACL.Grants, grant{Grantee: ge, Permission: g.Permission})
	}
	writeXML(w, http.StatusOK, out)
}

// publicAccessBlockXML is the Block Public Access document, the same in S3
// and S3 Control but for its namespace.
type publicAccessBlockXML struct {
	XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
	Xmlns                 string   `xml:"xmlns,attr"`
	BlockPublicAcls       bool     `xml:"BlockPublicAcls"`
	IgnorePublicAcls      bool     `xml:"IgnorePublicAcls"`
	BlockPublicPolicy     bool     `xml:"BlockPublicPolicy"`
	RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets"`
}

func newPublicAccessBlockXML(xmlns string, p *inventory.PublicAccessBlock) publicAccessBlockXML {
	return publicAccessBlockXML{
		Xmlns:                 xmlns,
		BlockPublicAcls:       p.BlockPublicACLs,
		IgnorePublicAcls:      p.IgnorePublicACLs,
		BlockPublicPolicy:     p.BlockPublicPolicy,
		RestrictPublicBuckets: p.RestrictPublicBuckets,
	}
}
