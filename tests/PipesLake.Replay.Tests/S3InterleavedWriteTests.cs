using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using S3Location = PipesLake.Replay.Storage.S3Location;

namespace PipesLake.Replay.Tests;

/// <summary>
/// Another writer between the tool's read and its write, on a server that enforces S3's conditions (moto): the write
/// of the other lands on the server just before the tool's request does, so only the condition the tool sends can
/// keep it from being overwritten. The other writer is the harness, writing with its own credentials.
/// </summary>
[NonParallelizable]
public sealed class S3InterleavedWriteTests
{
    private static readonly byte[] s_ours = Encoding.UTF8.GetBytes("{\"line\":\"ours\"}\n");
    private static readonly byte[] s_theirs = Encoding.UTF8.GetBytes("{\"line\":\"theirs\"}\n");
    private S3Server _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = S3Server.Start();

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

    // A new object: the tool found no object, another wrote one, the tool's If-None-Match: * is refused (412); the run
    // stops in one line and the other's object stands. Had the other written these very bytes, the object is the same.
    [TestCase("theirs", "changed")]
    [TestCase("ours", "already there")]
    public void AnObjectWrittenBetweenTheChecksAndTheWrite_IsNotOverwritten(string other, string outcome)
    {
        string bucket = $"new-{other}";
        _server.CreateBucket(bucket);
        const string Key = "data/orders/siteId=s1/year=2024/month=01/day=01/hour=00/minute=05/object";
        byte[] written = other == "ours" ? s_ours : s_theirs;
        using IAmazonS3 s3 = _server.ToolClient(new InterveningWriter(_server, bucket, Key, replaces: null, written));
        using var lake = new S3Lake(s3, S3Location.Parse($"s3://{bucket}/"), kmsKeyId: null);

        if (outcome == "changed")
        {
            Assert.That(() => lake.Put(Key, new MemoryStream(s_ours), gzip: false), Throws.TypeOf<ReplayException>().With.Message.EqualTo(
                $"s3://{bucket}/{Key} changed while this run wrote it; rerun to check it again."));
        }
        else
        {
            Assert.That(lake.Put(Key, new MemoryStream(s_ours), gzip: false).Outcome, Is.EqualTo(LakeWrite.AlreadyThere));
        }

        Assert.That(_server.Get(bucket, Key), Is.EqualTo(written));
    }

    // A repair: the tool read a damaged copy, another replaced it before the tool's write; the tool's If-Match on the
    // damaged copy's ETag is refused, and the other's object stands.
    [Test]
    public void ACopyReplacedBetweenTheRepairsReadAndItsWrite_IsNotOverwritten()
    {
        _server.CreateBucket("repair");
        const string Key = "data/orders/siteId=s1/year=2024/month=01/day=01/hour=00/minute=05/object";
        _server.Put("repair", Key, "damaged"u8.ToArray());
        string damaged = _server.ETags("repair", Key)[Key].Split(' ')[0];
        using IAmazonS3 s3 = _server.ToolClient(new InterveningWriter(_server, "repair", Key, damaged, s_theirs));
        using var lake = new S3Lake(s3, S3Location.Parse("s3://repair/"), kmsKeyId: null);

        Assert.That(() => lake.Put(Key, new MemoryStream(s_ours), gzip: false), Throws.TypeOf<ReplayException>().With.Message.EqualTo(
            $"s3://repair/{Key} changed while this run wrote it; rerun to check it again."));
        Assert.That(_server.Get("repair", Key), Is.EqualTo(s_theirs));
    }

    // A lease that looked abandoned (not renewed for ten minutes) to a run about to take it over, renewed by its holder
    // between that run's read and its write: the takeover's If-Match is on the ETag before the renewal, so it is
    // refused, and the run is refused in one line naming the holder.
    [Test]
    public void ATakeoverOfALeaseRenewedMeanwhile_Fails()
    {
        _server.CreateBucket("takeover");
        string key = RunLease.Key("replay", "s3://takeover/input");
        string Holder(DateTimeOffset renewed) =>
            $$"""{"host":"elsewhere","pid":4242,"run":"0123","started":"2026-01-01T00:00:00Z","renewed":"{{renewed.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";
        _server.Put("takeover", key, Encoding.UTF8.GetBytes(Holder(DateTimeOffset.UtcNow.AddMinutes(-10))));
        string stale = _server.ETags("takeover", key)[key].Split(' ')[0];
        byte[] renewal = Encoding.UTF8.GetBytes(Holder(DateTimeOffset.UtcNow));
        using IAmazonS3 s3 = _server.ToolClient(new InterveningWriter(_server, "takeover", key, stale, renewal));
        using var lake = new S3Lake(s3, S3Location.Parse("s3://takeover/"), kmsKeyId: null);

        Assert.That(() => lake.Hold(key), Throws.TypeOf<ReplayException>().With.Message.StartsWith(
            "another run of this command over this input is writing the lake (host elsewhere, process 4242, since "));
        Assert.That(_server.Get("takeover", key), Is.EqualTo(renewal));
    }

    /// <summary>The tool's HTTP: before the tool's first PUT of <paramref name="key"/>, the other writer's PUT lands.</summary>
    private sealed class InterveningWriter(S3Server server, string bucket, string key, string? replaces, byte[] body) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Intervening(this) { InnerHandler = new HttpClientHandler() });

        private int _done;

        private void WriteFirst(HttpRequestMessage request)
        {
            string path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
            if (request.Method == HttpMethod.Put && path == $"/{bucket}/{key}" && Interlocked.Exchange(ref _done, 1) == 0)
            {
                using IAmazonS3 other = server.Client();
                other.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body), IfMatch = replaces }).GetAwaiter().GetResult();
            }
        }

        private sealed class Intervening(InterveningWriter writer) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                writer.WriteFirst(request);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
