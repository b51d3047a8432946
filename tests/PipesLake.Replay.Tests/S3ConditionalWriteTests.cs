using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using S3Location = PipesLake.Replay.Storage.S3Location;

namespace PipesLake.Replay.Tests;

/// <summary>
/// What only a server that enforces S3's rules can show (moto's): the lease and every object write rest on
/// <c>If-None-Match: *</c> and <c>If-Match</c> (S3 User Guide, "Add preconditions to S3 operations with conditional
/// requests"), and the objects keep SSE-KMS with the key and the Bucket Key as <c>HeadObject</c> reads them back. The
/// requests are read from the server's recording, not from the tool's code.
/// </summary>
[NonParallelizable]
public sealed class S3ConditionalWriteTests
{
    private const string Key = "arn:aws:kms:eu-west-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private S3Server _server = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = S3Server.Start();
        _server.ApplyToolEnvironment();
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

    // Each round, two runs of one job start together: exactly one takes the lease; the other is refused in one line.
    [Test]
    public void TwoRunsRacingForAFreeLease_ExactlyOneWins()
    {
        _server.CreateBucket("race");
        for (int round = 0; round < 8; round++)
        {
            string key = RunLease.Key("redrive", $"s3://race/round-{round}");
            using IAmazonS3 first = _server.ToolClient(), second = _server.ToolClient();
            S3Lake[] lakes = [new(first, S3Location.Parse("s3://race/"), kmsKeyId: null), new(second, S3Location.Parse("s3://race/"), kmsKeyId: null)];
            using var start = new Barrier(2);
            var outcomes = new object?[2];
            Parallel.For(0, 2, i =>
            {
                start.SignalAndWait();
                try
                {
                    outcomes[i] = lakes[i].Hold(key);
                }
                catch (ReplayException e)
                {
                    outcomes[i] = e;
                }
            });

            Assert.That(outcomes.OfType<IDisposable>().Count(), Is.EqualTo(1), $"round {round}: one lease");
            Assert.That(outcomes.OfType<ReplayException>().Single().Message, Does.StartWith("another run of this command over this input is writing the lake (host "));
            outcomes.OfType<IDisposable>().Single().Dispose();
            Array.ForEach(lakes, l => l.Dispose());
        }
    }

