package checks

import (
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// Environment variables that hold secrets in plain text: one rule for every
// service that keeps them in its configuration (Lambda functions, ECS task
// definitions), so a variable is judged the same wherever it is set.

// envSecretRule says why a plain variable looks like a secret, or "". The
// value itself is never seen here: the collector keeps only its shape.
func envSecretRule(name, valueShape string) string {
	if valueShape == inventory.ValueShapeAccessKeyID {
		return "value holds an AWS access key ID (AKIA/ASIA...)"
	}
	return secretNameRule(name)
}

// secretNameParts are what an environment variable's name contains when
// its value is likely a secret, found anywhere in the upper-cased name:
// the list, AWS Config's ecs-no-environment-secrets defaults
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ECS_ENGINE_AUTH_DATA) and
// their common spellings.
var secretNameParts = []string{"SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH_DATA"}

// secretNameWords must be a whole word of the name ("_"-separated) or end
// one: TOKEN in GITHUB_TOKEN and AUTHTOKEN, not in MAX_TOKENS.
var secretNameWords = []string{"TOKEN", "PWD"}

// referenceSuffixes end the names of variables that point to a secret
// rather than hold it (DB_SECRET_ARN, PASSWORD_PARAMETER_NAME), which is
// the practice the check recommends, or describe one (TOKEN_TTL).
var referenceSuffixes = []string{"ARN", "NAME", "ID", "PATH", "PARAM", "PARAMETER", "FILE", "URL", "URI", "ENDPOINT", "TTL", "LENGTH", "EXPIRY", "ROTATION", "REGION"}

// separatorsAsUnderscores reads DB-PASSWORD and db.password as DB_PASSWORD.
// Built once: a Replacer builds its tables on first use, and this runs for
// every variable of every function and task definition.
var separatorsAsUnderscores = strings.NewReplacer("-", "_", ".", "_")

// secretNameRule says which rule a variable name matches, or "".
func secretNameRule(name string) string {
	up := strings.ToUpper(name)
	words := strings.FieldsFunc(up, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
	if len(words) == 0 || slices.Contains(referenceSuffixes, words[len(words)-1]) {
		return ""
	}
	normal := separatorsAsUnderscores.Replace(up)
	for _, p := range secretNameParts {
		if strings.Contains(up, p) || strings.Contains(normal, p) {
			return "name contains " + p
		}
	}
	for _, w := range words {
		for _, s := range secretNameWords {
			if strings.HasSuffix(w, s) {
				return "name has the word " + s
			}
		}
	}
	return ""
}
