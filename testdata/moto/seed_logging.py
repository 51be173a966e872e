#!/usr/bin/env python3
"""Seed a moto_server with CloudTrail, AWS Config, KMS and DynamoDB resources
for srmscan's moto suite (cmd/srmscan/moto_logging_test.go).

    python3 testdata/moto/seed_logging.py --endpoint http://127.0.0.1:PORT

In us-east-1 it creates a multi-region trail that is logging, validated and
encrypted, with S3 data events for every bucket, and a single-region trail
that is not logging; a Config recorder of everything, running; KMS keys one
of each kind the checks tell apart (rotating, not rotating with a public
policy, pending deletion and still used by a table); and DynamoDB tables
with and without point-in-time recovery and a customer managed key. In
eu-west-1 it creates a Config recorder of a few types only. It prints what
it created as one JSON object on stdout.
"""

import argparse
import json
import sys

import boto3
from botocore.config import Config

FAKE = {
    "aws_access_key_id": "AKIAMOTOSEEDTESTKEY1",
    "aws_secret_access_key": "moto/seed/fake/secret/key/not/real/000000",
}
HOME = "us-east-1"
OTHER = "eu-west-1"


def client(endpoint, service, region=HOME):
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2})
    return boto3.client(service, endpoint_url=endpoint, region_name=region, config=cfg, **FAKE)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    endpoint = p.parse_args().endpoint
    account = client(endpoint, "sts").get_caller_identity()["Account"]
    out = {"account": account}

    kms = client(endpoint, "kms")
    root = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"}

    def key(description, policy=None):
        args = {"Description": description}
        if policy is not None:
            args["Policy"] = json.dumps(policy)
        return kms.create_key(**args)["KeyMetadata"]

    rotating = key("rotating", {"Version": "2012-10-17", "Statement": [root]})
    kms.enable_key_rotation(KeyId=rotating["KeyId"])
    kms.create_alias(AliasName="alias/rotating", TargetKeyId=rotating["KeyId"])
    public = key("public", {"Version": "2012-10-17", "Statement": [
        root, {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]})
    doomed = key("doomed", {"Version": "2012-10-17", "Statement": [root]})
    out["keys"] = {"rotating": rotating["Arn"], "public": public["Arn"], "doomed": doomed["Arn"]}

    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket="seed-trail-logs")
    s3.create_bucket(Bucket="seed-access-logs")
    s3.put_bucket_acl(Bucket="seed-access-logs", ACL="log-delivery-write")
    s3.put_bucket_logging(Bucket="seed-trail-logs", BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "seed-access-logs", "TargetPrefix": "trail/"}})

    ct = client(endpoint, "cloudtrail")
    main_trail = ct.create_trail(Name="seed-main", S3BucketName="seed-trail-logs", IsMultiRegionTrail=True,
                                 EnableLogFileValidation=True, KmsKeyId=rotating["Arn"])
    ct.start_logging(Name="seed-main")
    ct.put_event_selectors(TrailName="seed-main", EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    legacy = ct.create_trail(Name="seed-legacy", S3BucketName="seed-access-logs")
    out["trails"] = {"main": main_trail["TrailARN"], "legacy": legacy["TrailARN"]}

    for region, group in ((HOME, {"allSupported": True, "includeGlobalResourceTypes": True}),
                          (OTHER, {"allSupported": False, "includeGlobalResourceTypes": False,
                                   "resourceTypes": ["AWS::EC2::Instance"]})):
        cfg = client(endpoint, "config", region)
        cfg.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": f"arn:aws:iam::{account}:role/config", "recordingGroup": group})
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "seed-access-logs"})
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")

    ddb = client(endpoint, "dynamodb")
    schema = {"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
              "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
              "BillingMode": "PAY_PER_REQUEST"}
    tables = {}
    for name, sse, tags in (("seed-orders", rotating["Arn"], {"DataClassification": "confidential"}),
                            ("seed-events", None, {"DataClassification": "restricted", "team": "data"}),
                            ("seed-legacy", doomed["Arn"], {})):
        args = dict(schema, TableName=name)
        if sse:
            args["SSESpecification"] = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": sse}
        if tags:
            args["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        tables[name] = ddb.create_table(**args)["TableDescription"]["TableArn"]
    ddb.update_continuous_backups(TableName="seed-orders",
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    out["tables"] = tables

    # Scheduled last: a key pending deletion cannot encrypt a new table.
    kms.schedule_key_deletion(KeyId=doomed["KeyId"], PendingWindowInDays=7)

    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
