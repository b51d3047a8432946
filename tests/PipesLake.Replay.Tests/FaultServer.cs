using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>
/// An HTTP server on loopback for the two S3 failures moto's server cannot produce: every request throttled with S3's
/// documented <c>503 SlowDown</c> error (S3 API Reference, "Error responses"), or a response cut off after its headers
/// (a connection that drops mid-transfer). Everything else the tests ask of S3 goes to moto.
/// </summary>
internal sealed class FaultServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Fault _fault;
    private int _requests;

    public FaultServer(Fault fault)
    {
        _fault = fault;
        _listener.Start();
        _ = Task.Run(AcceptAll);
    }

    /// <summary>What the server does to every request.</summary>
    internal enum Fault
    {
        /// <summary>503 SlowDown, as S3 answers a prefix over its request rate.</summary>
        SlowDown,

        /// <summary>A 200 whose body stops after a few of the bytes its Content-Length promises, then the connection closes.</summary>
        CutOff,
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Requests answered so far (the SDK's retries included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAll()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => Answer(client));
        }
    }

    private async Task Answer(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            try
            {
                await ReadHead(stream);
                Interlocked.Increment(ref _requests);
                string body = _fault == Fault.SlowDown
                    ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>0</RequestId></Error>"
                    : new string('x', 10);
                string head = _fault == Fault.SlowDown
                    ? $"HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\nETag: \"0\"\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head + body));
                await stream.FlushAsync();
            }
            catch (IOException)
            {
                // The client went away first.
            }
        }
    }

    /// <summary>Reads a request's head (up to the blank line) and its body, unless the client waits for 100-continue.</summary>
    private static async Task ReadHead(NetworkStream stream)
    {
        var head = new List<byte>();
        byte[] one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return;
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        if (lines.Any(l => l.StartsWith("Expect:", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        string? length = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        long remaining = length is null ? 0 : long.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        byte[] buffer = new byte[1 << 16];
        while (remaining > 0)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)));
            if (read == 0)
            {
                return;
            }

            remaining -= read;
        }
    }
}
