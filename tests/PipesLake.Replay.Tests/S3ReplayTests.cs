namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>replay … --lake s3://…/</c> and <c>query … --lake s3://…/</c> against moto's S3 server on loopback: the objects a folder
/// replay writes, in the bucket, once; and the same answers from the bucket as from the folder.
/// </summary>
[NonParallelizable]
public sealed class S3ReplayTests
{
    private S3Server _server = null!;
    private string _root = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = S3Server.Start();
        _server.ApplyToolEnvironment();
        _root = Directory.CreateTempSubdirectory("pipeslake-s3-replay-").FullName;
        _server.CreateBucket("inputs-none");
    }

    private static string Csv(string sql, string lake, params string[] more)
    {
        (int code, string output, _) = Cli.RunWithOutput(["query", sql, "--lake", lake, "--format", "csv", .. more]);
        Assert.That(code, Is.Zero);

        return output;
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

    [TestCase("select siteid, count(*) as n from orders_changes where siteid in ('site-000', 'site-001') and year = 2024 and month = 1 and day = 1 group by 1 order by 1", "siteid,n\r\nsite-000,15\r\nsite-001,7\r\n")]
    [TestCase("select errortype, count(*) as n from orders_errors where year = 2024 and month = 1 and day = 1 group by 1", "errortype,n\r\nprocessing-failed,2\r\n")]
    // site-000's fifteen changes that day are fifteen items, one of them the TTL delete: fourteen current.
    [TestCase("select count(*) as items from orders_changes_current where siteid = 'site-000' and year = 2024 and month = 1 and day = 1", "items\r\n14\r\n")]
    public void Query_OfTheBucket_AnswersAsTheFolder(string sql, string expected)
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        string folder = Path.Combine(_root, "query-lake");
        if (!Directory.Exists(folder))
        {
            _server.CreateBucket("queried");
            Cli.Run("replay", sample, "--lake", folder, "--arrival", "2024-01-01T00:05:00Z");
            Cli.Run("replay", sample, "--lake", "s3://queried/", "--arrival", "2024-01-01T00:05:00Z");
        }

        Assert.That(Csv(sql, "s3://queried/"), Is.EqualTo(expected));
        Assert.That(Csv(sql, folder), Is.EqualTo(expected));
    }

    // A Parquet stack: its objects are read where they are, row group by row group, and answer as the JSON lake's.
    [TestCase("select siteid, count(*) as n from orders_changes where siteid in ('site-000', 'site-001') and year = 2024 and month = 1 and day = 1 group by 1 order by 1", "siteid,n\r\nsite-000,15\r\nsite-001,7\r\n")]
    [TestCase("select count(*) as items from orders_changes_current where siteid = 'site-000' and year = 2024 and month = 1 and day = 1", "items\r\n14\r\n")]
    [TestCase("select json_extract_string(_item, '$.name') as name from orders_changes where siteid = 'site-001' and year = 2024 and month = 1 and day = 1 and id = 'item-13985'", "name\r\nvalve\r\n")]
    public void Query_OfAParquetBucket_AnswersAsTheFolder(string sql, string expected)
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        string stack = Path.Combine(_root, "parquet-stack", "Pulumi.dev.yaml");
        string folder = Path.Combine(_root, "parquet-lake");
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(stack)!);
            File.WriteAllText(stack, File.ReadAllText(Path.Combine(Repository.Root(), "Pulumi.dev.yaml")).Replace("config:\n", "config:\n  pipeslake:format: parquet\n", StringComparison.Ordinal));
            _server.CreateBucket("parquet");
            Cli.Run("replay", sample, "--lake", folder, "--arrival", "2024-01-01T00:05:00Z", "--stack-file", stack);
            Cli.Run("replay", sample, "--lake", "s3://parquet/", "--arrival", "2024-01-01T00:05:00Z", "--stack-file", stack);
        }

        Assert.That(_server.Keys("parquet", "data/"), Has.Length.EqualTo(3).And.All.EndsWith(".parquet"));
        Assert.That(Csv(sql, "s3://parquet/", "--stack-file", stack), Is.EqualTo(expected));
        Assert.That(Csv(sql, folder, "--stack-file", stack), Is.EqualTo(expected));
    }

    [Test]
    public void Replay_IntoAMissingBucket_IsOneLine()
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");

        Assert.That(Cli.Run("replay", sample, "--lake", "s3://no-such-bucket/", "--arrival", "2024-01-01T00:05:00Z"),
            Is.EqualTo((2, $"pipeslake-replay: S3 refused a request at {_server.Endpoint}: The specified bucket does not exist (NoSuchBucket).")));
    }

    [Test]
    public void Replay_IntoTheBucket_WritesTheFolderReplaysObjects_AndARerunNothing()
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        string folder = Path.Combine(_root, "lake");
        _server.CreateBucket("replayed");
        Cli.Run("replay", sample, "--lake", folder, "--arrival", "2024-01-01T00:05:00Z");

        Assert.That(Cli.Run("replay", sample, "--lake", "s3://replayed/", "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));
        string[] keys = [.. _server.Keys("replayed").Where(k => !k.StartsWith(".pipeslake/", StringComparison.Ordinal))];
        Assert.That(Cli.Run("replay", sample, "--lake", "s3://replayed/").Code, Is.EqualTo(CommandErrors.InputLeftOut));

        Assert.That(keys, Is.EqualTo(CommandLineTests.LakeObjectsOf(folder).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)));
        Assert.That(_server.Keys("replayed").Where(k => !k.StartsWith(".pipeslake/", StringComparison.Ordinal)), Is.EqualTo(keys));
        Assert.That(_server.Lines("replayed", "data/"), Is.EqualTo(SampleErrorObjects.Lines(CommandLineTests.LakeObjectsOf(folder).Where(f => f.Contains("/data/", StringComparison.Ordinal)).Select(File.ReadAllBytes))));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Replay_OfAnObjectInTheBucket_WritesWhatTheSameFileWrites(bool gzip)
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        string fromFile = Path.Combine(_root, $"from-file-{gzip}"), fromBucket = Path.Combine(_root, $"from-bucket-{gzip}");
        string key = gzip ? "in/stream-records.ndjson.gz" : "in/stream-records.ndjson";
        _server.CreateBucket($"inputs-{(gzip ? "gzip" : "plain")}");
        _server.Put($"inputs-{(gzip ? "gzip" : "plain")}", key, gzip ? Gzip(File.ReadAllBytes(sample)) : File.ReadAllBytes(sample));

        Assert.That(Cli.Run("replay", sample, "--lake", fromFile, "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(Cli.Run("replay", $"s3://inputs-{(gzip ? "gzip" : "plain")}/{key}", "--lake", fromBucket, "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));

        string[] expected = [.. CommandLineTests.LakeObjectsOf(fromFile).Order(StringComparer.Ordinal)];
        string[] written = [.. CommandLineTests.LakeObjectsOf(fromBucket).Order(StringComparer.Ordinal)];
        Assert.That(written.Select(f => Path.GetRelativePath(fromBucket, f)), Is.EqualTo(expected.Select(f => Path.GetRelativePath(fromFile, f))));
        Assert.That(written.Select(File.ReadAllBytes), Is.EqualTo(expected.Select(File.ReadAllBytes)));
    }

    [Test]
    public void Replay_OfACopyOfTheInputObject_WritesNothingIntoTheBucket()
    {
        // The same records under another key, uploaded again (another ETag, another time): the bucket lake finds the job.
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        _server.CreateBucket("copied-input");
        _server.Put("copied-input", "in/first.ndjson", File.ReadAllBytes(sample));
        _server.Put("copied-input", "in/again/second.ndjson", File.ReadAllBytes(sample));
        Assert.That(Cli.Run("replay", "s3://copied-input/in/first.ndjson", "--lake", "s3://copied-input/lake/").Code, Is.EqualTo(CommandErrors.InputLeftOut));
        Dictionary<string, string> before = _server.ETags("copied-input", "lake/data/").Concat(_server.ETags("copied-input", "lake/errors/")).ToDictionary();

        (int code, string errors) = Cli.Run("replay", "s3://copied-input/in/again/second.ndjson", "--lake", "s3://copied-input/lake/");

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut), errors);
        Assert.That(errors, Does.StartWith("pipeslake-replay: this content was written into this lake before, with --arrival "));
        Assert.That(_server.ETags("copied-input", "lake/data/").Concat(_server.ETags("copied-input", "lake/errors/")).ToDictionary(), Is.EqualTo(before).And.Count.EqualTo(4));
    }

    [Test]
    public void ABucketRunKilled_LeavesItsSortedRuns_ToTheNextRun_WhichRemovesThem()
    {
        // The run keeps its sorted runs in a folder of its own under the machine's temporary folder (TMPDIR keeps this
        // test's apart), made when it starts sorting.
        string input = Path.Combine(_root, "spilling.ndjson");
        using (FileStream records = File.Create(input))
        {
            SampleCommand.Write(new PipesLake.Sampling.SampleGenerator(sites: 8, seed: 4, malformedEvery: 0, perSecond: 1), 40_000, records);
        }

        string temp = Directory.CreateDirectory(Path.Combine(_root, "tmp")).FullName + Path.DirectorySeparatorChar;
        string runs = Path.Combine(temp, "pipeslake-runs");
        _server.CreateBucket("killed-run");
        (string, string)[] environment = [.. _server.ToolEnvironment().Select(e => (e.Key, e.Value)), ("TMPDIR", temp)];
        using (System.Diagnostics.Process run = ToolProcess.Start(["replay", input, "--lake", "s3://killed-run/", "--arrival", "2024-01-01T00:05:00Z"], environment))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30) && !run.HasExited && !(Directory.Exists(runs) && Directory.EnumerateDirectories(runs).Any()))
            {
                Thread.Sleep(20);
            }

            run.Kill();
            run.WaitForExit();
        }

        string[] dead = [.. Directory.GetDirectories(runs)];
        Assert.That(dead, Has.Length.EqualTo(1), "the killed run's folder");

        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        using (System.Diagnostics.Process rerun = ToolProcess.Start(["replay", sample, "--lake", "s3://killed-run/"], environment))
        {
            rerun.WaitForExit();
        }

        Assert.That(Directory.Exists(dead[0]), Is.False, "the next run removed the dead run's folder");
        Assert.That(Directory.EnumerateFileSystemEntries(runs), Is.Empty);
    }

    [Test]
    public void Replay_OfAGzipObjectCutShort_ExitsTwoBeforeWritingAnything()
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        byte[] whole = Gzip(File.ReadAllBytes(sample));
        _server.CreateBucket("cut-input");
        _server.Put("cut-input", "cut.ndjson.gz", whole.AsSpan(0, whole.Length / 2).ToArray());
        string lake = Path.Combine(_root, "cut-input-lake");

        Assert.That(Cli.Run("replay", "s3://cut-input/cut.ndjson.gz", "--lake", lake, "--arrival", "2024-01-01T00:05:00Z"),
            Is.EqualTo((2, "pipeslake-replay: 's3://cut-input/cut.ndjson.gz' is not a complete GZIP file: its content does not match its trailer.")));
        Assert.That(CommandLineTests.LakeObjectsOf(lake), Is.Empty);
    }

    [TestCase("s3://inputs-none/no-such.ndjson", "pipeslake-replay: cannot read 's3://inputs-none/no-such.ndjson': no such object.")]
    [TestCase("s3://inputs-none/in/", "pipeslake-replay: 's3://inputs-none/in/' names no object; pass s3://bucket/key of one file.")]
    public void Replay_OfNoObject_IsOneLine(string input, string expected)
    {
        Assert.That(Cli.Run("replay", input, "--lake", Path.Combine(_root, "unused"), "--arrival", "2024-01-01T00:05:00Z"), Is.EqualTo((2, expected)));
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return compressed.ToArray();
    }
}