    // A lease whose connection to the lake closed first (a run torn down on a failure) stops renewing and says why; its
    // renewal timer never ends the process with an exception on its thread (the test host would crash).
    [Test]
    public void ALeaseWhoseConnectionClosedFirst_StopsRenewing_WithoutEndingTheProcess()
    {
        _server.CreateBucket("orphan");
        IAmazonS3 client = _server.ToolClient();
        using var lake = new S3Lake(client, S3Location.Parse("s3://orphan/"), kmsKeyId: null);
        var lease = (S3Lease)lake.Hold(RunLease.Key("replay", "s3://orphan/input"));
        client.Dispose();

        Thread.Sleep(S3Lease.Renewal + TimeSpan.FromSeconds(3));

        Assert.That(lease.ThrowIfLost, Throws.TypeOf<ReplayException>().With.Message.EqualTo(
            $"this run stopped before its next write: the connection to the lake closed before the lease s3://orphan/{RunLease.Key("replay", "s3://orphan/input")} ended; rerun once no other run of it is writing."));
        lease.Dispose();
    }

    // The server refuses what the tool's conditions are there for: a second If-None-Match: * on a taken name, and an
    // If-Match on an ETag that is no longer the object's. With the recording (below) this shows the tool's writes hold.
    [Test]
    public void TheServerRefusesAFailedCondition_With412()
    {
        _server.CreateBucket("conditions");
        using IAmazonS3 s3 = _server.ToolClient();
        string first = Put(s3, "data/a", "one", ifNoneMatch: true).ETag;
        Put(s3, "data/a", "two", ifMatch: first);

        var taken = Assert.Throws<AmazonS3Exception>(() => Put(s3, "data/a", "three", ifNoneMatch: true));
        var stale = Assert.Throws<AmazonS3Exception>(() => Put(s3, "data/a", "four", ifMatch: first));

        Assert.That((taken!.StatusCode, stale!.StatusCode), Is.EqualTo((System.Net.HttpStatusCode.PreconditionFailed, System.Net.HttpStatusCode.PreconditionFailed)));
        Assert.That(System.Text.Encoding.UTF8.GetString(_server.Get("conditions", "data/a")), Is.EqualTo("two"));
    }

    // A replay into the bucket, then a rerun after one object was damaged: every write of the tool's under the lake's
    // prefixes is conditional, the new ones If-None-Match: *, the repair If-Match on the ETag the tool read.
    [Test]
    public void EveryObjectWrite_IsConditional_AndARepair_IsOnTheETagRead()
    {
        _server.CreateBucket("repair");
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        Assert.That(Cli.Run("replay", sample, "--lake", "s3://repair/", "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));
        string damaged = _server.Keys("repair", "data/")[0];
        _server.Put("repair", damaged, "not the object"u8.ToArray());
        string etag = _server.ETags("repair", damaged)[damaged].Split(' ')[0];

        Assert.That(Cli.Run("replay", sample, "--lake", "s3://repair/", "--arrival", "2024-01-01T00:05:00Z").Code, Is.EqualTo(CommandErrors.InputLeftOut));

        (string Method, string Key, string? IfNoneMatch, string? IfMatch)[] writes = [.. ToolWrites("repair")];
        Assert.That(writes.Where(w => w.Key.StartsWith("data/", StringComparison.Ordinal) || w.Key.StartsWith("errors/", StringComparison.Ordinal) || w.Key.EndsWith(".lease", StringComparison.Ordinal)),
            Has.All.Matches<(string Method, string Key, string? IfNoneMatch, string? IfMatch)>(w => w.IfNoneMatch == "*" || w.IfMatch is not null));
        // The first run's write of the name, new; the rerun's, over the damaged copy's ETag as the rerun read it.
        Assert.That(writes.Where(w => w.Key == damaged).Select(w => (w.IfNoneMatch, w.IfMatch)), Is.EqualTo(new (string?, string?)[] { ("*", null), (null, etag) }));
        Assert.That(_server.Get("repair", damaged), Is.Not.EqualTo("not the object"u8.ToArray()));
    }

    // S3 keeps SSE-KMS on each object as it was put: read back with HeadObject, not from the tool's request.
    [Test]
    public void ObjectsWrittenWithAKey_CarrySseKms_ThatKey_AndTheBucketKey()
    {
        _server.CreateBucket("encrypted");
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");

        Assert.That(Cli.Run("replay", sample, "--lake", "s3://encrypted/", "--arrival", "2024-01-01T00:05:00Z", "--kms-key-id", Key).Code, Is.EqualTo(CommandErrors.InputLeftOut));

        using IAmazonS3 s3 = _server.Client();
        string[] objects = [.. _server.Keys("encrypted", "data/").Concat(_server.Keys("encrypted", "errors/"))];
        Assert.That(objects, Has.Length.EqualTo(4));
        foreach (string key in objects)
        {
            GetObjectMetadataResponse head = s3.GetObjectMetadataAsync("encrypted", key).GetAwaiter().GetResult();
            Assert.That((head.ServerSideEncryptionMethod?.Value, head.ServerSideEncryptionKeyManagementServiceKeyId, head.BucketKeyEnabled), Is.EqualTo(("aws:kms", Key, (bool?)true)), key);
        }
    }

    private static PutObjectResponse Put(IAmazonS3 s3, string key, string body, bool ifNoneMatch = false, string? ifMatch = null) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "conditions",
            Key = key,
            ContentBody = body,
            IfNoneMatch = ifNoneMatch ? "*" : null,
            IfMatch = ifMatch,
            UseChunkEncoding = false,
        }).GetAwaiter().GetResult();

    /// <summary>The tool's PUTs into <paramref name="bucket"/>, as the server received them, with their conditions.</summary>
    private IEnumerable<(string Method, string Key, string? IfNoneMatch, string? IfMatch)> ToolWrites(string bucket)
    {
        foreach (JsonElement entry in _server.Recording())
        {
            var url = new Uri(entry.GetProperty("url").GetString()!);
            string path = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
            var headers = entry.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString(), StringComparer.OrdinalIgnoreCase);
            if (entry.GetProperty("method").GetString() == "PUT" && path.StartsWith(bucket + "/", StringComparison.Ordinal)
                && (headers.GetValueOrDefault("Authorization") ?? string.Empty).Contains($"Credential={S3Server.AccessKey}/", StringComparison.Ordinal))
            {
                yield return ("PUT", path[(bucket.Length + 1)..], headers.GetValueOrDefault("If-None-Match"), headers.GetValueOrDefault("If-Match"));
            }
        }
    }
}
