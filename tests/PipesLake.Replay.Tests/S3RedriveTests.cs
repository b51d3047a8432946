using System.Diagnostics;

namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>redrive s3://…/errors/ --lake s3://…/</c> against a real S3 server on loopback (moto), through the
/// same AWSSDK.S3 client the tool uses: the runbook in one command, converging after interruptions, never
/// duplicating, with one line and exit 2 for a missing bucket or a wrong key.
/// </summary>
[NonParallelizable]
public sealed class S3RedriveTests
{
    private const int Objects = 40;
    private S3Server _server = null!;
    private string[] _referenceData = null!;
    private string[] _referenceHandled = null!;
    private string[] _referenceErrors = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = S3Server.Start();
        _server.ApplyToolEnvironment();

        Upload("reference");
        (int code, string errors) = Cli.Run("redrive", "s3://reference/errors/", "--lake", "s3://reference/");
        Assert.That((code, errors), Is.EqualTo((0, string.Empty)));
        (_referenceData, _referenceHandled, _referenceErrors) = State("reference");
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
    }

    [Test]
    public void Redrive_WritesTheRecords_MovesEveryHandledObject_AndLeavesTheFailuresUnderErrors()
    {
        string[] originals = [.. SampleErrorObjects.Create(Objects, 30).Select(o => o.Relative)];

        Assert.That(_referenceHandled, Is.EqualTo(originals.Select(r => "errors-handled/" + r).Order(StringComparer.Ordinal)));
        // One record in twenty-five is malformed for the function: those are back under errors/ with their reason.
        Assert.That(_referenceErrors, Has.Length.EqualTo((Objects * 30) / 25));
        Assert.That(_referenceErrors, Has.All.Contains("ProcessingFailed status returned from Lambda function ("));
        Assert.That(_referenceData, Has.Length.EqualTo((Objects * 30) - _referenceErrors.Length));
    }

    [Test]
    public void ASecondRun_WritesNothing_AndLeavesTheStillFailingRecordsWhereTheyAre()
    {
        Upload("again");
        Assert.That(Cli.Run("redrive", "s3://again/errors/", "--lake", "s3://again/").Code, Is.Zero);

        (int code, _) = Cli.Run("redrive", "s3://again/errors/", "--lake", "s3://again/");

        Assert.That(code, Is.EqualTo(CommandErrors.InputLeftOut));
        Assert.That(State("again"), Is.EqualTo((_referenceData, _referenceHandled, _referenceErrors)));
    }

    [TestCase("KILL", 0.0)]
    [TestCase("KILL", 0.4)]
    [TestCase("INT", 0.7)]
    [TestCase("KILL", 0.95)]
    public void CutShortAndRerun_GivesTheUninterruptedBucket(string signal, double point)
    {
        string bucket = $"cut-{signal.ToLowerInvariant()}-{(int)(point * 100)}";
        Upload(bucket);
        int target = (int)(point * Objects);

        RunAndCut(bucket, signal, target);
        RunAndCut(bucket, signal, target + (Objects / 3));
        using (Process last = Start(bucket))
        {
            last.WaitForExit();
            Assert.That(last.ExitCode, Is.AnyOf(0, CommandErrors.InputLeftOut));
        }

        Assert.That(State(bucket), Is.EqualTo((_referenceData, _referenceHandled, _referenceErrors)), $"SIG{signal} after {target} moved objects");
    }

    [Test]
    public void ASecondRunWhileTheFirstWrites_IsRefused_AndTheFirstFinishesTheJob()
    {
        Upload("concurrent");
        using Process first = Start("concurrent");
        var clock = Stopwatch.StartNew();
        while (!first.HasExited && _server.Keys("concurrent", "errors-handled/").Length < Objects / 4 && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            Thread.Sleep(5);
        }

        // Stopped mid-run, as a slow run would be: alive, its lease in the bucket, more to do.
        Assert.That(first.HasExited, Is.False, "the first run ended before the second could start");
        Signal(first, "STOP");
        string[] leases;
        (int Code, string Errors) second;
        try
        {
            leases = _server.Keys("concurrent", ".pipeslake/runs/");
            second = Cli.Run("redrive", "s3://concurrent/errors/", "--lake", "s3://concurrent/");
        }
        finally
        {
            Signal(first, "CONT");
        }

        first.WaitForExit();
        Assert.That(leases, Is.EqualTo(new[] { RunLease.Key("redrive", "s3://concurrent/") }));
        Assert.That(leases[0], Does.Match(@"^\.pipeslake/runs/redrive-[0-9a-f]{16}\.lease$"));
        Assert.That(second.Code, Is.EqualTo(CommandErrors.UsageError));
        Assert.That(second.Errors, Does.StartWith($"pipeslake-replay: another run of this command over this input is writing the lake (host {Environment.MachineName}, process {first.Id}, since "));
        Assert.That(second.Errors, Does.EndWith($"; lease s3://concurrent/{leases[0]}); wait for it to end, or rerun once it has: two runs at once would do the same writes twice."));
        Assert.That(first.ExitCode, Is.Zero);
        Assert.That(State("concurrent"), Is.EqualTo((_referenceData, _referenceHandled, _referenceErrors)));
        Assert.That(_server.Keys("concurrent", ".pipeslake/runs/"), Is.Empty, "the first run ended its lease");
    }

    [TestCase(0, CommandErrors.UsageError)]
    [TestCase(3, 0)]
    public void ALeaseHeldOnAnotherMachine_StandsUntilNotRenewedForTwoMinutes(int minutesSinceRenewed, int expected)
    {
        string bucket = $"lease-{minutesSinceRenewed}";
        Upload(bucket);
        DateTimeOffset renewed = DateTimeOffset.UtcNow.AddMinutes(-minutesSinceRenewed);
        string key = RunLease.Key("redrive", $"s3://{bucket}/");
        string stamp = renewed.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        _server.Put(bucket, key, System.Text.Encoding.UTF8.GetBytes($$"""{"host":"elsewhere","pid":4242,"run":"0123","started":"2026-01-01T00:00:00Z","renewed":"{{stamp}}"}"""));

        (int code, string errors) = Cli.Run("redrive", $"s3://{bucket}/errors/", "--lake", $"s3://{bucket}/");

        Assert.That(code, Is.EqualTo(expected));
        if (expected == CommandErrors.UsageError)
        {
            Assert.That(errors, Is.EqualTo($"pipeslake-replay: another run of this command over this input is writing the lake (host elsewhere, process 4242, since 2026-01-01T00:00:00Z, renewed {stamp}; lease s3://{bucket}/{key}); wait for it to end, or rerun once it has: two runs at once would do the same writes twice."));
            Assert.That(_server.Keys(bucket, "data/"), Is.Empty);
            Assert.That(_server.Keys(bucket, ".pipeslake/"), Is.EqualTo(new[] { key }), "nothing written but the other run's lease");
        }
        else
        {
            Assert.That(State(bucket), Is.EqualTo((_referenceData, _referenceHandled, _referenceErrors)));
            // The lease taken over and ended; the batches' markers stay, for any later run.
            Assert.That(_server.Keys(bucket, ".pipeslake/runs/"), Is.Empty);
            Assert.That(_server.Keys(bucket, ".pipeslake/redrive/"), Has.All.Match(@"^\.pipeslake/redrive/[0-9a-f]{32}\.done$").And.Not.Empty);
        }
    }

    [Test]
    public void AnObjectThatChangesBetweenListAndRead_IsRedrivenAsRead_AndOneThatGoes_IsLeftToItsMover()
    {
        Upload("changing");
        (string relative, byte[] bytes)[] objects = [.. SampleErrorObjects.Create(Objects, 30)];
        using Amazon.S3.IAmazonS3 client = _server.ToolClient();
        var lake = new S3Lake(client, S3Location.Parse("s3://changing/"), kmsKeyId: null);
        var source = new S3ErrorObjects(lake, S3Location.Parse("s3://changing/errors/"));
        using IEnumerator<ErrorObject> listed = source.List().GetEnumerator();
        Assert.That(listed.MoveNext(), Is.True);
        ErrorObject first = listed.Current;
        Assert.That(listed.MoveNext(), Is.True);
        ErrorObject second = listed.Current;

        // After the listing: the first object is rewritten with the second's records, the second is taken away.
        _server.Put("changing", "errors/" + first.Relative, objects[1].bytes);
        using (Amazon.S3.IAmazonS3 other = _server.Client())
        {
            other.DeleteObjectAsync("changing", "errors/" + second.Relative).GetAwaiter().GetResult();
        }

        using Stream read = first.Open();
        Assert.That(SampleErrorObjects.Lines([ReadAll(read)]), Is.EqualTo(SampleErrorObjects.Lines([objects[1].bytes])));
        Assert.That(() => second.Open(), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo("s3://changing/errors/" + second.Relative + " was moved by another run after it was listed"));
        source.Done(first, handled: true);
        Assert.That(_server.Lines("changing", "errors-handled/"), Is.EqualTo(SampleErrorObjects.Lines([objects[1].bytes])));
    }

    // A move cut short between its copy and its delete: the copy is under errors-handled/, the original still under
    // errors/. The rerun's copy is refused (If-None-Match), it reads the copy there to compare it and deletes the
    // original: the move is finished, with requests the operator policy allows (GetObject on errors-handled/).
    [Test]
    public void AMoveCutBetweenItsCopyAndItsDelete_IsFinishedByTheRerun_AsTheOperator()
    {
        Upload("cut-move");
        (string relative, byte[] bytes) = SampleErrorObjects.Create(Objects, 30).First();
        _server.Put("cut-move", "errors-handled/" + relative, bytes);

        Assert.That(Cli.Run("redrive", "s3://cut-move/errors/", "--lake", "s3://cut-move/"), Is.EqualTo((0, string.Empty)));

        Assert.That(State("cut-move"), Is.EqualTo((_referenceData, _referenceHandled, _referenceErrors)));
        Assert.That(_server.Keys("cut-move", "errors/" + relative), Is.Empty, "the original, deleted once the copy was found whole");
        Assert.That(S3Requests.DeniedToTheOperator(_server), Is.Empty);
    }

    [Test]
    public void AMissingBucket_IsOneLine() =>
        Assert.That(Cli.Run("redrive", "s3://no-such-bucket/errors/", "--lake", "s3://no-such-bucket/"),
            Is.EqualTo((2, $"pipeslake-replay: S3 refused a request at {_server.Endpoint}: The specified bucket does not exist (NoSuchBucket).")));

    [Test]
    public void AWrongKey_IsOneLine()
    {
        // A server that checks credentials, as S3 does; the tool in a process of its own: the SDK keeps the credentials
        // it resolved for the life of a process.
        using S3Server checking = S3Server.Start(authenticate: true);
        using Process run = Start("reference", [.. checking.ToolEnvironment().Select(e => (e.Key, e.Value)), ("AWS_ACCESS_KEY_ID", "WRONGKEY")]);
        string errors = run.StandardError.ReadToEnd().TrimEnd();
        run.WaitForExit();

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(errors, Is.EqualTo($"pipeslake-replay: S3 at {checking.Endpoint} refused the credentials: The AWS Access Key Id you provided does not exist in our records (InvalidAccessKeyId); check the profile or the AWS_* variables."));
    }

    [Test]
    public void ErrorsOutsideTheLakesErrors_AreRefused() =>
        Assert.That(Cli.Run("redrive", "s3://reference/data/", "--lake", "s3://reference/"),
            Is.EqualTo((2, "pipeslake-replay: s3://reference/data/ is not under the lake's s3://reference/errors/: redrive moves handled objects from there to errors-handled/.")));

    [Test]
    public void ABucketAndAFolder_AreRefused() =>
        Assert.That(Cli.Run("redrive", "s3://reference/errors/", "--lake", Path.GetTempPath()).Errors,
            Does.StartWith("pipeslake-replay: redrive takes errors and --lake both as s3:// or both as folders"));

    private static byte[] ReadAll(Stream stream)
    {
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private void Upload(string bucket)
    {
        _server.CreateBucket(bucket);
        foreach ((string relative, byte[] bytes) in SampleErrorObjects.Create(Objects, 30))
        {
            _server.Put(bucket, "errors/" + relative, bytes);
        }
    }

    /// <summary>The lines under data/, the keys under errors-handled/, the lines left under errors/.</summary>
    private (string[] Data, string[] Handled, string[] Errors) State(string bucket) =>
        (_server.Lines(bucket, "data/"), _server.Keys(bucket, "errors-handled/"), _server.Lines(bucket, "errors/"));

    private void RunAndCut(string bucket, string signal, int moved)
    {
        using Process process = Start(bucket);
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && (moved == 0 ? clock.ElapsedMilliseconds < 300 : _server.Keys(bucket, "errors-handled/").Length < moved))
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

    private static void Signal(Process process, string signal)
    {
        using Process kill = Process.Start("kill", $"-{signal} {process.Id}");
        kill.WaitForExit();
    }

    private Process Start(string bucket, params (string Name, string Value)[] overrides)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "pipeslake-replay.dll"), "redrive", $"s3://{bucket}/errors/", "--lake", $"s3://{bucket}/" })
        {
            start.ArgumentList.Add(arg);
        }

        // In order: an override (a later entry) wins.
        foreach ((string name, string value) in _server.ToolEnvironment().Select(e => (e.Key, e.Value)).Concat(overrides))
        {
            start.Environment[name] = value;
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        if (overrides.Length == 0)
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
        }

        return process;
    }
}
