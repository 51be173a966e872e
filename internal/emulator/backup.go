package emulator

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// backupMaxResults is the largest page AWS Backup's list operations give,
// also what they give when the request names none.
const backupMaxResults = 1000

// backupService speaks AWS Backup's REST-JSON protocol: the account's
// protected resources and vaults, each region its own.
type backupService struct{ s *Server }

func (backupService) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch p {
	case "/resources":
		return "ListProtectedResources", ""
	case "/backup-vaults":
		return "ListBackupVaults", ""
	}
	if rest, ok := strings.CutPrefix(p, "/backup-vaults/"); ok {
		if name, ok := strings.CutSuffix(rest, "/access-policy"); ok && name != "" && !strings.Contains(name, "/") {
			return "GetBackupVaultAccessPolicy", name
		}
	}
	return "", ""
}

func (backupService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", "ServiceUnavailableException"
}

// backupError is AWS Backup's error body.
type backupError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func (backupService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, backupError{Code: code, Message: message})
}

func (x backupService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	switch r.Op {
	case "ListProtectedResources":
		x.listProtectedResources(w, r)
	case "ListBackupVaults":
		x.listBackupVaults(w, r)
	case "GetBackupVaultAccessPolicy":
		x.getAccessPolicy(w, r)
	}
}

// pageParams reads nextToken and maxResults, refusing the filters the
// emulator does not implement (vaultType, shared).
func (x backupService) pageParams(w http.ResponseWriter, r *request) (token string, n int, ok bool) {
	if name := restUnknownQuery(r, "nextToken", "maxResults"); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return "", 0, false
	}
	n, err := restQueryInt(r, "maxResults", 1, backupMaxResults, backupMaxResults)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", err.Error())
		return "", 0, false
	}
	return r.URL.Query().Get("nextToken"), n, true
}

func (x backupService) listProtectedResources(w http.ResponseWriter, r *request) {
	token, n, ok := x.pageParams(w, r)
	if !ok {
		return
	}
	all := inRegion(x.s.acct.Backup.ProtectedResources, r.Region, func(p *inventory.ProtectedResource) string { return p.Region })
	items, next, err := page(x.s, all, token, n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", "Invalid nextToken")
		return
	}
	type result struct {
		ResourceArn    string   `json:"ResourceArn"`
		ResourceType   string   `json:"ResourceType"`
		ResourceName   string   `json:"ResourceName,omitempty"`
		LastBackupTime *float64 `json:"LastBackupTime,omitempty"`
	}
	type response struct {
		Results   []result `json:"Results"`
		NextToken string   `json:"NextToken,omitempty"`
	}
	out := response{Results: []result{}, NextToken: next}
	for _, p := range items {
		res := result{ResourceArn: p.ARN, ResourceType: p.Type, ResourceName: p.ARN[strings.LastIndexAny(p.ARN, ":/")+1:]}
		if !p.LastBackupTime.IsZero() {
			t := restEpochSeconds(p.LastBackupTime)
			res.LastBackupTime = &t
		}
		out.Results = append(out.Results, res)
	}
	writeRESTJSON(w, http.StatusOK, out)
}

// vaults returns the region's vaults in name order.
func (x backupService) vaults(region string) []*inventory.BackupVault {
	vs := inRegion(x.s.acct.Backup.Vaults, region, func(v *inventory.BackupVault) string { return v.Region })
	slices.SortFunc(vs, func(a, b *inventory.BackupVault) int { return cmp.Compare(a.Name, b.Name) })
	return vs
}

func (x backupService) listBackupVaults(w http.ResponseWriter, r *request) {
	token, n, ok := x.pageParams(w, r)
	if !ok {
		return
	}
	items, next, err := page(x.s, x.vaults(r.Region), token, n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValueException", "Invalid nextToken")
		return
	}
	type vault struct {
		BackupVaultName        string  `json:"BackupVaultName"`
		BackupVaultArn         string  `json:"BackupVaultArn"`
		VaultType              string  `json:"VaultType"`
		VaultState             string  `json:"VaultState"`
		CreationDate           float64 `json:"CreationDate"`
		EncryptionKeyArn       string  `json:"EncryptionKeyArn,omitempty"`
		NumberOfRecoveryPoints int64   `json:"NumberOfRecoveryPoints"`
		Locked                 bool    `json:"Locked"`
	}
	type response struct {
		BackupVaultList []vault `json:"BackupVaultList"`
		NextToken       string  `json:"NextToken,omitempty"`
	}
	out := response{BackupVaultList: []vault{}, NextToken: next}
	created := time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)
	for _, v := range items {
		out.BackupVaultList = append(out.BackupVaultList, vault{
			BackupVaultName: v.Name, BackupVaultArn: v.ARN, VaultType: "BACKUP_VAULT", VaultState: "AVAILABLE",
			CreationDate: restEpochSeconds(created), EncryptionKeyArn: v.EncryptionKey,
			NumberOfRecoveryPoints: v.RecoveryPoints, Locked: v.Locked,
		})
	}
	writeRESTJSON(w, http.StatusOK, out)
}

func (x backupService) getAccessPolicy(w http.ResponseWriter, r *request) {
	for _, v := range x.vaults(r.Region) {
		if v.Name != r.Resource {
			continue
		}
		if v.Policy == "" {
			break
		}
		writeRESTJSON(w, http.StatusOK, map[string]string{
			"BackupVaultName": v.Name, "BackupVaultArn": v.ARN, "Policy": v.Policy,
		})
		return
	}
	// AWS answers the same for a vault that does not exist and for one
	// without a policy.
	x.writeError(w, r, http.StatusNotFound, "ResourceNotFoundException", "Backup vault "+r.Resource+" has no access policy")
}
