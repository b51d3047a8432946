using System.Text.Json;

namespace PipesLake.Blueprint.Tests;

public sealed class AlarmsTests
{
    [Test]
    public void DevAlarms_WatchTheSharedFunction_ThenEachTablesPathLeftToRight()
    {
        static string[] Path(string id) =>
        [
            $"{id}-pipe-execution-failed: AWS/EventBridge/Pipes ExecutionFailed PipeName=pipeslake-dev-{id}-pipe Sum GreaterThanOrEqualToThreshold 1",
            $"{id}-pipe-target-failed: AWS/EventBridge/Pipes TargetStageFailed PipeName=pipeslake-dev-{id}-pipe Sum GreaterThanOrEqualToThreshold 1",
            $"{id}-dlq-messages: AWS/SQS ApproximateNumberOfMessagesVisible QueueName=pipeslake-dev-{id}-dlq Maximum GreaterThanOrEqualToThreshold 1",
            $"{id}-firehose-freshness: AWS/Firehose DeliveryToS3.DataFreshness DeliveryStreamName=pipeslake-dev-{id} Maximum GreaterThanThreshold 120",
            $"{id}-firehose-s3-success: AWS/Firehose DeliveryToS3.Success DeliveryStreamName=pipeslake-dev-{id} Average LessThanThreshold 1",
            $"{id}-firehose-processing-success: AWS/Firehose ExecuteProcessing.Success DeliveryStreamName=pipeslake-dev-{id} Average LessThanThreshold 1",
            $"{id}-firehose-throttled: AWS/Firehose ThrottledRecords DeliveryStreamName=pipeslake-dev-{id} Sum GreaterThanOrEqualToThreshold 1",
            $"{id}-firehose-active-partitions: AWS/Firehose PartitionCount DeliveryStreamName=pipeslake-dev-{id} Maximum GreaterThanOrEqualToThreshold 450",
            $"{id}-firehose-partitions-exceeded: AWS/Firehose PartitionCountExceeded DeliveryStreamName=pipeslake-dev-{id} Maximum GreaterThanOrEqualToThreshold 1",
        ];

        string[] expected =
        [
            "function-errors: AWS/Lambda Errors FunctionName=pipeslake-dev-partitioner Sum GreaterThanOrEqualToThreshold 1",
            "function-throttles: AWS/Lambda Throttles FunctionName=pipeslake-dev-partitioner Sum GreaterThanOrEqualToThreshold 1",
            "function-duration: AWS/Lambda Duration FunctionName=pipeslake-dev-partitioner Maximum GreaterThanOrEqualToThreshold 96000",
            .. Path("orders"),
            .. Path("inventory"),
        ];

        Assert.That(Alarms.For(Settings.TwoTables()).Select(a => $"{a.Id}: {a.Namespace} {a.MetricName} {string.Join(",", a.Dimensions.Select(d => $"{d.Key}={d.Value}"))} {a.Statistic} {a.ComparisonOperator} {a.Threshold}"), Is.EqualTo(expected));
    }

    [Test]
    public void ParquetAlarms_AlsoWatchConversionFailures()
    {
        IReadOnlyList<AlarmDefinition> json = Alarms.For(Settings.TwoTables());
        IReadOnlyList<AlarmDefinition> parquet = Alarms.For(Settings.TwoTables("dev", (SettingKeys.Format, "parquet")));

        AlarmDefinition[] conversion = [.. parquet.Where(a => !json.Any(j => j.Id == a.Id))];
        Assert.That(conversion.Select(c => $"{c.Id}: {c.Namespace} {c.MetricName} {string.Join(",", c.Dimensions.Select(d => $"{d.Key}={d.Value}"))} {c.Statistic} {c.ComparisonOperator} {c.Threshold}"), Is.EqualTo(new[]
        {
            "orders-firehose-conversion-failed: AWS/Firehose FailedConversion.Records DeliveryStreamName=pipeslake-dev-orders Sum GreaterThanOrEqualToThreshold 1",
            "inventory-firehose-conversion-failed: AWS/Firehose FailedConversion.Records DeliveryStreamName=pipeslake-dev-inventory Sum GreaterThanOrEqualToThreshold 1",
        }));
        AlarmDefinition first = conversion[0];
        Assert.That(first.Description, Does.StartWith("orders: Records of orders did not convert to Parquet against orders_changes's schema and went to errors/orders/format-conversion-failed/").And.EndWith("Runbook: docs/operations.md#a-parquet-lake"));
    }

