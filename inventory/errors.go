package inventory

import "fmt"

// ErrorKind classifies why a collection failed, so reports and gates can
// tell a permissions gap from an outage.
type ErrorKind string

// The kinds of collection failure.
const (
	ErrAccessDenied   ErrorKind = "access-denied"
	ErrThrottled      ErrorKind = "throttled"
	ErrTimeout        ErrorKind = "timeout"
	ErrRegionDisabled ErrorKind = "region-disabled"
	ErrNetwork        ErrorKind = "network"
	ErrCanceled       ErrorKind = "canceled"
	ErrMalformed      ErrorKind = "malformed-response"
	ErrService        ErrorKind = "service-error"
	// ErrNotScanned is never collected: checks give it to data of a
	// service left out of the scan by choice (--services), so what
	// depended on it is unknown, not judged on nothing.
	ErrNotScanned ErrorKind = "not-scanned"
)

// CollectionError records one operation that could not be completed. Every
// failure is kept: checks that depend on the operation report `unknown` for
// the scope it names.
type CollectionError struct {
	// Service is the lower-case service name: "ec2", "s3", "iam", "sts".
	Service string `json:"service"`
	// Region is empty for global operations.
	Region string `json:"region,omitempty"`
	// Operation is the API operation name, e.g. "DescribeSecurityGroups".
	Operation string `json:"operation"`
	// ResourceARN is set when the failure concerns a single resource (one
	// bucket's policy); empty when the whole listing in Region failed.
	ResourceARN string    `json:"resource_arn,omitempty"`
	Kind        ErrorKind `json:"kind"`
	// Code is the AWS error code when there was one (AccessDenied,
	// Throttling, ...).
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	// AccountID is set in multi-account reports, whose top-level list
	// holds every account's failures.
	AccountID string `json:"account_id,omitempty"`
}

func (e CollectionError) Error() string {
	where := e.Region
	if where == "" {
		where = "global"
	}
	if e.ResourceARN != "" {
		where += " " + e.ResourceARN
	}
	return fmt.Sprintf("%s:%s (%s): %s: %s", e.Service, e.Operation, where, e.Kind, e.Message)
}

// Covers reports whether the failure makes data about a resource in region
// unreliable: a listing failure covers every resource of its region (every
// region, for a global service), a per-resource failure only that resource.
func (e CollectionError) Covers(region, resourceARN string) bool {
	if e.ResourceARN != "" {
		return e.ResourceARN == resourceARN
	}
	return e.Region == "" || e.Region == region
}
