namespace PipesLake.Replay.Tests;

/// <summary>One run at a time of one job in a lake folder: a lock the operating system holds for the running process.</summary>
public sealed class RunLeaseTests
{
    private string _root = null!;

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-lease-").FullName;
        foreach ((string relative, byte[] bytes) in SampleErrorObjects.Create(4, 10))
        {
            string path = Path.Combine(_root, "errors", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ASecondRunOfTheSameJob_IsRefusedWhileTheFirstHoldsIt_AndRunsOnceItEnds()
    {
        string errors = Path.Combine(_root, "errors"), lake = Path.Combine(_root, "lake");
        string lease = Path.Combine(lake, ".pipeslake", "runs", Path.GetFileName(RunLease.Key("redrive", lake)));
        (int, string) refused;
        using (var first = new LakeFolder(lake))
        using (first.Hold(RunLease.Key("redrive", lake)))
        {
            refused = Cli.Run("redrive", errors, "--lake", lake);
        }

        Assert.That(refused, Is.EqualTo((2, $"pipeslake-replay: another run of this command over this input is writing the lake (a process on this machine; lease {lease}); wait for it to end, or rerun once it has: two runs at once would do the same writes twice.")));
        Assert.That(Directory.Exists(Path.Combine(lake, "data")), Is.False);
        Assert.That(Cli.Run("redrive", errors, "--lake", lake).Code, Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(lake, "data"), "*", SearchOption.AllDirectories), Is.Not.Empty);
    }

    [Test]
    public void AnotherJobInTheSameLake_IsNotHeldUp()
    {
        string errors = Path.Combine(_root, "errors"), lake = Path.Combine(_root, "lake");
        using var first = new LakeFolder(lake);
        using IDisposable held = first.Hold(RunLease.Key("replay", "0123456789abcdef"));

        Assert.That(Cli.Run("redrive", errors, "--lake", lake).Code, Is.Zero);
    }

    [Test]
    public void ARedriveOfACopyOfTheErrors_IsTheSameJob()
    {
        // Redrive is one job per lake: a copy of the errors (or an overlapping folder) would move the same objects.
        string errors = Path.Combine(_root, "errors"), lake = Path.Combine(_root, "lake");
        using var first = new LakeFolder(lake);
        using IDisposable held = first.Hold(RunLease.Key("redrive", lake));

        Assert.That(Cli.Run("redrive", Path.Combine(errors, "processing-failed"), "--lake", lake).Code, Is.EqualTo(CommandErrors.UsageError));
    }

    [TestCase("redrive", "/tmp/errors", ".pipeslake/runs/redrive-")]
    [TestCase("replay", "s3://b/in.ndjson", ".pipeslake/runs/replay-")]
    public void AJobsLease_IsNamedByCommandAndInput(string command, string input, string start)
    {
        string key = RunLease.Key(command, input);

        Assert.That(key, Does.StartWith(start).And.EndWith(".lease").And.Length.EqualTo(start.Length + 16 + ".lease".Length));
        Assert.That(RunLease.Key(command, input + "x"), Is.Not.EqualTo(key));
    }
}
