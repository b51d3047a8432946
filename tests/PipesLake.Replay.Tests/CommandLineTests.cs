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
    public void Replay_ThatRan_ExitsZero()
    {
        int code = Program.Main(["replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z"]);

        Assert.That(code, Is.Zero);
        Assert.That(Directory.GetFiles(_lake, "*", SearchOption.AllDirectories), Has.Length.EqualTo(4));
    }

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

    private static string Sample() => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
}
