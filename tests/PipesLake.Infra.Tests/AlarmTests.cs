using System.Collections.Immutable;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

[NonParallelizable]
public sealed class AlarmTests
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:pipeslake-dev-alarms";

    [Test]
    public async Task EveryAlarm_WatchesItsMetricOnTheRealResourceAndNotifiesTheTopic()
    {
        DeployedLake lake = await DeployAsync();

        string[] alarms = [.. lake.All("aws:cloudwatch/metricAlarm:MetricAlarm").Select(a =>
            $"{a.Inputs["name"]}: {a.Inputs["namespace"]} {a.Inputs["metricName"]} {Dimensions(a.Inputs)} {a.Inputs["statistic"]} {a.Inputs["period"]}s "
            + $"{a.Inputs["comparisonOperator"]} {a.Inputs["threshold"]} -> {string.Join(",", (ImmutableArray<object>)a.Inputs["alarmActions"])} / {string.Join(",", (ImmutableArray<object>)a.Inputs["okActions"])}")];

        Assert.That(alarms, Is.EqualTo(new[]
        {
            $"pipeslake-dev-function-errors: AWS/Lambda Errors FunctionName=pipeslake-dev-partitioner Sum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-function-throttles: AWS/Lambda Throttles FunctionName=pipeslake-dev-partitioner Sum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-function-duration: AWS/Lambda Duration FunctionName=pipeslake-dev-partitioner Maximum 300s GreaterThanOrEqualToThreshold 96000 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-pipe-execution-failed: AWS/EventBridge/Pipes ExecutionFailed PipeName=pipeslake-dev-orders-pipe Sum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-pipe-target-failed: AWS/EventBridge/Pipes TargetStageFailed PipeName=pipeslake-dev-orders-pipe Sum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-dlq-messages: AWS/SQS ApproximateNumberOfMessagesVisible QueueName=pipeslake-dev-orders-dlq Maximum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-firehose-freshness: AWS/Firehose DeliveryToS3.DataFreshness DeliveryStreamName=pipeslake-dev-orders Maximum 300s GreaterThanThreshold 120 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-firehose-s3-success: AWS/Firehose DeliveryToS3.Success DeliveryStreamName=pipeslake-dev-orders Average 300s LessThanThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-firehose-processing-success: AWS/Firehose ExecuteProcessing.Success DeliveryStreamName=pipeslake-dev-orders Average 300s LessThanThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-firehose-throttled: AWS/Firehose ThrottledRecords DeliveryStreamName=pipeslake-dev-orders Sum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-firehose-active-partitions: AWS/Firehose PartitionCount DeliveryStreamName=pipeslake-dev-orders Maximum 300s GreaterThanOrEqualToThreshold 450 -> {TopicArn} / {TopicArn}",
            $"pipeslake-dev-orders-firehose-partitions-exceeded: AWS/Firehose PartitionCountExceeded DeliveryStreamName=pipeslake-dev-orders Maximum 300s GreaterThanOrEqualToThreshold 1 -> {TopicArn} / {TopicArn}",
        }));
        // The dimensions name what the other components create.
        Assert.That(lake.Inputs("aws:pipes/pipe:Pipe")["name"], Is.EqualTo("pipeslake-dev-orders-pipe"));
        Assert.That(lake.Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")["name"], Is.EqualTo("pipeslake-dev-orders"));
        Assert.That(lake.Inputs("aws:lambda/function:Function")["name"], Is.EqualTo("pipeslake-dev-partitioner"));
        Assert.That(lake.Inputs("aws:sqs/queue:Queue")["name"], Is.EqualTo("pipeslake-dev-orders-dlq"));
    }

    [Test]
    public async Task Topic_IsEncryptedWithTheStackKeyAndOpenOnlyToCloudWatch()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.Inputs("aws:sns/topic:Topic")["kmsMasterKeyId"], Is.EqualTo("arn:aws:kms:eu-west-1:123456789012:key/key-key-id"));
        Assert.That(lake.Inputs("aws:sns/topicPolicy:TopicPolicy")["policy"], Is.EqualTo(LakePolicies.TopicPolicy(new AwsContext("aws", LakeMocks.Account, LakeMocks.Region), TopicArn).ToJson()));
        Assert.That(lake.All("aws:sns/topicSubscription:TopicSubscription"), Is.Empty);
    }

    [Test]
    public async Task AlarmEmail_SubscribesByEmail()
    {
        ImmutableDictionary<string, object> subscription = (await DeployAsync("dev", (SettingKeys.AlarmEmail, "oncall@example.com"))).Inputs("aws:sns/topicSubscription:TopicSubscription");

        Assert.That((subscription["protocol"], subscription["endpoint"], subscription["topic"]), Is.EqualTo(("email", "oncall@example.com", TopicArn)));
    }

    [Test]
    public async Task Dashboard_IsTheBlueprintsWithEveryAlarm()
    {
        DeployedLake lake = await DeployAsync();
        ImmutableDictionary<string, object> dashboard = lake.Inputs("aws:cloudwatch/dashboard:Dashboard");
        string[] arns = [.. lake.All("aws:cloudwatch/metricAlarm:MetricAlarm").Select(a => $"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:{a.Inputs["name"]}")];

        Assert.That(dashboard["dashboardName"], Is.EqualTo("pipeslake-dev"));
        Assert.That(dashboard["dashboardBody"], Is.EqualTo(DashboardLayout.Body(Settings(), arns)));
    }

    private static string Dimensions(ImmutableDictionary<string, object> inputs) =>
        string.Join(",", ((ImmutableDictionary<string, object>)inputs["dimensions"]).Select(d => $"{d.Key}={d.Value}"));
}
