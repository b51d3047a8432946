namespace PipesLake.Replay.Tests;

[NonParallelizable]
public sealed class CommandLineTests
{
    private string _lake = null!;
    private StringWriter _errors = null!;
    private TextWriter _originalError = null!;

    [SetUp]
    public void Capture()
    {
        _lake = Path.Combine(Directory.CreateTempSubdirectory("pipeslake-cli-").FullName, "lake");
        _errors = new StringWriter();
        _originalError = Console.Error;
        Console.SetError(_errors);
    }

    [TearDown]
    public void Restore()
    {
        Console.SetError(_originalError);
        _errors.Dispose();
        Directory.Delete(Path.GetDirectoryName(_lake)!, recursive: true);
    }

    [Test]
    public void Replay_ThatRanButSkippedAMalformedLine_ExitsThree()
    {
        int code = Program.Main(["replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]);

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(LakeObjectsOf(_lake), Has.Length.EqualTo(4));
    }

    [Test]
    public void Replay_OfWellFormedRecords_ExitsZero()
    {
        string input = Path.Combine(Path.GetDirectoryName(_lake)!, "good.ndjson");
        // Line 21 of the sample is its malformed one (README).
        File.WriteAllLines(input, File.ReadAllLines(Sample()).Where((_, index) => index != 20));

        Assert.That(Program.Main(["replay", input, "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]), Is.Zero);
    }

    internal static string[] LakeObjectsOf(string lake) =>
        [.. new[] { "data", "errors" }.Select(f => Path.Combine(lake, f)).Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))];

    [TestCase(new[] { "replay", "SAMPLE" }, "pipeslake-replay: Option '--lake' is required. (see --help)")]
    [TestCase(new[] { "replay", "no-such-file.json", "--lake", "LAKE" }, "pipeslake-replay: cannot read 'no-such-file.json': no such file.")]
    [TestCase(new[] { "replay", "SAMPLE", "--lake", "LAKE", "--batch-records", "0" }, "pipeslake-replay: --batch-records must be positive; got 0.")]
    [TestCase(new[] { "sample", "--count", "5", "--sites", "0" }, "pipeslake-replay: --count must be 0 or more, --sites and --per-second 1 or more, --malformed-every 0 or more.")]
    public void BadInputOrOption_ExitsTwoWithOneLine(string[] args, string message)
    {
        string[] resolved = args.Select(a => a == "SAMPLE" ? Sample() : a == "LAKE" ? _lake : a).ToArray();

        int code = Program.Main(resolved);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo(message));
    }

    [Test]
    public void Redrive_OfAMissingFolder_ExitsTwoWithOneLine()
    {
        string missing = Path.Combine(Path.GetDirectoryName(_lake)!, "no-such-errors");

        int code = Program.Main(["redrive", missing, "--lake", _lake]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo($"pipeslake-replay: cannot read '{missing}': no such folder."));
    }

    [Test]
    public void Redrive_ThatRan_ExitsZeroEvenWhenRecordsFailAgain()
    {
        Assert.That(Program.Main(["replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]), Is.EqualTo(CommandErrors.InputLeftOut));
        string again = Path.Combine(Path.GetDirectoryName(_lake)!, "again");

        // The sample's two failed records fail again: exit 0, and one error object in the new lake.
        int code = Program.Main(["redrive", Path.Combine(_lake, "errors"), "--lake", again]);

        Assert.That(code, Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(again, "errors"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        Assert.That(Directory.Exists(Path.Combine(again, "data")), Is.False);
    }

    [Test]
    public void Transform_OfARequestWithAByteOrderMark_ExitsZero()
    {
        string request = Path.Combine(Path.GetDirectoryName(_lake)!, "bom.json");
        File.WriteAllBytes(request, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Fixture())]);

        int code = Program.Main(["transform", request]);

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

        int code = Program.Main(["transform", request]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_errors.ToString().TrimEnd(), Is.EqualTo(
            "pipeslake-replay: The response for 5 records would be about 6667706 bytes, over the 6291456-byte Lambda response limit. "
            + "Failing the invocation so Firehose retries and then writes the batch under its error prefix; lower the processor's BufferSizeInMBs."));
        Assert.That(_errors.ToString().TrimEnd(), Does.Not.Contain("\n").And.Not.Contain("   at "));
    }

    private static string Fixture() => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "firehose-event.json");

    private static string Sample() => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
}
