package main

import (
	"crypto/sha1"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/report"
)

// A machine's AWS setup, in a temporary home: the shared config and
// credentials files and an SSO cache whose tokens expired long ago. The
// SDK's real credential chain reads it; IMDS is off so no case waits on it.
type awsHome struct {
	dir, config, credentials string
}

const (
	homeSecret   = "home/secret/never/printed/0000000000000"
	homeKeyID    = "AKIAHOMETESTKEYID001"
	homeSSOToken = "sso-access-token-never-printed"
)

func newAWSHome(t *testing.T) awsHome {
	t.Helper()
	h := awsHome{dir: t.TempDir()}
	h.config = filepath.Join(h.dir, "config")
	h.credentials = filepath.Join(h.dir, "credentials")
	write := func(path, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(h.config, `[default]
region = us-east-1

[profile audit]
region = eu-west-1

[profile sso-legacy]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-east-1

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`)
	write(h.credentials, "[ci]\naws_access_key_id = "+homeKeyID+"\naws_secret_access_key = "+homeSecret+"\n")
	// The SDK names a cached token by the SHA-1 of the start URL (legacy
	// profiles) or of the sso-session's name.
	for _, key := range []string{"https://example.awsapps.com/start", "corp"} {
		sum := sha1.Sum([]byte(key))
		write(filepath.Join(h.dir, ".aws", "sso", "cache", hex.EncodeToString(sum[:])+".json"),
			`{"accessToken":"`+homeSSOToken+`","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"`+key+`"}`)
	}
	return h
}

func (h awsHome) env(extra ...string) []string {
	return cleanEnv(append([]string{"HOME=" + h.dir, "AWS_CONFIG_FILE=" + h.config, "AWS_SHARED_CREDENTIALS_FILE=" + h.credentials,
		"AWS_EC2_METADATA_DISABLED=true"}, extra...)...)
}

// Each way credentials fail stops srmscan before any collector: exit 2,
// one message saying what was tried and what to do, no report, no secret.
func TestCredentialPreflight(t *testing.T) {
	h := newAWSHome(t)
	expired := emulate(t, "--reject", "sts:GetCallerIdentity=ExpiredToken")
	unknownKey := emulate(t, "--reject", "sts:GetCallerIdentity=InvalidClientTokenId")
	badSecret := emulate(t, "--reject", "sts:GetCallerIdentity=SignatureDoesNotMatch")
	envKeys := []string{"AWS_ACCESS_KEY_ID=" + fakeKeyID, "AWS_SECRET_ACCESS_KEY=" + fakeSecret, "AWS_SESSION_TOKEN=" + fakeSecret + "token"}
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"no credentials", h.env("AWS_CONFIG_FILE="+filepath.Join(h.dir, "none"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(h.dir, "none")), nil, []string{
			"srmscan: no AWS credentials found; nothing was scanned. srmscan looked for:\n",
			"  - a profile named by --profile or AWS_PROFILE: neither is set\n",
			"  - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set\n",
			"  - an EC2 instance role: not asked (AWS_EC2_METADATA_DISABLED=true)\n",
			"aws configure sso, then aws sso login --profile NAME",
			"To try srmscan without an AWS account: srmscan scan --demo\n",
		}},
		{"a profile without credentials", h.env(), []string{"--profile", "audit"}, []string{
			"srmscan: no AWS credentials found", "  - profile audit (from --profile) in " + h.config + " or " + h.credentials + ": it has no credentials\n",
		}},
		{"--profile that does not exist", h.env(), []string{"--profile", "prod"}, []string{
			"srmscan: --profile prod: no such profile in " + h.config + " or " + h.credentials + "; the profiles there are: audit, ci, default, sso-dev, sso-legacy\n",
		}},
		{"AWS_PROFILE that does not exist", h.env("AWS_PROFILE=prod"), nil, []string{
			"srmscan: AWS_PROFILE=prod: no such profile in ",
		}},
		{"SSO session expired", h.env(), []string{"--profile", "sso-dev"}, []string{
			"srmscan: the SSO session of profile sso-dev has expired or was never started; nothing was scanned. Sign in again with:\n  aws sso login --profile sso-dev\n",
		}},
		{"SSO session expired, legacy profile", h.env("AWS_PROFILE=sso-legacy"), nil, []string{
			"aws sso login --profile sso-legacy\n",
		}},
		{"session token expired", h.env(envKeys...), []string{"--endpoint-url", expired}, []string{
			"srmscan: the session token from the environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN has expired (sts:GetCallerIdentity answered ExpiredToken); nothing was scanned.",
		}},
		{"access key unknown", h.env(), []string{"--profile", "ci", "--endpoint-url", unknownKey}, []string{
			"srmscan: AWS rejected the credentials from profile ci (sts:GetCallerIdentity answered InvalidClientTokenId: AWS does not know the access key ID (deleted, deactivated or mistyped)); nothing was scanned. Fix them, or choose others with --profile.\n",
		}},
		{"wrong secret", h.env(envKeys...), []string{"--endpoint-url", badSecret}, []string{
			"(sts:GetCallerIdentity answered SignatureDoesNotMatch: the secret access key does not match the access key ID)",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, command := range []string{"scan", "collect"} {
				out := filepath.Join(t.TempDir(), "out")
				args := append([]string{command, "--regions", "us-east-1", "--max-attempts", "1", "--out", out}, tc.args...)
				res := runWithEnv(t, tc.env, args...)
				if res.code != report.ExitUsage {
					t.Errorf("%s: exit %d, want 2\n%s", command, res.code, res.stderr)
				}
				for _, w := range tc.want {
					if !strings.Contains(res.stderr, w) {
						t.Errorf("%s: stderr does not say %q:\n%s", command, w, res.stderr)
					}
				}
				// One message: no progress, no per-collector warnings.
				if n := strings.Count(res.stderr, "srmscan:"); n != 1 {
					t.Errorf("%s: %d messages, want one:\n%s", command, n, res.stderr)
				}
				for _, secret := range []string{fakeKeyID, fakeSecret, homeKeyID, homeSecret, homeSSOToken} {
					if strings.Contains(res.stderr+res.stdout, secret) {
						t.Errorf("%s: output holds a credential:\n%s", command, res.stderr)
					}
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("%s: %s was written: %v", command, out, err)
				}
			}
			// Multi-account scans preflight the base credentials the same way.
			res := runWithEnv(t, tc.env, append([]string{"scan", "--accounts", "111122223333", "--role-name", "audit", "--max-attempts", "1",
				"--out", filepath.Join(t.TempDir(), "out")}, tc.args...)...)
			if res.code != report.ExitUsage || !strings.Contains(res.stderr, tc.want[0]) {
				t.Errorf("--accounts: exit %d, want 2 and %q:\n%s", res.code, tc.want[0], res.stderr)
			}
		})
	}
}

