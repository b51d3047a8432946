namespace PipesLake.Blueprint.Tests;

/// <summary>
/// Every request on the data path, written down as the calling service sends it (action, resource,
/// context keys, with the AWS page that says so), evaluated against the policy that must allow it; and
/// for each, near misses that must be denied. A policy can compile and still deny the real request.
/// </summary>
public sealed class DataPathRequestTests
{
    private const string Region = "eu-west-1";
    private const string ObjectArn = Arns.Bucket + "/data/orders/siteId=site-a/year=2024/month=01/day=01/hour=00/minute=07/pipeslake-dev-orders-1-2024-01-01-00-05-00-abc";
    private const string ErrorObjectArn = Arns.Bucket + "/errors/orders/processing-failed/year=2024/month=01/day=01/pipeslake-dev-orders-1-2024-01-01-00-05-00-abc";

    private static readonly PolicyDocument s_firehoseRole = LakePolicies.FirehoseRole(Arns.Aws, Arns.Table, Arns.Bucket, Arns.Key, Arns.Function, Arns.LogGroup);
    private static readonly GlueTableArns s_changes = Arns.Aws.GlueTable("pipeslake_dev", "orders_changes");
    private static readonly PolicyDocument s_parquetFirehoseRole = LakePolicies.FirehoseRole(Arns.Aws, Arns.Table, Arns.Bucket, Arns.Key, Arns.Function, Arns.LogGroup, s_changes);
    private static readonly PolicyDocument s_pipeRole = LakePolicies.PipeRole(Arns.Aws, Arns.PipeRole);

    // An existing table, "inventory", under its own customer-managed key; and one under an AWS owned or managed key.
    private const string InventoryKey = "arn:aws:kms:eu-west-1:123456789012:key/9999-8888";
    private const string InventoryStream = "arn:aws:dynamodb:eu-west-1:123456789012:table/inventory/stream/2023-06-01T00:00:00.000";
    private static readonly PolicyDocument s_inventoryPipeRole = LakePolicies.PipeRole(Arns.Aws, new PipeRoleArns(
        "arn:aws:pipes:eu-west-1:123456789012:pipe/pipeslake-dev-inventory-pipe", InventoryStream, "inventory",
        "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-inventory", "arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-inventory-dlq",
        Arns.Key, "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/inventory/pipe", InventoryKey));
    private static readonly PolicyDocument s_awsKeyPipeRole = LakePolicies.PipeRole(Arns.Aws, Arns.PipeRole with { StreamKey = null });
    private static readonly PolicyDocument s_keyPolicy = LakePolicies.KeyPolicy(Arns.Aws, new LakeNames("dev"));
    private const string Workgroup = "arn:aws:athena:eu-west-1:123456789012:workgroup/pipeslake-dev";
    private static readonly PolicyDocument s_accessLogs = LakePolicies.AccessLogBucketPolicy(Arns.Aws, "arn:aws:s3:::pipeslake-dev-logs-1234", Arns.Bucket);
    private static readonly PolicyDocument s_operator = LakePolicies.OperatorPolicy(Arns.Aws, Arns.Bucket, Arns.Key, [new OperatorStream(Arns.TableName, Arns.Key), new OperatorStream("inventory", InventoryKey), new OperatorStream("archive", null)]);
    private static readonly PolicyDocument s_reader = LakePolicies.ReaderPolicy(Arns.Aws, new ReaderPolicyArns(Workgroup, "pipeslake_dev", Arns.Bucket, Arns.Key));

    // S3 with an S3 Bucket Key asks KMS through S3 with the *bucket* ARN as aws:s3:arn.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html ("Changes to note before enabling")
    // and https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html (encryption context).
    private static Dictionary<string, string> ViaS3(string s3Arn) => new()
    {
        ["kms:ViaService"] = $"s3.{Region}.amazonaws.com",
        ["kms:EncryptionContext:aws:s3:arn"] = s3Arn,
        ["kms:CallerAccount"] = Arns.Account,
    };

    // DynamoDB's context on every KMS call: the table name and the account.
    // https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html ("DynamoDB encryption context")
    private static Dictionary<string, string> ViaDynamoDb(string table) => new()
    {
        ["kms:ViaService"] = $"dynamodb.{Region}.amazonaws.com",
        ["kms:EncryptionContext:aws:dynamodb:tableName"] = table,
        ["kms:EncryptionContext:aws:dynamodb:subscriberId"] = Arns.Account,
    };

    // SQS's context: the queue's ARN. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
    private static Dictionary<string, string> ViaSqs(string queue) => new()
    {
        ["kms:ViaService"] = $"sqs.{Region}.amazonaws.com",
        ["kms:EncryptionContext:aws:sqs:arn"] = queue,
    };

    // EventBridge Pipes' context for its data at rest is the pipe ARN; the page's text calls the key
    // aws:pipes:arn and its key-policy example aws:pipe:arn.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-pipes-cmkey.html
    private static Dictionary<string, string> PipeContext(string key, string pipe) => new() { [$"kms:EncryptionContext:{key}"] = pipe };

    private static readonly Dictionary<string, string> s_none = [];

