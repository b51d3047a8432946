using System.Diagnostics;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>dlq</c> against a real DynamoDB stream: moto's server on loopback, a table whose stream holds six inserts, an
/// update and a delete, and dead-letter messages naming batches of it (one named twice, two overlapping, one of a stream
/// that is gone).
/// </summary>
[NonParallelizable]
public sealed class DlqTests
{
    /// <summary>The harness's stage, in boto3 (which moto brings): the table, its eight changes, the stream's ARN, shard and sequence numbers.</summary>
    private const string Stage = """
        import boto3, json, sys
        kw = dict(endpoint_url=sys.argv[1], region_name="eu-west-1", aws_access_key_id="pipeslake-harness", aws_secret_access_key="pipeslake-harness")
        d = boto3.client("dynamodb", **kw)
        s = boto3.client("dynamodbstreams", **kw)
        d.create_table(TableName="orders", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                       BillingMode="PAY_PER_REQUEST", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        for i in range(6):
            d.put_item(TableName="orders", Item={"id": {"S": f"item-{i}"}, "siteId": {"S": "site-a"}, "createdAtTime": {"N": "1704067200000"}, "tags": {"SS": ["a", "b"]}})
        d.update_item(TableName="orders", Key={"id": {"S": "item-1"}}, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "2"}})
        d.delete_item(TableName="orders", Key={"id": {"S": "item-2"}})
        arn = d.describe_table(TableName="orders")["Table"]["LatestStreamArn"]
        shard = s.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        records = s.get_records(ShardIterator=s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"])["Records"]
        print(json.dumps({"arn": arn, "shard": shard, "seqs": [r["dynamodb"]["SequenceNumber"] for r in records]}))
        """;

