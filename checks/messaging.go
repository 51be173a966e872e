package checks

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// sqsChecks and snsChecks are the customer's duties on SQS and SNS,
// abstracted services: AWS runs the queues and topics and their storage;
// the messages, who may send, read or subscribe, and whether they are
// encrypted at rest are the customer's.
var (
	sqsChecks = []Check{sqsQueuePolicyPublic, sqsQueueEncryption}
	snsChecks = []Check{snsTopicPolicyPublic, snsTopicKMS}
)

func sqsHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#" + control
}

func snsHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#" + control
}

func queueResult(q inventory.Queue, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: q.Region, ResourceARN: q.ARN, Message: msg, Evidence: ev}
}

func topicResult(t inventory.Topic, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: t.Region, ResourceARN: t.ARN, Message: msg, Evidence: ev}
}

// publicPolicyResult judges a resource policy with policy.Public, the
// reading of public every resource-policy check shares. what names the
// resource ("queue orders").
func publicPolicyResult(cfg Config, what, doc string, res func(Status, string, map[string]any) Result) Result {
	parsed, err := cfg.parse(doc)
	if err != nil {
		return res(Unknown, fmt.Sprintf("%s's policy could not be analysed: %v", what, err), map[string]any{"parse_error": err.Error()})
	}
	v := policy.Public(parsed)
	if !v.IsPublic() {
		return res(Pass, what+"'s policy allows no one outside named principals or narrowing conditions"+narrowedSummary(v), v.Evidence())
	}
	return res(Fail, what+"'s policy "+publicSummary(v), publicEvidence(v))
}

var sqsQueuePolicyPublic = Check{
	ID:           "sqs-queue-policy-public",
	Title:        "Queue policy lets anyone use the queue",
	Description:  "A queue policy statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where, such as the sending resource (aws:SourceArn, aws:SourceAccount), the organisation (aws:PrincipalOrgID) or a VPC endpoint (aws:SourceVpce), lets any AWS account's principals send, read or delete messages, or change the queue, as far as the statement's actions go. This is the same reading of public as S3's, which every resource-policy check shares. AWS runs SQS; who may use a queue is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "sqs",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SQS::Queue",
	Remediation: Remediation{
		Text:    "Replace Principal \"*\" with the accounts, roles or service principals that need the queue, or add a condition such as aws:SourceArn (the SNS topic or S3 bucket that sends to it), aws:SourceAccount or aws:PrincipalOrgID.",
		Console: "SQS > Queues > the queue > Access policy > Edit: remove or narrow the statement with \"Principal\": \"*\" > Save.",
		CLI:     "aws sqs set-queue-attributes --queue-url <queue-url> --attributes file://attributes-with-narrowed-policy.json",
	},
	References: []string{"https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/sqs-queue-no-public-access.html", sqsHub("sqs-3")},
	Needs: []Operation{op("sqs", "ListQueues"), op("sqs", "GetQueueAttributes")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, q := range inv.SQS.Queues {
			res := func(st Status, msg string, ev map[string]any) Result { return queueResult(q, st, msg, ev) }
			if q.Policy == "" {
				// Run makes this unknown when the attributes were not read.
				out = append(out, res(Pass, "queue "+q.Name+" has no policy: only its own account's principals, as their IAM policies allow, can use it", map[string]any{"policy": false}))
				continue
			}
			out = append(out, publicPolicyResult(cfg, "queue "+q.Name, q.Policy, res))
		}
		return out
	},
}

