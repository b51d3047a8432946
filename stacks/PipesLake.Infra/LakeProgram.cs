using Pulumi;
using Pulumi.Aws;
using PipesLake.Blueprint;
using PipesLake.Infra.Components;

namespace PipesLake.Infra;

/// <summary>The whole stack, as a method the program and the mock tests both call.</summary>
internal static class LakeProgram
{
    /// <summary>Creates every resource and returns the stack outputs.</summary>
    /// <param name="settings">Validated settings (<see cref="StackConfig.Read"/>).</param>
    /// <param name="functionCodePath">Folder holding the published partitioner.</param>
    /// <param name="options">Options every component and, through them, every resource inherits (a provider, transformations).</param>
    public static IDictionary<string, object?> Run(LakeSettings settings, string functionCodePath, ComponentResourceOptions? options = null)
    {
        Output<AwsContext> aws = Output.Tuple(GetPartition.Invoke(), GetCallerIdentity.Invoke())
            .Apply(t => new AwsContext(t.Item1.Partition, t.Item2.AccountId, settings.Region));

        var key = new LakeKey("key", new LakeKeyArgs(settings, aws), options);
        var lake = new LakeContext(settings, aws, key.Arn);
        var table = new LakeTable("table", new LakeTableArgs(lake), options);
        var bucket = new LakeBucket("lake", new LakeBucketArgs(lake), options);
        var operators = new LakeOperators("operators", new LakeOperatorsArgs(lake, bucket.Arn), options);
        var accessLogs = new LakeAccessLogs("access-logs", new LakeAccessLogsArgs(lake, bucket.BucketName, bucket.Arn), options);
        var function = new PartitionerFunction("partitioner", new PartitionerFunctionArgs(lake, functionCodePath), options);
        var catalog = new LakeCatalog("catalog", new LakeCatalogArgs(lake, bucket.BucketName), options);
        var delivery = new LakeDeliveryStream("delivery", new LakeDeliveryStreamArgs(lake, bucket.Arn, function.Arn, catalog.ChangesTableName), options);
        var queries = new LakeQueries("queries", new LakeQueriesArgs(lake, bucket.BucketName, bucket.Arn, catalog), options);
        var alarms = new LakeAlarms("alarms", new LakeAlarmsArgs(lake), options);
        var pipe = new LakePipe("pipe", new LakePipeArgs(lake, table.StreamArn, table.TableName, delivery.Arn), options);

        return new Dictionary<string, object?>
        {
            ["tableName"] = table.TableName,
            ["tableStreamArn"] = table.StreamArn,
            ["bucketName"] = bucket.BucketName,
            ["accessLogBucketName"] = accessLogs.BucketName,
            ["deliveryStreamName"] = delivery.StreamName,
            ["pipeName"] = pipe.PipeName,
            ["deadLetterQueueUrl"] = pipe.DeadLetterQueueUrl,
            ["functionName"] = function.FunctionName,
            ["keyArn"] = key.Arn,
            ["dataPrefix"] = Output.Format($"s3://{bucket.BucketName}/{LakePrefixes.DataRoot}"),
            ["glueDatabase"] = catalog.DatabaseName,
            ["athenaWorkgroup"] = queries.WorkgroupName,
            ["readerPolicyArn"] = queries.ReaderPolicyArn,
            ["operatorPolicyArn"] = operators.PolicyArn,
            ["alarmTopicArn"] = alarms.TopicArn,
            ["dashboardName"] = alarms.DashboardName,
        };
    }
}
