package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// secretsChecks are the customer's duties on Secrets Manager, an
// abstracted service: AWS stores and encrypts the secrets and runs the
// rotation machinery; whether secrets rotate, who may read them and
// whether unused ones linger are the customer's. srmscan reads what
// ListSecrets says of a secret and its resource policy, never its value.
var secretsChecks = []Check{secretRotation, secretPolicyPublic, secretUnused}

func secretsHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#" + control
}

func secretResult(s inventory.Secret, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: s.Region, ResourceARN: s.ARN, Message: msg, Evidence: ev}
}

// isReplica reports whether the secret is a copy of another region's:
// rotation is set, and use is best judged, on the primary.
func isReplica(s inventory.Secret) bool { return s.PrimaryRegion != "" && s.PrimaryRegion != s.Region }

// rateRE reads a rotation schedule of the form rate(N days) or
// rate(N hours); cron expressions have no single interval.
var rateRE = regexp.MustCompile(`^rate\((\d+) (day|days|hour|hours)\)$`)

// scheduleDays is how many days apart a secret's scheduled rotations are,
// and whether that could be read.
func scheduleDays(s inventory.Secret) (float64, bool) {
	if s.RotationDays > 0 {
		return float64(s.RotationDays), true
	}
	m := rateRE.FindStringSubmatch(s.RotationSchedule)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	if m[2] == "hour" || m[2] == "hours" {
		return float64(n) / 24, true
	}
	return float64(n), true
}

var secretRotation = Check{
	ID:           "secretsmanager-secret-rotation",
	Title:        "Secret is not rotated automatically, or not recently",
	Description:  "A secret that never changes stays valid for as long as anyone who ever saw it, or a copy of it in a log or a laptop, cares to use it. Secrets Manager rotates a secret on a schedule when rotation is turned on; AWS runs the schedule, turning it on and keeping it working is the customer's. A secret fails when rotation is off, when its schedule is longer than thresholds.max_secret_rotation_days (default 90), or when its last rotation (or, if it was never rotated, its creation) is older than that. A replica secret is judged through its primary, where rotation is set.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "secretsmanager",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SecretsManager::Secret",
	Remediation: Remediation{
		Text:    "Turn on automatic rotation with a schedule within the threshold; for database credentials use the rotation function template of the engine. If rotation is on but the last rotation is old, look at the rotation function's CloudWatch logs: the rotation is failing.",
		Console: "Secrets Manager > Secrets > the secret > Rotation > Edit rotation: Automatic rotation on, schedule, rotation function > Save.",
		CLI:     "aws secretsmanager rotate-secret --secret-id <secret-arn> --rotation-lambda-arn <function-arn> --rotation-rules AutomaticallyAfterDays=30",
	},
	References: []string{"https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
		secretsHub("secretsmanager-1"), secretsHub("secretsmanager-4")},
	Needs: []Operation{op("secretsmanager", "ListSecrets")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		limit := cfg.MaxSecretRotationDays
		for _, s := range inv.SecretsManager.Secrets {
			if isReplica(s) {
				continue
			}
			ev := map[string]any{"rotation_enabled": s.RotationEnabled, "max_rotation_days": limit}
			if !s.LastRotatedAt.IsZero() {
				ev["last_rotated_date"] = day(s.LastRotatedAt)
			}
			if s.OwningService != "" {
				ev["owning_service"] = s.OwningService
			}
			res := func(st Status, msg string) Result { return secretResult(s, st, "secret "+s.Name+" "+msg, ev) }
			if !s.RotationEnabled {
				out = append(out, res(Fail, "is not rotated automatically"))
				continue
			}
			if n, ok := scheduleDays(s); ok {
				ev["rotation_interval_days"] = n
				if n > float64(limit) {
					out = append(out, res(Fail, fmt.Sprintf("rotates every %g days, less often than every %d", n, limit)))
					continue
				}
			} else if s.RotationSchedule != "" {
				ev["rotation_schedule"] = s.RotationSchedule
			}
			switch {
			case !s.LastRotatedAt.IsZero():
				age := daysBetween(s.LastRotatedAt, cfg.Now)
				ev["days_since_rotation"] = age
				if age > limit {
					out = append(out, res(Fail, fmt.Sprintf("was last rotated %d days ago (%s), more than %d: its rotation is failing", age, day(s.LastRotatedAt), limit)))
				} else {
					out = append(out, res(Pass, fmt.Sprintf("rotates automatically and was last rotated %d days ago", age)))
				}
			case s.CreatedAt.IsZero():
				out = append(out, res(Unknown, "rotates automatically but neither its last rotation nor its creation date is known"))
			default:
				age := daysBetween(s.CreatedAt, cfg.Now)
				ev["created_date"], ev["days_since_creation"] = day(s.CreatedAt), age
				if age > limit {
					out = append(out, res(Fail, fmt.Sprintf("has rotation on but has never been rotated in the %d days since its creation: its rotation is failing", age)))
				} else {
					out = append(out, res(Pass, fmt.Sprintf("rotates automatically; created %d days ago, its first rotation is not yet overdue", age)))
				}
			}
		}
		return out
	},
}