    [Test]
    public void Thresholds_ComeFromTheSettings()
    {
        LakeSettings settings = Settings.TwoTables(
            "prod",
            (SettingKeys.AlarmFailures, "5"),
            (SettingKeys.AlarmDurationPercent, "90"),
            (SettingKeys.AlarmActivePartitions, "4000"),
            (SettingKeys.AlarmSuccessBelow, "0.99"),
            (SettingKeys.FunctionTimeoutSeconds, "300"));
        Dictionary<string, double> thresholds = Alarms.For(settings).ToDictionary(a => a.Id, a => a.Threshold);

        Assert.That((thresholds["function-errors"], thresholds["function-duration"], thresholds["orders-firehose-active-partitions"], thresholds["inventory-firehose-s3-success"]), Is.EqualTo((5d, 270_000d, 4000d, 0.99d)));
        Assert.That(Settings.Read("prod").AlarmFreshnessSeconds, Is.EqualTo(120), "twice prod's default buffer when the stack file does not set one");
        Assert.That(Settings.Read("dev", (SettingKeys.BufferIntervalSeconds, "300")).AlarmFreshnessSeconds, Is.EqualTo(600));
    }

    [Test]
    public void EveryDescription_SaysWhatToDoAndLinksTheRunbook()
    {
        Assert.That(Alarms.For(Settings.TwoTables()).Select(a => a.Description), Has.All.Match(@"\. Runbook: docs/operations\.md#[a-z0-9-]+$"));
    }

    [TestCase(SettingKeys.AlarmEmail, "not-an-address", "pipeslake:alarmEmail must be an e-mail address; got 'not-an-address'.")]
    [TestCase(SettingKeys.AlarmDurationPercent, "40", "pipeslake:alarmDurationPercent must be a whole number from 50 to 100; got '40'.")]
    [TestCase(SettingKeys.AlarmSuccessBelow, "1.5", "pipeslake:alarmSuccessBelow must be a number from 0 to 1; got '1.5'.")]
    [TestCase(SettingKeys.AlarmFreshnessSeconds, "10", "pipeslake:alarmFreshnessSeconds must be a whole number from 60 to 86400; got '10'.")]
    public void BadAlarmSettings_AreReportedWithTheKey(string key, string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => Settings.Read("dev", (key, value)));

        Assert.That(error!.Problems, Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Dashboard_ShowsTheFunctionAndTheAlarms_ThenARowPerTableLeftToRight()
    {
        using JsonDocument body = JsonDocument.Parse(DashboardLayout.Body(Settings.TwoTables(), ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:pipeslake-dev-orders-dlq-messages"]));
        JsonElement widgets = body.RootElement.GetProperty("widgets");

        Assert.That(widgets.EnumerateArray().Select(w => $"{w.GetProperty("x").GetInt32()},{w.GetProperty("y").GetInt32()} {w.GetProperty("properties").GetProperty("title").GetString()}"), Is.EqualTo(new[]
        {
            "0,0 Function (every table): invocations and errors",
            "0,6 orders 1. pipe: stream to Firehose", "6,6 orders 2. Firehose: records in, partitions", "12,6 orders 3. S3 delivery: success and freshness", "18,6 orders 4. dead-letter queue: batches waiting",
            "0,12 inventory 1. pipe: stream to Firehose", "6,12 inventory 2. Firehose: records in, partitions", "12,12 inventory 3. S3 delivery: success and freshness", "18,12 inventory 4. dead-letter queue: batches waiting",
            "6,0 Alarms",
        }));
        Assert.That(widgets[9].GetProperty("properties").GetProperty("alarms")[0].GetString(), Is.EqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:pipeslake-dev-orders-dlq-messages"));
        Assert.That(widgets[5].GetProperty("properties").GetProperty("metrics")[0][3].GetString(), Is.EqualTo("pipeslake-dev-inventory-pipe"), "each row watches its own table's resources");
    }
}