var sqsQueueEncryption = Check{
	ID:           "sqs-queue-encrypted",
	Title:        "Queue does not encrypt messages at rest",
	Description:  "SQS encrypts a queue's messages at rest only when server-side encryption is on: with keys SQS manages (SSE-SQS, the default for queues created since 2022) or with a KMS key (SSE-KMS), which adds key policy control and CloudTrail records of each use. AWS runs the storage; turning encryption on is the customer's choice.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "sqs",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SQS::Queue",
	Remediation: Remediation{
		Text:    "Turn on server-side encryption: SSE-SQS at no cost, or SSE-KMS with a customer managed key where who may read the messages must also be controlled by the key policy.",
		Console: "SQS > Queues > the queue > Edit > Encryption: Enabled, Amazon SQS key (SSE-SQS) or AWS KMS key (SSE-KMS) > Save.",
		CLI:     "aws sqs set-queue-attributes --queue-url <queue-url> --attributes SqsManagedSseEnabled=true",
	},
	References: []string{"https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html", sqsHub("sqs-1")},
	Needs:      []Operation{op("sqs", "ListQueues"), op("sqs", "GetQueueAttributes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, q := range inv.SQS.Queues {
			ev := map[string]any{"sqs_managed_sse": q.SQSManagedSSE}
			switch {
			case q.KMSKeyID != "":
				ev["kms_key_id"] = q.KMSKeyID
				out = append(out, queueResult(q, Pass, "queue "+q.Name+" is encrypted with KMS key "+q.KMSKeyID, ev))
			case q.SQSManagedSSE:
				out = append(out, queueResult(q, Pass, "queue "+q.Name+" is encrypted with SQS managed keys (SSE-SQS)", ev))
			default:
				out = append(out, queueResult(q, Fail, "queue "+q.Name+" stores its messages without server-side encryption", ev))
			}
		}
		return out
	},
}

var snsTopicPolicyPublic = Check{
	ID:           "sns-topic-policy-public",
	Title:        "Topic policy lets anyone use the topic",
	Description:  "A topic policy statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where, such as the owning or sending account (aws:SourceOwner, aws:SourceAccount, as SNS's default policy does), the sending resource (aws:SourceArn), the organisation (aws:PrincipalOrgID) or a VPC endpoint (aws:SourceVpce), lets any AWS account's principals publish to the topic or subscribe to its messages, as far as the statement's actions go. This is the same reading of public as S3's, which every resource-policy check shares. AWS runs SNS; who may use a topic is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "sns",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SNS::Topic",
	Remediation: Remediation{
		Text:    "Replace Principal \"*\" with the accounts, roles or service principals that need the topic, or add a condition such as aws:SourceOwner or aws:SourceAccount (the topic's account), aws:SourceArn or aws:PrincipalOrgID.",
		Console: "SNS > Topics > the topic > Edit > Access policy: remove or narrow the statement with \"Principal\": \"*\" > Save changes.",
		CLI:     "aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name Policy --attribute-value file://policy-without-public-statements.json",
	},
	References: []string{"https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-no-public-access.html", snsHub("sns-4")},
	Needs: []Operation{op("sns", "ListTopics"), op("sns", "GetTopicAttributes")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, t := range inv.SNS.Topics {
			res := func(st Status, msg string, ev map[string]any) Result { return topicResult(t, st, msg, ev) }
			if t.Policy == "" {
				// SNS gives every topic a policy, so an empty one was not
				// read; Run makes this unknown when the read failed.
				out = append(out, res(Unknown, "topic "+t.Name+"'s policy was not read", nil))
				continue
			}
			out = append(out, publicPolicyResult(cfg, "topic "+t.Name, t.Policy, res))
		}
		return out
	},
}

var snsTopicKMS = Check{
	ID:           "sns-topic-kms-encrypted",
	Title:        "Topic does not encrypt messages with a KMS key",
	Description:  "SNS encrypts the messages a topic holds for delivery only when the topic names a KMS key; it has no encryption of its own besides KMS. With a key, who may read the messages at rest is also governed by the key policy, and each use is recorded in CloudTrail. AWS runs the storage; choosing a key is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "sns",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SNS::Topic",
	Remediation: Remediation{
		Text:    "Set a KMS key on the topic: the AWS managed alias/aws/sns, or a customer managed key whose policy lets the publishing services use it.",
		Console: "SNS > Topics > the topic > Edit > Encryption: Enable encryption, choose the KMS key > Save changes.",
		CLI:     "aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns",
	},
	References: []string{"https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html", snsHub("sns-1")},
	Needs:      []Operation{op("sns", "ListTopics"), op("sns", "GetTopicAttributes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, t := range inv.SNS.Topics {
			if t.KMSKeyID != "" {
				out = append(out, topicResult(t, Pass, "topic "+t.Name+" is encrypted with KMS key "+t.KMSKeyID, map[string]any{"kms_key_id": t.KMSKeyID}))
			} else {
				out = append(out, topicResult(t, Fail, "topic "+t.Name+" names no KMS key: its messages are not encrypted at rest", map[string]any{"kms_key_id": ""}))
			}
		}
		return out
	},
}
