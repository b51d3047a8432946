namespace PipesLake.Blueprint;

/// <summary>
/// Every policy the stack attaches, as pure functions of ARNs. Each role gets only what its service
/// does: the function writes its logs; Firehose writes one bucket, invokes one function and uses the
/// key only through S3; the pipe reads one stream, writes one delivery stream and one queue. Kept in one file, over
/// 300 lines, so that every grant the stack makes is read and reviewed together.
/// </summary>
/// <remarks>
/// Wildcards appear only where AWS requires them, and the tests enforce this list:
/// <list type="bullet">
/// <item>Key policy, <c>Resource: "*"</c>: in a key policy "*" means "this key"; AWS accepts nothing else.</item>
/// <item>Key policy, <c>kms:*</c> for the account root: AWS's default administration statement; without it the key can become unmanageable. It delegates to IAM, where the roles below are narrow.</item>
/// <item>Log stream ARNs end in <c>log-stream:*</c>: streams are created at run time inside one named group.</item>
/// <item>Pipe role, <c>dynamodb:ListStreams</c> on <c>"*"</c>: the action supports no resource-level permission; it lists ARNs only.</item>
/// <item>Reader policy, <c>athena:ListDataCatalogs</c> and <c>athena:ListWorkGroups</c> on <c>"*"</c>: list actions with no resource type (Service Authorization Reference, "Actions defined by Amazon Athena"); they return names only.</item>
/// <item>Bucket and queue policies, <c>Deny s3:*</c> / <c>Deny sqs:*</c> to <c>"*"</c> without TLS: a deny, so broad is safe.</item>
/// </list>
/// </remarks>
public static class LakePolicies
{
    private const string KmsDecrypt = "kms:Decrypt";
    private const string KmsGenerateDataKey = "kms:GenerateDataKey";

    /// <summary>The function's role: write its own log group, nothing else.</summary>
    public static PolicyDocument FunctionRole(string logGroupArn) => new([WriteLogs("WriteOwnLogs", logGroupArn)]);

