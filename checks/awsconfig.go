package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// configChecks are the customer's duties on AWS Config, an abstracted
// service: AWS records configuration changes once a recorder is set up
// and running; setting it up, in every region, is the customer's.
var configChecks = []Check{configRecorderAllRegions}

// customerRecorder returns a region's customer-managed recorder, the one
// the customer controls; a region has one at most. Service-linked
// recorders record for another AWS service, only what it needs.
func customerRecorder(inv *inventory.Inventory, region string) *inventory.ConfigRecorder {
	for i := range inv.Config.Recorders {
		if r := &inv.Config.Recorders[i]; r.Region == region && r.ServicePrincipal == "" {
			return r
		}
	}
	return nil
}

// recordsAll reports whether a recorder records every supported type,
// types AWS adds later included, and is running without failing.
func recordsAll(r *inventory.ConfigRecorder) bool {
	return r != nil && r.AllSupported && len(r.ExcludedResourceTypes) == 0 && r.Recording && r.LastStatus != "FAILURE"
}

var configRecorderAllRegions = Check{
	ID:            "config-recorder-all-resources",
	Title:         "AWS Config is not recording every resource type in the region",
	Description:   "AWS Config keeps the history of every resource's configuration (security groups, NACLs, routes, instances, IAM): what changed, when, and what it looked like before. Without a recorder that records all supported resource types, and is running, a region's changes go unrecorded, and an intruder's change to a security group can be undone without a trace. AWS records once told to; setting up the recorder in every region is the customer's half of configuration management. Global resource types (IAM) need recording in one region only, as AWS advises to avoid duplicate records: a region passes when it records them or another scanned region's recorder does. A recorder whose last delivery failed does not pass.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "config",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::Config::ConfigurationRecorder",
	Remediation: Remediation{
		Text:    "In every region, set up AWS Config to record all resource types, including global ones in one region, with a delivery channel to an S3 bucket, and start the recorder.",
		Console: "AWS Config > Settings (in each region) > Edit: Recording strategy: All resource types with customizable overrides, no overrides; include globally recorded resource types in one region; Recording is on.",
		CLI:     `aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=<role-arn> --recording-group allSupported=true,includeGlobalResourceTypes=true && aws configservice start-configuration-recorder --configuration-recorder-name default`,
	},
	References: []string{"CIS 3.3", "https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1"},
	Needs: []Operation{op("config", "DescribeConfigurationRecorders"), op("config", "DescribeConfigurationRecorderStatus")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		// Where global resource types are recorded, if anywhere.
		global := ""
		for _, region := range inv.Regions {
			if r := customerRecorder(inv, region); recordsAll(r) && r.IncludeGlobalResourceTypes {
				global = region
				break
			}
		}
		var unread *inventory.CollectionError
		for _, e := range inv.Errors {
			if e.Service == "config" && e.Operation == "DescribeConfigurationRecorders" {
				unread = &e
				break
			}
		}
		var out []Result
		for _, region := range inv.Regions {
			res := Result{Status: Fail, Region: region, ResourceARN: inventory.ConfigRegionARN(inv.Partition, region, inv.AccountID)}
			rec := customerRecorder(inv, region)
			if rec == nil {
				res.Message = "no AWS Config recorder in " + region + ": its resources' configuration changes are not recorded"
				res.Evidence = map[string]any{"recorder": nil}
				out = append(out, res)
				continue
			}
			res.Evidence = map[string]any{"recorder": rec.Name, "recorder_arn": rec.ARN, "all_supported": rec.AllSupported,
				"include_global_resource_types": rec.IncludeGlobalResourceTypes, "recording": rec.Recording, "last_status": rec.LastStatus}
			if rec.RecordingStrategy != "" {
				res.Evidence["recording_strategy"] = rec.RecordingStrategy
			}
			var why []string
			switch {
			case len(rec.ExcludedResourceTypes) > 0:
				why = append(why, "leaves out "+strings.Join(rec.ExcludedResourceTypes, ", "))
				res.Evidence["excluded_resource_types"] = rec.ExcludedResourceTypes
			case !rec.AllSupported:
				why = append(why, fmt.Sprintf("records only %d resource types", len(rec.ResourceTypes)))
				res.Evidence["resource_types"] = rec.ResourceTypes
			}
			if !rec.Recording {
				why = append(why, "is stopped")
			}
			if rec.LastStatus == "FAILURE" {
				why = append(why, "last failed to record ("+orNone(rec.LastErrorCode)+")")
			}
			if why != nil {
				res.Message = fmt.Sprintf("recorder %s in %s %s", rec.Name, region, strings.Join(why, ", and "))
				out = append(out, res)
				continue
			}
			switch {
			case rec.IncludeGlobalResourceTypes:
				res.Status, res.Message = Pass, fmt.Sprintf("recorder %s records every resource type in %s, global ones included", rec.Name, region)
			case global != "":
				res.Evidence["global_resource_types_recorded_in"] = global
				res.Status, res.Message = Pass, fmt.Sprintf("recorder %s records every resource type in %s; global ones are recorded in %s", rec.Name, region, global)
			case unread != nil:
				// The region whose recorders could not be read may be the
				// one that records global resources.
				res = unknownFrom(res, *unread)
			default:
				res.Message = fmt.Sprintf("recorder %s records every regional resource type in %s, but no scanned region records global ones (IAM users, roles, policies)", rec.Name, region)
			}
			out = append(out, res)
		}
		return out
	},
}
