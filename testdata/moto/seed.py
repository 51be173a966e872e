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
GuardDuty detector and a Security Hub subscription; SQS queues, SNS topics
and Systems Manager documents. It prints what it created as one JSON object on stdout; everything else
GuardDuty detector and a Security Hub subscription, SQS queues, SNS topics,
Lambda functions and ECR repositories. It prints what it created as one JSON object on stdout; everything else
GuardDuty detector, a Security Hub subscription, EKS clusters and node groups
and an Elastic Beanstalk environment. It prints what it created as one JSON object on stdout; everything else
GuardDuty detector, a Security Hub subscription and ECS clusters, task
definitions, services and a container instance. It prints what it created as one JSON object on stdout; everything else
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


def seed_emr(endpoint, region_info):
    """EMR in SERVICES_REGION: block public access turned on, two security
    configurations, and three active clusters plus a terminated one.

    moto 5.2.1 serves every EMR operation srmscan reads, with these
    divergences from AWS: its EMR state is not per region, so every region
    lists the same clusters (with their ARNs' own region) and reads the same
    block public access configuration; GetBlockPublicAccessConfiguration
    answers an empty configuration until one is put (AWS answers its
    default, on, for accounts new to EMR), and
    PutBlockPublicAccessConfiguration stores BlockPublicSecurityGroupRules
    true whatever it is given; every cluster's MasterPublicDnsName
    is the same public name (ec2-184-0-0-1.us-west-1.compute.amazonaws.com),
    so every primary node has a public address; and it writes EMR's
    default rules (from its own groups only) into the primary node's group."""
    region = SERVICES_REGION
    emr = client(endpoint, "emr", region)
    ec2 = client(endpoint, "ec2", region)
    emr.put_block_public_access_configuration(BlockPublicAccessConfiguration={
        "BlockPublicSecurityGroupRules": True,
        "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]})
    configs = {
        "srm-emr-encrypted": {"EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": True,
            "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}},
            "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {"CertificateProviderType": "PEM", "S3Object": "s3://srm-certs/certs.zip"}}}},
        "srm-emr-at-rest": {"EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": False,
            "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}}}},
    }
    for name, doc in configs.items():
        emr.create_security_configuration(Name=name, SecurityConfiguration=json.dumps(doc))
    vpc, subnet = region_info["vpc"], region_info["subnet"]
    private_sg = ec2.create_security_group(GroupName="srm-emr-master", Description="EMR primary, VPC only", VpcId=vpc)["GroupId"]
    open_sg = ec2.create_security_group(GroupName="srm-emr-master-open", Description="EMR primary, Jupyter open", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=open_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8888, "ToPort": 8888, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    clusters = (
        # name, security configuration, primary group, at rest, in transit, reachable
        ("srm-emr-good", "srm-emr-encrypted", private_sg, True, True, False),
        ("srm-emr-rest-only", "srm-emr-at-rest", private_sg, True, False, False),
        ("srm-emr-bad", None, open_sg, False, False, True),
        ("srm-emr-terminated", None, open_sg, False, False, True),
    )
    out = {"region": region, "clusters": {}}
    for name, config, sg, at_rest, in_transit, reachable in clusters:
        args = {"Name": name, "ReleaseLabel": "emr-7.2.0", "JobFlowRole": "EMR_EC2_DefaultRole", "ServiceRole": "EMR_DefaultRole",
                "Instances": {"MasterInstanceType": "m5.xlarge", "SlaveInstanceType": "m5.xlarge", "InstanceCount": 3,
                              "KeepJobFlowAliveWhenNoSteps": True, "Ec2SubnetId": subnet, "EmrManagedMasterSecurityGroup": sg}}
        if config:
            args["SecurityConfiguration"] = config
        cid = emr.run_job_flow(**args)["JobFlowId"]
        arn = emr.describe_cluster(ClusterId=cid)["Cluster"]["ClusterArn"]
        if name == "srm-emr-terminated":
            emr.terminate_job_flows(JobFlowIds=[cid])
        out["clusters"][name] = {"arn": arn, "active": name != "srm-emr-terminated",
                                 "at_rest": at_rest, "in_transit": in_transit, "reachable": reachable}
    return out


def seed_ssm(endpoint):
    """Systems Manager documents the account owns: one private, one shared
    with another account, one shared with "all" (public). moto 5.2.1 keeps
    document permissions and answers ListDocuments and
    DescribeDocumentPermission; it has no SSM Agent to register instances
    and does not implement DescribeInstanceInformation,
    DescribeInstancePatchStates or GetServiceSetting (each answers a 500),
    so no managed instance or patch state can be seeded."""
    out = {}
    content = json.dumps({"schemaVersion": "2.2", "description": "srmscan moto seed",
                          "mainSteps": [{"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["true"]}}]})
    docs = (("srm-private-doc", "us-east-1", [], False),
            ("srm-partner-doc", "eu-west-1", ["444455556666"], False),
            ("srm-public-doc", "us-east-1", ["all"], True))
    for name, region, share, public in docs:
        ssm = client(endpoint, "ssm", region)
        ssm.create_document(Name=name, Content=content, DocumentType="Command", DocumentFormat="JSON")
        if share:
            ssm.modify_document_permission(Name=name, PermissionType="Share", AccountIdsToAdd=share)
        out[name] = {"region": region, "public": public}
    return out


def zip_bytes():
    """A deployment package with one handler: moto keeps the code, never
    runs it, so creating and listing functions needs no docker."""
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return 'ok'\n")
    return buf.getvalue()


def seed_serverless(endpoint):
    """Lambda functions and ECR repositories: in us-east-1 one of each that
    fails every check and one that passes, in eu-west-1 one more of each.

    moto 5.2.1 has no ListFunctionUrlConfigs (only GetFunctionUrlConfig),
    so the function URL seeded here cannot be read: srmscan records the
    call as failed and the URL check is unknown."""
    iam = client(endpoint, "iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    admin_role = iam.create_role(RoleName="srm-lambda-admin", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName="srm-lambda-admin", PolicyName="everything", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    basic_role = iam.create_role(RoleName="srm-lambda-basic", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName="srm-lambda-basic", PolicyName="logs", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}))

    out = {"functions": {}, "repositories": {}}
    code = {"ZipFile": zip_bytes()}
    functions = (
        # name, region, runtime, role, environment, public policy, fails
        ("srm-open-fn", SERVICES_REGION, "python3.8", admin_role,
         {"DB_PASSWORD": "hunter2", "DEPLOY": "AKIAIOSFODNN7EXAMPLE", "LOG_LEVEL": "info"}, True, True),
        ("srm-private-fn", SERVICES_REGION, "python3.12", basic_role, {"LOG_LEVEL": "info", "DB_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}, False, False),
        ("srm-eu-fn", "eu-west-1", "java21", basic_role, {"TABLE_NAME": "orders"}, False, False),
    )
    for name, region, runtime, role, env, public, fails in functions:
        lam = client(endpoint, "lambda", region)
        arn = lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler="index.handler",
                                  Code=code, Environment={"Variables": env})["FunctionArn"]
        if public:
            lam.add_permission(FunctionName=name, StatementId="open", Action="lambda:InvokeFunction", Principal="*")
            lam.create_function_url_config(FunctionName=name, AuthType="NONE")
        else:
            lam.add_permission(FunctionName=name, StatementId="from-bucket", Action="lambda:InvokeFunction",
                               Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::srm-uploads", SourceAccount="123456789012")
        out["functions"][name] = {"arn": arn, "region": region, "fails": fails}

    lifecycle = json.dumps({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                            "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]})
    # eu-west-1 scans every repository continuously; us-east-1 keeps moto's
    # default, basic scanning with no rules.
    client(endpoint, "ecr", "eu-west-1").put_registry_scanning_configuration(scanType="ENHANCED", rules=[
        {"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}])
    repositories = (
        # name, region, scan on push, mutability, policy statement, lifecycle, fails
        ("srm-open-repo", SERVICES_REGION, False, "MUTABLE",
         {"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}, False, True),
        ("srm-good-repo", SERVICES_REGION, True, "IMMUTABLE",
         {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"],
          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-srmseed01"}}}, True, False),
        ("srm-eu-repo", "eu-west-1", False, "IMMUTABLE", None, True, False),
    )
    for name, region, scan, mutability, statement, has_lifecycle, fails in repositories:
        ecr = client(endpoint, "ecr", region)
        arn = ecr.create_repository(repositoryName=name, imageTagMutability=mutability,
                                    imageScanningConfiguration={"scanOnPush": scan})["repository"]["repositoryArn"]
        if statement:
            ecr.set_repository_policy(repositoryName=name, policyText=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
        if has_lifecycle:
            ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=lifecycle)
        out["repositories"][name] = {"arn": arn, "region": region, "fails": fails}
    return out


def seed_platforms(endpoint):
    """EKS clusters and managed node groups, one of each meeting every duty
    and one failing them, and an Elastic Beanstalk environment.

    The good cluster runs a Kubernetes version newer than srmscan's release
    calendar, which counts as in standard support, so the seed does not age
    into a failure; its node group's AMI release is dated today.

    moto 5.2.1 serves DescribeEnvironments only: DescribeConfigurationSettings
    and DescribePlatformVersion answer a 500 HTML page (and an environment's
    PlatformArn is the placeholder "TODO"), so the environment is collected
    but every Elastic Beanstalk check is unknown on it.
    """
    region = SERVICES_REGION
    eks = client(endpoint, "eks", region)
    role = "arn:aws:iam::123456789012:role/srm-eks"
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d")
    # moto does not check the key; a KMS key of our own would add findings
    # of the KMS checks to the ones asserted.
    key = "arn:aws:kms:us-east-1:123456789012:key/0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"
    good = eks.create_cluster(
        name="srm-good-eks", version="1.40", roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-0a1b2c3d"], "endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True},
                                    {"types": ["controllerManager", "scheduler"], "enabled": False}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}])["cluster"]
    # The bad cluster keeps moto's default logging: every type off.
    bad = eks.create_cluster(
        name="srm-bad-eks", version="1.29", roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-0a1b2c3d"], "endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]})["cluster"]
    node_role = "arn:aws:iam::123456789012:role/srm-eks-node"
    good_ng = eks.create_nodegroup(clusterName="srm-good-eks", nodegroupName="srm-good-ng", nodeRole=node_role, subnets=["subnet-0a1b2c3d"],
                                   version="1.40", releaseVersion="1.40.0-" + today, amiType="AL2023_x86_64_STANDARD")["nodegroup"]
    bad_ng = eks.create_nodegroup(clusterName="srm-bad-eks", nodegroupName="srm-bad-ng", nodeRole=node_role, subnets=["subnet-0a1b2c3d"],
                                  version="1.28", releaseVersion="1.28.5-20240110", amiType="AL2_x86_64")["nodegroup"]

    eb = client(endpoint, "elasticbeanstalk", region)
    eb.create_application(ApplicationName="srm-app")
    env = eb.create_environment(ApplicationName="srm-app", EnvironmentName="srm-env",
                                SolutionStackName="64bit Amazon Linux 2023 v6.6.2 running Node.js 20")
    return {
        "region": region,
        "cluster_good": good["arn"], "cluster_bad": bad["arn"],
        "nodegroup_good": good_ng["nodegroupArn"], "nodegroup_bad": bad_ng["nodegroupArn"],
        "environment": env["EnvironmentArn"],
    }


def seed_ecs(endpoint, region_seed):
    """ECS in the services region: a Fargate cluster and an EC2 one, a
    hardened task definition and one that fails every task definition
    check, a Fargate service assigning public IPs and an EC2 service that
    does not, and a container instance (the region's tagged instance),
    whose agent moto 5.2.1 always reports as 1.0.0."""
    region = SERVICES_REGION
    ecs = client(endpoint, "ecs", region)
    fargate = ecs.create_cluster(clusterName="srm-fargate", capacityProviders=["FARGATE", "FARGATE_SPOT"])["cluster"]["clusterArn"]
    ec2_cluster = ecs.create_cluster(clusterName="srm-ec2")["cluster"]["clusterArn"]
    good = ecs.register_task_definition(
        family="srm-good", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        containerDefinitions=[{
            "name": "app", "image": "public.ecr.aws/nginx/nginx:1.27", "user": "101", "readonlyRootFilesystem": True,
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/srm-good", "awslogs-region": region}},
            "environment": [{"name": "PORT", "value": "8080"}],
            "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}],
        }],
    )["taskDefinition"]["taskDefinitionArn"]
    bad = ecs.register_task_definition(
        family="srm-bad", networkMode="host", pidMode="host", requiresCompatibilities=["EC2"],
        containerDefinitions=[{
            "name": "job", "image": "busybox", "memory": 128, "privileged": True, "user": "root",
            "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "UPLOAD", "value": "AKIAIOSFODNN7EXAMPLE"}],
        }],
    )["taskDefinition"]["taskDefinitionArn"]
    public = ecs.create_service(
        cluster="srm-fargate", serviceName="srm-public", taskDefinition=good, desiredCount=1, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [region_seed["subnet"]], "securityGroups": [region_seed["sg_closed"]], "assignPublicIp": "ENABLED"}},
    )["service"]["serviceArn"]
    private = ecs.create_service(
        cluster="srm-ec2", serviceName="srm-private", taskDefinition=bad, desiredCount=1, launchType="EC2",
    )["service"]["serviceArn"]
    doc = json.dumps({"instanceId": region_seed["instance_tagged"], "region": region, "accountId": "123456789012"})
    instance = ecs.register_container_instance(cluster="srm-ec2", instanceIdentityDocument=doc)["containerInstance"]["containerInstanceArn"]
    return {
        "region": region, "cluster_fargate": fargate, "cluster_ec2": ec2_cluster,
        "task_definition_good": good, "task_definition_bad": bad,
        "service_public": public, "service_private": private,
        "container_instance": instance, "container_instance_ec2": region_seed["instance_tagged"],
    }


def self_signed(domain, key_size, days_left):
    """A self-signed certificate and its key, valid from 30 days ago until
    days_left and a half from now, as PEM: the half day keeps the whole
    days a scan counts the same for scans seconds apart (the suite
    compares scan with collect + evaluate, each measured from its own
    start)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now + datetime.timedelta(days=days_left, hours=12))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
            .sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


def seed_elb(endpoint):
    """Load balancers and certificates in us-east-1: an ALB that passes
    every check and one that fails them, a Classic Load Balancer with an
    HTTP listener and an old TLS policy, and two imported certificates, one
    good and one with a 1024-bit key expiring in ten days."""
    region = SERVICES_REGION
    acm = client(endpoint, "acm", region)
    certs = {}
    for name, bits, days in (("good.srm.example", 2048, 200), ("weak.srm.example", 1024, 10)):
        cert, key = self_signed(name, bits, days)
        certs[name] = acm.import_certificate(Certificate=cert, PrivateKey=key)["CertificateArn"]

    ec2 = client(endpoint, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"]["SubnetId"]
               for i, az in ((1, "a"), (2, "b"))]
    elbv2 = client(endpoint, "elbv2", region)
    tg = elbv2.create_target_group(Name="srm-web", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": tg}]
    out = {"region": region, "load_balancers": {}, "certificates": {}}
    for name, good in (("srm-good-alb", True), ("srm-bad-alb", False)):
        lb = elbv2.create_load_balancer(Name=name, Subnets=subnets, Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        http = [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}] if good else forward
        elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=http)
        elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTPS", Port=443, DefaultActions=forward,
                              SslPolicy="ELBSecurityPolicy-TLS13-1-2-Res-2021-06" if good else "ELBSecurityPolicy-2016-08",
                              Certificates=[{"CertificateArn": certs["good.srm.example" if good else "weak.srm.example"]}])
        value = "true" if good else "false"
        attrs = [{"Key": "deletion_protection.enabled", "Value": value},
                 {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": value}]
        if good:
            attrs += [{"Key": "access_logs.s3.enabled", "Value": "true"}, {"Key": "access_logs.s3.bucket", "Value": "srm-lb-logs"}]
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=attrs)
        out["load_balancers"][name] = {"arn": lb, "good": good}

    elb = client(endpoint, "elb", region)
    elb.create_load_balancer(LoadBalancerName="srm-classic", AvailabilityZones=[f"{region}a"], Listeners=[
        {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80},
        {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80, "SSLCertificateId": certs["good.srm.example"]},
    ])
    elb.create_load_balancer_policy(LoadBalancerName="srm-classic", PolicyName="srm-classic-tls", PolicyTypeName="SSLNegotiationPolicyType",
                                    PolicyAttributes=[{"AttributeName": "Reference-Security-Policy", "AttributeValue": "ELBSecurityPolicy-2016-08"}])
    elb.set_load_balancer_policies_of_listener(LoadBalancerName="srm-classic", LoadBalancerPort=443, PolicyNames=["srm-classic-tls"])
    out["classic"] = {"name": "srm-classic", "arn": f"arn:aws:elasticloadbalancing:{region}:123456789012:loadbalancer/srm-classic"}
    for name, arn in certs.items():
        out["certificates"][name] = {"arn": arn, "good": name.startswith("good")}
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


def seed_redshift(endpoint, account):
    """Redshift: a cluster that meets every duty srmscan checks and one that
    fails them all.

    moto 5.2.1 serves DescribeClusters, DescribeLoggingStatus and
    DescribeClusterParameters, but its ModifyClusterParameterGroup answers
    500 and DescribeClusterParameters lists the same fixed parameters for
    every group, require_ssl false: redshift-require-ssl can only fail
    here. DescribeClusters gives no cluster ARN, in moto as in AWS."""
    rs = client(endpoint, "redshift", SERVICES_REGION)
    rs.create_cluster_parameter_group(ParameterGroupName="srm-tls", ParameterGroupFamily="redshift-1.0",
                                      Description="require_ssl, were moto to keep it")
    clusters = (
        ("srm-rs-secure", dict(NodeType="ra3.xlplus", ClusterParameterGroupName="srm-tls", Encrypted=True,
                               PubliclyAccessible=False, AllowVersionUpgrade=True, AutomatedSnapshotRetentionPeriod=7), True),
        ("srm-rs-open", dict(NodeType="dc2.large", Encrypted=False, PubliclyAccessible=True, AllowVersionUpgrade=False,
                             AutomatedSnapshotRetentionPeriod=1), False),
    )
    out = {}
    for cid, extra, secure in clusters:
        rs.create_cluster(ClusterIdentifier=cid, MasterUsername="srmadmin", MasterUserPassword="Not-a-real-passw0rd", **extra)
        if secure:
            rs.enable_logging(ClusterIdentifier=cid, BucketName="srm-redshift-audit")
        out[cid] = {"arn": f"arn:aws:redshift:{SERVICES_REGION}:{account}:cluster:{cid}", "region": SERVICES_REGION, "secure": secure}
    return out


def seed_cloudfront(endpoint):
    """Two CloudFront distributions: one that meets every duty srmscan can
    judge on moto and one that fails them all.

    moto 5.2.1 summarises a distribution in ListDistributions without its
    settings (no cache behaviors, origins, certificate or web ACL), which
    srmscan then takes from GetDistributionConfig; that configuration drops
    an S3 origin's S3OriginConfig and OriginAccessControlId, so
    cloudfront-s3-origin-access-control has nothing to judge here, and it
    sets CloudFrontDefaultCertificate even beside an ACM certificate."""
    cf = client(endpoint, "cloudfront", SERVICES_REGION)
    forwarded = {"QueryString": False, "Cookies": {"Forward": "none"}}
    no_signers = {"Enabled": False, "Quantity": 0}
    out = {}
    for name, good in (("srm-good-cdn", True), ("srm-bad-cdn", False)):
        protocols = ["TLSv1.2"] if good else ["TLSv1", "TLSv1.1", "TLSv1.2"]
        cfg = {
            "CallerReference": name, "Comment": name, "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": f"{name}.srm.example", "CustomOriginConfig": {
                "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only" if good else "http-only",
                "OriginSslProtocols": {"Quantity": len(protocols), "Items": protocols}}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https" if good else "allow-all",
                                     "MinTTL": 0, "ForwardedValues": forwarded, "TrustedSigners": no_signers},
            "Logging": {"Enabled": good, "IncludeCookies": False, "Bucket": "srm-cf-logs.s3.amazonaws.com" if good else "", "Prefix": ""},
        }
        if good:
            cfg["WebACLId"] = f"arn:aws:wafv2:us-east-1:123456789012:global/webacl/srm-edge/{'0' * 8}"
            cfg["ViewerCertificate"] = {"ACMCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/srm-cdn",
                                        "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"}
        else:
            cfg["ViewerCertificate"] = {"CloudFrontDefaultCertificate": True}
        d = cf.create_distribution(DistributionConfig=cfg)["Distribution"]
        out[name] = {"id": d["Id"], "arn": d["ARN"], "good": good}
    return out


def seed_backup(endpoint):
    """AWS Backup vaults and a plan. moto 5.2.1 serves CreateBackupVault,
    ListBackupVaults and the plans, but neither ListProtectedResources nor
    GetBackupVaultAccessPolicy (nor PutBackupVaultAccessPolicy, so no
    vault can be given a policy): srmscan finds the vaults, and every
    backup check is unknown. No recovery point can be made either: moto
    runs no backup jobs."""
    bk = client(endpoint, "backup", SERVICES_REGION)
    out = {"vaults": {}}
    for name in ("srm-vault-prod", "srm-vault-legacy"):
        v = bk.create_backup_vault(BackupVaultName=name)
        out["vaults"][name] = {"arn": v["BackupVaultArn"], "region": SERVICES_REGION}
    bk.create_backup_plan(BackupPlan={"BackupPlanName": "srm-daily", "Rules": [
        {"RuleName": "daily", "TargetBackupVaultName": "srm-vault-prod", "ScheduleExpression": "cron(0 3 * * ? *)",
         "Lifecycle": {"DeleteAfterDays": 35}}]})
    return out


def seed_opensearch(endpoint, region_info):
    """OpenSearch Service domains: one in the VPC meeting every duty, one
    public with an access policy open to anyone and nothing turned on.

    moto 5.2.1 answers ListDomainNames and DescribeDomains (create_domain
    keeps the options given), but gives no ServiceSoftwareOptions (so
    opensearch-service-software-update can only pass here), no VPCId in
    VPCOptions (only the subnets and security groups), and no KmsKeyId."""
    es = client(endpoint, "opensearch", SERVICES_REGION)
    out = {}
    anyone = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*", "Resource": "*"}]}
    d = es.create_domain(DomainName="srm-open-search", EngineVersion="Elasticsearch_7.10", AccessPolicies=json.dumps(anyone),
                         EncryptionAtRestOptions={"Enabled": False}, NodeToNodeEncryptionOptions={"Enabled": False},
                         DomainEndpointOptions={"EnforceHTTPS": False, "TLSSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"},
                         AdvancedSecurityOptions={"Enabled": False})["DomainStatus"]
    out["srm-open-search"] = {"arn": d["ARN"], "region": SERVICES_REGION, "secure": False}
    d = es.create_domain(DomainName="srm-secure-search", EngineVersion="OpenSearch_2.11",
                         EncryptionAtRestOptions={"Enabled": True}, NodeToNodeEncryptionOptions={"Enabled": True},
                         DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
                         AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": True,
                                                  "MasterUserOptions": {"MasterUserName": "admin", "MasterUserPassword": "Not-a-real-passw0rd"}},
                         VPCOptions={"SubnetIds": [region_info["subnet"]]},
                         LogPublishingOptions={"AUDIT_LOGS": {"Enabled": True,
                                               "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/srm"}})["DomainStatus"]
    out["srm-secure-search"] = {"arn": d["ARN"], "region": SERVICES_REGION, "secure": True}
    return out


def seed_apigateway(endpoint):
    """A REST API and an HTTP API that meet every API Gateway duty and one
    of each that fails them all. moto 5.2.1 serves GetRestApis, GetStages
    (stage patches for access logs, logging level and cache included),
    GetResources with methods embedded, and a web ACL that WAFv2 associates
    with a stage; and GetApis, GetStages and GetRoutes for HTTP APIs. It
    ignores limit/position and maxResults/nextToken (one page each), and
    defaults a method setting's cacheDataEncrypted to true, where AWS
    defaults it to false."""
    out = {"region": SERVICES_REGION, "rest": {}, "http": {}}
    ag = client(endpoint, "apigateway", SERVICES_REGION)
    waf = client(endpoint, "wafv2", SERVICES_REGION)
    acl = waf.create_web_acl(Name="srm-api-acl", Scope="REGIONAL", DefaultAction={"Allow": {}},
                             VisibilityConfig={"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "srm"})
    for name, good in (("srm-api-good", True), ("srm-api-open", False)):
        api = ag.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL" if good else "EDGE"]})
        root = [r for r in ag.get_resources(restApiId=api["id"])["items"] if r["path"] == "/"][0]["id"]
        res = ag.create_resource(restApiId=api["id"], parentId=root, pathPart="orders")
        for verb, auth in (("GET", "AWS_IAM" if good else "NONE"), ("OPTIONS", "NONE")):
            ag.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod=verb, authorizationType=auth)
            ag.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod=verb, type="MOCK")
        ag.create_deployment(restApiId=api["id"], stageName="prod")
        # moto defaults cacheDataEncrypted to true where AWS leaves it
        # false, so both stages set it.
        ops = [{"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
               {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
               {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true" if good else "false"}]
        if good:
            ops += [{"op": "replace", "path": "/accessLogSettings/destinationArn", "value": "arn:aws:logs:%s:123456789012:log-group:srm-api" % SERVICES_REGION},
                    {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
                    {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"}]
        ag.update_stage(restApiId=api["id"], stageName="prod", patchOperations=ops)
        arn = "arn:aws:apigateway:%s::/restapis/%s" % (SERVICES_REGION, api["id"])
        if good:
            waf.associate_web_acl(WebACLArn=acl["Summary"]["ARN"], ResourceArn=arn + "/stages/prod")
        out["rest"][name] = {"arn": arn, "stage_arn": arn + "/stages/prod", "region": SERVICES_REGION, "good": good}

    v2 = client(endpoint, "apigatewayv2", SERVICES_REGION)
    for name, good in (("srm-http-good", True), ("srm-http-open", False)):
        api = v2.create_api(Name=name, ProtocolType="HTTP")
        v2.create_route(ApiId=api["ApiId"], RouteKey="GET /orders", AuthorizationType="AWS_IAM" if good else "NONE")
        v2.create_route(ApiId=api["ApiId"], RouteKey="OPTIONS /orders", AuthorizationType="NONE")
        stage = {"ApiId": api["ApiId"], "StageName": "prod"}
        if good:
            stage["AccessLogSettings"] = {"DestinationArn": "arn:aws:logs:%s:123456789012:log-group:srm-http" % SERVICES_REGION,
                                          "Format": "$context.requestId"}
        v2.create_stage(**stage)
        arn = "arn:aws:apigateway:%s::/apis/%s" % (SERVICES_REGION, api["ApiId"])
        out["http"][name] = {"arn": arn, "stage_arn": arn + "/stages/prod", "region": SERVICES_REGION, "good": good}
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
    result["emr"] = seed_emr(args.endpoint, result["regions"][SERVICES_REGION])
    result["ssm_documents"] = seed_ssm(args.endpoint)
    result["serverless"] = seed_serverless(args.endpoint)
    result["platforms"] = seed_platforms(args.endpoint)
    result["ecs"] = seed_ecs(args.endpoint, result["regions"][SERVICES_REGION])
    result["elb"] = seed_elb(args.endpoint)
    result["secrets_cache"] = seed_secrets_cache(args.endpoint)
    result["redshift"] = seed_redshift(args.endpoint, account)
    result["cloudfront"] = seed_cloudfront(args.endpoint)
    result["backup"] = seed_backup(args.endpoint)
    result["opensearch"] = seed_opensearch(args.endpoint, result["regions"][SERVICES_REGION])
    result["apigateway"] = seed_apigateway(args.endpoint)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
