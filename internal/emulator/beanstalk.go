package emulator

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/srmscan/srmscan/inventory"
)

const (
	beanstalkXMLNS   = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/"
	beanstalkVersion = "2010-12-01"
	// beanstalkMaxRecords is DescribeEnvironments' largest MaxRecords.
	beanstalkMaxRecords = 1000
)

// beanstalkService speaks Elastic Beanstalk's Query protocol: form
// parameters in, XML out, lists as <member> elements.
type beanstalkService struct{ s *Server }

// beanstalkOps are the actions served and the parameters each accepts
// besides Action and Version.
var beanstalkOps = map[string][]string{
	"DescribeEnvironments":          {"IncludeDeleted", "MaxRecords", "NextToken"},
	"DescribeConfigurationSettings": {"ApplicationName", "EnvironmentName"},
	"DescribePlatformVersion":       {"PlatformArn"},
}

var beanstalkAPI = queryAPI{xmlns: beanstalkXMLNS, version: beanstalkVersion, ops: beanstalkOps, badParameter: "InvalidParameterValue"}

func (beanstalkService) operation(r *request) (string, string) {
	op := r.Form.Get("Action")
	if _, ok := beanstalkOps[op]; !ok {
		return "", ""
	}
	// Fault rules name an environment by its name and a platform by its
	// ARN.
	return op, cmp.Or(r.Form.Get("EnvironmentName"), r.Form.Get("PlatformArn"))
}

func (beanstalkService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalFailure"
}

func (beanstalkService) writeError(w http.ResponseWriter, r *request, status int, code, message string) {
	beanstalkAPI.writeError(w, r, status, code, message)
}

func (x beanstalkService) serve(w http.ResponseWriter, r *request) {
	if !beanstalkAPI.admit(x.s, w, r) {
		return
	}
	var result any
	switch r.Op {
	case "DescribeEnvironments":
		result = x.describeEnvironments(w, r)
	case "DescribeConfigurationSettings":
		result = x.describeConfigurationSettings(w, r)
	case "DescribePlatformVersion":
		result = x.describePlatformVersion(w, r)
	}
	beanstalkAPI.write(w, r.Op, result)
}

// environments returns the region's environments in ARN order.
func (x beanstalkService) environments(region string) []*inventory.BeanstalkEnvironment {
	es := inRegion(x.s.acct.ElasticBeanstalk.Environments, region, func(e *inventory.BeanstalkEnvironment) string { return e.Region })
	slices.SortFunc(es, func(a, b *inventory.BeanstalkEnvironment) int { return cmp.Compare(a.ARN, b.ARN) })
	return es
}

func (x beanstalkService) describeEnvironments(w http.ResponseWriter, r *request) any {
	// AWS lists environments terminated in the last hour unless told not
	// to; the emulator holds none, so it insists on being told, as a
	// collector that left them in would judge dead environments in AWS.
	if r.Form.Get("IncludeDeleted") != "false" {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "the emulator serves DescribeEnvironments with IncludeDeleted=false only")
		return nil
	}
	n := beanstalkMaxRecords
	if v := r.Form.Get("MaxRecords"); v != "" {
		m, err := strconv.Atoi(v)
		if err != nil || m < 1 || m > beanstalkMaxRecords {
			x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "MaxRecords must be between 1 and 1000")
			return nil
		}
		n = m
	}
	envs, next, err := page(x.s, x.environments(r.Region), r.Form.Get("NextToken"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "Invalid NextToken")
		return nil
	}
	type tier struct {
		Name    string `xml:"Name"`
		Type    string `xml:"Type"`
		Version string `xml:"Version"`
	}
	type member struct {
		EnvironmentName   string `xml:"EnvironmentName"`
		EnvironmentID     string `xml:"EnvironmentId"`
		ApplicationName   string `xml:"ApplicationName"`
		VersionLabel      string `xml:"VersionLabel"`
		SolutionStackName string `xml:"SolutionStackName,omitempty"`
		PlatformArn       string `xml:"PlatformArn,omitempty"`
		EndpointURL       string `xml:"EndpointURL"`
		CNAME             string `xml:"CNAME"`
		DateCreated       string `xml:"DateCreated"`
		DateUpdated       string `xml:"DateUpdated"`
		Status            string `xml:"Status"`
		Abortable         bool   `xml:"AbortableOperationInProgress"`
		Health            string `xml:"Health"`
		Tier              tier   `xml:"Tier"`
		EnvironmentArn    string `xml:"EnvironmentArn"`
	}
	type result struct {
		XMLName      xml.Name `xml:"DescribeEnvironmentsResult"`
		Environments []member `xml:"Environments>member"`
		NextToken    string   `xml:"NextToken,omitempty"`
	}
	out := result{NextToken: next, Environments: []member{}}
	for _, e := range envs {
		out.Environments = append(out.Environments, member{
			EnvironmentName: e.Name, EnvironmentID: e.ID, ApplicationName: e.ApplicationName, VersionLabel: "v1",
			SolutionStackName: e.SolutionStack, PlatformArn: e.PlatformARN,
			EndpointURL: "awseb-e-" + e.ID + "." + e.Region + ".elb.amazonaws.com", CNAME: e.Name + "." + e.Region + ".elasticbeanstalk.com",
			DateCreated: isoTime(e.CreatedAt), DateUpdated: isoTime(e.CreatedAt),
			Status: cmp.Or(e.Status, "Ready"), Health: cmp.Or(e.Health, "Green"),
			Tier: tier{"WebServer", "Standard", "1.0"}, EnvironmentArn: e.ARN,
		})
	}
	return out
}

