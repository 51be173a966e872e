#!/usr/bin/env python3
"""Seed a moto_server with a small account for srmscan's moto suite.

Run by cmd/srmscan/moto_test.go as

    python3 testdata/moto/seed.py --endpoint http://127.0.0.1:PORT

It creates, through boto3 with fake credentials, the same layout in
us-east-1 and eu-west-1 (a VPC, a security group open on 22 to the world and
one that is not, two instances, two EBS volumes, EBS encryption by default on
in one region only), S3 buckets in both regions, IAM users, a group and a
role, buckets whose policies are public or not by each rule of S3's
"meaning of public", and in us-east-1 RDS instances and snapshots, EFS file systems, a
GuardDuty detector and a Security Hub subscription. It prints what it created as one JSON object on stdout; everything else
goes to stderr.
"""

import argparse
import datetime
import json
import sys
import urllib.parse

import boto3
from botocore.config import Config

REGIONS = ["us-east-1", "eu-west-1"]
# EBS encryption by default is turned on here only.
EBS_DEFAULT_ON = "eu-west-1"
# RDS, EFS, GuardDuty and Security Hub are seeded here only.
SERVICES_REGION = "us-east-1"

FAKE = {
    "aws_access_key_id": "AKIAMOTOSEEDTESTKEY1",
    "aws_secret_access_key": "moto/seed/fake/secret/key/not/real/000000",
}


def client(endpoint, service, region="us-east-1"):
    # One server answers every bucket, so S3 is addressed path-style.
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2})
    c = boto3.client(service, endpoint_url=endpoint, region_name=region, config=cfg, **FAKE)
    if service == "s3control":
        # S3 Control's endpoint rules put the account ID in the host name
        # (123456789012.127.0.0.1), which no loopback server answers to:
        # send the request to the endpoint itself, as srmscan does.
        base = urllib.parse.urlsplit(endpoint)

        def to_endpoint(request, **_):
            u = urllib.parse.urlsplit(request.url)
            request.url = urllib.parse.urlunsplit((base.scheme, base.netloc, u.path, u.query, u.fragment))

        c.meta.events.register("before-sign.s3-control.*", to_endpoint)
    return c


def seed_region(endpoint, region):
    ec2 = client(endpoint, "ec2", region)
    out = {}

    # The account's own AMI. moto_server runs with its built-in AMI
    # catalogue off (MOTO_EC2_LOAD_DEFAULT_AMIS=false, see moto_test.go),
    # so instances are launched from an image registered here; moto gives
    # it a backing snapshot owned by the account, as AWS would.
    image = ec2.register_image(Name="srm-moto-base", Description="srmscan moto suite",
                               RootDeviceName="/dev/sda1", Architecture="x86_64",
                               VirtualizationType="hvm")["ImageId"]
    out["image"] = image

    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    out["vpc"], out["subnet"] = vpc, subnet

    # Open: SSH from the whole internet.
    sg_open = ec2.create_security_group(GroupName="srm-ssh-open", Description="ssh from anywhere", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=sg_open,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    # Closed: HTTPS from the internet, SSH only from the VPC's own range.
    sg_closed = ec2.create_security_group(GroupName="srm-web", Description="https public, ssh internal", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=sg_closed,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
        ],
    )
    out["sg_open"], out["sg_closed"] = sg_open, sg_closed

    # Two instances, the properties crossed so that one instance's tags or
    # metadata options read as the other's cannot go unnoticed:
    #   imds_required: HttpTokens required, no tags at all;
    #   imds_optional: HttpTokens optional, PatchGroup and a fresh LastPatched.
    # A timestamp rather than a bare date: ages are whole days from the
    # scan's start, and the test compares a scan with a later collect, which
    # must not straddle the midnight that would turn a date's age from 0 to 1.
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    patched = now.isoformat().replace("+00:00", "Z")
    required = ec2.run_instances(
        ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet,
        SecurityGroupIds=[sg_closed],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
    )["Instances"][0]["InstanceId"]
    optional = ec2.run_instances(
        ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet,
        SecurityGroupIds=[sg_open],
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
        TagSpecifications=[{"ResourceType": "instance", "Tags": [
            {"Key": "PatchGroup", "Value": "linux-prod"},
            {"Key": "LastPatched", "Value": patched},
            {"Key": "Name", "Value": "srm-patched"},
        ]}],
    )["Instances"][0]["InstanceId"]
    out["instance_imds_required"], out["instance_imds_optional"] = required, optional
    out["instance_untagged"], out["instance_tagged"] = required, optional
    out["last_patched"] = patched

    az = region + "a"
    # Volumes are created before encryption by default is turned on: with it
    # on, AWS encrypts every new volume whatever the request says.
    out["volume_unencrypted"] = ec2.create_volume(AvailabilityZone=az, Size=8, Encrypted=False)["VolumeId"]
    out["volume_encrypted"] = ec2.create_volume(AvailabilityZone=az, Size=8, Encrypted=True)["VolumeId"]

    if region == EBS_DEFAULT_ON:
        ec2.enable_ebs_encryption_by_default()
    out["ebs_encryption_by_default"] = ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"]
    return out


