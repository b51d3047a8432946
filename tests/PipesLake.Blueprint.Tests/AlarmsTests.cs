using System.Text.Json;

namespace PipesLake.Blueprint.Tests;

public sealed class AlarmsTests
{
    [Test]
    public void DevAlarms_WatchTheRealResourcesLeftToRight()
    {
        Assert.That(Alarms.For(Settings.Read("dev")).Select(a => $"{a.Id}: {a.Namespace} {a.MetricName} {string.Join(",", a.Dimensions.Select(d => $"{d.Key}={d.Value}"))} {a.Statistic} {a.ComparisonOperator} {a.Threshold}"), Is.EqualTo(new[]
        {
            "pipe-execution-failed: AWS/EventBridge/Pipes ExecutionFailed PipeName=pipeslake-dev-pipe Sum GreaterThanOrEqualToThreshold 1",
            "pipe-target-failed: AWS/EventBridge/Pipes TargetStageFailed PipeName=pipeslake-dev-pipe Sum GreaterThanOrEqualToThreshold 1",
            "dlq-messages: AWS/SQS ApproximateNumberOfMessagesVisible QueueName=pipeslake-dev-pipe-dlq Maximum GreaterThanOrEqualToThreshold 1",
            "firehose-freshness: AWS/Firehose DeliveryToS3.DataFreshness DeliveryStreamName=pipeslake-dev-lake Maximum GreaterThanThreshold 120",
            "firehose-s3-success: AWS/Firehose DeliveryToS3.Success DeliveryStreamName=pipeslake-dev-lake Average LessThanThreshold 1",
            "firehose-processing-success: AWS/Firehose ExecuteProcessing.Success DeliveryStreamName=pipeslake-dev-lake Average LessThanThreshold 1",
            "firehose-throttled: AWS/Firehose ThrottledRecords DeliveryStreamName=pipeslake-dev-lake Sum GreaterThanOrEqualToThreshold 1",
            "firehose-active-partitions: AWS/Firehose PartitionCount DeliveryStreamName=pipeslake-dev-lake Maximum GreaterThanOrEqualToThreshold 450",
            "firehose-partitions-exceeded: AWS/Firehose PartitionCountExceeded DeliveryStreamName=pipeslake-dev-lake Maximum GreaterThanOrEqualToThreshold 1",
            "function-errors: AWS/Lambda Errors FunctionName=pipeslake-dev-partitioner Sum GreaterThanOrEqualToThreshold 1",
            "function-throttles: AWS/Lambda Throttles FunctionName=pipeslake-dev-partitioner Sum GreaterThanOrEqualToThreshold 1",
            "function-duration: AWS/Lambda Duration FunctionName=pipeslake-dev-partitioner Maximum GreaterThanOrEqualToThreshold 96000",
        }));
    }

    [Test]
    public void ParquetAlarms_AlsoWatchConversionFailures()
    {
        IReadOnlyList<AlarmDefinition> json = Alarms.For(Settings.Read("dev"));
        IReadOnlyList<AlarmDefinition> parquet = Alarms.For(Settings.Read("dev", (SettingKeys.Format, "parquet")));

        AlarmDefinition conversion = parquet.Single(a => !json.Any(j => j.Id == a.Id));
        Assert.That($"{conversion.Id}: {conversion.Namespace} {conversion.MetricName} {string.Join(",", conversion.Dimensions.Select(d => $"{d.Key}={d.Value}"))} {conversion.Statistic} {conversion.ComparisonOperator} {conversion.Threshold}",
            Is.EqualTo("firehose-conversion-failed: AWS/Firehose FailedConversion.Records DeliveryStreamName=pipeslake-dev-lake Sum GreaterThanOrEqualToThreshold 1"));
        Assert.That(conversion.Description, Does.EndWith("Runbook: docs/operations.md#a-parquet-lake"));
    }

    [Test]
    public void Thresholds_ComeFromTheSettings()
    {
        LakeSettings settings = Settings.Read(
            "prod",
            (SettingKeys.AlarmFailures, "5"),
            (SettingKeys.AlarmDurationPercent, "90"),
            (SettingKeys.AlarmActivePartitions, "4000"),
            (SettingKeys.AlarmSuccessBelow, "0.99"),
            (SettingKeys.FunctionTimeoutSeconds, "300"));
        Dictionary<string, double> thresholds = Alarms.For(settings).ToDictionary(a => a.Id, a => a.Threshold);

        Assert.That((thresholds["function-errors"], thresholds["function-duration"], thresholds["firehose-active-partitions"], thresholds["firehose-s3-success"]), Is.EqualTo((5d, 270_000d, 4000d, 0.99d)));
        Assert.That(Settings.Read("prod").AlarmFreshnessSeconds, Is.EqualTo(120), "twice prod's default buffer when the stack file does not set one");
        Assert.That(Settings.Read("dev", (SettingKeys.BufferIntervalSeconds, "300")).AlarmFreshnessSeconds, Is.EqualTo(600));
    }

    [Test]
    public void EveryDescription_SaysWhatToDoAndLinksTheRunbook()
    {
        Assert.That(Alarms.For(Settings.Read("dev")).Select(a => a.Description), Has.All.Match(@"\. Runbook: docs/operations\.md#[a-z0-9-]+$"));
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
    public void Dashboard_ShowsThePathLeftToRight_ThenTheQueueAndTheAlarms()
    {
        using JsonDocument body = JsonDocument.Parse(DashboardLayout.Body(Settings.Read("dev"), ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:pipeslake-dev-dlq-messages"]));

        Assert.That(body.RootElement.GetProperty("widgets").EnumerateArray().Select(w => $"{w.GetProperty("x").GetInt32()},{w.GetProperty("y").GetInt32()} {w.GetProperty("properties").GetProperty("title").GetString()}"), Is.EqualTo(new[]
        {
            "0,0 1. Pipe: stream to Firehose", "6,0 2. Firehose: records in, partitions", "12,0 3. Function: invocations and errors", "18,0 4. S3 delivery: success and freshness",
            "0,6 Dead-letter queue: batches waiting", "6,6 Alarms",
        }));
        Assert.That(body.RootElement.GetProperty("widgets")[5].GetProperty("properties").GetProperty("alarms")[0].GetString(), Is.EqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:pipeslake-dev-dlq-messages"));
    }
}
