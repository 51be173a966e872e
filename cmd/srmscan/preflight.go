package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/srmscan/srmscan/internal/spelling"
	"github.com/srmscan/srmscan/report"
	"github.com/srmscan/srmscan/scanner"
)

// preflight confirms the credentials and the regions before any collector
// starts, so a scan that cannot succeed ends with one message and exit 2
// instead of a report of unknowns. multi skips the opt-in check: the
// caller's account says nothing of which regions its members enabled.
func (f *collectFlags) preflight(ctx context.Context, cfg aws.Config, multi bool, stderr io.Writer) (scanner.Caller, error) {
	caller, err := scanner.Preflight(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return caller, &exitError{code: report.ExitIncomplete, err: errors.New("interrupted before anything was collected: no report written")}
		}
		var ce *scanner.CredentialError
		if !errors.As(err, &ce) {
			return caller, usage("%v", err)
		}
		return caller, &exitError{code: report.ExitUsage, err: errors.New(f.credentialMessage(ce))}
	}
	if len(f.regions) == 0 {
		return caller, nil
	}
	regions, err := scanner.PartitionRegions(ctx, cfg)
	if err != nil {
		// Without the list, a wrong name still fails, later, as that
		// region's collection errors; refusing a scan the caller may lack
		// only this one permission for would be worse.
		fmt.Fprintf(stderr, "srmscan: warning: --regions not checked: ec2:DescribeRegions failed (%s)\n", firstLine(err.Error()))
		return caller, nil
	}
	if msg := checkRegions(f.regions, regions, caller, multi); msg != "" {
		return caller, usage("%s", msg)
	}
	return caller, nil
}

// checkRegions returns what is wrong with the names asked for, or "".
func checkRegions(asked []string, known []scanner.Region, caller scanner.Caller, multi bool) string {
	var problems []string
	for _, name := range asked {
		i := slices.IndexFunc(known, func(r scanner.Region) bool { return r.Name == name })
		switch {
		case name == "":
			problems = append(problems, "an empty region name (a stray comma?)")
		case i < 0:
			p := fmt.Sprintf("unknown region `%s`", name)
			if near := nearest(name, known); len(near) > 0 {
				p += ": did you mean " + orList(near) + "?"
			} else {
				names := make([]string, len(known))
				for i, r := range known {
					names[i] = r.Name
				}
				p += fmt.Sprintf(": not a region of the %s partition, whose regions are %s", cmp.Or(caller.Partition, "aws"), strings.Join(names, ", "))
			}
			problems = append(problems, p)
		case !known[i].Enabled() && !multi:
			problems = append(problems, fmt.Sprintf("region `%s` is one account %s has not opted into: enable it (AWS console: Account, AWS Regions) or leave it out", name, caller.AccountID))
		}
	}
	switch len(problems) {
	case 0:
		return ""
	case 1:
		return "--regions: " + problems[0]
	}
	return "--regions:\n  - " + strings.Join(problems, "\n  - ")
}

// nearest returns the known region names closest to name, if any is close
// enough to be the one meant.
func nearest(name string, known []scanner.Region) []string {
	best, out := 3, []string(nil)
	for _, r := range known {
		d := spelling.Distance(strings.ToLower(strings.TrimSpace(name)), r.Name)
		switch {
		case d < best:
			best, out = d, []string{r.Name}
		case d == best:
			out = append(out, r.Name)
		}
	}
	return out
}

func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// profileName is the profile the SDK read, and what chose it.
func (f *collectFlags) profileName() (name, from string) {
	if f.profile != "" {
		return f.profile, "--profile"
	}
	if p := os.Getenv("AWS_PROFILE"); p != "" {
		return p, "AWS_PROFILE"
	}
	return "default", ""
}

// configFiles are the shared config and credentials files the SDK reads.
func configFiles() (cfgFile, credFile string) {
	cfgFile = cmp.Or(os.Getenv("AWS_CONFIG_FILE"), config.DefaultSharedConfigFilename())
	credFile = cmp.Or(os.Getenv("AWS_SHARED_CREDENTIALS_FILE"), config.DefaultSharedCredentialsFilename())
	return cfgFile, credFile
}

