package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// queue adds an SSE-SQS queue in us-east-1 after set has changed it.
func queue(name string, set func(q *inventory.Queue)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		q := inventory.Queue{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, SQSManagedSSE: true}
		if set != nil {
			set(&q)
		}
		inv.SQS.Queues = append(inv.SQS.Queues, q)
	}
}

// topic adds a KMS-encrypted topic in us-east-1 with SNS's default
// policy after set has changed it.
func topic(name string, set func(t *inventory.Topic)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		t := inventory.Topic{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, KMSKeyID: "alias/aws/sns",
			Policy: `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},` +
				`"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"arn:aws:sns:us-east-1:111122223333:` + name + `","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`}
		if set != nil {
			set(&t)
		}
		inv.SNS.Topics = append(inv.SNS.Topics, t)
	}
}

const (
	q1ARN = "arn:aws:sqs:us-east-1:111122223333:q1"
	t1ARN = "arn:aws:sns:us-east-1:111122223333:t1"
)

// policyCases are the statements every public-access check must judge
// alike: open to everyone, narrowed by each supported condition key, and
// granted to one other account. action is the service's.
func policyCases(action string) []struct {
	name, statement string
	want            Status
} {
	open := `{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"` + action + `","Resource":"*"`
	where := func(op, key, value string) string {
		return open + `,"Condition":{"` + op + `":{"` + key + `":"` + value + `"}}}`
	}
	return []struct {
		name, statement string
		want            Status
	}{
		{"everyone", open + "}", Fail},
		{"AWS * with no condition", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"` + action + `","Resource":"*"}`, Fail},
		{"everyone but one", `{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/x"},"Action":"` + action + `","Resource":"*"}`, Fail},
		{"narrowed by aws:SourceAccount", where("StringEquals", "aws:SourceAccount", "111122223333"), Pass},
		{"narrowed by aws:SourceArn", where("ArnEquals", "aws:SourceArn", "arn:aws:s3:::uploads"), Pass},
		{"narrowed by aws:SourceVpce", where("StringEquals", "aws:SourceVpce", "vpce-0123456789abcdef0"), Pass},
		{"narrowed by aws:PrincipalOrgID", where("StringEquals", "aws:PrincipalOrgID", "o-abc123"), Pass},
		{"a wildcard source ARN narrows nothing", where("ArnLike", "aws:SourceArn", "arn:aws:s3:::*"), Fail},
		{"secure transport narrows nothing", where("Bool", "aws:SecureTransport", "true"), Fail},
		{"one other account", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"` + action + `","Resource":"*"}`, Pass},
		{"a deny outside the organisation shuts it", open + `},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`, Pass},
	}
}

func TestSQSQueuePolicyPublic(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("sqs:SendMessage") {
		doc := `{"Version":"2012-10-17","Statement":[` + pc.statement + `]}`
		cases = append(cases, statusCase{pc.name, queue("q1", func(q *inventory.Queue) { q.Policy = doc }), map[string]Status{":q1": pc.want}})
	}
	cases = append(cases,
		statusCase{"no policy", queue("q1", nil), map[string]Status{":q1": Pass}},
		statusCase{"unparsable", queue("q1", func(q *inventory.Queue) { q.Policy = "{" }), map[string]Status{":q1": Unknown}},
		statusCase{"attributes unreadable", both(queue("q1", func(q *inventory.Queue) { *q = inventory.Queue{Resource: q.Resource, Name: q.Name} }),
			denied("sqs", "us-east-1", "GetQueueAttributes", q1ARN)), map[string]Status{":q1": Unknown}},
		statusCase{"listing denied", denied("sqs", "us-east-1", "ListQueues", ""), map[string]Status{":sqs:us-east-1:111122223333:*": Unknown}},
	)
	runCases(t, sqsQueuePolicyPublic, cases)

	open := `{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}`
	fs := Run(account(queue("q1", func(q *inventory.Queue) { q.Policy = open })), []Check{sqsQueuePolicyPublic}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "queue q1's policy allows sqs:SendMessage to everyone (statement Open)") || fs[0].Evidence["public_statements"] == nil {
		t.Errorf("finding = %+v", fs)
	}
	narrowed := `{"Version":"2012-10-17","Statement":[{"Sid":"FromBucket","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::uploads"}}}]}`
	fs = Run(account(queue("q1", func(q *inventory.Queue) { q.Policy = narrowed })), []Check{sqsQueuePolicyPublic}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "FromBucket") || !strings.Contains(fs[0].Message, "aws:SourceArn") {
		t.Errorf("a pass must name the statement and what narrows it: %+v", fs)
	}
}

func TestSQSQueueEncryption(t *testing.T) {
	runCases(t, sqsQueueEncryption, []statusCase{
		{"SSE-SQS", queue("q1", nil), map[string]Status{":q1": Pass}},
		{"SSE-KMS", queue("q1", func(q *inventory.Queue) { q.SQSManagedSSE, q.KMSKeyID = false, "alias/aws/sqs" }), map[string]Status{":q1": Pass}},
		{"unencrypted", queue("q1", func(q *inventory.Queue) { q.SQSManagedSSE = false }), map[string]Status{":q1": Fail}},
		{"attributes unreadable", both(queue("q1", func(q *inventory.Queue) { q.SQSManagedSSE = false }),
			denied("sqs", "us-east-1", "GetQueueAttributes", q1ARN)), map[string]Status{":q1": Unknown}},
		{"listing denied", denied("sqs", "us-east-1", "ListQueues", ""), map[string]Status{":sqs:us-east-1:111122223333:*": Unknown}},
	})
}

func TestSNSTopicPolicyPublic(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("sns:Publish") {
		doc := `{"Version":"2012-10-17","Statement":[` + pc.statement + `]}`
		cases = append(cases, statusCase{pc.name, topic("t1", func(tp *inventory.Topic) { tp.Policy = doc }), map[string]Status{":t1": pc.want}})
	}
	cases = append(cases,
		statusCase{"SNS's default policy (AWS:SourceOwner)", topic("t1", nil), map[string]Status{":t1": Pass}},
		statusCase{"unparsable", topic("t1", func(tp *inventory.Topic) { tp.Policy = "{" }), map[string]Status{":t1": Unknown}},
		statusCase{"policy not read", topic("t1", func(tp *inventory.Topic) { tp.Policy = "" }), map[string]Status{":t1": Unknown}},
		statusCase{"attributes unreadable", both(topic("t1", func(tp *inventory.Topic) { *tp = inventory.Topic{Resource: tp.Resource, Name: tp.Name} }),
			denied("sns", "us-east-1", "GetTopicAttributes", t1ARN)), map[string]Status{":t1": Unknown}},
		statusCase{"listing denied", denied("sns", "us-east-1", "ListTopics", ""), map[string]Status{":sns:us-east-1:111122223333:*": Unknown}},
	)
	runCases(t, snsTopicPolicyPublic, cases)

	open := `{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"*"},"Action":["sns:Publish","sns:Subscribe"],"Resource":"*"}]}`
	fs := Run(account(topic("t1", func(tp *inventory.Topic) { tp.Policy = open })), []Check{snsTopicPolicyPublic}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "topic t1's policy allows sns:Publish, sns:Subscribe to everyone (statement Open)") || fs[0].Evidence["public_statements"] == nil {
		t.Errorf("finding = %+v", fs)
	}
}

func TestSNSTopicKMS(t *testing.T) {
	runCases(t, snsTopicKMS, []statusCase{
		{"AWS managed key", topic("t1", nil), map[string]Status{":t1": Pass}},
		{"customer managed key", topic("t1", func(tp *inventory.Topic) { tp.KMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/k1" }), map[string]Status{":t1": Pass}},
		{"no key", topic("t1", func(tp *inventory.Topic) { tp.KMSKeyID = "" }), map[string]Status{":t1": Fail}},
		{"attributes unreadable", both(topic("t1", func(tp *inventory.Topic) { *tp = inventory.Topic{Resource: tp.Resource, Name: tp.Name} }),
			denied("sns", "us-east-1", "GetTopicAttributes", t1ARN)), map[string]Status{":t1": Unknown}},
		{"listing denied", denied("sns", "us-east-1", "ListTopics", ""), map[string]Status{":sns:us-east-1:111122223333:*": Unknown}},
	})
}
