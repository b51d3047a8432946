using System.IO.Compression;
using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>
/// A rerun comes from anywhere: a copy of the input, the same file touched, a re-download, GZIP of the same records,
/// standard input. The lake knows a job by the content it read, so none of them writes a record twice; another
/// arrival or other options for the same content are refused in one line that names the first run's input.
/// </summary>
[NonParallelizable]
public sealed class RerunTests
{
    private const string Arrival = "2024-01-01T00:05:00Z";
    private string _root = null!;
    private string _lake = null!;
    private string _sample = null!;

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-rerun-").FullName;
        _lake = Path.Combine(_root, "lake");
        _sample = Path.Combine(_root, "first", "stream-records.ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(_sample)!);
        File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson"), _sample);
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Replay_OfACopyElsewhere_WritesNothing()
    {
        // No --arrival: the first run takes "now"; the copy is a new path, so only its content can find that run.
        Assert.That(Cli.Run("replay", _sample, "--lake", _lake).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Dictionary<string, (long, DateTime)> before = Objects();
        string copy = Copy(_sample, Path.Combine(_root, "elsewhere", "renamed.ndjson"));

        (int code, string errors) = Cli.Run("replay", copy, "--lake", _lake);

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(errors, Does.Match(@"^pipeslake-replay: this content was written into this lake before, with --arrival \d{4}-\d\d-\d\dT[0-9:.]+Z; reading it again with that arrival to finish that run\.$"));
        Assert.That(Objects(), Is.EqualTo(before), "no object written or rewritten");
        Assert.That(before, Has.Count.EqualTo(4));
    }

    [Test]
    public void Replay_OfTheSameFileTouched_WritesNothing()
    {
        Assert.That(Cli.Run("replay", _sample, "--lake", _lake).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Dictionary<string, (long, DateTime)> before = Objects();
        File.SetLastWriteTimeUtc(_sample, DateTime.UtcNow.AddHours(1));

        Assert.That(Cli.Run("replay", _sample, "--lake", _lake).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(Objects(), Is.EqualTo(before));
    }

    [Test]
    public void Replay_OfTheSameRecordsAsGzip_WritesNothing()
    {
        // The content is what the records are, not how they are stored: a GZIP copy is the same job.
        Assert.That(Cli.Run("replay", _sample, "--lake", _lake, "--arrival", Arrival).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Dictionary<string, (long, DateTime)> before = Objects();
        string compressed = Path.Combine(_root, "elsewhere", "records.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(compressed)!);
        using (var gzip = new GZipStream(File.Create(compressed), CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(_sample));
        }

        (int code, string errors) = Cli.Run("replay", compressed, "--lake", _lake);
        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(errors, Is.EqualTo("pipeslake-replay: this content was written into this lake before, with --arrival 2024-01-01T00:05:00Z; reading it again with that arrival to finish that run."));
        Assert.That(Objects(), Is.EqualTo(before));
    }

    [Test]
    public void Replay_OfACopyWithAnotherArrival_IsRefusedNamingTheFirst()
    {
        Assert.That(Cli.Run("replay", _sample, "--lake", _lake, "--arrival", Arrival).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Dictionary<string, (long, DateTime)> before = Objects();
        string copy = Copy(_sample, Path.Combine(_root, "elsewhere", "copy.ndjson"));

        Assert.That(Cli.Run("replay", copy, "--lake", _lake, "--arrival", "2024-01-02T00:00:00Z"), Is.EqualTo((2,
            "pipeslake-replay: 'copy.ndjson' holds what 'stream-records.ndjson' held, which was already written into this lake with --arrival 2024-01-01T00:05:00Z; rerun with that arrival (or none) to finish it, or use another lake: another arrival would write its records twice.")));
        Assert.That(Cli.Run("replay", copy, "--lake", _lake, "--gzip", "false"), Is.EqualTo((2,
            "pipeslake-replay: 'copy.ndjson' holds what 'stream-records.ndjson' held, which was already written into this lake with --gzip true (now false); rerun with the same options to finish it, or use another lake: other options would write its records twice.")));
        Assert.That(Objects(), Is.EqualTo(before));
    }

    [Test]
    public void Replay_OfTheSameContentOnStandardInput_WritesNothing_AndWithoutItsArrivalSaysWhichToUse()
    {
        Assert.That(Cli.Run("replay", _sample, "--lake", _lake, "--arrival", Arrival).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Dictionary<string, (long, DateTime)> before = Objects();
        byte[] records = File.ReadAllBytes(_sample);

        Assert.That(ToolProcess.Run(["replay", "-", "--lake", _lake], records), Is.EqualTo((2,
            "pipeslake-replay: standard input holds what 'stream-records.ndjson' held, which was already written into this lake with --arrival 2024-01-01T00:05:00Z; standard input is read once: rerun with that --arrival to finish it, or use another lake: another arrival would write its records twice.")));
        Assert.That(ToolProcess.Run(["replay", "-", "--lake", _lake, "--arrival", Arrival], records), Is.EqualTo((CommandErrors.InputLeftOut, string.Empty)));
        Assert.That(Objects(), Is.EqualTo(before));
    }

    [Test]
    public void Replay_OfGzipOnStandardInput_WritesWhatTheFileWrites()
    {
        string fromFile = Path.Combine(_root, "from-file"), fromStdin = Path.Combine(_root, "from-stdin");
        Assert.That(Cli.Run("replay", _sample, "--lake", fromFile, "--arrival", Arrival).Code, Is.EqualTo(CommandErrors.InputLeftOut));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(_sample));
        }

        Assert.That(ToolProcess.Run(["replay", "-", "--lake", fromStdin, "--arrival", Arrival], compressed.ToArray()), Is.EqualTo((CommandErrors.InputLeftOut, string.Empty)));
        Assert.That(Relative(fromStdin), Is.EqualTo(Relative(fromFile)).And.Length.EqualTo(4));

        // Cut short: one line, nothing written.
        string cut = Path.Combine(_root, "cut");
        Assert.That(ToolProcess.Run(["replay", "-", "--lake", cut, "--arrival", Arrival], compressed.ToArray()[..^8]), Is.EqualTo((2,
            "pipeslake-replay: 'standard input' is not a complete GZIP file: its content does not match its trailer.")));
        Assert.That(Directory.Exists(cut), Is.False);
    }

    [Test]
    public void Backfill_OfACopyOfTheExport_WritesNothing_AndOtherOptionsAreRefused()
    {
        string export = WriteExport(Path.Combine(_root, "export"));
        Assert.That(Cli.Run("backfill", export, "--lake", _lake).Code, Is.Zero);
        Dictionary<string, (long, DateTime)> before = Objects();
        string copy = Path.Combine(_root, "downloaded-again", "export");
        foreach (string file in Directory.GetFiles(export, "*", SearchOption.AllDirectories))
        {
            Copy(file, Path.Combine(copy, Path.GetRelativePath(export, file)), keepTime: false);
        }

        Assert.That(Cli.Run("backfill", copy, "--lake", _lake).Code, Is.Zero);
        Assert.That(Objects(), Is.EqualTo(before));
        Assert.That(Cli.Run("backfill", copy, "--lake", _lake, "--gzip", "false"), Is.EqualTo((2,
            $"pipeslake-replay: '{copy}' holds what '{export}' held, which was already written into this lake with --gzip true (now false); rerun with the same options to finish it, or use another lake: other options would write its records twice.")));
    }

    [Test]
    public void Redrive_OfACopyOfTheErrors_WritesNothing()
    {
        string errors = Path.Combine(_root, "errors");
        foreach ((string relative, byte[] bytes) in SampleErrorObjects.Create(6, 20))
        {
            Write(Path.Combine(errors, relative), bytes);
        }

        Assert.That(Cli.Run("redrive", errors, "--lake", _lake).Code, Is.Zero);
        Dictionary<string, (long, DateTime)> before = Objects();
        string copy = Path.Combine(_root, "synced-again", "errors");
        foreach (string file in Directory.GetFiles(errors, "*", SearchOption.AllDirectories))
        {
            Copy(file, Path.Combine(copy, Path.GetRelativePath(errors, file)), keepTime: false);
        }

        Assert.That(Cli.Run("redrive", copy, "--lake", _lake).Code, Is.Zero);
        Assert.That(Objects(), Is.EqualTo(before));
    }

    [Test]
    public void Redrive_IntoAParquetLake_OfALineTheSchemaRefuses_WritesItsConversionErrorOnce()
    {
        // name:double refuses the record's string name: a format-conversion-failed record, dated by the error record's
        // own arrival (2024-01-01), never by the run's clock, so a rerun (a second later, from a copy) finds it.
        string stack = Path.Combine(_root, "stack", "Pulumi.dev.yaml");
        Write(stack, Encoding.UTF8.GetBytes("config:\n  aws:region: eu-west-1\n  pipeslake:format: parquet\n  pipeslake:columns: name:double\n  pipeslake:tables:\n    - name: orders\n"));
        string record = """{"eventId":"e1","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1479499740,"Keys":{"id":{"S":"item-1"}},"NewImage":{"id":{"S":"item-1"},"siteId":{"S":"site-a"},"createdAtTime":{"N":"1704067620000"},"name":{"S":"pump"}},"SequenceNumber":"111","StreamViewType":"NEW_AND_OLD_IMAGES"}}""";
        string errors = Path.Combine(_root, "errors");
        Write(Path.Combine(errors, "orders", "processing-failed", "year=2024", "month=01", "day=01", "a"), Encoding.UTF8.GetBytes(
            $"{{\"attemptsMade\":4,\"arrivalTimestamp\":1704067200000,\"errorCode\":\"Lambda.ProcessingFailedStatus\",\"errorMessage\":\"x\",\"rawData\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(record))}\"}}\n"));

        Assert.That(Cli.Run("redrive", errors, "--lake", _lake, "--stack-file", stack).Code, Is.Zero);
        Dictionary<string, (long, DateTime)> before = Objects();
        Assert.That(before.Keys.Select(key => key[..key.LastIndexOf('/')]), Is.EqualTo(new[] { "errors/orders/format-conversion-failed/year=2024/month=01/day=01" }));
        Thread.Sleep(5);
        string copy = Copy(Path.Combine(errors, "orders", "processing-failed", "year=2024", "month=01", "day=01", "a"), Path.Combine(_root, "copy", "processing-failed", "a"), keepTime: false);

        // The copy lies in no table's folder: --table names it.
        Assert.That(Cli.Run("redrive", Path.GetDirectoryName(Path.GetDirectoryName(copy))!, "--lake", _lake, "--stack-file", stack, "--table", "orders").Code, Is.Zero);
        Assert.That(Objects(), Is.EqualTo(before));
    }

    /// <summary>Every object of the lake (data and errors), with its size and time of last write.</summary>
    private Dictionary<string, (long, DateTime)> Objects() =>
        CommandLineTests.LakeObjectsOf(_lake).ToDictionary(f => Path.GetRelativePath(_lake, f).Replace('\\', '/'), f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));

    private static string[] Relative(string lake) =>
        [.. CommandLineTests.LakeObjectsOf(lake).Select(f => Path.GetRelativePath(lake, f)).Order(StringComparer.Ordinal)];

    private static string Copy(string from, string to, bool keepTime = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
        if (keepTime)
        {
            File.SetLastWriteTimeUtc(to, File.GetLastWriteTimeUtc(from));
        }

        return to;
    }

    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static string WriteExport(string folder)
    {
        foreach ((string relative, byte[] bytes) in SampleExport.Create(items: 200, files: 2))
        {
            Write(Path.Combine(folder, relative), bytes);
        }

        return folder;
    }
}
