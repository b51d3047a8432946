using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Tests;

public sealed class PrefixExpressionTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 3, 9, 14, 5, 6, TimeSpan.Zero);
    private static readonly TableSettings s_orders = Stacks.Read("dev", (SettingKeys.Tables, """[{"name":"orders"}]""")).Tables.Single();

    [Test]
    public void DataPrefix_IsUnderTheTableAndUsesTheFunctionsKeys()
    {
        var key = new PartitionKey("site-a", new DateTime(2024, 1, 1, 0, 7, 30, DateTimeKind.Utc));

        string prefix = PrefixExpression.Parse(LakePrefixes.Data(s_orders)).Evaluate(key, s_arrival, null, new Random(1));

        Assert.That(prefix, Is.EqualTo("data/orders/siteId=site-a/year=2024/month=01/day=01/hour=00/minute=07/"));
    }

    [Test]
    public void ErrorPrefix_IsUnderTheTableAndUsesErrorTypeAndArrivalTime()
    {
        string prefix = PrefixExpression.Parse(LakePrefixes.Error(s_orders)).Evaluate(null, s_arrival, "processing-failed", new Random(1));

        Assert.That(prefix, Is.EqualTo("errors/orders/processing-failed/year=2024/month=03/day=09/"));
    }

    [TestCase("!{timestamp:yyyy/MM/dd/HH/mm/ss}", "2024/03/09/14/05/06")]
    [TestCase("!{timestamp:yyyy-MM-dd'T'HH}", "2024-03-09T14")]
    public void Timestamp_FollowsJavaFormatterLetters(string prefix, string expected)
    {
        Assert.That(PrefixExpression.Parse(prefix).Evaluate(null, s_arrival, null, new Random(1)), Is.EqualTo(expected));
    }

    [TestCase("!{partitionKeyFromQuery:x}/", "The prefix uses !{partitionKeyFromQuery:x}, which the replay does not evaluate.")]
    [TestCase("!{timestamp:yyyy-ww}/", "The timestamp pattern 'yyyy-ww' uses 'w'; the replay supports y, M, d, H, m and s.")]
    public void UnsupportedExpression_IsRefused(string prefix, string message)
    {
        var error = Assert.Throws<ReplayException>(() => PrefixExpression.Parse(prefix));

        Assert.That(error!.Message, Is.EqualTo(message));
    }
}
