using System.Collections.Immutable;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

[NonParallelizable]
public sealed class DeliveryTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/key-key-id";
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner";

    [Test]
    public async Task Firehose_PartitionsDynamicallyIntoTheLakePrefix()
    {
        ImmutableDictionary<string, object> stream = (await DeployAsync()).Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

        Assert.That(stream["destination"], Is.EqualTo("extended_s3"));
        Assert.That(At(stream, "extendedS3Configuration", "dynamicPartitioningConfiguration", "enabled"), Is.True);
        Assert.That(At(stream, "extendedS3Configuration", "prefix"), Is.EqualTo(LakePrefixes.Data(Settings().Tables.Single())));
        Assert.That(At(stream, "extendedS3Configuration", "bucketArn"), Is.EqualTo("arn:aws:s3:::lake-bucket-id"));
    }

    [Test]
    public async Task Firehose_ErrorPrefixCarriesErrorType()
    {
        ImmutableDictionary<string, object> stream = (await DeployAsync()).Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

        Assert.That(At(stream, "extendedS3Configuration", "errorOutputPrefix"), Is.EqualTo(
            "errors/orders/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"));
    }

    [Test]
    public async Task Firehose_BuffersAtLeastWhatDynamicPartitioningNeeds()
    {
        ImmutableDictionary<string, object> stream = (await DeployAsync()).Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

        Assert.That(At(stream, "extendedS3Configuration", "bufferingSize"), Is.EqualTo(64));
        Assert.That(At(stream, "extendedS3Configuration", "bufferingInterval"), Is.EqualTo(60));
    }

    // The provider drops a processor parameter equal to Firehose's default when it reads the stream back
    // (terraform-provider-aws defaultProcessorParameters), so declaring one would diff on every preview.
    [Test]
    public async Task Firehose_ShippedSettingsDeclareOnlyTheLambdaArn()
    {
        (string Type, (string, string)[] Parameters) processor = Processor(await DeployAsync());

        Assert.That(processor.Type, Is.EqualTo("Lambda"));
        Assert.That(processor.Parameters, Is.EqualTo(new[] { ("LambdaArn", FunctionArn + ":$LATEST") }));
    }

    [Test]
    public async Task Firehose_DeclaresEveryProcessorParameterThatIsNotTheDefault()
    {
        (_, (string, string)[] parameters) = Processor(await DeployAsync(
            "dev",
            (SettingKeys.ProcessorRetries, "5"),
            (SettingKeys.ProcessorBufferSizeMB, "0.5"),
            (SettingKeys.ProcessorBufferIntervalSeconds, "120")));

        Assert.That(parameters, Is.EqualTo(new[]
        {
            ("LambdaArn", FunctionArn + ":$LATEST"),
            ("NumberOfRetries", "5"),
            ("BufferSizeInMBs", "0.5"),
            ("BufferIntervalInSeconds", "120"),
        }));
    }

    private static (string Type, (string, string)[] Parameters) Processor(DeployedLake lake)
    {
        ImmutableDictionary<string, object> stream = lake.Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        var processor = (ImmutableDictionary<string, object>)((ImmutableArray<object>)At(stream, "extendedS3Configuration", "processingConfiguration", "processors")).Single();
        var parameters = ((ImmutableArray<object>)processor["parameters"]).Cast<ImmutableDictionary<string, object>>()
            .Select(p => ((string)p["parameterName"], (string)p["parameterValue"])).ToArray();
        return ((string)processor["type"], parameters);
    }

    [Test]
    public async Task Firehose_IsEncryptedWithTheCustomerManagedKey()
    {
        ImmutableDictionary<string, object> stream = (await DeployAsync()).Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

        Assert.That(At(stream, "serverSideEncryption", "keyType"), Is.EqualTo("CUSTOMER_MANAGED_CMK"));
        Assert.That(At(stream, "serverSideEncryption", "keyArn"), Is.EqualTo(KeyArn));
        Assert.That(At(stream, "extendedS3Configuration", "kmsKeyArn"), Is.EqualTo(KeyArn));
        Assert.That(At(stream, "extendedS3Configuration", "cloudwatchLoggingOptions", "enabled"), Is.True);
    }

    [Test]
    public async Task Function_RunsManagedDotnet10OnArm64_WithNoTablesRulesOfItsOwn()
    {
        ImmutableDictionary<string, object> function = (await DeployAsync("dev", (SettingKeys.SiteAttribute, "plant"))).Inputs("aws:lambda/function:Function");

        Assert.That(function["runtime"], Is.EqualTo("dotnet10"));
        Assert.That(function["architectures"], Is.EqualTo(new object[] { "arm64" }));
        Assert.That(function["handler"], Is.EqualTo("PipesLake.Partitioner::PipesLake.Partitioner.Function::FunctionHandler"));
        // One function serves every table: each record brings its table's rules (Pipe_TemplateCarriesTheTablesRules).
        Assert.That(At(function, "environment", "variables"), Is.EquivalentTo(new Dictionary<string, object> { ["DOTNET_GCgen0size"] = "0x8000000" }));
        Assert.That(At(function, "loggingConfig", "logGroup"), Is.EqualTo("/pipeslake/dev/function"));
    }

    [TestCase("item", "plant", "createdAtTime")]
    [TestCase("change", "siteId", "updatedAt")]
    public async Task Pipe_TemplateCarriesTheTablesRules(string partitionTime, string site, string time)
    {
        ImmutableDictionary<string, object> pipe = (await DeployAsync(
            "dev",
            (SettingKeys.Tables, $$"""[{"name":"orders","siteAttribute":"{{site}}","timeAttribute":"{{time}}","partitionTime":"{{partitionTime}}"}]"""))).Inputs("aws:pipes/pipe:Pipe");

        Assert.That((string)At(pipe, "targetParameters", "inputTemplate"), Does.StartWith(
            $$"""{"partitioning":{"siteAttribute":"{{site}}","timeAttribute":"{{time}}","partitionTime":"{{partitionTime}}"},"eventId":"<$.eventID>","""));
    }

    [TestCase("1024", true)]
    [TestCase("256", false)]
    public async Task Function_GetsTheLargeGen0BudgetOnlyWithEnoughMemory(string memory, bool expected)
    {
        ImmutableDictionary<string, object> function = (await DeployAsync("dev", (SettingKeys.FunctionMemoryMB, memory))).Inputs("aws:lambda/function:Function");

        bool set = ((ImmutableDictionary<string, object>)function["environment"]).TryGetValue("variables", out object? variables)
            && ((ImmutableDictionary<string, object>)variables).ContainsKey("DOTNET_GCgen0size");
        Assert.That(set, Is.EqualTo(expected));
    }

    [Test]
    public async Task LogGroups_AreEncryptedAndRetained()
    {
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.LogRetentionDays, "14"));

        Assert.That(lake.All("aws:cloudwatch/logGroup:LogGroup").Select(g => ((string)g.Inputs["name"], g.Inputs["kmsKeyId"], g.Inputs["retentionInDays"])), Is.EquivalentTo(new (string, object, object)[]
        {
            ("/pipeslake/dev/function", KeyArn, 14.0),
            ("/pipeslake/dev/orders/firehose", KeyArn, 14.0),
            ("/pipeslake/dev/orders/pipe", KeyArn, 14.0),
        }));
    }
}
