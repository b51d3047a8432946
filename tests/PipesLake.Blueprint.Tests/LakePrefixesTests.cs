namespace PipesLake.Blueprint.Tests;

public sealed class LakePrefixesTests
{
    private static readonly TableSettings s_orders = Settings.Table() with { Name = "orders", Id = "orders" };

    [Test]
    public void Data_IsTheTableThenEveryPartitionKeyFromLambda()
    {
        Assert.That(LakePrefixes.Data(s_orders), Is.EqualTo(
            "data/orders/siteId=!{partitionKeyFromLambda:siteId}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/"
            + "day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/minute=!{partitionKeyFromLambda:minute}/"));
    }

    [Test]
    public void Error_IsTheTableThenErrorOutputTypeAndDate()
    {
        Assert.That(LakePrefixes.Error(s_orders), Is.EqualTo("errors/orders/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"));
    }

    [Test]
    public void Prefixes_ObeyFirehoseRules()
    {
        // The longest table name DynamoDB allows: 255 characters.
        TableSettings longest = s_orders with { Name = new string('t', 255) };
        Assert.That(LakePrefixes.Data(longest), Does.Not.Contain("!{firehose:error-output-type}"));
        Assert.That(LakePrefixes.Error(longest), Does.Contain("!{firehose:error-output-type}"));
        Assert.That(LakePrefixes.Data(longest), Has.Length.LessThanOrEqualTo(LakePrefixes.MaxLength).And.Matches("/$"));
        Assert.That(LakePrefixes.Error(longest), Has.Length.LessThanOrEqualTo(LakePrefixes.MaxLength).And.Matches("/$"));
        Assert.That(LakePrefixes.Error(longest), Does.Not.Contain("partitionKeyFromLambda"), "the error prefix cannot use keys of records that failed");
    }
}
