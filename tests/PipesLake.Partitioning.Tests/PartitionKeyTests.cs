namespace PipesLake.Partitioning.Tests;

public sealed class PartitionKeyTests
{
    [TestCase("1704067620000", "2024", "01", "01", "00", "07")]
    [TestCase("1735689599999", "2024", "12", "31", "23", "59")]
    [TestCase("0", "1970", "01", "01", "00", "00")]
    [TestCase("253402300799999", "9999", "12", "31", "23", "59")]
    [TestCase("951782400000", "2000", "02", "29", "00", "00")]
    public void TimeAttribute_GivesZeroPaddedUtcParts(string millis, string year, string month, string day, string hour, string minute)
    {
        string image = $"{{\"siteId\":{{\"N\":\"42\"}},\"createdAtTime\":{{\"N\":\"{millis}\"}}}}";

        PartitionKey key = Contract.Transform(Contract.Record(image)).Outcome.Key;

        Assert.That(key.ToDictionary(), Is.EqualTo(new Dictionary<string, string>
        {
            ["siteId"] = "42",
            ["year"] = year,
            ["month"] = month,
            ["day"] = day,
            ["hour"] = hour,
            ["minute"] = minute,
        }));
    }

    [Test]
    public void ConfiguredAttributes_AreUsedInsteadOfDefaults()
    {
        var options = new PartitioningOptions("plant", "ts");
        string image = """{"plant":{"S":"p-9"},"ts":{"N":"1704067620000"},"siteId":{"S":"ignored"}}""";

        PartitionKey key = Contract.Transform(Contract.Record(image), options).Outcome.Key;

        Assert.That((key.SiteId, key.Minute), Is.EqualTo(("p-9", "07")));
    }

    [Test]
    public void Indexer_ServesEveryNameInPrefixOrder()
    {
        var key = new PartitionKey("s", new DateTime(2024, 3, 4, 5, 6, 0, DateTimeKind.Utc));

        string[] values = PartitionKeyNames.All.Select(name => key[name]).ToArray();

        Assert.That(values, Is.EqualTo(new[] { "s", "2024", "03", "04", "05", "06" }));
    }

    [Test]
    public void SameSite_ReusesOneString()
    {
        var transformer = new RecordTransformer(PartitioningOptions.Default);
        byte[] record = System.Text.Encoding.UTF8.GetBytes(Contract.Record(Contract.Image()));

        string first = transformer.Transform(record).Key.SiteId;
        string second = transformer.Transform(record).Key.SiteId;

        Assert.That(second, Is.SameAs(first));
    }
}
