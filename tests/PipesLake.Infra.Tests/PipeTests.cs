using System.Collections.Immutable;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

[NonParallelizable]
public sealed class PipeTests
{
    private const string StreamArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000";
    private const string DeliveryArn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-orders";
    private const string QueueArn = "arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-orders-dlq";

    [Test]
    public async Task Pipe_ReadsTheTableStreamAndTargetsTheDeliveryStream()
    {
        ImmutableDictionary<string, object> pipe = (await DeployAsync()).Inputs("aws:pipes/pipe:Pipe");

        Assert.That((pipe["source"], pipe["target"]), Is.EqualTo((StreamArn, DeliveryArn)));
    }

    [Test]
    public async Task Pipe_SourceParametersComeFromSettings()
    {
        ImmutableDictionary<string, object> pipe = (await DeployAsync(
            "dev",
            (SettingKeys.PipeBatchSize, "250"),
            (SettingKeys.PipeBatchingWindowSeconds, "5"),
            (SettingKeys.PipeStartingPosition, "LATEST"),
            (SettingKeys.PipeMaximumRetryAttempts, "7"),
            (SettingKeys.PipeMaximumRecordAgeSeconds, "3600"),
            (SettingKeys.PipeParallelizationFactor, "4"))).Inputs("aws:pipes/pipe:Pipe");

        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "batchSize"), Is.EqualTo(250));
        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "maximumBatchingWindowInSeconds"), Is.EqualTo(5));
        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "startingPosition"), Is.EqualTo("LATEST"));
        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "maximumRetryAttempts"), Is.EqualTo(7));
        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "maximumRecordAgeInSeconds"), Is.EqualTo(3600));
        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "onPartialBatchItemFailure"), Is.EqualTo("AUTOMATIC_BISECT"));
        Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "parallelizationFactor"), Is.EqualTo(4));
    }

    [Test]
    public async Task Pipe_FilterAndTemplateAreTheBlueprints()
    {
        ImmutableDictionary<string, object> pipe = (await DeployAsync("dev", (SettingKeys.ExcludeTtlDeletes, "true"))).Inputs("aws:pipes/pipe:Pipe");
        var filters = ((ImmutableArray<object>)At(pipe, "sourceParameters", "filterCriteria", "filters"))
            .Cast<ImmutableDictionary<string, object>>().Select(f => (string)f["pattern"]);

        Assert.That(filters, Is.EqualTo(PipeDefinitions.FilterPatterns(Settings("dev", (SettingKeys.ExcludeTtlDeletes, "true")).Tables.Single())));
        Assert.That(At(pipe, "targetParameters", "inputTemplate"), Is.EqualTo(PipeDefinitions.InputTemplate(Settings().Tables.Single())));
    }

    [Test]
    public async Task Pipe_DeadLettersGoToAQueueEncryptedWithTheStackKey()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(At(lake.Inputs("aws:pipes/pipe:Pipe"), "sourceParameters", "dynamodbStreamParameters", "deadLetterConfig", "arn"), Is.EqualTo(QueueArn));
        Assert.That(lake.Inputs("aws:sqs/queue:Queue")["kmsMasterKeyId"], Is.EqualTo("arn:aws:kms:eu-west-1:123456789012:key/key-key-id"));
    }

    [Test]
    public async Task Pipe_LogsErrorsToItsOwnGroup()
    {
        ImmutableDictionary<string, object> pipe = (await DeployAsync()).Inputs("aws:pipes/pipe:Pipe");

        Assert.That(At(pipe, "logConfiguration", "level"), Is.EqualTo("ERROR"));
        Assert.That(At(pipe, "logConfiguration", "cloudwatchLogsLogDestination", "logGroupArn"), Is.EqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/pipe"));
    }

    [Test]
    public async Task Pipe_EncryptsItsOwnDataWithTheStackKey()
    {
        ImmutableDictionary<string, object> pipe = (await DeployAsync()).Inputs("aws:pipes/pipe:Pipe");

        Assert.That(pipe["kmsKeyIdentifier"], Is.EqualTo("arn:aws:kms:eu-west-1:123456789012:key/key-key-id"));
    }

    [Test]
    public async Task DeadLetterQueue_RefusesRequestsWithoutTls()
    {
        ImmutableDictionary<string, object> policy = (await DeployAsync()).Inputs("aws:sqs/queuePolicy:QueuePolicy");

        Assert.That(policy["queueUrl"], Is.EqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/pipeslake-dev-orders-dlq"));
        Assert.That(policy["policy"], Is.EqualTo(LakePolicies.QueuePolicy(QueueArn).ToJson()));
    }
}
