using System.Text;

namespace PipesLake.Partitioning.Tests;

public sealed class FirehoseBatchTransformerTests
{
    private static readonly FirehoseBatchTransformer s_transformer = new(PartitioningOptions.Default);

    [Test]
    public void FixtureEvent_TransformsEachRecordInOrder()
    {
        List<FirehoseInputRecord> input = FirehoseFixture.Records("firehose-event.json");

        FirehoseBatchResult result = s_transformer.Transform(input);

        Assert.That(result.Records.Select(r => r.RecordId), Is.EqualTo(input.Select(r => r.RecordId)));
        Assert.That(result.Records.Select(r => r.Result), Is.EqualTo(new[]
        {
            FirehoseRecordResult.Ok, FirehoseRecordResult.Ok, FirehoseRecordResult.Ok, FirehoseRecordResult.ProcessingFailed,
        }));
        Assert.That(Decode(result.Records[0].Data), Is.EqualTo(
            "{\"id\":\"item-1\",\"siteId\":\"site-a\",\"createdAtTime\":1704067620000,\"name\":\"pump\",\"valueOne\":12.5,\"valueTwo\":-3,"
            + "\"_op\":\"I\",\"_eventId\":\"c4ca4238a0b923820dcc509a6f75849b\",\"_seq\":\"111\",\"_ts\":\"2016-11-18T20:09:00Z\"}\n"));
        Assert.That(Decode(result.Records[1].Data), Does.Contain("\"valueOne\":13,").And.Contain("\"_op\":\"U\""));
        Assert.That(Decode(result.Records[2].Data), Does.Contain("\"siteId\":42,").And.Contain("\"_op\":\"D\""));
        Assert.That(result.Records[2].Key.ToDictionary().Values, Is.EqualTo(new[] { "42", "2024", "12", "31", "23", "59" }));
    }

    [Test]
    public void FailedRecord_ReturnsOriginalDataUnchanged()
    {
        List<FirehoseInputRecord> input = FirehoseFixture.Records("firehose-event.json");

        FirehoseOutputRecord failed = s_transformer.Transform(input).Records[3];

        Assert.That(failed.Data, Is.SameAs(input[3].Data));
        Assert.That((failed.Failure, failed.Detail), Is.EqualTo((RecordFailure.InvalidJson, "the record is not well-formed JSON")));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not base64!")]
    [TestCase("abc")]
    public void BadBase64_FailsAndKeepsData(string? data)
    {
        FirehoseOutputRecord output = s_transformer.TransformOne(new FirehoseInputRecord("r1", data));

        Assert.That((output.Result, output.Failure, output.Data), Is.EqualTo((FirehoseRecordResult.ProcessingFailed, RecordFailure.InvalidBase64, data ?? string.Empty)));
    }

    [Test]
    public void TenThousandRecords_OneInSevenMalformed_CountsExactly()
    {
        string good = Contract.Base64(Contract.Record(Contract.Image("\"n\":{\"N\":\"1\"}")));
        string[] bad = [Contract.Base64("{oops"), "%%%", Contract.Base64(Contract.Record("{\"siteId\":{\"S\":\"a/b\"},\"createdAtTime\":{\"N\":\"1\"}}"))];
        var input = Enumerable.Range(0, 10_000)
            .Select(i => new FirehoseInputRecord($"r{i}", i % 7 == 0 ? bad[i / 7 % 3] : good))
            .ToList();

        FirehoseBatchResult result = s_transformer.Transform(input);

        Assert.That(result.Summary.Records, Is.EqualTo(10_000));
        Assert.That(result.Summary.Ok, Is.EqualTo(8_571));
        Assert.That(result.Summary.Failed, Is.EqualTo(1_429));
        Assert.That(result.Summary.FailedFor(RecordFailure.InvalidJson), Is.EqualTo(477));
        Assert.That(result.Summary.FailedFor(RecordFailure.InvalidBase64), Is.EqualTo(476));
        Assert.That(result.Summary.FailedFor(RecordFailure.InvalidSiteValue), Is.EqualTo(476));
        Assert.That(result.Records.Select(r => r.RecordId), Is.EqualTo(input.Select(r => r.RecordId)));
        Assert.That(result.Records.Where((r, i) => (r.Result == FirehoseRecordResult.Ok) == (i % 7 == 0)), Is.Empty);
    }

    [Test]
    public void Summary_PrintsCountsOnly()
    {
        FirehoseBatchResult result = s_transformer.Transform(FirehoseFixture.Records("firehose-event.json"));

        Assert.That(result.Summary.ToString(), Is.EqualTo("records=4 ok=3 failed=1 InvalidJson=1"));
    }

    [Test]
    public void OversizedResponse_FailsTheBatchExplicitly()
    {
        var small = new FirehoseBatchTransformer(PartitioningOptions.Default, maxResponseBytes: 1_000);
        List<FirehoseInputRecord> input = FirehoseFixture.Records("firehose-event.json");

        var error = Assert.Throws<ResponseTooLargeException>(() => small.Transform(input));

        Assert.That((error!.Records, error.LimitBytes), Is.EqualTo((4, 1_000L)));
        Assert.That(error.EstimatedBytes, Is.GreaterThan(1_000L));
    }

    [Test]
    public void ResponseEstimate_IsAnUpperBoundOfTheSerializedResponse()
    {
        List<FirehoseInputRecord> input = FirehoseFixture.Records("firehose-event.json");
        FirehoseBatchResult result = s_transformer.Transform(input);
        string serialized = System.Text.Json.JsonSerializer.Serialize(new
        {
            records = result.Records.Select(r => new { recordId = r.RecordId, result = r.Result.ToString(), data = r.Data, metadata = new { partitionKeys = r.Key.SiteId is null ? null : r.Key.ToDictionary() } }),
        });
        long actual = Encoding.UTF8.GetByteCount(serialized);

        var exact = new FirehoseBatchTransformer(PartitioningOptions.Default, maxResponseBytes: actual);

        Assert.Throws<ResponseTooLargeException>(() => exact.Transform(input));
    }

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
