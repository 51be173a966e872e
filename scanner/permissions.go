package scanner

// Permission is one API operation a scan may call and the IAM action that
// allows it.
type Permission struct {
	Service   string // as in CollectionError.Service and the emulator's calls
	Operation string
	Action    string // the IAM action, e.g. "ec2:DescribeInstances"
}

// Permissions is every operation srmscan calls: the allow-list the read-only
// test holds every scan to, and the source of the IAM policy a scan needs.
// All are reads; GenerateCredentialReport only asks IAM to build the
// read-only credential report.
var Permissions = []Permission{
	{"sts", "GetCallerIdentity", ""}, // needs no permission
	{"ec2", "DescribeRegions", "ec2:DescribeRegions"},
	{"ec2", "DescribeInstances", "ec2:DescribeInstances"},
	{"ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups"},
	{"ec2", "DescribeNetworkAcls", "ec2:DescribeNetworkAcls"},
	{"ec2", "DescribeVpcs", "ec2:DescribeVpcs"},
	{"ec2", "DescribeFlowLogs", "ec2:DescribeFlowLogs"},
	{"ec2", "DescribeVolumes", "ec2:DescribeVolumes"},
	{"ec2", "DescribeSnapshots", "ec2:DescribeSnapshots"},
	{"ec2", "DescribeSnapshotAttribute", "ec2:DescribeSnapshotAttribute"},
	{"ec2", "DescribeImages", "ec2:DescribeImages"},
	{"ec2", "DescribeImageAttribute", "ec2:DescribeImageAttribute"},
	{"ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"},
	{"s3", "ListBuckets", "s3:ListAllMyBuckets"},
	{"s3", "GetBucketLocation", "s3:GetBucketLocation"},
	{"s3", "GetBucketTagging", "s3:GetBucketTagging"},
	{"s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"},
	{"s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"},
	{"s3", "GetBucketPolicy", "s3:GetBucketPolicy"},
	{"s3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"},
	{"s3", "GetBucketAcl", "s3:GetBucketAcl"},
	{"s3", "GetBucketVersioning", "s3:GetBucketVersioning"},
	{"s3", "GetBucketLogging", "s3:GetBucketLogging"},
	{"s3", "GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"},
	{"s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"},
	{"iam", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails"},
	{"iam", "GenerateCredentialReport", "iam:GenerateCredentialReport"},
	{"iam", "GetCredentialReport", "iam:GetCredentialReport"},
	{"iam", "GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy"},
	{"iam", "GetAccountSummary", "iam:GetAccountSummary"},
	{"iam", "ListVirtualMFADevices", "iam:ListVirtualMFADevices"},
	{"iam", "ListServerCertificates", "iam:ListServerCertificates"},
	{"organizations", "DescribeOrganization", "organizations:DescribeOrganization"},
	{"organizations", "ListParents", "organizations:ListParents"},
	{"organizations", "ListPoliciesForTarget", "organizations:ListPoliciesForTarget"},
	{"organizations", "DescribePolicy", "organizations:DescribePolicy"},
	{"rds", "DescribeDBInstances", "rds:DescribeDBInstances"},
	{"rds", "DescribeDBSnapshots", "rds:DescribeDBSnapshots"},
	{"rds", "DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshotAttributes"},
	{"rds", "DescribeDBClusters", "rds:DescribeDBClusters"},
	{"rds", "DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshots"},
	{"rds", "DescribeDBClusterSnapshotAttributes", "rds:DescribeDBClusterSnapshotAttributes"},
	{"elasticfilesystem", "DescribeFileSystems", "elasticfilesystem:DescribeFileSystems"},
	{"guardduty", "ListDetectors", "guardduty:ListDetectors"},
	{"guardduty", "GetDetector", "guardduty:GetDetector"},
	{"securityhub", "DescribeHub", "securityhub:DescribeHub"},
	{"access-analyzer", "ListAnalyzers", "access-analyzer:ListAnalyzers"},
	{"cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails"},
	{"cloudtrail", "GetTrailStatus", "cloudtrail:GetTrailStatus"},
	{"cloudtrail", "GetEventSelectors", "cloudtrail:GetEventSelectors"},
	{"config", "DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders"},
	{"config", "DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus"},
	{"kms", "ListAliases", "kms:ListAliases"},
	{"kms", "ListKeys", "kms:ListKeys"},
	{"kms", "DescribeKey", "kms:DescribeKey"},
	{"kms", "GetKeyRotationStatus", "kms:GetKeyRotationStatus"},
	{"kms", "GetKeyPolicy", "kms:GetKeyPolicy"},
	{"dynamodb", "ListTables", "dynamodb:ListTables"},
	{"dynamodb", "DescribeTable", "dynamodb:DescribeTable"},
	{"dynamodb", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups"},
	{"dynamodb", "ListTagsOfResource", "dynamodb:ListTagsOfResource"},
	{"sqs", "ListQueues", "sqs:ListQueues"},
	{"sqs", "GetQueueAttributes", "sqs:GetQueueAttributes"},
	{"sns", "ListTopics", "sns:ListTopics"},
	{"sns", "GetTopicAttributes", "sns:GetTopicAttributes"},
	{"elasticmapreduce", "GetBlockPublicAccessConfiguration", "elasticmapreduce:GetBlockPublicAccessConfiguration"},
	{"elasticmapreduce", "ListClusters", "elasticmapreduce:ListClusters"},
	{"elasticmapreduce", "DescribeCluster", "elasticmapreduce:DescribeCluster"},
	{"elasticmapreduce", "DescribeSecurityConfiguration", "elasticmapreduce:DescribeSecurityConfiguration"},
	{"ssm", "DescribeInstanceInformation", "ssm:DescribeInstanceInformation"},
	{"ssm", "DescribeInstancePatchStates", "ssm:DescribeInstancePatchStates"},
	{"ssm", "ListDocuments", "ssm:ListDocuments"},
	{"ssm", "DescribeDocumentPermission", "ssm:DescribeDocumentPermission"},
	{"ssm", "GetServiceSetting", "ssm:GetServiceSetting"},
	{"lambda", "ListFunctions", "lambda:ListFunctions"},
	{"lambda", "GetPolicy", "lambda:GetPolicy"},
	{"lambda", "ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs"},
	{"ecr", "DescribeRepositories", "ecr:DescribeRepositories"},
	{"ecr", "GetRegistryScanningConfiguration", "ecr:GetRegistryScanningConfiguration"},
	{"ecr", "GetRepositoryPolicy", "ecr:GetRepositoryPolicy"},
	{"ecr", "GetLifecyclePolicy", "ecr:GetLifecyclePolicy"},
	{"eks", "ListClusters", "eks:ListClusters"},
	{"eks", "DescribeCluster", "eks:DescribeCluster"},
	{"eks", "ListNodegroups", "eks:ListNodegroups"},
	{"eks", "DescribeNodegroup", "eks:DescribeNodegroup"},
	{"elasticbeanstalk", "DescribeEnvironments", "elasticbeanstalk:DescribeEnvironments"},
	{"elasticbeanstalk", "DescribeConfigurationSettings", "elasticbeanstalk:DescribeConfigurationSettings"},
	{"elasticbeanstalk", "DescribePlatformVersion", "elasticbeanstalk:DescribePlatformVersion"},
	{"ecs", "ListClusters", "ecs:ListClusters"},
	{"ecs", "DescribeClusters", "ecs:DescribeClusters"},
	{"ecs", "ListServices", "ecs:ListServices"},
	{"ecs", "DescribeServices", "ecs:DescribeServices"},
	{"ecs", "ListTaskDefinitions", "ecs:ListTaskDefinitions"},
	{"ecs", "DescribeTaskDefinition", "ecs:DescribeTaskDefinition"},
	{"ecs", "ListContainerInstances", "ecs:ListContainerInstances"},
	{"ecs", "DescribeContainerInstances", "ecs:DescribeContainerInstances"},
	// The two load balancer APIs share their IAM actions.
	{"elbv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"},
	{"elbv2", "DescribeListeners", "elasticloadbalancing:DescribeListeners"},
	{"elbv2", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"},
	{"elb", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"},
	{"elb", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"},
	{"elb", "DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancerPolicies"},
	{"acm", "ListCertificates", "acm:ListCertificates"},
	{"acm", "DescribeCertificate", "acm:DescribeCertificate"},
	// ListSecrets and GetResourcePolicy describe secrets; nothing here
	// reads a secret's value (GetSecretValue, BatchGetSecretValue).
	{"secretsmanager", "ListSecrets", "secretsmanager:ListSecrets"},
	{"secretsmanager", "GetResourcePolicy", "secretsmanager:GetResourcePolicy"},
	{"elasticache", "DescribeReplicationGroups", "elasticache:DescribeReplicationGroups"},
	{"elasticache", "DescribeCacheClusters", "elasticache:DescribeCacheClusters"},
	// API Gateway's IAM actions are HTTP verbs on resource paths: GET
	// only reads. With Resource "*" it would also let a caller read API
	// key values (GetApiKey includeValue), which srmscan never asks for.
	{"apigateway", "GetRestApis", "apigateway:GET"},
	{"apigateway", "GetStages", "apigateway:GET"},
	{"apigateway", "GetResources", "apigateway:GET"},
	{"apigatewayv2", "GetApis", "apigateway:GET"},
	{"apigatewayv2", "GetStages", "apigateway:GET"},
	{"apigatewayv2", "GetRoutes", "apigateway:GET"},
	// Multi-account scans only (--accounts, --org), by the orchestrator
	// (Permission.Orchestrator): AssumeRole changes nothing in the target
	// account, it hands out credentials of the member role, which holds
	// the audit policy. The audit policy leaves both out, so a member role
	// cannot assume other roles.
	{"sts", "AssumeRole", "sts:AssumeRole"},
	{"organizations", "ListAccounts", "organizations:ListAccounts"},
}
