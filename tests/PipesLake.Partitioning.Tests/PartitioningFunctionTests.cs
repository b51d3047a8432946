using System.Text;

namespace PipesLake.Partitioning.Tests;

/// <summary>
/// One function for every table of a stack: each record brings its table's rules as its first property,
/// <c>partitioning</c>, which its pipe's template writes; a record without them takes the function's own options.
/// </summary>
public sealed class PartitioningFunctionTests
{
    // inventory's rules (Pulumi.dev.yaml): the site is warehouseId, the time createdAt.
    private const string InventoryRules = """{"siteAttribute":"warehouseId","timeAttribute":"createdAt","partitionTime":"item"}""";
    private const string InventoryImage = """{"id":{"S":"stock-1"},"warehouseId":{"S":"wh-1"},"createdAt":{"N":"1704067320000"},"quantity":{"N":"10"}}""";

    [Test]
    public void ARecordsRules_DecideItsSiteAndTime_AndStayOutOfTheLine()
    {
        var function = new PartitioningFunction(PartitioningOptions.Default);

        TransformOutcome outcome = function.Transform(WithRules(InventoryRules, Contract.Record(InventoryImage)));

        Assert.That((outcome.Failure, outcome.Key), Is.EqualTo((RecordFailure.None, new PartitionKey("wh-1", new DateTime(2024, 1, 1, 0, 2, 0, DateTimeKind.Utc)))));
        Assert.That(Encoding.UTF8.GetString(function.Line), Is.EqualTo(
            "{\"id\":\"stock-1\",\"warehouseId\":\"wh-1\",\"createdAt\":1704067320000,\"quantity\":10,\"_op\":\"I\",\"_eventId\":\"e1\",\"_seq\":\"111\",\"_ts\":\"2016-11-18T20:09:00Z\"}\n"));
    }

    [Test]
    public void RecordsOfTwoTables_EachTakeTheirOwnRules_InOneFunction()
    {
        var function = new PartitioningFunction(PartitioningOptions.Default);
        byte[] orders = WithRules("""{"siteAttribute":"siteId","timeAttribute":"createdAtTime","partitionTime":"change"}""", Contract.Record(Contract.Image()));
        byte[] inventory = WithRules(InventoryRules, Contract.Record(InventoryImage));

        PartitionKey[] keys = [.. new[] { orders, inventory, orders }.Select(r => function.Transform(r).Key)];

        // orders by change time (ApproximateCreationDateTime 1479499740: 2016-11-18T20:09:00Z), inventory by createdAt.
        Assert.That(keys, Is.EqualTo(new[]
        {
            new PartitionKey("site-a", new DateTime(2016, 11, 18, 20, 9, 0, DateTimeKind.Utc)),
            new PartitionKey("wh-1", new DateTime(2024, 1, 1, 0, 2, 0, DateTimeKind.Utc)),
            new PartitionKey("site-a", new DateTime(2016, 11, 18, 20, 9, 0, DateTimeKind.Utc)),
        }));
    }

    [Test]
    public void ARecordWithoutRules_TakesTheFunctionsOptions()
    {
        var function = new PartitioningFunction(new PartitioningOptions("warehouseId", "createdAt"));

        TransformOutcome outcome = function.Transform(Encoding.UTF8.GetBytes(Contract.Record(InventoryImage)));

        Assert.That(outcome.Key, Is.EqualTo(new PartitionKey("wh-1", new DateTime(2024, 1, 1, 0, 2, 0, DateTimeKind.Utc))));
    }

    [TestCase("""{"siteAttribute":"warehouseId","timeAttribute":"warehouseId","partitionTime":"item"}""")]
    [TestCase("""{"siteAttribute":"warehouseId","timeAttribute":"createdAt","partitionTime":"later"}""")]
    [TestCase("""{"siteAttribute":"warehouseId","timeAttribute":"createdAt"}""")]
    [TestCase("""{"siteAttribute":"warehouseId","timeAttribute":"createdAt","partitionTime":"item","extra":"x"}""")]
    [TestCase("""{"siteAttribute":1,"timeAttribute":"createdAt","partitionTime":"item"}""")]
    public void BadRules_FailTheRecord_NamingTheRules(string rules)
    {
        var function = new PartitioningFunction(PartitioningOptions.Default);

        TransformOutcome outcome = function.Transform(WithRules(rules, Contract.Record(InventoryImage)));

        Assert.That((outcome.Failure, outcome.Detail), Is.EqualTo((RecordFailure.NotContract,
            "the record's partitioning is not an object of two distinct attribute names and a partition time (item or change)")));
    }

    [Test]
    public void RulesThatAreNoObject_FailTheRecord()
    {
        var function = new PartitioningFunction(PartitioningOptions.Default);

        TransformOutcome outcome = function.Transform(WithRules("\"warehouseId\"", Contract.Record(InventoryImage)));

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.NotContract));
    }

    [Test]
    public void ABatchOfTwoTables_ComesBackEachUnderItsOwnKeys()
    {
        string orders = Contract.Base64(Contract.Record(Contract.Image()));
        string inventory = Convert.ToBase64String(WithRules(InventoryRules, Contract.Record(InventoryImage)));
        byte[] request = Encoding.UTF8.GetBytes($$"""{"invocationId":"i","records":[{"recordId":"1","data":"{{orders}}"},{"recordId":"2","data":"{{inventory}}"}]}""");
        using var response = new MemoryStream();

        FirehoseEventJson.Transform(request, PartitioningOptions.Default, response);

        string text = Encoding.UTF8.GetString(response.ToArray());
        Assert.That(text, Does.Contain("\"partitionKeys\":{\"siteId\":\"site-a\",\"year\":\"2024\",\"month\":\"01\",\"day\":\"01\",\"hour\":\"00\",\"minute\":\"07\"}"));
        Assert.That(text, Does.Contain("\"partitionKeys\":{\"siteId\":\"wh-1\",\"year\":\"2024\",\"month\":\"01\",\"day\":\"01\",\"hour\":\"00\",\"minute\":\"02\"}"));
    }

    /// <summary>The record with <paramref name="rules"/> as its first property, <c>partitioning</c>, as the pipe's template renders it.</summary>
    private static byte[] WithRules(string rules, string record) => Encoding.UTF8.GetBytes("{\"partitioning\":" + rules + "," + record[1..]);
}
