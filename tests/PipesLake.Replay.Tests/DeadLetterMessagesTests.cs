using System.Text.Json;

namespace PipesLake.Replay.Tests;

/// <summary>
/// Dead-letter messages as an operator saves them, read into batch positions; anything else refused by where it is and
/// why. The body is the shape AWS documents for a stream's failed batch (Lambda Developer Guide, "Retain discarded
/// records for a DynamoDB event source in Lambda") as a pipe sends it (a message captured from a pipe's DLQ, DVLA
/// Engineering, 2024-03-21).
/// </summary>
public sealed class DeadLetterMessagesTests
{
    private const string Stream = "arn:aws:dynamodb:eu-west-2:123456789123:table/dev-application-domain/stream/2023-01-01T00:00:00Z";

    /// <summary>The pipe's message as captured, with the two sequence numbers in order (the capture's were scrambled).</summary>
    internal static string PipeBody(string shard = "shardId-00000001234567891234-aaa1abcd", string first = "1234567800000000001234567891", string last = "1234567800000000001234567899", string stream = Stream, int size = 1) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["context"] = new Dictionary<string, string> { ["partnerResourceArn"] = "arn:aws:pipes:eu-west-2:123456789123:pipe/dev-application-pipe", ["condition"] = "RetryAttemptsExhausted" },
        ["version"] = "1.0",
        ["timestamp"] = "2024-03-08T00:00:00Z",
        ["DDBStreamBatchInfo"] = new Dictionary<string, object>
        {
            ["shardId"] = shard,
            ["startSequenceNumber"] = first,
            ["endSequenceNumber"] = last,
            ["approximateArrivalOfFirstRecord"] = "2024-03-08T00:00:00Z",
            ["approximateArrivalOfLastRecord"] = "2024-03-08T00:00:05Z",
            ["batchSize"] = size,
            ["streamArn"] = stream,
        },
    });

    /// <summary>What <c>aws sqs receive-message</c> prints for these bodies, ids m1, m2…</summary>
    internal static string Received(params string[] bodies) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Messages"] = bodies.Select((body, i) => new Dictionary<string, string> { ["MessageId"] = $"m{i + 1}", ["ReceiptHandle"] = "h", ["MD5OfBody"] = "x", ["Body"] = body }).ToArray(),
    });

    private static (List<BatchPosition> Positions, List<string> Refused) Read(string text)
    {
        var positions = new List<BatchPosition>();
        var refused = new List<string>();
        DeadLetterMessages.Read("dlq.json", text, positions, refused);
        return (positions, refused);
    }

    [Test]
    public void ReceiveMessageOutput_EachBodyIsABatch_NamedByItsMessageId()
    {
        (List<BatchPosition> positions, List<string> refused) = Read(Received(PipeBody(), PipeBody(shard: "shardId-2", first: "500", last: "600", size: 7)));

        Assert.That(refused, Is.Empty);
        Assert.That(positions, Is.EqualTo(new[]
        {
            new BatchPosition("message m1", Stream, "shardId-00000001234567891234-aaa1abcd", "1234567800000000001234567891", "1234567800000000001234567899",
                new DateTimeOffset(2024, 3, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 8, 0, 0, 5, TimeSpan.Zero), 1, "RetryAttemptsExhausted"),
            new BatchPosition("message m2", Stream, "shardId-2", "500", "600",
                new DateTimeOffset(2024, 3, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 8, 0, 0, 5, TimeSpan.Zero), 7, "RetryAttemptsExhausted"),
        }));
        Assert.That((positions[0].Table, positions[0].Region), Is.EqualTo(("dev-application-domain", "eu-west-2")));
    }

    [Test]
    public void LambdasOnFailureRecord_AndAnSnsNotification_AreRead()
    {
        string lambda = PipeBody().Replace("\"context\"", "\"requestContext\"", StringComparison.Ordinal).Replace("RetryAttemptsExhausted", "MaximumRecordAgeExceeded", StringComparison.Ordinal);
        string sns = JsonSerializer.Serialize(new Dictionary<string, string> { ["Type"] = "Notification", ["MessageId"] = "sns-1", ["Message"] = PipeBody(first: "7", last: "8") });

        (List<BatchPosition> positions, List<string> refused) = Read(lambda + "\n" + sns + "\n");

        Assert.That(refused, Is.Empty);
        Assert.That(positions.Select(p => (p.Message, p.First, p.Condition)), Is.EqualTo(new[]
        {
            ("dlq.json:1", "1234567800000000001234567891", "MaximumRecordAgeExceeded"),
            ("message sns-1", "7", "RetryAttemptsExhausted"),
        }));
    }

    [Test]
    public void DamagedMessages_AreRefusedOneByOne_WithWhereAndWhy_TheRestRead()
    {
        string[] lines =
        [
            "{not json",
            """{"KinesisBatchInfo":{"shardId":"s"}}""",
            """{"version":"1.0"}""",
            PipeBody(first: "20", last: "19"),
            PipeBody(stream: "arn:aws:dynamodb:eu-west-2:123456789123:table/dev-application-domain"),
            PipeBody(first: "12a"),
            PipeBody(size: 0),
            PipeBody().Replace("2024-03-08T00:00:05Z", "yesterday", StringComparison.Ordinal),
            "[1]",
            PipeBody(first: "0010", last: "10"),
        ];

        (List<BatchPosition> positions, List<string> refused) = Read(string.Join("\n", lines));

        Assert.That(refused, Is.EqualTo(new[]
        {
            "dlq.json:1: not JSON",
            "dlq.json:2: a Kinesis stream's batch, not a DynamoDB stream's",
            "dlq.json:3: no DDBStreamBatchInfo, so not a dead-letter message of a pipe from a DynamoDB stream",
            "dlq.json:4: DDBStreamBatchInfo starts after it ends (startSequenceNumber 20 > endSequenceNumber 19)",
            "dlq.json:5: DDBStreamBatchInfo has no stream ARN in streamArn (got 'arn:aws:dynamodb:eu-west-2:123456789123:table/dev-application-domain')",
            "dlq.json:6: DDBStreamBatchInfo has no sequence number in startSequenceNumber",
            "dlq.json:7: DDBStreamBatchInfo has no batchSize of 1 or more",
            "dlq.json:8: DDBStreamBatchInfo has no time in approximateArrivalOfFirstRecord or approximateArrivalOfLastRecord",
            "dlq.json:9[0]: not a dead-letter message (a JSON object)",
        }));
        Assert.That(positions.Select(p => p.Message), Is.EqualTo(new[] { "dlq.json:10" }));
    }

    [TestCase("9", "10", -1)]
    [TestCase("0010", "10", 0)]
    [TestCase("1100000000017454423010", "1100000000017454423009", 1)]
    [TestCase("99999999999999999999", "100000000000000000000", -1)]
    public void SequenceNumbers_CompareAsNumbers(string a, string b, int expected)
    {
        Assert.That(Math.Sign(StreamSequence.Compare(a, b)), Is.EqualTo(expected));
    }

    [Test]
    public void ARecordReadBack_IsTheRecordAsAPipeGetsIt_WithTheStreamArnAndWholeSeconds()
    {
        // A GetRecords record (DynamoDB Streams API Reference, GetRecords, example response), its time with a fraction.
        const string Record = """{"awsRegion":"us-west-2","dynamodb":{"ApproximateCreationDateTime":1.46448033E9,"Keys":{"ForumName":{"S":"DynamoDB"},"Subject":{"S":"DynamoDB Thread 3"}},"SequenceNumber":"300000000000000499659","SizeBytes":41,"StreamViewType":"KEYS_ONLY"},"eventID":"e2fd9c34eff2d779b297b26f5fef4206","eventName":"INSERT","eventSource":"aws:dynamodb","eventVersion":"1.0","eventSourceARN":"stale","userIdentity":{"principalId":"dynamodb.amazonaws.com","type":"Service"}}""";
        using JsonDocument record = JsonDocument.Parse(Record);
        var line = new System.Buffers.ArrayBufferWriter<byte>();

        StreamRecordLine.Write(record.RootElement, Stream, line);

        Assert.That(System.Text.Encoding.UTF8.GetString(line.WrittenSpan), Is.EqualTo(
            """{"awsRegion":"us-west-2","dynamodb":{"ApproximateCreationDateTime":1464480330,"Keys":{"ForumName":{"S":"DynamoDB"},"Subject":{"S":"DynamoDB Thread 3"}},"SequenceNumber":"300000000000000499659","SizeBytes":41,"StreamViewType":"KEYS_ONLY"},"eventID":"e2fd9c34eff2d779b297b26f5fef4206","eventName":"INSERT","eventSource":"aws:dynamodb","eventVersion":"1.0","userIdentity":{"principalId":"dynamodb.amazonaws.com","type":"Service"},"eventSourceARN":"arn:aws:dynamodb:eu-west-2:123456789123:table/dev-application-domain/stream/2023-01-01T00:00:00Z"}"""));
        Assert.That(StreamRecordLine.Sequence(record.RootElement), Is.EqualTo("300000000000000499659"));
    }

    [Test]
    public void BatchOutcome_IsWholeOnlyWithBothEndsFound()
    {
        BatchPosition batch = Read(PipeBody(first: "10", last: "20", size: 3)).Positions[0];

        Assert.That(new[]
        {
            new BatchRead(batch, 3, 3, true, true, null).Outcome,
            new BatchRead(batch, 2, 2, false, true, "the stream no longer holds it").Outcome,
            new BatchRead(batch, 2, 2, true, false, null).Outcome,
            new BatchRead(batch, 0, 0, false, false, "gone").Outcome,
        }, Is.EqualTo(new[] { BatchOutcome.Recovered, BatchOutcome.Partial, BatchOutcome.Partial, BatchOutcome.Lost }));
        Assert.That(new BatchRead(batch, 2, 2, true, false, null).Why, Is.EqualTo("the record 20 was not in the shard"));
    }
}
