using System.Text;

namespace PipesLake.Replay.Tests;

public sealed class StreamRecordSourceTests
{
    [Test]
    public void JsonArray_YieldsEachRecordWithItsLine()
    {
        var records = Read("[\n  {\"a\":1},\n  {\"b\":\"}]{\"}\n]");

        Assert.That(records, Is.EqualTo(new[] { (2L, "{\"a\":1}"), (3L, "{\"b\":\"}]{\"}") }));
    }

    [Test]
    public void GetRecordsOutput_YieldsTheRecordsArray()
    {
        var records = Read("{\n    \"Records\": [\n        {\"eventID\": \"1\", \"dynamodb\": {\"Keys\": {}}},\n        {\"eventID\": \"2\"}\n    ],\n    \"NextShardIterator\": \"x\"\n}");

        Assert.That(records, Is.EqualTo(new[] { (3L, "{\"eventID\": \"1\", \"dynamodb\": {\"Keys\": {}}}"), (4L, "{\"eventID\": \"2\"}") }));
    }

    [Test]
    public void Ndjson_SkipsBlankLinesAndKeepsBrokenOnes()
    {
        var records = Read("{\"a\":1}\n\n{\"b\":\r\n{\"c\":3}");

        Assert.That(records, Is.EqualTo(new[] { (1L, "{\"a\":1}"), (3L, "{\"b\":\r"), (4L, "{\"c\":3}") }));
    }

    [Test]
    public void RecordSpanningChunks_IsWhole()
    {
        string big = "{\"x\":\"" + new string('z', 200_000) + "\"}";

        var records = Read($"[{big},{big}]");

        Assert.That(records.Select(r => r.Json.Length), Is.EqualTo(new[] { big.Length, big.Length }));
    }

    [Test]
    public void NeitherArrayNorObject_IsReadAsLines()
    {
        var records = Read("not json\n{\"a\":1}\n");

        Assert.That(records, Is.EqualTo(new[] { (1L, "not json"), (2L, "{\"a\":1}") }));
    }

    private static List<(long Line, string Json)> Read(string input)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        return new StreamRecordSource(stream).Read().Select(r => (r.Line, Encoding.UTF8.GetString(r.Json.Span))).ToList();
    }
}
