using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace PipesLake.Replay.Tests;

/// <summary>
/// A real S3-compatible server on loopback for the tests: s3rver (npm), which <c>scripts/test.sh</c> installs and
/// names in <c>PIPESLAKE_S3RVER</c>; started on a free port with a fresh folder, stopped with the fixture. It
/// takes the credentials S3RVER/S3RVER and checks request signatures.
/// </summary>
internal sealed class S3Server : IDisposable
{
    public const string AccessKey = "S3RVER";

    private readonly Process _process;
    private readonly string _folder;

    private S3Server(Process process, string folder, string endpoint)
    {
        _process = process;
        _folder = folder;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>Starts s3rver, or marks the test inconclusive where scripts/test.sh has not installed it.</summary>
    public static S3Server Start()
    {
        string? s3rver = Environment.GetEnvironmentVariable("PIPESLAKE_S3RVER");
        if (s3rver is null || !File.Exists(s3rver))
        {
            Assert.Inconclusive("s3rver is not installed: run `bash scripts/test.sh`, which installs and names it in PIPESLAKE_S3RVER.");
        }

        string folder = Directory.CreateTempSubdirectory("pipeslake-s3rver-").FullName;
        int port = FreePort();
        var start = new ProcessStartInfo(s3rver!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "--directory", folder, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            start.ArgumentList.Add(arg);
        }

        var server = new S3Server(Process.Start(start)!, folder, $"http://127.0.0.1:{port}");
        server.WaitUntilListening(port);
        return server;
    }

    /// <summary>A client as the tool makes one for this server.</summary>
    public IAmazonS3 Client() => new AmazonS3Client(new BasicAWSCredentials(AccessKey, AccessKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "eu-west-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>The environment the tool reads: this endpoint and S3RVER's credentials.</summary>
    public Dictionary<string, string> ToolEnvironment() => new()
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = AccessKey,
        ["AWS_REGION"] = "eu-west-1",
    };

    /// <summary>Points the tool, run in this process, at this server.</summary>
    public void ApplyToolEnvironment()
    {
        foreach ((string name, string value) in ToolEnvironment())
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void CreateBucket(string bucket)
    {
        using IAmazonS3 s3 = Client();
        s3.PutBucketAsync(bucket).GetAwaiter().GetResult();
    }

    public void Put(string bucket, string key, byte[] body)
    {
        using IAmazonS3 s3 = Client();
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body), UseChunkEncoding = false }).GetAwaiter().GetResult();
    }

    /// <summary>Every line of every object under a prefix (plain or GZIP, checked whole), sorted.</summary>
    public string[] Lines(string bucket, string prefix) => SampleErrorObjects.Lines(Keys(bucket, prefix).Select(k => Get(bucket, k)));

    /// <summary>Every key under a prefix, in order.</summary>
    public string[] Keys(string bucket, string prefix = "")
    {
        using IAmazonS3 s3 = Client();
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = s3.ListObjectsV2Async(request).GetAwaiter().GetResult();
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return [.. keys.Order(StringComparer.Ordinal)];
    }

    public byte[] Get(string bucket, string key)
    {
        using IAmazonS3 s3 = Client();
        using GetObjectResponse response = s3.GetObjectAsync(bucket, key).GetAwaiter().GetResult();
        using var bytes = new MemoryStream();
        response.ResponseStream.CopyTo(bytes);
        return bytes.ToArray();
    }

    public void Dispose()
    {
        foreach (string name in ToolEnvironment().Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening(int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"s3rver did not listen on port {port} within 20 s.");
    }
}
