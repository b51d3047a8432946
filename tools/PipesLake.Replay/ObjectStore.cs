using System.Collections.Concurrent;
using System.IO.Compression;

namespace PipesLake.Replay;

/// <summary>
/// Writes finished objects on a thread of its own, so file creation overlaps the transform. The queue
/// is bounded by bytes held, which bounds memory however large the input.
/// </summary>
internal sealed class ObjectStore : IDisposable
{
    private const long MaxPendingBytes = 32L * 1024 * 1024;

    private readonly BlockingCollection<(string Path, byte[] Data, int Length)> _queue = new();
    private readonly object _pendingLock = new();
    private long _pendingBytes;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly Thread _thread;
    private readonly bool _gzip;
    private Exception? _failure;

    public ObjectStore(bool gzip)
    {
        _gzip = gzip;
        _thread = new Thread(WriteAll) { IsBackground = true, Name = "replay-objects" };
        _thread.Start();
    }

    public long BytesWritten { get; private set; }

    /// <summary>Queues an object; the store owns <paramref name="data"/> from now on.</summary>
    public void Put(string path, byte[] data, int length)
    {
        ThrowIfFailed();
        lock (_pendingLock)
        {
            while (_pendingBytes > MaxPendingBytes && _failure is null)
            {
                Monitor.Wait(_pendingLock);
            }

            _pendingBytes += length;
        }

        _queue.Add((path, data, length));
    }

    /// <summary>Waits for every queued object to be on disk.</summary>
    public void Complete()
    {
        _queue.CompleteAdding();
        _thread.Join();
        ThrowIfFailed();
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _thread.Join();
        }

        _queue.Dispose();
    }

    private void WriteAll()
    {
        try
        {
            foreach ((string path, byte[] data, int length) in _queue.GetConsumingEnumerable())
            {
                string directory = Path.GetDirectoryName(path)!;
                if (_directories.Add(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                if (_gzip)
                {
                    using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(data, 0, length);
                    }

                    BytesWritten += file.Position;
                }
                else
                {
                    file.Write(data, 0, length);
                    BytesWritten += length;
                }

                Release(length);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e;
            Release(0);
            foreach (var _ in _queue.GetConsumingEnumerable())
            {
                // Drain so the producer is never blocked on a dead writer.
            }
        }
    }

    private void Release(long length)
    {
        lock (_pendingLock)
        {
            _pendingBytes -= length;
            Monitor.PulseAll(_pendingLock);
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new ReplayException($"cannot write the lake: {failure.Message}", failure);
        }
    }
}
