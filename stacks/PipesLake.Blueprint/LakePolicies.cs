namespace PipesLake.Blueprint;

/// <summary>
/// Every policy the stack attaches, as pure functions of ARNs. Each role gets only what its service
/// does: the function writes its logs; Firehose writes one bucket, invokes one function and uses the
/// key only through S3; the pipe reads one stream, writes one delivery stream and one queue.
/// </summary>
/// <remarks>
/// Wildcards appear only where AWS requires them, and the tests enforce this list:
/// <list type="bullet">
/// <item>Key policy, <c>Resource: "*"</c>: in a key policy "*" means "this key"; AWS accepts nothing else.</item>
/// <item>Key policy, <c>kms:*</c> for the account root: AWS's default administration statement; without it the key can become unmanageable. It delegates to IAM, where the roles below are narrow.</item>
/// <item>Log stream ARNs end in <c>log-stream:*</c>: streams are created at run time inside one named group.</item>
/// <item>Bucket policy, <c>Deny s3:*</c> to <c>"*"</c> without TLS: a deny, so broad is safe.</item>
/// </list>
/// </remarks>
public static class LakePolicies
{
    private const string KmsDecrypt = "kms:Decrypt";
    private const string KmsGenerateDataKey = "kms:GenerateDataKey";

    /// <summary>Trust policy letting one service assume a role, only on behalf of this account.</summary>
    public static PolicyDocument AssumeRole(string servicePrincipal, AwsContext aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new([
            new PolicyStatement("TrustedService", ["sts:AssumeRole"], [])
            {
                Principal = PolicyPrincipal.Service(servicePrincipal),
                Conditions = [new PolicyCondition("StringEquals", "aws:SourceAccount", [aws.AccountId])],
            },
        ]);
    }

    /// <summary>The function's role: write its own log group, nothing else.</summary>
    public static PolicyDocument FunctionRole(string logGroupArn) => new([WriteLogs("WriteOwnLogs", logGroupArn)]);

    /// <summary>The delivery stream's role.</summary>
    public static PolicyDocument FirehoseRole(AwsContext aws, string bucketArn, string keyArn, string functionArn, string logGroupArn)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new([
            new PolicyStatement(
                "WriteLakeBucket",
                ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
                [bucketArn, $"{bucketArn}/*"]),
            new PolicyStatement("InvokePartitioner", ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], [functionArn, $"{functionArn}:*"]),
            new PolicyStatement("EncryptObjectsThroughS3", [KmsGenerateDataKey, KmsDecrypt], [keyArn])
            {
                Conditions =
                [
                    new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("s3")]),
                    new PolicyCondition("StringLike", "kms:EncryptionContext:aws:s3:arn", [$"{bucketArn}/*"]),
                ],
            },
            WriteLogs("WriteDeliveryLogs", logGroupArn),
        ]);
    }

    /// <summary>The pipe's role.</summary>
    public static PolicyDocument PipeRole(AwsContext aws, string streamArn, string deliveryStreamArn, string queueArn, string keyArn, string logGroupArn)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new([
            new PolicyStatement(
                "ReadTableStream",
                ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
                [streamArn]),
            new PolicyStatement("DeliverToFirehose", ["firehose:PutRecord", "firehose:PutRecordBatch"], [deliveryStreamArn]),
            new PolicyStatement("SendToDeadLetterQueue", ["sqs:SendMessage"], [queueArn]),
            new PolicyStatement("DecryptStreamThroughDynamoDB", [KmsDecrypt], [keyArn])
            {
                Conditions = [new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("dynamodb")])],
            },
            new PolicyStatement("EncryptDeadLettersThroughSqs", [KmsGenerateDataKey, KmsDecrypt], [keyArn])
            {
                Conditions = [new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("sqs")])],
            },
            WriteLogs("WritePipeLogs", logGroupArn),
        ]);
    }

    /// <summary>
    /// The key policy. Administration stays with the account (IAM policies above do the rest);
    /// CloudWatch Logs, which uses the key as a service principal, may use it only for this stack's log groups.
    /// </summary>
    public static PolicyDocument KeyPolicy(AwsContext aws, LakeNames names)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(names);
        return new([
            new PolicyStatement("AccountAdministersKey", ["kms:*"], ["*"]) { Principal = PolicyPrincipal.Aws(aws.AccountRoot) },
            new PolicyStatement(
                "LogsEncryptStackLogGroups",
                ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
                ["*"])
            {
                Principal = PolicyPrincipal.Service(aws.Via("logs")),
                Conditions =
                [
                    new PolicyCondition("ArnLike", "kms:EncryptionContext:aws:logs:arn", [$"arn:{aws.Partition}:logs:{aws.Region}:{aws.AccountId}:log-group:{names.LogGroupRoot}*"]),
                ],
            },
        ]);
    }

    /// <summary>The bucket policy: refuse every request that is not over TLS.</summary>
    public static PolicyDocument BucketPolicy(string bucketArn) => new([
        new PolicyStatement("DenyInsecureTransport", ["s3:*"], [bucketArn, $"{bucketArn}/*"])
        {
            Effect = "Deny",
            Principal = PolicyPrincipal.Anyone,
            Conditions = [new PolicyCondition("Bool", "aws:SecureTransport", ["false"])],
        },
    ]);

    private static PolicyStatement WriteLogs(string sid, string logGroupArn) =>
        new(sid, ["logs:CreateLogStream", "logs:PutLogEvents"], [$"{logGroupArn}:log-stream:*"]);
}
