using System.Globalization;

namespace PipesLake.Blueprint;

/// <summary>
/// The stack's alarms: the shared function's, then each table's along its data path (pipe, dead-letter queue,
/// Firehose), named after the table's id. Every threshold is a setting; every description says what to do and links
/// its section of docs/operations.md.
/// </summary>
public static class Alarms
{
    private const string Runbook = "docs/operations.md";
    private const string AtLeast = "GreaterThanOrEqualToThreshold";
    private const string Above = "GreaterThanThreshold";
    private const string Below = "LessThanThreshold";

    /// <summary>Every alarm of a stack: the function's (<see cref="Shared"/>), then each table's.</summary>
    public static IReadOnlyList<AlarmDefinition> For(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. Shared(settings), .. settings.Tables.SelectMany(table => For(settings, table))];
    }

    /// <summary>The alarms on what every table shares: the function.</summary>
    public static IReadOnlyList<AlarmDefinition> Shared(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var function = Dimension("FunctionName", new LakeNames(settings.Stack).Function);
        double failures = settings.AlarmFailures;
        double durationMs = settings.FunctionTimeoutSeconds * 1000d * settings.AlarmDurationPercent / 100d;
        return
        [
            // AWS Lambda Developer Guide, "Types of metrics for Lambda functions" (namespace AWS/Lambda, dimension FunctionName).
            new("function-errors", Text("The function failed invocations; Firehose retries and then fails their records.", "requests-the-function-refuses"),
                "AWS/Lambda", "Errors", function, "Sum", failures, AtLeast, "notBreaching"),
            new("function-throttles", Text("The function was throttled: raise its concurrency or the account's limit.", "the-functions-environment"),
                "AWS/Lambda", "Throttles", function, "Sum", failures, AtLeast, "notBreaching"),
            new("function-duration", Text(string.Create(CultureInfo.InvariantCulture, $"An invocation ran over {settings.AlarmDurationPercent}% of the {settings.FunctionTimeoutSeconds} s timeout: raise functionMemoryMB or lower processorBufferSizeMB before it times out."), "the-functions-environment"),
                "AWS/Lambda", "Duration", function, "Maximum", durationMs, AtLeast, "notBreaching"),
        ];
    }

    /// <summary>One table's alarms, each id starting with the table's id.</summary>
    public static IReadOnlyList<AlarmDefinition> For(LakeSettings settings, TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(table);
        var names = new LakeNames(settings.Stack);
        var pipe = Dimension("PipeName", names.Pipe(table));
        var queue = Dimension("QueueName", names.DeadLetterQueue(table));
        var stream = Dimension("DeliveryStreamName", names.DeliveryStream(table));
        double failures = settings.AlarmFailures;
        // Firehose Developer Guide, "Data format conversion CloudWatch metrics": FailedConversion.Records counts the
        // records it could not convert, which go under errors/format-conversion-failed/.
        AlarmDefinition[] conversion = settings.Format != LakeFormat.Parquet ? [] :
        [
            new("firehose-conversion-failed", Text($"Records of {table.Name} did not convert to Parquet against {QueryTables.Name(table, QueryTables.Changes)}'s schema and went to {table.ErrorRoot}format-conversion-failed/: fix its columns, then redrive them.", "a-parquet-lake"),
                "AWS/Firehose", "FailedConversion.Records", stream, "Sum", failures, AtLeast, "notBreaching"),
        ];
        AlarmDefinition[] alarms =
        [
            // EventBridge User Guide, "Monitoring Amazon EventBridge Pipes" (namespace AWS/EventBridge/Pipes, dimension PipeName).
            new("pipe-execution-failed", Text("The pipe failed executions: batches are being retried and may go to the dead-letter queue.", "when-the-pipe-sends-to-the-dead-letter-queue"),
                "AWS/EventBridge/Pipes", "ExecutionFailed", pipe, "Sum", failures, AtLeast, "notBreaching"),
            new("pipe-target-failed", Text("Firehose refused the pipe's batches (throttling, permissions, a record over 1,000 KiB).", "a-change-bigger-than-a-firehose-record"),
                "AWS/EventBridge/Pipes", "TargetStageFailed", pipe, "Sum", failures, AtLeast, "notBreaching"),
            new("dlq-messages", Text("Batches the pipe gave up on wait in the dead-letter queue: replay them while the stream still holds them (24 h).", "when-the-pipe-sends-to-the-dead-letter-queue"),
                "AWS/SQS", "ApproximateNumberOfMessagesVisible", queue, "Maximum", 1, AtLeast, "notBreaching"),
            // Firehose Developer Guide, "Monitor with CloudWatch metrics" (namespace AWS/Firehose, dimension DeliveryStreamName).
            new("firehose-freshness", Text(string.Create(CultureInfo.InvariantCulture, $"The oldest record in Firehose is over {settings.AlarmFreshnessSeconds} s old (about twice the buffer): delivery to S3 is stuck or slow."), "when-the-function-fails-a-record"),
                "AWS/Firehose", "DeliveryToS3.DataFreshness", stream, "Maximum", settings.AlarmFreshnessSeconds, Above, "notBreaching"),
            new("firehose-s3-success", Text("Some deliveries to S3 failed: Firehose retries, then writes the records under errors/.", "redrive-error-records-into-the-lake"),
                "AWS/Firehose", "DeliveryToS3.Success", stream, "Average", (double)settings.AlarmSuccessBelow, Below, "notBreaching"),
            new("firehose-processing-success", Text("Invocations of the function failed as a whole (errors, timeouts, a response over 6 MB): their records go to errors/processing-failed/.", "when-the-function-fails-a-record"),
                "AWS/Firehose", "ExecuteProcessing.Success", stream, "Average", (double)settings.AlarmSuccessBelow, Below, "notBreaching"),
            new("firehose-throttled", Text("Firehose throttled records: raise the stream's quota or lower the pipe's batch size.", "costs-that-scale-with-volume"),
                "AWS/Firehose", "ThrottledRecords", stream, "Sum", failures, AtLeast, "notBreaching"),
            // Firehose publishes PartitionCount and PartitionCountExceeded for dynamic partitioning.
            new("firehose-active-partitions", Text(string.Create(CultureInfo.InvariantCulture, $"Firehose holds {settings.AlarmActivePartitions} or more active partitions; past the quota (500 by default) records go to errors/activePartitionExceeded/."), "partition-by-item-time-or-by-change-time"),
                "AWS/Firehose", "PartitionCount", stream, "Maximum", settings.AlarmActivePartitions, AtLeast, "notBreaching"),
            new("firehose-partitions-exceeded", Text("Records passed the active-partition quota and went to errors/activePartitionExceeded/: redrive them, then raise the quota or partition by change time.", "partition-by-item-time-or-by-change-time"),
                "AWS/Firehose", "PartitionCountExceeded", stream, "Maximum", 1, AtLeast, "notBreaching"),
            .. conversion,
        ];
        return [.. alarms.Select(a => a with { Id = $"{table.Id}-{a.Id}", Description = $"{table.Name}: {a.Description}" })];
    }

    private static Dictionary<string, string> Dimension(string name, string value) => new(StringComparer.Ordinal) { [name] = value };

    private static string Text(string what, string section) => $"{what} Runbook: {Runbook}#{section}";
}
