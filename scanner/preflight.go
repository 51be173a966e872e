package scanner

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// Why credentials could not be used, as far as the user's remedy differs.
const (
	// CredentialsMissing: the SDK's chain found nothing and fell through
	// to the instance role, which is not there either.
	CredentialsMissing = "missing"
	// CredentialsSSOExpired: the profile's SSO session has expired or was
	// never started; aws sso login renews it.
	CredentialsSSOExpired = "sso-expired"
	// CredentialsExpired: STS says the session token has expired.
	CredentialsExpired = "expired"
	// CredentialsInvalid: STS does not know the key, or the secret does
	// not match it.
	CredentialsInvalid = "invalid"
	// CredentialsUnusable: anything else (network, a credential process
	// that failed, an endpoint that errs).
	CredentialsUnusable = "unusable"
)

// CredentialError says why the preflight could not confirm the credentials.
type CredentialError struct {
	Reason string
	// Sources are where the SDK's chain took (or looked for) the
	// credentials, so a message can name them.
	Sources []aws.CredentialSource
	// Code is the AWS error code when STS answered, e.g. ExpiredToken.
	Code string
	// Message is the underlying error, scrubbed of anything shaped like a
	// credential. Reasons other than CredentialsUnusable need not show it.
	Message string
}

func (e *CredentialError) Error() string { return e.Message }

// Preflight resolves cfg's credentials and asks STS whose they are, once,
// before anything else runs: without it, a scan with no usable credentials
// starts every collector, each of which fails with the same cause.
func Preflight(ctx context.Context, cfg aws.Config) (Caller, error) {
	var sources []aws.CredentialSource
	if s, ok := cfg.Credentials.(aws.CredentialProviderSource); ok {
		sources = s.ProviderSources()
	}
	fail := func(reason, code string, err error) (Caller, error) {
		e := classify(err)
		return Caller{}, &CredentialError{Reason: reason, Sources: sources, Code: code, Message: redactShapes(e.Message)}
	}
	cfg = withHomeRegion(cfg)
	if cfg.Credentials == nil {
		return Caller{}, &CredentialError{Reason: CredentialsMissing, Message: "no credential provider"}
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return Caller{}, ctx.Err()
		}
		var invalidToken *ssocreds.InvalidTokenError
		var apiErr smithy.APIError
		switch {
		case slices.Equal(sources, []aws.CredentialSource{aws.CredentialSourceIMDS}):
			return fail(CredentialsMissing, "", err)
		case errors.As(err, &invalidToken):
			return fail(CredentialsSSOExpired, "", err)
		case usesSSO(sources) && !errors.As(err, &apiErr) && classify(err).Kind != inventory.ErrNetwork:
			// The sso-session token provider reports an expired token it
			// cannot refresh in a plain error; no API was reached.
			return fail(CredentialsSSOExpired, "", err)
		case usesSSO(sources) && errors.As(err, &apiErr) && apiErr.ErrorCode() == "UnauthorizedException":
			// The SSO portal refused the cached token: signed out, or
			// revoked before its recorded expiry.
			return fail(CredentialsSSOExpired, apiErr.ErrorCode(), err)
		}
		return fail(CredentialsUnusable, "", err)
	}
	caller, err := Identify(ctx, cfg)
	if err == nil {
		return caller, nil
	}
	if ctx.Err() != nil {
		return Caller{}, ctx.Err()
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch code := apiErr.ErrorCode(); code {
		case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
			return fail(CredentialsExpired, code, err)
		case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId":
			return fail(CredentialsInvalid, code, err)
		default:
			return fail(CredentialsUnusable, code, err)
		}
	}
	return fail(CredentialsUnusable, "", err)
}

func usesSSO(sources []aws.CredentialSource) bool {
	for _, s := range sources {
		switch s {
		case aws.CredentialSourceSSO, aws.CredentialSourceSSOLegacy, aws.CredentialSourceProfileSSO, aws.CredentialSourceProfileSSOLegacy:
			return true
		}
	}
	return false
}

// redactShapes removes anything shaped like a credential; the preflight
// has no signed request of its own to learn the exact values from.
func redactShapes(msg string) string {
	return credentialRE.ReplaceAllStringFunc(msg, func(m string) string {
		if sub := credentialRE.FindStringSubmatch(m); sub[1] != "" {
			return sub[1] + redacted
		}
		return redacted
	})
}

// Region is a region of the caller's partition.
type Region struct {
	Name string
	// OptInStatus is EC2's: opt-in-not-required, opted-in or not-opted-in.
	OptInStatus string
}

// Enabled reports whether the account can call the region.
func (r Region) Enabled() bool { return r.OptInStatus != "not-opted-in" }

// PartitionRegions lists every region of the caller's partition, with
// whether the account has opted into it (ec2:DescribeRegions, AllRegions).
func PartitionRegions(ctx context.Context, cfg aws.Config) ([]Region, error) {
	out, err := ec2.NewFromConfig(withHomeRegion(cfg)).
		DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	var rs []Region
	for _, r := range out.Regions {
		rs = append(rs, Region{Name: aws.ToString(r.RegionName), OptInStatus: aws.ToString(r.OptInStatus)})
	}
	slices.SortFunc(rs, func(a, b Region) int { return cmp.Compare(a.Name, b.Name) })
	return rs, nil
}
