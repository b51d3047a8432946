using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// Writes finished objects on a thread of its own, so file creation overlaps the transform. The queue
/// is bounded by bytes held, which bounds memory however large the input. Every object goes through
/// <see cref="IObjectStore"/>: complete under its final name or not there at all.
/// </summary>
internal sealed class ObjectStore : IDisposable
{
    private const long MaxPendingBytes = 32L * 1024 * 1024;

    private readonly BlockingCollection<(string Key, byte[] Data, int Length, long Records)> _queue = new();
    private readonly object _pendingLock = new();
    private long _pendingBytes;
    private readonly Thread _thread;
    private readonly IObjectStore _lake;
    private readonly bool _gzip;
    private Exception? _failure;

    public ObjectStore(IObjectStore lake, bool gzip)
    {
        _lake = lake;
        _gzip = gzip;
        _thread = new Thread(WriteAll) { IsBackground = true, Name = "replay-objects" };
        _thread.Start();
    }

    /// <summary>Bytes this run put on disk; final after <see cref="Complete"/>.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Objects that were there already with the same content, as an earlier run wrote them.</summary>
    public int AlreadyThere { get; private set; }

    /// <summary>Records in <see cref="AlreadyThere"/> objects.</summary>
    public long RecordsAlreadyThere { get; private set; }

    /// <summary>Objects whose name held other (damaged) content, now replaced.</summary>
    public int Repaired { get; private set; }

    /// <summary>
    /// Queues an object under <paramref name="key"/> (no <c>.gz</c>: the store adds it); the store owns
    /// <paramref name="data"/> from now on. <paramref name="records"/> is only counted.
    /// </summary>
    public void Put(string key, byte[] data, int length, long records = 0)
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

        _queue.Add((key, data, length, records));
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
            foreach ((string key, byte[] data, int length, long records) in _queue.GetConsumingEnumerable())
            {
                (LakeWrite outcome, long bytes) = _lake.Put(key, data.AsSpan(0, length), _gzip);
                BytesWritten += bytes;
                if (outcome == LakeWrite.AlreadyThere)
                {
                    AlreadyThere++;
                    RecordsAlreadyThere += records;
                }
                else if (outcome == LakeWrite.Repaired)
                {
                    Repaired++;
                }

                Release(length);
            }
        }
        catch (Exception e)
        {
            // Any failure, a full disk or S3 refusing a write, stops the run on the producer's thread; a background
            // thread that threw would end the process without a word.
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
            if (failure is IOException or UnauthorizedAccessException)
            {
                throw new ReplayException($"cannot write the lake: {failure.Message}", failure);
            }

            // ReplayException, S3's exceptions: CommandErrors words them.
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
