using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>backfill s3://…/AWSDynamoDB/&lt;id&gt;/ --lake s3://…/</c> against moto's S3 server on loopback: the export read where
/// DynamoDB wrote it, checked whole first, written into the lake bucket; the same lines as a backfill of the same
/// export from a folder, after interruptions too.
/// </summary>
[NonParallelizable]
public sealed class S3BackfillTests
{
    private const string Prefix = $"AWSDynamoDB/{SampleExport.ExportId}/";
    private S3Server _server = null!;
    private string _root = null!;
    private string[] _expected = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = S3Server.Start();
        _server.ApplyToolEnvironment();
        _server.CreateBucket("exports");
        _root = Directory.CreateTempSubdirectory("pipeslake-s3-backfill-").FullName;
        foreach ((string relative, byte[] bytes) in SampleExport.Create(items: 3_000, files: 3))
        {
            _server.Put("exports", Prefix + relative, bytes);
            string path = Path.Combine(_root, "export", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        string folderLake = Path.Combine(_root, "lake");
        Assert.That(Cli.Run("backfill", Path.Combine(_root, "export"), "--lake", folderLake).Code, Is.Zero);
        _expected = SampleErrorObjects.Lines(CommandLineTests.LakeObjectsOf(folderLake).Select(File.ReadAllBytes));
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        try
        {
            S3Requests.Judge(_server);
        }
        finally
        {
            _server?.Dispose();
        }
        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void Backfill_FromTheExportsBucket_IntoTheLakeBucket_WritesWhatAFolderBackfillWrites()
    {
        _server.CreateBucket("lake-a");

        Assert.That(Cli.Run("backfill", $"s3://exports/{Prefix}", "--lake", "s3://lake-a/"), Is.EqualTo((0, string.Empty)));

        Assert.That(_server.Lines("lake-a", "data/"), Is.EqualTo(_expected).And.Length.EqualTo(3_000));
        Assert.That(_server.Keys("lake-a", ".pipeslake/runs/"), Has.Length.EqualTo(1));
    }

    [Test]
    public void ARerun_WritesNothingTwice()
    {
        _server.CreateBucket("lake-b");
        Cli.Run("backfill", $"s3://exports/{Prefix}", "--lake", "s3://lake-b/");
        string[] keys = _server.Keys("lake-b", "data/");

        Assert.That(Cli.Run("backfill", $"s3://exports/{Prefix}", "--lake", "s3://lake-b/").Code, Is.Zero);

        Assert.That(_server.Keys("lake-b", "data/"), Is.EqualTo(keys));
        Assert.That(_server.Lines("lake-b", "data/"), Is.EqualTo(_expected));
    }

    [Test]
    public void Reconcile_ReadsBothBuckets_AndFindsALostObjectAndAPlantedItem()
    {
        _server.CreateBucket("lake-r");
        Assert.That(Cli.Run("backfill", $"s3://exports/{Prefix}", "--lake", "s3://lake-r/").Code, Is.Zero);
        (int clean, string cleanOutput, _) = Cli.RunWithOutput("reconcile", $"s3://exports/{Prefix}", "--lake", "s3://lake-r/");
        string lost = _server.Keys("lake-r", "data/")[0];
        int lostItems = SampleErrorObjects.Lines([_server.Get("lake-r", lost)]).Length;
        using (Amazon.S3.IAmazonS3 client = _server.Client())
        {
            client.DeleteObjectAsync("lake-r", lost).GetAwaiter().GetResult();
        }

        // An item no export and no stream of the table holds: a backfill line of an export of another table.
        _server.Put("lake-r", "data/orders/siteId=site-9/year=2024/month=01/day=01/hour=00/minute=00/planted",
            Encoding.UTF8.GetBytes("{\"id\":\"ghost\",\"siteId\":\"site-9\",\"createdAtTime\":1704067200000,\"_op\":\"I\",\"_eventId\":\"export-other\",\"_seq\":\"0\",\"_ts\":\"2024-01-01T00:00:00Z\"}\n"));
        string report = Path.Combine(_root, "reconcile.json");

        (int code, string output, string errors) = Cli.RunWithOutput("reconcile", $"s3://exports/{Prefix}", "--lake", "s3://lake-r/", "--report", report);

        Assert.That((clean, code, errors), Is.EqualTo((0, 4, string.Empty)));
        Assert.That(cleanOutput, Does.Match(@"│ items matching +│ +3,000 │"));
        Assert.That(lostItems, Is.GreaterThan(0));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        JsonElement counts = json.RootElement.GetProperty("counts");
        Assert.That((counts.GetProperty("matching").GetInt64(), counts.GetProperty("missing").GetInt64(), counts.GetProperty("notInTable").GetInt64(), counts.GetProperty("stale").GetInt64(), counts.GetProperty("deleteMissed").GetInt64()),
            Is.EqualTo((3_000L - lostItems, (long)lostItems, 1L, 0L, 0L)));
        Assert.That(output, Does.Contain("notInTable: ghost").And.Contain("lake: s3://lake-r/"));
    }

    [TestCase("KILL", 0.3)]
    [TestCase("INT", 0.8)]
    public void CutShortAndRerun_GivesTheUninterruptedLake(string signal, double point)
    {
        string bucket = $"lake-cut-{signal.ToLowerInvariant()}";
        _server.CreateBucket(bucket);
        int objects = CommandLineTests.LakeObjectsOf(Path.Combine(_root, "lake")).Length;

        RunAndCut(bucket, signal, (int)(point * objects));
        Assert.That(Cli.Run("backfill", $"s3://exports/{Prefix}", "--lake", $"s3://{bucket}/").Code, Is.Zero);

        Assert.That(_server.Lines(bucket, "data/"), Is.EqualTo(_expected));
    }

    [Test]
    public void ADamagedDataFileInTheBucket_ExitsTwoBeforeWritingAnything()
    {
        _server.CreateBucket("damaged");
        _server.CreateBucket("lake-d");
        foreach ((string relative, byte[] bytes) in SampleExport.Create(items: 300, files: 1))
        {
            _server.Put("damaged", Prefix + relative, relative.StartsWith("data/", StringComparison.Ordinal) ? bytes[..(bytes.Length / 2)] : bytes);
        }

        (int code, string errors) = Cli.Run("backfill", $"s3://damaged/{Prefix}", "--lake", "s3://lake-d/");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Match(@"^pipeslake-replay: the export's data file 'part-0\.json\.gz' has MD5 \S+, manifest-files\.json says \S+: the file is damaged or incomplete\.$"));
        Assert.That(_server.Keys("lake-d"), Is.Empty);
    }

    private void RunAndCut(string bucket, string signal, int objects)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "pipeslake-replay.dll"), "backfill", $"s3://exports/{Prefix}", "--lake", $"s3://{bucket}/" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in _server.ToolEnvironment())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!process.HasExited && _server.Keys(bucket, "data/").Length < objects)
        {
            Thread.Sleep(5);
        }

        if (!process.HasExited)
        {
            using Process kill = Process.Start("kill", $"-{signal} {process.Id}");
            kill.WaitForExit();
        }

        process.WaitForExit();
    }
}
