using System.Text;
using System.Text.Json;
using Amazon.Lambda.KinesisFirehoseEvents;
using Amazon.Lambda.TestUtilities;
using PipesLake.Partitioning;

namespace PipesLake.Partitioner.Tests;

public sealed class FunctionTests
{
    [Test]
    public void FixtureEvent_ThroughLambdasSerializer_GivesResultsInInputOrder()
    {
        using JsonDocument response = Invoke("firehose-event.json", new TestLambdaContext());

        JsonElement[] records = response.RootElement.GetProperty("records").EnumerateArray().ToArray();
        Assert.That(records.Select(r => r.GetProperty("recordId").GetString()), Is.EqualTo(new[]
        {
            "49546986683135544286507457936321625675700192471156785154",
            "49546986683135544286507457936321625675700192471156785155",
            "49546986683135544286507457936321625675700192471156785156",
            "49546986683135544286507457936321625675700192471156785157",
        }));
        Assert.That(records.Select(r => r.GetProperty("result").GetString()), Is.EqualTo(new[]
        {
            KinesisFirehoseResponse.TRANSFORMED_STATE_OK,
            KinesisFirehoseResponse.TRANSFORMED_STATE_OK,
            KinesisFirehoseResponse.TRANSFORMED_STATE_OK,
            KinesisFirehoseResponse.TRANSFORMED_STATE_PROCESSINGFAILED,
        }));
    }

    [Test]
    public void OkRecord_CarriesLakeLineAndPartitionKeys()
    {
        using JsonDocument response = Invoke("firehose-event.json", new TestLambdaContext());

        JsonElement first = response.RootElement.GetProperty("records")[0];
        Assert.That(Encoding.UTF8.GetString(first.GetProperty("data").GetBytesFromBase64()), Is.EqualTo(
            "{\"id\":\"item-1\",\"siteId\":\"site-a\",\"createdAtTime\":1704067620000,\"name\":\"pump\",\"valueOne\":12.5,\"valueTwo\":-3,"
            + "\"_op\":\"I\",\"_eventId\":\"c4ca4238a0b923820dcc509a6f75849b\",\"_seq\":\"111\",\"_ts\":\"2016-11-18T20:09:00Z\"}\n"));
        Assert.That(first.GetProperty("metadata").GetProperty("partitionKeys").GetRawText(), Is.EqualTo(
            "{\"siteId\":\"site-a\",\"year\":\"2024\",\"month\":\"01\",\"day\":\"01\",\"hour\":\"00\",\"minute\":\"07\"}"));
    }

    [Test]
    public void FailedRecord_ReturnsOriginalDataAndNoMetadata()
    {
        using JsonDocument request = JsonDocument.Parse(File.ReadAllText(FixturePath("firehose-event.json")));
        string original = request.RootElement.GetProperty("records")[3].GetProperty("data").GetString()!;

        using JsonDocument response = Invoke("firehose-event.json", new TestLambdaContext());

        JsonElement failed = response.RootElement.GetProperty("records")[3];
        Assert.That(failed.GetProperty("data").GetString(), Is.EqualTo(original));
        Assert.That(failed.TryGetProperty("metadata", out _), Is.False);
    }

    [Test]
    public void Handler_LogsCountsAndNeverPayload()
    {
        var context = new TestLambdaContext();
        var logger = (TestLambdaLogger)context.Logger;

        Invoke("firehose-event.json", context).Dispose();

        string log = logger.Buffer.ToString();
        Assert.That(log, Does.Contain("invocation=invoked123 records=4 ok=3 failed=1 InvalidJson=1"));
        Assert.That(log, Does.Not.Contain("pump").And.Not.Contain("site-a").And.Not.Contain("item-1"));
    }

    [Test]
    public void ConfiguredAttributes_ComeFromTheConstructorOptions()
    {
        using JsonDocument response = JsonDocument.Parse(DeployedPath.Invoke(DeployedPath.Fixture("firehose-event.json"), options: new PartitioningOptions("name", "createdAtTime")));

        Assert.That(response.RootElement.GetProperty("records")[0].GetProperty("metadata").GetProperty("partitionKeys").GetProperty("siteId").GetString(), Is.EqualTo("pump"));
    }

    [Test]
    public void EachRecordsRules_DecideItsPartition_ThroughLambdasSerializer()
    {
        using JsonDocument response = JsonDocument.Parse(DeployedPath.Invoke(Encoding.UTF8.GetBytes(TwoTables())));

        string[] keys = [.. response.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("metadata").GetProperty("partitionKeys").GetRawText())];
        Assert.That(keys, Is.EqualTo(new[]
        {
            """{"siteId":"site-a","year":"2024","month":"01","day":"01","hour":"00","minute":"07"}""",
            """{"siteId":"wh-1","year":"2024","month":"01","day":"01","hour":"00","minute":"02"}""",
        }));
    }

    /// <summary>A request of two records as two tables' pipes render them: orders with the default rules, inventory with its own.</summary>
    internal static string TwoTables()
    {
        const string Orders = """{"partitioning":{"siteAttribute":"siteId","timeAttribute":"createdAtTime","partitionTime":"item"},"eventId":"e1","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1704067620,"Keys":{"id":{"S":"item-1"}},"NewImage":{"id":{"S":"item-1"},"siteId":{"S":"site-a"},"createdAtTime":{"N":"1704067620000"}},"SequenceNumber":"111"}}""";
        const string Inventory = """{"partitioning":{"siteAttribute":"warehouseId","timeAttribute":"createdAt","partitionTime":"item"},"eventId":"e2","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1704067320,"Keys":{"id":{"S":"stock-1"}},"NewImage":{"id":{"S":"stock-1"},"warehouseId":{"S":"wh-1"},"createdAt":{"N":"1704067320000"}},"SequenceNumber":"222"}}""";
        string Data(string record) => Convert.ToBase64String(Encoding.UTF8.GetBytes(record));
        return $$"""{"invocationId":"i","records":[{"recordId":"r1","data":"{{Data(Orders)}}"},{"recordId":"r2","data":"{{Data(Inventory)}}"}]}""";
    }

    [Test]
    public void EmptyRequest_GivesEmptyResponse()
    {
        var function = new Function(PartitioningOptions.Default);

        KinesisFirehoseResponse response = function.FunctionHandler(new FirehoseRequest { Records = [] }, new TestLambdaContext());

        Assert.That(response.Records, Is.Empty);
    }

    private static JsonDocument Invoke(string fixture, TestLambdaContext context) => JsonDocument.Parse(DeployedPath.Invoke(DeployedPath.Fixture(fixture), context));

    private static string FixturePath(string fixture) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", fixture);
}