var secretPolicyPublic = Check{
	ID:           "secretsmanager-secret-policy-public",
	Title:        "Secret's resource policy lets anyone read it",
	Description:  "A secret's resource policy statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where, such as the organisation (aws:PrincipalOrgID), the calling account (aws:SourceAccount, aws:PrincipalAccount) or a VPC endpoint (aws:SourceVpce), lets any AWS account's principals retrieve the secret's value or change it, as far as the statement's actions go; the secret's KMS key policy is then the only thing in the way, and with the AWS managed key it is not. This is the same reading of public as S3's, which every resource-policy check shares. A secret without a policy passes: only its own account's principals, as their IAM policies allow, can use it.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "secretsmanager",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SecretsManager::Secret",
	Remediation: Remediation{
		Text:    "Replace Principal \"*\" with the roles or accounts that need the secret, or add a condition such as aws:PrincipalOrgID; Secrets Manager's BlockPublicPolicy option then refuses policies that would make it public again. Rotate the secret: anyone may already have read it.",
		Console: "Secrets Manager > Secrets > the secret > Overview > Resource permissions > Edit permissions: remove or narrow the statement with \"Principal\": \"*\" > Save; then Rotation > Rotate secret immediately.",
		CLI:     "aws secretsmanager put-resource-policy --secret-id <secret-arn> --resource-policy file://narrowed-policy.json --block-public-policy && aws secretsmanager rotate-secret --secret-id <secret-arn>",
	},
	References: []string{"https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
		"https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html"},
	Needs: []Operation{op("secretsmanager", "ListSecrets"), op("secretsmanager", "GetResourcePolicy")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, s := range inv.SecretsManager.Secrets {
			res := func(st Status, msg string, ev map[string]any) Result { return secretResult(s, st, msg, ev) }
			if s.Policy == "" {
				// Run makes this unknown when the policy was not read.
				out = append(out, res(Pass, "secret "+s.Name+" has no resource policy: only its own account's principals, as their IAM policies allow, can use it", map[string]any{"policy": false}))
				continue
			}
			out = append(out, publicPolicyResult(cfg, "secret "+s.Name, s.Policy, res))
		}
		return out
	},
}

var secretUnused = Check{
	ID:           "secretsmanager-secret-unused",
	Title:        "Secret has not been used for longer than the threshold",
	Description:  "A secret nobody retrieves is a credential nobody needs that still works: it should be deleted, and what it grants revoked. Secrets Manager records the day a secret was last retrieved (the date only, at midnight UTC), so a secret counts as unused only once even the end of that day is more than thresholds.max_secret_unused_days (default 90) ago. A secret with no access date has never been retrieved since Secrets Manager began recording it: it fails once it is older than the threshold, and passes while it is newer (it may simply not be deployed yet). A replica secret is judged through its primary. AWS records use; deciding a secret is no longer needed is the customer's.",
	Severity:     Low,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "secretsmanager",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SecretsManager::Secret",
	Remediation: Remediation{
		Text:    "Confirm with the owner that nothing uses the secret, revoke what it grants (the database user, the API key), then delete it; Secrets Manager keeps it recoverable for 7 to 30 days.",
		Console: "Secrets Manager > Secrets > the secret > Actions > Delete secret: choose the recovery window > Schedule deletion.",
		CLI:     "aws secretsmanager delete-secret --secret-id <secret-arn> --recovery-window-in-days 30",
	},
	References: []string{"https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html", secretsHub("secretsmanager-3")},
	Needs:      []Operation{op("secretsmanager", "ListSecrets")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		limit := cfg.MaxSecretUnusedDays
		for _, s := range inv.SecretsManager.Secrets {
			if isReplica(s) {
				continue
			}
			ev := map[string]any{"max_unused_days": limit}
			res := func(st Status, msg string) Result { return secretResult(s, st, "secret "+s.Name+" "+msg, ev) }
			if !s.LastAccessedAt.IsZero() {
				// The access was some time on that day: count from its end.
				unused := daysBetween(s.LastAccessedAt.Add(24*time.Hour), cfg.Now)
				ev["last_accessed_date"], ev["days_unused_at_least"] = day(s.LastAccessedAt), max(unused, 0)
				if unused > limit {
					out = append(out, res(Fail, fmt.Sprintf("was last retrieved on %s, at least %d days ago", day(s.LastAccessedAt), unused)))
				} else {
					out = append(out, res(Pass, fmt.Sprintf("was last retrieved on %s, within %d days", day(s.LastAccessedAt), limit)))
				}
				continue
			}
			ev["last_accessed_date"] = nil
			if s.CreatedAt.IsZero() {
				out = append(out, res(Unknown, "has no access date and no creation date: how long it has gone unused cannot be told"))
				continue
			}
			age := daysBetween(s.CreatedAt, cfg.Now)
			ev["created_date"], ev["days_since_creation"] = day(s.CreatedAt), age
			if age > limit {
				out = append(out, res(Fail, fmt.Sprintf("has never been retrieved in the %d days since its creation", age)))
			} else {
				out = append(out, res(Pass, fmt.Sprintf("has never been retrieved, but was created only %d days ago", age)))
			}
		}
		return out
	},
}
