package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const messagingAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
sqs:
  queues:
    - {region: us-east-1, name: orders, sqs_managed_sse: true, created_at: 2025-01-02T03:04:05Z}
    - {region: us-east-1, name: payments.fifo, fifo: true, kms_key_id: alias/payments,
       policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}'}
    - {region: us-east-1, name: plain}
    - {region: eu-west-1, name: eu-events, sqs_managed_sse: true}
sns:
  topics:
    - {region: us-east-1, name: alerts, display_name: Alerts, kms_key_id: alias/aws/sns, policy: '{"Version":"2012-10-17","Statement":[]}'}
    - {region: us-east-1, name: open, policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]}'}
    - {region: eu-west-1, name: eu.fifo, fifo: true, policy: '{"Version":"2012-10-17","Statement":[]}'}
`

func parseMessaging(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(messagingAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

type messagingPart struct {
	SQS inventory.SQS
	SNS inventory.SNS
}

func messagingOf(inv *inventory.Inventory) messagingPart {
	p := messagingPart{inv.SQS, inv.SNS}
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortMessaging(&inventory.Inventory{SQS: p.SQS, SNS: p.SNS}, byARN)
	return p
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func assertMessagingEqual(t *testing.T, got, want messagingPart) {
	t.Helper()
	slices.SortFunc(want.SQS.Queues, func(a, b inventory.Queue) int { return compareStrings(a.ARN, b.ARN) })
	slices.SortFunc(want.SNS.Topics, func(a, b inventory.Topic) int { return compareStrings(a.ARN, b.ARN) })
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected SQS/SNS differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

func messagingErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "sqs" || e.Service == "sns" {
			out = append(out, e)
		}
	}
	return out
}

func TestMessagingRoundTrip(t *testing.T) {
	acct := parseMessaging(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := messagingErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertMessagingEqual(t, messagingOf(inv), messagingPart{acct.SQS, acct.SNS})

	// One item per page: a collector that stopped at the first page would
	// make one call per listing.
	for _, c := range []struct {
		service, op, region string
		want                int
	}{
		{"sqs", "ListQueues", "us-east-1", 3},
		{"sqs", "ListQueues", "eu-west-1", 1},
		{"sqs", "GetQueueAttributes", "us-east-1", 3},
		{"sns", "ListTopics", "us-east-1", 2},
		{"sns", "ListTopics", "eu-west-1", 1},
		{"sns", "GetTopicAttributes", "eu-west-1", 1},
	} {
		if got := callsOf(srv, c.service, c.op)[c.region]; got != c.want {
			t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, c.region, got, c.want)
		}
	}
}

// SNS gives every topic a policy; one the account description leaves out
// is collected as the policy SNS writes at creation.
func TestSNSDefaultPolicyIsCollected(t *testing.T) {
	acct := parseMessaging(t)
	acct.SNS.Topics[0].Policy = ""
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"us-east-1"}})
	for _, tp := range inv.SNS.Topics {
		if tp.Name == "alerts" && tp.Policy == "" {
			t.Errorf("alerts: no policy collected")
		}
	}
}

func TestMessagingFailedOperations(t *testing.T) {
	queueARN := inventory.QueueARN("aws", "us-east-1", "111122223333", "orders")
	topicARN := inventory.TopicARN("aws", "eu-west-1", "111122223333", "eu.fifo")
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(p *messagingPart)
	}{{
		name: "queues denied in one region",
		rule: emulator.Rule{Service: "sqs", Operation: "ListQueues", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "sqs", Region: "eu-west-1", Operation: "ListQueues",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *messagingPart) {
			p.SQS.Queues = slices.DeleteFunc(p.SQS.Queues, func(q inventory.Queue) bool { return q.Region == "eu-west-1" })
		},
	}, {
		name: "one queue's attributes denied",
		rule: emulator.Rule{Service: "sqs", Operation: "GetQueueAttributes", Resource: "orders"},
		want: inventory.CollectionError{Service: "sqs", Region: "us-east-1", Operation: "GetQueueAttributes", ResourceARN: queueARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *messagingPart) {
			for i := range p.SQS.Queues {
				if q := &p.SQS.Queues[i]; q.ARN == queueARN {
					*q = inventory.Queue{Resource: q.Resource, Name: q.Name, URL: q.URL}
				}
			}
		},
	}, {
		name: "topics denied in one region",
		rule: emulator.Rule{Service: "sns", Operation: "ListTopics", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "sns", Region: "us-east-1", Operation: "ListTopics",
			Kind: inventory.ErrAccessDenied, Code: "AuthorizationError"},
		lost: func(p *messagingPart) {
			p.SNS.Topics = slices.DeleteFunc(p.SNS.Topics, func(tp inventory.Topic) bool { return tp.Region == "us-east-1" })
		},
	}, {
		name: "one topic's attributes denied",
		rule: emulator.Rule{Service: "sns", Operation: "GetTopicAttributes", Resource: "eu.fifo"},
		want: inventory.CollectionError{Service: "sns", Region: "eu-west-1", Operation: "GetTopicAttributes", ResourceARN: topicARN,
			Kind: inventory.ErrAccessDenied, Code: "AuthorizationError"},
		lost: func(p *messagingPart) {
			for i := range p.SNS.Topics {
				if tp := &p.SNS.Topics[i]; tp.ARN == topicARN {
					*tp = inventory.Topic{Resource: tp.Resource, Name: tp.Name}
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseMessaging(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, messagingErrors(inv), tc.want)
			want := messagingPart{acct.SQS, acct.SNS}
			want.SQS.Queues = slices.Clone(want.SQS.Queues)
			want.SNS.Topics = slices.Clone(want.SNS.Topics)
			tc.lost(&want)
			assertMessagingEqual(t, messagingOf(inv), want)
		})
	}
}
