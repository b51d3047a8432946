namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>replay … --lake s3://…/</c> and <c>query … --lake s3://…/</c> against s3rver on loopback: the objects a folder
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
    }

    private static string Csv(string sql, string lake)
    {
        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.That(Cli.Run("query", sql, "--lake", lake, "--format", "csv").Code, Is.Zero);
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [TestCase("select siteid, count(*) as n from changes where siteid in ('site-000', 'site-001') and year = 2024 and month = 1 and day = 1 group by 1 order by 1", "siteid,n\r\nsite-000,15\r\nsite-001,7\r\n")]
    [TestCase("select errortype, count(*) as n from errors where year = 2024 and month = 1 and day = 1 group by 1", "errortype,n\r\nprocessing-failed,2\r\n")]
    // site-000's fifteen changes that day are fifteen items, one of them the TTL delete: fourteen current.
    [TestCase("select count(*) as items from changes_current where siteid = 'site-000' and year = 2024 and month = 1 and day = 1", "items\r\n14\r\n")]
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

    [Test]
    public void Replay_IntoAMissingBucket_IsOneLine()
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");

        Assert.That(Cli.Run("replay", sample, "--lake", "s3://no-such-bucket/", "--arrival", "2024-01-01T00:05:00Z"),
            Is.EqualTo((2, "pipeslake-replay: S3 refused a request: The specified bucket does not exist (NoSuchBucket).")));
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
}
