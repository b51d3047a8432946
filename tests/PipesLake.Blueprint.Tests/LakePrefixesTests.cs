namespace PipesLake.Blueprint.Tests;

public sealed class LakePrefixesTests
{
    [Test]
    public void Data_NestsEveryPartitionKeyFromLambda()
    {
        Assert.That(LakePrefixes.Data, Is.EqualTo(
            "data/siteId=!{partitionKeyFromLambda:siteId}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/"
            + "day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/minute=!{partitionKeyFromLambda:minute}/"));
    }

    [Test]
    public void Error_CarriesErrorOutputTypeAndDate()
    {
        Assert.That(LakePrefixes.Error, Is.EqualTo("errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"));
    }

    [Test]
    public void Prefixes_ObeyFirehoseRules()
    {
        Assert.That(LakePrefixes.Data, Does.Not.Contain("!{firehose:error-output-type}"));
        Assert.That(LakePrefixes.Error, Does.Contain("!{firehose:error-output-type}"));
        Assert.That(LakePrefixes.Data, Has.Length.LessThanOrEqualTo(512).And.Matches("/$"));
        Assert.That(LakePrefixes.Error, Has.Length.LessThanOrEqualTo(512).And.Matches("/$"));
        Assert.That(LakePrefixes.Error, Does.Not.Contain("partitionKeyFromLambda"), "the error prefix cannot use keys of records that failed");
    }
}
