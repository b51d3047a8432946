using System.Text;
using System.Text.Json;

namespace PipesLake.Blueprint;

/// <summary>
/// The CloudWatch dashboard <c>pipeslake-&lt;stack&gt;</c>: the shared function and the state of every alarm first, then a
/// row per table along its data path from left to right (pipe, Firehose, S3 delivery, dead-letter queue) (CloudWatch
/// User Guide, "Dashboard body structure and syntax").
/// </summary>
public static class DashboardLayout
{
    private const int Width = 6;
    private const int Height = 6;

    /// <summary>The dashboard's JSON body.</summary>
    public static string Body(LakeSettings settings, IReadOnlyList<string> alarmArns)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(alarmArns);
        var names = new LakeNames(settings.Stack);
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("widgets");
            Metrics(writer, settings, 0, 0, "Function (every table): invocations and errors", "Sum", "AWS/Lambda", "FunctionName", names.Function, ["Invocations", "Errors", "Throttles"]);
            int row = 1;
            foreach (TableSettings table in settings.Tables)
            {
                int y = row++ * Height;
                Metrics(writer, settings, 0, y, $"{table.Name} 1. pipe: stream to Firehose", "Sum", "AWS/EventBridge/Pipes", "PipeName", names.Pipe(table), ["Invocations", "ExecutionFailed", "TargetStageFailed"]);
                Metrics(writer, settings, Width, y, $"{table.Name} 2. Firehose: records in, partitions", "Maximum", "AWS/Firehose", "DeliveryStreamName", names.DeliveryStream(table), ["IncomingRecords", "PartitionCount", "ThrottledRecords"]);
                Metrics(writer, settings, 2 * Width, y, $"{table.Name} 3. S3 delivery: success and freshness", "Average", "AWS/Firehose", "DeliveryStreamName", names.DeliveryStream(table), ["DeliveryToS3.Success", "ExecuteProcessing.Success", "DeliveryToS3.DataFreshness"]);
                Metrics(writer, settings, 3 * Width, y, $"{table.Name} 4. dead-letter queue: batches waiting", "Maximum", "AWS/SQS", "QueueName", names.DeadLetterQueue(table), ["ApproximateNumberOfMessagesVisible"]);
            }

            writer.WriteStartObject();
            Place(writer, Width, 0, 3 * Width);
            writer.WriteString("type", "alarm");
            writer.WriteStartObject("properties");
            writer.WriteString("title", "Alarms");
            writer.WriteStartArray("alarms");
            foreach (string arn in alarmArns)
            {
                writer.WriteStringValue(arn);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(json.ToArray());
    }

    private static void Metrics(Utf8JsonWriter writer, LakeSettings settings, int x, int y, string title, string stat, string ns, string dimension, string value, string[] metrics)
    {
        writer.WriteStartObject();
        Place(writer, x, y, Width);
        writer.WriteString("type", "metric");
        writer.WriteStartObject("properties");
        writer.WriteString("title", title);
        writer.WriteString("region", settings.Region);
        writer.WriteString("stat", stat);
        writer.WriteNumber("period", settings.AlarmPeriodSeconds);
        writer.WriteString("view", "timeSeries");
        writer.WriteStartArray("metrics");
        foreach (string metric in metrics)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(ns);
            writer.WriteStringValue(metric);
            writer.WriteStringValue(dimension);
            writer.WriteStringValue(value);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Place(Utf8JsonWriter writer, int x, int y, int width)
    {
        writer.WriteNumber("x", x);
        writer.WriteNumber("y", y);
        writer.WriteNumber("width", width);
        writer.WriteNumber("height", Height);
    }
}
