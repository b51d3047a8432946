namespace PipesLake.Partitioning.Tests;

public sealed class AttributeConversionTests
{
    [TestCase("""{"S":"pump"}""", "\"pump\"")]
    [TestCase("""{"N":"12.5"}""", "12.5")]
    [TestCase("""{"N":"-3"}""", "-3")]
    [TestCase("""{"N":"1E+10"}""", "1E+10")]
    [TestCase("""{"BOOL":true}""", "true")]
    [TestCase("""{"BOOL":false}""", "false")]
    [TestCase("""{"NULL":true}""", "null")]
    [TestCase("""{"B":"AAEC"}""", "\"AAEC\"")]
    [TestCase("""{"SS":["a","b"]}""", "[\"a\",\"b\"]")]
    [TestCase("""{"NS":["1","2.50"]}""", "[1,2.50]")]
    [TestCase("""{"BS":["AAEC","Aw=="]}""", "[\"AAEC\",\"Aw==\"]")]
    [TestCase("""{"L":[{"S":"x"},{"N":"7"},{"NULL":true}]}""", "[\"x\",7,null]")]
    [TestCase("""{"M":{"a":{"M":{"b":{"L":[{"BOOL":true}]}}}}}""", """{"a":{"b":[true]}}""")]
    [TestCase("""{"L":[]}""", "[]")]
    [TestCase("""{"M":{}}""", "{}")]
    public void EachDynamoDbType_BecomesPlainJson(string attribute, string expected)
    {
        var (outcome, line) = Contract.Transform(Contract.Record(Contract.Image($"\"v\":{attribute}")));

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.None));
        Assert.That(line, Is.EqualTo(Contract.Line($"\"v\":{expected}")));
    }

    [TestCase("12345678901234567890123456789012345678")]
    [TestCase("-0.12345678901234567890123456789012345678")]
    [TestCase("9.9999999999999999999999999999999999999E+125")]
    [TestCase("1E-130")]
    public void Number_KeepsAll38DigitsExactly(string digits)
    {
        var (_, line) = Contract.Transform(Contract.Record(Contract.Image($$"""
            "big":{"N":"{{digits}}"}
            """.Trim())));

        Assert.That(line, Is.EqualTo(Contract.Line($"\"big\":{digits}")));
    }

    [Test]
    public void EscapedStrings_AreUnescapedThenWrittenAsValidJson()
    {
        var (outcome, line) = Contract.Transform(Contract.Record(Contract.Image("""
            "q\u0061":{"S":"say \"hi\"\n\u00e9"}
            """.Trim())));

        Assert.That(outcome.IsOk, Is.True);
        Assert.That(line, Is.EqualTo(Contract.Line("\"qa\":\"say \\\"hi\\\"\\né\"")));
    }

    [Test]
    public void NonAsciiText_StaysUtf8()
    {
        var (_, line) = Contract.Transform(Contract.Record(Contract.Image("\"name\":{\"S\":\"Zürich 東京\"}")));

        Assert.That(line, Is.EqualTo(Contract.Line("\"name\":\"Zürich 東京\"")));
    }

    [Test]
    public void Modify_UsesNewImageAndOpU()
    {
        string record = Contract.Record(Contract.Image("\"v\":{\"N\":\"2\"}"), eventName: "MODIFY")
            .Replace("\"Keys\"", "\"OldImage\":{\"siteId\":{\"S\":\"old\"},\"createdAtTime\":{\"N\":\"0\"},\"v\":{\"N\":\"1\"}},\"Keys\"", StringComparison.Ordinal);

        var (_, line) = Contract.Transform(record);

        Assert.That(line, Is.EqualTo(Contract.Line("\"v\":2", op: "U")));
    }

    [Test]
    public void Remove_UsesOldImageAndOpD()
    {
        var (outcome, line) = Contract.Transform(Contract.Record(Contract.Image("\"v\":{\"N\":\"1\"}"), eventName: "REMOVE", imageKey: "OldImage"));

        Assert.That(outcome.Key.SiteId, Is.EqualTo("site-a"));
        Assert.That(line, Is.EqualTo(Contract.Line("\"v\":1", op: "D")));
    }

    [TestCase("1479499740", "2016-11-18T20:09:00Z")]
    [TestCase("1.47949974E9", "2016-11-18T20:09:00Z")]
    [TestCase("1479499740.25", "2016-11-18T20:09:00.250Z")]
    [TestCase("\"1479499740\"", "2016-11-18T20:09:00Z")]
    public void CreationTime_BecomesIsoUtc(string creation, string expected)
    {
        var (_, line) = Contract.Transform(Contract.Record(Contract.Image(), creation: creation));

        Assert.That(line, Does.EndWith($"\"_ts\":\"{expected}\"}}\n"));
    }

    [Test]
    public void ContractFieldOrder_DoesNotMatter()
    {
        string record = """{"dynamodb":{"SequenceNumber":"111","NewImage":{"siteId":{"S":"site-a"},"createdAtTime":{"N":"1704067620000"}},"ApproximateCreationDateTime":1479499740},"extra":[1,{"x":2}],"eventName":"INSERT","eventId":"e1"}""";

        var (_, line) = Contract.Transform(record);

        Assert.That(line, Is.EqualTo(Contract.Line()));
    }
}
