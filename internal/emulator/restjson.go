package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The REST-JSON protocol (EFS, GuardDuty, Security Hub, Access Analyzer):
// the operation is the method and path, parameters are in the query string
// and path, answers and errors are JSON. The SDKs read an error's code from
// the X-Amzn-ErrorType header first, so every error sets it; the body's
// shape differs per service and is written by each service.

// writeRESTJSON writes v as a JSON document with the given status.
func writeRESTJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encoding response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-RequestId", requestID())
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeRESTJSONError writes an error whose body is body (the service's
// own error shape) and whose header names the code.
func writeRESTJSONError(w http.ResponseWriter, status int, code string, body any) {
	w.Header().Set("X-Amzn-ErrorType", code)
	writeRESTJSON(w, status, body)
}

// restJSONRegionDisabled answers a request signed for a region the account
// has not enabled, as AWS's JSON services do: the region does not know the
// credentials.
func restJSONRegionDisabled(w http.ResponseWriter, r *request, writeError func(http.ResponseWriter, *request, int, string, string)) bool {
	if r.srv.regionEnabled(r.Region) {
		return false
	}
	writeError(w, r, http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid.")
	return true
}

// restUnknownQuery returns the first query parameter not in allowed. Filters
// would change the answer; serving the unfiltered list instead would pass
// a collector that relies on them for the wrong reason.
func restUnknownQuery(r *request, allowed ...string) string {
	for name := range r.URL.Query() {
		if !slices.Contains(allowed, name) {
			return name
		}
	}
	return ""
}

// restQueryInt reads an optional integer query parameter within [lo, hi]. It
// returns def when the parameter is absent.
func restQueryInt(r *request, name string, lo, hi, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("value %q at '%s' failed to satisfy constraint: Member must have value between %d and %d", v, name, lo, hi)
	}
	return n, nil
}

// restEpochSeconds is a timestamp as REST-JSON writes it by default: seconds
// since the epoch, as a number.
func restEpochSeconds(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
