package emulator

import (
	"fmt"
	"net/http"

	"github.com/srmscan/srmscan/inventory"
)

// efsMaxItems is the most file systems EFS returns on one page, whatever
// MaxItems asks for.
const efsMaxItems = 100

// efsService speaks EFS's REST-JSON protocol (API version 2015-02-01).
type efsService struct{ s *Server }

func (efsService) operation(r *request) (string, string) {
	if r.Method == http.MethodGet && r.URL.Path == "/2015-02-01/file-systems" {
		return "DescribeFileSystems", ""
	}
	return "", ""
}

func (efsService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", "InternalServerError"
}

// efsError is EFS's error body, which unlike most JSON services' names
// its code ErrorCode.
type efsError struct {
	ErrorCode string `json:"ErrorCode"`
	Message   string `json:"Message"`
}

func (efsService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, efsError{ErrorCode: code, Message: message})
}

type efsTag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func efsTags(t inventory.Tags) []efsTag {
	out := make([]efsTag, 0, len(t))
	for _, tag := range t {
		out = append(out, efsTag{tag.Key, tag.Value})
	}
	return out
}

func (x efsService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	if name := restUnknownQuery(r, "MaxItems", "Marker"); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "BadRequest", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	n, err := restQueryInt(r, "MaxItems", 1, 1<<31-1, efsMaxItems)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequest", err.Error())
		return
	}
	all := inRegion(x.s.acct.EFS.FileSystems, r.Region, func(f *inventory.FileSystem) string { return f.Region })
	marker := r.URL.Query().Get("Marker")
	items, next, err := page(x.s, all, marker, min(n, efsMaxItems))
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "BadRequest", "Invalid Marker")
		return
	}
	type size struct {
		Value int64 `json:"Value"`
	}
	type fileSystem struct {
		OwnerID        string   `json:"OwnerId"`
		CreationToken  string   `json:"CreationToken"`
		ID             string   `json:"FileSystemId"`
		ARN            string   `json:"FileSystemArn"`
		CreationTime   float64  `json:"CreationTime"`
		LifeCycleState string   `json:"LifeCycleState"`
		Name           string   `json:"Name,omitempty"`
		MountTargets   int      `json:"NumberOfMountTargets"`
		Size           size     `json:"SizeInBytes"`
		Performance    string   `json:"PerformanceMode"`
		Encrypted      bool     `json:"Encrypted"`
		KMSKeyID       string   `json:"KmsKeyId,omitempty"`
		Throughput     string   `json:"ThroughputMode"`
		Tags           []efsTag `json:"Tags"`
	}
	type response struct {
		Marker      string       `json:"Marker,omitempty"`
		FileSystems []fileSystem `json:"FileSystems"`
		NextMarker  string       `json:"NextMarker,omitempty"`
	}
	out := response{Marker: marker, NextMarker: next, FileSystems: []fileSystem{}}
	for _, f := range items {
		state := f.LifeCycleState
		if state == "" {
			state = "available"
		}
		out.FileSystems = append(out.FileSystems, fileSystem{
			OwnerID: x.s.acct.AccountID, CreationToken: "console-" + f.ID, ID: f.ID, ARN: f.ARN,
			CreationTime: restEpochSeconds(f.CreationTime), LifeCycleState: state, Name: f.Name, MountTargets: 2,
			Size: size{6144}, Performance: "generalPurpose", Encrypted: f.Encrypted, KMSKeyID: f.KMSKeyID,
			Throughput: "bursting", Tags: efsTags(f.Tags),
		})
	}
	writeRESTJSON(w, http.StatusOK, out)
}
