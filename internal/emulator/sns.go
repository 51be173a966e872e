package emulator

import (
	"cmp"
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"

	"github.com/srmscan/srmscan/inventory"
)

const (
	snsXMLNS   = "http://sns.amazonaws.com/doc/2010-03-31/"
	snsVersion = "2010-03-31"
	// snsPage is ListTopics' fixed page: the caller cannot choose a size.
	snsPage = 100
)

// snsService speaks SNS's Query protocol: form parameters in, XML out,
// lists as <member> elements, maps as <entry><key/><value/></entry>,
// pages by NextToken.
type snsService struct{ s *Server }

// snsOps are the actions served and the parameters each accepts besides
// Action and Version.
var snsOps = map[string][]string{
	"ListTopics":         {"NextToken"},
	"GetTopicAttributes": {"TopicArn"},
}

var snsAPI = queryAPI{xmlns: snsXMLNS, version: snsVersion, ops: snsOps, badParameter: "InvalidParameter"}

func (snsService) operation(r *request) (string, string) {
	op := r.Form.Get("Action")
	if _, ok := snsOps[op]; !ok {
		return "", ""
	}
	// Fault rules name a topic by its name, the ARN's last field.
	return op, arnLastField(r.Form.Get("TopicArn"))
}

func arnLastField(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == ':' {
			return arn[i+1:]
		}
	}
	return arn
}

func (snsService) faultCodes() (string, string, string) {
	return "Throttling", "AuthorizationError", "InternalError"
}

func (snsService) writeError(w http.ResponseWriter, r *request, status int, code, message string) {
	snsAPI.writeError(w, r, status, code, message)
}

func (x snsService) serve(w http.ResponseWriter, r *request) {
	if !snsAPI.admit(x.s, w, r) {
		return
	}
	var result any
	switch r.Op {
	case "ListTopics":
		result = x.listTopics(w, r)
	case "GetTopicAttributes":
		result = x.getTopicAttributes(w, r)
	}
	snsAPI.write(w, r.Op, result)
}

// topics returns the region's topics in ARN order.
func (x snsService) topics(region string) []*inventory.Topic {
	ts := inRegion(x.s.acct.SNS.Topics, region, func(t *inventory.Topic) string { return t.Region })
	slices.SortFunc(ts, func(a, b *inventory.Topic) int { return cmp.Compare(a.ARN, b.ARN) })
	return ts
}

func (x snsService) listTopics(w http.ResponseWriter, r *request) any {
	topics, next, err := page(x.s, x.topics(r.Region), r.Form.Get("NextToken"), snsPage)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameter", "Invalid parameter: NextToken")
		return nil
	}
	type member struct {
		ARN string `xml:"TopicArn"`
	}
	type result struct {
		XMLName   xml.Name `xml:"ListTopicsResult"`
		Topics    []member `xml:"Topics>member"`
		NextToken string   `xml:"NextToken,omitempty"`
	}
	out := result{NextToken: next, Topics: []member{}}
	for _, t := range topics {
		out.Topics = append(out.Topics, member{t.ARN})
	}
	return out
}

func (x snsService) getTopicAttributes(w http.ResponseWriter, r *request) any {
	arn := r.Form.Get("TopicArn")
	var t *inventory.Topic
	for _, cand := range x.topics(r.Region) {
		if cand.ARN == arn {
			t = cand
		}
	}
	if t == nil {
		x.writeError(w, r, http.StatusNotFound, "NotFound", "Topic does not exist")
		return nil
	}
	type entry struct {
		Key   string `xml:"key"`
		Value string `xml:"value"`
	}
	attrs := []entry{
		{"TopicArn", t.ARN}, {"Owner", t.AccountID}, {"DisplayName", t.DisplayName},
		{"SubscriptionsConfirmed", "0"}, {"SubscriptionsPending", "0"}, {"SubscriptionsDeleted", "0"},
		{"EffectiveDeliveryPolicy", `{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}`},
		{"Policy", t.Policy},
	}
	if t.Policy == "" {
		// SNS gives every topic a policy; this is the one it writes at
		// creation, which lets the owner's account only.
		attrs[len(attrs)-1].Value = snsDefaultPolicy(t)
	}
	if t.KMSKeyID != "" {
		attrs = append(attrs, entry{"KmsMasterKeyId", t.KMSKeyID})
	}
	if t.FIFO {
		attrs = append(attrs, entry{"FifoTopic", strconv.FormatBool(true)}, entry{"ContentBasedDeduplication", "false"})
	}
	type result struct {
		XMLName xml.Name `xml:"GetTopicAttributesResult"`
		Attrs   []entry  `xml:"Attributes>entry"`
	}
	return result{Attrs: attrs}
}

func snsDefaultPolicy(t *inventory.Topic) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow",` +
		`"Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission",` +
		`"SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` + t.ARN + `",` +
		`"Condition":{"StringEquals":{"AWS:SourceOwner":"` + t.AccountID + `"}}}]}`
}