    /// <summary>
    /// A table's delivery stream's role: it writes objects only under its table's <c>data/&lt;table&gt;/</c> and
    /// <c>errors/&lt;table&gt;/</c>, so one table's stream can never write another's.
    /// </summary>
    public static PolicyDocument FirehoseRole(AwsContext aws, TableSettings table, string bucketArn, string keyArn, string functionArn, string logGroupArn, GlueTableArns? schema = null)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(table);
        PolicyStatement[] conversion = schema is null ? [] :
        [
            // Record format conversion reads the schema from the changes table (Firehose Developer Guide, "Controlling
            // access with Amazon Data Firehose", "Grant Firehose access to AWS Glue for data format conversion",
            // https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-glue).
            new PolicyStatement("ReadChangesSchema", ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"], schema.All),
        ];
        return new([
            // Firehose's S3 permissions (Firehose Developer Guide, "Grant Firehose access to an Amazon S3 destination"):
            // the object actions on this table's two prefixes, the bucket actions on the bucket.
            new PolicyStatement(
                "WriteTableObjects",
                ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
                [$"{bucketArn}/{table.DataRoot}*", $"{bucketArn}/{table.ErrorRoot}*"]),
            new PolicyStatement("LocateTheBucket", ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], [bucketArn]),
            new PolicyStatement("InvokePartitioner", ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], [functionArn, $"{functionArn}:*"]),
            // The bucket uses an S3 Bucket Key, so S3 asks KMS with the bucket's ARN as aws:s3:arn, not the
            // object's (Amazon S3 User Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys",
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html, "Changes to note before
            // enabling an S3 Bucket Key"). Decrypt is needed for multipart uploads.
            new PolicyStatement("EncryptObjectsThroughS3", [KmsGenerateDataKey, KmsDecrypt], [keyArn])
            {
                Conditions =
                [
                    new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("s3")]),
                    new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:s3:arn", [bucketArn]),
                ],
            },
            WriteLogs("WriteDeliveryLogs", logGroupArn),
            .. conversion,
        ]);
    }

    /// <summary>The pipe's role.</summary>
    public static PolicyDocument PipeRole(AwsContext aws, PipeRoleArns arns)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(arns);
        return new([
            new PolicyStatement("ReadTableStream", ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], [arns.Stream]),
            // EventBridge Pipes lists ListStreams among a DynamoDB source's permissions (EventBridge User Guide,
            // "Event source permissions for Amazon EventBridge Pipes", DynamoDB execution role permissions), and
            // the action takes no resource-level permission: its Resource types column is empty in the Service
            // Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html),
            // so on the stream's ARN it never applied. It only lists stream ARNs; it reads no data.
            new PolicyStatement("ListTableStreams", ["dynamodb:ListStreams"], ["*"]),
            new PolicyStatement("DeliverToFirehose", ["firehose:PutRecord", "firehose:PutRecordBatch"], [arns.DeliveryStream]),
            new PolicyStatement("SendToDeadLetterQueue", ["sqs:SendMessage"], [arns.Queue]),
            .. DecryptStream(aws, arns),
            // SQS binds each data key to the queue: aws:sqs:arn (Amazon SQS Developer Guide, "Encryption at
            // rest", key terms, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html).
            new PolicyStatement("EncryptDeadLettersThroughSqs", [KmsGenerateDataKey, KmsDecrypt], [arns.Key])
            {
                Conditions =
                [
                    new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("sqs")]),
                    new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:sqs:arn", [arns.Queue]),
                ],
            },
            // The pipe's own data at rest (filter, template) under the stack's key. EventBridge User Guide,
            // "Encrypting EventBridge Pipes data with AWS KMS keys"
            // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-pipes-cmkey.html): its text
            // names the context key aws:pipes:arn, its key-policy example aws:pipe:arn. Each gets a statement.
            new PolicyStatement("DescribePipeKey", ["kms:DescribeKey"], [arns.Key]),
            PipeKeyUse("UsePipeKeyPipesArn", "kms:EncryptionContext:aws:pipes:arn", arns),
            PipeKeyUse("UsePipeKeyPipeArn", "kms:EncryptionContext:aws:pipe:arn", arns),
            WriteLogs("WritePipeLogs", arns.LogGroup),
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
            // CloudWatch alarms publish to the encrypted topic: SNS then uses the key for CloudWatch, which needs
            // Decrypt and GenerateDataKey (SNS Developer Guide, "Key management", "Enable compatibility between
            // event sources from AWS services and encrypted topics"); SNS's encryption context names the topic.
            new PolicyStatement("AlarmsPublishToTheStackTopic", [KmsDecrypt, KmsGenerateDataKey], ["*"])
            {
                Principal = PolicyPrincipal.Service("cloudwatch.amazonaws.com"),
                Conditions = [new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:sns:topicArn", [AlarmTopicArn(aws, names)])],
            },
        ]);
    }

    /// <summary>Where in the access-log bucket S3 writes the lake bucket's server access logs.</summary>
    public const string AccessLogPrefix = "lake-bucket/";

    /// <summary>
    /// The access-log bucket's policy: S3's logging service may put log objects under <see cref="AccessLogPrefix"/>,
    /// only for the lake bucket of this account (S3 User Guide, "Enabling Amazon S3 server access logging":
    /// grant <c>logging.s3.amazonaws.com</c> <c>s3:PutObject</c> with <c>aws:SourceArn</c> and <c>aws:SourceAccount</c>,
    /// the way for buckets whose ACLs are disabled); nobody without TLS.
    /// </summary>
    public static PolicyDocument AccessLogBucketPolicy(AwsContext aws, string logBucketArn, string lakeBucketArn)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new([
            new PolicyStatement("S3ServerAccessLogs", ["s3:PutObject"], [$"{logBucketArn}/{AccessLogPrefix}*"])
            {
                Principal = PolicyPrincipal.Service("logging.s3.amazonaws.com"),
                Conditions =
                [
                    new PolicyCondition("ArnLike", "aws:SourceArn", [lakeBucketArn]),
                    new PolicyCondition("StringEquals", "aws:SourceAccount", [aws.AccountId]),
                ],
            },
            .. DenyInsecureTransport("s3:*", [logBucketArn, $"{logBucketArn}/*"]).Statements,
        ]);
    }

    /// <summary>The bucket policy: refuse every request that is not over TLS.</summary>
    public static PolicyDocument BucketPolicy(string bucketArn) => DenyInsecureTransport("s3:*", [bucketArn, $"{bucketArn}/*"]);

    /// <summary>The lake's query prefixes a reader may list and read, and where Athena writes results.</summary>
    public const string QueryResultsRoot = "athena-results/";

    /// <summary>The name of the Glue Data Catalog as Athena's catalog API calls it.</summary>
    public const string AthenaDataCatalog = "AwsDataCatalog";

    /// <summary>
    /// The managed reader policy: run queries in this stack's workgroup and nothing more, from the console, the
    /// API, or the JDBC/ODBC drivers. Athena on the workgroup (with the JDBC driver's result stream) and on the
    /// Glue catalog's browsing calls (the console's and drivers' ListDatabases, GetTableMetadata …), the two list
    /// calls that have no resource; Glue read on this database and its tables; S3 read on <c>data/</c> and
    /// <c>errors/</c>, read and write on <c>athena-results/</c>, listing limited to those prefixes; the key only
    /// through S3 for this bucket (with the Bucket Key's bucket-ARN context, as for Firehose).
    /// </summary>
    public static PolicyDocument ReaderPolicy(AwsContext aws, ReaderPolicyArns arns)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(arns);
        string[] readable = [LakePrefixes.DataRoot, LakePrefixes.ErrorRoot, QueryResultsRoot];
        return new([
            new PolicyStatement(
                "RunQueriesInTheWorkgroup",
                ["athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetQueryResultsStream", "athena:GetWorkGroup", "athena:GetNamedQuery", "athena:BatchGetNamedQuery", "athena:ListNamedQueries"],
                [arns.Workgroup]),
            new PolicyStatement(
                "BrowseTheDataCatalog",
                ["athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata"],
                [$"arn:{aws.Partition}:athena:{aws.Region}:{aws.AccountId}:datacatalog/{AthenaDataCatalog}"]),
            new PolicyStatement("ListCatalogsAndWorkgroups", ["athena:ListDataCatalogs", "athena:ListWorkGroups"], ["*"]),
            new PolicyStatement(
                "ReadTheCatalog",
                ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"],
                [$"arn:{aws.Partition}:glue:{aws.Region}:{aws.AccountId}:catalog", $"arn:{aws.Partition}:glue:{aws.Region}:{aws.AccountId}:database/{arns.Database}", $"arn:{aws.Partition}:glue:{aws.Region}:{aws.AccountId}:table/{arns.Database}/*"]),
            new PolicyStatement("ReadTheLake", ["s3:GetObject"], [$"{arns.Bucket}/{LakePrefixes.DataRoot}*", $"{arns.Bucket}/{LakePrefixes.ErrorRoot}*"]),
            new PolicyStatement(
                "WriteQueryResults",
                ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                [$"{arns.Bucket}/{QueryResultsRoot}*"]),
            new PolicyStatement("LocateTheBucket", ["s3:GetBucketLocation"], [arns.Bucket]),
            new PolicyStatement("ListTheQueryPrefixes", ["s3:ListBucket"], [arns.Bucket])
            {
                Conditions = [new PolicyCondition("StringLike", "s3:prefix", [.. readable.Select(p => p + "*")])],
            },
            new PolicyStatement("DecryptAndEncryptThroughS3", [KmsDecrypt, KmsGenerateDataKey], [arns.Key])
            {
                Conditions =
                [
                    new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("s3")]),
                    new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:s3:arn", [arns.Bucket]),
                ],
            },
        ]);
    }

    /// <summary>
    /// The managed operator policy: what <c>pipeslake-replay redrive</c> and <c>backfill</c> need to work on the lake
    /// bucket itself, and nothing more. Read and list <c>data/</c> and <c>errors/</c> (an object counts as written only
    /// once its content is compared), <c>errors-handled/</c> (a move cut short between its copy and its delete is
    /// finished by comparing the copy: the same records the operator read under <c>errors/</c>), <c>exports/</c> (an
    /// export to backfill) and the tools' <c>.pipeslake/</c>; write <c>data/</c>, <c>errors/</c>, <c>errors-handled/</c>
    /// and <c>.pipeslake/</c>; delete under <c>errors/</c> (a handled object's move) and <c>data/</c> (a damaged copy of
    /// an object being rewritten). The key only through S3 for this bucket, with the Bucket Key's bucket-ARN context.
    /// Nothing on <c>athena-results/</c>, no delete under <c>errors-handled/</c>, nothing on any other bucket.
    /// For <c>dlq</c>, the stack's tables' streams: GetShardIterator and GetRecords (Service Authorization Reference,
    /// "Actions, resources, and condition keys for Amazon DynamoDB": both on the <c>stream</c> resource) on every stream
    /// of each table (<c>stream/*</c>: a dead-letter message names the stream the batch was read from, which is no
    /// longer the table's latest once its stream was turned off and on), and Decrypt of each stream's customer-managed
    /// key through DynamoDB for that table only, as the pipe's role has it.
    /// </summary>
    public static PolicyDocument OperatorPolicy(AwsContext aws, string bucketArn, string keyArn, IReadOnlyList<OperatorStream> streams)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(streams);
        string[] read = [LakePrefixes.DataRoot, LakePrefixes.ErrorRoot, LakePrefixes.HandledErrorRoot, LakePrefixes.ExportRoot, LakePrefixes.ToolStateRoot];
        string[] write = [LakePrefixes.DataRoot, LakePrefixes.ErrorRoot, LakePrefixes.HandledErrorRoot, LakePrefixes.ToolStateRoot];
        return new([
            new PolicyStatement("ReadTheLakeAndExports", ["s3:GetObject"], [.. read.Select(p => $"{bucketArn}/{p}*")]),
            new PolicyStatement("WriteTheLake", ["s3:PutObject"], [.. write.Select(p => $"{bucketArn}/{p}*")]),
            new PolicyStatement("MoveHandledErrorsReplaceDamagedCopiesEndLeases", ["s3:DeleteObject"], [$"{bucketArn}/{LakePrefixes.ErrorRoot}*", $"{bucketArn}/{LakePrefixes.DataRoot}*", $"{bucketArn}/{LakePrefixes.ToolStateRoot}*"]),
            new PolicyStatement("ListTheLakePrefixes", ["s3:ListBucket"], [bucketArn])
            {
                Conditions = [new PolicyCondition("StringLike", "s3:prefix", [.. read.Select(p => p + "*")])],
            },
            new PolicyStatement("DecryptAndEncryptThroughS3", [KmsDecrypt, KmsGenerateDataKey], [keyArn])
            {
                Conditions =
                [
                    new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("s3")]),
                    new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:s3:arn", [bucketArn]),
                ],
            },
            .. ReadStreamsBack(aws, streams),
        ]);
    }

    /// <summary>The operator's part for <c>dlq</c>: the streams' records, and each customer-managed key for its own tables.</summary>
    private static IEnumerable<PolicyStatement> ReadStreamsBack(AwsContext aws, IReadOnlyList<OperatorStream> streams)
    {
        if (streams.Count == 0)
        {
            yield break;
        }

        yield return new PolicyStatement("ReadBackDeadLetteredBatches", ["dynamodb:GetShardIterator", "dynamodb:GetRecords"],
            [.. streams.Select(s => aws.DynamoDbArn($"table/{s.TableName}/stream/*")).Distinct(StringComparer.Ordinal)]);
        int index = 0;
        foreach (IGrouping<string, OperatorStream> key in streams.Where(s => s.StreamKey is not null).GroupBy(s => s.StreamKey!, StringComparer.Ordinal))
        {
            yield return new PolicyStatement($"DecryptStreamsThroughDynamoDB{++index}", [KmsDecrypt], [key.Key])
            {
                Conditions =
                [
                    new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("dynamodb")]),
                    new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:dynamodb:tableName", [.. key.Select(s => s.TableName).Distinct(StringComparer.Ordinal)]),
                ],
            };
        }
    }

    /// <summary>The alarm topic's ARN, known before the topic exists.</summary>
    public static string AlarmTopicArn(AwsContext aws, LakeNames names)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(names);
        return $"arn:{aws.Partition}:sns:{aws.Region}:{aws.AccountId}:{names.AlarmTopic}";
    }

    /// <summary>
    /// The alarm topic's policy: CloudWatch may publish for this account's alarms (CloudWatch User Guide,
    /// "Confused deputy prevention"), nobody without TLS.
    /// </summary>
    public static PolicyDocument TopicPolicy(AwsContext aws, string topicArn)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new([
            new PolicyStatement("AlarmsPublish", ["sns:Publish"], [topicArn])
            {
                Principal = PolicyPrincipal.Service("cloudwatch.amazonaws.com"),
                Conditions = [new PolicyCondition("StringEquals", "aws:SourceAccount", [aws.AccountId])],
            },
            .. DenyInsecureTransport("sns:*", [topicArn]).Statements,
        ]);
    }

    /// <summary>The dead-letter queue's policy: refuse every request that is not over TLS (cdk-nag AwsSolutions-SQS4).</summary>
    public static PolicyDocument QueuePolicy(string queueArn) => DenyInsecureTransport("sqs:*", [queueArn]);

    /// <summary>
    /// Reading the stream of a table under a customer-managed key (the stack's, for a table it creates; the table's own,
    /// for an existing one): Decrypt through DynamoDB, for this table only. DynamoDB uses one encryption context, the
    /// table name and the account, in every KMS call (AWS KMS Developer Guide, "How Amazon DynamoDB uses AWS KMS",
    /// "DynamoDB encryption context", https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html). A
    /// table under an AWS owned or AWS managed key needs none: that key's own policy lets DynamoDB use it.
    /// </summary>
    private static PolicyStatement[] DecryptStream(AwsContext aws, PipeRoleArns arns) => arns.StreamKey is not { } key ? [] :
    [
        new PolicyStatement("DecryptStreamThroughDynamoDB", [KmsDecrypt], [key])
        {
            Conditions =
            [
                new PolicyCondition("StringEquals", "kms:ViaService", [aws.Via("dynamodb")]),
                new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:dynamodb:tableName", [arns.TableName]),
            ],
        },
    ];

    private static PolicyStatement PipeKeyUse(string sid, string contextKey, PipeRoleArns arns) =>
        new(sid, [KmsGenerateDataKey, KmsDecrypt], [arns.Key])
        {
            Conditions = [new PolicyCondition("ArnEquals", contextKey, [arns.Pipe])],
        };

    private static PolicyStatement WriteLogs(string sid, string logGroupArn) =>
        new(sid, ["logs:CreateLogStream", "logs:PutLogEvents"], [$"{logGroupArn}:log-stream:*"]);

    private static PolicyDocument DenyInsecureTransport(string allActions, IReadOnlyList<string> resources) => new([
        new PolicyStatement("DenyInsecureTransport", [allActions], resources)
        {
            Effect = "Deny",
            Principal = PolicyPrincipal.Anyone,
            Conditions = [new PolicyCondition("Bool", "aws:SecureTransport", ["false"])],
        },
    ]);
}
