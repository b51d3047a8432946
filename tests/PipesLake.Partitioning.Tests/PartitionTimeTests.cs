namespace PipesLake.Partitioning.Tests;

public sealed class PartitionTimeTests
{
    private static readonly PartitioningOptions s_change = PartitioningOptions.Default with { PartitionTime = PartitionTime.Change };

    [Test]
    public void ItemTime_PartitionsByTheTimeAttribute()
    {
        // createdAtTime 1704067620000 is 2024-01-01T00:07:00Z; the change itself was made 2016-11-18T20:09:00Z.
        PartitionKey key = Contract.Transform(Contract.Record(Contract.Image())).Outcome.Key;

        Assert.That((key.Year, key.Month, key.Day, key.Hour, key.Minute), Is.EqualTo(("2024", "01", "01", "00", "07")));
    }

    [Test]
    public void ChangeTime_PartitionsByApproximateCreationDateTime()
    {
        // ApproximateCreationDateTime 1479499740 is 2016-11-18T20:09:00Z.
        (TransformOutcome outcome, string line) = Contract.Transform(Contract.Record(Contract.Image()), s_change);

        Assert.That((outcome.Key.Year, outcome.Key.Month, outcome.Key.Day, outcome.Key.Hour, outcome.Key.Minute), Is.EqualTo(("2016", "11", "18", "20", "09")));
        Assert.That(line, Is.EqualTo(Contract.Line()), "the line itself does not change");
    }

    [TestCase("{\"siteId\":{\"S\":\"a\"}}")]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"S\":\"not a number\"}}")]
    public void ChangeTime_TreatsTheTimeAttributeAsPlainData(string image)
    {
        Assert.That(Contract.Transform(Contract.Record(image), s_change).Outcome.Failure, Is.EqualTo(RecordFailure.None));
        Assert.That(Contract.Transform(Contract.Record(image)).Outcome.Failure, Is.Not.EqualTo(RecordFailure.None));
    }

    [TestCase(null, PartitionTime.Item)]
    [TestCase("item", PartitionTime.Item)]
    [TestCase("change", PartitionTime.Change)]
    public void Environment_SelectsThePartitionTime(string? value, PartitionTime expected)
    {
        PartitioningOptions options = PartitioningOptions.FromEnvironment(name => name == PartitionerEnvironment.PartitionTime ? value : null);

        Assert.That(options.PartitionTime, Is.EqualTo(expected));
    }

    [Test]
    public void Environment_RefusesAnotherValue()
    {
        var error = Assert.Throws<ArgumentException>(() => PartitioningOptions.FromEnvironment(name => name == PartitionerEnvironment.PartitionTime ? "Change" : null));

        Assert.That(error!.Message, Is.EqualTo("PIPESLAKE_PARTITION_TIME must be item or change; got 'Change'."));
    }
}
