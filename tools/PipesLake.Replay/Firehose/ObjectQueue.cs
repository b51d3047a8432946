using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;


namespace PipesLake.Replay.Firehose;

/// <summary>
/// Writes finished objects on threads of its own (<see cref="IObjectStore.Writers"/>: a few for a folder, more for a
/// bucket, where each write waits on the network), so writing overlaps the transform. The queue is bounded by bytes
/// held, which bounds memory however large the input. Every object goes through <see cref="IObjectStore"/>: complete
/// under its final name or not there at all; objects are named by content, so the order they land in does not matter.
/// </summary>
internal sealed class ObjectQueue : IDisposable
{
    private const long MaxPendingBytes = 32L * 1024 * 1024;

    // Objects' bytes are rented here by the writer and returned by the store's threads: one pool both share, so the
    // same arrays serve object after object (the shared pool keeps arrays per thread, and would make new ones).
    private readonly ObjectBuffers _buffers = new();

    // An object's bytes: an array of the pool (Data), or, for one too large to hold, a file of the writer's (File).
    private readonly BlockingCollection<(string Key, byte[]? Data, string? File, long Length)> _queue = new();
    private readonly object _pendingLock = new();
    private long _pendingBytes;
    private readonly Thread[] _threads;
    private readonly IObjectStore _lake;
    private readonly bool _gzip;
    private readonly TableConversions? _parquet;
    private volatile Exception? _failure;
    private long _bytesWritten;
    private int _alreadyThere;
    private int _repaired;
    private int _writtenTwice;
    private long _linesWrittenTwice;

    /// <param name="lake">Where objects go.</param>
    /// <param name="gzip">Compress objects and add <c>.gz</c>.</param>
    /// <param name="parquet">In a Parquet lake, the conversions that turn a data object's lines into a <c>.parquet</c> object, by table.</param>
    public ObjectQueue(IObjectStore lake, bool gzip, TableConversions? parquet = null)
    {
        _lake = lake;
        _gzip = gzip;
        _parquet = parquet;
        _threads = [.. Enumerable.Range(0, Math.Max(1, lake.Writers)).Select(i => new Thread(WriteAll) { IsBackground = true, Name = $"lake-writer-{i}" })];
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Bytes this run put on disk; final after <see cref="Complete"/>.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Objects that were there already with the same content, as an earlier run wrote them.</summary>
    public int AlreadyThere => Volatile.Read(ref _alreadyThere);

    /// <summary>Objects whose name held other (damaged) content, now replaced.</summary>
    public int Repaired => Volatile.Read(ref _repaired);

    /// <summary>Faults to make on purpose: objects Firehose writes twice; null for none.</summary>
    public DeliveryFaults? Faults { get; init; }

    /// <summary>Objects written again under another name (<see cref="DeliveryFaults.WriteTwice"/>).</summary>
    public int WrittenTwice => Volatile.Read(ref _writtenTwice);

    /// <summary>The lines of those copies.</summary>
    public long LinesWrittenTwice => Interlocked.Read(ref _linesWrittenTwice);

    /// <summary>
    /// Queues an object under <paramref name="key"/> (no <c>.gz</c>: the store adds it); the store owns
    /// <paramref name="data"/>, rented with <see cref="Rent"/>, from now on and returns it.
    /// </summary>
    public void Put(string key, byte[] data, int length) => Queue(key, data, null, length);

    /// <summary>
    /// Queues an object whose bytes are the file <paramref name="path"/> (an object too large to hold in memory); the
    /// store owns the file from now on and deletes it once the object is in the lake.
    /// </summary>
    public void PutFile(string key, string path, long length) => Queue(key, null, path, length);

    private void Queue(string key, byte[]? data, string? path, long length)
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

        _queue.Add((key, data, path, length));
    }

    /// <summary>An array of at least <paramref name="length"/> bytes for an object's content, to pass to <see cref="Put"/>.</summary>
    public byte[] Rent(int length) => _buffers.Rent(length);

    /// <summary>Gives back an array from <see cref="Rent"/> that was not passed to <see cref="Put"/>.</summary>
    public void Return(byte[] array) => _buffers.Return(array);

    /// <summary>Waits for every queued object to be written, then makes them durable (<see cref="IObjectStore.Flush"/>).</summary>
    public void Complete()
    {
        _queue.CompleteAdding();
        Join();
        ThrowIfFailed();
        _lake.Flush();
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            Join();
        }

        _queue.Dispose();
    }

    private void WriteAll()
    {
        try
        {
            foreach ((string key, byte[]? data, string? path, long length) in _queue.GetConsumingEnumerable())
            {
                (LakeWrite outcome, long bytes) written = default;
                try
                {
                    if (_failure is not null)
                    {
                        // Another writer failed: the run stops; what is queued is left for the rerun.
                        continue;
                    }

                    written = Write(key, data, path, length);
                    if (Faults?.WritesTwice(key) == true)
                    {
                        // Firehose wrote it and saw a failure: the same data again under a new name.
                        (LakeWrite again, long copied) = Write(DeliveryFaults.CopyName(key), data, path, length);
                        written.bytes += copied;
                        Interlocked.Increment(ref _writtenTwice);
                        Interlocked.Add(ref _linesWrittenTwice, Lines(data, path, length));
                        if (again == LakeWrite.AlreadyThere)
                        {
                            Interlocked.Increment(ref _alreadyThere);
                        }
                    }
                }
                finally
                {
                    if (data is not null)
                    {
                        _buffers.Return(data);
                    }
                    else
                    {
                        File.Delete(path!);
                    }

                    Release(length);
                }

                (LakeWrite outcome, long bytes) = written;
                Interlocked.Add(ref _bytesWritten, bytes);
                if (outcome == LakeWrite.AlreadyThere)
                {
                    Interlocked.Increment(ref _alreadyThere);
                }
                else if (outcome == LakeWrite.Repaired)
                {
                    Interlocked.Increment(ref _repaired);
                }
            }
        }
        catch (Exception e)
        {
            // Any failure, a full disk or S3 refusing a write, stops the run on the producer's thread; a background
            // thread that threw would end the process without a word.
            Interlocked.CompareExchange(ref _failure, e, null);
            Release(0);
            foreach (var _ in _queue.GetConsumingEnumerable())
            {
                // Drain so the producer is never blocked on a dead writer.
            }
        }
    }

    private (LakeWrite Outcome, long Bytes) Write(string key, byte[]? data, string? path, long length)
    {
        // An array holds a whole object, so its length is an int; a file's is read from the file.
        if (_parquet?.Of(key) is { } table)
        {
            // Conversion reads the lines of a whole object at once; Parquet's row groups are built in memory anyway.
            return table.Conversion.Put(_lake, key, data is not null ? data.AsSpan(0, (int)length) : File.ReadAllBytes(path!));
        }

        using Stream content = data is not null
            ? new MemoryStream(data, 0, (int)length, writable: false)
            : new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return _lake.Put(key, content, _gzip);
    }

    private static long Lines(byte[]? data, string? path, long length)
    {
        if (data is not null)
        {
            return data.AsSpan(0, (int)length).Count((byte)'\n');
        }

        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        using var file = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        for (int read; (read = file.Read(buffer)) > 0;)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }

    private void Join()
    {
        foreach (Thread thread in _threads)
        {
            thread.Join();
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
            if ((failure is IOException or UnauthorizedAccessException) && !AwsFailures.IsNetwork(failure))
            {
                throw new ReplayException($"cannot write the lake: {failure.Message}", failure);
            }

            // ReplayException, S3's exceptions: CommandErrors words them.
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