def seed_s3(endpoint):
    """Buckets in both regions: one fully blocked, one without any Block
    Public Access configuration, one with default encryption (KMS, so it
    cannot be mistaken for a default SSE-S3 setting)."""
    buckets = {}
    full_pab = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    for region in REGIONS:
        s3 = client(endpoint, "s3", region)
        tag = "use1" if region == "us-east-1" else "euw1"

        def create(name):
            kw = {"Bucket": name}
            if region != "us-east-1":
                kw["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(**kw)
            return name

        blocked = create(f"srm-moto-{tag}-blocked")
        s3.put_public_access_block(Bucket=blocked, PublicAccessBlockConfiguration=full_pab)
        buckets[blocked] = {"region": region, "public_access_block": "full", "encryption": ""}

        open_ = create(f"srm-moto-{tag}-open")
        buckets[open_] = {"region": region, "public_access_block": "none", "encryption": ""}

        enc = create(f"srm-moto-{tag}-encrypted")
        s3.put_bucket_encryption(
            Bucket=enc,
            ServerSideEncryptionConfiguration={"Rules": [{
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/srm-moto"},
                "BucketKeyEnabled": True,
            }]},
        )
        # Partial: blocks ACLs but not policies.
        s3.put_public_access_block(Bucket=enc, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
        s3.put_bucket_tagging(Bucket=enc, Tagging={"TagSet": [{"Key": "team", "Value": "data"}]})
        buckets[enc] = {"region": region, "public_access_block": "partial", "encryption": "aws:kms"}
    return buckets


# Bucket policies, one per rule of "the meaning of public"
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
# (name suffix, public?, condition of a grant of s3:GetObject to everyone,
# extra statements). moto stores a bucket policy verbatim and has no
# verdict of its own (GetBucketPolicyStatus answers an empty PolicyStatus),
# so srmscan's reading alone decides.
POLICY_CASES = [
    ("star", True, None, []),
    ("vpc-wildcard", True, {"StringLike": {"aws:SourceVpc": "vpc-*"}}, []),
    ("vpc-fixed", False, {"StringEquals": {"aws:SourceVpc": "vpc-91237329"}}, []),
    ("ip-broad", True, {"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}}, []),
    ("ip-narrow", False, {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, []),
    ("ifexists", True, {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, []),
    ("negated", True, {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}, []),
    ("null", True, {"Null": {"aws:SourceVpce": "false"}}, []),
    ("anyvalue-org", False, {"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, []),
    ("allvalues-org", True, {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, []),
    ("and-one-narrows", False, {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceAccount": "111122223333"}}, []),
    ("or-one-wildcard", True, {"StringLike": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-*"]}}, []),
    ("userid-role", False, {"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}}, []),
    ("external-id", True, {"StringEquals": {"sts:ExternalId": "not-an-identity"}}, []),
    ("kms-key-id", False, {"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/k"}}, []),
    ("deny-outside-vpce", False, None, [{"Sid": "OnlyVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                                         "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]),
    ("deny-http-only", True, None, [{"Sid": "HttpOutsideVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                                     "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}, "Bool": {"aws:SecureTransport": "false"}}}]),
]


def seed_s3_policies(endpoint):
    """One us-east-1 bucket per POLICY_CASES row, with that policy."""
    s3 = client(endpoint, "s3", "us-east-1")
    out = {}
    for suffix, public, condition, extra in POLICY_CASES:
        name = f"srm-moto-policy-{suffix}"
        s3.create_bucket(Bucket=name)
        grant = {"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}
        if condition:
            grant["Condition"] = condition
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [grant] + extra}))
        out[name] = {"public": public}
    # S3's first public example grants to a web identity provider's users.
    name = "srm-moto-policy-federated"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Federated": "graph.facebook.com"}, "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/*"}]}))
    out[name] = {"public": True}
    return out


def seed_s3_account(endpoint, account):
    """The account-level Block Public Access, through S3 Control: a partial
    setting, so each of the four flags is seen to be read separately."""
    s3c = client(endpoint, "s3control")
    cfg = {"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True, "RestrictPublicBuckets": False}
    s3c.put_public_access_block(AccountId=account, PublicAccessBlockConfiguration=cfg)
    return cfg


def seed_iam(endpoint):
    iam = client(endpoint, "iam")
    out = {}

    console = iam.create_user(UserName="srm-console-nomfa")["User"]
    iam.create_login_profile(UserName="srm-console-nomfa", Password="Not-a-real-Passw0rd!", PasswordResetRequired=False)
    out["console_user"] = {"name": console["UserName"], "arn": console["Arn"]}

    keys = iam.create_user(UserName="srm-keys-only", Path="/service/")["User"]
    key = iam.create_access_key(UserName="srm-keys-only")["AccessKey"]
    out["keys_user"] = {"name": keys["UserName"], "arn": keys["Arn"], "access_key_id": key["AccessKeyId"]}

    group = iam.create_group(GroupName="srm-readers")["Group"]
    iam.put_group_policy(GroupName="srm-readers", PolicyName="read-buckets", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}],
    }))
    iam.add_user_to_group(GroupName="srm-readers", UserName="srm-console-nomfa")
    out["group"] = {"name": group["GroupName"], "arn": group["Arn"]}

    role = iam.create_role(RoleName="srm-ec2-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }))["Role"]
    out["role"] = {"name": role["RoleName"], "arn": role["Arn"]}

    # A customer-managed policy with two versions, the second the default,
    # attached to the role: only the default version is in force.
    policy = iam.create_policy(PolicyName="srm-ec2-describe", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}],
    }))["Policy"]
    version = iam.create_policy_version(PolicyArn=policy["Arn"], SetAsDefault=True, PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}],
    }))["PolicyVersion"]
    iam.attach_role_policy(RoleName="srm-ec2-role", PolicyArn=policy["Arn"])
    out["managed_policy"] = {"name": policy["PolicyName"], "arn": policy["Arn"], "default_version": version["VersionId"]}
    return out


def seed_services(endpoint):
    """RDS, EFS, GuardDuty and Security Hub, in SERVICES_REGION only: each
    setting the checks read once each way, and the security services on in
    one region and off in the other."""
    region = SERVICES_REGION
    rds = client(endpoint, "rds", region)
    dbs = {}
    for name, engine, good in (("srm-good-db", "postgres", True), ("srm-bad-db", "mysql", False)):
        d = rds.create_db_instance(
            DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine=engine, AllocatedStorage=20,
            MasterUsername="srm", MasterUserPassword="not-a-real-password-0",
            StorageEncrypted=good, AutoMinorVersionUpgrade=good, PubliclyAccessible=not good,
            BackupRetentionPeriod=14 if good else 1, DeletionProtection=good)["DBInstance"]
        dbs["good" if good else "bad"] = {"name": name, "arn": d["DBInstanceArn"]}
    private = rds.create_db_snapshot(DBInstanceIdentifier="srm-good-db", DBSnapshotIdentifier="srm-private-snap")["DBSnapshot"]
    public = rds.create_db_snapshot(DBInstanceIdentifier="srm-bad-db", DBSnapshotIdentifier="srm-public-snap")["DBSnapshot"]
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="srm-public-snap", AttributeName="restore", ValuesToAdd=["all"])
    # Aurora: a cluster with every setting on and one with every setting
    # off, each with one member instance whose minor-upgrade setting
    # matches; a cluster snapshot of each, the bad one's made public.
    clusters = {}
    for name, good in (("srm-good-cluster", True), ("srm-bad-cluster", False)):
        c = rds.create_db_cluster(
            DBClusterIdentifier=name, Engine="aurora-postgresql", MasterUsername="srm", MasterUserPassword="not-a-real-password-0",
            StorageEncrypted=good, DeletionProtection=good, EnableIAMDatabaseAuthentication=good,
            BackupRetentionPeriod=14 if good else 1, AutoMinorVersionUpgrade=good)["DBCluster"]
        rds.create_db_instance(DBInstanceIdentifier=name + "-1", DBInstanceClass="db.r6g.large", Engine="aurora-postgresql",
                               DBClusterIdentifier=name, AutoMinorVersionUpgrade=good)
        clusters["good" if good else "bad"] = {"name": name, "arn": c["DBClusterArn"]}
    private_cs = rds.create_db_cluster_snapshot(DBClusterIdentifier="srm-good-cluster", DBClusterSnapshotIdentifier="srm-private-cluster-snap")
    public_cs = rds.create_db_cluster_snapshot(DBClusterIdentifier="srm-bad-cluster", DBClusterSnapshotIdentifier="srm-public-cluster-snap")
    rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="srm-public-cluster-snap", AttributeName="restore", ValuesToAdd=["all"])

    efs = client(endpoint, "efs", region)
    encrypted = efs.create_file_system(CreationToken="srm-encrypted", Encrypted=True)
    plain = efs.create_file_system(CreationToken="srm-plain", Encrypted=False)

    detector = client(endpoint, "guardduty", region).create_detector(Enable=True)["DetectorId"]
    client(endpoint, "securityhub", region).enable_security_hub()
    return {
        "region": region,
        "db_good": dbs["good"], "db_bad": dbs["bad"],
        "snapshot_private": private["DBSnapshotArn"], "snapshot_public": public["DBSnapshotArn"],
        "cluster_good": clusters["good"], "cluster_bad": clusters["bad"],
        "cluster_snapshot_private": private_cs["DBClusterSnapshot"]["DBClusterSnapshotArn"],
        "cluster_snapshot_public": public_cs["DBClusterSnapshot"]["DBClusterSnapshotArn"],
        "fs_encrypted": encrypted["FileSystemArn"], "fs_plain": plain["FileSystemArn"],
        "detector": detector,
    }


def seed_messaging(endpoint):
    """SQS queues and SNS topics: one open to everyone and unencrypted, the
    others narrowed or private and encrypted, a queue in each region."""
    out = {"queues": {}, "topics": {}}
    open_statement = lambda action: {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": "*"}
    queues = (
        ("srm-open-queue", SERVICES_REGION, {"SqsManagedSseEnabled": "false",
         "Policy": json.dumps({"Version": "2012-10-17", "Statement": [open_statement("sqs:SendMessage")]})}, True, False),
        ("srm-narrow-queue", SERVICES_REGION, {"SqsManagedSseEnabled": "true",
         "Policy": json.dumps({"Version": "2012-10-17", "Statement": [dict(open_statement("sqs:SendMessage"),
             Condition={"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:srm-private-topic"}})]})}, False, True),
        ("srm-kms-queue.fifo", "eu-west-1", {"FifoQueue": "true", "KmsMasterKeyId": "alias/aws/sqs"}, False, True),
    )
    for name, region, attrs, public, encrypted in queues:
        sqs = client(endpoint, "sqs", region)
        url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        out["queues"][name] = {"arn": arn, "region": region, "public": public, "encrypted": encrypted}
    sns = client(endpoint, "sns", SERVICES_REGION)
    open_topic = sns.create_topic(Name="srm-open-topic")["TopicArn"]
    sns.set_topic_attributes(TopicArn=open_topic, AttributeName="Policy",
                             AttributeValue=json.dumps({"Version": "2012-10-17", "Statement": [open_statement("sns:Subscribe")]}))
    # The private topic keeps the policy SNS writes, narrowed by AWS:SourceOwner.
    private_topic = sns.create_topic(Name="srm-private-topic", Attributes={"KmsMasterKeyId": "alias/aws/sns"})["TopicArn"]
    out["topics"]["srm-open-topic"] = {"arn": open_topic, "region": SERVICES_REGION, "public": True, "encrypted": False}
    out["topics"]["srm-private-topic"] = {"arn": private_topic, "region": SERVICES_REGION, "public": False, "encrypted": True}
    return out


def seed_secrets_cache(endpoint):
    """Secrets Manager secrets and ElastiCache caches: one of each kind that
    meets every duty and one that fails them, a secret in each region.

    moto 5.2.1 never records LastAccessedDate (ListSecrets answers null
    even after GetSecretValue) and dates every secret now, so every secret
    is too new to count as unused: secretsmanager-secret-unused can only
    pass here. Its ElastiCache has no Valkey and no RBAC user groups on
    replication groups it creates from the CLI parameters alone; the
    groups here use AUTH tokens."""
    out = {"secrets": {}, "replication_groups": {}, "clusters": {}}
    org_only = {"Version": "2012-10-17", "Statement": [{"Sid": "Org", "Effect": "Allow", "Principal": "*",
                "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
    anyone = {"Version": "2012-10-17", "Statement": [{"Sid": "Anyone", "Effect": "Allow", "Principal": {"AWS": "*"},
              "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
    secrets = (
        # name, region, rotated, policy, public
        ("srm/rotated-private", SERVICES_REGION, True, org_only, False),
        ("srm/static-open", SERVICES_REGION, False, anyone, True),
        ("srm/eu-static", "eu-west-1", False, None, False),
    )
    for name, region, rotated, pol, public in secrets:
        sm = client(endpoint, "secretsmanager", region)
        arn = sm.create_secret(Name=name, SecretString="not-a-real-secret")["ARN"]
        if rotated:
            sm.rotate_secret(SecretId=arn, RotationRules={"AutomaticallyAfterDays": 30})
        if pol is not None:
            sm.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps(pol))
        out["secrets"][name] = {"arn": arn, "region": region, "rotated": rotated, "public": public}

    ec = client(endpoint, "elasticache", SERVICES_REGION)
    groups = (
        ("srm-secure", dict(TransitEncryptionEnabled=True, AtRestEncryptionEnabled=True, AuthToken="not-a-real-token-0123456789",
                            AutoMinorVersionUpgrade=True, SnapshotRetentionLimit=7), True),
        ("srm-open", dict(AutoMinorVersionUpgrade=False, SnapshotRetentionLimit=0), False),
    )
    for gid, extra, secure in groups:
        g = ec.create_replication_group(ReplicationGroupId=gid, ReplicationGroupDescription=gid, Engine="redis",
                                        EngineVersion="7.1", CacheNodeType="cache.t4g.small", NumCacheClusters=2, **extra)
        out["replication_groups"][gid] = {"arn": g["ReplicationGroup"]["ARN"], "region": SERVICES_REGION, "secure": secure}
    c = ec.create_cache_cluster(CacheClusterId="srm-memcached", Engine="memcached", EngineVersion="1.6.22",
                                CacheNodeType="cache.t4g.small", NumCacheNodes=2, AutoMinorVersionUpgrade=True)
    out["clusters"]["srm-memcached"] = {"arn": c["CacheCluster"]["ARN"], "region": SERVICES_REGION, "transit": False, "auto_minor": True}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", required=True, help="moto_server base URL")
    args = ap.parse_args()

    account = client(args.endpoint, "sts").get_caller_identity()["Account"]
    result = {"account": account, "regions": {}}
    for region in REGIONS:
        result["regions"][region] = seed_region(args.endpoint, region)
    result["buckets"] = seed_s3(args.endpoint)
    result["policy_buckets"] = seed_s3_policies(args.endpoint)
    result["account_public_access_block"] = seed_s3_account(args.endpoint, account)
    result["iam"] = seed_iam(args.endpoint)
    result["services"] = seed_services(args.endpoint)
    result["messaging"] = seed_messaging(args.endpoint)
    result["secrets_cache"] = seed_secrets_cache(args.endpoint)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