    private S3Server _server = null!;
    private string _root = null!;
    private string _stream = null!;
    private string _shard = null!;
    private string[] _seqs = null!;
    private string _gone = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _server = S3Server.Start();
        _server.ApplyToolEnvironment();
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", _server.Endpoint);
        using JsonDocument stage = JsonDocument.Parse(Python(Stage, _server.Endpoint));
        _stream = stage.RootElement.GetProperty("arn").GetString()!;
        _shard = stage.RootElement.GetProperty("shard").GetString()!;
        _seqs = [.. stage.RootElement.GetProperty("seqs").EnumerateArray().Select(s => s.GetString()!)];
        Assert.That(_seqs, Has.Length.EqualTo(8));
        _gone = _stream.Replace("table/orders/", "table/retired/", StringComparison.Ordinal);
        _root = Directory.CreateTempSubdirectory("pipeslake-dlq-").FullName;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", null);
        _server?.Dispose();
        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>m1 and m2 the same batch (0–2), m3 overlapping it (1–7), m4 a batch of a stream that is gone; a not-JSON line beside.</summary>
    private string Messages()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_root, "messages-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(dir, "a.json"), DeadLetterMessagesTests.Received(
            Body(0, 2), Body(0, 2), Body(1, 7), DeadLetterMessagesTests.PipeBody(shard: "shardId-00000001", first: "100", last: "200", stream: _gone, size: 2)));
        File.WriteAllText(Path.Combine(dir, "b.ndjson"), "{not json\n");
        return dir;
    }

    private string Body(int first, int last) => DeadLetterMessagesTests.PipeBody(shard: _shard, first: _seqs[first], last: _seqs[last], stream: _stream, size: last - first + 1);

    [Test]
    public void Dlq_ReadsEachBatchBackOnce_WritesItsRecordsInShardOrder_AndNamesWhatIsGone()
    {
        string output = Path.Combine(_root, "records-1.ndjson");
        string messages = Messages();

        (int code, string printed, string errors) = Cli.RunWithOutput("dlq", messages, "--out", output);

        Assert.That((code, errors), Is.EqualTo((4, string.Empty)));
        string[] lines = File.ReadAllLines(output);
        Assert.That(lines.Select(Line), Is.EqualTo(new[]
        {
            (_seqs[0], "INSERT", "item-0"), (_seqs[1], "INSERT", "item-1"), (_seqs[2], "INSERT", "item-2"), (_seqs[3], "INSERT", "item-3"),
            (_seqs[4], "INSERT", "item-4"), (_seqs[5], "INSERT", "item-5"), (_seqs[6], "MODIFY", "item-1"), (_seqs[7], "REMOVE", "item-2"),
        }));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("eventSourceARN").GetString()), Is.All.EqualTo(_stream));
        string[] summary = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(summary.Where(l => l.StartsWith("│", StringComparison.Ordinal)).Select(l => l.Replace(" ", string.Empty, StringComparison.Ordinal)).Skip(1), Is.EqualTo(new[]
        {
            "│batchesnamed│4│", "│namedagain│1│", "│messagesnotread│1│", "│batchesreadwhole│2│", "│batchesreadinpart│0│", "│batcheslost│1│", "│recordswritten│8│",
        }));
        Assert.That(summary.Where(l => !l.StartsWith('│') && !l.StartsWith('┌') && !l.StartsWith('├') && !l.StartsWith('└')), Is.EqualTo(new[]
        {
            $"not read: {Path.Combine(messages, "b.ndjson")}:1: not JSON",
            $"not whole: message m4 (retired shardId-00000001 100..200, 0 of 2 records read: the stream or its shard is gone (ResourceNotFoundException))",
            $"records: {output}",
            $"next: pipeslake-replay replay {output} --lake <the lake> (with the stack's --stack-file)",
            "not in the stream: retired, 1 batch(es) that arrived 2024-03-08T00:00:00Z to 2024-03-08T00:00:05Z; export retired at a time after 2024-03-08T00:00:05Z, then run reconcile and backfill with that export (docs/operations.md, \"When the pipe sends to the dead-letter queue\")",
        }));
    }

    [Test]
    public void Dlq_TheFileReplaysIntoTheLake_AndARerunWritesTheSameBytes()
    {
        string messages = Messages();
        string first = Path.Combine(_root, "records-2.ndjson");
        string again = Path.Combine(_root, "records-3.ndjson");
        Cli.Run("dlq", messages, "--out", first);
        Cli.Run("dlq", messages, "--out", again);
        string lake = Path.Combine(_root, "lake");

        Assert.That(File.ReadAllBytes(again), Is.EqualTo(File.ReadAllBytes(first)));
        Assert.That(Cli.Run("replay", first, "--lake", lake), Is.EqualTo((0, string.Empty)));
        string[] lakeLines = SampleErrorObjects.Lines(CommandLineTests.LakeObjectsOf(lake).Select(File.ReadAllBytes));
        Assert.That(lakeLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("_seq").GetString()).Order(StringComparer.Ordinal), Is.EqualTo(_seqs.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void Dlq_EveryRequestIsOneTheOperatorPolicyAllows_AndOneForAnotherTableWouldBeDenied()
    {
        Cli.Run("dlq", Messages(), "--out", Path.Combine(_root, "records-4.ndjson"));
        var aws = new AwsContext("aws", "123456789012", "eu-west-1");

        Assert.That(StreamRequests.OfTheTool(_server).Select(r => r.Action).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(new[] { "dynamodb:GetRecords", "dynamodb:GetShardIterator" }));
        Assert.That(StreamRequests.DeniedToTheOperator(_server, aws, [new OperatorStream("orders", null), new OperatorStream("retired", null)]), Is.Empty);
        Assert.That(StreamRequests.DeniedToTheOperator(_server, aws, [new OperatorStream("retired", null)]), Does.Contain($"dynamodb:GetRecords on {_stream}"));
    }

    [Test]
    public void Dlq_ABatchOfATableTheStackDoesNotList_IsRefusedByName_Exit3()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_root, "stackcheck")).FullName;
        File.WriteAllText(Path.Combine(dir, "m.json"), DeadLetterMessagesTests.Received(Body(0, 1), DeadLetterMessagesTests.PipeBody(stream: _gone)));
        string output = Path.Combine(_root, "records-5.ndjson");

        (int code, string printed, _) = Cli.RunWithOutput("dlq", dir, "--out", output, "--stack-file", Path.Combine(Repository.Root(), "Pulumi.dev.yaml"));

        Assert.That(code, Is.EqualTo(3));
        Assert.That(printed, Does.Contain("not read: message m2: the stream of the table 'retired', which is not one of the stack's tables (orders, inventory)\n"));
        Assert.That(File.ReadAllLines(output).Select(Line).Select(l => l.Sequence), Is.EqualTo(_seqs[..2]));
    }

    [TestCase("missing-input")]
    [TestCase("no-message")]
    [TestCase("missing-folder")]
    [TestCase("unreachable")]
    public void Dlq_WhatCannotRun_IsOneLine_Exit2_AndNoFile(string what)
    {
        string messages = Messages();
        string output = Path.Combine(_root, $"records-{what}.ndjson");
        File.WriteAllText(Path.Combine(_root, "blank.json"), "\n\n");
        string[] args = what switch
        {
            "missing-input" => ["dlq", Path.Combine(_root, "no-such-file.json"), "--out", output],
            "missing-folder" => ["dlq", messages, "--out", output = Path.Combine(_root, "no-such-folder", "r.ndjson")],
            "no-message" => ["dlq", Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName, Path.Combine(_root, "blank.json"), "--out", output],
            _ => ["dlq", messages, "--out", output, "--endpoint-url", "http://127.0.0.1:9"],
        };

        (int code, string errors) = Cli.Run(args);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Is.EqualTo(what switch
        {
            "missing-input" => $"pipeslake-replay: cannot read the dead-letter messages '{Path.Combine(_root, "no-such-file.json")}': no such file or folder.",
            "missing-folder" => $"pipeslake-replay: cannot write --out '{output}': no such folder '{Path.GetDirectoryName(output)}'.",
            "no-message" => $"pipeslake-replay: no dead-letter message in '{Path.Combine(_root, "empty")}', '{Path.Combine(_root, "blank.json")}': nothing to read back.",
            _ => "pipeslake-replay: cannot reach DynamoDB Streams at http://127.0.0.1:9: Connection refused (127.0.0.1:9).",
        }));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Dlq_CredentialsTheServiceRefuses_AreOneLineNamingDynamoDbStreams_Exit2()
    {
        // moto checking every request's keys against its IAM, which knows none: as AWS refuses a key it does not know.
        string output = Path.Combine(_root, "records-refused.ndjson");
        string endpoint;
        (int Code, string Errors) result;
        using (S3Server strict = S3Server.Start(authenticate: true))
        {
            endpoint = strict.Endpoint;
            result = Cli.Run("dlq", Messages(), "--out", output, "--endpoint-url", endpoint);
        }

        // Its end clears the tool's environment, which the suite's server set.
        _server.ApplyToolEnvironment();
        (int code, string errors) = result;

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.StartWith($"pipeslake-replay: DynamoDB Streams at {endpoint} refused the credentials: GetShardIterator: ").And.EndWith("; check the profile or the AWS_* variables."));
        Assert.That(File.Exists(output), Is.False);
    }

    private static (string Sequence, string EventName, string Key) Line(string line)
    {
        using JsonDocument record = JsonDocument.Parse(line);
        JsonElement change = record.RootElement.GetProperty("dynamodb");
        return (change.GetProperty("SequenceNumber").GetString()!, record.RootElement.GetProperty("eventName").GetString()!, change.GetProperty("Keys").GetProperty("id").GetProperty("S").GetString()!);
    }

    private static string Python(string script, string argument)
    {
        string python = Environment.GetEnvironmentVariable("PIPESLAKE_PYTHON") ?? "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", script, argument })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error.Result);
        return output;
    }
}
