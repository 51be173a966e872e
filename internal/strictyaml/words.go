package strictyaml

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/srmscan/srmscan/internal/spelling"
)

// Suggest returns the option closest to word by edit distance when it is
// close enough to be a likely slip (reasn, exclud, control_category), or
// "" when nothing is.
func Suggest(word string, options []string) string {
	best, bestD := "", -1
	w := strings.ToLower(word)
	for _, o := range options {
		d := spelling.Distance(w, strings.ToLower(o))
		if bestD < 0 || d < bestD {
			best, bestD = o, d
		}
	}
	if bestD < 0 || bestD == 0 && best == word {
		return ""
	}
	if limit := max(2, len(word)/4); bestD <= limit && bestD < len(word) {
		return best
	}
	// A key cut short (max_patch_age for max_patch_age_days) is far by
	// distance but plainly meant.
	for _, o := range options {
		if len(word) >= 4 && (strings.HasPrefix(strings.ToLower(o), w) || strings.HasPrefix(w, strings.ToLower(o))) {
			return o
		}
	}
	return ""
}

// internalsRE matches what a decoder leaks of the program rather than the
// file: Go types and struct tags, YAML tags, package-qualified names.
var internalsRE = regexp.MustCompile(`struct ?\{|\[\][a-z*]|\*(string|int|bool|time)|map\[|!!|yaml:"|json:|Go (struct|value)|` +
	`github\.com/|\b(gate|checks|inventory|report|emulator|strictyaml|strictjson|main|strconv|time|json|yaml|reflect)\.[A-Z]\w*|cannot unmarshal|interface ?\{`)

// Internals returns the first Go or YAML internal in a user-facing message
// (`struct {`, `[]string`, `!!str`, `json:`, `checks.Settings`, ...), or ""
// if there is none. Tests of every file reader share it.
func Internals(msg string) string {
	return InternalsBeyond(msg, nil)
}

// InternalsBeyond is Internals ignoring what the user wrote themselves:
// a key "A1" under checks: is echoed as checks.A1, which is theirs, not a
// Go name. A hit counts unless it, or the key after its last dot, is in
// input.
func InternalsBeyond(msg string, input []byte) string {
	for _, hit := range internalsRE.FindAllString(msg, -1) {
		key := hit[strings.LastIndex(hit, ".")+1:]
		if len(input) == 0 || !(bytes.Contains(input, []byte(hit)) || key != "" && bytes.Contains(input, []byte(key))) {
			return hit
		}
	}
	return ""
}