func (x beanstalkService) describeConfigurationSettings(w http.ResponseWriter, r *request) any {
	app, name := r.Form.Get("ApplicationName"), r.Form.Get("EnvironmentName")
	if app == "" || name == "" {
		// AWS also takes a TemplateName, which the collectors never send.
		x.writeError(w, r, http.StatusBadRequest, "MissingParameter", "ApplicationName and EnvironmentName are required by the emulator")
		return nil
	}
	envs := x.environments(r.Region)
	i := slices.IndexFunc(envs, func(e *inventory.BeanstalkEnvironment) bool { return e.ApplicationName == app && e.Name == name })
	if i < 0 {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", fmt.Sprintf("No Environment found for EnvironmentName = '%s'.", name))
		return nil
	}
	e := envs[i]
	type option struct {
		Namespace    string `xml:"Namespace"`
		OptionName   string `xml:"OptionName"`
		ResourceName string `xml:"ResourceName,omitempty"`
		Value        string `xml:"Value"`
	}
	type settings struct {
		SolutionStackName string   `xml:"SolutionStackName,omitempty"`
		PlatformArn       string   `xml:"PlatformArn,omitempty"`
		ApplicationName   string   `xml:"ApplicationName"`
		EnvironmentName   string   `xml:"EnvironmentName"`
		DeploymentStatus  string   `xml:"DeploymentStatus"`
		DateCreated       string   `xml:"DateCreated"`
		DateUpdated       string   `xml:"DateUpdated"`
		Options           []option `xml:"OptionSettings>member"`
	}
	type result struct {
		XMLName  xml.Name   `xml:"DescribeConfigurationSettingsResult"`
		Settings []settings `xml:"ConfigurationSettings>member"`
	}
	// Elastic Beanstalk gives every option with its value, defaults
	// included; these are the ones srmscan reads among a few it ignores.
	opts := []option{
		{"aws:autoscaling:launchconfiguration", "InstanceType", "AWSEBAutoScalingLaunchConfiguration", "t3.micro"},
		{"aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "", strconv.FormatBool(e.StreamLogs)},
		{"aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "", "7"},
		{"aws:elasticbeanstalk:command", "DeploymentPolicy", "", "AllAtOnce"},
		{"aws:elasticbeanstalk:healthreporting:system", "SystemType", "", cmp.Or(e.HealthReporting, "basic")},
		{"aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "", strconv.FormatBool(e.ManagedActions)},
		{"aws:elasticbeanstalk:managedactions", "PreferredStartTime", "", "Sun:10:00"},
		{"aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "", cmp.Or(e.UpdateLevel, "minor")},
	}
	return result{Settings: []settings{{
		SolutionStackName: e.SolutionStack, PlatformArn: e.PlatformARN, ApplicationName: e.ApplicationName, EnvironmentName: e.Name,
		DeploymentStatus: "deployed", DateCreated: isoTime(e.CreatedAt), DateUpdated: isoTime(e.CreatedAt), Options: opts,
	}}}
}

func (x beanstalkService) describePlatformVersion(w http.ResponseWriter, r *request) any {
	arn := r.Form.Get("PlatformArn")
	var p *inventory.BeanstalkPlatform
	for i := range x.s.acct.ElasticBeanstalk.Platforms {
		// Platform versions are AWS's: one listed in any region answers
		// in every region.
		if c := &x.s.acct.ElasticBeanstalk.Platforms[i]; c.ARN == arn {
			p = c
		}
	}
	if p == nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "No Platform found for PlatformArn = '"+arn+"'.")
		return nil
	}
	type description struct {
		PlatformArn                  string `xml:"PlatformArn"`
		PlatformOwner                string `xml:"PlatformOwner"`
		PlatformName                 string `xml:"PlatformName"`
		PlatformVersion              string `xml:"PlatformVersion"`
		PlatformStatus               string `xml:"PlatformStatus"`
		PlatformCategory             string `xml:"PlatformCategory"`
		OperatingSystemName          string `xml:"OperatingSystemName"`
		PlatformLifecycleState       string `xml:"PlatformLifecycleState,omitempty"`
		PlatformBranchName           string `xml:"PlatformBranchName,omitempty"`
		PlatformBranchLifecycleState string `xml:"PlatformBranchLifecycleState,omitempty"`
	}
	type result struct {
		XMLName xml.Name    `xml:"DescribePlatformVersionResult"`
		D       description `xml:"PlatformDescription"`
	}
	return result{D: description{
		PlatformArn: p.ARN, PlatformOwner: "AWSElasticBeanstalk", PlatformName: p.Name, PlatformVersion: p.Version,
		PlatformStatus: cmp.Or(p.Status, "Ready"), PlatformCategory: "Language", OperatingSystemName: "Amazon Linux",
		PlatformLifecycleState: p.LifecycleState, PlatformBranchName: p.BranchName, PlatformBranchLifecycleState: p.BranchLifecycleState,
	}}
}
