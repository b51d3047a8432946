namespace PipesLake.Replay.Tests;

[NonParallelizable]
public sealed class CommandLineTests
{
    private string _lake = null!;
    private StringWriter _errors = null!;

    [SetUp]
    public void Capture()
    {
        _lake = Path.Combine(Directory.CreateTempSubdirectory("pipeslake-cli-").FullName, "lake");
        _errors = new StringWriter();
    }

    [TearDown]
    public void Restore()
    {
        _errors.Dispose();
        Directory.Delete(Path.GetDirectoryName(_lake)!, recursive: true);
    }

    [Test]
    public void Replay_ThatRanButSkippedAMalformedLine_ExitsThree()
    {
        int code = Main(["replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]);

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(LakeObjectsOf(_lake), Has.Length.EqualTo(4));
    }

    [Test]
    public void Replay_OfWellFormedRecords_ExitsZero()
    {
        string input = Path.Combine(Path.GetDirectoryName(_lake)!, "good.ndjson");
        // Line 21 of the sample is its malformed one (README).
        File.WriteAllLines(input, File.ReadAllLines(Sample()).Where((_, index) => index != 20));

        Assert.That(Main(["replay", input, "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]), Is.Zero);
    }

    [Test]
    public void Replay_OfARecordOverFirehosesLimit_ExitsThree_NamingItsLine_AndWhatThePipeWouldDo()
    {
        // Line 2's MODIFY carries two images of 512,000 characters: over Firehose's 1,000 KiB (see ReplayRunnerTests).
        string image = $"{{\"id\":{{\"S\":\"item-1\"}},\"siteId\":{{\"S\":\"site-a\"}},\"createdAtTime\":{{\"N\":\"1704067620000\"}},\"blob\":{{\"S\":\"{new string('x', 512_000)}\"}}}}";
        string large = $"{{\"eventID\":\"e1\",\"eventName\":\"MODIFY\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{{\"ApproximateCreationDateTime\":1704067620,\"Keys\":{{\"id\":{{\"S\":\"item-1\"}}}},\"NewImage\":{image},\"OldImage\":{image},\"SequenceNumber\":\"111\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}}}";
        string[] sample = File.ReadAllLines(Sample());
        string input = Path.Combine(Path.GetDirectoryName(_lake)!, "large.ndjson");
        File.WriteAllLines(input, [sample[0], large, sample[1]]);

        // The large record names no table (no eventSourceARN): --table gives it one.
        (int code, string output, _) = Cli.RunWithOutput("replay", input, "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z", "--table", "orders");

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(output, Does.Contain("over 1,000 KiB at line(s) 2\n"));
        Assert.That(output.Split('\n').Count(l => l.StartsWith("Firehose takes records of at most 1,000 KiB: deployed, the pipe retries such a record's batch and then sends its stream position (not the record) to the dead-letter queue.", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [TestCase(new[] { "replay-everything" }, "pipeslake-replay: 'replay-everything' is not a command; the commands are replay, transform, redrive, query, backfill, reconcile, dlq, sample (see --help)")]
    [TestCase(new string[0], "pipeslake-replay: a command is needed: replay, transform, redrive, query, backfill, reconcile, dlq, sample (see --help)")]
    public void AnUnknownOrNoCommand_NamesTheCommands(string[] args, string message)
    {
        Assert.That(Main(args), Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo(message));
    }

    [Test]
    public void Transform_OfAFolder_AndRedrive_OfAFileOrAnEmptyFolder_SayWhatTheyAre()
    {
        string root = Path.GetDirectoryName(_lake)!;
        string file = Path.Combine(root, "one-error-object");
        File.WriteAllText(file, "{}\n");
        string empty = Directory.CreateDirectory(Path.Combine(root, "empty-errors")).FullName;

        Assert.That(Cli.Run("transform", root), Is.EqualTo((2, $"pipeslake-replay: cannot read '{root}': it is a folder; pass a Firehose transformation request (a file, or - for stdin).")));
        Assert.That(Cli.Run("redrive", file, "--lake", _lake), Is.EqualTo((2, $"pipeslake-replay: cannot read '{file}': it is a file; pass the folder that holds the error objects (errors/ as aws s3 sync brings it down).")));
        // Nothing found is exit 2: a mistyped path must not read as a redrive that succeeded.
        Assert.That(Cli.Run("redrive", empty, "--lake", _lake), Is.EqualTo((2, $"pipeslake-replay: '{empty}' holds no error objects: nothing to redrive; check the path (errors/ of the lake, or a folder aws s3 sync brought it down to).")));
    }

    [TestCase("replay", "--gzip <true|false>")]
    [TestCase("backfill", "--gzip <true|false>")]
    [TestCase("redrive", "--gzip <true|false>")]
    [TestCase("query", "<table>_changes, <table>_changes_history, <table>_errors and the views <table>_changes_current and <table>_changes_unique")]
    [TestCase("replay", "--fault-resend-batch <share>")]
    public void Help_ShowsWhatTheReadmeDocuments(string command, string expected)
    {
        (int code, string output, _) = Cli.RunWithOutput(command, "--help");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain(expected));
    }

    [Test]
    public void Replay_OfAFileWithAByteOrderMark_ReadsItsFirstLine()
    {
        string input = Path.Combine(Path.GetDirectoryName(_lake)!, "with-bom.ndjson");
        File.WriteAllBytes(input, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Sample())]);

        (int code, string output, _) = Cli.RunWithOutput("replay", input, "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z");

        // Only the sample's own malformed line 21 is left out; line 1 is read.
        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(output, Does.Contain("malformed input at line(s) 21\n"));
        Assert.That(LakeObjectsOf(_lake), Has.Length.EqualTo(4));
    }

    [Test]
    public void Summary_ListsKeepEachKeyWhole_WhenOutputIsNotATerminal()
    {
        // A key far longer than 80 columns, as Firehose names error objects: printed on one line, never wrapped.
        string errors = Path.Combine(Path.GetDirectoryName(_lake)!, "errors");
        string key = "processing-failed/year=2024/month=01/day=01/pipeslake-prod-lake-1-2024-01-01-00-00-00-0123abcd-4567-89ef-0123-456789abcdef.gz";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(errors, key))!);
        File.WriteAllText(Path.Combine(errors, key), "not an error record\n");

        (int code, string output, _) = Cli.RunWithOutput("redrive", errors, "--lake", _lake);

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(output, Does.Contain($"\nleft where they are: {key} (lines that are not error records)\n"));
        Assert.That(output, Does.Contain($"\nnot error records at {key}:1\n"));
    }

    internal static string[] LakeObjectsOf(string lake) =>
        [.. new[] { "data", "errors" }.Select(f => Path.Combine(lake, f)).Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))];

    [TestCase(new[] { "replay", "SAMPLE" }, "pipeslake-replay: Option '--lake' is required. (see --help)")]
    [TestCase(new[] { "replay", "SAMPLE", "--lake", "s3:/lake/" }, "pipeslake-replay: 's3:/lake/' is not s3://bucket/prefix: an S3 location starts with s3:// (a file or folder whose name starts with s3: is ./s3:/lake/).")]
    [TestCase(new[] { "replay", "s3:in.ndjson", "--lake", "LAKE" }, "pipeslake-replay: 's3:in.ndjson' is not s3://bucket/key: an S3 location starts with s3:// (a file or folder whose name starts with s3: is ./s3:in.ndjson).")]
    [TestCase(new[] { "query", "select 1", "--lake", "S3:lake" }, "pipeslake-replay: 'S3:lake' is not s3://bucket/prefix: an S3 location starts with s3:// (a file or folder whose name starts with s3: is ./S3:lake).")]
    [TestCase(new[] { "replay", "no-such-file.json", "--lake", "LAKE" }, "pipeslake-replay: cannot read 'no-such-file.json': no such file.")]
    [TestCase(new[] { "replay", "SAMPLE", "--lake", "LAKE", "--batch-records", "0" }, "pipeslake-replay: --batch-records must be positive; got 0.")]
    [TestCase(new[] { "sample", "--count", "5", "--sites", "0" }, "pipeslake-replay: --count must be 0 or more, --sites, --per-second and --records-per-object 1 or more, --malformed-every 0 or more.")]
    public void BadInputOrOption_ExitsTwoWithOneLine(string[] args, string message)
    {
        string[] resolved = args.Select(a => a == "SAMPLE" ? Sample() : a == "LAKE" ? _lake : a).ToArray();

        int code = Main(resolved);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo(message));
    }

    [Test]
    public void Redrive_OfAMissingFolder_ExitsTwoWithOneLine()
    {
        string missing = Path.Combine(Path.GetDirectoryName(_lake)!, "no-such-errors");

        int code = Main(["redrive", missing, "--lake", _lake]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo($"pipeslake-replay: cannot read '{missing}': no such folder."));
    }

    [Test]
    public void Redrive_ThatRan_ExitsZeroEvenWhenRecordsFailAgain()
    {
        Assert.That(Main(["replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]), Is.EqualTo(CommandErrors.InputLeftOut));
        string again = Path.Combine(Path.GetDirectoryName(_lake)!, "again");

        // The sample's two failed records fail again: exit 0, and one error object in the new lake.
        int code = Main(["redrive", Path.Combine(_lake, "errors"), "--lake", again]);

        Assert.That(code, Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(again, "errors"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        Assert.That(Directory.Exists(Path.Combine(again, "data")), Is.False);
    }

    [Test]
    public void Transform_OfARequestWithAByteOrderMark_ExitsZero()
    {
        string request = Path.Combine(Path.GetDirectoryName(_lake)!, "bom.json");
        File.WriteAllBytes(request, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Fixture())]);

        int code = Main(["transform", request]);

        Assert.That(code, Is.Zero);
        Assert.That(_errors.ToString(), Is.Empty);
    }

    [Test]
    public void Transform_WhoseResponseWouldPassSixMegabytes_ExitsTwoWithOneLine()
    {
        // Five records of 1,000,000 bytes that are not JSON: each comes back unchanged. The estimate is
        // 16 + 5 x (200 per record + 2 for "rN" + 1,333,336 of base64) = 6,667,706 bytes.
        string data = Convert.ToBase64String(new byte[1_000_000]);
        string request = Path.Combine(Path.GetDirectoryName(_lake)!, "large.json");
        File.WriteAllText(request, "{\"records\":[" + string.Join(",", Enumerable.Range(0, 5).Select(i => $"{{\"recordId\":\"r{i}\",\"data\":\"{data}\"}}")) + "]}");

        int code = Main(["transform", request]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo(
            "pipeslake-replay: The response for 5 records would be about 6667706 bytes, over the 6291456-byte Lambda response limit. "
            + "Failing the invocation so Firehose retries and then writes the batch under its error prefix; lower the processor's BufferSizeInMBs."));
        Assert.That(_errors.ToString().TrimEnd(), Does.Not.Contain("\n").And.Not.Contain("   at "));
    }

    /// <summary>Runs the tool on a console whose error writer the test reads.</summary>
    private int Main(string[] args) => Program.Run(args, ToolConsole.Of(TextWriter.Null, _errors));

    private static string Fixture() => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "firehose-event.json");

    private static string Sample() => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
}
