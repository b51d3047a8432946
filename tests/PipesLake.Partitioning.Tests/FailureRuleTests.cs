namespace PipesLake.Partitioning.Tests;

public sealed class FailureRuleTests
{
    [TestCase("{\"eventId\":", RecordFailure.InvalidJson)]
    [TestCase("{\"eventId\":\"e1\"} trailing", RecordFailure.InvalidJson)]
    [TestCase("", RecordFailure.InvalidJson)]
    [TestCase("[1,2]", RecordFailure.NotContract)]
    [TestCase("\"text\"", RecordFailure.NotContract)]
    [TestCase("""{"eventName":"INSERT","dynamodb":{"NewImage":{},"SequenceNumber":"1","ApproximateCreationDateTime":1}}""", RecordFailure.NotContract)]
    public void MalformedOrForeignJson_Fails(string record, RecordFailure expected)
    {
        var (outcome, line) = Contract.Transform(record);

        Assert.That(outcome.Failure, Is.EqualTo(expected));
        Assert.That(line, Is.Empty);
    }

    [TestCase("eventName", "\"eventName\":\"INSERT\"", "\"eventName\":\"UPSERT\"", "eventName is not INSERT, MODIFY or REMOVE")]
    [TestCase("eventId", "\"eventId\":\"e1\"", "\"eventId\":7", "eventId is missing or not a string")]
    [TestCase("sequence", "\"SequenceNumber\":\"111\"", "\"SequenceNumber\":111", "dynamodb.SequenceNumber is missing or not a string")]
    [TestCase("image", "\"NewImage\"", "\"Other\"", "dynamodb.NewImage is missing or not an object (INSERT or MODIFY)")]
    [TestCase("creation", "\"ApproximateCreationDateTime\":1479499740", "\"ApproximateCreationDateTime\":-5", "dynamodb.ApproximateCreationDateTime is not epoch seconds between 1970 and 9999")]
    [TestCase("creation missing", "\"ApproximateCreationDateTime\":1479499740,", "", "dynamodb.ApproximateCreationDateTime is not epoch seconds between 1970 and 9999")]
    public void ContractBreach_FailsNamingTheField(string _, string good, string bad, string detail)
    {
        string record = Contract.Record(Contract.Image()).Replace(good, bad, StringComparison.Ordinal);

        var (outcome, _) = Contract.Transform(record);

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.NotContract));
        Assert.That(outcome.Detail, Is.EqualTo(detail));
    }

    [Test]
    public void Remove_WithoutOldImage_Fails()
    {
        var (outcome, _) = Contract.Transform(Contract.Record(Contract.Image(), eventName: "REMOVE", imageKey: "NewImage"));

        Assert.That(outcome.Detail, Is.EqualTo("dynamodb.OldImage is missing or not an object (REMOVE)"));
    }

    [TestCase("\"v\":{\"X\":\"1\"}", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":{\"S\":\"a\",\"N\":\"1\"}", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":{}", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":\"plain\"", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":{\"S\":1}", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":{\"BOOL\":\"true\"}", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":{\"L\":[1]}", RecordFailure.InvalidAttributeValue)]
    [TestCase("\"v\":{\"N\":\"abc\"}", RecordFailure.InvalidNumber)]
    [TestCase("\"v\":{\"N\":\"01\"}", RecordFailure.InvalidNumber)]
    [TestCase("\"v\":{\"N\":\"1.\"}", RecordFailure.InvalidNumber)]
    [TestCase("\"v\":{\"NS\":[\"1\",\"NaN\"]}", RecordFailure.InvalidNumber)]
    [TestCase("\"_op\":{\"S\":\"x\"}", RecordFailure.ReservedAttributeName)]
    [TestCase("\"_ts\":{\"S\":\"x\"}", RecordFailure.ReservedAttributeName)]
    public void BadAttribute_FailsTheRecord(string attribute, RecordFailure expected)
    {
        var (outcome, line) = Contract.Transform(Contract.Record(Contract.Image(attribute)));

        Assert.That(outcome.Failure, Is.EqualTo(expected));
        Assert.That(line, Is.Empty);
    }

    [TestCase("{\"createdAtTime\":{\"N\":\"1704067620000\"}}", RecordFailure.MissingSiteAttribute)]
    [TestCase("{\"siteId\":{\"B\":\"AA==\"},\"createdAtTime\":{\"N\":\"1704067620000\"}}", RecordFailure.InvalidSiteAttributeType)]
    [TestCase("{\"siteId\":{\"SS\":[\"a\"]},\"createdAtTime\":{\"N\":\"1704067620000\"}}", RecordFailure.InvalidSiteAttributeType)]
    [TestCase("{\"siteId\":{\"S\":\"a\"}}", RecordFailure.MissingTimeAttribute)]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"S\":\"1704067620000\"}}", RecordFailure.InvalidTimeAttributeType)]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"N\":\"1704067620000.5\"}}", RecordFailure.InvalidTimeValue)]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"N\":\"1E12\"}}", RecordFailure.InvalidTimeValue)]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"N\":\"-1\"}}", RecordFailure.TimeOutOfRange)]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"N\":\"253402300800000\"}}", RecordFailure.TimeOutOfRange)]
    [TestCase("{\"siteId\":{\"S\":\"a\"},\"createdAtTime\":{\"N\":\"99999999999999999999\"}}", RecordFailure.InvalidTimeValue)]
    public void SiteAndTimeAttributes_AreRequiredAndTyped(string image, RecordFailure expected)
    {
        var (outcome, _) = Contract.Transform(Contract.Record(image));

        Assert.That(outcome.Failure, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("a/b")]
    [TestCase("a\\\\b")]
    [TestCase("a=b")]
    [TestCase("a..b")]
    [TestCase("..")]
    [TestCase("tab\\there")]
    [TestCase("del\u007f")]
    [TestCase("smile\U0001F600")]
    [TestCase("nbsp\u00a0")]
    public void UnsafeSiteValue_Fails(string site)
    {
        var (outcome, _) = Contract.Transform(Contract.Record($"{{\"siteId\":{{\"S\":\"{site}\"}},\"createdAtTime\":{{\"N\":\"1704067620000\"}}}}"));

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.InvalidSiteValue));
    }

    [TestCase("site-a.b_c~1")]
    [TestCase("Zürich")]
    [TestCase("東京")]
    [TestCase("with space")]
    public void SafeSiteValue_Passes(string site)
    {
        var (outcome, _) = Contract.Transform(Contract.Record($"{{\"siteId\":{{\"S\":\"{site}\"}},\"createdAtTime\":{{\"N\":\"1704067620000\"}}}}"));

        Assert.That(outcome.Key.SiteId, Is.EqualTo(site));
    }

    [Test]
    public void SiteValue_Of128CharactersPasses_129Fails()
    {
        string image128 = $"{{\"siteId\":{{\"S\":\"{new string('é', 128)}\"}},\"createdAtTime\":{{\"N\":\"0\"}}}}";
        string image129 = $"{{\"siteId\":{{\"S\":\"{new string('é', 129)}\"}},\"createdAtTime\":{{\"N\":\"0\"}}}}";

        Assert.That(Contract.Transform(Contract.Record(image128)).Outcome.Key.SiteId, Has.Length.EqualTo(128));
        Assert.That(Contract.Transform(Contract.Record(image129)).Outcome.Detail, Is.EqualTo("site value is longer than 128 characters"));
    }

    [Test]
    public void LoneSurrogateEscape_FailsAsInvalidJson()
    {
        var (outcome, line) = Contract.Transform(Contract.Record(Contract.Image("\"v\":{\"S\":\"a\\ud800b\"}")));

        Assert.That((outcome.Failure, outcome.Detail), Is.EqualTo((RecordFailure.InvalidJson, "the record has a string escape that is not valid UTF-16")));
        Assert.That(line, Is.Empty);
    }

    [Test]
    public void InvalidUtf8InAString_FailsAsInvalidJson()
    {
        byte[] record = System.Text.Encoding.UTF8.GetBytes(Contract.Record(Contract.Image("\"v\":{\"S\":\"a#b\"}")));
        record[Array.IndexOf(record, (byte)'#')] = 0xFF;
        var transformer = new RecordTransformer(PartitioningOptions.Default);

        TransformOutcome outcome = transformer.Transform(record);

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.InvalidJson));
    }
}