    private static IEnumerable<TestCaseData> Requests()
    {
        // Firehose writes objects (and multipart parts) to the lake.
        yield return Case("firehose PutObject", s_firehoseRole, "s3:PutObject", ObjectArn, s_none, true);
        yield return Case("firehose PutObject, other bucket", s_firehoseRole, "s3:PutObject", "arn:aws:s3:::other-bucket/data/x", s_none, false);
        // Each table's stream writes only its own table's prefixes (Firehose Developer Guide, "Grant Firehose access to an
        // Amazon S3 destination": the object actions on the objects it writes).
        yield return Case("firehose PutObject errors/<its table>/", s_firehoseRole, "s3:PutObject", ErrorObjectArn, s_none, true);
        yield return Case("firehose PutObject data/<another table>/", s_firehoseRole, "s3:PutObject", ObjectArn.Replace("/data/orders/", "/data/inventory/", StringComparison.Ordinal), s_none, false);
        yield return Case("firehose PutObject errors/<another table>/", s_firehoseRole, "s3:PutObject", ErrorObjectArn.Replace("/errors/orders/", "/errors/inventory/", StringComparison.Ordinal), s_none, false);
        yield return Case("firehose PutObject data/, no table", s_firehoseRole, "s3:PutObject", Arns.Bucket + "/data/siteId=site-a/x", s_none, false);
        yield return Case("firehose PutObject data/<its table> as a prefix of another's name", s_firehoseRole, "s3:PutObject", Arns.Bucket + "/data/orders-archive/x", s_none, false);
        yield return Case("firehose ListBucket", s_firehoseRole, "s3:ListBucket", Arns.Bucket, s_none, true);
        yield return Case("firehose GetBucketLocation", s_firehoseRole, "s3:GetBucketLocation", Arns.Bucket, s_none, true);
        yield return Case("firehose DeleteObject", s_firehoseRole, "s3:DeleteObject", ObjectArn, s_none, false);
        yield return Case("firehose GenerateDataKey via S3, bucket key", s_firehoseRole, "kms:GenerateDataKey", Arns.Key, ViaS3(Arns.Bucket), true);
        yield return Case("firehose Decrypt via S3 (multipart), bucket key", s_firehoseRole, "kms:Decrypt", Arns.Key, ViaS3(Arns.Bucket), true);
        yield return Case("firehose GenerateDataKey, object ARN context (no bucket key)", s_firehoseRole, "kms:GenerateDataKey", Arns.Key, ViaS3(ObjectArn), false);
        yield return Case("firehose GenerateDataKey, other bucket", s_firehoseRole, "kms:GenerateDataKey", Arns.Key, ViaS3("arn:aws:s3:::other-bucket"), false);
        yield return Case("firehose GenerateDataKey, not through S3", s_firehoseRole, "kms:GenerateDataKey", Arns.Key, ViaSqs(Arns.Queue), false);
        yield return Case("firehose Encrypt via S3", s_firehoseRole, "kms:Encrypt", Arns.Key, ViaS3(Arns.Bucket), false);
        // Firehose invokes the processor qualified with $LATEST.
        yield return Case("firehose InvokeFunction $LATEST", s_firehoseRole, "lambda:InvokeFunction", Arns.Function + ":$LATEST", s_none, true);
        yield return Case("firehose InvokeFunction, other function", s_firehoseRole, "lambda:InvokeFunction", Arns.Function + "-other", s_none, false);

        // A Parquet stream reads the changes table's schema; Glue authorizes GetTable against the catalog, the database
        // and the table (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-glue,
        // https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html).
        foreach (string arn in s_changes.All)
        {
            yield return Case($"parquet firehose GetTable on {arn[(arn.LastIndexOf(':') + 1)..]}", s_parquetFirehoseRole, "glue:GetTable", arn, s_none, true);
            yield return Case($"parquet firehose GetTableVersions on {arn[(arn.LastIndexOf(':') + 1)..]}", s_parquetFirehoseRole, "glue:GetTableVersions", arn, s_none, true);
        }

        yield return Case("parquet firehose GetTableVersion", s_parquetFirehoseRole, "glue:GetTableVersion", s_changes.Table, s_none, true);
        yield return Case("parquet firehose GetTable, other table", s_parquetFirehoseRole, "glue:GetTable", s_changes.Table.Replace("/orders_changes", "/orders_errors", StringComparison.Ordinal), s_none, false);
        yield return Case("parquet firehose GetTable, other database", s_parquetFirehoseRole, "glue:GetTable", s_changes.Database.Replace("pipeslake_dev", "pipeslake_prod", StringComparison.Ordinal), s_none, false);
        yield return Case("parquet firehose UpdateTable", s_parquetFirehoseRole, "glue:UpdateTable", s_changes.Table, s_none, false);
        yield return Case("json firehose GetTable", s_firehoseRole, "glue:GetTable", s_changes.Table, s_none, false);

        // The pipe reads the stream, decrypting through DynamoDB.
        yield return Case("pipe GetRecords", s_pipeRole, "dynamodb:GetRecords", Arns.Stream, s_none, true);
        // ListStreams is authorized against "*" (no resource-level permission).
        yield return Case("pipe ListStreams", s_pipeRole, "dynamodb:ListStreams", "*", s_none, true);
        yield return Case("pipe DescribeTable", s_pipeRole, "dynamodb:DescribeTable", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", s_none, false);
        yield return Case("pipe GetRecords, other table's stream", s_pipeRole, "dynamodb:GetRecords", Arns.Stream.Replace("/orders/", "/other/", StringComparison.Ordinal), s_none, false);
        yield return Case("pipe Decrypt via DynamoDB", s_pipeRole, "kms:Decrypt", Arns.Key, ViaDynamoDb(Arns.TableName), true);
        yield return Case("pipe Decrypt via DynamoDB, other table", s_pipeRole, "kms:Decrypt", Arns.Key, ViaDynamoDb("other"), false);
        yield return Case("pipe GenerateDataKey via DynamoDB", s_pipeRole, "kms:GenerateDataKey", Arns.Key, ViaDynamoDb(Arns.TableName), false);
        // An existing table under its own customer-managed key: its pipe decrypts its stream with that key, through
        // DynamoDB, for that table only (DynamoDB's context, above); never with the stack's key, and no other table's pipe.
        yield return Case("existing table's pipe GetRecords", s_inventoryPipeRole, "dynamodb:GetRecords", InventoryStream, s_none, true);
        yield return Case("existing table's pipe GetRecords, the other table's stream", s_inventoryPipeRole, "dynamodb:GetRecords", Arns.Stream, s_none, false);
        yield return Case("existing table's pipe Decrypt with its key via DynamoDB", s_inventoryPipeRole, "kms:Decrypt", InventoryKey, ViaDynamoDb("inventory"), true);
        yield return Case("existing table's pipe Decrypt with its key, other table", s_inventoryPipeRole, "kms:Decrypt", InventoryKey, ViaDynamoDb(Arns.TableName), false);
        yield return Case("existing table's pipe Decrypt with its key via S3", s_inventoryPipeRole, "kms:Decrypt", InventoryKey, ViaS3(Arns.Bucket), false);
        yield return Case("existing table's pipe Decrypt with its key, no context", s_inventoryPipeRole, "kms:Decrypt", InventoryKey, s_none, false);
        yield return Case("existing table's pipe Decrypt with the stack's key via DynamoDB", s_inventoryPipeRole, "kms:Decrypt", Arns.Key, ViaDynamoDb("inventory"), false);
        yield return Case("other table's pipe Decrypt with the existing table's key", s_pipeRole, "kms:Decrypt", InventoryKey, ViaDynamoDb("inventory"), false);
        // Under an AWS owned or AWS managed key the key's own policy lets DynamoDB use it: the role grants nothing.
        yield return Case("pipe of a table under an AWS key: no Decrypt of the stack's key via DynamoDB", s_awsKeyPipeRole, "kms:Decrypt", Arns.Key, ViaDynamoDb(Arns.TableName), false);
        // The pipe delivers to Firehose and sends failed batches to the queue, encrypted through SQS.
        yield return Case("pipe PutRecordBatch", s_pipeRole, "firehose:PutRecordBatch", Arns.DeliveryStream, s_none, true);
        yield return Case("pipe PutRecordBatch, other stream", s_pipeRole, "firehose:PutRecordBatch", Arns.DeliveryStream + "-other", s_none, false);
        yield return Case("pipe SendMessage to the DLQ", s_pipeRole, "sqs:SendMessage", Arns.Queue, s_none, true);
        yield return Case("pipe GenerateDataKey via SQS", s_pipeRole, "kms:GenerateDataKey", Arns.Key, ViaSqs(Arns.Queue), true);
        yield return Case("pipe Decrypt via SQS", s_pipeRole, "kms:Decrypt", Arns.Key, ViaSqs(Arns.Queue), true);
        yield return Case("pipe GenerateDataKey via SQS, other queue", s_pipeRole, "kms:GenerateDataKey", Arns.Key, ViaSqs(Arns.Queue + "-other"), false);
        // The pipe's own data at rest under the stack's key: both spellings of the context key.
        yield return Case("pipe DescribeKey", s_pipeRole, "kms:DescribeKey", Arns.Key, s_none, true);
        yield return Case("pipe GenerateDataKey, aws:pipes:arn", s_pipeRole, "kms:GenerateDataKey", Arns.Key, PipeContext("aws:pipes:arn", Arns.Pipe), true);
        yield return Case("pipe Decrypt, aws:pipes:arn", s_pipeRole, "kms:Decrypt", Arns.Key, PipeContext("aws:pipes:arn", Arns.Pipe), true);
        yield return Case("pipe GenerateDataKey, aws:pipe:arn", s_pipeRole, "kms:GenerateDataKey", Arns.Key, PipeContext("aws:pipe:arn", Arns.Pipe), true);
        yield return Case("pipe Decrypt, aws:pipe:arn", s_pipeRole, "kms:Decrypt", Arns.Key, PipeContext("aws:pipe:arn", Arns.Pipe), true);
        yield return Case("pipe GenerateDataKey, other pipe", s_pipeRole, "kms:GenerateDataKey", Arns.Key, PipeContext("aws:pipes:arn", Arns.Pipe + "-other"), false);
        yield return Case("pipe GenerateDataKey, no context", s_pipeRole, "kms:GenerateDataKey", Arns.Key, s_none, false);
        yield return Case("pipe DescribeKey, other key", s_pipeRole, "kms:DescribeKey", Arns.Key + "-other", s_none, false);

        // CloudWatch Logs encrypts the stack's log groups as a service principal, naming the group.
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
        var logs = PolicyPrincipal.Service($"logs.{Region}.amazonaws.com");
        yield return Case("logs GenerateDataKey, stack log group", s_keyPolicy, "kms:GenerateDataKey", Arns.Key, new() { ["kms:EncryptionContext:aws:logs:arn"] = Arns.PipeLogGroup }, true, logs);
        yield return Case("logs Decrypt, stack log group", s_keyPolicy, "kms:Decrypt", Arns.Key, new() { ["kms:EncryptionContext:aws:logs:arn"] = Arns.LogGroup }, true, logs);
        yield return Case("logs GenerateDataKey, other stack's group", s_keyPolicy, "kms:GenerateDataKey", Arns.Key, new() { ["kms:EncryptionContext:aws:logs:arn"] = "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/prod/pipe" }, false, logs);
        yield return Case("logs GenerateDataKey, other region", s_keyPolicy, "kms:GenerateDataKey", Arns.Key, new() { ["kms:EncryptionContext:aws:logs:arn"] = Arns.PipeLogGroup }, false, PolicyPrincipal.Service("logs.us-east-1.amazonaws.com"));

        // An operator runs redrive and backfill on the bucket with AWSSDK.S3: GetObject (also for HEAD), PutObject
        // (conditional writes need no other action: S3 User Guide, "Add preconditions to S3 operations with
        // conditional requests"), DeleteObject for a move, ListObjectsV2 = s3:ListBucket with s3:prefix (Service
        // Authorization Reference, "Actions defined by Amazon S3"); KMS through S3 with the Bucket Key's context.
        yield return Case("operator GetObject data/", s_operator, "s3:GetObject", ObjectArn, s_none, true);
        yield return Case("operator GetObject exports/", s_operator, "s3:GetObject", Arns.Bucket + "/exports/AWSDynamoDB/01700000000000-abcdef12/manifest-summary.json", s_none, true);
        yield return Case("operator GetObject athena-results/", s_operator, "s3:GetObject", Arns.Bucket + "/athena-results/q.csv", s_none, false);
        yield return Case("operator PutObject data/", s_operator, "s3:PutObject", ObjectArn, s_none, true);
        yield return Case("operator PutObject errors-handled/", s_operator, "s3:PutObject", Arns.Bucket + "/errors-handled/orders/processing-failed/x", s_none, true);
        yield return Case("operator PutObject .pipeslake/ journal", s_operator, "s3:PutObject", Arns.Bucket + "/.pipeslake/runs/backfill-0123456789abcdef.json", s_none, true);
        yield return Case("operator PutObject exports/", s_operator, "s3:PutObject", Arns.Bucket + "/exports/x", s_none, false);
        yield return Case("operator DeleteObject errors/ (move)", s_operator, "s3:DeleteObject", Arns.Bucket + "/errors/orders/processing-failed/x", s_none, true);
        // A run's lease is deleted with If-Match when the run ends (S3 API Reference, DeleteObject: If-Match needs no other action).
        // Taking a lease reads it first (GetObject; a missing one is told by listing its exact key, S3Keys.Exists).
        yield return Case("operator GetObject .pipeslake/ lease", s_operator, "s3:GetObject", Arns.Bucket + "/.pipeslake/runs/redrive-0123456789abcdef.lease", s_none, true);
        yield return Case("operator ListBucket .pipeslake/ lease", s_operator, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = ".pipeslake/runs/redrive-0123456789abcdef.lease" }, true);
        yield return Case("operator DeleteObject .pipeslake/ lease", s_operator, "s3:DeleteObject", Arns.Bucket + "/.pipeslake/runs/redrive-0123456789abcdef.lease", s_none, true);
        // Redrive's batch markers: listed (ListObjectsV2 = s3:ListBucket with s3:prefix .pipeslake/redrive/), each read
        // (GetObject) when a run starts, one written (PutObject) when a batch is in the lake; never deleted.
        yield return Case("operator ListBucket .pipeslake/redrive/ markers", s_operator, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = ".pipeslake/redrive/" }, true);
        yield return Case("operator GetObject .pipeslake/redrive/ marker", s_operator, "s3:GetObject", Arns.Bucket + "/.pipeslake/redrive/0123456789abcdef0123456789abcdef.done", s_none, true);
        yield return Case("operator PutObject .pipeslake/redrive/ marker", s_operator, "s3:PutObject", Arns.Bucket + "/.pipeslake/redrive/0123456789abcdef0123456789abcdef.done", s_none, true);
        yield return Case("operator ListBucket pipeslake/ (no dot)", s_operator, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = "pipeslake/redrive/" }, false);
        // A move cut short between its copy and its delete: the rerun's copy gets 412 (If-None-Match), and the tool reads
        // the copy under errors-handled/ to compare it before it deletes the original (S3Lake.Move): a GetObject there,
        // after a listing of its exact key (S3Keys.Exists: ListObjectsV2 = s3:ListBucket with s3:prefix).
        yield return Case("operator GetObject errors-handled/ (finishing a cut move)", s_operator, "s3:GetObject", Arns.Bucket + "/errors-handled/orders/processing-failed/year=2024/month=01/day=01/x", s_none, true);
        yield return Case("operator ListBucket errors-handled/ (finishing a cut move)", s_operator, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = "errors-handled/orders/processing-failed/year=2024/month=01/day=01/x" }, true);
        yield return Case("operator DeleteObject errors-handled/", s_operator, "s3:DeleteObject", Arns.Bucket + "/errors-handled/orders/processing-failed/x", s_none, false);
        yield return Case("operator DeleteObject exports/", s_operator, "s3:DeleteObject", Arns.Bucket + "/exports/x", s_none, false);
        yield return Case("operator ListBucket errors/", s_operator, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = "errors/orders/processing-failed/" }, true);
        yield return Case("operator ListBucket, whole bucket", s_operator, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = string.Empty }, false);
        yield return Case("operator GetObject, other bucket", s_operator, "s3:GetObject", "arn:aws:s3:::other-bucket/data/x", s_none, false);
        yield return Case("operator GenerateDataKey via S3, bucket key", s_operator, "kms:GenerateDataKey", Arns.Key, ViaS3(Arns.Bucket), true);
        yield return Case("operator Decrypt, not through S3", s_operator, "kms:Decrypt", Arns.Key, ViaSqs(Arns.Queue), false);
        yield return Case("operator DeleteBucket", s_operator, "s3:DeleteBucket", Arns.Bucket, s_none, false);

        // dlq reads dead-lettered batches back with AWSSDK.DynamoDBv2: GetShardIterator (StreamArn in the request) and
        // GetRecords (its iterator), both authorized on the stream (Service Authorization Reference, "Actions defined by
        // Amazon DynamoDB": GetShardIterator and GetRecords, resource type stream; the ARN
        // arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}). A batch may name an
        // older stream of the table (turned off and on): any label. A stream under a customer-managed key is decrypted
        // through DynamoDB with the table's context, as for the pipe (EventBridge User Guide, "Pipes error handling",
        // custom encryption: "true for all pipe sources with AWS KMS CMK, including Amazon DynamoDB Streams"; the KMS
        // Developer Guide's DynamoDB encryption context): allowed for each table's own key only.
        yield return Case("operator GetShardIterator, a stack table's stream", s_operator, "dynamodb:GetShardIterator", Arns.Stream, s_none, true);
        yield return Case("operator GetRecords, a stack table's stream", s_operator, "dynamodb:GetRecords", Arns.Stream, s_none, true);
        yield return Case("operator GetRecords, the table's older stream", s_operator, "dynamodb:GetRecords", Arns.Stream.Replace("2024-01-01T00:00:00.000", "2023-01-01T00:00:00.000", StringComparison.Ordinal), s_none, true);
        yield return Case("operator GetRecords, an existing table's stream", s_operator, "dynamodb:GetRecords", InventoryStream, s_none, true);
        yield return Case("operator GetRecords, a table the stack does not list", s_operator, "dynamodb:GetRecords", Arns.Stream.Replace("/orders/", "/other/", StringComparison.Ordinal), s_none, false);
        yield return Case("operator GetRecords, a table named with the stack table's name as prefix", s_operator, "dynamodb:GetRecords", Arns.Stream.Replace("/orders/", "/orders-archive/", StringComparison.Ordinal), s_none, false);
        yield return Case("operator GetRecords, the stack table's stream in another region", s_operator, "dynamodb:GetRecords", Arns.Stream.Replace("eu-west-1", "us-east-1", StringComparison.Ordinal), s_none, false);
        yield return Case("operator DescribeStream (dlq needs none)", s_operator, "dynamodb:DescribeStream", Arns.Stream, s_none, false);
        yield return Case("operator GetItem on the table", s_operator, "dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", s_none, false);
        yield return Case("operator Decrypt the stack's key via DynamoDB, its table", s_operator, "kms:Decrypt", Arns.Key, ViaDynamoDb(Arns.TableName), true);
        yield return Case("operator Decrypt an existing table's key via DynamoDB, its table", s_operator, "kms:Decrypt", InventoryKey, ViaDynamoDb("inventory"), true);
        yield return Case("operator Decrypt the stack's key via DynamoDB, the existing table", s_operator, "kms:Decrypt", Arns.Key, ViaDynamoDb("inventory"), false);
        yield return Case("operator Decrypt an existing table's key via DynamoDB, a stack table", s_operator, "kms:Decrypt", InventoryKey, ViaDynamoDb(Arns.TableName), false);
        yield return Case("operator Decrypt the stack's key via DynamoDB, a table under an AWS key", s_operator, "kms:Decrypt", Arns.Key, ViaDynamoDb("archive"), false);
        yield return Case("operator GenerateDataKey via DynamoDB", s_operator, "kms:GenerateDataKey", Arns.Key, ViaDynamoDb(Arns.TableName), false);

        // S3 server access logging puts log objects as logging.s3.amazonaws.com, with the source bucket's ARN as
        // aws:SourceArn and its account as aws:SourceAccount (S3 User Guide, "Enabling Amazon S3 server access
        // logging", "Grant permissions to the logging service principal by using a bucket policy").
        var logging = PolicyPrincipal.Service("logging.s3.amazonaws.com");
        const string LogObject = "arn:aws:s3:::pipeslake-dev-logs-1234/lake-bucket/2024-01-01-00-00-00-ABCDEF";
        Dictionary<string, string> FromLake(string source, string account) => new() { ["aws:SourceArn"] = source, ["aws:SourceAccount"] = account, ["aws:SecureTransport"] = "true" };
        yield return Case("logging PutObject, lake bucket", s_accessLogs, "s3:PutObject", LogObject, FromLake(Arns.Bucket, Arns.Account), true, logging);
        yield return Case("logging PutObject, other source bucket", s_accessLogs, "s3:PutObject", LogObject, FromLake("arn:aws:s3:::other-bucket", Arns.Account), false, logging);
        yield return Case("logging PutObject, other account", s_accessLogs, "s3:PutObject", LogObject, FromLake(Arns.Bucket, "210987654321"), false, logging);
        yield return Case("logging PutObject, outside the log prefix", s_accessLogs, "s3:PutObject", "arn:aws:s3:::pipeslake-dev-logs-1234/other/x", FromLake(Arns.Bucket, Arns.Account), false, logging);
        yield return Case("logging DeleteObject", s_accessLogs, "s3:DeleteObject", LogObject, FromLake(Arns.Bucket, Arns.Account), false, logging);
        yield return Case("anyone GetObject without TLS", s_accessLogs, "s3:GetObject", LogObject, new() { ["aws:SecureTransport"] = "false" }, false, PolicyPrincipal.Anyone, expectDeny: true);

        // A reader runs queries: Athena in the workgroup, Glue on the database, S3 and KMS under the caller's
        // credentials (Athena User Guide, "Access to Amazon S3" and "Permissions to encrypted data in Amazon S3").
        yield return Case("reader StartQueryExecution", s_reader, "athena:StartQueryExecution", Workgroup, s_none, true);
        yield return Case("reader StartQueryExecution, other workgroup", s_reader, "athena:StartQueryExecution", "arn:aws:athena:eu-west-1:123456789012:workgroup/primary", s_none, false);
        yield return Case("reader DeleteWorkGroup", s_reader, "athena:DeleteWorkGroup", Workgroup, s_none, false);
        yield return Case("reader GetTable", s_reader, "glue:GetTable", "arn:aws:glue:eu-west-1:123456789012:table/pipeslake_dev/orders_changes", s_none, true);
        yield return Case("reader GetTable, other database", s_reader, "glue:GetTable", "arn:aws:glue:eu-west-1:123456789012:table/other/orders_changes", s_none, false);
        yield return Case("reader DeleteTable", s_reader, "glue:DeleteTable", "arn:aws:glue:eu-west-1:123456789012:table/pipeslake_dev/orders_changes", s_none, false);
        // The ways analysts connect. The JDBC driver streams results (Athena User Guide, "Connect to Amazon Athena
        // with JDBC": athena:GetQueryResultsStream on the workgroup). The console and the JDBC/ODBC drivers browse
        // through Athena's catalog API, authorized on the data catalog's ARN, arn:aws:athena:<region>:<account>:
        // datacatalog/AwsDataCatalog (Athena User Guide, "Data catalog example policies"); ListDataCatalogs and
        // ListWorkGroups take no resource (Service Authorization Reference, "Actions defined by Amazon Athena").
        // Athena then reads Glue with the caller's credentials: glue:GetDatabases on the catalog beside
        // GetDatabase (Athena User Guide, "Configure access to databases and tables in the AWS Glue Data Catalog").
        const string Catalog = "arn:aws:athena:eu-west-1:123456789012:datacatalog/AwsDataCatalog";
        yield return Case("reader GetQueryResultsStream (JDBC)", s_reader, "athena:GetQueryResultsStream", Workgroup, s_none, true);
        yield return Case("reader GetQueryResultsStream, other workgroup", s_reader, "athena:GetQueryResultsStream", "arn:aws:athena:eu-west-1:123456789012:workgroup/primary", s_none, false);
        yield return Case("reader ListDataCatalogs", s_reader, "athena:ListDataCatalogs", "*", s_none, true);
        yield return Case("reader ListWorkGroups", s_reader, "athena:ListWorkGroups", "*", s_none, true);
        yield return Case("reader ListDatabases", s_reader, "athena:ListDatabases", Catalog, s_none, true);
        yield return Case("reader GetDatabase (Athena)", s_reader, "athena:GetDatabase", Catalog, s_none, true);
        yield return Case("reader ListTableMetadata", s_reader, "athena:ListTableMetadata", Catalog, s_none, true);
        yield return Case("reader GetTableMetadata", s_reader, "athena:GetTableMetadata", Catalog, s_none, true);
        yield return Case("reader GetTableMetadata, other catalog", s_reader, "athena:GetTableMetadata", "arn:aws:athena:eu-west-1:123456789012:datacatalog/other", s_none, false);
        yield return Case("reader CreateDataCatalog", s_reader, "athena:CreateDataCatalog", Catalog, s_none, false);
        yield return Case("reader DeleteWorkGroup, any", s_reader, "athena:DeleteWorkGroup", "*", s_none, false);
        yield return Case("reader GetDatabases (Glue)", s_reader, "glue:GetDatabases", "arn:aws:glue:eu-west-1:123456789012:catalog", s_none, true);
        yield return Case("reader GetDatabases, other account's catalog", s_reader, "glue:GetDatabases", "arn:aws:glue:eu-west-1:210987654321:catalog", s_none, false);
        yield return Case("reader CreateDatabase (Glue)", s_reader, "glue:CreateDatabase", "arn:aws:glue:eu-west-1:123456789012:catalog", s_none, false);
        yield return Case("reader GetObject data/", s_reader, "s3:GetObject", ObjectArn, s_none, true);
        yield return Case("reader GetObject errors/", s_reader, "s3:GetObject", Arns.Bucket + "/errors/orders/processing-failed/year=2024/month=01/day=01/x", s_none, true);
        yield return Case("reader DeleteObject errors/", s_reader, "s3:DeleteObject", Arns.Bucket + "/errors/orders/processing-failed/year=2024/month=01/day=01/x", s_none, false);
        yield return Case("reader GetObject, other bucket", s_reader, "s3:GetObject", "arn:aws:s3:::other-bucket/data/x", s_none, false);
        yield return Case("reader GetObject errors-handled/ (the operator's, not the reader's)", s_reader, "s3:GetObject", Arns.Bucket + "/errors-handled/x", s_none, false);
        yield return Case("reader PutObject athena-results/", s_reader, "s3:PutObject", Arns.Bucket + "/athena-results/q.csv", s_none, true);
        yield return Case("reader PutObject data/", s_reader, "s3:PutObject", ObjectArn, s_none, false);
        yield return Case("reader ListBucket data/", s_reader, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = "data/orders/siteId=site-a/" }, true);
        yield return Case("reader ListBucket, whole bucket", s_reader, "s3:ListBucket", Arns.Bucket, new() { ["s3:prefix"] = string.Empty }, false);
        yield return Case("reader GetBucketLocation", s_reader, "s3:GetBucketLocation", Arns.Bucket, s_none, true);
        yield return Case("reader Decrypt via S3, bucket key", s_reader, "kms:Decrypt", Arns.Key, ViaS3(Arns.Bucket), true);
        yield return Case("reader GenerateDataKey via S3 (results)", s_reader, "kms:GenerateDataKey", Arns.Key, ViaS3(Arns.Bucket), true);
        yield return Case("reader Decrypt, other bucket", s_reader, "kms:Decrypt", Arns.Key, ViaS3("arn:aws:s3:::other-bucket"), false);
        yield return Case("reader Decrypt, not through S3", s_reader, "kms:Decrypt", Arns.Key, ViaSqs(Arns.Queue), false);

        // CloudWatch alarms publish to the encrypted topic; SNS asks KMS with the topic in the context.
        // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (compatibility with AWS services)
        var cloudwatch = PolicyPrincipal.Service("cloudwatch.amazonaws.com");
        const string Topic = "arn:aws:sns:eu-west-1:123456789012:pipeslake-dev-alarms";
        yield return Case("cloudwatch GenerateDataKey for the alarm topic", s_keyPolicy, "kms:GenerateDataKey", Arns.Key, new() { ["kms:EncryptionContext:aws:sns:topicArn"] = Topic }, true, cloudwatch);
        yield return Case("cloudwatch Decrypt for the alarm topic", s_keyPolicy, "kms:Decrypt", Arns.Key, new() { ["kms:EncryptionContext:aws:sns:topicArn"] = Topic }, true, cloudwatch);
        yield return Case("cloudwatch GenerateDataKey for another topic", s_keyPolicy, "kms:GenerateDataKey", Arns.Key, new() { ["kms:EncryptionContext:aws:sns:topicArn"] = Topic + "-other" }, false, cloudwatch);
        yield return Case("events GenerateDataKey for the alarm topic", s_keyPolicy, "kms:GenerateDataKey", Arns.Key, new() { ["kms:EncryptionContext:aws:sns:topicArn"] = Topic }, false, PolicyPrincipal.Service("events.amazonaws.com"));
        yield return Case("cloudwatch Encrypt for the alarm topic", s_keyPolicy, "kms:Encrypt", Arns.Key, new() { ["kms:EncryptionContext:aws:sns:topicArn"] = Topic }, false, cloudwatch);
        yield return Case("cloudwatch publishes for this account", LakePolicies.TopicPolicy(Arns.Aws, Topic), "sns:Publish", Topic, new() { ["aws:SourceAccount"] = Arns.Account, ["aws:SecureTransport"] = "true" }, true, cloudwatch);
        yield return Case("cloudwatch publishes for another account", LakePolicies.TopicPolicy(Arns.Aws, Topic), "sns:Publish", Topic, new() { ["aws:SourceAccount"] = "210987654321", ["aws:SecureTransport"] = "true" }, false, cloudwatch);
        yield return Case("anyone else publishes", LakePolicies.TopicPolicy(Arns.Aws, Topic), "sns:Publish", Topic, new() { ["aws:SourceAccount"] = Arns.Account, ["aws:SecureTransport"] = "true" }, false, PolicyPrincipal.Service("events.amazonaws.com"));

        // TLS only, on the bucket and on the queue.
        yield return Case("bucket GetObject without TLS", LakePolicies.BucketPolicy(Arns.Bucket), "s3:GetObject", ObjectArn, new() { ["aws:SecureTransport"] = "false" }, false, PolicyPrincipal.Aws("arn:aws:iam::123456789012:role/x"), expectDeny: true);
        yield return Case("queue SendMessage without TLS", LakePolicies.QueuePolicy(Arns.Queue), "sqs:SendMessage", Arns.Queue, new() { ["aws:SecureTransport"] = "false" }, false, PolicyPrincipal.Aws("arn:aws:iam::123456789012:role/x"), expectDeny: true);
        yield return Case("queue SendMessage over TLS is not denied", LakePolicies.QueuePolicy(Arns.Queue), "sqs:SendMessage", Arns.Queue, new() { ["aws:SecureTransport"] = "true" }, false, PolicyPrincipal.Aws("arn:aws:iam::123456789012:role/x"), expectDeny: false);
    }

    private static IEnumerable<TestCaseData> AssumeRoleRequests()
    {
        var pipes = PolicyPrincipal.Service("pipes.amazonaws.com");
        var firehose = PolicyPrincipal.Service("firehose.amazonaws.com");
        var lambda = PolicyPrincipal.Service("lambda.amazonaws.com");
        PolicyDocument pipeTrust = TrustPolicies.Pipe(Arns.Aws, Arns.Pipe);
        PolicyDocument firehoseTrust = TrustPolicies.Firehose(Arns.Aws);
        PolicyDocument lambdaTrust = TrustPolicies.Lambda();

        yield return Case("pipes assumes for this pipe", pipeTrust, "sts:AssumeRole", "*", new() { ["aws:SourceAccount"] = Arns.Account, ["aws:SourceArn"] = Arns.Pipe }, true, pipes);
        yield return Case("pipes assumes for another pipe", pipeTrust, "sts:AssumeRole", "*", new() { ["aws:SourceAccount"] = Arns.Account, ["aws:SourceArn"] = Arns.Pipe + "-other" }, false, pipes);
        yield return Case("pipes assumes for another account", pipeTrust, "sts:AssumeRole", "*", new() { ["aws:SourceAccount"] = "210987654321", ["aws:SourceArn"] = Arns.Pipe }, false, pipes);
        yield return Case("firehose assumes the pipe's role", pipeTrust, "sts:AssumeRole", "*", new() { ["aws:SourceAccount"] = Arns.Account, ["aws:SourceArn"] = Arns.Pipe }, false, firehose);
        yield return Case("firehose assumes with the account as external id", firehoseTrust, "sts:AssumeRole", "*", new() { ["sts:ExternalId"] = Arns.Account }, true, firehose);
        yield return Case("firehose assumes with another external id", firehoseTrust, "sts:AssumeRole", "*", new() { ["sts:ExternalId"] = "210987654321" }, false, firehose);
        yield return Case("lambda assumes its execution role", lambdaTrust, "sts:AssumeRole", "*", s_none, true, lambda);
        yield return Case("pipes assumes the function's role", lambdaTrust, "sts:AssumeRole", "*", s_none, false, pipes);
    }

    [TestCaseSource(nameof(Requests))]
    [TestCaseSource(nameof(AssumeRoleRequests))]
    public void Request_IsDecidedAsAwsWould(PolicyDocument policy, AwsRequest request, bool allowed, bool? denied)
    {
        if (denied is { } expectDeny)
        {
            // A deny-only resource policy: what matters is whether its Deny applies.
            bool denyApplies = !PolicyEvaluator.Allows(policy with { Statements = [.. policy.Statements, AllowAll] }, request);
            Assert.That(denyApplies, Is.EqualTo(expectDeny));
        }
        else
        {
            Assert.That(PolicyEvaluator.Allows(policy, request), Is.EqualTo(allowed));
        }
    }

    [Test]
    public void KeyPolicy_DelegatesToTheAccountSoRoleGrantsApply()
    {
        var root = PolicyPrincipal.Aws(Arns.Aws.AccountRoot);
        Assert.That(PolicyEvaluator.Allows(s_keyPolicy, new AwsRequest("kms:GenerateDataKey", Arns.Key, s_none) { Principal = root }), Is.True);
        Assert.That(PolicyEvaluator.Allows(s_keyPolicy, new AwsRequest("kms:GenerateDataKey", Arns.Key, s_none) { Principal = PolicyPrincipal.Aws("arn:aws:iam::210987654321:root") }), Is.False);
    }

    private static readonly PolicyStatement AllowAll = new("AllowAll", ["*"], ["*"]) { Principal = PolicyPrincipal.Anyone };

    private static TestCaseData Case(string name, PolicyDocument policy, string action, string resource, Dictionary<string, string> context, bool allowed, PolicyPrincipal? principal = null, bool? expectDeny = null) =>
        new TestCaseData(policy, new AwsRequest(action, resource, context) { Principal = principal }, allowed, expectDeny).SetArgDisplayNames(name);
}