// credentialMessage says what was tried and what to do. It names where
// credentials came from, never what they are.
func (f *collectFlags) credentialMessage(e *scanner.CredentialError) string {
	profile, from := f.profileName()
	cfgFile, credFile := configFiles()
	origin := credentialOrigin(e.Sources, profile)
	const nothing = "; nothing was scanned"
	switch e.Reason {
	case scanner.CredentialsMissing:
		var b strings.Builder
		b.WriteString("no AWS credentials found" + nothing + ". srmscan looked for:\n")
		if from == "" {
			b.WriteString("  - a profile named by --profile or AWS_PROFILE: neither is set\n")
			fmt.Fprintf(&b, "  - the default profile in %s or %s: no credentials there\n", cfgFile, credFile)
		} else {
			fmt.Fprintf(&b, "  - profile %s (from %s) in %s or %s: it has no credentials\n", profile, from, cfgFile, credFile)
		}
		b.WriteString("  - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set\n")
		if strings.EqualFold(os.Getenv("AWS_EC2_METADATA_DISABLED"), "true") {
			b.WriteString("  - an EC2 instance role: not asked (AWS_EC2_METADATA_DISABLED=true)\n")
		} else {
			b.WriteString("  - an EC2 instance or container role: none answered\n")
		}
		b.WriteString("Name a profile with --profile NAME or AWS_PROFILE (for IAM Identity Center/SSO: aws configure sso, then aws sso login --profile NAME),\n" +
			"or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.\n" +
			"To try srmscan without an AWS account: srmscan scan --demo")
		return b.String()
	case scanner.CredentialsSSOExpired:
		return fmt.Sprintf("the SSO session of profile %s has expired or was never started%s. Sign in again with:\n  aws sso login --profile %s", profile, nothing, profile)
	case scanner.CredentialsExpired:
		return fmt.Sprintf("the session token from %s has expired (sts:GetCallerIdentity answered %s)%s. Get new temporary credentials (aws sso login, or assume the role again) and run srmscan again.", origin, e.Code, nothing)
	case scanner.CredentialsInvalid:
		why := "AWS does not know the access key ID (deleted, deactivated or mistyped)"
		if e.Code == "SignatureDoesNotMatch" {
			why = "the secret access key does not match the access key ID"
		}
		return fmt.Sprintf("AWS rejected the credentials from %s (sts:GetCallerIdentity answered %s: %s)%s. Fix them, or choose others with --profile.", origin, e.Code, why, nothing)
	}
	return fmt.Sprintf("could not check the credentials from %s with sts:GetCallerIdentity: %s%s", origin, firstLine(e.Message), nothing)
}

// credentialOrigin names where the SDK's chain took the credentials from.
func credentialOrigin(sources []aws.CredentialSource, profile string) string {
	has := func(s ...aws.CredentialSource) bool {
		return slices.ContainsFunc(sources, func(x aws.CredentialSource) bool { return slices.Contains(s, x) })
	}
	switch {
	case has(aws.CredentialSourceEnvVars):
		return "the environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"
	case has(aws.CredentialSourceEnvVarsSTSWebIDToken, aws.CredentialSourceSTSAssumeRoleWebID):
		return "the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)"
	case has(aws.CredentialSourceSSO, aws.CredentialSourceSSOLegacy, aws.CredentialSourceProfileSSO, aws.CredentialSourceProfileSSOLegacy):
		return "the SSO session of profile " + profile
	case has(aws.CredentialSourceSTSAssumeRole, aws.CredentialSourceProfileSourceProfile):
		return "the role of profile " + profile
	case has(aws.CredentialSourceProfileProcess, aws.CredentialSourceProcess):
		return "the credential_process of profile " + profile
	case has(aws.CredentialSourceProfile):
		return "profile " + profile
	case has(aws.CredentialSourceHTTP):
		return "the container credentials endpoint"
	case has(aws.CredentialSourceIMDS):
		return "the EC2 instance role"
	}
	return "the SDK's credential chain"
}

