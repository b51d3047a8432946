using System.IO.Compression;
using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>
/// Every error a user can make is one line on stderr and exit code 2 (README, "Local replay"); each case here is
/// one the first operators' trial found printing a stack trace, a .NET type name or nothing at all.
/// </summary>
[NonParallelizable]
public sealed class CommandErrorTests
{
    private string _root = null!;
    private string _lake = null!;

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-errors-").FullName;
        _lake = Path.Combine(_root, "lake");
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [TestCase("--arrival", "yesterday", "pipeslake-replay: --arrival must be a time such as 2024-01-01T00:00:00Z; got 'yesterday'. (see --help)")]
    [TestCase("--batch-bytes", "abc", "pipeslake-replay: --batch-bytes must be a whole number; got 'abc'. (see --help)")]
    [TestCase("--batch-records", "1e3", "pipeslake-replay: --batch-records must be a whole number; got '1e3'. (see --help)")]
    public void AValueOfTheWrongKind_SaysWhatItMustBe(string option, string value, string message) =>
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, option, value), Is.EqualTo((2, message)));

    [Test]
    public void AStackFileNotNamedAfterAStack_IsOneLine()
    {
        string file = Write("dev.yaml", File.ReadAllText(StackFile("dev")));

        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", file),
            Is.EqualTo((2, "pipeslake-replay: --stack-file 'dev.yaml' is not named Pulumi.<stack>.yaml; the stack's name, and so its resources' names, come from the file's name.")));
    }

    [Test]
    public void AFolderWhereAFileBelongs_IsOneLine()
    {
        Assert.That(Cli.Run("replay", _root, "--lake", _lake), Is.EqualTo((2, $"pipeslake-replay: cannot read '{_root}': it is a folder; pass a file of stream records.")));
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", _root), Is.EqualTo((2, $"pipeslake-replay: --stack-file '{_root}' is a folder; pass a Pulumi.<stack>.yaml file.")));
    }

    [Test]
    public void AMisspeltKeyInAStackFile_IsNamedWithTheClosestKnownOne()
    {
        string file = Write("Pulumi.dev.yaml", File.ReadAllText(StackFile("dev")).Replace("pipeslake:bufferSizeMiB", "pipeslake:bufferSizeMib", StringComparison.Ordinal));

        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", file),
            Is.EqualTo((2, "pipeslake-replay: pipeslake:bufferSizeMib in Pulumi.dev.yaml is not a PipesLake setting; did you mean pipeslake:bufferSizeMiB?")));
    }

    [TestCase("  pipeslake:bufferSizeMiB: \"64", "Pulumi.dev.yaml line 6: not valid YAML (while scanning a multi-line double-quoted scalar, found wrong indentation).")]
    [TestCase("  pipeslake:bufferSizeMiB:64", "Pulumi.dev.yaml line 6: not valid YAML (while parsing a block mapping, did not find expected key).")]
    [TestCase("   pipeslake:bufferSizeMiB: 64", "Pulumi.dev.yaml line 6: not valid YAML (while parsing a block mapping, did not find expected key).")]
    [TestCase("  pipeslake:columns:", "Pulumi.dev.yaml line 6: pipeslake:columns has no value.")]
    [TestCase("  pipeslake:columns: [name]", "Pulumi.dev.yaml line 6: pipeslake:columns has a nested value; PipesLake settings are plain values, all but pipeslake:tables, a list of tables.")]
    [TestCase("  pipeslake:logRetentionDays: 7", "Pulumi.dev.yaml line 9: pipeslake:logRetentionDays is set twice.")]
    [TestCase("  pipeslake:tables: orders", "Pulumi.dev.yaml line 17: pipeslake:tables is set twice.")]
    public void BrokenYaml_IsRefusedWithItsLine(string line, string message)
    {
        string[] lines = File.ReadAllLines(StackFile("dev"));
        lines[5] = line;
        string file = Write("Pulumi.dev.yaml", string.Join("\n", lines));

        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", file), Is.EqualTo((2, "pipeslake-replay: " + message)));
    }

    [Test]
    public void SeveralBadSettings_AreOneLineEach()
    {
        string file = Write("Pulumi.dev.yaml", File.ReadAllText(StackFile("dev"))
            .Replace("pipeslake:bufferSizeMiB: \"64\"", "pipeslake:bufferSizeMiB: \"12\"", StringComparison.Ordinal)
            .Replace("pipeslake:bufferIntervalSeconds: \"60\"", "pipeslake:bufferIntervalSeconds: \"5\"", StringComparison.Ordinal));

        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", file), Is.EqualTo((2,
            "pipeslake-replay: pipeslake:bufferSizeMiB must be a whole number from 64 to 128; got '12'.\n" +
            "pipeslake-replay: pipeslake:bufferIntervalSeconds must be a whole number from 60 to 900; got '5'.")));
    }

    [Test]
    public void ASecretOnlyTheDeploymentReads_IsAccepted_AndOneTheToolsNeed_IsNamed()
    {
        // What `pulumi config set --secret pipeslake:alarmEmail ops@example.com` writes.
        string secret = File.ReadAllText(StackFile("dev")) + "  pipeslake:alarmEmail:\n    secure: v1:pWgHt5rxx0Kt7mBo:5GsK5Kz8D0xq3mVn5S0Np1hG0w==\n";
        string file = Write("Pulumi.dev.yaml", secret);
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", file, "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));

        File.WriteAllText(file, secret.Replace("  pipeslake:bufferSizeMiB: \"64\"\n", "  pipeslake:bufferSizeMiB:\n    secure: v1:abc\n", StringComparison.Ordinal));
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--stack-file", file), Is.EqualTo((2,
            "pipeslake-replay: pipeslake:bufferSizeMiB in Pulumi.dev.yaml is a secret, and the tools need its value; set it with `pulumi config set pipeslake:bufferSizeMiB <value>` (without --secret).")));
    }

    [TestCase("", "pipeslake-replay: query needs one SELECT statement; got none.")]
    [TestCase("select 1; select 2", "pipeslake-replay: query runs one SELECT statement at a time; got 2.")]
    [TestCase("copy (select 1) to 'LAKE/data/x.csv'", "pipeslake-replay: query runs one SELECT statement; the lake is read-only.")]
    [TestCase("create table t as select 1", "pipeslake-replay: query runs one SELECT statement; the lake is read-only.")]
    public void QueryTakesOneSelect_AndNeverWrites(string sql, string message)
    {
        Directory.CreateDirectory(_lake);

        Assert.That(Cli.Run("query", sql.Replace("LAKE", _lake, StringComparison.Ordinal), "--lake", _lake), Is.EqualTo((2, message)));
        Assert.That(Directory.Exists(Path.Combine(_lake, "data")), Is.False);
    }

    [Test]
    public void AGzipInput_IsReplayedAsItsRecords()
    {
        string compressed = Path.Combine(_root, "records.ndjson.gz");
        using (var gzip = new GZipStream(File.Create(compressed), CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(Sample()));
        }

        Assert.That(Cli.Run("replay", compressed, "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(Count("orders_changes"), Is.EqualTo("23"));
    }

    [Test]
    public void AGzipInputCutShort_ExitsTwoBeforeWritingAnything()
    {
        string compressed = Path.Combine(_root, "records.ndjson.gz");
        using (var gzip = new GZipStream(File.Create(compressed), CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(Sample()));
        }

        byte[] whole = File.ReadAllBytes(compressed);
        File.WriteAllBytes(compressed, whole[..^8]);

        Assert.That(Cli.Run("replay", compressed, "--lake", _lake), Is.EqualTo((2, $"pipeslake-replay: '{compressed}' is not a complete GZIP file: its content does not match its trailer.")));
        Assert.That(Directory.Exists(_lake), Is.False);
    }

    [TestCase("", "pipeslake-replay: 'INPUT' holds no stream records.")]
    [TestCase("id,name\nitem-1,pump\n", "pipeslake-replay: 'INPUT' holds no stream records: none of its 2 record(s) is a JSON object; is it a JSON array, NDJSON or get-records output?")]
    public void AnEmptyOrWrongFormatInput_ExitsTwo(string content, string message)
    {
        string input = Write("input.txt", content);

        Assert.That(Cli.Run("replay", input, "--lake", _lake), Is.EqualTo((2, message.Replace("INPUT", input, StringComparison.Ordinal))));
    }

    [Test]
    public void Replay_WritesGzip_WhenTheStackCompresses()
    {
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));

        Assert.That(CommandLineTests.LakeObjectsOf(_lake), Has.Length.EqualTo(4).And.All.EndsWith(".gz"));
    }

    [Test]
    public void Query_ReadsAGzipErrorObjectWithoutAGzName()
    {
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));
        string error = Directory.GetFiles(Path.Combine(_lake, "errors"), "*.gz", SearchOption.AllDirectories).Single();
        File.Move(error, error[..^".gz".Length]);

        Assert.That(Count("orders_errors"), Is.EqualTo("2"));
    }

    [Test]
    public void AnotherArrivalForAnInputAlreadyWritten_IsRefused()
    {
        Cli.Run("replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z");

        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--arrival", "2024-01-02T00:00:00Z"), Is.EqualTo((2,
            "pipeslake-replay: 'stream-records.ndjson' was already written into this lake with --arrival 2024-01-01T00:05:00Z; rerun with that arrival (or none) to finish it, or use another lake: another arrival would write its records twice.")));
        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake, "--gzip", "false"), Is.EqualTo((2,
            "pipeslake-replay: 'stream-records.ndjson' was already written into this lake with --gzip true (now false); rerun with the same options to finish it, or use another lake: other options would write its records twice.")));
    }

    [Test]
    public void ARerunWithoutArrival_TakesTheFirstRunsAndWritesNothingTwice()
    {
        Cli.Run("replay", Sample(), "--lake", _lake, "--arrival", "2024-01-01T00:05:00Z");

        Assert.That(Cli.Run("replay", Sample(), "--lake", _lake).Code, Is.EqualTo(CommandErrors.InputLeftOut));

        Assert.That(CommandLineTests.LakeObjectsOf(_lake), Has.Length.EqualTo(4));
        Assert.That(Count("orders_changes"), Is.EqualTo("23"));
    }

    private string Count(string table)
    {
        (int code, string output, _) = Cli.RunWithOutput("query", $"select count(*) from {table}", "--lake", _lake, "--format", "csv", "--ignore-athena-rules");
        Assert.That(code, Is.Zero);

        return output.Split("\r\n")[1];
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static string Sample() => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");

    private static string StackFile(string stack) => Path.Combine(Repository.Root(), $"Pulumi.{stack}.yaml");
}
