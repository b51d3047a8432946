namespace PipesLake.Replay.Tests;

/// <summary><c>replay … --lake s3://…/</c> against s3rver on loopback: the objects a folder replay writes, in the bucket, once.</summary>
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

    [OneTimeTearDown]
    public void StopServer()
    {
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
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
