using System.Diagnostics;
using PipesLake.Sampling;

namespace PipesLake.Replay.Tests;

/// <summary>
/// When S3 cannot be reached or refuses the run, the command prints one line naming the endpoint and what failed,
/// and exits 2: a refused connection, a name that does not resolve, an endpoint that is no S3, a server that goes
/// away mid-run, a response cut off, credentials refused, requests still throttled after the SDK's retries.
/// </summary>
[NonParallelizable]
public sealed class S3FailureTests
{
    private string _root = null!;
    private string _sample = null!;

    [OneTimeSetUp]
    public void CreateRoot()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-s3-failures-").FullName;
        _sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
    }

    [OneTimeTearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ARefusedConnection_IsOneLineNamingTheEndpoint()
    {
        int port = ClosedPort();

        Assert.That(ToolProcess.Run(["replay", _sample, "--lake", "s3://lake-bucket/", "--endpoint-url", $"http://127.0.0.1:{port}"], [], Credentials()), Is.EqualTo((2,
            $"pipeslake-replay: cannot reach S3 at http://127.0.0.1:{port}: Connection refused (127.0.0.1:{port}).")));
    }

    [Test]
    public void ANameThatDoesNotResolve_IsOneLineNamingTheEndpoint()
    {
        // .invalid never resolves (RFC 2606).
        (int code, string errors) = ToolProcess.Run(["backfill", "s3://exports-bucket/AWSDynamoDB/01700000000000-abcdef12/", "--lake", "s3://lake-bucket/", "--endpoint-url", "http://no-such-host.invalid:9000"], [], Credentials());

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.StartWith("pipeslake-replay: cannot reach S3 at http://no-such-host.invalid:9000: ").And.EndWith("(no-such-host.invalid:9000).").And.Not.Contains("\n"));
    }

    [Test]
    public void AQueryOfAnUnreachableBucket_ExitsTwo_EvenForSelectOne()
    {
        int port = ClosedPort();

        Assert.That(ToolProcess.Run(["query", "select 1", "--lake", "s3://lake-bucket/", "--endpoint-url", $"http://127.0.0.1:{port}"], [], Credentials()), Is.EqualTo((2,
            $"pipeslake-replay: cannot reach S3 at http://127.0.0.1:{port}: Connection refused (127.0.0.1:{port}).")));
    }

    [Test]
    public void AQueryOfABucketThatHoldsNoLake_IsOneLine()
    {
        using S3Server server = S3Server.Start();
        server.CreateBucket("not-a-lake");
        server.Put("not-a-lake", "something/else.txt", [1]);

        Assert.That(ToolProcess.Run(["query", "select 1", "--lake", "s3://not-a-lake/"], [], server.ToolEnvironment().Select(e => (e.Key, e.Value))), Is.EqualTo((2,
            "pipeslake-replay: s3://not-a-lake/ is not a lake: nothing is under data/, errors/, errors-handled/, .pipeslake/ there; pass the lake bucket (and prefix) the stack delivers to.")));
    }

    [Test]
    public void RequestsStillThrottledAfterRetries_AreOneLine()
    {
        using var throttling = new FaultServer(FaultServer.Fault.SlowDown);

        (int code, string errors) = ToolProcess.Run(["replay", _sample, "--lake", "s3://lake-bucket/", "--endpoint-url", throttling.Endpoint, "--arrival", "2024-01-01T00:05:00Z"], [], Credentials());

        Assert.That((code, errors), Is.EqualTo((2,
            $"pipeslake-replay: S3 at {throttling.Endpoint} throttled this run's requests, still after the SDK's retries: Please reduce your request rate (SlowDown); rerun later, or with fewer runs at once.")));
        Assert.That(throttling.Requests, Is.GreaterThan(1), "the SDK retried before giving up");
    }

    [Test]
    public void AResponseCutOff_IsOneLineNamingTheEndpoint()
    {
        using var cutting = new FaultServer(FaultServer.Fault.CutOff);

        (int code, string errors) = ToolProcess.Run(["replay", "s3://inputs/records.ndjson", "--lake", Path.Combine(_root, "cut-lake"), "--endpoint-url", cutting.Endpoint], [], Credentials());

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.StartWith($"pipeslake-replay: cannot reach S3 at {cutting.Endpoint}: ").And.Not.Contains("\n"));
    }

    [Test]
    public void AServerThatGoesAwayMidRun_IsOneLine_AndNothingHidesTheCause()
    {
        // Enough partitions that writing them takes a while: the server is killed once the first objects are in.
        string input = Path.Combine(_root, "many.ndjson");
        using (FileStream records = File.Create(input))
        {
            SampleCommand.Write(new SampleGenerator(sites: 16, seed: 11, malformedEvery: 0, perSecond: 1), 30_000, records);
        }

        using S3Server server = S3Server.Start();
        server.CreateBucket("goes-away");
        using Process run = ToolProcess.Start(["replay", input, "--lake", "s3://goes-away/", "--arrival", "2024-01-01T00:05:00Z"], server.ToolEnvironment().Select(e => (e.Key, e.Value)), readErrors: true);
        Task<string> errors = run.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!run.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60) && server.Keys("goes-away", "data/").Length < 20)
        {
            Thread.Sleep(50);
        }

        Assert.That(run.HasExited, Is.False, "the run was still writing when its server went away");
        server.Kill();
        run.WaitForExit();

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(errors.GetAwaiter().GetResult().TrimEnd(), Does.Match($@"^pipeslake-replay: cannot reach S3 at {server.Endpoint.Replace(".", "\\.", StringComparison.Ordinal)}: [^\n]+\.$"));
    }

    private static (string, string)[] Credentials() => [("AWS_ACCESS_KEY_ID", "pipeslake-tests"), ("AWS_SECRET_ACCESS_KEY", "pipeslake-tests"), ("AWS_REGION", "eu-west-1")];

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