// profileNotFound explains a --profile or AWS_PROFILE the shared files do
// not define, listing those they do.
func (f *collectFlags) profileNotFound(e *config.SharedConfigProfileNotExistError) error {
	who := "--profile " + e.Profile
	if _, from := f.profileName(); from == "AWS_PROFILE" {
		who = "AWS_PROFILE=" + e.Profile
	}
	files := e.Filename
	if len(files) == 0 {
		c, cr := configFiles()
		files = []string{c, cr}
	}
	var names []string
	for _, file := range files {
		names = append(names, profilesIn(file)...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	have := "they define no profile (aws configure --profile NAME, or aws configure sso, creates one)"
	if len(names) > 0 {
		have = "the profiles there are: " + strings.Join(names, ", ")
	}
	return usage("%s: no such profile in %s; %s", who, strings.Join(files, " or "), have)
}

var sectionRE = regexp.MustCompile(`^\[\s*(?:(profile)\s+)?([^\]\s]+)\s*\]`)

// profilesIn lists the profiles of a shared config or credentials file:
// [profile NAME] and [default] in the first, [NAME] in the second.
func profilesIn(path string) []string {
	file, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer file.Close()
	var out []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		m := sectionRE.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		// Other sections of the config file ([sso-session x], [services
		// x]) have a space too, and are not profiles.
		if m[1] == "profile" || !strings.Contains(strings.TrimSpace(sc.Text()), " ") {
			out = append(out, m[2])
		}
	}
	return out
}

// resolveShard turns --shard auto/N into I/N from the index the job
// engine gives each copy of the job: Kubernetes Indexed Jobs set
// JOB_COMPLETION_INDEX, AWS Batch array jobs AWS_BATCH_JOB_ARRAY_INDEX,
// both counting from 0.
func resolveShard(s string) (string, error) {
	n, ok := strings.CutPrefix(s, "auto/")
	if !ok {
		return s, nil
	}
	total, err := strconv.Atoi(n)
	if err != nil || total < 1 {
		return "", usage("--shard %s: N must be a whole number of shards, at least 1 (e.g. auto/4)", s)
	}
	for _, env := range []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
		v, set := os.LookupEnv(env)
		if !set {
			continue
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= total {
			return "", usage("--shard %s: %s=%q is not a shard index: want 0 to %d (index 0 is shard 1/%d)", s, env, v, total-1, total)
		}
		return fmt.Sprintf("%d/%d", i+1, total), nil
	}
	return "", usage("--shard %s: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) is set; elsewhere, give the shard as I/N, e.g. --shard 1/%d", s, total)
}

// parseShard reads I/N with a message for each way it can be wrong.
func parseShard(s string) (scanner.Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	switch {
	case !ok || err1 != nil || err2 != nil:
		return scanner.Shard{}, usage("--shard %s: want I/N, this job's shard I of N (e.g. 1/4), or auto/N in a Kubernetes Indexed Job or AWS Batch array job", s)
	case n < 1:
		return scanner.Shard{}, usage("--shard %s: N must be at least 1", s)
	case i < 1 || i > n:
		return scanner.Shard{}, usage("--shard %s: there is no shard %d of %d: shards count from 1 to %d", s, i, n, n)
	}
	return scanner.Shard{I: i, N: n}, nil
}

// accountIDProblem explains why id is not an account ID, with the ID it
// probably meant when there is one.
func accountIDProblem(id string) string {
	msg := fmt.Sprintf("--accounts: %q is not a 12-digit account ID", id)
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, id)
	switch {
	case id == "":
		return "--accounts: an empty account ID (a stray comma?)"
	case len(digits) == 12 && strings.Trim(id, "0123456789- ") == "":
		return msg + "; did you mean " + digits + "?"
	case accountInARN.MatchString(id):
		return msg + "; did you mean " + accountInARN.FindStringSubmatch(id)[1] + "?"
	case len(digits) == len(id) && len(digits) < 12:
		return msg + fmt.Sprintf(": it has %d digits (leading zeros are part of the ID)", len(digits))
	}
	return msg
}

var accountInARN = regexp.MustCompile(`^arn:[a-z-]+:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):`)

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