// Realistic mistakes in what to scan: each refused before any collector,
// exit 2, with exactly this message.
func TestScanTargetMistakes(t *testing.T) {
	url := emulate(t)
	org := emulateOrg(t)
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"region missing a dash", nil, []string{"--regions", "eu-west1"},
			"srmscan: --regions: unknown region `eu-west1`: did you mean `eu-west-1`?\n"},
		{"availability zone for a region", nil, []string{"--regions", "us-east-1a"},
			"srmscan: --regions: unknown region `us-east-1a`: did you mean `us-east-1`?\n"},
		{"region without its number", nil, []string{"--regions", "us-east"},
			"srmscan: --regions: unknown region `us-east`: did you mean `us-east-1` or `us-east-2`?\n"},
		{"upper case", nil, []string{"--regions", "EU-WEST-1"},
			"srmscan: --regions: unknown region `EU-WEST-1`: did you mean `eu-west-1`?\n"},
		{"stray comma", nil, []string{"--regions", "us-east-1,"},
			"srmscan: --regions: an empty region name (a stray comma?)\n"},
		{"region not opted into", nil, []string{"--regions", "us-east-1,ap-east-1"},
			"srmscan: --regions: region `ap-east-1` is one account 123456789012 has not opted into: enable it (AWS console: Account, AWS Regions) or leave it out\n"},
		{"two mistakes", nil, []string{"--regions", "eu-west1,ap-east-1"},
			"srmscan: --regions:\n  - unknown region `eu-west1`: did you mean `eu-west-1`?\n  - region `ap-east-1` is one account 123456789012 has not opted into: enable it (AWS console: Account, AWS Regions) or leave it out\n"},
		{"account ID with dashes", nil, []string{"--accounts", "1111-2222-3333", "--role-name", "audit"},
			"srmscan: --accounts: \"1111-2222-3333\" is not a 12-digit account ID; did you mean 111122223333?\n"},
		{"account ARN", nil, []string{"--accounts", "arn:aws:iam::111122223333:root", "--role-name", "audit"},
			"srmscan: --accounts: \"arn:aws:iam::111122223333:root\" is not a 12-digit account ID; did you mean 111122223333?\n"},
		{"account ID lost its leading zero", nil, []string{"--accounts", "12345678901", "--role-name", "audit"},
			"srmscan: --accounts: \"12345678901\" is not a 12-digit account ID: it has 11 digits (leading zeros are part of the ID)\n"},
		{"shard counted from zero", nil, []string{"--org", "--role-name", "audit", "--shard", "0/4"},
			"srmscan: --shard 0/4: there is no shard 0 of 4: shards count from 1 to 4\n"},
		{"shard past the end", nil, []string{"--org", "--role-name", "audit", "--shard", "5/4"},
			"srmscan: --shard 5/4: there is no shard 5 of 4: shards count from 1 to 4\n"},
		{"shard not I/N", nil, []string{"--org", "--role-name", "audit", "--shard", "1-4"},
			"srmscan: --shard 1-4: want I/N, this job's shard I of N (e.g. 1/4), or auto/N in a Kubernetes Indexed Job or AWS Batch array job\n"},
		{"auto shard outside a job engine", nil, []string{"--org", "--role-name", "audit", "--shard", "auto/4"},
			"srmscan: --shard auto/4: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) is set; elsewhere, give the shard as I/N, e.g. --shard 1/4\n"},
		{"auto shard index past N", []string{"JOB_COMPLETION_INDEX=4"}, []string{"--org", "--role-name", "audit", "--shard", "auto/4"},
			"srmscan: --shard auto/4: JOB_COMPLETION_INDEX=\"4\" is not a shard index: want 0 to 3 (index 0 is shard 1/4)\n"},
		{"auto shard index not a number", []string{"AWS_BATCH_JOB_ARRAY_INDEX=one"}, []string{"--org", "--role-name", "audit", "--shard", "auto/2"},
			"srmscan: --shard auto/2: AWS_BATCH_JOB_ARRAY_INDEX=\"one\" is not a shard index: want 0 to 1 (index 0 is shard 1/2)\n"},
		{"auto shard without N", []string{"JOB_COMPLETION_INDEX=0"}, []string{"--org", "--role-name", "audit", "--shard", "auto/x"},
			"srmscan: --shard auto/x: N must be a whole number of shards, at least 1 (e.g. auto/4)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			endpoint := url
			if strings.Contains(strings.Join(tc.args, " "), "-role-name") {
				endpoint = org
			}
			env := cleanEnv(append([]string{"AWS_ACCESS_KEY_ID=" + fakeKeyID, "AWS_SECRET_ACCESS_KEY=" + fakeSecret, "AWS_REGION=us-east-1",
				"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}, tc.env...)...)
			out := filepath.Join(t.TempDir(), "out")
			res := runWithEnv(t, env, append([]string{"scan", "--endpoint-url", endpoint, "--out", out}, tc.args...)...)
			// The SDK logs the odd connection-reuse warning of its own on
			// a loaded machine; srmscan's message is the rest.
			res.stderr = regexp.MustCompile(`(?m)^SDK \d{4}/.*\n`).ReplaceAllString(res.stderr, "")
			if res.code != report.ExitUsage || res.stderr != tc.want {
				t.Errorf("exit %d, stderr\n%q\nwant exit 2 and\n%q", res.code, res.stderr, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written: %v", out, err)
			}
		})
	}
}

// --shard auto/N in a job engine scans the shard the engine's zero-based
// index names: index i is shard i+1, the same accounts --shard i+1/N scans.
func TestAutoShardFromJobIndex(t *testing.T) {
	url := emulateOrg(t)
	dir := t.TempDir()
	base := []string{"AWS_ACCESS_KEY_ID=" + fakeKeyID, "AWS_SECRET_ACCESS_KEY=" + fakeSecret, "AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	scan := func(name string, env []string, shard string) []string {
		t.Helper()
		res := runWithEnv(t, cleanEnv(append(base, env...)...), "scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit",
			"--shard", shard, "--fail-on", "none", "--out", filepath.Join(dir, name))
		if res.code != report.ExitOK {
			t.Fatalf("%s: exit %d\n%s", name, res.code, res.stderr)
		}
		r, _ := readReport(t, filepath.Join(dir, name))
		return accountIDs(r)
	}
	for i, shard := range []string{"1/2", "2/2"} {
		want := scan("explicit"+shard[:1], nil, shard)
		idx := string(rune('0' + i))
		for _, env := range []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
			if got := scan(env+idx, []string{env + "=" + idx}, "auto/2"); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s=%s --shard auto/2 scanned %v; --shard %s scans %v", env, idx, got, shard, want)
			}
		}
	}
}
