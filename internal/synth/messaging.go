package synth

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// messaging makes SQS queues and SNS topics. Queues made since 2022 get
// SSE-SQS by default, so most are encrypted; some use a KMS key. Policies
// are mostly a topic feeding a queue (narrowed by aws:SourceArn), with a
// few left open to everyone. Topics carry SNS's default policy (narrowed
// by AWS:SourceOwner) and only a third a KMS key, as SNS has no default
// encryption.
func (g *gen) messaging() {
	for ri, n := range g.spread(g.sz.Queues) {
		region := g.regions[ri]
		for range n {
			name := fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, apps), len(g.inv.SQS.Queues))
			if g.chance(0.1) {
				name += ".fifo"
			}
			arn := inventory.QueueARN("aws", region, AccountID, name)
			q := inventory.Queue{Resource: inventory.Resource{Region: region}, Name: name,
				FIFO: strings.HasSuffix(name, ".fifo"), CreatedAt: g.ago(5 * 365 * day)}
			switch r := g.rng.Float64(); {
			case r < 0.2:
				q.KMSKeyID = g.kmsKey(region)
			case r < 0.9:
				q.SQSManagedSSE = true
			}
			switch r := g.rng.Float64(); {
			case r < 0.5:
				q.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + arn +
					`","Condition":{"ArnEquals":{"aws:SourceArn":"` + inventory.TopicARN("aws", region, AccountID, "events") + `"}}}]}`
			case r < 0.55:
				q.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"` + arn + `"}]}`
			}
			g.inv.SQS.Queues = append(g.inv.SQS.Queues, q)
		}
	}
	for ri, n := range g.spread(g.sz.Topics) {
		region := g.regions[ri]
		for range n {
			name := fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, apps), len(g.inv.SNS.Topics))
			arn := inventory.TopicARN("aws", region, AccountID, name)
			t := inventory.Topic{Resource: inventory.Resource{Region: region}, Name: name,
				Policy: `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},` +
					`"Action":["SNS:Publish","SNS:Subscribe","SNS:GetTopicAttributes"],"Resource":"` + arn + `","Condition":{"StringEquals":{"AWS:SourceOwner":"` + AccountID + `"}}}]}`}
			if g.chance(0.33) {
				t.KMSKeyID = "alias/aws/sns"
			}
			if g.chance(0.03) {
				t.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Subscribe","Resource":"` + arn + `"}]}`
			}
			g.inv.SNS.Topics = append(g.inv.SNS.Topics, t)
		}
	}
}
