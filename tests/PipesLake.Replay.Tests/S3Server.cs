using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace PipesLake.Replay.Tests;

/// <summary>
/// A real S3 server on loopback for the tests: moto's server (<c>python3 -m moto.server</c>, from <c>moto[server]</c>,
/// which <c>scripts/test.sh</c> installs where it is missing), started on a free port, stopped with the fixture. Unlike
/// s3rver it enforces S3's conditional writes (<c>If-None-Match: *</c>, <c>If-Match</c>: 412 when they fail) and keeps
/// SSE-KMS (the key and the Bucket Key) on each object, so the tests see what S3 itself does with the tool's requests.
/// It takes any credentials. It records every request (moto's recorder), so a suite can judge each of the tool's
/// against the operator policy (<see cref="S3Requests"/>): the tool signs with <see cref="AccessKey"/>, the harness with
/// <see cref="HarnessKey"/>.
/// </summary>
internal sealed class S3Server : IDisposable
{
    /// <summary>The tool's credentials: its requests are the ones judged.</summary>
    public const string AccessKey = "pipeslake-tests";

    /// <summary>The test harness's own: setting up buckets and objects, reading what the tool did.</summary>
    public const string HarnessKey = "pipeslake-harness";

    private readonly Process _process;
    private readonly string _recording;

    private S3Server(Process process, string endpoint, int port, string recording)
    {
        _process = process;
        Endpoint = endpoint;
        Port = port;
        _recording = recording;
    }

    public string Endpoint { get; }

    /// <summary>
    /// moto's server (<c>moto.server.main</c>) with its requests taken one at a time. moto checks a write's condition
    /// and then writes, on its server's threads, so two requests that race can both pass; S3 decides a conditional
    /// write atomically (S3 User Guide, "Add preconditions to S3 operations with conditional requests": of concurrent
    /// conditional writes to one key, one succeeds and the others get 412). Taken one at a time, each body read first,
    /// they are decided so here too; moto runs under Python's global lock either way, so little speed is lost.
    /// </summary>
    private const string OneRequestAtATime = """
        import io
        import threading
        import moto.server as server
        from werkzeug.wsgi import get_input_stream
        lock = threading.Lock()
        serve = server.run_simple
        def one_at_a_time(host, port, app, **options):
            def locked(environ, start_response):
                # The body is read before the lock: a client stopped mid-upload holds up only its own request.
                environ["wsgi.input"] = io.BytesIO(get_input_stream(environ).read())
                environ["wsgi.input_terminated"] = True
                with lock:
                    return list(app(environ, start_response))
            serve(host, port, locked, **options)
        server.run_simple = one_at_a_time
        server.main()
        """;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts moto's server, or marks the test inconclusive where it is not installed.</summary>
    /// <param name="authenticate">Check every request's credentials against moto's IAM (none exist, so every key is refused), as S3 does.</param>
    public static S3Server Start(bool authenticate = false)
    {
        string python = Environment.GetEnvironmentVariable("PIPESLAKE_PYTHON") ?? "python3";
        if (!HasMoto(python))
        {
            Assert.Inconclusive($"moto's S3 server is not installed for {python}: run `bash scripts/test.sh`, which installs it (pip install 'moto[server]').");
        }

        int port = FreePort();
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", OneRequestAtATime, "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        if (authenticate)
        {
            start.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "0";
        }

        string recording = Path.Combine(Path.GetTempPath(), $"pipeslake-moto-{Guid.NewGuid():N}.jsonl");
        start.Environment["MOTO_ENABLE_RECORDING"] = "True";
        start.Environment["MOTO_RECORDER_FILEPATH"] = recording;

        var process = Process.Start(start)!;
        // Its request log is not read; drain it so a long run never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3Server(process, $"http://127.0.0.1:{port}", port, recording);
        server.WaitUntilListening(port);
        return server;
    }

    /// <summary>Stops the server at once, as a server that goes away mid-run.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    private static bool HasMoto(string python)
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo(python, ["-c", "import moto.server"]) { RedirectStandardError = true, UseShellExecute = false })!;
            check.WaitForExit();
            return check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The harness's client for this server.</summary>
    public IAmazonS3 Client(string region = "eu-west-1") => Client(HarnessKey, region);

    /// <summary>A client as the tool makes one for this server, for the tool's code run in the test: its requests are judged.</summary>
    /// <param name="http">Where the client's requests go on their way to this server; the SDK's own by default.</param>
    public IAmazonS3 ToolClient(HttpClientFactory? http = null) => Client(AccessKey, "eu-west-1", http);

    /// <summary>Every request the server received so far, as its recorder wrote them.</summary>
    /// <remarks>
    /// Not read line by line: the recorder writes an entry and its newline in two calls from the server's threads, so
    /// an entry larger than Python's write buffer (a PUT's body) can be followed by another thread's entry before its
    /// newline. Each entry is one whole JSON value, so the file is read as a sequence of values.
    /// </remarks>
    public IReadOnlyList<JsonElement> Recording()
    {
        if (!File.Exists(_recording))
        {
            return [];
        }

        byte[] bytes;
        using (var stream = new FileStream(_recording, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }

        return RecordedEntries(bytes);
    }

    /// <summary>The entries of a recorder's file: JSON values one after another, with or without newlines between.</summary>
    public static IReadOnlyList<JsonElement> RecordedEntries(byte[] recording)
    {
        var reader = new Utf8JsonReader(recording, new JsonReaderOptions { AllowMultipleValues = true });
        var entries = new List<JsonElement>();
        while (reader.Read())
        {
            entries.Add(JsonElement.ParseValue(ref reader));
        }

        return entries;
    }

    private IAmazonS3 Client(string accessKey, string region, HttpClientFactory? http = null) => new AmazonS3Client(new BasicAWSCredentials(accessKey, accessKey), new AmazonS3Config
    {
        HttpClientFactory = http,
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>The environment the tool reads: this endpoint and test credentials.</summary>
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
        // In us-east-1, which needs no location constraint: the SDK writes eu-west-1's as the legacy "EU", which moto
        // refuses. moto serves a bucket to requests signed for any region, as the tool's (eu-west-1) are.
        using IAmazonS3 s3 = Client("us-east-1");
        s3.PutBucketAsync(bucket).GetAwaiter().GetResult();
    }

    public void Put(string bucket, string key, byte[] body)
    {
        using IAmazonS3 s3 = Client();
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body), UseChunkEncoding = false }).GetAwaiter().GetResult();
    }

    /// <summary>Every line of every object under a prefix (plain or GZIP, checked whole), sorted.</summary>
    public string[] Lines(string bucket, string prefix) => SampleErrorObjects.Lines(Keys(bucket, prefix).Select(k => Get(bucket, k)));

    /// <summary>Every key under a prefix with its ETag (which changes when an object is written again).</summary>
    public Dictionary<string, string> ETags(string bucket, string prefix)
    {
        using IAmazonS3 s3 = Client();
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = s3.ListObjectsV2Async(request).GetAwaiter().GetResult();
            foreach (S3Object item in page.S3Objects ?? [])
            {
                etags[item.Key] = $"{item.ETag} {item.LastModified:O}";
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return etags;
    }

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

        Kill();
        _process.Dispose();
        File.Delete(_recording);
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

        throw new InvalidOperationException($"moto's server did not listen on port {port} within 20 s.");
    }
}
