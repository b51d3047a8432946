using Pulumi;
using Pulumi.Aws;
using PipesLake.Blueprint;
using PipesLake.Infra.Components;

namespace PipesLake.Infra;

/// <summary>The whole stack, as a method the program and the mock tests both call.</summary>
internal static class LakeProgram
{
    /// <summary>Looks the existing tables up, then creates every resource and returns the stack outputs.</summary>
    /// <param name="settings">Validated settings (<see cref="StackConfig.Read"/>).</param>
    /// <param name="functionCodePath">Folder holding the published partitioner.</param>
    /// <param name="options">Options every component and, through them, every resource inherits (a provider, transformations).</param>
    /// <exception cref="RunException">An existing table is missing or streams nothing the pipe can read.</exception>
    public static async Task<IDictionary<string, object?>> RunAsync(LakeSettings settings, string functionCodePath, ComponentResourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyDictionary<string, ExistingTable> existing = await ExistingTable.LookupAllAsync(settings).ConfigureAwait(false);

        Output<AwsContext> aws = Output.Tuple(GetPartition.Invoke(), GetCallerIdentity.Invoke())
            .Apply(t => new AwsContext(t.Item1.Partition, t.Item2.AccountId, settings.Region));

        // What every table shares, created once.
        var key = new LakeKey("key", new LakeKeyArgs(settings, aws), options);
        var lake = new LakeContext(settings, aws, key.Arn);
        var bucket = new LakeBucket("lake", new LakeBucketArgs(lake), options);
        var operators = new LakeOperators("operators", new LakeOperatorsArgs(lake, bucket.Arn, existing), options);
        var accessLogs = new LakeAccessLogs("access-logs", new LakeAccessLogsArgs(lake, bucket.BucketName, bucket.Arn), options);
        var function = new PartitionerFunction("partitioner", new PartitionerFunctionArgs(lake, functionCodePath), options);
        var catalog = new LakeCatalog("catalog", new LakeCatalogArgs(lake), options);
        var queries = new LakeQueries("queries", new LakeQueriesArgs(lake, bucket.BucketName, bucket.Arn), options);
        var alarms = new LakeAlarms("alarms", new LakeAlarmsArgs(lake), options);

        // Each table its own failure domain, named after its id.
        var tables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var alarmArns = new List<Output<string>>(alarms.AlarmArns);
        foreach (TableSettings table in settings.Tables)
        {
            var source = new LakeSource($"table-{table.Id}", new LakeSourceArgs(lake, table, existing.GetValueOrDefault(table.Name), bucket.Arn, bucket.BucketName, function.Arn, catalog.Database, queries.WorkgroupName, alarms.TopicArn), options);
            alarmArns.AddRange(source.AlarmArns);
            tables[table.Name] = new Dictionary<string, object?>
            {
                ["streamArn"] = source.StreamArn,
                ["deliveryStreamName"] = source.DeliveryStreamName,
                ["pipeName"] = source.PipeName,
                ["deadLetterQueueUrl"] = source.DeadLetterQueueUrl,
                ["dataPrefix"] = Output.Format($"s3://{bucket.BucketName}/{table.DataRoot}"),
                ["changesTable"] = QueryTables.Name(table, QueryTables.Changes),
            };
        }

        var dashboard = new LakeDashboard("dashboard", new LakeDashboardArgs(lake, alarmArns), options);

        return new Dictionary<string, object?>
        {
            ["tables"] = tables,
            ["bucketName"] = bucket.BucketName,
            ["accessLogBucketName"] = accessLogs.BucketName,
            ["functionName"] = function.FunctionName,
            ["keyArn"] = key.Arn,
            ["dataPrefix"] = Output.Format($"s3://{bucket.BucketName}/{LakePrefixes.DataRoot}"),
            ["glueDatabase"] = catalog.DatabaseName,
            ["athenaWorkgroup"] = queries.WorkgroupName,
            ["readerPolicyArn"] = queries.ReaderPolicyArn,
            ["operatorPolicyArn"] = operators.PolicyArn,
            ["alarmTopicArn"] = alarms.TopicArn,
            ["dashboardName"] = dashboard.DashboardName,
        };
    }
}
